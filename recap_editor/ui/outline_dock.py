"""The Outline: the post's headings in a dock; a click jumps there in the editor and the preview,
and the section the cursor is in stays highlighted."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTreeWidget, QTreeWidgetItem

from recap_editor.document.outline import Heading, outline

LINE_ROLE = Qt.ItemDataRole.UserRole


class OutlineView(QTreeWidget):
    def __init__(self, editor: QPlainTextEdit, scroll_preview: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.setObjectName("outline")
        self.editor = editor
        self.scroll_preview = scroll_preview
        self.headings: list[Heading] = []
        self.setHeaderHidden(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIndentation(14)
        self._refresh_timer = QTimer(self, singleShot=True, interval=300)
        self._refresh_timer.timeout.connect(self.refresh)
        editor.textChanged.connect(self._refresh_timer.start)
        editor.cursorPositionChanged.connect(self.follow_cursor)
        self.itemClicked.connect(lambda item, _col: self.jump(item.data(0, LINE_ROLE)))
        self.itemActivated.connect(lambda item, _col: self.jump(item.data(0, LINE_ROLE)))
        self.refresh()

    def refresh(self) -> None:
        headings = outline(self.editor.toPlainText())
        if headings == self.headings:
            return
        self.headings = headings
        self.clear()
        parents: list[tuple[int, QTreeWidgetItem]] = []
        for heading in headings:
            while parents and parents[-1][0] >= heading.level:
                parents.pop()
            item = QTreeWidgetItem([heading.title or "(untitled)"])
            item.setData(0, LINE_ROLE, heading.line)
            item.setToolTip(0, f"Line {heading.line}")
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.addTopLevelItem(item)
            parents.append((heading.level, item))
        self.expandAll()
        self.follow_cursor()

    def items(self) -> list[QTreeWidgetItem]:
        out, stack = [], [self.topLevelItem(i) for i in range(self.topLevelItemCount())][::-1]
        while stack:
            item = stack.pop()
            out.append(item)
            stack.extend(item.child(i) for i in range(item.childCount() - 1, -1, -1))
        return out

    def current_heading_line(self) -> int | None:
        line = self.editor.textCursor().blockNumber() + 1
        current = None
        for heading in self.headings:
            if heading.line > line:
                break
            current = heading.line
        return current

    def follow_cursor(self) -> None:
        line = self.current_heading_line()
        self.blockSignals(True)
        try:
            self.clearSelection()
            for item in self.items():
                if item.data(0, LINE_ROLE) == line:
                    self.setCurrentItem(item)
                    self.scrollToItem(item)
                    break
        finally:
            self.blockSignals(False)

    def jump(self, line: int | None) -> None:
        if not line:
            return
        self.editor.go_to_line(line)
        self.editor.setFocus()
        if self.scroll_preview is not None:
            self.scroll_preview(line)
