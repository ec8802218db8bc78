"""Work survives SIGKILL: a real app process is killed with unsaved edits / in the middle of saves."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from conftest import discard_edits, wait_until_opened

pytest.importorskip("PySide6.QtWebEngineWidgets")

pytestmark = [pytest.mark.timeout(120), pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]

REPO = Path(__file__).resolve().parent.parent

# A real window, driven like a writer would: open the post, type, wait for the autosave timer.
EDIT_DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from recap_editor.ui.app import make_application
    app = make_application([])
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor
    from recap_editor.ui.main_window import MainWindow
    window = MainWindow()
    window.open_path(Path(sys.argv[1]))   # read on a worker: type once it is shown
    window.show()

    def type_and_wait():
        cursor = window.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        window.editor.setTextCursor(cursor)
        window.editor.insertPlainText("\\nWords typed but never saved.\\n")
        poll = QTimer(window, interval=50)
        def ready():
            if window.session.recovery.path.exists():
                poll.stop()
                print("READY", window.session.recovery.path, flush=True)
        poll.timeout.connect(ready)
        poll.start()

    window.session.opened.connect(lambda _path: QTimer.singleShot(100, type_and_wait))
    app.exec()
""")

# Saves two large versions of the post in turn, through the window's Save, until killed.
SAVE_DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from recap_editor.ui.app import make_application
    app = make_application([])
    from PySide6.QtCore import QTimer
    from recap_editor.ui.main_window import MainWindow
    window = MainWindow()
    window.open_path(Path(sys.argv[1]))
    versions = [Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text()]
    count = 0

    def save_again():
        global count
        window.editor.apply_text(versions[count % 2])   # as typing would: only the tail changes
        assert window.save()
        count += 1
        if count == 2:
            print("SAVING", flush=True)
        QTimer.singleShot(0, save_again)

    window.session.opened.connect(lambda _path: QTimer.singleShot(0, save_again))   # once read
    app.exec()
""")


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var)
        Path(env[var]).mkdir(exist_ok=True)
    config = Path(env["XDG_CONFIG_HOME"]) / "recap-editor"
    config.mkdir(parents=True, exist_ok=True)
    (config / "Recap Editor.conf").write_text("[autosave]\ninterval_ms=500\n")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _start(script: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _wait_for_line(proc: subprocess.Popen, prefix: str, timeout: float = 60) -> str:
    """The first output line starting with `prefix`; never blocks past `timeout`."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout] and None,
                     daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line.startswith(prefix):
            return line
    proc.kill()
    raise AssertionError(f"the app never printed {prefix!r} (exit code {proc.poll()})")


def test_sigkill_with_unsaved_edits_is_restored_on_next_start(tmp_path, qtbot, monkeypatch):
    env = _env(tmp_path)
    post = tmp_path / "post.md"
    original = "+++\ntitle = \"Crash test\"\n+++\n\nSaved body.\n"
    post.write_text(original)
    proc = _start(EDIT_DRIVER, [str(post)], env)
    try:
        _wait_for_line(proc, "READY")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert post.read_text() == original                       # the edit was never saved

    # The next start, in this process, with the same user folders.
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, env[var])
    from recap_editor.ui import dialogs
    from recap_editor.ui.app import open_start_window
    offered = []
    monkeypatch.setattr(dialogs, "offer_recovery", lambda parent, work: offered.append(work) or "restore")
    window = open_start_window(str(post))
    qtbot.addWidget(window, before_close_func=discard_edits)
    try:
        wait_until_opened(qtbot, window)                      # the post is read on a worker
        qtbot.waitUntil(lambda: not offered[0].file.exists(), timeout=5000)
        assert len(offered) == 1
        assert offered[0].post_path == post and offered[0].saved_at_text  # which file, and when
        assert window.session.path == post
        assert window.editor.toPlainText() == original + "\nWords typed but never saved.\n"
        assert window.session.modified and window.isWindowModified()
        assert not offered[0].file.exists()                   # taken over by this session
        assert window.session.recovery.path.exists()          # and protected again at once
    finally:
        discard_edits(window)


def test_sigkill_mid_save_never_leaves_a_truncated_post(tmp_path):
    env = _env(tmp_path)
    post = tmp_path / "post.md"
    head = "+++\ntitle = \"Big\"\n+++\n\n"
    # Large files (each save writes ~1.5 MB) that differ only at the end, so the edit between
    # saves is cheap and the loop spends its time saving; a cut-off file would match neither.
    base = head + "".join(f"Line {i} " + "x" * 1000 + "\n" for i in range(1500))
    version_a, version_b = base + "The end, version A.\n", base + "The end, version B.\n"
    post.write_text(version_a)
    (tmp_path / "a.txt").write_text(version_a)
    (tmp_path / "b.txt").write_text(version_b)
    for delay in (0.03, 0.17, 0.31):
        proc = _start(SAVE_DRIVER, [str(post), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], env)
        try:
            _wait_for_line(proc, "SAVING")
            time.sleep(delay)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        content = post.read_text()
        assert content in (version_a, version_b), f"post damaged after SIGKILL ({len(content)} chars)"
