"""Focus mode: everything but the paragraph being written is dimmed."""

from __future__ import annotations

from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from recap_editor.ui.editor_layers import layers_for


def paragraph_bounds(editor: QPlainTextEdit) -> tuple[int, int]:
    """Start and end positions of the run of non-blank lines around the cursor."""
    block = editor.textCursor().block()
    first = last = block
    while first.previous().isValid() and first.previous().text().strip() and block.text().strip():
        first = first.previous()
    while last.next().isValid() and last.next().text().strip() and block.text().strip():
        last = last.next()
    return first.position(), last.position() + last.length() - 1


class FocusMode:
    def __init__(self, editor: QPlainTextEdit) -> None:
        self.editor = editor
        self.active = False
        self._bounds: tuple[int, int] | None = None
        editor.cursorPositionChanged.connect(self._update)
        editor.textChanged.connect(self._update)

    def set_active(self, on: bool) -> None:
        self.active = on
        self._bounds = None
        self._update()

    def _update(self) -> None:
        if not self.active:
            layers_for(self.editor).set("focus", [])
            return
        bounds = paragraph_bounds(self.editor)
        if bounds == self._bounds:
            return
        self._bounds = bounds
        dim = QTextCharFormat()
        palette = self.editor.palette()
        text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        dim.setForeground(_mix(text, base, 0.35))
        end_of_text = self.editor.document().characterCount() - 1
        selections = []
        for start, end in ((0, bounds[0]), (bounds[1], end_of_text)):
            if end <= start:
                continue
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = dim
            selections.append(selection)
        layers_for(self.editor).set("focus", selections)

    def dimmed_ranges(self) -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in layers_for(self.editor).get("focus")]


def _mix(a, b, amount: float):
    """`a` moved toward `b`: text colour faded into the background."""
    from PySide6.QtGui import QColor

    return QColor(round(a.red() * amount + b.red() * (1 - amount)),
                  round(a.green() * amount + b.green() * (1 - amount)),
                  round(a.blue() * amount + b.blue() * (1 - amount)))
