"""Startup time of the real app on the bundled sample post (median of 5 fresh processes).

Prints `window_shown_ms` (process start -> main window shown) and `first_preview_ms`
(process start -> first preview frame painted).  Targets: <= 500 ms and <= 800 ms.
As a baseline measured in the same run, `bench/bare_webengine.py` (a text edit beside a
QWebEngineView showing the post's paragraphs, drawn in software as the app draws) reports the same
two milestones; the ratios say what our own work costs on top of Qt and Chromium starting,
whatever the machine's load.
Runs offscreen unless DISPLAY is set and BENCH_ON_DISPLAY=1.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
REPO = Path(__file__).resolve().parent.parent


def one_run(env: dict[str, str], command: list[str] | None = None) -> tuple[float, float]:
    started = time.time()
    proc = subprocess.run(command or [sys.executable, "-m", "recap_editor"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    marks = {}
    for line in proc.stderr.splitlines():
        if line.startswith("trace "):
            name, _, stamp = line[6:].partition(": ")
            marks[name] = float(stamp)
    if "window-shown" not in marks or "preview-painted" not in marks:
        raise SystemExit(f"startup bench: the app did not report its milestones (exit {proc.returncode}):\n"
                         f"{proc.stderr[-2000:]}")
    return (marks["window-shown"] - started) * 1000, (marks["preview-painted"] - started) * 1000


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="recap-bench-") as tmp:
        env = dict(os.environ)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            Path(tmp, var).mkdir()
            env[var] = str(Path(tmp, var))
        env["RECAP_EDITOR_TRACE_STARTUP"] = "quit"
        # An installed app has byte-compiled modules (pip compiles them); a checkout run with
        # PYTHONDONTWRITEBYTECODE would compile every module on every start instead.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp, "pycache"))
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        if not (env.get("DISPLAY") and env.get("BENCH_ON_DISPLAY") == "1"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        sample = REPO / "resources" / "sample" / "site" / "content" / "posts"
        post = next(iter(sorted(sample.glob("*.md"))), None)
        bare = [sys.executable, str(REPO / "bench" / "bare_webengine.py"), *([str(post)] if post else [])]
        one_run(env)  # warm-up: first run copies the sample site and fills OS caches
        one_run(env, bare)
        shown, painted, bare_shown, bare_painted = [], [], [], []
        for _ in range(RUNS):  # interleaved, so both see the same machine load
            s, p = one_run(env)
            shown.append(s)
            painted.append(p)
            s, p = one_run(env, bare)
            bare_shown.append(s)
            bare_painted.append(p)
    window, preview = statistics.median(shown), statistics.median(painted)
    base_window, base_preview = statistics.median(bare_shown), statistics.median(bare_painted)
    print(f"window_shown_ms: {window:.0f}")
    print(f"first_preview_ms: {preview:.0f}")
    print(f"bare_webengine_window_shown_ms: {base_window:.0f}")
    print(f"bare_webengine_first_preview_ms: {base_preview:.0f}")
    print(f"window_shown_vs_bare_webengine: {window / base_window:.2f}")
    print(f"first_preview_vs_bare_webengine: {preview / base_preview:.2f}")
    print("window_shown_target_ms: 500")
    print("first_preview_target_ms: 800")
    return 0


if __name__ == "__main__":
    sys.exit(main())
