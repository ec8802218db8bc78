"""Leaving a post while photos are still being added to it: nothing dropped silently vanishes.

Opening another post while an import for the shown one is in flight asks first: wait for the photos
(their rows go in, the usual "save changes?" follows, then the other post opens), or stop the import
(the photos copied so far are removed), or stay.  Photos that still find their post gone (it was
replaced behind the import's back, or is being left) are removed again and the writer is told."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from recap_editor.photos import importer  # noqa: E402
from recap_editor.photos.gallery import find_galleries  # noqa: E402
from recap_editor.sample import SAMPLE_POST, shipped_site  # noqa: E402
from recap_editor.ui import arrivals, dialogs, photo_import  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import discard_edits, open_post, wait_until_opened  # noqa: E402

pytestmark = pytest.mark.timeout(120)
FOLDER = "static/images/pdx-cloud-native-october-2026"
OWN_PHOTOS = ["gitops-demo.jpg", "lightning-talks.jpg", "opening-keynote.jpg"]


def _photo(path: Path, mark: int) -> Path:
    im = Image.linear_gradient("L").resize((1600, 1000)).convert("RGB")
    im.paste((200, 40 + mark * 40 % 200, 60), (100 + mark * 50, 100, 600 + mark * 50, 500))
    im.save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(shipped_site(), root)
    return root


@pytest.fixture
def other(site: Path) -> Path:
    """Post B: another post of the same site."""
    path = site / "content" / "posts" / "2026_11_02-another-post.md"
    path.write_text('+++\ntitle = "Another post"\ndate = 2026-11-02\n+++\n\nB stays as it is.\n',
                    encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, tmp_path, site):
    win = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    assert open_post(qtbot, win, site / SAMPLE_POST)
    win.attach_extensions()
    win.show()
    qtbot.waitUntil(lambda: not win.site_pending(), timeout=30000)
    return win


def _slow_import(monkeypatch):
    """The import writes its first photo, then waits for `gate`: long enough to open another post."""
    gate, written = threading.Event(), threading.Event()
    real = importer.import_photos   # the photo import's worker calls it (ui/photo_import._run_import)

    def slow(paths, dest_dir, options, progress=None, cancel=None):
        def gated(done, total, result):
            progress(done, total, result)
            written.set()
            gate.wait(30)
        return real(paths, dest_dir, options, progress=gated, cancel=cancel)
    monkeypatch.setattr(importer, "import_photos", slow)
    return gate, written


def _start_import(window, tmp_path, monkeypatch) -> list[Path]:
    photos = [_photo(tmp_path / f"Dropped {i}.jpg", i) for i in range(3)]
    monkeypatch.setattr(photo_import, "ask_photo_files", lambda parent: photos)
    window.photo_import.add_action.trigger()
    return photos


def _folder_names(site: Path) -> list[str]:
    return sorted(p.name for p in (site / FOLDER).iterdir())


def _answer_in_flight(monkeypatch, answer: str) -> list:
    asked = []
    monkeypatch.setattr(dialogs, "ask_photos_in_flight",
                        lambda parent, name, done, total, doing: asked.append((name, doing)) or answer,
                        raising=False)
    return asked


def test_opening_another_post_waits_for_the_photos_then_asks_to_save_the_post_they_are_for(
        qtbot, window, site, other, tmp_path, monkeypatch):
    post_a = window.session.path
    gate, written = _slow_import(monkeypatch)
    asked = _answer_in_flight(monkeypatch, "wait")
    saves = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": saves.append(name) or "save")
    _start_import(window, tmp_path, monkeypatch)
    qtbot.waitUntil(written.is_set, timeout=30000)
    window.open_path(other)
    qtbot.wait(300)
    assert window.session.path == post_a and window.session.opening is None   # B waits for the photos
    assert asked == [(post_a.name, f"open “{other.name}”")]
    assert "Waiting for the photos" in window.statusBar().currentMessage()
    gate.set()
    qtbot.waitUntil(lambda: window.session.path == other.resolve(), timeout=30000)
    wait_until_opened(qtbot, window)
    assert saves == [post_a.name]                          # the usual question, about A
    saved = post_a.read_text(encoding="utf-8")
    srcs = [p.src for span in find_galleries(saved) for p in span.gallery.photos()]
    new = [name for name in _folder_names(site) if name not in OWN_PHOTOS]
    assert len(new) == 3 and all(any(src.endswith("/" + name) for src in srcs) for name in new)
    assert window.editor.toPlainText() == other.read_text(encoding="utf-8")   # B untouched


def test_stopping_the_import_opens_the_other_post_and_leaves_no_copied_photos(
        qtbot, window, site, other, tmp_path, monkeypatch):
    post_a = window.session.path
    text_a = post_a.read_text(encoding="utf-8")
    gate, written = _slow_import(monkeypatch)
    asked = _answer_in_flight(monkeypatch, "stop")
    _start_import(window, tmp_path, monkeypatch)
    qtbot.waitUntil(written.is_set, timeout=30000)
    assert len(_folder_names(site)) > len(OWN_PHOTOS)      # photos were being copied
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000) as blocker:
        window.open_path(other)
        wait_until_opened(qtbot, window)
        gate.set()
    assert asked and asked[0][0] == post_a.name
    assert window.session.path == other.resolve()
    assert window.editor.toPlainText() == other.read_text(encoding="utf-8")
    assert _folder_names(site) == OWN_PHOTOS               # the copies were removed again
    assert post_a.read_text(encoding="utf-8") == text_a
    assert post_a.name in blocker.args[0].message and "cancelled" in blocker.args[0].message


def test_staying_keeps_the_post_and_the_import_lands_in_it(qtbot, window, site, other, tmp_path,
                                                           monkeypatch):
    post_a = window.session.path
    gate, written = _slow_import(monkeypatch)
    _answer_in_flight(monkeypatch, "cancel")
    _start_import(window, tmp_path, monkeypatch)
    qtbot.waitUntil(written.is_set, timeout=30000)
    assert not window.open_path(other)
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000):
        gate.set()
    qtbot.wait(200)
    assert window.session.path == post_a                    # nothing was opened later behind its back
    assert all(f"dropped-{i}.jpg" in window.editor.toPlainText() for i in range(3)) and window.session.modified


def test_photos_dropped_while_another_post_is_on_its_way_are_refused_and_said(
        qtbot, window, site, other, tmp_path, monkeypatch):
    gate = threading.Event()
    real_read = arrivals.read_post
    monkeypatch.setattr(arrivals, "read_post", lambda path: (gate.wait(30), real_read(path))[1])
    window.open_path(other)
    assert window.session.opening is not None
    job = window.photo_import.import_paths([_photo(tmp_path / "Late.jpg", 1)],
                                           position=len(window.editor.toPlainText()))
    assert job is None
    assert "not added" in window.statusBar().currentMessage()
    gate.set()
    wait_until_opened(qtbot, window)
    assert window.editor.toPlainText() == other.read_text(encoding="utf-8")
    assert _folder_names(site) == OWN_PHOTOS


def test_an_import_whose_post_was_replaced_meanwhile_removes_its_copies_and_says_so(
        qtbot, window, site, tmp_path, monkeypatch):
    """The older path: the post was replaced behind the import's back (another program rewrote it
    and it was reloaded quietly); its rows cannot go in, so the photos copied for them go again."""
    post_a = window.session.path
    gate, written = _slow_import(monkeypatch)
    _start_import(window, tmp_path, monkeypatch)
    qtbot.waitUntil(written.is_set, timeout=30000)
    changed = post_a.read_text(encoding="utf-8") + "\nA line from git pull.\n"
    post_a.write_text(changed, encoding="utf-8")
    window.session.check_disk()
    qtbot.waitUntil(lambda: window.editor.toPlainText() == changed, timeout=10000)
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000) as blocker:
        gate.set()
    message = blocker.args[0].message
    assert f"not added to “{post_a.name}”: it was reloaded from disk" in message
    qtbot.waitUntil(lambda: _folder_names(site) == OWN_PHOTOS, timeout=10000)
    said = window.statusBar().currentMessage
    qtbot.waitUntil(lambda: "Removed the 3 photo(s) copied for" in said() and post_a.name in said(),
                    timeout=10000)
    assert window.editor.toPlainText() == changed


def test_waiting_then_discarding_offers_to_remove_the_photos_that_landed(
        qtbot, window, site, other, tmp_path, monkeypatch):
    """The discard path agrees: photos waited for are in the post, so discarding its edit offers
    to remove them like any import since the save."""
    from PySide6.QtWidgets import QMessageBox

    gate, written = _slow_import(monkeypatch)
    _answer_in_flight(monkeypatch, "wait")
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
    offered = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: offered.append(text) or QMessageBox.StandardButton.Yes)
    _start_import(window, tmp_path, monkeypatch)
    qtbot.waitUntil(written.is_set, timeout=30000)
    assert not window.open_path(other)
    gate.set()
    qtbot.waitUntil(lambda: window.session.path == other.resolve(), timeout=30000)
    wait_until_opened(qtbot, window)
    assert len(offered) == 1 and all(f"dropped-{i}.jpg" in offered[0] for i in range(3))
    assert _folder_names(site) == OWN_PHOTOS
    assert window.editor.toPlainText() == other.read_text(encoding="utf-8")


def test_closing_the_window_mid_import_asks_and_waiting_keeps_it_open(qtbot, window, site, tmp_path,
                                                                     monkeypatch):
    gate, written = _slow_import(monkeypatch)
    asked = _answer_in_flight(monkeypatch, "wait")
    _start_import(window, tmp_path, monkeypatch)
    qtbot.waitUntil(written.is_set, timeout=30000)
    window.close()
    assert window.isVisible() and asked == [(window.session.path.name, "close the window")]
    questions = []
    monkeypatch.setattr(dialogs, "ask_save_changes",
                        lambda parent, name, doing="": questions.append(name) or "cancel")   # then: keep it open
    gate.set()
    qtbot.waitUntil(lambda: questions == [window.session.path.name], timeout=30000)
    assert window.isVisible() and all(f"dropped-{i}.jpg" in window.editor.toPlainText() for i in range(3))


def test_a_batch_ending_while_its_post_is_being_left_never_lands_in_it(qtbot, window, site, other,
                                                                       tmp_path, monkeypatch):
    """The race itself, below the file commands' question (the session opens B directly): the batch
    ends while B is being read, so the text it would go into is about to be replaced. No rows go
    into it, the copies go, the writer is told, and B arrives as it is."""
    post_a = window.session.path
    gate, written = _slow_import(monkeypatch)
    read_gate = threading.Event()
    real_read = arrivals.read_post
    monkeypatch.setattr(arrivals, "read_post", lambda path: (read_gate.wait(30), real_read(path))[1])
    _start_import(window, tmp_path, monkeypatch)
    qtbot.waitUntil(written.is_set, timeout=30000)
    text_a = window.editor.toPlainText()
    window.session.open(other)
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000) as blocker:
        gate.set()
    assert window.editor.toPlainText() == text_a             # nothing went into the post being left
    message = blocker.args[0].message
    assert post_a.name in message and f"being replaced by “{other.name}”" in message
    qtbot.waitUntil(lambda: _folder_names(site) == OWN_PHOTOS, timeout=10000)
    read_gate.set()
    wait_until_opened(qtbot, window)
    assert window.editor.toPlainText() == other.read_text(encoding="utf-8")
