"""Find and replace bar shown under the source editor (Ctrl+F, Ctrl+H, Esc closes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton,
                               QVBoxLayout, QWidget)


class FindBar(QWidget):
    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.find_edit = QLineEdit(placeholderText="Find")
        self.replace_edit = QLineEdit(placeholderText="Replace with")
        self.case = QCheckBox("Match case")
        self.find_edit.setMinimumWidth(180)
        self.replace_edit.setMinimumWidth(180)
        self.status = QLabel()

        def button(text: str, slot, tip: str = "") -> QToolButton:
            b = QToolButton(text=text, toolTip=tip, autoRaise=True)
            b.clicked.connect(slot)
            return b

        top = QHBoxLayout()
        top.addWidget(self.find_edit, 1)
        top.addWidget(button("Previous", self.find_previous, "Shift+F3"))
        top.addWidget(button("Next", self.find_next, "F3"))
        top.addWidget(self.case)
        top.addWidget(self.status)
        top.addWidget(button("✕", self.close_bar, "Close (Esc)"))
        self._replace_row = QWidget()
        bottom = QHBoxLayout(self._replace_row)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.replace_edit, 1)
        bottom.addWidget(button("Replace", self.replace_one))
        bottom.addWidget(button("Replace all", self.replace_all))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self._replace_row)

        self.find_edit.returnPressed.connect(self.find_next)
        self.replace_edit.returnPressed.connect(self.replace_one)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

    def open_find(self, replace: bool = False) -> None:
        self._replace_row.setVisible(replace)
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _find(self, backward: bool) -> bool:
        needle = self.find_edit.text()
        if not needle:
            return False
        if self._editor.find(needle, self._flags(backward)):
            self.status.setText("")
            return True
        # wrap around once
        cursor = self._editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self._editor.setTextCursor(cursor)
        found = self._editor.find(needle, self._flags(backward))
        self.status.setText("Wrapped" if found else "Not found")
        return found

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _selection_matches(self) -> bool:
        selected = self._editor.textCursor().selectedText()
        needle = self.find_edit.text()
        if self.case.isChecked():
            return selected == needle
        return selected.lower() == needle.lower()

    def replace_one(self) -> None:
        if self.find_edit.text() and self._selection_matches():
            self._editor.textCursor().insertText(self.replace_edit.text())
        self.find_next()

    def replace_all(self) -> int:
        needle = self.find_edit.text()
        if not needle:
            return 0
        count = 0
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()  # one undo step for the whole replacement
        doc = self._editor.document()
        found = doc.find(needle, 0, self._flags())
        while not found.isNull():
            found.insertText(self.replace_edit.text())
            count += 1
            found = doc.find(needle, found.position(), self._flags())
        cursor.endEditBlock()
        self.status.setText(f"{count} replaced")
        return count
