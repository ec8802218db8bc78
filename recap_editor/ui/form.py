"""The front-matter form: one widget per schema field, kept in step with the post's text.

The form never owns data: it shows `post.fields` and turns each edit into a typed value (via the
schema's `parse_value`) that it emits as `field_edited(name, value)`; the window applies it with
`Post.set`, so exactly that field's line changes in the editor.  When the front matter cannot be
parsed, a banner shows the error and the widgets keep their last values, read-only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QStringListModel, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (QCalendarWidget, QCheckBox, QComboBox, QCompleter, QFormLayout,
                               QLabel, QLineEdit, QMenu, QPlainTextEdit, QSizePolicy,
                               QVBoxLayout, QWidget, QWidgetAction)

from recap_editor.document.schema import Field, Schema
from recap_editor.paths import resource_path


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{k} = {v}" for k, v in value.items())
    return str(value)


class _MultiCompleter(QCompleter):
    """Completes the comma-separated item under the cursor (tags: "Meetup, So|" -> "SoCal")."""

    def __init__(self, words: Iterable[str], edit: QLineEdit) -> None:
        super().__init__(sorted(set(words), key=str.lower), edit)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setWidget(edit)
        self.activated.connect(self._insert)
        edit.textEdited.connect(self._update)

    def _current_item(self) -> str:
        return self._edit.text()[: self._edit.cursorPosition()].split(",")[-1].strip()

    def _update(self, _text: str) -> None:
        prefix = self._current_item()
        if not prefix:
            self.popup().hide()
            return
        self.setCompletionPrefix(prefix)
        if self.completionCount():
            self.complete()
        else:
            self.popup().hide()

    def _insert(self, word: str) -> None:
        text, pos = self._edit.text(), self._edit.cursorPosition()
        head, tail = text[:pos], text[pos:]
        before = head.rsplit(",", 1)[0] + ", " if "," in head else ""
        rest = tail.split(",", 1)[1] if "," in tail else ""
        new = before + word + ("," + rest if rest else "")
        self._edit.setText(new)
        self._edit.setCursorPosition(len(before + word))
        self._edit.editingFinished.emit()

    def set_words(self, words: Iterable[str]) -> None:
        model = self.model()
        if isinstance(model, QStringListModel):
            model.setStringList(sorted(set(words), key=str.lower))


class _UndoGoesToThePost(QObject):
    """Ctrl+Z in a field undoes the post's last step (a whole field edit), like Edit › Undo.

    A line edit's own undo knows only its own keystrokes, and forgets them whenever the form
    shows a new value; the post's undo history holds every field edit as one step.
    """

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()   # not the line edit's: the window's Undo/Redo shortcut takes it
            return True
        return False


_UNDO_GOES_TO_THE_POST = _UndoGoesToThePost()


class FieldRow(QWidget):
    """One field: its editor widget and an inline problem label under it.

    The problem line keeps its room while hidden, so rows never move when a message appears
    (a row that jumps under the pointer turns a click into a misclick).
    """

    edited = Signal(str, str)   # name, text (parsed by the form)
    edit_finished = Signal(str)  # name: the writer left the field (ends its undo step)

    def __init__(self, name: str, kind: str, field: Field | None, words: Iterable[str] = ()) -> None:
        super().__init__()
        self.name, self.kind, self.field = name, kind, field
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.setWordWrap(False)
        font = self.problem.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.problem.setFont(font)
        policy = self.problem.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)   # a long message never widens the form
        self.problem.setSizePolicy(policy)
        self.problem.setFixedHeight(self.problem.fontMetrics().height() + 2)
        self.problem.hide()
        self._value: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor = self._make_editor(words)
        layout.addWidget(self.editor)
        layout.addWidget(self.problem)

    def _make_editor(self, words: Iterable[str]) -> QWidget:
        kind, field = self.kind, self.field
        if kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on: self.edited.emit(self.name, "true" if on else "false"))
            return box
        if field is not None and field.choices and kind in ("string",):
            combo = QComboBox()
            combo.addItems(["", *field.choices])
            combo.currentTextChanged.connect(lambda text: self.edited.emit(self.name, text))
            return combo
        if kind == "text":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
            edit.textChanged.connect(lambda: self.edited.emit(self.name, edit.toPlainText()))
            return edit
        edit = QLineEdit()
        edit.installEventFilter(_UNDO_GOES_TO_THE_POST)
        edit.setClearButtonEnabled(kind != "datetime" and kind != "date")
        if kind == "list":
            edit.setPlaceholderText("comma, separated, values")
            self.completer = _MultiCompleter(words, edit)
        elif words:
            self._single_completer(edit, words)
        if field is not None and field.help:
            edit.setToolTip(field.help)
        edit.textEdited.connect(lambda text: self.edited.emit(self.name, text))
        # A completer's pick and a program's setText() never emit textEdited: write what the field
        # shows when a completion is picked and when the writer leaves the field.
        edit.editingFinished.connect(lambda: self._commit(edit, finished=True))
        if self.completer is not None:
            self.completer.activated.connect(lambda _word: self._commit(edit))
        if kind in ("date", "datetime"):
            edit.setPlaceholderText("2016-05-12T16:00:00-08:00" if kind == "datetime" else "2016-05-12")
            return self._with_calendar(edit)
        return edit

    def _with_calendar(self, edit: QLineEdit) -> QWidget:
        """A date line edit with a calendar button inside it; a picked day keeps time and offset."""
        menu = QMenu(edit)
        calendar = QCalendarWidget()
        calendar.setGridVisible(False)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        pick = edit.addAction(QIcon(str(resource_path("icons", "calendar.svg"))),
                              QLineEdit.ActionPosition.TrailingPosition)
        pick.setToolTip("Pick a date from a calendar")

        def show_calendar() -> None:
            calendar.setSelectedDate(_qdate_of(edit.text()))
            menu.popup(edit.mapToGlobal(edit.rect().bottomRight()) - QPoint(menu.sizeHint().width(), 0))

        def picked(day: QDate) -> None:
            menu.hide()
            text = _replace_date(edit.text(), dt.date(day.year(), day.month(), day.day()), self.kind)
            edit.setText(text)
            self.edited.emit(self.name, text)

        pick.triggered.connect(show_calendar)
        calendar.clicked.connect(picked)
        self.line_edit = edit
        self.calendar = calendar
        return edit

    def _commit(self, edit: QLineEdit, finished: bool = False) -> None:
        """Send the field's text unless it already is the post's value (no needless rewrite)."""
        text = edit.text()
        if text != _as_text(self._value) and not self._parses_to(text, self._value):
            self.edited.emit(self.name, text)
        if finished and not edit.hasFocus():
            self.edit_finished.emit(self.name)

    completer = None   # the field's QCompleter (a _MultiCompleter for lists), if it has words

    def _single_completer(self, edit: QLineEdit, words: Iterable[str]) -> None:
        completer = QCompleter(sorted(set(words), key=str.lower), edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        edit.setCompleter(completer)
        self.completer = completer

    def set_words(self, words: Iterable[str]) -> None:
        """New vocabulary (the site's tags and authors loaded or changed) for the completer."""
        if isinstance(self.completer, _MultiCompleter):
            self.completer.set_words(words)
        elif self.completer is not None:
            self.completer.model().setStringList(sorted(set(words), key=str.lower))
        elif isinstance(self.editor, QLineEdit) and words:
            edit = self.editor
            self._single_completer(edit, words)
            self.completer.activated.connect(lambda _word: self._commit(edit))

    # -- showing values --------------------------------------------------------------------------
    def show_value(self, value: Any) -> None:
        self._value = value
        widget = self.editor
        widget.blockSignals(True)
        try:
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                text = _as_text(value)
                if widget.findText(text) < 0:
                    widget.addItem(text)
                widget.setCurrentText(text)
            elif isinstance(widget, QPlainTextEdit):
                if widget.toPlainText() != _as_text(value):
                    widget.setPlainText(_as_text(value))
            else:
                edit = widget if isinstance(widget, QLineEdit) else self.line_edit
                if edit.hasFocus() and self._parses_to(edit.text(), value):
                    return  # the writer is typing here: keep their spelling and cursor
                if edit.text() != _as_text(value):
                    edit.setText(_as_text(value))
                    edit.setCursorPosition(0)
        finally:
            widget.blockSignals(False)

    def _parses_to(self, text: str, value: Any) -> bool:
        return _as_text(value).replace(" ", "") == text.replace(" ", "").rstrip(",")

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setToolTip(message or "")   # the line may be cut short: the whole message
        self.problem.setVisible(bool(message))
        self.editor.setProperty("invalid", bool(message))
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)


