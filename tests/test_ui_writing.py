"""The writer's tools in the real window: spell marks and their menu, the outline, go to line,
focus mode, themes, the help dialogs and a self-contained HTML export."""

from __future__ import annotations

import base64
import re

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QInputDialog, QTableWidget  # noqa: E402

from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402
from recap_editor.ui.theme import is_dark, theme_choice  # noqa: E402

from conftest import discard_edits, open_post, shown_window, spell_checked  # noqa: E402

pytestmark = pytest.mark.timeout(90)

FRONT = '+++\ndate = "{date}"\ntags = ["Meetup"]\ntitle = "{title}"\nslug = "{slug}"\nauthors = "Mike Metral"\n+++\n\n'
DRAFT = (FRONT.format(date="2020-02-01T18:00:00-08:00", title="Second Meetup", slug="second-meetup")
         + "Thsi paragrph teh Kubernetes meetup, hosted by Metral.\n\n"
         + "Run `kubctl getpods` or see https://exmaple.com/wrnog.\n\n"
         + "```\nsudo aptt-get instal\n```\n\n"
         + "# Talks\n\nFirst talk.\n\n## Lightning\n\nShort ones.\n\n# Photos\n\n"
         + "![a photo](/images/second-meetup/pic.png)\n")


def _png() -> bytes:
    # a 1×1 PNG, the smallest real image
    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "content/posts").mkdir(parents=True)
    (root / "static/images/second-meetup").mkdir(parents=True)
    (root / "static/images/second-meetup/pic.png").write_bytes(_png())
    (root / "config.toml").write_text('title = "T"\nlanguageCode = "en-us"\n')
    (root / "content/posts/2020_01_01-first-meetup.md").write_text(
        FRONT.format(date="2020-01-01T18:00:00-08:00", title="First Meetup", slug="first-meetup")
        + "We ran Kubernetes with the Kismatic folks.\n", encoding="utf-8")
    (root / "content/posts/2020_02_01-second-meetup.md").write_text(DRAFT, encoding="utf-8")
    return root


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))




@pytest.fixture
def window(qtbot, settings, site):
    return shown_window(qtbot, settings, site / "content/posts/2020_02_01-second-meetup.md")




def _point_at(editor, word: str) -> QPoint:
    position = editor.toPlainText().index(word) + 1
    cursor = editor.textCursor()
    cursor.setPosition(position)
    return editor.cursorRect(cursor).center()


def test_misspellings_are_underlined_and_site_words_code_and_urls_are_not(qtbot, window):
    spell_checked(qtbot, window)
    assert window.writing.spell.misspelled() == ["Thsi", "paragrph", "teh"]
    marks = window.editor.extraSelections()
    assert [m.cursor.selectedText() for m in marks] == ["Thsi", "paragrph", "teh"]
    assert all(m.format.underlineStyle() == m.format.UnderlineStyle.SpellCheckUnderline for m in marks)


def test_right_click_offers_the_right_suggestion_and_replaces(qtbot, window):
    spell_checked(qtbot, window)
    editor = window.editor
    menu = window.writing.spell.context_menu(_point_at(editor, "paragrph"))
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "paragraph"
    assert "Add “paragrph” to Dictionary" in texts and "Ignore “paragrph”" in texts
    assert any("Copy" in t for t in texts)                      # the editor's own items stay
    with qtbot.waitSignal(window.writing.spell.checked, timeout=10000):
        menu.actions()[0].trigger()
    assert "Thsi paragraph teh" in editor.toPlainText()
    assert window.writing.spell.misspelled() == ["Thsi", "teh"]
    menu = window.writing.spell.context_menu(_point_at(editor, "Kubernetes"))
    assert not any("Dictionary" in a.text() for a in menu.actions())   # a site word: no spelling items


def test_add_to_dictionary_persists_and_ignore_does_not(qtbot, window, settings, site, tmp_path):
    spell_checked(qtbot, window)
    spell = window.writing.spell
    menu = spell.context_menu(_point_at(window.editor, "Thsi"))
    add = next(a for a in menu.actions() if a.text() == "Add “Thsi” to Dictionary")
    with qtbot.waitSignal(spell.checked, timeout=10000):
        add.trigger()
    assert spell.misspelled() == ["paragrph", "teh"]
    menu = spell.context_menu(_point_at(window.editor, "teh"))
    with qtbot.waitSignal(spell.checked, timeout=10000):
        next(a for a in menu.actions() if a.text() == "Ignore “teh”").trigger()
    assert spell.misspelled() == ["paragrph"]
    # a new window (a new session) still knows the added word, not the ignored one
    again = MainWindow(settings)
    qtbot.addWidget(again, before_close_func=discard_edits)
    assert open_post(qtbot, again, site / "content/posts/2020_02_01-second-meetup.md")
    again.show()
    spell_checked(qtbot, again)
    assert again.writing.spell.misspelled() == ["paragrph", "teh"]


