"""The window on an existing post of a site (issue 10): photos dropped in go where the post's photos
are; discarding the edit offers to remove them; Optimise Images re-encodes in place and undoes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PIL import Image, ImageFilter  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from recap_editor.sample import SAMPLE_POST, shipped_site  # noqa: E402
from recap_editor.site.orphans import orphaned_imports  # noqa: E402
from recap_editor.site.profile import load_profile  # noqa: E402
from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import discard_edits, open_post  # noqa: E402

pytestmark = pytest.mark.timeout(120)
FOLDER = "static/images/pdx-cloud-native-october-2026"


def _photo(path: Path, size=(2400, 1600), seed: int = 3) -> Path:
    noise = Image.effect_noise(size, 40 + seed).filter(ImageFilter.GaussianBlur(0.7))
    Image.merge("RGB", [noise, Image.linear_gradient("L").resize(size), noise]).save(path, "JPEG", quality=95)
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(shipped_site(), root)
    return root


@pytest.fixture
def window(qtbot, tmp_path, site):
    win = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))


    qtbot.addWidget(win, before_close_func=discard_edits)
    assert open_post(qtbot, win, site / SAMPLE_POST)
    win.attach_extensions()
    win.show()
    return win


def _import(qtbot, win, paths):
    with qtbot.waitSignal(win.photo_import.job_finished, timeout=30000) as blocker:
        win.photo_import.import_paths(paths, position=len(win.editor.toPlainText()))
    return blocker.args[0]


def test_discard_offers_to_remove_the_photos_imported_since_the_save(qtbot, window, site, tmp_path,
                                                                      monkeypatch):
    shots = [_photo(tmp_path / "New Stage.jpg"), _photo(tmp_path / "New Crowd.jpg", seed=8)]
    job = _import(qtbot, window, shots)
    created = [r.dest for r in job.results]
    assert [p.parent.resolve() for p in created] == [(site / FOLDER).resolve()] * 2
    assert window.session.modified
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    assert window.maybe_save()
    assert len(asked) == 1 and "new-stage.jpg" in asked[0] and "new-crowd.jpg" in asked[0]
    assert not any(p.exists() for p in created)
    # the post's own photos are all still there
    assert sorted(p.name for p in (site / FOLDER).iterdir()) == \
        ["gitops-demo.jpg", "lightning-talks.jpg", "opening-keynote.jpg"]


def test_photos_in_the_saved_post_are_kept_and_no_is_respected(qtbot, window, site, tmp_path, monkeypatch):
    first = _import(qtbot, window, [_photo(tmp_path / "kept.jpg")]).results[0].dest
    assert window.save()
    second = _import(qtbot, window, [_photo(tmp_path / "later.jpg", seed=9)]).results[0].dest
    assert orphaned_imports([first, second], window.session.path, load_profile(site)) == [second]
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: QMessageBox.StandardButton.No)
    assert window.maybe_save()
    assert first.exists() and second.exists()


def test_optimise_images_in_place_and_undo(qtbot, window, site, tmp_path, monkeypatch):
    big, original = _optimised(window, site, monkeypatch)
    text = window.editor.toPlainText()
    assert big.stat().st_size <= 200_000
    assert window.existing_posts.undo_action.isEnabled()
    window.existing_posts.undo_action.trigger()
    assert big.read_bytes() == original and window.editor.toPlainText() == text
    assert not window.existing_posts.undo_action.isEnabled()


def test_photos_added_while_the_site_is_still_read_wait_for_it(qtbot, tmp_path, site, monkeypatch):
    """Photos dropped right after opening a post, before its site was read, go where the site
    keeps them (not to a folder beside the post, as if there were no site)."""
    import threading

    from recap_editor.workspace.workspace import Workspace

    gate = threading.Event()
    real_load = Workspace.load_site
    monkeypatch.setattr(Workspace, "load_site", staticmethod(lambda path: (gate.wait(20), real_load(path))[1]))
    win = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    assert open_post(qtbot, win, site / SAMPLE_POST)
    win.attach_extensions()
    win.show()
    assert win.site_pending() and win.site_profile() is None
    finished = []
    win.photo_import.job_finished.connect(finished.append)
    assert win.photo_import.import_paths([_photo(tmp_path / "Early.jpg")],
                                         position=len(win.editor.toPlainText())) is None
    qtbot.wait(200)
    assert finished == [] and not (site / "content/posts/images").exists()   # nothing written yet
    gate.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    dest = finished[0].results[0].dest
    assert dest.parent.resolve() == (site / FOLDER).resolve()
    assert not (site / "content/posts/images").exists()


def _optimised(window, site, monkeypatch):
    """An over-budget photo in the post (typed in: the editor has an undo step), then optimised."""
    (site / "recap-editor.toml").write_text("image_budget_bytes = 200000\n")
    big = _photo(site / FOLDER / "huge.jpg", size=(3000, 2000))
    original = big.read_bytes()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("\n![Huge](/images/pdx-cloud-native-october-2026/huge.jpg)\n")
    # the budget file appeared after the post was opened: the window's profile is read again
    monkeypatch.setattr(window, "site_profile", lambda: load_profile(site))
    text = window.editor.toPlainText()
    assert [r.path.name for r in window.existing_posts.optimise() if r.changed] == ["huge.jpg"]
    assert big.read_bytes() != original and window.editor.toPlainText() == text   # no link changed
    return big, original


def test_ctrl_z_right_after_optimise_offers_to_undo_it(qtbot, window, site, monkeypatch):
    from PySide6.QtCore import Qt

    big, original = _optimised(window, site, monkeypatch)
    text = window.editor.toPlainText()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, body, *a: (
        asked.append((title, body)), QMessageBox.StandardButton.Yes)[1])
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [t for t, _ in asked] == ["Undo Optimise Images?"] and "huge.jpg" in asked[0][1]
    assert big.read_bytes() == original                    # the images are back...
    assert window.editor.toPlainText() == text             # ...and the editor's edit stays
    assert not window.existing_posts.undo_action.isEnabled()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "huge.jpg" not in window.editor.toPlainText()   # now the editor's undo


def test_a_newer_edit_is_undone_first_then_the_optimise_is_offered(qtbot, window, site, monkeypatch):
    from PySide6.QtCore import Qt

    big, original = _optimised(window, site, monkeypatch)
    optimised = big.read_bytes()
    text = window.editor.toPlainText()
    answers = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: (
        answers.append(a[1]), QMessageBox.StandardButton.No)[1])
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "x")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()                             # Edit › Undo: the typing goes first
    assert window.editor.toPlainText() == text and answers == [] and big.read_bytes() == optimised
    assert window.undo_action.isEnabled()                    # the optimise is next
    window.undo_action.trigger()
    assert answers == ["Undo Optimise Images?"]
    # "No" keeps the images and does not undo the older edit behind the writer's back
    assert big.read_bytes() == optimised and window.editor.toPlainText() == text


def test_undo_is_enabled_for_an_optimise_of_a_post_with_no_edit(qtbot, tmp_path, site, monkeypatch):
    """Opened and optimised, never edited: the editor has nothing to undo, Edit › Undo still does."""
    (site / "recap-editor.toml").write_text("image_budget_bytes = 200000\n")
    big = _photo(site / FOLDER / "huge.jpg", size=(3000, 2000))
    original = big.read_bytes()
    post = site / SAMPLE_POST
    post.write_text(post.read_text() + "\n![Huge](/images/pdx-cloud-native-october-2026/huge.jpg)\n")
    win = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    assert open_post(qtbot, win, post)
    win.attach_extensions()
    assert not win.undo_action.isEnabled()
    monkeypatch.setattr(win, "site_profile", lambda: load_profile(site))
    win.existing_posts.optimise()
    assert big.read_bytes() != original and win.undo_action.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    win.undo_action.trigger()
    assert big.read_bytes() == original and not win.undo_action.isEnabled()
    assert not win.session.modified
