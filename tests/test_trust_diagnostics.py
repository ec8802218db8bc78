"""Diagnostics (issue #9): a rotating log in the state folder, uncaught exceptions logged in full and
shown with the log's path, worker tracebacks logged, Help › Open Log Folder."""

from __future__ import annotations

import logging
import sys

import pytest

pytest.importorskip("PySide6.QtWidgets")

from recap_editor.workspace import logs  # noqa: E402


@pytest.fixture
def logfile(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(logs, "_HANDLER", None)
    path = logs.setup_logging()
    yield path
    logging.getLogger("recap_editor").removeHandler(logs._HANDLER)
    logs._HANDLER.close()


def _flush():
    for handler in logging.getLogger("recap_editor").handlers:
        handler.flush()


def test_log_goes_to_the_state_folder_and_rotates(logfile, tmp_path):
    assert logfile == tmp_path / "state" / "recap-editor" / "recap-editor.log"
    assert isinstance(logs._HANDLER, logging.handlers.RotatingFileHandler)
    assert logs._HANDLER.maxBytes > 0 and logs._HANDLER.backupCount >= 1
    logging.getLogger("recap_editor.test").info("hello log")
    _flush()
    assert "hello log" in logfile.read_text()


def test_uncaught_exception_is_logged_in_full_and_shown(logfile, monkeypatch, qtbot):
    from recap_editor.ui import diagnostics

    shown = []
    monkeypatch.setattr(diagnostics, "show_exception_dialog", lambda text, details: shown.append((text, details)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    diagnostics.install()
    assert sys.excepthook is diagnostics.handle_exception

    def deep_failure():
        raise ValueError("the inner problem")

    try:
        deep_failure()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    _flush()
    text = logfile.read_text()
    assert "uncaught exception" in text and "deep_failure" in text and "ValueError: the inner problem" in text
    assert shown and "the inner problem" in shown[0][0] and "deep_failure" in shown[0][1]


def test_the_dialog_names_the_log(logfile, qtbot):
    from PySide6.QtWidgets import QMessageBox
    from recap_editor.ui import diagnostics

    diagnostics.show_exception_dialog("ValueError: x", "Traceback…")
    box = diagnostics._OPEN_BOXES[-1]
    qtbot.addWidget(box)
    assert isinstance(box, QMessageBox) and str(logfile) in box.text()
    box.close()


def test_a_worker_traceback_is_logged_in_full(logfile, qtbot):
    from recap_editor.ui.workers import run_in_background

    def failing_job():
        raise KeyError("missing thing in worker")

    errors = []
    task = run_in_background(failing_job, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert task is not None
    _flush()
    text = logfile.read_text()
    assert "failing_job" in text and "Traceback" in text and "missing thing in worker" in text


def test_help_menu_opens_the_log_folder(qtbot, tmp_path, monkeypatch, logfile):
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QDesktopServices
    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    action = next(a for a in win.help_menu.actions() if a.text().replace("&", "") == "Open Log Folder")
    action.trigger()
    assert opened == [str(logfile.parent)]


def test_a_task_whose_receiver_was_deleted_finishes_quietly(qtbot):
    import threading

    from PySide6.QtCore import QObject
    from recap_editor.ui import workers

    owner = QObject()
    release, done = threading.Event(), threading.Event()

    def job():
        release.wait(5)
        return "late"

    task = workers.Task(job, parent=owner)
    task.finished.connect(lambda _result: done.set())
    task.failed.connect(lambda _message: done.set())
    workers.submit(task)
    owner.deleteLater()                       # the window closes while the job runs
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: task not in workers._IN_FLIGHT, timeout=5000)   # it finished...
    assert not done.is_set()                  # ...quietly: its late result went nowhere
