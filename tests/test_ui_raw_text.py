"""The editor's text is raw text (issue #11): typing, deleting, Enter and form edits change only
what they touch. No-break spaces, U+2028/U+2029, lone CR, mixed CRLF/LF and a BOM elsewhere keep
their code points after an edit and a save.

The property test types random edits into the real editor widget with qtbot and compares the raw
text with the original text spliced by hand at the same place.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402

from recap_editor.document.schema import DEFAULT_SCHEMA  # noqa: E402
from recap_editor.ui.editor import MarkdownEditor  # noqa: E402
from recap_editor.ui.form import FrontMatterForm  # noqa: E402
from recap_editor.ui.raw_text import count_words, split_lines, units  # noqa: E402
from recap_editor.ui.session import PostSession  # noqa: E402

from conftest import wait_until_opened  # noqa: E402

pytestmark = pytest.mark.timeout(120)

ODD = "+++\ntitle = \"Odd\"\r\ndate = 2016-05-12\n+++\n\nNo\u00a0break\u00a0spaces.\r\nLine\u2028separator and\u2029paragraph.\rLone CR.\nMixed\r\nend\ufeffing 😀\r\n\r\nlast"

PIECES = ["a", "b", " ", "é", "😀", "\u00a0", "\u2028", "\u2029", "\r", "\n", "\r\n", "\ufeff", "#", "*"]


def raw_offset(raw: str, position: int) -> int:
    """The index in ``raw`` of Qt position ``position`` (block separators are one unit)."""
    offset = 0
    for line in split_lines(raw):
        ending = len(line) - len(line.rstrip("\n\r\u2029\ufdd0\ufdd1")) if line else 0
        ending = 2 if line.endswith("\r\n") else (1 if ending else 0)
        content = line[: len(line) - ending]
        if position <= units(content):
            index, seen = 0, 0
            while seen < position:
                seen += 2 if content[index] > "\uffff" else 1
                index += 1
            return offset + index
        position -= units(content) + 1
        offset += len(line)
    return len(raw)


def spliced(raw: str, start: int, end: int, typed: str) -> str:
    """``raw`` with ``raw[start:end]`` replaced by ``typed``: what the editor must hold after the
    edit. One exception keeps what the writer sees: when the edit leaves a lone CR line ending right
    before an empty LF line, that LF becomes a CR (CR then LF would read back as ONE line ending)."""
    head, tail = raw[:start] + typed, raw[end:]
    if head.endswith("\r") and tail.startswith("\n") and not raw[start:end].endswith("\r"):
        tail = "\r" + tail[1:]
    return head + tail


def snap(editor: MarkdownEditor, position: int) -> int:
    """``position`` moved off the middle of a surrogate pair (a cursor a writer moves never lands
    there; only a program could put it there)."""
    text = editor.toPlainText()
    seen = 0
    for ch in text:
        width = 2 if ch > "\uffff" else 1
        if seen + width > position:
            return seen
        seen += width
    return seen


@pytest.fixture
def editor(qtbot):
    widget = MarkdownEditor()
    qtbot.addWidget(widget)
    return widget


def _select(editor: MarkdownEditor, start: int, end: int) -> None:
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=40),
       edits=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1),
                                st.text(alphabet="xyz #é😀\u00a0", max_size=3)), min_size=1, max_size=4))
def test_random_typing_changes_only_the_edited_region(editor, qtbot, pieces, edits):
    raw = "".join(pieces)
    editor.setPlainText(raw)
    assert editor.raw_text() == raw
    for a, b, typed in edits:
        size = editor.document().characterCount() - 1
        start, end = sorted((snap(editor, round(a * size)), snap(editor, round(b * size))))
        _select(editor, start, end)
        # Qt never puts the cursor inside a surrogate pair: take the selection it made.
        start, end = editor.textCursor().selectionStart(), editor.textCursor().selectionEnd()
        body = editor.raw_text()
        prefix = len(raw) - len(raw.lstrip("\ufeff"))   # the file's leading BOMs: not in Qt's document
        expected = spliced(body, prefix + raw_offset(body[prefix:], start),
                           prefix + raw_offset(body[prefix:], end), typed)
        if typed.isascii() and typed:
            qtbot.keyClicks(editor, typed)          # typed on the keyboard
        elif typed:
            editor.textCursor().insertText(typed)   # pasted (QTest types ASCII only)
        elif end > start:
            qtbot.keyClick(editor, Qt.Key.Key_Delete)
        else:
            continue
        assert editor.raw_text() == expected
        assert editor.total_words() == count_words(expected)   # kept per edit, never recounted


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
def test_enter_gives_the_new_line_the_ending_of_the_line_it_splits(editor, qtbot, line_end):
    other = "\n" if line_end != "\n" else "\r\n"
    raw = f"first{other}split here{line_end}last{other}"
    editor.setPlainText(raw)
    cursor = editor.textCursor()
    cursor.setPosition(len("first") + 1 + len("split"))
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.raw_text() == f"first{other}split{line_end} here{line_end}last{other}"
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.raw_text() == raw


def test_backspace_over_a_crlf_removes_both_characters(editor, qtbot):
    editor.setPlainText("a\r\nb\nc")
    cursor = editor.textCursor()
    cursor.setPosition(2)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.raw_text() == "ab\nc"


def test_apply_text_keeps_untouched_lines(editor):
    editor.setPlainText(ODD)
    changed = ODD.replace('"Odd"', '"Even"')
    assert editor.apply_text(changed)
    assert editor.raw_text() == changed
    assert editor.document().blockCount() == len(split_lines(changed))


@pytest.fixture
def session(qtbot):
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    s = PostSession(editor, autosave_ms=60_000)
    yield s
    s.close_cleanly()


def test_one_typed_character_and_save_changes_one_character(session, tmp_path, qtbot):
    path = tmp_path / "odd.md"
    data = ("\ufeff" + ODD).encode("utf-8")
    path.write_bytes(data)
    session.open(path)
    wait_until_opened(qtbot, session)
    body_at = session.editor.toPlainText().index("No")
    cursor = session.editor.textCursor()
    cursor.setPosition(body_at)
    session.editor.setTextCursor(cursor)
    qtbot.keyClicks(session.editor, "X")
    assert session.save()
    assert path.read_bytes() == data.replace("No\u00a0".encode(), "XNo\u00a0".encode(), 1)


def test_a_form_edit_changes_only_that_field(session, tmp_path, qtbot):
    path = tmp_path / "odd.md"
    data = ("\ufeff" + ODD).encode("utf-8")
    path.write_bytes(data)
    session.open(path)
    wait_until_opened(qtbot, session)
    form = FrontMatterForm(DEFAULT_SCHEMA)
    qtbot.addWidget(form)
    session.attach_form(form)
    session.set_field("title", "Even")
    assert session.save()
    assert path.read_bytes() == data.replace(b'"Odd"', b'"Even"')


def test_a_huge_post_is_shown_plain_and_still_raw(editor, qtbot):
    from recap_editor.ui.editor import LARGE_TEXT_CHARS

    text = "Line with\u00a0nbsp\r\n" * (LARGE_TEXT_CHARS // 10)
    editor.setPlainText(text)
    assert editor.large_text and editor.highlighter.document() is None
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "x")
    assert editor.raw_text() == text + "x"
    editor.setPlainText("# small\n")
    assert not editor.large_text and editor.highlighter.document() is editor.document()
