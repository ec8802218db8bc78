"""The triage view in the real window: open a roll, pick with the keyboard, import the picks."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from recap_editor.photos.gallery import find_galleries  # noqa: E402
from recap_editor.ui import triage_view  # noqa: E402

from conftest import open_post  # noqa: E402
from triage_roll import blurred, save_jpeg, scene, screenshot  # noqa: E402

pytestmark = pytest.mark.timeout(120)
T0 = datetime(2024, 5, 11, 19, 0, 0)
POST = """+++
title = "Triage Test"
slug = "triage-test"
+++

Intro.
"""


def make_roll(folder: Path) -> Path:
    """Moment 19:00: bursts of 3, 2 (second blurred) and 1; moment 19:45: a burst of 2; and a
    screenshot. Names run backwards against capture time."""
    folder.mkdir()
    shots = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0), (3, 0), (3, 1)]
    for number, (burst, shot) in enumerate(shots):
        image = scene(20 + burst, size=(480, 360), shift=(shot * 6, shot * 3))
        if (burst, shot) == (1, 1):
            image = blurred(image, 2)
        minutes = 45 + burst if burst == 3 else 2 * burst
        save_jpeg(folder / f"z{20 - number:02d}.jpg", image, T0 + timedelta(minutes=minutes, seconds=shot), "+02:00")
    screenshot(size=(400, 800)).save(folder / "Screenshot 2024-05-11.png")
    return folder


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    # the triage cache (analyses, stars, picks) of this test alone: the rolls are generated alike
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    def forget_edits(win) -> None:   # closing must not stop at "Save changes?"
        win.session.close_cleanly()
        win.session._set_modified(False)

    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=forget_edits)
    assert open_post(qtbot, win, post)
    win.resize(1200, 800)
    win.show()
    win.attach_extensions()
    return win


def open_roll(qtbot, window, paths) -> triage_view.TriageDialog:
    dialog = triage_view.open_triage(window, paths)
    with qtbot.waitSignal(dialog.analysed, timeout=30000):
        pass
    return dialog


def key(qtbot, widget, k, times=1):
    for _ in range(times):
        qtbot.keyClick(widget, k)


def test_menu_opens_the_triage_and_the_keyboard_picks_and_imports(qtbot, window, tmp_path, monkeypatch):
    roll = make_roll(tmp_path / "roll")
    action = window.triage_action
    menu = window.photos_menu.actions()
    assert action.text() == "Choose from a &Folder…" and menu.index(action) == menu.index(window.photo_import.add_action) + 1
    monkeypatch.setattr(triage_view.QFileDialog, "getExistingDirectory", lambda *a, **k: str(roll))
    action.trigger()
    dialog = window.triage_dialog
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    grid, result = dialog.grid, dialog.result

    # capture order, moments labelled with their clock time, stacks collapsed to their best shot
    assert [p.path.name for p in result.photos][:8] == [f"z{n:02d}.jpg" for n in range(20, 12, -1)]
    assert [m.label for m in result.moments][:2] == ["19:00", "19:48"]   # + today's screenshot
    shown = grid.shown_entries()
    assert len(shown) == 5   # 4 stacks of photos + the screenshot (in its own section, last)
    assert result.photos[shown[-1]].kind == "screenshot"
    assert dialog.counter.text() == "0 picked of 9"

    # arrows move, Space picks, Space again unpicks, 1-5 stars
    grid.setFocus()
    assert grid.current == shown[0]
    key(qtbot, grid, Qt.Key.Key_Right)
    assert grid.current == shown[1]
    key(qtbot, grid, Qt.Key.Key_Space)
    assert dialog.counter.text() == "1 picked of 9" and grid.picked == [shown[1]]
    key(qtbot, grid, Qt.Key.Key_Space)
    assert dialog.counter.text() == "0 picked of 9"
    key(qtbot, grid, Qt.Key.Key_3)
    assert grid.stars == {shown[1]: 3}

    assert "sharpness" in grid.describe(shown[1]) and "shot 1 of 2 in its stack" in grid.describe(shown[1])

    # E opens the stack (best first; the blurred one last, marked), E closes it again
    key(qtbot, grid, Qt.Key.Key_E)
    stack = result.stack_of(shown[1])
    assert grid.shown_entries()[1:3] == stack.members and "blurred" in result.photos[stack.members[-1]].marks
    key(qtbot, grid, Qt.Key.Key_E)
    assert len(grid.shown_entries()) == 5

    # Enter opens the large view; Escape closes it
    key(qtbot, grid, Qt.Key.Key_Return)
    large = dialog.large
    assert large is not None and large.isVisible() and large.index == shown[1]
    key(qtbot, large, Qt.Key.Key_Right)          # arrows keep moving through the roll
    assert large.index == grid.current == shown[2]
    key(qtbot, large, Qt.Key.Key_Left)
    assert large.index == shown[1] and "★★★" in large.caption.text()
    key(qtbot, large, Qt.Key.Key_Escape)
    assert not dialog.large.isVisible()

    # Pick the suggested: the best of each photo stack, not the blurred, not the screenshot
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert sorted(grid.picked) == result.suggested and len(result.suggested) == 4
    assert dialog.counter.text() == "4 picked of 9"
    # then the writer picks the screenshot too, and unpicks the first suggestion by keyboard
    key(qtbot, grid, Qt.Key.Key_End)
    key(qtbot, grid, Qt.Key.Key_Space)
    key(qtbot, grid, Qt.Key.Key_Home)
    key(qtbot, grid, Qt.Key.Key_Space)
    assert dialog.counter.text() == "4 picked of 9"
    photos, screens = dialog.import_order()
    assert [p.name for p in photos] == [result.photos[i].path.name for i in result.suggested[1:]]
    assert [p.name for p in screens] == ["Screenshot 2024-05-11.png"]

    controller = window.photo_import
    with qtbot.waitSignal(controller.job_finished, timeout=30000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.job_finished, timeout=30000):   # the screens' own batch
        pass
    text = window.editor.toPlainText()
    galleries = find_galleries(text)
    sources = [photo.src.rsplit("/", 1)[1] for span in galleries for photo in span.gallery.photos()]
    expected = [result.photos[i].path.stem + ".jpg" for i in result.suggested[1:]]
    assert sources == expected + ["screenshot-2024-05-11.png"]
    # the screenshot sits in a row of its own, after the photos' rows
    rows = [row for span in galleries for row in span.gallery.rows]
    assert [p.src.rsplit("/", 1)[1] for p in rows[-1].photos] == ["screenshot-2024-05-11.png"]


def test_order_picked_and_screens_left_out(qtbot, window, tmp_path):
    dialog = open_roll(qtbot, window, [make_roll(tmp_path / "roll")])
    grid = dialog.grid
    grid.setFocus()
    shown = grid.shown_entries()
    for target in (shown[3], shown[0], shown[4]):   # last photo stack first, then the first, the screen
        while grid.current != target:
            key(qtbot, grid, Qt.Key.Key_Right if shown.index(grid.current) < shown.index(target) else Qt.Key.Key_Left)
        key(qtbot, grid, Qt.Key.Key_Space)
    dialog.order_choice.setCurrentIndex(dialog.order_choice.findData("picked"))
    dialog.screens_choice.setCurrentIndex(dialog.screens_choice.findData("omit"))
    photos, screens = dialog.import_order()
    assert photos == [dialog.result.photos[shown[3]].path, dialog.result.photos[shown[0]].path]
    assert screens == []
    dialog.order_choice.setCurrentIndex(dialog.order_choice.findData("capture"))
    assert dialog.import_order()[0] == [dialog.result.photos[shown[0]].path, dialog.result.photos[shown[3]].path]


def test_down_arrow_moves_to_the_next_row(qtbot, window, tmp_path):
    dialog = open_roll(qtbot, window, [make_roll(tmp_path / "roll")])
    grid = dialog.grid
    grid.setFocus()
    shown = grid.shown_entries()
    key(qtbot, grid, Qt.Key.Key_Down)   # 19:00 (3 tiles) -> 19:45 section
    assert grid.current == shown[3]
    key(qtbot, grid, Qt.Key.Key_Up)
    assert grid.current == shown[0]


def test_dropping_a_folder_on_the_editor_opens_the_triage(qtbot, window, tmp_path):
    roll = make_roll(tmp_path / "roll")
    viewport = window.editor.viewport()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(roll))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    dialog = window.triage_dialog
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    assert len(dialog.result.photos) == 9 and window.photo_import.jobs == []
    assert window.editor.toPlainText() == POST   # nothing imported behind the writer's back
    assert dialog.status.text().startswith("9 photos in 2 moments, 3 stacks of near-duplicates (7 photos), 1 screenshot or slide")
    dialog.close()
    # dropped elsewhere in the window (the window's own drop handling): a folder opens the triage too
    assert window.handle_dropped_files([roll])
    second = window.triage_dialog
    assert second is not dialog
    qtbot.waitUntil(lambda: second.result is not None, timeout=30000)
    assert len(second.result.photos) == 9 and window.photo_import.jobs == []
    # a couple of photos dropped off the editor still import directly
    assert not triage_view.wants_triage([roll / "z20.jpg", roll / "z19.jpg"])
    assert triage_view.wants_triage([roll]) and triage_view.wants_triage([roll / "z20.jpg"] * 21)


def test_the_window_stays_responsive_and_cancel_stops_the_analysis(qtbot, window, tmp_path, monkeypatch):
    import threading

    roll = make_roll(tmp_path / "roll")
    gate = threading.Event()
    from recap_editor.photos import triage as triage_core   # the triage view's worker calls it

    real = triage_core.triage

    def slow_triage(paths, progress, cancel):
        def step(done, total):
            progress(done, total)
            gate.wait(5)   # held until the test has seen the GUI thread turn
        return real(paths, progress=step, cancel=cancel, cache=__import__(
            "recap_editor.photos.triage_cache", fromlist=["NoCache"]).NoCache(), workers=1)

    monkeypatch.setattr(triage_core, "triage", slow_triage)
    dialog = triage_view.open_triage(window, [roll])
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 9, timeout=10000)   # GUI events still flow
    assert dialog.cancel_button.isVisible() and not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert dialog.result.cancelled and len(dialog.result.photos) < 9
    assert dialog.status.text().startswith("Cancelled")


def test_stars_are_kept_for_the_next_open_and_the_list_can_be_saved(qtbot, window, tmp_path):
    from recap_editor.photos.triage_picks import read_pick_list

    roll = make_roll(tmp_path / "roll")
    dialog = open_roll(qtbot, window, [roll])
    grid = dialog.grid
    grid.setFocus()
    key(qtbot, grid, Qt.Key.Key_Right)
    rated = dialog.result.photos[grid.current].path
    key(qtbot, grid, Qt.Key.Key_5)
    key(qtbot, grid, Qt.Key.Key_Space)
    key(qtbot, grid, Qt.Key.Key_End)
    key(qtbot, grid, Qt.Key.Key_Space)   # the screenshot, kept as its own row
    saved = dialog.save_pick_list(tmp_path / "picks.json")
    assert read_pick_list(saved) == [rated, roll / "Screenshot 2024-05-11.png"]
    dialog.close()

    again = open_roll(qtbot, window, [roll])
    assert {again.result.photos[i].path: n for i, n in again.grid.stars.items()} == {rated: 5}
    assert all(p.from_cache for p in again.result.photos)   # reopening the folder: from the cache


def test_the_roll_summary_counts_in_the_singular_for_one():
    """A roll of one moment said "25 photos in 1 moments"; one screenshot, "1 screenshots"."""
    from types import SimpleNamespace

    from recap_editor.photos.triage import Moment, TriageResult, roll_summary
    from recap_editor.photos.triage_groups import Stack

    shot, screen = SimpleNamespace(is_screen=False), SimpleNamespace(is_screen=True)
    one = TriageResult(photos=[shot, screen], moments=[Moment(0, 1, "19:00"), Moment(1, 2, "19:30")],
                       stacks=[Stack([0]), Stack([1])], suggested=[0], errors=[])
    assert roll_summary(one) == "2 photos in 1 moment, 1 screenshot or slide; 1 suggested"
    many = TriageResult(photos=[shot, shot], moments=[Moment(0, 1, "19:00"), Moment(1, 2, "19:30")],
                        stacks=[Stack([0, 1])], suggested=[0], errors=[])
    assert roll_summary(many) == "2 photos in 2 moments, 1 stack of near-duplicates (2 photos); 1 suggested"
    # a single photo is not a "stack": a roll of 25 different shots said "25 stacks"
    singles = TriageResult(photos=[shot] * 4, moments=[Moment(0, 4, "19:00")],
                           stacks=[Stack([0, 1, 2]), Stack([3])], suggested=[0, 3], errors=[])
    assert roll_summary(singles) == "4 photos in 1 moment, 1 stack of near-duplicates (3 photos); 2 suggested"


def test_a_large_photo_decoded_after_its_view_closed_is_dropped(qtbot, window, tmp_path):
    """The sharp large photo is decoded on a worker; if the view was closed and deleted first,
    its answer must not reach the deleted label (it raised inside Qt's event loop)."""
    import shiboken6

    roll = make_roll(tmp_path / "roll")
    dialog = open_roll(qtbot, window, [roll])
    key(qtbot, dialog.grid, Qt.Key.Key_Return)
    large = dialog.large
    task = large._task
    large.label.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(large.label), timeout=5000)
    with qtbot.captureExceptions() as raised:
        task.finished.emit(b"")   # the worker's answer, arriving late
    assert raised == []


