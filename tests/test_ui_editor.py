"""The source editor: minimal edits, find/replace, word counts, highlighting states."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from recap_editor.ui.editor import MarkdownEditor, reading_minutes, word_count  # noqa: E402
from recap_editor.ui.findbar import FindBar  # noqa: E402
from recap_editor.ui.highlighter import FENCE, FRONT_MATTER, NORMAL  # noqa: E402

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def editor(qtbot):
    widget = MarkdownEditor()
    qtbot.addWidget(widget)
    return widget


def test_apply_text_replaces_only_the_changed_span_as_one_undo_step(editor):
    editor.setPlainText("+++\ntitle = \"Old\"\n+++\n\nBody line\n")
    cursor = editor.textCursor()
    cursor.setPosition(len(editor.toPlainText()) - 3)
    editor.setTextCursor(cursor)
    changes = []
    editor.document().contentsChange.connect(lambda pos, removed, added: changes.append((pos, removed, added)))
    assert editor.apply_text("+++\ntitle = \"New\"\n+++\n\nBody line\n")
    assert editor.toPlainText() == "+++\ntitle = \"New\"\n+++\n\nBody line\n"
    assert changes == [(13, 3, 3)]            # "Old" -> "New" and nothing else
    assert editor.textCursor().position() == len(editor.toPlainText()) - 3   # cursor kept
    editor.undo()
    assert editor.toPlainText() == "+++\ntitle = \"Old\"\n+++\n\nBody line\n"
    assert not editor.apply_text(editor.toPlainText())


def test_find_and_replace_all_is_one_undo_step(editor, qtbot):
    bar = FindBar(editor)
    qtbot.addWidget(bar)
    editor.setPlainText("cat dog Cat cat")
    bar.open_find(replace=True)
    bar.find_edit.setText("cat")
    bar.replace_edit.setText("bird")
    assert bar.find_next()
    assert editor.textCursor().selectedText() == "cat"
    assert bar.replace_all() == 3
    assert editor.toPlainText() == "bird dog bird bird"
    editor.undo()
    assert editor.toPlainText() == "cat dog Cat cat"
    bar.case.setChecked(True)
    assert bar.replace_all() == 2
    assert editor.toPlainText() == "bird dog Cat bird"
    bar.find_edit.setText("zebra")
    assert not bar.find_next()
    assert bar.status.text() == "Not found"


def test_word_count_and_reading_time():
    assert word_count("Hello, world! It's a **fine** day.") == 6
    assert reading_minutes(0) == 0
    assert reading_minutes(10) == 1
    assert reading_minutes(230 * 4) == 4


def test_highlighter_tracks_front_matter_and_fences(editor):
    editor.setPlainText("+++\ntitle = \"x\"\n+++\n\n```python\nprint(1)\n```\nafter\n")
    states = [editor.document().findBlockByNumber(i).userState() for i in range(8)]
    assert states[:3] == [FRONT_MATTER, FRONT_MATTER, NORMAL]
    assert states[4:7] == [FENCE, FENCE, NORMAL]
    assert states[7] == NORMAL


def test_line_numbers_and_wrap_toggle(editor):
    editor.setPlainText("\n".join(str(i) for i in range(2000)))
    assert editor.line_number_width() > 0
    editor.set_line_numbers(False)
    assert editor.line_number_width() == 0
    editor.set_soft_wrap(False)
    assert not editor.soft_wrap()
