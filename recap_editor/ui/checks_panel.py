"""The Checks dock: the site's preflight problems for the open post; click one to go to its line.

The checks (``recap_editor.site.checks.check_post``) read the site's other posts and images, and
optionally build the site with Hugo, so they run on a worker thread over a snapshot of the editor's
text. They run again when the post is saved or another post is opened, and on the button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QStyle, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)
from PySide6.QtGui import QAction, QKeySequence, QTextCursor

from recap_editor.document.post import Post
from recap_editor.site.checks import Problem, check_post
from recap_editor.ui import window_hooks as hooks
from recap_editor.ui.workers import Task, submit

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
        header.resizeSection(2, 260)
        self.problems: list[Problem] = []
        self.itemClicked.connect(self._activated)
        self.itemActivated.connect(self._activated)

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

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.jump.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))


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


def _check(generation: int, post: Post, profile, hugo: bool) -> tuple[int, list[Problem]]:
    return generation, check_post(post, profile, hugo=hugo)


class ChecksPanel(QWidget):
    checked = Signal(list)   # the problems of the latest run

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.generation = 0
        self.running = False
        self.problems: list[Problem] = []
        self.stale = True
        self.status = QLabel("Checks run when you save, or press Run Checks.")
        self.status.setWordWrap(True)
        self.run_button = QPushButton("Run Checks")
        self.run_button.clicked.connect(self.run_checks)
        self.hugo_box = QCheckBox("Also build with Hugo")
        self.hugo_box.setToolTip("Build the site with the post in a temporary copy (slower)")
        self.list = ProblemList()
        self.list.jump.connect(lambda line: go_to_line(window.editor, line))
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.hugo_box)
        top.addWidget(self.run_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(top)
        box.addWidget(self.list, 1)

    def run_checks_if_shown(self) -> None:
        """Saves and opens re-run the checks while the dock is shown; otherwise when it opens."""
        if self.isVisible():
            self.run_checks()
        else:
            self.stale = True

    def run_checks(self) -> Task | None:
        """Check a snapshot of the editor's text on a worker thread; stale runs are ignored."""
        post = hooks.current_post(self.window_)
        profile = hooks.current_profile(self.window_)
        self.generation += 1
        self.stale = False
        if profile is None:
            self.running = False
            self.problems = []
            self.list.set_problems([])
            self.status.setText(NO_SITE)
            self.checked.emit([])
            return None
        snapshot = Post.from_text(post.text, post.path)
        self.running = True
        self.status.setText("Checking…")
        self.run_button.setEnabled(False)
        task = Task(_check, self.generation, snapshot, profile, self.hugo_box.isChecked())
        task.finished.connect(self._on_checked)
        task.failed.connect(self._on_failed)
        return submit(task)

    def _on_checked(self, result: tuple[int, list[Problem]]) -> None:
        generation, problems = result
        if generation != self.generation:
            return
        self.running = False
        self.run_button.setEnabled(True)
        self.problems = problems
        self.list.set_problems(problems)
        self.status.setText(summary(problems))
        self.checked.emit(problems)

    def _on_failed(self, message: str) -> None:
        self.running = False
        self.run_button.setEnabled(True)
        self.status.setText(f"The checks could not run: {message}")


def attach(window) -> ChecksPanel:
    """Add the Checks dock (bottom) and Post ▸ Run Checks (F7); re-run on save and on open."""
    panel = ChecksPanel(window)
    dock = hooks.add_dock(window, panel, "Checks", Qt.DockWidgetArea.BottomDockWidgetArea)
    panel.dock = dock
    action = QAction("Run &Checks", window)
    action.setShortcut(QKeySequence("F7"))
    action.triggered.connect(lambda: (dock.show(), dock.raise_(), panel.run_checks()))
    hooks.add_action(window, "Post", action)
    toggle = dock.toggleViewAction()
    toggle.setText("Checks &Panel")
    hooks.add_action(window, "Post", toggle)
    panel.run_action = action
    hooks.on_post_saved(window, lambda *_: panel.run_checks_if_shown())
    hooks.on_post_changed(window, lambda *_: panel.run_checks_if_shown())
    dock.visibilityChanged.connect(lambda visible: visible and panel.stale and panel.run_checks())
    return panel
