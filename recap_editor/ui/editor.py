"""The Markdown source editor: a QPlainTextEdit with line numbers, soft wrap and minimal edits.

`apply_text` turns a whole new text into the smallest replacement (common prefix and suffix kept), so
a form edit changes one line of the editor, keeps the cursor and stays one step on the undo stack.

The text is raw text: `raw_text()` is exactly what the writer's file holds plus their edits (no-break
spaces, U+2028/U+2029, lone CR and each line's own ending kept), tracked edit by edit beside Qt's
document (:mod:`recap_editor.ui.raw_text`). Everyone who needs the post's text calls `raw_text()`,
never `toPlainText()` (which normalises); `toPlainText()` stays right for Qt *positions* only.
"""

from __future__ import annotations


from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPainter, QPalette, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from recap_editor.ui.highlighter import MarkdownHighlighter
from recap_editor.ui.raw_text import RawLines, count_words, qt_position

WORDS_PER_MINUTE = 230
LARGE_TEXT_CHARS = 2_000_000   # above this, no syntax highlighting (see setPlainText)


def word_count(text: str) -> int:
    return count_words(text)


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0


def editor_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    for family in ("JetBrains Mono", "Fira Code", "Source Code Pro", "DejaVu Sans Mono", "Liberation Mono"):
        if family in QFontDatabase.families():
            font = QFont(family)
            break
    font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def _common_prefix(a: str, b: str) -> int:
    """Length of the common start; slices compare in C, so a megabyte costs microseconds."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common end, at most `limit` (so it never overlaps the common start)."""
    lo, hi = 0, limit
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _local_files(mime) -> list:
    from pathlib import Path
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class _LineNumbers(QWidget):
    def __init__(self, editor: "MarkdownEditor") -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._editor.line_number_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._editor.paint_line_numbers(event)


