"""The Checks dock: the site's preflight problems for the open post; click one to go to its line.

The checks (``recap_editor.site.checks.check_post``) read the site's other posts and images, and
optionally build the site with Hugo, so they run on a worker thread over a snapshot of the editor's
text. They run again by themselves a moment after the last edit (while the dock is shown), when the
post is saved or another post is opened, and on the button.  Every run carries the epoch of the text
it checked; while a newer text waits for its run the list is marked out of date, and a result (or a
failure) for an older text or another post is dropped.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QStyle, QStyledItemDelegate, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)
from PySide6.QtGui import QAction, QKeySequence, QTextCursor

from recap_editor.site.checks import Problem
from recap_editor.ui.workers import Task, submit
from recap_editor.workspace.epochs import Stamped
from recap_editor.workspace.jobs import check_text
from recap_editor.workspace.workspace import stamped

log = logging.getLogger(__name__)
RECHECK_AFTER_MS = 700   # a pause in typing this long re-runs the checks

NO_SITE = ("This post is not inside a site, so there are no site rules to check. Open or save it "
           "in a site's content folder.")


def summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "No problems found."
    parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts) + (" — errors block the export." if errors else ".")


FIX_COLUMN_WIDTH = 260   # px of the "How to fix" column where the list is wide enough


class _WrappedRows(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's width: QTreeView measures a row's text
    on one line, so a message longer than its column was cut to "the post has no front …"."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint(option, index)
        view = option.widget   # the list measuring its rows (set by the view for each row)
        if not isinstance(view, QTreeWidget):
            return hint
        width = view.header().sectionSize(index.column()) - 2 * TEXT_MARGIN
        text = str(index.data() or "")
        if index.column() == 0 or width <= 0 or not text:
            return hint
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt.TextFlag.TextWordWrap, text)
        return QSize(hint.width(), max(hint.height(), bounds.height() + 4))


TEXT_MARGIN = 6   # a view item's text margin on each side (the style's focus frame and padding)


class ProblemList(QTreeWidget):
    """Problems as rows (line, message, fix); activating one emits ``jump(line)``."""

    jump = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemList")
        self.setColumnCount(3)
        self.setHeaderLabels(["Line", "Problem", "How to fix"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(2, FIX_COLUMN_WIDTH)
        self.problems: list[Problem] = []
        self.itemClicked.connect(self._activated)
        self.itemActivated.connect(self._activated)
        # Row heights are measured at the columns' widths of the moment: when a column changes
        # (the dock opens or is resized), measure again, or a wrapped message stays cut to one line.
        self.setItemDelegate(_WrappedRows(self))
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())

    def set_problems(self, problems: list[Problem]) -> None:
        self.clear()
        self.problems = list(problems)
        style = self.style()
        error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for problem in self.problems:
            item = QTreeWidgetItem([str(problem.line), problem.message, problem.fix or ""])
            item.setIcon(0, error_icon if problem.is_error else warning_icon)
            item.setData(0, Qt.ItemDataRole.UserRole, problem.line)
            item.setToolTip(1, str(problem))
            item.setToolTip(2, problem.fix or "")
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.addTopLevelItem(item)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # The fix column keeps 260 px where there is room; in a narrow dock it takes at most 2/5 of
        # the width, so the Problem column (which stretches) is never squeezed to "t…".
        self.header().resizeSection(2, min(FIX_COLUMN_WIDTH, max(80, self.viewport().width() * 2 // 5)))

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        line = item.data(0, Qt.ItemDataRole.UserRole)
        if line is not None:   # None: the spelling group's heading (ui/checks_spelling.py)
            self.jump.emit(int(line))


def go_to_line(editor, line: int) -> None:
    """Put the editor's cursor at the start of 1-based ``line`` and show it."""
    if hasattr(editor, "go_to_line"):
        editor.go_to_line(line)
    else:
        block = editor.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            editor.setTextCursor(QTextCursor(block))
            editor.centerCursor()
    editor.setFocus()


