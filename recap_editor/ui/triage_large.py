"""The triage's large view: Enter on a tile shows the photo as big as the window allows.

The thumbnail shows at once; the photo itself is decoded on a worker (reduced-scale for JPEG) and
replaces it. Arrows, Space and 1-5 keep working here (they go to the grid); Enter or Escape close.
"""

from __future__ import annotations

import io
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from recap_editor.ui.workers import Task, submit


class LargeView(QDialog):
    """Enter on a tile: the photo as big as the window allows; arrows, Space and 1-5 still work."""

    def __init__(self, dialog) -> None:   # the TriageDialog: its grid holds the roll
        super().__init__(dialog)
        self.setObjectName("triageLargeView")
        self.dialog = dialog
        self.label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.caption)
        self.resize(1100, 800)
        self._task: Task | None = None
        self.index = -1

    def show_photo(self, index: int) -> None:
        self.index = index
        photo = self.dialog.grid.result.photos[index]
        self.setWindowTitle(photo.path.name)
        self._set(QImage.fromData(photo.thumb_jpeg))    # at once; the sharp one follows
        self._update_caption()
        task = Task(_decode_large, photo.path, max(self.width(), self.height()))
        task.finished.connect(lambda data, i=index: self._on_decoded(i, data))
        task.failed.connect(lambda message: self._alive() and self.caption.setText(
            f"{photo.path}: cannot show it large ({message})"))
        self._task = submit(task)

    def _update_caption(self) -> None:
        grid, photo = self.dialog.grid, self.dialog.grid.result.photos[self.index]
        notes = ", ".join(([photo.kind] if photo.is_screen else []) + photo.marks)
        self.caption.setText(f"{photo.path.name}  ·  {photo.capture.clock}  ·  "
                             f"{'picked' if self.index in grid.picked else 'not picked'}"
                             + (f"  ·  {notes}" if notes else "")
                             + ("  ·  " + "★" * grid.stars[self.index] if grid.stars.get(self.index) else ""))

    def _alive(self) -> bool:
        """False once the view was closed and deleted while a decode still ran on a worker."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.label)

    def _on_decoded(self, index: int, data: bytes) -> None:
        if self._alive() and index == self.index:   # not a photo the writer moved on from
            self._set(QImage.fromData(data))

    def _set(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        self.label.setPixmap(pixmap.scaled(self.label.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            self.close()
            return
        grid = self.dialog.grid
        grid.keyPressEvent(event)
        if grid.current != self.index and grid.current >= 0:
            self.show_photo(grid.current)
        else:
            self._update_caption()


def _decode_large(path: Path, longest: int) -> bytes:
    """On a worker: the photo upright at about screen size, as JPEG bytes for a QImage."""
    from PIL import Image, ImageOps

    with Image.open(path) as im:
        im.draft("RGB", (longest, longest))
        im = ImageOps.exif_transpose(im.convert("RGB") if im.mode not in ("RGB", "L") else im)
        im.thumbnail((longest, longest))
        buffer = io.BytesIO()
        im.convert("RGB").save(buffer, "JPEG", quality=90)
        return buffer.getvalue()
