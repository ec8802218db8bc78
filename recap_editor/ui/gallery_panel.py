"""The Gallery dock: the gallery at the editor's cursor as thumbnails with editable captions.

Drag to reorder, swap a photo's row between single and pair, remove (optionally deleting the file).
Every edit changes the model parsed by the photos core (``find_galleries``) and writes it back with
``write_gallery``, replacing only that gallery's text, as one undoable editor edit; rows that were
not touched keep their original HTML byte for byte. Thumbnails are decoded small on worker threads.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QStyledItemDelegate, QVBoxLayout, QWidget)

from recap_editor.photos.gallery import GalleryPhoto, GallerySpan, find_galleries, write_gallery
from recap_editor.photos.gallery_edits import remove_photo, reorder_photos, set_caption, toggle_pair
from recap_editor.site.checks_media import resolve_local
from recap_editor.ui.text_offsets import py_index, qt_position, replace_span
from recap_editor.ui.workers import Task, submit

def image_file(src: str, post_path: Path | None, profile) -> Path | None:
    """The file a gallery image URL points at, or None (remote, or nowhere to resolve it)."""
    if profile is not None:
        return resolve_local(src, post_path, profile)
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or post_path is None:
        return None
    path = unquote(parts.path)
    return Path(path) if path.startswith("/") else post_path.parent / path


THUMB = QSize(112, 84)
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1    # the photo's flat index in the parsed gallery
PLACE_ROLE = Qt.ItemDataRole.UserRole + 2    # (row, column, photos in the row)
SRC_ROLE = Qt.ItemDataRole.UserRole + 3


def load_thumbnail(key: str, path: Path, size: QSize) -> tuple[str, QImage]:
    """On a worker thread: decode small (JPEG scales while decoding) and upright."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid():   # a square box: the photo may still turn a quarter after decoding
        edge = 2 * max(size.width(), size.height())
        if max(full.width(), full.height()) > edge:
            reader.setScaledSize(full.scaled(QSize(edge, edge), Qt.AspectRatioMode.KeepAspectRatio))
    return key, reader.read()


def find_and_load_thumbnail(src: str, post_path: Path | None, profile, size: QSize) -> tuple[str, QImage]:
    """On a worker thread: the file `src` points at (a null image, shown as "missing", when there
    is none), loaded as a thumbnail."""
    path = image_file(src, post_path, profile)
    if path is None or not path.is_file():
        return src, QImage()
    return load_thumbnail(src, path, size)


def ask_remove(parent: QWidget | None, name: str, deletable: bool) -> str | None:
    """'gallery' (remove the row entry), 'delete' (and the file) or None (cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Remove photo",
                      f"Remove “{name}” from the gallery?", QMessageBox.StandardButton.NoButton, parent)
    only = box.addButton("Remove from Gallery", QMessageBox.ButtonRole.AcceptRole)
    delete = None
    if deletable:
        box.setInformativeText("You can also delete the image file. Deleting the file cannot be undone.")
        delete = box.addButton("Remove and Delete File", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(only)
    box.exec()
    clicked = box.clickedButton()
    return "gallery" if clicked is only else "delete" if delete is not None and clicked is delete else None


class _UndoPassesThrough(QObject):
    """Ctrl+Z in a caption undoes its typing; with none left to undo it is the window's Undo (the
    caption prompt opens with the keys right after a drop: Ctrl+Z then takes the photos out again,
    as it does everywhere else, instead of doing nothing)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit) and (
                event.matches(QKeySequence.StandardKey.Undo) and not watched.isUndoAvailable()
                or event.matches(QKeySequence.StandardKey.Redo) and not watched.isRedoAvailable()):
            event.ignore()   # not the caption's: the window's Undo/Redo shortcut takes it
            return True
        return False


_UNDO_PASSES_THROUGH = _UndoPassesThrough()


class _CaptionDelegate(QStyledItemDelegate):
    """Shows a hint instead of an empty caption (the edit itself starts empty)."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt override
        super().initStyleOption(option, index)
        if not option.text:
            option.text = "Double-click to add a caption"
            option.palette.setColor(QPalette.ColorRole.Text,
                                    option.palette.color(QPalette.ColorRole.PlaceholderText))
            option.font.setItalic(True)

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):   # an empty, frameless box did not say where to type
            editor.setFrame(True)
            # short enough for the panel's caption column (the keys are in the status bar's prompt)
            editor.setPlaceholderText("Type a caption (alt text)")
            editor.setToolTip("Enter keeps the caption, Esc stops")
            editor.installEventFilter(_UNDO_PASSES_THROUGH)
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt override
        # Any change to the item (a thumbnail arriving sets its icon) makes the view reload the open
        # editor from the item: that must not wipe a caption the writer is typing.
        if isinstance(editor, QLineEdit) and editor.isModified():
            return
        super().setEditorData(editor, index)


class _ThumbReceiver(QObject):
    """Lives on the GUI thread so the worker's result arrives there (queued)."""

    loaded = Signal(str, QImage)

    def receive(self, result: tuple[str, QImage]) -> None:
        self.loaded.emit(*result)


