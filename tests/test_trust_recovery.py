"""Recovery after a crash (issue #9): a reused PID does not hide lost work; restoring a post whose
file became unreadable neither crashes nor loses the recovered text."""

from __future__ import annotations

import json
import os
import time

import pytest

from recap_editor.workspace.recovery import RecoveryFile, find_orphans, process_identity

from conftest import wait_until_opened


def _write(folder, name, pid, started=None, text="lost words"):
    payload = {"version": 1, "pid": pid, "post_path": None, "saved_at": 1_700_000_000.0, "text": text}
    if started is not None:
        payload["started"] = started
    (folder / name).write_text(json.dumps(payload))


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="process start times come from /proc")
def test_work_of_a_dead_process_whose_pid_is_reused_is_offered(tmp_path):
    live_pid = os.getppid()          # a running process that is not an editor of this file
    assert process_identity(live_pid) is not None
    _write(tmp_path, "session-reused.json", live_pid, started="old-boot:12345", text="reused pid")
    _write(tmp_path, "session-same.json", live_pid, started=process_identity(live_pid), text="still running")
    mine = RecoveryFile(tmp_path)
    mine.write(None, "this session")
    assert json.loads(mine.path.read_text())["started"] == process_identity(os.getpid())
    assert [w.text for w in find_orphans(tmp_path)] == ["reused pid"]


def test_old_files_without_a_start_time_still_count_by_pid(tmp_path):
    _write(tmp_path, "session-old.json", os.getppid(), text="old format, live pid")
    _write(tmp_path, "session-dead.json", 2 ** 22 + 4321, text="old format, dead pid")
    assert [w.text for w in find_orphans(tmp_path)] == ["old format, dead pid"]


def test_restore_when_the_post_became_unreadable_keeps_the_text(qtbot, tmp_path):
    pytest.importorskip("PySide6.QtWidgets")
    from recap_editor.ui.editor import MarkdownEditor
    from recap_editor.ui.session import PostSession

    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    session = PostSession(editor, autosave_ms=60_000)
    messages = []
    session.message.connect(messages.append)
    post = tmp_path / "post.md"
    post.write_bytes(b"+++\ntitle = \"x\"\n+++\n\n\xff\xfe not UTF-8 any more\n")
    session.restore("+++\ntitle = \"Recovered\"\n+++\n\nMy unsaved words.\n", post)
    wait_until_opened(qtbot, session)
    assert editor.toPlainText().endswith("My unsaved words.\n")
    assert session.modified and session.path is None     # never saved over the file it could not read
    assert any(str(post) in m and "UTF-8" in m for m in messages)
    session.close_cleanly()


def test_timed_autosaves_write_on_a_worker_and_never_undo_a_save(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6.QtWidgets")
    import threading

    from recap_editor.ui.editor import MarkdownEditor
    from recap_editor.ui.session import PostSession
    from recap_editor.workspace import recovery

    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    session = PostSession(editor, autosave_ms=60_000)
    post = tmp_path / "post.md"
    post.write_text("+++\ntitle = \"A\"\n+++\n\nfirst\n")
    session.open(post)
    wait_until_opened(qtbot, session)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText("typed")
    threads, release = [], threading.Event()
    real_write = recovery.atomic_write

    def slow_write(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        release.wait(5)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(recovery, "atomic_write", slow_write)
    session.autosave_timer.timeout.emit()          # a timer tick: the write goes to a worker
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert threads == [False]
    started = time.monotonic()
    assert session.save()                          # saved while the autosave still waits
    assert time.monotonic() - started < 2          # ...without waiting for it
    release.set()
    qtbot.waitUntil(lambda: not session._autosaving, timeout=5000)
    assert not session.recovery.path.exists()      # the late write did not bring it back
    session.close_cleanly()
