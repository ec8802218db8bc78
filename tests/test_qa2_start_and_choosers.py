"""QA pass 2: starting on a post while other work is restored; where the photo choosers start."""

from __future__ import annotations

import json
import time

from recap_editor.ui import dialogs

from conftest import discard_edits, wait_until_opened




def _post(path, title):
    path.write_text(f"+++\ntitle = \"{title}\"\n+++\n\nBody of {title}.\n")
    return path.resolve()


def test_restoring_other_work_at_start_still_opens_the_post_asked_for(qtbot, tmp_path, monkeypatch):
    from recap_editor.ui import app
    from recap_editor.ui.app import open_start_window
    from recap_editor.workspace.recovery import recovery_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    asked = _post(tmp_path / "a.md", "Alpha")
    other = _post(tmp_path / "b.md", "Bravo")
    restored_text = other.read_text() + "Unsaved words on Bravo.\n"
    payload = {"version": 1, "pid": 2 ** 22 + 4321, "post_path": str(other), "saved_at": time.time(),
               "text": restored_text}
    (recovery_dir() / "session-dead.json").write_text(json.dumps(payload))
    offered = []
    monkeypatch.setattr(dialogs, "offer_recovery", lambda parent, work: offered.append(work) or "restore")
    before = len(app._EXTRA_WINDOWS)
    win = open_start_window(str(asked))
    qtbot.addWidget(win, before_close_func=discard_edits)
    extra = app._EXTRA_WINDOWS[before:]
    for w in extra:
        qtbot.addWidget(w, before_close_func=discard_edits)
    try:
        for w in (win, *extra):
            wait_until_opened(qtbot, w)   # each post is read on a worker
        assert [w.post_path for w in offered] == [other]
        # the window the writer asked for shows the post asked for ...
        assert win.session.path == asked and win.editor.toPlainText() == asked.read_text()
        assert not win.session.modified
        # ... and the restored work is beside it, in its own window, and the writer is told so
        assert len(extra) == 1 and extra[0].session.path == other
        assert extra[0].editor.toPlainText() == restored_text and extra[0].session.modified
        assert "b.md" in win.statusBar().currentMessage()
    finally:
        for w in (win, *extra):
            discard_edits(w)
        del app._EXTRA_WINDOWS[before:]


def test_photo_choosers_start_in_pictures_then_where_they_were_last_used(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from recap_editor.ui import triage_view
    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    home = tmp_path / "home"
    pictures = home / "Pictures"
    pictures.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))   # no user-dirs.dirs: ~/Pictures
    monkeypatch.chdir(tmp_path)                                         # where the app was launched
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Settings(store))
    qtbot.addWidget(win, before_close_func=discard_edits)
    win.new_post("+++\ntitle = \"Choosers\"\n+++\n\nWords.\n")
    win.attach_extensions()

    started = []
    roll = tmp_path / "card" / "DCIM" / "100CANON"
    roll.mkdir(parents=True)
    answers = iter(["", str(roll), ""])

    def pick_folder(parent, caption, folder="", *args, **kwargs):
        started.append(folder)
        return next(answers)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", pick_folder)
    opened = []
    monkeypatch.setattr(triage_view, "open_triage", lambda window, paths: opened.append(paths))
    win.triage_action.trigger()                      # first time (cancelled): the Pictures folder
    win.triage_action.trigger()                      # the writer picks the camera roll
    win.triage_action.trigger()                      # next time: starts at that roll
    assert started == [str(pictures), str(pictures), str(roll)]
    assert opened == [[roll]]

    shots = tmp_path / "phone"
    shots.mkdir()
    chosen = iter([[], [str(shots / "a.jpg")], []])
    started.clear()

    def pick_files(parent, caption, folder="", *args, **kwargs):
        started.append(folder)
        return next(chosen), ""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick_files)
    monkeypatch.setattr(win.photo_import, "import_paths", lambda paths, *a, **k: None)
    for _ in range(3):
        win.photo_import.add_action.trigger()
    assert started == [str(pictures), str(pictures), str(shots)]

    # no Pictures folder and nothing remembered: home, never the launch folder
    pictures.rmdir()
    store.remove("choosers")
    started.clear()
    answers = iter([""])
    win.triage_action.trigger()
    assert started == [str(home)]