def test_typing_a_misspelling_underlines_it(qtbot, window):
    spell_checked(qtbot, window)
    editor = window.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    with qtbot.waitSignal(window.writing.spell.checked, timeout=10000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, "A wrnog word.")
    assert window.writing.spell.misspelled()[-1] == "wrnog"


def test_outline_lists_headings_jumps_and_follows_the_cursor(qtbot, window):
    outline = window.writing.outline
    assert [(i.text(0), i.parent() is not None) for i in outline.items()] == [
        ("Talks", False), ("Lightning", True), ("Photos", False)]
    lines = window.editor.toPlainText().split("\n")
    lightning = outline.items()[1]
    outline.itemClicked.emit(lightning, 0)
    assert window.editor.textCursor().blockNumber() + 1 == lines.index("## Lightning") + 1
    assert outline.currentItem() is lightning
    window.writing.go_to_line(lines.index("# Photos") + 2)
    assert outline.currentItem().text(0) == "Photos"             # the current section follows
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText("\n## Group photo\n")
    qtbot.waitUntil(lambda: [i.text(0) for i in outline.items()][-1] == "Group photo", timeout=3000)


def test_outline_click_scrolls_the_preview(qtbot, window):
    long_text = window.editor.toPlainText() + "".join(f"\nFiller paragraph {i}.\n" for i in range(150)) + "\n# The End\n\nDone.\n"
    window.editor.apply_text(long_text)
    preview = window.ensure_preview()
    qtbot.waitUntil(lambda: preview.is_loaded, timeout=20000)
    window.live.render_now()
    qtbot.waitUntil(lambda: window.writing.outline.items()[-1].text(0) == "The End", timeout=3000)
    qtbot.wait(300)
    window.writing.outline.itemClicked.emit(window.writing.outline.items()[-1], 0)
    qtbot.waitUntil(lambda: preview.scroll_y() > 1000, timeout=5000)


def test_go_to_line_from_the_menu(qtbot, window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args, **kwargs: (12, True))
    assert [s.toString() for s in window.writing.go_to_line_action.shortcuts()] == ["Ctrl+L", "Ctrl+G"]
    window.writing.go_to_line_action.trigger()
    assert window.editor.textCursor().blockNumber() == 11


def test_focus_mode_dims_all_but_the_current_paragraph(qtbot, window):
    editor = window.editor
    window.writing.go_to_line(window.editor.toPlainText().split("\n").index("First talk.") + 1)
    window.writing.focus_action.setChecked(True)
    start = editor.textCursor().block().position()
    end = start + len("First talk.")
    assert window.writing.focus.dimmed_ranges() == [(0, start), (end, editor.document().characterCount() - 1)]
    window.writing.focus_action.setChecked(False)
    assert window.writing.focus.dimmed_ranges() == []


def test_theme_choice_is_applied_and_remembered(qtbot, window, settings):
    app = QApplication.instance()
    try:
        window.writing.theme_actions["dark"].trigger()
        assert theme_choice(settings) == "dark"
        assert app.palette().color(app.palette().ColorRole.Base).lightness() < 60
        window.writing.theme_actions["light"].trigger()
        assert app.palette().color(app.palette().ColorRole.Base).lightness() > 200
        window.writing.theme_actions["dark"].trigger()
        again = MainWindow(settings)
        qtbot.addWidget(again, before_close_func=discard_edits)
        assert again.writing.theme_actions["dark"].isChecked()
    finally:
        window.writing.theme_actions["system"].trigger()
    assert theme_choice(settings) == "system"
    assert (app.palette().color(app.palette().ColorRole.Base).lightness() < 60) == is_dark(app)


def test_keyboard_shortcuts_lists_every_action_with_its_keys(qtbot, window):
    from recap_editor.ui.help_dialogs import command_line_text, shortcut_rows

    rows = shortcut_rows(window.menuBar())
    assert ("Edit", "Go to Line", "Ctrl+L, Ctrl+G") in rows
    assert ("File", "Save", "Ctrl+S") in rows
    assert ("View", "Full Screen", "F11") in rows and ("View", "Focus Mode", "F8") in rows
    assert ("Help", "Keyboard Shortcuts", "Ctrl+/") in rows
    assert ("View › Theme", "Dark", "") in rows and not any("Open Recent" in row[0] for row in rows)
    window.writing.shortcuts_action.trigger()
    table = window.writing.last_dialog.findChild(QTableWidget, "shortcutsTable")
    assert table.rowCount() == len(rows) and window.writing.last_dialog.isVisible()
    window.writing.last_dialog.close()
    text = command_line_text()
    assert "usage: recap-editor" in text and "--no-spelling" in text