def _qdate_of(text: str) -> QDate:
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        return QDate(value.year, value.month, value.day)
    except ValueError:
        return QDate.currentDate()


def _replace_date(text: str, day: dt.date, kind: str) -> str:
    """The same date-time text with another day: time, offset and spelling kept."""
    stripped = text.strip()
    if len(stripped) >= 10:
        try:
            dt.date.fromisoformat(stripped[:10])
            return day.isoformat() + stripped[10:]
        except ValueError:
            pass
    if kind == "datetime":
        return dt.datetime.combine(day, dt.time(0, 0)).astimezone().isoformat(timespec="seconds")
    return day.isoformat()


class FrontMatterForm(QWidget):
    """Shows and edits the post's front matter; emits `field_edited(name, value)`."""

    field_edited = Signal(str, object)
    field_edit_finished = Signal(str)   # the writer left a field: its edits are one undo step

    def __init__(self, schema: Schema, vocabularies: dict[str, Iterable[str]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frontMatterForm")
        self.schema = schema
        self._vocabularies = {k: list(v) for k, v in (vocabularies or {}).items()}
        self.banner = QLabel()
        self.banner.setObjectName("formBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        self._form = QFormLayout()
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._form.setHorizontalSpacing(10)
        self._form.setVerticalSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.banner)
        layout.addLayout(self._form)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.rows: dict[str, FieldRow] = {}
        self._fields: dict[str, Any] = {}
        for field in schema:
            self._add_row(field.name, field.type, field)

    def _add_row(self, name: str, kind: str, field: Field | None) -> FieldRow:
        row = FieldRow(name, kind, field, self._vocabularies.get(name, ()))
        row.edited.connect(self._on_edited)
        row.edit_finished.connect(self.field_edit_finished)
        label = QLabel(name.replace("_", " ").capitalize() + ("<span style='color:#c0392b'> *</span>"
                                                               if field and field.required else ""))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setToolTip((field.help + "\n" if field and field.help else "") +
                         ("Required" if field and field.required else f"Front matter field '{name}'"))
        label.setBuddy(row.editor)
        self._form.addRow(label, row)
        self.rows[name] = row
        return row

    def set_vocabularies(self, vocabularies: dict[str, Iterable[str]]) -> None:
        """The site's words for completion changed; the rows and what they show stay."""
        self._vocabularies = {k: list(v) for k, v in vocabularies.items()}
        for name, words in self._vocabularies.items():
            if name in self.rows:
                self.rows[name].set_words(words)

    def show_post(self, fields: dict[str, Any], error: str | None) -> None:
        """Show the post's fields, or keep the last ones (read-only) beside the parse error."""
        if error:
            self.banner.setText("⚠ The front matter cannot be read, so the form is read-only until "
                                f"it is fixed in the editor:\n{error}")
            self.banner.show()
            for row in self.rows.values():
                row.editor.setEnabled(False)
            return
        self.banner.hide()
        self._fields = dict(fields)
        for name, value in fields.items():
            if name not in self.rows:
                self._add_row(name, self.schema.type_of(name, value), None)
        for name, row in self.rows.items():
            # a table (dict) cannot round-trip through one text box: show it, edit it in the source
            row.editor.setEnabled(not isinstance(fields.get(name), dict))
            row.show_value(fields.get(name))
        self._show_problems()

    def _show_problems(self) -> None:
        # No front matter at all (an empty new post): nothing to flag yet; the checks say it later.
        problems = {p.field: p.message for p in self.schema.validate(self._fields)} if self._fields else {}
        for name, row in self.rows.items():
            row.show_problem(problems.get(name))

    def _on_edited(self, name: str, text: str) -> None:
        row = self.rows[name]
        existing = self._fields.get(name)
        try:
            value = self.schema.parse_value(name, text, existing) if row.kind != "text" else text
        except ValueError as exc:
            row.show_problem(str(exc))
            return
        row.show_problem(None)
        self.field_edited.emit(name, value)

    def focus_field(self, name: str, select: bool = False) -> None:
        """Put the cursor in field `name` (`select`: its text selected, so typing replaces it)."""
        row = self.rows.get(name)
        if row is not None:
            edit = getattr(row, "line_edit", None) or row.editor
            edit.setFocus()
            if select and isinstance(edit, QLineEdit):
                edit.selectAll()
