"""Diagnostics in the window: uncaught exceptions are logged in full and shown with the log's path,
and Help › Open Log Folder shows the log to attach to a bug report."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from recap_editor.workspace.logs import log_dir, log_path, setup_logging

log = logging.getLogger("recap_editor.crash")
qt_log = logging.getLogger("recap_editor.qt")

# What Qt says when the window draws in software (app._prepare_rendering): QtWebEngine still asks
# for a GL context at start to learn the GPU's vendor, and is refused, as intended. Logged, not shown.
_EXPECTED_WITHOUT_GL = ("neither GLX nor EGL are enabled", "QRhiGles2: Failed to create",
                        "Failed to create RHI for backend: OpenGL")
_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def show_exception_dialog(text: str, details: str) -> None:
    """A non-modal error box (tests replace it); never raises itself."""
    app = QApplication.instance()
    if app is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                      f"{text}\n\nYour text is autosaved. The details are in the log:\n{log_path()}")
    box.setDetailedText(details)
    box.setModal(False)
    box.show()
    _OPEN_BOXES.append(box)
    box.finished.connect(lambda _r, b=box: _OPEN_BOXES.remove(b) if b in _OPEN_BOXES else None)


_OPEN_BOXES: list = []


def handle_exception(kind, value, tb) -> None:
    """`sys.excepthook`: log the whole traceback, then tell the writer (the app keeps running)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("uncaught exception\n%s", details)
    try:
        show_exception_dialog(f"{kind.__name__}: {value}", details)
    except Exception:  # noqa: BLE001 - the hook must never raise
        sys.__excepthook__(kind, value, tb)


def handle_qt_message(kind, _context, message: str) -> None:
    """Qt's messages go to the log; warnings and worse also to stderr, as Qt would print them,
    except the refused GL probe that software drawing expects."""
    level = _QT_LEVELS.get(kind, logging.WARNING)
    expected = any(part in message for part in _EXPECTED_WITHOUT_GL)
    qt_log.log(logging.DEBUG if expected else level, "%s", message)
    if level >= logging.WARNING and not expected:
        print(message, file=sys.stderr, flush=True)


def install() -> None:
    setup_logging()
    sys.excepthook = handle_exception
    qInstallMessageHandler(handle_qt_message)


def open_log_folder() -> bool:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
