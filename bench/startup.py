"""Startup time of the real app on the bundled sample post (median of 5 fresh processes).

Prints `window_shown_ms` (process start -> main window shown) and `first_preview_ms`
(process start -> first preview frame painted).  Targets: <= 500 ms and <= 800 ms.
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


def one_run(env: dict[str, str]) -> tuple[float, float]:
    started = time.time()
    proc = subprocess.run([sys.executable, "-m", "recap_editor"], env=env, cwd=REPO,
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
        one_run(env)  # warm-up: first run copies the sample site and fills OS caches
        shown, painted = [], []
        for _ in range(RUNS):
            s, p = one_run(env)
            shown.append(s)
            painted.append(p)
    print(f"window_shown_ms: {statistics.median(shown):.0f}")
    print(f"first_preview_ms: {statistics.median(painted):.0f}")
    print("window_shown_target_ms: 500")
    print("first_preview_target_ms: 800")
    return 0


if __name__ == "__main__":
    sys.exit(main())
