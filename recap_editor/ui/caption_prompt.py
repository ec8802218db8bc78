"""After a photo import the window asks for captions: the Gallery panel shows the new rows and
opens the first empty caption for typing; each caption kept opens the next one of the batch.

A caption is the photo's alt text (what screen readers and search engines get) and its
``<figcaption>``; an import leaves both empty, which the checks then flag for every photo.
Enter keeps a caption (on an empty one: skips that photo), Esc or clicking elsewhere stops asking
(nothing is lost: double-click a caption later).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemDelegate

from recap_editor.photos.gallery import find_galleries
from recap_editor.ui.text_offsets import qt_position
from recap_editor.ui.gallery_panel import SRC_ROLE

PROMPT = "Type a caption for each new photo (it is also its alt text); Enter keeps it, Esc stops"


class CaptionPrompt(QObject):
    """Drives a GalleryPanel (ui/gallery_panel.py) through the captions of one import."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.waiting: set[str] = set()   # srcs of the batch's photos still without a caption
        panel.gallery_written.connect(self._next_after_write)
        panel.list.itemDelegate().closeEditor.connect(self._on_editor_closed)

    def ask(self, job) -> bool:
        """Show the rows ``job`` (a finished photo_import.ImportJob) inserted and start editing
        their first empty caption. False when there is nothing to ask."""
        gallery, at = getattr(job, "inserted_gallery", None), getattr(job, "inserted_at", None)
        if gallery is None or at is None or not getattr(job, "inserted_rows", 0):
            return False
        batch = {p.src for p in gallery.photos() if not p.caption}
        editor = self.panel.editor
        text = editor.toPlainText()
        span = next((s for s in find_galleries(text)
                     if s.end >= at and any(p.src in batch for p in s.gallery.photos())), None)
        if not batch or span is None:
            return False
        self.waiting = batch
        cursor = editor.textCursor()   # the panel shows the gallery at the cursor: the new one
        cursor.setPosition(qt_position(text, span.start))
        editor.setTextCursor(cursor)
        dock = getattr(self.panel, "dock", None)
        if dock is not None:
            dock.show()
            dock.raise_()
        return self.edit_first_empty()

    def edit_first_empty(self) -> bool:
        """Open the editor on the batch's first photo without a caption; False when none is left."""
        panel = self.panel
        panel.span = None     # rebuilt from the text as it is now
        panel.refresh()
        listing = panel.list
        for row in range(listing.count()):
            item = listing.item(row)
            if item.data(SRC_ROLE) in self.waiting and not item.text():
                panel._timer.stop()   # its pending refresh must not rebuild the list under the editor
                listing.setCurrentRow(row)
                listing.scrollToItem(item)
                listing.setFocus(Qt.FocusReason.OtherFocusReason)
                listing.editItem(item)
                panel.window_.show_status(PROMPT)
                return True
        self.waiting = set()
        return False

    def _next_after_write(self) -> None:
        """A caption was kept: on to the next (deferred: the editor closes after its commit, and
        only Enter, not a click elsewhere, goes on)."""
        if not self.waiting:
            return
        current = self.panel.list.currentItem()
        if current is not None and current.text():
            self.waiting.discard(current.data(SRC_ROLE))
        QTimer.singleShot(0, self._go_on)

    def _on_editor_closed(self, _editor, hint) -> None:
        if not self.waiting:
            return
        if hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.waiting = set()   # Esc, or the writer clicked elsewhere: stop asking
            return
        current = self.panel.list.currentItem()
        if current is not None and not current.text():   # Enter on an empty caption: skip it
            self.waiting.discard(current.data(SRC_ROLE))
            QTimer.singleShot(0, self._go_on)

    def _go_on(self) -> None:
        if self.waiting:
            self.edit_first_empty()


def attach(panel, photo_import) -> CaptionPrompt:
    """Ask for captions after each of ``photo_import``'s batches (a PhotoImportController)."""
    prompt = CaptionPrompt(panel)
    photo_import.job_finished.connect(prompt.ask)
    return prompt
