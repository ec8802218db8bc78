"""Startup time of the real app on the bundled sample post (median of 5 fresh processes).

Prints `window_shown_ms` (process start -> main window shown) and `first_preview_ms`
(process start -> first preview frame painted).  Targets: <= 500 ms and <= 800 ms.
As a baseline measured in the same run, a bare Qt program (a text edit beside a QWebEngineView
showing one paragraph) reports the same two milestones; the ratios say what our own work costs
on top of Qt and Chromium starting, whatever the machine's load.
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


# The baseline: the least a Qt app with a WebEngine preview can do, reporting like the app does.
BARE_QT = r"""
import os, sys, time
if hasattr(os, "geteuid") and os.geteuid() == 0:  # as the app does: Chromium's sandbox refuses root
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "") + " --no-sandbox").strip()
import PySide6.QtWebEngineWidgets
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QSplitter
app = QApplication(sys.argv)
class First(QObject):
    def __init__(self, name, then=None):
        super().__init__(); self.name, self.then = name, then
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print(f"trace {self.name}: {time.time()}", file=sys.stderr, flush=True)
            if self.then: self.then()
        return False
splitter = QSplitter()
editor = QPlainTextEdit("+++\ntitle = 'x'\n+++\n\nHello")
view = QWebEngineView()
splitter.addWidget(editor); splitter.addWidget(view); splitter.resize(1200, 800)
shown = First("window-shown"); editor.viewport().installEventFilter(shown)
painted = First("preview-painted", lambda: app.exit(0))
view.loadFinished.connect(lambda ok: view.focusProxy().installEventFilter(painted))
view.setHtml("<p>Hello</p>")
splitter.show()
app.exec()
"""


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
        bare = [sys.executable, "-c", BARE_QT]
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
    print(f"bare_qt_window_shown_ms: {base_window:.0f}")
    print(f"bare_qt_first_preview_ms: {base_preview:.0f}")
    print(f"window_shown_vs_bare_qt: {window / base_window:.2f}")
    print(f"first_preview_vs_bare_qt: {preview / base_preview:.2f}")
    print("window_shown_target_ms: 500")
    print("first_preview_target_ms: 800")
    return 0


if __name__ == "__main__":
    sys.exit(main())
