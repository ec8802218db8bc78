"""The main window end to end: live preview, open/save, prompts, drag and drop, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import discard_edits, open_post, refuse_window_dialogs  # noqa: E402

pytestmark = pytest.mark.timeout(90)

POST = """+++
date = "2016-05-12T16:00:00-08:00"
tags = ["Meetup", "SoCal"]
title = "Kubernetes SoCal Meetup"
slug = "k8s-socal"
authors = "Mike Metral"
+++

Intro paragraph.

# Talks

 - one
 - two

Closing words.
"""


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def post_path(tmp_path):
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_unexpected_questions(monkeypatch):
    refuse_window_dialogs(monkeypatch)




@pytest.fixture
def window(qtbot, settings, post_path):
    win = MainWindow(settings)
    qtbot.addWidget(win, before_close_func=discard_edits)
    assert open_post(qtbot, win, post_path)
    win.resize(1200, 800)
    preview = win.ensure_preview()
    with qtbot.waitSignal(preview.loaded, timeout=20000):
        win.show()
    return win


def js(qtbot, win, script):
    results = []
    win.preview.run_script(script, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return results[0]


def test_typing_updates_preview_while_typing_throttled(qtbot, window):
    """The preview follows typing (throttled) instead of waiting for a pause (debounced)."""
    renders = []
    window.live.rendered.connect(renders.append)
    editor = window.editor
    block = editor.document().findBlockByNumber(8)          # "Intro paragraph."
    assert block.text() == "Intro paragraph."
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + len(block.text()))
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClick(editor, " ")
    qtbot.waitUntil(lambda: len(renders) == 1, timeout=3000)   # one key renders without a pause
    during = []
    for char in "Typed live":                                # typing on, a key every ~40 ms
        qtbot.keyClicks(editor, char)
        qtbot.wait(40)
        during.append(len(renders))
    assert during[-1] - 1 >= 2                               # the preview repainted while typing
    assert during[-1] - 1 < len("Typed live")                # keys close together share a render
    qtbot.waitUntil(lambda: not window.live.debounce.isActive(), timeout=3000)
    update = renders[-1]
    assert not update.full and len(update.changed) == 1      # only the edited block
    qtbot.waitUntil(lambda: "Typed live" in js(qtbot, window, "document.body.innerText"), timeout=3000)
    line = js(qtbot, window, "(function(){var e=[...document.querySelectorAll('[data-source-line]')]"
                             ".find(x => x.textContent.indexOf('Typed live') >= 0);"
                             "return e ? e.getAttribute('data-source-line') : null;})()")
    assert line == "9"                                       # a line of the file, for scroll sync


def show_now(qtbot, window, text: str, marker: str) -> None:
    """Put ``text`` in the editor and render it at once (no debounce); wait until ``marker`` shows."""
    window.editor.apply_text(text)
    window.live.debounce.stop()
    window.live.render_now()
    qtbot.waitUntil(lambda: marker in js(qtbot, window, "document.body.innerText"), timeout=5000)


def test_patch_keeps_scroll_position(qtbot, window):
    long_body = POST + "".join(f"\nParagraph number {i} with some words in it.\n" for i in range(300))
    show_now(qtbot, window, long_body, "Paragraph number 299")
    js(qtbot, window, "window.scrollTo(0, 2000); 1")
    qtbot.waitUntil(lambda: window.preview.scroll_y() >= 1900, timeout=3000)
    before = window.preview.scroll_y()
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText("appended at the end")
    window.live.debounce.stop()
    window.live.render_now()
    qtbot.waitUntil(lambda: "appended at the end" in js(qtbot, window, "document.body.innerText"), timeout=5000)
    assert abs(window.preview.scroll_y() - before) < 2


def test_form_edit_changes_one_line_and_the_preview_follows(qtbot, window):
    title_edit = window.form.rows["title"].editor
    title_edit.setFocus()
    title_edit.selectAll()
    qtbot.keyClicks(title_edit, "New Title")
    lines = window.editor.toPlainText().splitlines()
    assert lines[3] == 'title = "New Title"'
    assert window.editor.toPlainText().replace('title = "New Title"', 'title = "Kubernetes SoCal Meetup"') == POST
    assert window.isWindowModified() and "post.md" in window.windowTitle()


def test_save_round_trip_through_the_ui(qtbot, window, post_path):
    original = post_path.read_bytes()
    window.save_action.trigger()
    assert post_path.read_bytes() == original                 # byte-identical when unedited
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "More.")
    assert window.isWindowModified()
    window.save_action.trigger()
    assert post_path.read_bytes() == original + b"More."
    assert not window.isWindowModified()
    assert post_path.resolve() in window.settings.recent_files()


def test_save_as_writes_a_new_file(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "copy.md"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: target)
    assert window.save_as()
    assert target.read_text() == POST
    assert window.session.path == target
    assert window.windowTitle().startswith("copy.md")


def test_close_with_unsaved_edits_asks_first(qtbot, window, monkeypatch, post_path):
    answers = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": answers.pop(0))
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "X")
    answers.append("cancel")
    window.close()
    assert window.isVisible()
    answers.append("save")
    window.close()
    assert not window.isVisible()
    assert post_path.read_text() == "X" + POST


def _drop(window, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def test_dropping_a_markdown_file_opens_it(qtbot, window, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("+++\ntitle = \"Dropped\"\n+++\n\nDropped body.\n")
    _drop(window, other)
    qtbot.waitUntil(lambda: window.session.path == other, timeout=3000)
    assert window.form.rows["title"].editor.text() == "Dropped"
    qtbot.waitUntil(lambda: "Dropped body." in js(qtbot, window, "document.body.innerText"), timeout=5000)


def test_dropping_onto_the_editor_opens_too(qtbot, window, tmp_path):
    other = tmp_path / "onto-editor.md"
    other.write_text("Just a body.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    assert window.editor.canInsertFromMimeData(mime)
    window.editor.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: window.session.path == other, timeout=3000)
    assert window.editor.toPlainText() == "Just a body.\n"   # opened, not pasted as a path


def test_layout_and_toggles_are_remembered(qtbot, window, settings, post_path):
    window.main_splitter.setSizes([400, 800])
    window.sync_action.setChecked(False)
    window.numbers_action.setChecked(False)
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again, before_close_func=discard_edits)
    again.resize(1200, 800)
    again.show()
    sizes = again.main_splitter.sizes()
    assert sizes[0] < sizes[1]
    assert not again.sync_action.isChecked()
    assert not again.editor.line_numbers()


def test_a_panel_shown_is_remembered_even_when_the_session_dies(qtbot, window, settings, monkeypatch):
    """The layout used to be saved on a clean close only: after a crash (or a killed session) the
    Checks panel the writer had opened was gone again."""
    from recap_editor.ui import window_layout

    monkeypatch.setattr(window_layout, "LAYOUT_SAVE_DELAY_MS", 50, raising=False)
    window.attach_extensions()
    dock = window.checks_panel.dock
    assert dock.isHidden()                            # first run: a clean three-pane window
    dock.show()                                       # Post > Checks Panel
    window.main_splitter.setSizes([300, 900])
    qtbot.wait(400)                                   # the writer works on
    # the process dies here: no closeEvent. What a new window reads from the settings file:
    reread = Settings(QSettings(settings._s.fileName(), QSettings.Format.IniFormat))
    again = MainWindow(reread)
    qtbot.addWidget(again, before_close_func=discard_edits)
    again.resize(1200, 800)
    again.show()
    again.attach_extensions()
    assert not again.checks_panel.dock.isHidden()
    sizes = again.main_splitter.sizes()
    assert sizes[0] < sizes[1] * 0.5


def test_status_bar_counts_words(qtbot, window):
    assert window.words_label.text().startswith("9 words")
    assert "1 min read" in window.words_label.text()


def test_scroll_sync_editor_to_preview(qtbot, window):
    long_body = POST + "".join(f"\n## Section {i}\n\nText of section {i}.\n" for i in range(120))
    show_now(qtbot, window, long_body, "Section 119")
    window.editor.scroll_to_line(200)
    qtbot.waitUntil(lambda: window.preview.scroll_y() > 500, timeout=3000)
    top_line = js(qtbot, window, "(function(){var els=document.querySelectorAll('[data-source-line]');"
                                 "for(var i=0;i<els.length;i++){if(els[i].getBoundingClientRect().bottom>4)"
                                 "return parseInt(els[i].getAttribute('data-source-line'));}return -1;})()")
    assert abs(top_line - window.editor.first_visible_line()) <= 4


def test_big_posts_render_on_a_worker_and_still_patch(qtbot, window, monkeypatch):
    import threading

    from recap_editor.ui import live_preview
    monkeypatch.setattr(live_preview, "BACKGROUND_ABOVE_CHARS", 10)
    threads = []
    real_update = window.live._renderer.update

    def spy(body):
        threads.append(threading.current_thread() is threading.main_thread())
        return real_update(body)

    monkeypatch.setattr(window.live._renderer, "update", spy)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("\nRendered off the GUI thread.\n")
    qtbot.waitUntil(lambda: "Rendered off the GUI thread." in js(qtbot, window, "document.body.innerText"),
                    timeout=5000)
    assert threads == [False]


def test_scroll_sync_preview_to_editor(qtbot, window):
    long_body = POST + "".join(f"\n## Section {i}\n\nText of section {i}.\n" for i in range(120))
    show_now(qtbot, window, long_body, "Section 119")
    js(qtbot, window, "document.querySelector('[data-source-line=\"300\"]').scrollIntoView(); 1")
    qtbot.waitUntil(lambda: abs(window.editor.first_visible_line() - 300) <= 3, timeout=3000)
    window.sync_action.setChecked(False)
    js(qtbot, window, "window.scrollTo(0, 0); 1")
    qtbot.wait(400)
    assert abs(window.editor.first_visible_line() - 300) <= 3      # the toggle turns it off


def test_light_and_dark_palettes(qtbot, window):
    from PySide6.QtGui import QPalette

    from recap_editor.ui.theme import apply_theme
    app = QApplication.instance()
    try:
        apply_theme(app, dark=True)
        assert app.palette().color(QPalette.ColorRole.Base).lightness() < 80
        assert app.palette().color(QPalette.ColorRole.Text).lightness() > 180
        apply_theme(app, dark=False)
        assert app.palette().color(QPalette.ColorRole.Base).lightness() > 200
        hints = app.styleHints()
        hints.setColorScheme(Qt.ColorScheme.Dark)
        if hints.colorScheme() == Qt.ColorScheme.Dark:   # platforms that let us pretend
            apply_theme(app)
            assert app.palette().color(QPalette.ColorRole.Base).lightness() < 80
        hints.unsetColorScheme()
    finally:
        apply_theme(app)


def test_many_qt_calls_do_not_exhaust_none(qtbot):
    """PySide6 6.12.0 dropped a reference to None per void call and aborted Python 3.11; the pin
    in pyproject.toml keeps such a release out. 200k calls would abort a leaking binding."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(200_000):
        label.setText(str(i))
    assert sys.getrefcount(None) >= before - 100
