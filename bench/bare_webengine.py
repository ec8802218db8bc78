"""The least a PySide6 editor with a QtWebEngine preview can be: a plain text edit beside a web view
showing the post's paragraphs, drawn as Recap Editor draws (in software), nothing else.

`bench/peers.py` launches it like an editor (`python bench/bare_webengine.py POST`): its memory and
its launch-to-settled time are the floor under ours, measured in the same run, on the same screen.
`bench/startup.py` launches it with RECAP_EDITOR_TRACE_STARTUP=quit, as it launches the app: it then
reports the same milestones ("trace window-shown: <time>", "trace preview-painted: <time>" on
stderr) and quits once the preview is painted.
"""

from __future__ import annotations

import html
import os
import sys
import time


def main() -> int:
    os.environ.setdefault("QT_QUICK_BACKEND", "software")       # as ui/app._prepare_rendering
    os.environ.setdefault("QT_XCB_GL_INTEGRATION", "none")
    flags = ["--disable-gpu"] + (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags)
    import PySide6.QtWebEngineWidgets  # noqa: F401 - before the QApplication
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QSplitter

    class FirstPaint(QObject):
        """Reports the first paint of a widget as the app reports its milestones."""

        def __init__(self, name: str, then=None) -> None:
            super().__init__()
            self.name, self.then = name, then

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print(f"trace {self.name}: {time.time():.6f}", file=sys.stderr, flush=True)
                if self.then is not None:
                    self.then()
            return False

    app = QApplication(sys.argv)
    text = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else "A paragraph."
    splitter = QSplitter()
    editor = QPlainTextEdit(text)
    view = QWebEngineView()
    splitter.addWidget(editor)
    splitter.addWidget(view)
    view.setHtml("<html><body style='font-family:sans-serif'>"
                 + "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n")) + "</body></html>")
    splitter.resize(1400, 880)
    trace = os.environ.get("RECAP_EDITOR_TRACE_STARTUP")
    if trace:
        shown = FirstPaint("window-shown")
        painted = FirstPaint("preview-painted", (lambda: app.exit(0)) if trace == "quit" else None)
        editor.viewport().installEventFilter(shown)
        view.loadFinished.connect(lambda _ok: (view.focusProxy() or view).installEventFilter(painted))
    splitter.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