def test_picks_come_back_after_the_triage_was_closed_and_go_once_imported(qtbot, window, tmp_path, monkeypatch):
    """Picking 20 of 300 photos and closing the dialog (or losing the app) by mistake lost them."""
    roll = make_roll(tmp_path / "roll")
    dialog = open_roll(qtbot, window, [roll])
    grid = dialog.grid
    shown = grid.shown_entries()
    grid.setFocus()
    for target in (shown[3], shown[0], shown[4]):
        while grid.current != target:
            key(qtbot, grid, Qt.Key.Key_Right if shown.index(grid.current) < shown.index(target) else Qt.Key.Key_Left)
        key(qtbot, grid, Qt.Key.Key_Space)
    picked = [dialog.result.photos[i].path for i in grid.picked]
    dialog.close()                                         # by mistake

    again = open_roll(qtbot, window, [roll])
    assert [again.result.photos[i].path for i in again.grid.picked] == picked   # in the order picked
    assert again.counter.text() == "3 picked of 9"
    assert again.status.text().startswith("Your 3 picks from last time are back")
    imported = []
    monkeypatch.setattr(triage_view, "import_picks", lambda win, photos, screens: imported.append(photos))
    again.order_choice.setCurrentIndex(again.order_choice.findData("picked"))
    again.import_picks()                                   # into the post: nothing to bring back now
    third = open_roll(qtbot, window, [roll])
    assert third.grid.picked == [] and third.counter.text() == "0 picked of 9"
    third.grid.clear_picks()
    third.close()


def test_cleared_picks_stay_cleared():
    from recap_editor.photos.triage_cache import TriageCache

    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        cache = TriageCache(Path(folder) / "t.sqlite")
        cache.set_picks(["a", "b", "c"], ["c", "a"])
        assert cache.picks_among(["a", "b", "c", "z"]) == ["c", "a"]
        cache.set_picks(["b", "c"], [])                    # another roll holding two of them
        assert cache.picks_among(["a", "b", "c"]) == ["a"]
        many = [f"d{i}" for i in range(2500)]              # beyond SQLite's parameter limit
        cache.set_picks(many, many[::-1])
        assert cache.picks_among(many)[:2] == ["d2499", "d2498"] and len(cache.picks_among(many)) == 2500
        cache.close()
        reopened = TriageCache(Path(folder) / "t.sqlite")
        assert reopened.picks_among(["a", "d0"]) == ["a", "d0"]
        reopened.close()
