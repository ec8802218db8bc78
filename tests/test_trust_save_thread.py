"""Issue #9: a save writes and fsyncs its temporary on a worker; only the content check and the
rename run on the GUI thread.  Quit during a save waits for it, a failed write keeps the text
modified, and a change on disk made while the write was in flight is still caught."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402

from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import discard_edits, open_post  # noqa: E402

pytestmark = [pytest.mark.timeout(60),
              pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")]

POST = '+++\ntitle = "Saved Off Thread"\ndate = 2016-05-12\n+++\n\nFirst paragraph.\n'


def _is_temp_of(fd: int, path: Path) -> bool:
    try:
        name = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return False
    return os.path.basename(name).startswith(f".{path.name}.") and name.endswith(".tmp")


class FsyncSpy:
    """Wraps os.fsync: notes the thread that fsyncs the post's temporary and can hold it there
    (until `release`) or fail it, like a slow or full disk."""

    def __init__(self, monkeypatch, path: Path, hold: bool = False, fail: bool = False,
                 during=None) -> None:
        self.path, self.hold, self.fail, self.during = path, hold, fail, during
        self.on_gui_thread: list[bool] = []
        self.released_in_time: list[bool] = []
        self.gate = threading.Event()
        self._real = os.fsync
        monkeypatch.setattr(os, "fsync", self)

    def __call__(self, fd: int) -> None:
        if _is_temp_of(fd, self.path):
            self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
            if self.during is not None:
                self.during()
            if self.hold:
                # On the GUI thread (the old save) nothing can release it: it times out.
                self.released_in_time.append(self.gate.wait(2))
            if self.fail:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._real(fd)


@pytest.fixture
def win(qtbot, tmp_path, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")
    for name in ("ask_save_changes", "ask_external_change", "offer_recovery", "show_error"):
        monkeypatch.setattr(dialogs, name, unexpected)
    window = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))

    qtbot.addWidget(window, before_close_func=discard_edits)
    window.resize(1000, 700)
    return window


def open_and_type(win, qtbot, path: Path, words: str) -> None:
    path.write_text(POST)
    assert open_post(qtbot, win, path)
    editor = win.session.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.setFocus()
    qtbot.keyClicks(editor, words)
    assert win.session.modified


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_write_and_fsync_run_on_a_worker_and_only_the_rename_on_the_gui_thread(
        win, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    open_and_type(win, qtbot, path, "More words.")
    spy = FsyncSpy(monkeypatch, path)
    renamed_on_gui: list[bool] = []
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == path:
            renamed_on_gui.append(threading.current_thread() is threading.main_thread())
        return real_replace(src, dst)
    monkeypatch.setattr(os, "replace", replace)

    assert win.save()
    assert spy.on_gui_thread == [False]
    assert renamed_on_gui == [True]
    assert path.read_text().endswith("First paragraph.\nMore words.")
    assert not win.session.modified
    assert temps(tmp_path) == []


def test_quit_during_a_save_waits_for_it_and_loses_nothing(win, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    open_and_type(win, qtbot, path, "Quit right after saving.")
    win.show()
    spy = FsyncSpy(monkeypatch, path, hold=True)
    # While the write is held, the writer quits; then the disk catches up.
    QTimer.singleShot(50, win.quit_action.trigger)
    QTimer.singleShot(300, spy.gate.set)
    win.save_action.trigger()                    # Ctrl+S
    assert spy.released_in_time == [True], "the window was frozen while the file was written"
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)
    assert path.read_text().endswith("Quit right after saving.")
    assert not win.session.recovery.path.exists()
    assert temps(tmp_path) == []


def test_a_failed_write_shows_the_error_and_keeps_the_text_modified(win, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    open_and_type(win, qtbot, path, "Not saved.")
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    FsyncSpy(monkeypatch, path, fail=True)
    assert not win.save()
    assert len(errors) == 1 and str(path) in errors[0] and "No space left" in errors[0]
    assert win.session.modified
    assert win.session.editor.toPlainText().endswith("Not saved.")
    assert path.read_text() == POST
    assert temps(tmp_path) == []
    monkeypatch.undo()   # the disk has room again: the same text saves
    monkeypatch.setattr(dialogs, "ask_external_change", lambda *a: pytest.fail("no change on disk"))
    assert win.save()
    assert path.read_text().endswith("Not saved.")


@pytest.mark.parametrize("choice", ["reload", "keep"])
def test_a_change_on_disk_while_the_write_is_in_flight_is_caught_before_the_rename(
        win, qtbot, tmp_path, monkeypatch, choice):
    path = tmp_path / "post.md"
    open_and_type(win, qtbot, path, "Mine.")
    theirs = POST.replace("First paragraph.", "Their paragraph.")
    FsyncSpy(monkeypatch, path, during=lambda: path.write_text(theirs))
    asked: list[str | None] = []

    def answer(parent, p, mine, on_disk):
        asked.append(on_disk)
        return choice
    monkeypatch.setattr(dialogs, "ask_external_change", answer)
    assert win.save() is (choice == "keep")
    assert asked == [theirs]
    if choice == "reload":
        assert path.read_text() == theirs
        assert win.session.editor.toPlainText() == theirs
    else:
        assert path.read_text().endswith("Mine.")
        assert not win.session.modified
    assert temps(tmp_path) == []


def test_a_save_never_waits_for_the_shared_pool(win, qtbot, tmp_path):
    """A photo import and a big render busy on every thread of the shared pool: Ctrl+S still saves."""
    import time

    from PySide6.QtCore import QThreadPool

    from recap_editor.ui.workers import run_in_background

    path = tmp_path / "post.md"
    open_and_type(win, qtbot, path, "Saved while busy.")
    busy = threading.Event()
    for _ in range(QThreadPool.globalInstance().maxThreadCount()):
        run_in_background(busy.wait, 5)
    try:
        started = time.perf_counter()
        assert win.save()
        took = time.perf_counter() - started
    finally:
        busy.set()
    assert took < 2.5, f"the save waited {took:.1f} s for the shared pool"
    assert path.read_text().endswith("Saved while busy.")
