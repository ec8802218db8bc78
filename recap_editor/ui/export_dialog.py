"""The Export dialog: the checks, the target (branch, folder or zip), the files, then the result.

Opening it runs the preflight checks and plans the export (``plan_export``) on a worker thread over
a snapshot of the editor's text, so what is shown is exactly what will be written; "What changed"
shows the post against the branch it started from (``site.changes``) before anything is written.
Folder and zip targets default beside the site (or the folder used last); a branch name that is
taken offers a new name (suggested) or replacing that branch. The export
itself (``export_branch`` / ``export_folder`` / ``export_zip`` from the site core) also runs off the
GUI thread; its message, with the next steps (push, pull request), is shown at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QFileDialog,
                               QGridLayout, QGroupBox, QHeaderView, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QPushButton, QRadioButton, QTabWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from recap_editor.document.post import Post
from recap_editor.site.checks import Problem, check_post
from recap_editor.ui.checks_panel import ProblemList, go_to_line, summary
from recap_editor.ui.settings import APPLICATION, ORGANIZATION
from recap_editor.ui.workers import Task, submit

if TYPE_CHECKING:   # the export core (git, zip, the image scrub) loads on the dialog's workers
    from recap_editor.site.changes import PostChanges
    from recap_editor.site.export import ExportPlan, ExportResult

TARGETS = ("branch", "folder", "zip")
LAST_DIR_KEY = "export/last_folder"


def _settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def default_export_dir(profile) -> Path:
    """Where folder and zip exports go unless the writer chooses: the folder used last (when it
    still exists), else beside the site's checkout."""
    last = _settings().value(LAST_DIR_KEY, "")
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return Path(profile.root).parent


@dataclass
class ExportPreview:
    problems: list[Problem]
    plan: ExportPlan | None
    plan_error: str | None
    repo: Path | None                  # the site's git checkout, if any
    files: list[tuple[str, str, str]] = field(default_factory=list)   # (target, kind, size)
    changes: PostChanges | None = None  # the post against the branch it starts from
    branches: list[str] = field(default_factory=list)   # the checkout's branches


def prepare_export(post: Post, profile) -> ExportPreview:
    """On a worker thread: the checks, the plan and whether the site is a git checkout."""
    from recap_editor.site import git
    from recap_editor.site.changes import plan_changes
    from recap_editor.site.export import ExportError, plan_export

    problems = check_post(post, profile)
    try:
        plan, error = plan_export(post, profile), None
    except ExportError as exc:
        plan, error = None, exc.message
    changes, branches = None, []
    try:
        repo = git.toplevel(profile.root) if git.git_available() else None
        branches = git.branches(repo) if repo is not None else []
        changes = plan_changes(plan) if plan is not None else None
    except git.GitError:
        repo = None
    lines = []
    unchanged = _unchanged_images(plan) if plan is not None and repo is not None else set()
    for f in plan.files if plan else []:
        if f.target in unchanged:   # neither committed nor copied: the site keeps its own
            lines.append((str(f.target), "image, unchanged", ""))
            continue
        size = len(f.data) if f.data is not None else (f.source.stat().st_size if f.source else 0)
        kind = f.kind
        if f.kind == "post" and changes is not None:
            kind = {"Add": "post, new", "Update": "post, updated", "Move": "post, moved"}[changes.verb]
        lines.append((str(f.target), kind, f"{size / 1000:,.0f} KB"))
    if plan is not None and plan.moved_from is not None:
        lines.append((str(plan.moved_from), "deleted (moved)", ""))
    for url in changes.photos_removed if changes is not None else []:
        lines.append((url, "photo taken out", ""))
    return ExportPreview(problems, plan, error, repo, lines, changes, branches)


def _unchanged_images(plan) -> set:
    from recap_editor.site import git
    from recap_editor.site.deletions import site_images_unchanged

    try:
        return site_images_unchanged(plan)
    except git.GitError:
        return set()


def run_export(kind: str, post: Post, profile, target: str, force: bool,
               replace: bool = False) -> ExportResult:
    """On a worker thread: one export through the site core (it runs the checks again)."""
    from recap_editor.site.export import export_branch, export_folder, export_zip

    if kind == "branch":
        return export_branch(post, profile, target or None, force=force, replace=replace)
    if kind == "folder":
        return export_folder(post, profile, Path(target), force=force)
    return export_zip(post, profile, Path(target), force=force)


def ask_folder(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, "Export into folder", start)


def ask_zip(parent: QWidget, start: str) -> str:
    name, _ = QFileDialog.getSaveFileName(parent, "Export as zip", start, "Zip files (*.zip)")
    return name


