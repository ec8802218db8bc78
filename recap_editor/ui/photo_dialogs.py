"""The photo import's dialogs: progress (non-modal, with Cancel and the layout), the error list
after a batch, and the file chooser of "Add Photos…"."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from recap_editor.photos.formats import SUPPORTED_SUFFIXES
from recap_editor.photos.layout import LAYOUT_MODES
from recap_editor.ui.settings import Settings

if TYPE_CHECKING:
    from recap_editor.photos.importer import PhotoResult

LAYOUT_LABELS = {"auto": "Pairs where they fit", "single": "One photo per row", "pair": "Two per row"}


class ImportProgressDialog(QDialog):
    """Non-modal: the writer keeps typing while photos import."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, count_hint: int, target: str, layout_mode: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importing photos")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.target = target
        self.label = QLabel(f"Preparing {count_hint} item(s) for {target}…")
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.layout_choice = QComboBox()
        for mode in LAYOUT_MODES:
            self.layout_choice.addItem(LAYOUT_LABELS[mode], mode)
        self.layout_choice.setCurrentIndex(LAYOUT_MODES.index(layout_mode))
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout()
        row.addWidget(QLabel("Layout:"))
        row.addWidget(self.layout_choice, 1)
        row.addStretch()
        row.addWidget(self.cancel_button)
        box = QVBoxLayout(self)
        box.addWidget(self.label)
        box.addWidget(self.bar)
        box.addLayout(row)
        self.setMinimumWidth(420)

    def layout_mode(self) -> str:
        return self.layout_choice.currentData()

    def set_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        self.label.setText(f"Imported {done} of {total} photo(s) into {self.target}…")

    def reject(self) -> None:  # Escape or the close button: same as Cancel
        self.cancel_requested.emit()


class ImportErrorsDialog(QDialog):
    """One list of everything that failed, each line naming the file and the reason."""

    def __init__(self, parent: QWidget | None, failures: list[PhotoResult], imported: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Some photos were not imported")
        count = len(failures)
        summary = QLabel(f"{count} photo(s) could not be imported"
                         + (f"; the other {imported} were added to the post." if imported else "."))
        summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.lines = []
        for result in failures:
            reason = (result.error or "").removeprefix(f"{result.source}: ")
            line = f"{result.source.name}: {reason}"
            self.lines.append(line)
            item = QListWidgetItem(line)
            item.setToolTip(str(result.source))
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(
            "\n".join(f"{r.error}" for r in failures)))
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(summary)
        box.addWidget(self.list)
        box.addWidget(buttons)
        self.resize(620, 300)


def ask_photo_files(parent: QWidget | None) -> list[Path]:
    """Add Photos…: the chooser opens where photos were last added from (see Settings)."""
    settings = getattr(parent, "settings", None) or Settings()
    patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
    patterns += " " + patterns.upper()
    names, _filter = QFileDialog.getOpenFileNames(parent, "Add photos",
                                                  settings.chooser_folder("add_photos"),
                                                  f"Photos ({patterns});;All files (*)")
    if names:
        settings.set_chooser_folder("add_photos", Path(names[0]).parent)
    return [Path(n) for n in names]
