"""Misspellings underlined in the source editor, with suggestions on right-click.

Checking runs on a pool thread over the lines on screen (plus a margin), a moment after typing or
scrolling stops, so typing never waits for it. A result for an older text is dropped and the check
runs again; the underlines are QTextCursor ranges, so they move with edits made in between.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit

from recap_editor.spelling.names import post_names
from recap_editor.spelling.speller import Speller
from recap_editor.spelling.words import leading_lines, prose_words
from recap_editor.ui.editor_layers import layers_for
from recap_editor.ui.workers import run_in_background

_log = logging.getLogger(__name__)
CHECK_DELAY_MS = 250
MARGIN_LINES = 40   # checked beyond the screen, so a short scroll shows marks at once


def find_misspellings(text: str, first_line: int, last_line: int, speller: Speller) -> list[tuple[int, int, int, str]]:
    """(line, column, end column, word) of unknown words on lines first..last; columns count
    UTF-16 units, as Qt's text positions do. Runs on a worker thread."""
    lines = [line.rstrip("\n") for line in leading_lines(text, last_line)]   # not the whole of a huge post
    line_starts, total = [], 0
    for line_text in lines:
        line_starts.append(total)
        total += len(line_text) + 1
    out = []
    names = post_names(text, speller, first_line, last_line)   # the post's speakers, companies, places
    for word in prose_words(text, first_line, last_line):
        if speller.is_correct(word.text, names):
            continue
        line_text = lines[word.line - 1]
        column = _utf16_len(line_text[:word.start - line_starts[word.line - 1]])
        out.append((word.line, column, column + _utf16_len(word.text), word.text))
    return out


def _utf16_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


class SpellMarks(QObject):
    """Underlines unknown words in `editor`; `set_speller(None)` turns checking off."""

    checked = Signal()   # new marks are on screen
    words_accepted = Signal(str)   # a word added to the dictionary or ignored

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent or editor)
        self.editor = editor
        self.speller: Speller | None = None
        self.enabled = True
        self._marks: list[tuple[QTextCursor, str]] = []
        self._running = False
        self._again = False
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(QColor("#e0393e"))
        editor.textChanged.connect(self._timer.start)
        editor.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._show_menu)

    # -- checking ------------------------------------------------------------------------------
    def set_speller(self, speller: Speller | None) -> None:
        self.speller = speller
        self.check_now()

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self.check_now()

    def visible_lines(self) -> tuple[int, int]:
        editor = self.editor
        first = editor.firstVisibleBlock().blockNumber() + 1
        bottom = editor.cursorForPosition(QPoint(0, editor.viewport().height() - 1)).blockNumber() + 1
        return max(1, first - MARGIN_LINES), bottom + MARGIN_LINES

    def check_now(self) -> None:
        if self.speller is None or not self.enabled:
            self._marks = []
            layers_for(self.editor).set("spelling", [])
            return
        if self._running:
            self._again = True
            return
        self._running = True
        revision = self.editor.document().revision()
        first, last = self.visible_lines()
        run_in_background(find_misspellings, self.editor.toPlainText(), first, last, self.speller,
                          on_done=lambda found: self._show(found, revision),
                          on_error=self._failed, parent=self)

    def _failed(self, message: str) -> None:
        _log.error("spell check failed: %s", message)   # a checker bug must not touch the text
        self._finish()

    def _finish(self) -> bool:
        """True when this result is stale because a check was asked for meanwhile (another
        speller, a scroll): that check starts now and this result is dropped."""
        self._running = False
        if self._again:
            self._again = False
            self.check_now()
            return True
        return False

    def _show(self, found: list, revision: int) -> None:
        if self._finish():
            return
        document = self.editor.document()
        if revision != document.revision():
            self._timer.start()   # typed meanwhile: the old marks move with the text until then
            return
        marks, selections = [], []
        for line, column, end, word in found:
            block = document.findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + column)
            cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = self._format
            selections.append(selection)
            marks.append((cursor, word))
        self._marks = marks
        layers_for(self.editor).set("spelling", selections)
        self.checked.emit()

    def misspelled(self) -> list[str]:
        """The underlined words, in order (what a test or the status bar reads)."""
        return [cursor.selectedText() for cursor, _word in self._marks]

    def mark_at(self, position: int) -> QTextCursor | None:
        for cursor, _word in self._marks:
            if cursor.selectionStart() <= position <= cursor.selectionEnd() and cursor.hasSelection():
                return cursor
        return None

    # -- the context menu ------------------------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu:
        """The editor's menu, with suggestions, Add to Dictionary and Ignore over a marked word."""
        editor = self.editor
        menu = editor.createStandardContextMenu(pos)
        mark = self.mark_at(editor.cursorForPosition(pos).position())
        if mark is None or self.speller is None:
            return menu
        word = mark.selectedText()
        first = menu.actions()[0] if menu.actions() else None
        items: list[QAction] = []
        suggestions = self.speller.suggestions(word)
        for suggestion in suggestions:
            action = QAction(suggestion, menu)
            font = action.font()
            font.setBold(True)
            action.setFont(font)
            action.triggered.connect(lambda _c=False, s=suggestion, m=mark: self.replace(m, s))
            items.append(action)
        if not suggestions:
            none = QAction("(no suggestions)", menu)
            none.setEnabled(False)
            items.append(none)
        add = QAction(f"Add “{word}” to Dictionary", menu)
        add.triggered.connect(lambda: self.add_to_dictionary(word))
        ignore = QAction(f"Ignore “{word}”", menu)
        ignore.triggered.connect(lambda: self.ignore(word))
        separator = QAction(menu)
        separator.setSeparator(True)
        menu.insertActions(first, [*items, add, ignore, separator])
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        menu.exec(self.editor.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def replace(self, mark: QTextCursor, text: str) -> None:
        cursor = QTextCursor(mark)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()

    def add_to_dictionary(self, word: str) -> None:
        if self.speller is not None:
            self.speller.add_to_personal(word)
        self.check_now()
        self.words_accepted.emit(word)

    def ignore(self, word: str) -> None:
        if self.speller is not None:
            self.speller.ignore(word)
        self.check_now()
        self.words_accepted.emit(word)

