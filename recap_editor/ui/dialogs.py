"""The window's questions and small dialogs, one function each so tests can answer them.

Every function returns a plain value ("save", "reload", a path, ...); none holds state.
"""

from __future__ import annotations

import difflib
import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from recap_editor import __version__
from recap_editor.workspace.recovery import RecoveredWork

MARKDOWN_FILTER = "Markdown posts (*.md *.markdown);;All files (*)"


def ask_save_changes(parent: QWidget, name: str, doing: str = "close it") -> str:
    """'save', 'discard' or 'cancel'; `doing` is what the writer asked for, in words ("start a
    new post", "open “b.md”", "close the window")."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                      f"Save the changes to “{name}” before you {doing}?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText("Your changes will be lost if you don't save them.")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")


def ask_external_change(parent: QWidget, path: Path, mine: str, on_disk: str | None) -> str:
    """The file changed on disk while we hold edits: 'reload' or 'keep' (compare loops back here)."""
    while True:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Changed on disk")
        if on_disk is None:
            box.setText(f"“{path.name}” was deleted or moved by another program.")
            box.setInformativeText("Keep your version (saving writes it back), or close it.")
        else:
            box.setText(f"“{path.name}” was changed by another program (a git pull?) "
                        "while you have unsaved edits.")
            box.setInformativeText("Reload their version and lose your edits, or keep yours "
                                   "(saving will then replace theirs).")
        reload_ = box.addButton("Reload from disk", QMessageBox.ButtonRole.DestructiveRole) if on_disk is not None else None
        keep = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
        compare = box.addButton("Compare…", QMessageBox.ButtonRole.ActionRole) if on_disk is not None else None
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if clicked is compare and on_disk is not None:
            show_diff(parent, path, on_disk, mine)
            continue
        return "reload" if clicked is reload_ and reload_ is not None else "keep"


def diff_html(path: Path, theirs: str, mine: str) -> str:
    lines = difflib.unified_diff(theirs.splitlines(), mine.splitlines(), f"{path.name} (on disk)",
                                 f"{path.name} (yours)", lineterm="", n=3)
    out = []
    for line in lines:
        color = ("#1a7f37" if line.startswith("+") else "#cf222e" if line.startswith("-")
                 else "#6e7781" if line.startswith("@@") else None)
        text = html.escape(line) or "&nbsp;"
        out.append(f"<span style='color:{color}'>{text}</span>" if color else text)
    return "<pre style='margin:0'>" + "\n".join(out or ["(no differences)"]) + "</pre>"


def show_diff(parent: QWidget, path: Path, theirs: str, mine: str) -> None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Compare — {path.name}")
    dialog.resize(900, 600)
    view = QTextBrowser()
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view.setHtml(diff_html(path, theirs, mine))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("Lines starting with − are only on disk; + only in your version."))
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.exec()


def offer_recovery(parent: QWidget | None, work: RecoveredWork) -> str:
    """After a crash: 'restore', 'discard' or 'later' (keep the file for next time)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Recover unsaved work")
    where = str(work.post_path) if work.post_path else "an untitled post that was never saved"
    box.setText("Recap Editor did not close properly last time. Unsaved work was found.")
    box.setInformativeText(f"File: {where}\nAutosaved: {work.saved_at_text}\n\n"
                           "Restore it? (You can still save or discard it afterwards.)")
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    return "restore" if clicked is restore else "discard" if clicked is discard else "later"


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.critical(parent, title, message)


def ask_open_path(parent: QWidget, start: Path | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open post", str(start or Path.home()), MARKDOWN_FILTER)
    return Path(name) if name else None


def ask_site_folder(parent: QWidget, start: Path | None) -> Path | None:
    """File › Open Site Folder…: the writer's site checkout (any folder inside it will do)."""
    name = QFileDialog.getExistingDirectory(parent, "Open your site's folder (its checkout)",
                                            str(start or Path.home()))
    return Path(name) if name else None


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Save post as", str(suggested), MARKDOWN_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".md")


def choose_post(parent: QWidget | None, site_name: str, posts: list[tuple[Path, str, str]]) -> Path | str | None:
    """Pick a post of a site: its path, "new" for a new post, or None (cancelled).

    `posts` holds (path, title, date text) rows, newest first.
    """
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Open a post — {site_name}")
    dialog.resize(640, 440)
    listing = QListWidget()
    listing.setAlternatingRowColors(True)
    for path, title, date in posts:
        item = QListWidgetItem(f"{date[:10]:<12}  {title}" if date else title)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        listing.addItem(item)
    listing.setCurrentRow(0)
    mono = QFont(listing.font())
    listing.setFont(mono)
    result: dict[str, Path | str | None] = {"choice": None}
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
    new_button = QPushButton("New post")
    buttons.addButton(new_button, QDialogButtonBox.ButtonRole.ActionRole)

    def open_current() -> None:
        item = listing.currentItem()
        if item is not None:
            result["choice"] = Path(item.data(Qt.ItemDataRole.UserRole))
            dialog.accept()

    def new_post() -> None:
        result["choice"] = "new"
        dialog.accept()

    buttons.accepted.connect(open_current)
    buttons.rejected.connect(dialog.reject)
    new_button.clicked.connect(new_post)
    listing.itemActivated.connect(lambda _item: open_current())
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(f"{len(posts)} posts in {site_name}. Open one, or start a new post."))
    layout.addWidget(listing)
    layout.addWidget(buttons)
    dialog.exec()
    return result["choice"]


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Recap Editor",
                      f"<h3>Recap Editor {__version__}</h3>"
                      "<p>Write event recap posts for static sites, offline: front matter form, "
                      "Markdown editor with live preview, photo galleries, checks and a "
                      "ready-to-review export.</p>"
                      "<p>Licensed under the Apache License 2.0.<br>"
                      "Built with Qt for Python (PySide6), markdown-it-py and Pillow.</p>")


def ask_save_as_read_only(parent: QWidget, path: Path) -> bool:
    """The post is write-protected: True to save a copy elsewhere (Save As), False to leave it."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Read-only post",
                      f"“{path.name}” is read-only, so it was not changed.",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText("Save your version as a new file, or make the file writable and save "
                           "again. Your edits stay in the editor either way.")
    save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(save_as)
    box.exec()
    return box.clickedButton() is save_as


def ask_photos_in_flight(parent: QWidget, name: str, done: int, total: int, doing: str) -> str:
    """Photos are still being added to the post `name` and the writer asked to `doing` ("open
    “b.md”"): 'wait' (for the photos, then go on), 'stop' (the import; its copies are removed) or
    'cancel' (stay on the post)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Photos still being added",
                      f"Photos are still being added to “{name}” ({done} of {total} ready).",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(f"Wait until they are in the post, then {doing} (you can save it first); "
                           f"or stop the import and {doing} now: the photos copied so far are removed.")
    wait = box.addButton("Wait for the Photos", QMessageBox.ButtonRole.AcceptRole)
    stop = box.addButton("Stop the Import", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(wait)
    box.exec()
    clicked = box.clickedButton()
    return "wait" if clicked is wait else "stop" if clicked is stop else "cancel"


def ask_recap_title(parent: QWidget, count: int) -> str | None:
    """Photos are about to go into a new post still titled as the template: its title first, since
    the photos' folder is named after it (None: cancelled, nothing is imported)."""
    from PySide6.QtWidgets import QInputDialog

    title, ok = QInputDialog.getText(
        parent, "Name the recap first",
        f"The {count} photo(s) go into a folder named after the post.\nWhat is the event's title?")
    title = title.strip()
    return title if ok and title else None
