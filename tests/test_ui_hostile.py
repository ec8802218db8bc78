"""Hostile files in the window (issue #11): a read-only post offers Save As, a FIFO is refused at
once, an unedited odd post saves byte-identical after one typed character elsewhere."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QSettings, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import open_post  # noqa: E402

pytestmark = pytest.mark.timeout(120)

POST = ('+++\ntitle = "Protected"\ndate = "2016-05-12"\n+++\n\nNo\u00a0break and a lone\rCR,'
        ' a CRLF line\r\nand\u2028more.\n')


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")
    for name in ("ask_save_changes", "ask_external_change", "offer_recovery", "ask_open_path",
                 "ask_save_path", "choose_post", "ask_save_as_read_only"):
        monkeypatch.setattr(dialogs, name, unexpected)
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(settings)

    def discard(w):
        deadline = time.monotonic() + 1.5   # let debounced checks/renders start and finish
        while time.monotonic() < deadline:
            QApplication.processEvents()
            QThreadPool.globalInstance().waitForDone(100)
        w.session.close_cleanly()
        w.session._set_modified(False)
    qtbot.addWidget(win, before_close_func=discard)
    return win


def _type_and_save(qtbot, win, text: str) -> None:
    win.show()
    win.activateWindow()
    win.editor.setFocus()
    win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(win.editor, text)
    win.save_action.trigger()   # what Ctrl+S does


def test_ctrl_s_on_a_read_only_post_offers_save_as_and_never_replaces_it(qtbot, window, tmp_path,
                                                                         monkeypatch):
    path = tmp_path / "protected.md"
    path.write_bytes(POST.encode())
    assert open_post(qtbot, window, path)
    path.chmod(0o444)
    asked: list[Path] = []
    copy = tmp_path / "copy.md"
    monkeypatch.setattr(dialogs, "ask_save_as_read_only", lambda parent, p: asked.append(p) or True)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: copy)
    _type_and_save(qtbot, window, "!")
    qtbot.waitUntil(lambda: copy.exists(), timeout=5000)
    assert asked == [path]
    assert path.read_bytes() == POST.encode() and (path.stat().st_mode & 0o777) == 0o444
    assert copy.read_bytes() == (POST + "!").encode()   # every odd character kept


def test_declining_save_as_keeps_the_edits_unsaved(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "protected.md"
    path.write_bytes(POST.encode())
    assert open_post(qtbot, window, path)
    path.chmod(0o444)
    monkeypatch.setattr(dialogs, "ask_save_as_read_only", lambda parent, p: False)
    _type_and_save(qtbot, window, "!")
    assert window.session.modified and path.read_bytes() == POST.encode()


def test_opening_a_fifo_in_the_window_is_refused_at_once(qtbot, window, tmp_path, monkeypatch):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: errors.append(message))
    t0 = time.monotonic()
    assert not open_post(qtbot, window, fifo)
    assert time.monotonic() - t0 < 5
    assert errors and "pipe" in errors[0] and str(fifo) in errors[0]


def test_the_alias_bomb_opens_at_once_with_its_error_shown(qtbot, window, tmp_path):
    from test_hostile_parsing import BOMB

    path = tmp_path / "bomb.md"
    path.write_text(BOMB)
    t0 = time.monotonic()
    assert open_post(qtbot, window, path)
    window.show()
    assert time.monotonic() - t0 < 10   # was: 4.6 GiB and no window
    assert window.session.post.error is not None
    assert "aliases" in window.session.post.error.message
    assert window.editor.raw_text() == BOMB


def test_opening_a_post_removes_the_temporaries_a_killed_save_left(qtbot, window, tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(POST.encode())
    stale = tmp_path / ".post.md.k1ll3d99.tmp"
    stale.write_bytes(b"half a save")
    assert open_post(qtbot, window, path)
    assert not stale.exists() and path.read_bytes() == POST.encode()