# ------------------------------------------------------------------------------ the panel

class GalleryPanel(QWidget):
    gallery_written = Signal()

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.editor = window.editor
        self.span: GallerySpan | None = None
        self._thumbs: dict[str, QImage] = {}
        self._pending: set[str] = set()
        self._receiver = _ThumbReceiver(self)
        self._receiver.loaded.connect(self._on_thumbnail)
        self._filling = False

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("galleryList")
        self.list.setIconSize(THUMB)
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.list.setItemDelegate(_CaptionDelegate(self.list))
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.swap_button = QPushButton("Single ⇄ Pair")
        self.swap_button.setToolTip("Put the selected photo on its own row, or beside its neighbour")
        self.swap_button.clicked.connect(self.toggle_selected)
        self.remove_button = QPushButton("Remove…")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.swap_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.header)
        box.addWidget(self.list, 1)
        box.addLayout(buttons)

        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self._refresh_if_shown)
        self.editor.cursorPositionChanged.connect(self._timer.start)
        self.editor.textChanged.connect(self._timer.start)
        self.refresh()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(300, 420)

    # -- following the cursor ---------------------------------------------------------------
    def _refresh_if_shown(self) -> None:
        if self.isVisible():   # a hidden dock costs nothing while the writer types
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Show the gallery at the cursor (rebuilt only when its text changed)."""
        text = self.editor.toPlainText()
        cursor = py_index(text, self.editor.textCursor().position())
        found = next((s for s in find_galleries(text) if s.start <= cursor <= s.end), None)
        if found is None or self.span is None or (found.start, found.original_html) != \
                (self.span.start, self.span.original_html):
            self.span = found
            self._fill()
        self._select_at(text, cursor)

    def _select_at(self, text: str, cursor: int) -> None:
        """Select the photo whose HTML holds the cursor (the last photo starting before it)."""
        if self.span is None or self.list.state() == QAbstractItemView.State.EditingState:
            return
        search, chosen = self.span.start, None
        for flat, photo in enumerate(self.span.gallery.photos()):
            found = text.find(photo.src, search, self.span.end)
            if found < 0:
                break
            if found > cursor:
                break
            chosen, search = flat, found + len(photo.src)
        if chosen is not None and chosen != self._selected():
            self.list.setCurrentRow(chosen)

    def _fill(self) -> None:
        self._filling = True
        try:
            self.list.clear()
            if self.span is None:
                self.header.setText("Put the cursor in a gallery to edit its photos here.")
            else:
                gallery = self.span.gallery
                line = self.editor.toPlainText().count("\n", 0, self.span.start) + 1
                photos = gallery.photos()
                self.header.setText(f"Gallery at line {line}: {len(photos)} photo(s) in "
                                    f"{len(gallery.rows)} row(s). Double-click a caption to edit; "
                                    "drag to reorder.")
                flat = 0
                for r, row in enumerate(gallery.rows):
                    for col, photo in enumerate(row.photos):
                        self.list.addItem(self._item(photo, flat, r, col, len(row.photos)))
                        flat += 1
        finally:
            self._filling = False
        self._update_buttons()

    def _item(self, photo: GalleryPhoto, flat: int, r: int, col: int, width: int) -> QListWidgetItem:
        item = QListWidgetItem(photo.caption)
        item.setData(INDEX_ROLE, flat)
        item.setData(PLACE_ROLE, (r, col, width))
        item.setData(SRC_ROLE, photo.src)
        where = "alone" if width == 1 else ("left" if col == 0 else "right")
        item.setToolTip(f"{photo.src}\nRow {r + 1}, {where}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled)
        if r % 2:
            item.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
        item.setIcon(self._icon(photo.src, r, col, width))
        return item

    # -- thumbnails ------------------------------------------------------------------------
    def _icon(self, src: str, r: int, col: int, width: int) -> QPixmap:
        pixmap = QPixmap(THUMB)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        image = self._thumbs.get(src)
        if image is not None and not image.isNull():
            scaled = image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
            painter.drawImage((THUMB.width() - scaled.width()) // 2,
                              (THUMB.height() - scaled.height()) // 2, scaled)
        else:
            painter.fillRect(pixmap.rect(), self.palette().color(QPalette.ColorRole.Mid))
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            label = "missing" if image is not None else "…"
            painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, label)
            if image is None:
                self._request_thumbnail(src)
        badge = f"{r + 1}" if width == 1 else f"{r + 1}{'◀' if col == 0 else '▶'}"
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        box = painter.fontMetrics().boundingRect(badge).adjusted(-4, -2, 4, 2)
        box.moveTopLeft(pixmap.rect().topLeft())
        painter.fillRect(box, QColor(0, 0, 0, 170))
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
        painter.end()
        return pixmap

    def _request_thumbnail(self, src: str) -> None:
        if src in self._pending:
            return
        post = self.window_.current_post()
        self._pending.add(src)
        task = Task(find_and_load_thumbnail, src, post.path, self.window_.site_profile(), THUMB)
        task.finished.connect(self._receiver.receive)
        submit(task)

    def _on_thumbnail(self, src: str, image: QImage) -> None:
        self._pending.discard(src)
        self._thumbs[src] = image
        self._filling = True
        try:
            for index in range(self.list.count()):
                item = self.list.item(index)
                r, col, width = item.data(PLACE_ROLE)
                if item.data(SRC_ROLE) == src:
                    item.setIcon(self._icon(src, r, col, width))
        finally:
            self._filling = False

    def thumbnails_pending(self) -> int:
        return len(self._pending)

    # -- edits -------------------------------------------------------------------------------
    def _selected(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else item.data(INDEX_ROLE)

    def _update_buttons(self) -> None:
        has = self.span is not None and self._selected() is not None
        self.swap_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or self.span is None:
            return
        set_caption(self.span.gallery, item.data(INDEX_ROLE), item.text())
        self._write(select=self.list.row(item))

    def _on_rows_moved(self, *_args) -> None:
        if self._filling or self.span is None:
            return
        QTimer.singleShot(0, self.apply_list_order)   # after the view finished its move

    def apply_list_order(self) -> None:
        if self.span is None:
            return
        order = [self.list.item(i).data(INDEX_ROLE) for i in range(self.list.count())]
        if order == sorted(order):
            return
        current = self.list.currentRow()
        reorder_photos(self.span.gallery, order)
        self._write(select=current)

    def toggle_selected(self) -> bool:
        flat = self._selected()
        if self.span is None or flat is None or not toggle_pair(self.span.gallery, flat):
            return False
        self._write(select=flat)
        return True

    def remove_selected(self) -> bool:
        flat = self._selected()
        if self.span is None or flat is None:
            return False
        photo = self.span.gallery.photos()[flat]
        post = self.window_.current_post()
        path = image_file(photo.src, post.path, self.window_.site_profile())
        deletable = path is not None and path.is_file()
        answer = ask_remove(self.window_, Path(unquote(urlsplit(photo.src).path)).name or photo.src, deletable)
        if answer is None:
            return False
        remove_photo(self.span.gallery, flat)
        self._write(select=max(0, flat - 1))
        if answer == "delete" and deletable and photo.src in self.editor.toPlainText():
            self.window_.show_status(f"Kept {path}: the post still shows it elsewhere")
        elif answer == "delete" and deletable:
            try:
                path.unlink()
            except OSError as exc:
                QMessageBox.warning(self.window_, "Cannot delete the file", f"{path}: {exc.strerror or exc}")
        return True

    def _write(self, select: int | None = None) -> bool:
        """Replace this gallery's text (only it) with the edited model, as one undo step."""
        span = self.span
        assert span is not None
        text = self.editor.toPlainText()
        if text[span.start:span.end] != span.original_html:
            moved = [s for s in find_galleries(text) if s.original_html == span.original_html]
            if len(moved) != 1:
                self.window_.show_status("The gallery changed meanwhile; nothing was rewritten")
                self.span = None
                self.refresh()
                return False
            span = moved[0]
        start, end, new_html = span.start, span.end, write_gallery(span.gallery)
        if not new_html:   # the last photo went: take the blank line after the gallery with it
            while end < len(text) and text[end] == "\n" and text[start - 2:start] == "\n\n" \
                    and end - span.end < 2:
                end += 1
        self._timer.stop()
        replace_span(self.editor, text, start, end, new_html)
        cursor = self.editor.textCursor()
        cursor.setPosition(qt_position(self.editor.toPlainText(), start))
        self.editor.setTextCursor(cursor)      # the cursor stays in the gallery being edited
        self._timer.stop()
        self.span = None
        self.refresh()
        if select is not None and self.list.count():
            self.list.setCurrentRow(min(select, self.list.count() - 1))
        self.gallery_written.emit()
        return True


def attach(window) -> GalleryPanel:
    """Add the Gallery dock (right side) and a Photos menu entry that shows it."""
    panel = GalleryPanel(window)
    dock = window.add_dock_panel(panel, "Gallery", Qt.DockWidgetArea.RightDockWidgetArea)
    action = dock.toggleViewAction()
    action.setText("&Gallery Panel")
    action.setShortcut("Ctrl+Shift+G")
    window.add_menu_action("Photos", action)
    panel.dock = dock
    if getattr(window, "photo_import", None) is not None:   # after an import, ask for captions
        from recap_editor.ui import caption_prompt
        panel.caption_prompt = caption_prompt.attach(panel, window.photo_import)
    return panel