def test_export_html_is_self_contained(qtbot, window, tmp_path):
    from recap_editor.ui import share

    target = tmp_path / "out" / "draft.html"
    target.parent.mkdir()
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=20000,
                          check_params_cb=lambda text: text.startswith("Exported")):
        share.export_html(window, target)
    html = target.read_text(encoding="utf-8")
    assert "Thsi paragrph teh" in html and "<h1" in html
    images = re.findall(r'<img[^>]*src="([^"]*)"', html)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)
    assert base64.b64decode(images[0].split(",", 1)[1]) == _png()
    assert "file://" not in html and "data-source-line" not in html
    assert "<style>" in html and 'rel="stylesheet"' not in html


def test_export_pdf_of_the_preview(qtbot, window, tmp_path):
    from recap_editor.ui import share

    preview = window.ensure_preview()
    qtbot.waitUntil(lambda: preview.is_loaded, timeout=20000)
    target = tmp_path / "draft.pdf"
    with qtbot.waitSignal(preview.page.pdfPrintingFinished, timeout=30000):
        share.export_pdf(window, target)
    assert target.read_bytes().startswith(b"%PDF")



def test_spelling_language_menu_is_remembered(qtbot, window, settings):
    assert window.writing.language_actions["auto"].isChecked()
    window.writing.language_actions["de"].trigger()
    qtbot.waitUntil(lambda: window.writing.spell.speller is not None
                    and window.writing.spell.speller.language == "de", timeout=10000)
    assert settings.value("spelling_language", "auto") == "de"
    again = MainWindow(settings)
    qtbot.addWidget(again, before_close_func=discard_edits)
    assert again.writing.language_actions["de"].isChecked() and again.writing.language == "de"
    window.writing.spell_action.setChecked(False)
    assert window.editor.extraSelections() == [] and settings.flag("spell_check", True) is False


def test_a_background_result_for_a_closed_window_is_dropped_quietly(qtbot):
    """The speller or a check finishing after its window closed used to raise 'Signal source has
    been deleted' on the pool thread."""
    import shiboken6
    from PySide6.QtCore import QObject

    from recap_editor.ui.workers import Task

    owner = QObject()
    task = Task(lambda: 42, parent=owner)
    shiboken6.delete(owner)          # the window (and its tasks) are gone
    task._run()                      # what the pool thread runs: no exception escapes


def test_the_command_line_help_keeps_the_terminal_lines_unbroken(qtbot, window):
    """Help › Command Line showed argparse's 100-column lines re-wrapped by the dialog, so
    sentences broke mid-line ("a post or" / "a site folder")."""
    from PySide6.QtWidgets import QPlainTextEdit

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "Co&mmand Line").trigger()
    dialog = window.writing.last_dialog
    qtbot.waitExposed(dialog)
    text = dialog.findChild(QPlainTextEdit, "commandLineHelp")
    assert "usage: recap-editor" in text.toPlainText()
    document = text.document()
    wrapped = [document.findBlockByNumber(n).text() for n in range(document.blockCount())
               if document.findBlockByNumber(n).layout().lineCount() > 1]
    assert wrapped == []
    dialog.close()


def test_showing_the_outline_takes_its_room_from_both_panes(qtbot, window):
    """The preview replaced the splitter's placeholder without its stretch factor, so a dock
    shown beside them (View › Outline, the Checks) took every pixel from the editor alone."""
    splitter = window.main_splitter
    qtbot.waitUntil(lambda: window.preview is not None and splitter.widget(1) is window.preview, timeout=10000)
    qtbot.wait(50)
    editor_before, preview_before = splitter.sizes()
    window.writing.outline_dock.show()
    qtbot.waitUntil(lambda: sum(splitter.sizes()) < editor_before + preview_before - 100, timeout=3000)
    editor_after, preview_after = splitter.sizes()
    lost_editor, lost_preview = editor_before - editor_after, preview_before - preview_after
    assert lost_editor > 0 and lost_preview > 0
    assert abs(lost_editor - lost_preview) <= 0.25 * (lost_editor + lost_preview)


def test_the_shortcut_list_leaves_out_the_sun_keyboard_keys(qtbot, window):
    """Keyboard Shortcuts listed "Ctrl+Z, F14" and "Ctrl+V, Ctrl+Shift+Ins, Shift+Ins, F18": Qt's
    X11 bindings to the Undo/Copy/Paste/Cut keys of old Sun keyboards, which read as F13-F20."""
    from PySide6.QtGui import QAction, QKeySequence

    from recap_editor.ui.help_dialogs import shortcut_rows

    undo = next(a for a in window.findChildren(QAction) if a.text().replace("&", "") == "Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z"), QKeySequence(Qt.Key.Key_F14)])   # as Qt binds it on X11
    rows = shortcut_rows(window.menuBar())
    assert ("Edit", "Undo", "Ctrl+Z") in rows
    assert not any(key.strip() in {f"F{n}" for n in range(13, 36)} for *_, keys in rows for key in keys.split(","))
