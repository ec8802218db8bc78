"""A writer's first import in the window: photos dropped on a new post replace the template's photo
line, then the Gallery panel asks for each caption (which becomes alt text and <figcaption>)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox  # noqa: E402

from recap_editor.cli import main  # noqa: E402
from recap_editor.photos.gallery import find_galleries  # noqa: E402
from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.gallery_panel import SRC_ROLE  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import open_post  # noqa: E402
from sitedata import camera_jpeg  # noqa: E402

pytestmark = pytest.mark.timeout(90)


def _drop(editor, paths: list[Path], text_position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(text_position)
    point = editor.cursorRect(cursor).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    QApplication.sendEvent(editor.viewport(), QDragEnterEvent(
        point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(editor.viewport(), QDropEvent(
        QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    # closing with edits asks to save: the test's edits are thrown away, never a modal left open
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
    # ...and the photos imported meanwhile are kept (the question discard asks about them)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "config.toml").write_text('title = "S"\n[markup.goldmark.renderer]\nunsafe = true\n')
    assert main(["new", "Harbor Meetup - May 2026", "--site", str(site), "--date", "2026-05-14T18:00:00-07:00",
                 "--tags", "Meetup", "--authors", "Sam Ortiz"]) == 0
    post = next((site / "content" / "posts").iterdir())
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    assert open_post(qtbot, win, post)
    win.resize(1300, 850)
    win.show()
    win.attach_extensions()
    win.activateWindow()
    yield win
    win.session.close_cleanly()
    win.session._set_modified(False)
    win.close()


def _open_editor(panel) -> QLineEdit | None:
    """The caption being typed: the line edit the list opened (None when no caption is open)."""
    if panel.list.state() != panel.list.State.EditingState:
        return None
    return next((w for w in panel.list.viewport().findChildren(QLineEdit) if w.isVisible()), None)


def _caption_editor(qtbot, panel, row: int) -> QLineEdit:
    qtbot.waitUntil(lambda: _open_editor(panel) is not None and panel.list.currentRow() == row, timeout=5000)
    return _open_editor(panel)


def test_dropped_photos_replace_the_template_line_and_the_panel_asks_for_captions(qtbot, window, tmp_path):
    photos = [camera_jpeg(tmp_path / "card" / f"IMG_{i:04d}.JPG", (1200, 900), seed=i) for i in (1, 2, 3)]
    editor, panel = window.editor, window.gallery_panel
    assert not panel.dock.isVisible()
    text = editor.toPlainText()
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000):
        _drop(editor, photos, text.index("# **Talks**"))          # dropped anywhere on the editor
    text = editor.toPlainText()
    assert "Drop your photos" not in text
    assert text.index("# **Highlights**") < text.index("<br>") < text.index("# **Conclusion**")

    # the panel shows the new rows and the first caption is open for typing
    assert panel.dock.isVisible() and panel.list.count() == 3
    first = _caption_editor(qtbot, panel, 0)
    qtbot.keyClicks(first, "Ines & the state of the project")
    panel._on_thumbnail(panel.list.item(0).data(SRC_ROLE), QImage(8, 6, QImage.Format.Format_RGB32))
    assert first.text() == "Ines & the state of the project"   # a late thumbnail keeps the typing
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Ines &amp; the state" in editor.toPlainText(), timeout=5000)
    # ... and the next one opens by itself
    second = _caption_editor(qtbot, panel, 1)
    qtbot.keyClicks(second, "Questions")
    qtbot.keyClick(second, Qt.Key.Key_Return)
    qtbot.keyClick(_caption_editor(qtbot, panel, 2), Qt.Key.Key_Escape)   # stop asking; nothing lost
    qtbot.waitUntil(lambda: _open_editor(panel) is None, timeout=5000)

    text = editor.toPlainText()
    photos_in = [p for span in find_galleries(text) for p in span.gallery.photos()]
    assert [p.caption for p in photos_in] == ["Ines & the state of the project", "Questions", ""]
    assert 'alt="Ines &amp; the state of the project"' in text and "<figcaption>(<i>Questions</i>)" in text
    assert window.current_post().text == text
    assert not panel.caption_prompt.waiting


def test_without_the_template_line_add_photos_go_after_the_cursors_section(qtbot, window, tmp_path):
    editor = window.editor
    text = editor.toPlainText()
    cursor = editor.textCursor()   # the writer removed the photo line and works in Talks
    start = text.index("Drop your photos")
    cursor.setPosition(start)
    cursor.setPosition(text.index("\n", start) + 2, cursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    cursor.setPosition(editor.toPlainText().index('"Talk title"'))
    editor.setTextCursor(cursor)
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000) as blocker:
        window.photo_import.import_paths([camera_jpeg(tmp_path / "IMG_0001.JPG", (900, 600))])
    assert blocker.args[0].inserted_rows == 1
    text = editor.toPlainText()
    assert text.index('"Talk title"') < text.index("<br>") < text.index("# **Highlights**")
    assert "\n\n\n" not in text
    qtbot.keyClick(_caption_editor(qtbot, window.gallery_panel, 0), Qt.Key.Key_Escape)


def test_while_dragging_the_line_shows_the_template_line_as_the_place(qtbot, window, tmp_path):
    editor = window.editor
    text = editor.toPlainText()
    cursor = editor.textCursor()
    cursor.setPosition(text.index("# **Talks**"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(camera_jpeg(tmp_path / "IMG_0001.JPG", (900, 600))))])
    enter = QDragEnterEvent(editor.cursorRect(cursor).center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(editor.viewport(), enter)
    assert enter.isAccepted()
    indicator = window.photo_import.drop_filter.indicator
    line = editor.textCursor()
    line.setPosition(text.index("Drop your photos"))
    assert indicator.isVisible() and abs(indicator.y() - editor.cursorRect(line).top()) <= 2
    QApplication.sendEvent(editor.viewport(), QDragLeaveEvent())
    assert not indicator.isVisible()


def test_the_open_caption_says_what_to_type(qtbot, window, tmp_path):
    """The caption opened after an import was an empty, frameless box on an empty row: nothing
    showed where to type (only the status bar said so)."""
    photos = [camera_jpeg(tmp_path / "card" / f"IMG_{i:04d}.JPG", (1200, 900), seed=i) for i in (1, 2)]
    editor, panel = window.editor, window.gallery_panel
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000):
        _drop(editor, photos, editor.toPlainText().index("# **Talks**"))
    first = _caption_editor(qtbot, panel, 0)
    assert first.text() == "" and "caption" in first.placeholderText().lower()
    assert first.hasFrame()
    qtbot.keyClick(first, Qt.Key.Key_Escape)