def _mono() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class ExportDialog(QDialog):
    prepared = Signal()
    exported = Signal(object)   # ExportResult, or None when it failed

    def __init__(self, window, post: Post, profile) -> None:
        super().__init__(window)
        self.window_ = window
        self.profile = profile
        self.post = Post.from_text(post.text, post.path)   # what the editor shows, unsaved edits too
        self.preview: ExportPreview | None = None
        self.result: ExportResult | None = None
        self.busy = True
        self.exporting = False
        title = str(self.post.get("title") or (post.path.name if post.path else "Untitled post"))
        self.setWindowTitle(f"Export — {title}")
        self.resize(860, 700)

        intro = QLabel(f"Export <b>{title}</b> into <b>{profile.root.name}</b>, laid out like the site. "
                       "The text as shown in the editor is exported, unsaved edits included.")
        intro.setWordWrap(True)

        checks = QGroupBox("1. Checks")
        self.checks_label = QLabel("Checking…")
        self.problems = ProblemList()
        self.problems.setMinimumHeight(120)
        self.problems.jump.connect(self._jump)
        self.problems.setColumnHidden(2, True)    # the fix is in each row's tooltip: room for the message
        self.force_box = QCheckBox("Export even though the checks found errors")
        self.force_box.setVisible(False)
        self.force_box.toggled.connect(self._update_buttons)
        checks_box = QVBoxLayout(checks)
        checks_box.addWidget(self.checks_label)
        checks_box.addWidget(self.problems)
        checks_box.addWidget(self.force_box)

        target = QGroupBox("2. Target")
        self.kind_group = QButtonGroup(self)
        self.radios = {kind: QRadioButton(text) for kind, text in (
            ("branch", "New git branch in the site's checkout"), ("folder", "Folder"), ("zip", "Zip file"))}
        self.branch_edit = QLineEdit()
        self.folder_edit = QLineEdit()
        self.zip_edit = QLineEdit()
        self.branch_note = QLabel()
        self.branch_note.setWordWrap(True)
        self.replace_box = QCheckBox("Replace the existing branch of that name")
        self.replace_box.setVisible(False)
        self.replace_box.toggled.connect(self._update_buttons)
        self.taken_branch = ""   # the name that was taken when the dialog suggested another
        grid = QGridLayout(target)
        edits = {"branch": self.branch_edit, "folder": self.folder_edit, "zip": self.zip_edit}
        for row, kind in enumerate(TARGETS):
            self.kind_group.addButton(self.radios[kind])
            grid.addWidget(self.radios[kind], row, 0)
            grid.addWidget(edits[kind], row, 1)
            edits[kind].textChanged.connect(self._update_buttons)
            self.radios[kind].toggled.connect(self._update_buttons)
        choose_folder = QPushButton("Choose…")
        choose_folder.clicked.connect(self._choose_folder)
        choose_zip = QPushButton("Choose…")
        choose_zip.clicked.connect(self._choose_zip)
        grid.addWidget(choose_folder, 1, 2)
        grid.addWidget(choose_zip, 2, 2)
        grid.addWidget(self.replace_box, 3, 1, 1, 2)
        grid.addWidget(self.branch_note, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.folder_edit.setPlaceholderText("an empty folder, e.g. ~/recap-export")
        self.zip_edit.setPlaceholderText("e.g. ~/recap.zip")

        files = QGroupBox("3. What will be written")
        self.files_list = QTreeWidget()
        self.files_list.setHeaderLabels(["File in the site", "Kind", "Size"])
        self.files_list.setRootIsDecorated(False)
        header = self.files_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):   # short columns show all of their text ("deleted (moved)", "1,204 KB")
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.changes_view = QPlainTextEdit()
        self.changes_view.setReadOnly(True)
        self.changes_view.setFont(_mono())
        self.changes_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.changes_view.setPlainText("Comparing with the site…")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.files_list, "Files")
        self.tabs.addTab(self.changes_view, "What changed")
        self.files_note = QLabel()
        self.files_note.setWordWrap(True)
        files_box = QVBoxLayout(files)
        files_box.addWidget(self.tabs)
        files_box.addWidget(self.files_note)

        self.result_view = QPlainTextEdit()
        self.result_view.setReadOnly(True)
        self.result_view.setFont(_mono())
        self.result_view.setVisible(False)
        self.result_view.setMinimumHeight(130)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setEnabled(False)
        # A branch export has no PR.md file (it is not part of the site): its text goes to the
        # clipboard, for the pull request's description.
        self.copy_pr_button = self.buttons.addButton("Copy Pull Request Text",
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_pr_button.setVisible(False)
        self.copy_pr_button.clicked.connect(self.copy_pr_text)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self.radios["folder"].setChecked(True)

        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(checks, 3)
        box.addWidget(target)
        box.addWidget(files, 2)
        box.addWidget(self.result_view, 2)
        box.addWidget(self.buttons)
        # Only once the dialog holds it: made default before, it was not the dialog's default, and
        # on showing the dialog took the first button in the focus chain ("Choose…") for Enter.
        self.export_button.setDefault(True)

        task = Task(prepare_export, self.post, profile)
        task.finished.connect(self._on_prepared)
        task.failed.connect(self._on_prepare_failed)
        submit(task)

    # -- preparation ---------------------------------------------------------------------------
    def _on_prepared(self, preview: ExportPreview) -> None:
        self.preview = preview
        self.busy = False
        self.problems.set_problems(preview.problems)
        self.checks_label.setText(summary(preview.problems))
        errors = any(p.is_error for p in preview.problems)
        self.force_box.setVisible(errors)
        self.files_list.clear()
        for target, kind, size in preview.files:
            item = QTreeWidgetItem([target, kind, size])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.files_list.addTopLevelItem(item)
        notes = []
        if preview.plan_error:
            notes.append(f"The post cannot be exported: {preview.plan_error}")
        elif preview.plan is not None:
            if preview.plan.rewrites:
                notes.append(f"{len(preview.plan.rewrites)} image URL(s) in the post will point to "
                             "the site's image folder.")
            if preview.plan.moved_from is not None:
                notes.append(f"The post {preview.plan.move_text}: a branch deletes the old file in "
                             "its commit; with a folder or zip, delete it in your fork (PR.md says so).")
            if preview.plan.missing:
                notes.append("Missing images (not exported): " + ", ".join(preview.plan.missing))
            slug = preview.plan.slug
            self._suggest_branch(f"recap/{slug}", preview.branches)
            where = default_export_dir(self.profile)
            self.folder_edit.setText(self.folder_edit.text() or str(where / f"recap-{slug}"))
            self.zip_edit.setText(self.zip_edit.text() or str(where / f"recap-{slug}.zip"))
        self._show_changes(preview.changes)
        self.files_note.setText("\n".join(notes))
        self.files_note.setVisible(bool(notes))
        if preview.repo is not None:
            self.radios["branch"].setChecked(True)
        else:
            self.radios["branch"].setEnabled(False)
            self.branch_edit.setEnabled(False)
            self.branch_note.setText(f"{self.profile.root} is not a git checkout: export into a "
                                     "folder or a zip and add the files to your fork.")
        self._update_buttons()
        self.prepared.emit()

    def _suggest_branch(self, wanted: str, taken: list[str]) -> None:
        """``wanted`` when free; else the next free name, with replacing ``wanted`` offered."""
        name, n = wanted, 2
        while name in taken:
            name, n = f"{wanted}-{n}", n + 1
        self.taken_branch = wanted if name != wanted else ""
        self.branch_edit.setText(name)

    def _show_changes(self, changes: PostChanges | None) -> None:
        if changes is None:
            self.changes_view.setPlainText("The post could not be compared with the site.")
            return
        where = f" against {changes.base_from}" if changes.base_from else ""
        head = [f"{changes.verb} recap{where}:", *(f"  {line}".replace("`", "") for line in changes.lines())]
        diff = changes.diff()
        self.changes_view.setPlainText("\n".join(head) + ("\n\n" + diff if diff else ""))

    def branch_taken(self) -> bool:
        preview = self.preview
        return bool(preview and self.branch_edit.text().strip() in preview.branches)

    def _on_prepare_failed(self, message: str) -> None:
        self.busy = False
        self.checks_label.setText(f"The checks could not run: {message}")
        self._update_buttons()
        self.prepared.emit()

    def _jump(self, line: int) -> None:
        go_to_line(self.window_.editor, line)

    # -- target --------------------------------------------------------------------------------
    def kind(self) -> str:
        return next(k for k, radio in self.radios.items() if radio.isChecked())

    def target_text(self) -> str:
        return {"branch": self.branch_edit, "folder": self.folder_edit,
                "zip": self.zip_edit}[self.kind()].text().strip()

    def _choose_folder(self) -> None:
        chosen = ask_folder(self, self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
            self.radios["folder"].setChecked(True)

    def _choose_zip(self) -> None:
        chosen = ask_zip(self, self.zip_edit.text())
        if chosen:
            self.zip_edit.setText(chosen if chosen.lower().endswith(".zip") else chosen + ".zip")
            self.radios["zip"].setChecked(True)

    def _update_buttons(self, *_args) -> None:
        preview = self.preview
        blocked = preview is None or preview.plan is None or (
            any(p.is_error for p in preview.problems) and not self.force_box.isChecked())
        branch = self.radios["branch"]
        taken = branch.isChecked() and self.branch_taken()
        self.replace_box.setVisible(taken)
        blocked = blocked or (taken and not self.replace_box.isChecked())
        ready = not self.busy and not blocked and bool(self.target_text()) and self.result is None
        self.export_button.setEnabled(ready)
        if self.preview is not None and self.preview.repo is not None:
            self.branch_note.setText(self._branch_text(taken))
        # The note speaks of the branch: shown while the branch is the target (or cannot be).
        self.branch_note.setVisible(branch.isChecked() or not branch.isEnabled())

    def _branch_text(self, taken: bool) -> str:
        name = self.branch_edit.text().strip()
        if taken:
            return (f"A branch '{name}' already exists. Use a new name (e.g. the suggested one), or "
                    "replace it: its commits are then no longer on a branch.")
        base = (f"The branch gets one commit in {self.preview.repo}; your current branch and working "
                "tree stay as they are.")
        if self.taken_branch and name != self.taken_branch:
            base = (f"'{self.taken_branch}' is taken, so '{name}' is suggested (type "
                    f"'{self.taken_branch}' to replace it instead). ") + base
        return base

    # -- export --------------------------------------------------------------------------------
    def start_export(self) -> Task | None:
        if not self.export_button.isEnabled():
            return None
        self.busy = self.exporting = True
        self._update_buttons()
        self.result_view.setVisible(True)
        kind, target = self.kind(), self.target_text()
        if kind in ("folder", "zip"):
            target = str(Path(target).expanduser())
        self.result_view.setPlainText(f"Exporting to {target}…")
        replace = kind == "branch" and self.branch_taken() and self.replace_box.isChecked()
        task = Task(run_export, kind, self.post, self.profile, target, self.force_box.isChecked(),
                    replace)
        task.finished.connect(self._on_exported)
        task.failed.connect(self._on_export_failed)
        return submit(task)

    def reject(self) -> None:
        if self.exporting:   # closing now would hide the result of an export still running
            self.window_.show_status("The export is still running…", 3000)
            return
        super().reject()

    def _on_exported(self, result: ExportResult) -> None:
        self.busy = self.exporting = False
        self.result = result
        self.result_view.setPlainText(result.message)
        self.copy_pr_button.setVisible(result.kind == "branch" and bool(result.pr))
        self.export_button.setText("Exported")
        if result.kind in ("folder", "zip"):   # next time, start in the same place
            _settings().setValue(LAST_DIR_KEY, str(Path(result.target).parent))
        self._update_buttons()
        self.window_.show_status(result.message.splitlines()[0].rstrip(":"))
        self.exported.emit(result)

    def copy_pr_text(self) -> None:
        """The pull request's title and description (what PR.md holds in a folder or zip export)."""
        if self.result is None or not self.result.pr:
            return
        QGuiApplication.clipboard().setText(self.result.pr)
        self.copy_pr_button.setText("Copied")
        self.window_.show_status("The pull request text is on the clipboard: paste it into the "
                                 "pull request's description", 8000)

    def _on_export_failed(self, message: str) -> None:
        self.busy = self.exporting = False
        self.result_view.setPlainText(f"Nothing was exported: {message}")
        self._update_buttons()
        self.exported.emit(None)


def open_export_dialog(window) -> ExportDialog | None:
    profile = window.site_profile()
    if profile is None and window.site_state().broken:
        QMessageBox.information(window, "Export", f"The site cannot be read: {window.site_state().error}")
        return None
    if profile is None:
        QMessageBox.information(window, "Export", "This post is not inside a site: open or save it in "
                                "the content folder of a site checkout to export it.")
        return None
    dialog = ExportDialog(window, window.current_post(), profile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def attach(window) -> QAction:
    """Add Post ▸ Export… (Ctrl+E)."""
    action = QAction("&Export…", window)
    action.setShortcut("Ctrl+E")
    action.setStatusTip("Check the post and export it with its images to a git branch, folder or zip")
    action.triggered.connect(lambda: open_export_dialog(window))
    window.add_menu_action("Post", action)
    return action
