"""Start the desktop app: `run_app(path, qt_args)` is what `recap-editor [PATH]` calls."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()


def _prepare_environment() -> None:
    _prepare_rendering()
    # Chromium refuses to run its sandbox as root (containers, CI); the preview is locked down by
    # its own profile (no network, no page scripts), so running without it there is acceptable.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
        _add_chromium_flag("--no-sandbox")


def _prepare_rendering() -> None:
    """Draw the window and the preview in software, unless RECAP_EDITOR_GPU=1.

    The preview is one scrolling document: GPU compositing buys it nothing a writer sees, yet it
    costs ~100 MB (the GL driver, and LLVM where GL is Mesa's software llvmpipe), a GL context
    probe at every start, and it is where QtWebEngine's blank or flickering views on Linux come
    from. In software, Qt Quick (which hosts the web view) and Chromium draw with their raster
    backends, so the window never needs RHI: it is created once, as a plain raster window.
    """
    if os.environ.get("RECAP_EDITOR_GPU") == "1":
        # Composited through Qt's RHI: a window started as a raster window would have its native
        # window re-created when the preview is added (a second window ~0.4 s after the first).
        os.environ.setdefault("QT_WIDGETS_RHI", "1")
        return
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    # No GL integration at all: otherwise QtWebEngine still creates a GL context at start to ask
    # the driver for its vendor, loading the whole driver for nothing.
    os.environ.setdefault("QT_XCB_GL_INTEGRATION", "none")
    _add_chromium_flag("--disable-gpu")


def _add_chromium_flag(flag: str) -> None:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if flag not in flags.split():
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " " + flag).strip()


def _trace(event: str) -> None:
    """With RECAP_EDITOR_TRACE_STARTUP set, print when startup milestones happen (for bench/)."""
    if os.environ.get("RECAP_EDITOR_TRACE_STARTUP"):
        print(f"trace {event}: {time.time():.6f}", file=sys.stderr, flush=True)


def make_application(qt_args: list[str]):
    """The QApplication with name, icon, style and a palette that follows the system's scheme."""
    _prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from recap_editor import __version__
    from recap_editor.paths import resource_path
    from recap_editor.ui.settings import APPLICATION, ORGANIZATION
    from recap_editor.ui.theme import apply_theme

    app = QApplication.instance()
    if app is None:
        # Lets QtWebEngine be imported after the QApplication exists: the window shows first and
        # the preview (the slowest part to load) is built right after.
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(["recap-editor", *qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("recap-editor")
    icon = resource_path("icons", "recap-editor.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    return app


def open_start_window(path: str | None, reads=None):
    """The first window: on PATH (a post or a site folder), else the sample post's working copy.

    Unsaved work a crash left behind is offered first. `reads` (workspace.startup.StartupReads for
    the same PATH) has read the post and its site ahead, while Qt loaded.
    """
    from recap_editor.ui import dialogs
    from recap_editor.ui.main_window import MainWindow
    from recap_editor.workspace.startup import StartupReads

    reads = reads or StartupReads(path)
    orphans = reads.wait_for_orphans()
    read_in_time = reads.wait(timeout=FIRST_READS_WAIT_S)
    window = MainWindow(site=reads.site if read_in_time and not orphans else None)
    target = Path(path).expanduser() if path else None
    asked = target.resolve() if target is not None else None
    # The window returned (shown last, on top) is the one on the post the writer asked for; work
    # restored from other posts opens beside it in windows of its own, and the writer is told.
    window_used = False
    restored_elsewhere: list[str] = []
    for work in orphans:
        choice = dialogs.offer_recovery(None, work)
        if choice == "restore":
            is_asked = asked is not None and work.post_path is not None and work.post_path.resolve() == asked
            if not window_used and (asked is None or is_asked):
                target_window = window
                window_used = True
            else:
                target_window = _extra_window()
                restored_elsewhere.append(work.post_path.name if work.post_path else "an untitled post")
            target_window.restore_work(work.text, work.post_path, then=work.discard)   # once safe again
        elif choice == "discard":
            work.discard()
    if not window_used:
        if target is not None and target.is_dir():
            if not window.open_site(target):
                window.new_post()
        elif target is not None and not target.exists() and target.suffix.lower() in (".md", ".markdown"):
            window.new_post(path=target.resolve())   # like `vim new.md`: Save creates it there
        elif target is not None:
            if not _open_read(window, reads if read_in_time else None, target):
                window.new_post()
        elif not restored_elsewhere:
            _open_read(window, reads if read_in_time else None, None)
    if restored_elsewhere:
        window.show_status("Unsaved work restored in its own window: " + ", ".join(restored_elsewhere), 15000)
    elif target is None and not window_used:   # a first launch: what is this post, and what next
        window.show_status(SAMPLE_HINT, 30000)
    window.files.wait_for_post()   # read on a worker; the first paint shows it (no blank flash)
    return window


def _open_read(window, reads, target: Path | None) -> bool:
    """Open the post `reads` read ahead (its site with it); else (not read in time, or it cannot
    be read: the window says why) read `target`, or the sample, on a worker."""
    if reads is None or reads.post is None:
        target = (reads.post_path if reads is not None else None) or target
        if target is not None:
            return window.open_path(target)
        window.files.open_sample()
        return True
    window.workspace.remember_site(reads.site, fresh=True)
    return window.open_path(reads.post_path, loaded=reads.post)


SAMPLE_HINT = ("This is the sample post (your own copy: try anything). To write a recap for your "
               "site: File › Open Site Folder… and pick its checkout")

# How long the first window waits for the startup reads before it is built without them (a post or
# site on a dead network mount then opens the usual way, on a worker).
FIRST_READS_WAIT_S = 2.0

_EXTRA_WINDOWS: list = []   # more restored posts than one window holds; kept alive here


def _extra_window():
    from recap_editor.ui.main_window import MainWindow

    window = MainWindow()
    _EXTRA_WINDOWS.append(window)
    window.show()
    return window


def run_app(path: str | None, qt_args: list[str], reads=None) -> int:
    from recap_editor.ui.pyside_imports import check_imports_cheaply

    check_imports_cheaply()   # first: every module imported from here on is checked by PySide6
    from recap_editor.ui import diagnostics

    # The rotating log, uncaught exceptions logged and shown, Qt's messages logged: installed
    # before the QApplication so that what Qt says while starting is logged too.
    diagnostics.install()
    app = make_application(qt_args)
    window = open_start_window(path, reads)
    if os.environ.get("RECAP_EDITOR_TRACE_STARTUP"):
        _trace_startup(app, window)
    window.show()
    return app.exec()


def _trace_startup(app, window) -> None:
    """Report the first paint of the window and of the preview (bench/startup.py reads them)."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                _trace("window-shown")
            return False

    first_paint = FirstPaint(window)
    window.editor.viewport().installEventFilter(first_paint)

    def painted(_sequence: int) -> None:
        _trace("preview-painted")
        if os.environ.get("RECAP_EDITOR_TRACE_STARTUP") == "quit":
            window.session.close_cleanly()
            app.exit(0)

    def preview_built() -> None:
        window.preview.painted.connect(painted)
        window.preview.loaded.connect(lambda _ok: window.preview.mark_painted(0))

    window.preview_ready.connect(preview_built)