class MarkdownEditor(QPlainTextEdit):
    """Source editor.  `first_visible_line_changed(line)` is 1-based, for scroll sync."""

    first_visible_line_changed = Signal(int)
    files_dropped = Signal(list)        # local files dropped or pasted: the window decides what to do

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._raw = RawLines("")
        self._raw_prefix = ""
        self._raw_paused = False
        self.large_text = False   # shown without highlighting (too big to highlight at once)
        # Connected before any highlighter, so the raw text follows each edit before anyone else
        # (a highlighter, textChanged listeners) looks at the document.
        self.document().contentsChange.connect(self._on_contents_change)
        self.setFont(editor_font())
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setCenterOnScroll(False)
        self.document().setDocumentMargin(10)
        self.highlighter = MarkdownHighlighter(self.document(), self.palette())
        self._numbers = _LineNumbers(self)
        self._show_numbers = True
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._update_numbers)
        self.cursorPositionChanged.connect(self._numbers.update)
        self.verticalScrollBar().valueChanged.connect(
            lambda _v: self.first_visible_line_changed.emit(self.first_visible_line()))
        self._update_margins()
        self.set_soft_wrap(True)

    # -- options -----------------------------------------------------------------------------
    def set_soft_wrap(self, on: bool) -> None:
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth if on else QPlainTextEdit.LineWrapMode.NoWrap)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def soft_wrap(self) -> bool:
        return self.lineWrapMode() != QPlainTextEdit.LineWrapMode.NoWrap

    def set_line_numbers(self, on: bool) -> None:
        self._show_numbers = on
        self._numbers.setVisible(on)
        self._update_margins()

    def line_numbers(self) -> bool:
        return self._show_numbers

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self.highlighter.set_palette(self.palette())

    # -- text ----------------------------------------------------------------------------------
    def raw_text(self) -> str:
        """The exact text (what saving writes): untouched parts keep every code point and ending."""
        return self._raw_prefix + self._raw.text()

    def total_words(self) -> int:
        """Words in the whole text, kept per line: cheap after every keystroke at any size."""
        return self._raw.words()

    def setPlainText(self, text: str) -> None:  # noqa: N802 - Qt override
        """Show ``text`` as the raw text (Qt's copy is normalised; ours is not)."""
        # Qt drops byte order marks at the very start of a document: they are kept here, unseen.
        body = text.lstrip("\ufeff")
        # Highlighting runs over every block at once, on the GUI thread (seconds for a 20 MB paste):
        # a post that large is shown plain, so it opens at once and typing stays immediate.
        self.large_text = len(body) > LARGE_TEXT_CHARS
        if self.large_text and self.highlighter.document() is not None:
            self.highlighter.setDocument(None)
        self._raw_paused = True
        try:
            super().setPlainText(body)
        finally:
            self._raw_paused = False
        if not self.large_text and self.highlighter.document() is None:
            self.highlighter.setDocument(self.document())
            self.highlighter.rehighlight()   # now, as setPlainText does while attached
        self._raw_prefix = text[: len(text) - len(body)]
        self._raw = RawLines(body)

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._raw_paused or (removed == 0 and added == 0):
            return
        doc = self.document()
        block = doc.findBlock(position)
        if not block.isValid():
            block = doc.lastBlock()
        end = min(position + added, doc.characterCount() - 1)
        inserted = ""
        if end > position:
            cursor = QTextCursor(doc)
            cursor.setPosition(position)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            inserted = cursor.selectedText()
        # A change reported at the very end may count Qt's implicit final separator on both sides.
        removed -= max(0, added - (end - position))
        self._raw.apply(block.blockNumber(), position - block.position(), max(removed, 0), inserted)
        if len(self._raw) != doc.blockCount():   # never expected: resynchronise rather than drift
            self._raw = RawLines(self._raw.text())

    def apply_text(self, new_text: str, join_previous: bool = False) -> bool:
        """Replace only the part of the raw text that differs from `new_text`: one undo step, or
        part of the previous one (``join_previous``: the keystrokes of one form field).

        The edit block is this method's own, never nested in a caller's: Qt reports the change
        (``contentsChange``, which keeps the raw text) only when the outermost block ends."""
        if self.raw_text() == new_text:
            return False
        if not new_text.startswith(self._raw_prefix) or new_text[len(self._raw_prefix):][:1] == "\ufeff":
            self.setPlainText(new_text)   # the unseen leading BOMs themselves changed
            return True
        old, new_text = self._raw.text(), new_text[len(self._raw_prefix):]
        start = _common_prefix(old, new_text)
        tail = _common_suffix(old, new_text, min(len(old), len(new_text)) - start)
        # Never cut between the CR and LF of one line ending: Qt sees them as one separator.
        if start > 0 and old[start - 1] == "\r":
            start -= 1
        while tail > 0 and old[len(old) - tail] == "\n" and (
                old[len(old) - tail - 1: len(old) - tail] == "\r"
                or new_text[len(new_text) - tail - 1: len(new_text) - tail] == "\r"):
            tail -= 1
        end_old, end_new = len(old) - tail, len(new_text) - tail
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_position(old, start))
        cursor.setPosition(qt_position(old, end_old), QTextCursor.MoveMode.KeepAnchor)
        if join_previous:
            cursor.joinPreviousEditBlock()
        else:
            cursor.beginEditBlock()
        cursor.insertText(new_text[start:end_new])
        cursor.endEditBlock()
        if self._raw.text() != new_text:
            # Qt's edit carried new line endings its way; the raw text is what was asked for.
            raw = RawLines(new_text)
            if len(raw) == self.document().blockCount():
                self._raw = raw
        return True

    def insert_at_cursor(self, text: str) -> None:
        self.textCursor().insertText(text)
        self.setFocus()

    # -- dropped files -------------------------------------------------------------------------
    def canInsertFromMimeData(self, source) -> bool:  # noqa: N802 - Qt override
        return bool(_local_files(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source) -> None:  # noqa: N802 - Qt override
        files = _local_files(source)
        if files:
            self.files_dropped.emit(files)   # never paste a file's path as text
        else:
            super().insertFromMimeData(source)

    # -- lines & scrolling ---------------------------------------------------------------------
    def first_visible_line(self) -> int:
        block = self.firstVisibleBlock()
        return block.blockNumber() + 1 if block.isValid() else 1

    def scroll_to_line(self, line: int) -> None:
        """Put 1-based `line` at the top of the view without moving the cursor."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            return
        bar = self.verticalScrollBar()
        # QPlainTextEdit scrolls by blocks (one bar step per line when not wrapped, per block otherwise)
        bar.setValue(min(bar.maximum(), block.firstLineNumber() if self.soft_wrap() else block.blockNumber()))

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.setTextCursor(QTextCursor(block))
            self.centerCursor()

    # -- line numbers --------------------------------------------------------------------------
    def line_number_width(self) -> int:
        if not self._show_numbers:
            return 0
        digits = max(3, len(str(self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margins(self, _count: int = 0) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _update_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._numbers.setGeometry(QRect(rect.left(), rect.top(), self.line_number_width(), rect.height()))

    def paint_line_numbers(self, event) -> None:
        painter = QPainter(self._numbers)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        current = self.textCursor().blockNumber()
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self._numbers.width() - 6
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                painter.setPen(palette.color(QPalette.ColorRole.Text) if block.blockNumber() == current else dim)
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(block.blockNumber() + 1))
            block = block.next()
            top = bottom
        painter.end()
