"""Offsets between Python strings and Qt text positions, and one-step span replacement.

Qt counts UTF-16 code units, Python code points; the two differ after every emoji.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor


def qt_position(text: str, index: int) -> int:
    """The Qt document position of Python index ``index`` in ``text``."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


def py_index(text: str, position: int) -> int:
    """The Python index in ``text`` of Qt document position ``position``."""
    if text.isascii():
        return min(position, len(text))
    units = 0
    for index, ch in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def replace_span(editor, text: str, start: int, end: int, replacement: str) -> QTextCursor:
    """Replace ``text[start:end]`` (Python indexes into the editor's text) as ONE undo step.

    Returns the cursor, left just after the inserted text.
    """
    cursor = QTextCursor(editor.document())
    cursor.setPosition(qt_position(text, start))
    cursor.setPosition(qt_position(text, end), QTextCursor.MoveMode.KeepAnchor)
    cursor.beginEditBlock()
    cursor.insertText(replacement)
    cursor.endEditBlock()
    return cursor
