"""Open/save, external changes and autosave of one post, through the editor widget."""

from __future__ import annotations

import json
import os
import time

import pytest

pytest.importorskip("PySide6.QtWidgets")

from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.editor import MarkdownEditor  # noqa: E402
from recap_editor.workspace.recovery import RecoveryFile, find_orphans, read_recovery  # noqa: E402
from recap_editor.ui.session import PostSession  # noqa: E402

from conftest import wait_until_opened  # noqa: E402

pytestmark = pytest.mark.timeout(60)

# CRLF line endings, a BOM and no final newline: all must survive an unedited save.
TRICKY = "\ufeff+++\r\ntitle = \"Tricky\"  # a comment\r\ndate = 2016-05-12\r\n+++\r\n\r\nBody ünïcode\r\nlast line"


@pytest.fixture
def session(qtbot):
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    s = PostSession(editor, autosave_ms=60_000)
    yield s
    s.close_cleanly()


def type_at_end(qtbot, editor, text):
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.setFocus()
    qtbot.keyClicks(editor, text)


def test_unedited_save_is_byte_identical(session, tmp_path, qtbot):
    path = tmp_path / "post.md"
    path.write_bytes(TRICKY.encode("utf-8"))
    session.open(path)
    wait_until_opened(qtbot, session)
    assert not session.modified
    assert session.editor.toPlainText().startswith("+++\ntitle")
    assert session.save()
    assert path.read_bytes() == TRICKY.encode("utf-8")


def test_typed_edit_is_saved_with_original_line_endings(session, tmp_path, qtbot):
    path = tmp_path / "post.md"
    path.write_bytes(TRICKY.encode("utf-8"))
    session.open(path)
    wait_until_opened(qtbot, session)
    type_at_end(qtbot, session.editor, " and more")
    assert session.modified
    assert session.save()
    assert not session.modified
    assert path.read_bytes() == (TRICKY + " and more").encode("utf-8")


def test_unmodified_post_reloads_quietly_when_changed_on_disk(session, tmp_path, qtbot):
    path = tmp_path / "post.md"
    path.write_text("+++\ntitle = \"A\"\n+++\n\nfirst\n")
    session.open(path)
    wait_until_opened(qtbot, session)
    time.sleep(0.01)
    path.write_text("+++\ntitle = \"A\"\n+++\n\nchanged by git pull\n")
    qtbot.waitUntil(lambda: "git pull" in session.editor.toPlainText(), timeout=5000)
    assert not session.modified


@pytest.mark.parametrize("choice", ["reload", "keep"])
def test_external_change_with_unsaved_edits_asks(session, tmp_path, qtbot, monkeypatch, choice):
    asked = []

    def answer(parent, path, mine, on_disk):
        asked.append((path, mine, on_disk))
        return choice

    monkeypatch.setattr(dialogs, "ask_external_change", answer)
    path = tmp_path / "post.md"
    path.write_text("+++\ntitle = \"A\"\n+++\n\nfirst\n")
    session.open(path)
    wait_until_opened(qtbot, session)
    type_at_end(qtbot, session.editor, "mine")
    theirs = "+++\ntitle = \"A\"\n+++\n\ntheirs\n"
    path.write_text(theirs)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked[0][2] == theirs and asked[0][1].endswith("mine")
    if choice == "reload":
        assert session.editor.toPlainText() == theirs
        assert not session.modified
    else:
        assert session.editor.toPlainText().endswith("mine")
        assert path.read_text() == theirs            # nothing written behind the writer's back
        qtbot.wait(400)
        assert len(asked) == 1                       # not asked again for the same disk state
        assert session.save()                        # saving now replaces theirs, as agreed
        assert path.read_text().endswith("mine")


def test_save_refuses_to_overwrite_a_file_changed_on_disk_unless_kept(session, tmp_path, qtbot, monkeypatch):
    answers = ["reload"]
    monkeypatch.setattr(dialogs, "ask_external_change", lambda *a: answers.pop(0))
    path = tmp_path / "post.md"
    path.write_text("+++\ntitle = \"A\"\n+++\n\nfirst\n")
    session.open(path)
    wait_until_opened(qtbot, session)
    session.watcher.removePaths(session.watcher.files() + session.watcher.directories())  # race-free: no watcher
    type_at_end(qtbot, session.editor, "mine")
    path.write_text("theirs\n")
    assert not session.save()                 # the writer chose to reload
    assert path.read_text() == "theirs\n"
    assert session.editor.toPlainText() == "theirs\n"


def test_autosave_writes_recovery_and_clean_close_removes_it(session, tmp_path, qtbot):
    path = tmp_path / "post.md"
    path.write_text("+++\ntitle = \"A\"\n+++\n\nfirst\n")
    session.open(path)
    wait_until_opened(qtbot, session)
    session.autosave()
    assert not session.recovery.path.exists()            # nothing unsaved, nothing written
    type_at_end(qtbot, session.editor, " edited")
    session.autosave()
    work = read_recovery(session.recovery.path)
    assert work is not None and work.post_path == path and work.text.endswith("first\n edited")
    assert work.pid == os.getpid()
    assert session.recovery.path not in [w.file for w in find_orphans()]  # we are alive
    assert session.save()
    assert not session.recovery.path.exists()            # saved: nothing to recover
    type_at_end(qtbot, session.editor, "again")
    session.autosave()
    assert session.recovery.path.exists()
    session.close_cleanly()
    assert not session.recovery.path.exists()


def test_orphans_are_files_of_dead_processes(tmp_path):
    folder = tmp_path / "recovery"
    folder.mkdir()
    mine = RecoveryFile(folder)
    mine.write(None, "alive")
    dead = folder / "session-999999-deadbeef.json"
    dead.write_text(json.dumps({"version": 1, "pid": 2 ** 22 + 12345, "post_path": "/x/post.md",
                                "saved_at": 1_700_000_000.0, "text": "lost words"}))
    (folder / "session-1-broken.json").write_text("{not json")
    found = find_orphans(folder)
    assert [w.text for w in found] == ["lost words"]
    assert str(found[0].post_path) == "/x/post.md"
    assert "/x/post.md" in found[0].label and found[0].saved_at_text[:4] in ("2023",)
    found[0].discard()
    assert not dead.exists()


def test_new_post_with_a_path_never_overwrites_a_file_that_appeared_there(session, tmp_path):
    from recap_editor.document.post import DocumentError
    path = tmp_path / "new.md"
    session.new("+++\ntitle = \"New\"\n+++\n\nBody\n", path)
    assert session.modified
    path.write_text("someone else's post\n")
    with pytest.raises(DocumentError, match="already exists"):
        session.save()
    assert path.read_text() == "someone else's post\n"
    path.unlink()
    assert session.save()
    assert path.read_text() == "+++\ntitle = \"New\"\n+++\n\nBody\n"