class ChecksPanel(QWidget):
    checked = Signal(list)   # the problems of the latest run
    spelling_checked = Signal(list)   # then its misspellings (ui/checks_spelling.py)

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.clock = window.epoch_clock()   # moved on by every edit and every post shown
        self.running = False
        self.problems: list[Problem] = []
        self.misspellings: list = []   # site.spelling.Misspelling: the words `check` would report
        self.stale = True
        self.recheck = QTimer(self, singleShot=True, interval=RECHECK_AFTER_MS)
        self.recheck.timeout.connect(self.run_checks_if_shown)
        self.status = QLabel("Checks run when you save, or press Run Checks.")
        self.status.setWordWrap(True)
        self.run_button = QPushButton("Run Checks")
        self.run_button.clicked.connect(self.run_checks)
        self.hugo_box = QCheckBox("Also build with Hugo")
        self.hugo_box.setToolTip("Build the site with the post in a temporary copy (slower)")
        self.list = ProblemList()
        self.list.jump.connect(lambda line: go_to_line(window.editor, line))
        top = QHBoxLayout()   # the summary has a row of its own: beside these it was a word wide
        top.addWidget(self.hugo_box)
        top.addStretch(1)
        top.addWidget(self.run_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(top)
        box.addWidget(self.status)
        box.addWidget(self.list, 1)

    def run_checks_if_shown(self) -> None:
        """Saves, opens and edits re-run the checks while the dock is shown; otherwise when it opens."""
        if self.isVisible():
            self.run_checks()
        else:
            self.stale = True

    def text_edited(self) -> None:
        """The text changed: what the list shows is out of date until the next run (soon)."""
        self.mark_stale()
        self.recheck.start()

    def post_changed(self) -> None:
        self.mark_stale()
        self.recheck.stop()
        self.run_checks_if_shown()

    _latest_run = None

    def mark_stale(self) -> None:
        self.stale = True
        if self.problems or self.list.topLevelItemCount():
            self.list.setEnabled(False)   # greyed: these lines may have moved or been fixed
            self.status.setText("Out of date: checking again after your edit…")

    def run_checks(self) -> Task | None:
        """Check a snapshot of the editor's text on a worker thread; stale results are dropped."""
        self.recheck.stop()
        post = self.window_.current_post()
        state = self.window_.site_state()
        profile = self.window_.site_profile()
        self.stale = False
        if profile is None:
            self.running = False
            self.problems = []
            self.list.set_problems([])
            self.list.setEnabled(True)
            self.status.setText(f"The site's settings cannot be read, so its rules cannot be "
                                f"checked:\n{state.error}" if state is not None and state.broken else NO_SITE)
            self.checked.emit([])
            return None
        self.running = True
        self.status.setText("Checking…")
        self.run_button.setEnabled(False)
        self._latest_run = self.clock.now()
        task = Task(stamped, self._latest_run, check_text, post.text, post.path, profile,
                    self.hugo_box.isChecked())
        task.finished.connect(self._on_checked)
        return submit(task)

    def _on_checked(self, result: Stamped) -> None:
        if result.epoch != self._latest_run:
            return   # a newer run is in flight: its result is the one to show
        self.running = False
        self.run_button.setEnabled(True)
        if not self.clock.is_current(result):
            # for an older text or another post: never shown; the edit scheduled a new run
            log.debug("checks: dropped a stale result")
            if self.clock.same_post(result) and not self.recheck.isActive():
                self.recheck.start()
            return
        self.list.setEnabled(True)
        if not result.ok:
            self.status.setText(f"The checks could not run: {result.error}")
            return
        problems = result.value
        self.problems = problems
        self.list.set_problems(problems)
        self.status.setText(summary(problems))
        from recap_editor.ui import checks_spelling   # the misspellings of this text, then

        checks_spelling.check_after(self, result.epoch)
        self.checked.emit(problems)


def attach(window) -> ChecksPanel:
    """Add the Checks dock (bottom) and Post ▸ Run Checks (F7); re-run on save and on open."""
    panel = ChecksPanel(window)
    dock = window.add_dock_panel(panel, "Checks", Qt.DockWidgetArea.BottomDockWidgetArea)
    panel.dock = dock
    action = QAction("Run &Checks", window)
    action.setShortcut(QKeySequence("F7"))
    action.triggered.connect(lambda: (dock.show(), dock.raise_(), panel.run_checks()))
    window.add_menu_action("Post", action)
    toggle = dock.toggleViewAction()
    toggle.setText("Checks &Panel")
    window.add_menu_action("Post", toggle)
    panel.run_action = action
    window.post_saved.connect(lambda *_: panel.run_checks_if_shown())
    window.post_opened.connect(lambda *_: panel.post_changed())
    window.post_edited.connect(panel.text_edited)
    window.site_changed.connect(lambda *_: panel.run_checks_if_shown())
    dock.visibilityChanged.connect(lambda visible: visible and panel.stale and panel.run_checks())
    return panel
