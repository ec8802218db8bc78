"""The main window: form and source on the left, the live preview on the right.

The preview (QtWebEngine and the renderer, the slowest things to load) is built right after the
window is first shown, so the editor appears at once; `preview_ready` says when it exists.

Hooks for the photo and export widgets: `photos_menu` and `post_menu` (shown once they hold an
action), `add_dock_panel()`, `insert_markdown()`, `current_post()`, `site_profile()`, the
`post_opened` / `post_saved` signals and `image_drop_handler` (called with dropped image files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from recap_editor.document.post import Post
from recap_editor.document.schema import DEFAULT_SCHEMA
from recap_editor.render.options import RenderOptions
from recap_editor.ui import dialogs
from recap_editor.ui.editor import MarkdownEditor, reading_minutes, word_count
from recap_editor.ui.file_commands import FileCommands
from recap_editor.ui.findbar import FindBar
from recap_editor.ui.form import FrontMatterForm
from recap_editor.ui.session import PostSession
from recap_editor.ui.settings import Settings



class _FirstPaint(QObject):
    """Calls `callback` once, after `widget` has painted for the first time."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


class MainWindow(FileCommands, QMainWindow):
    post_opened = Signal(object)     # Post
    post_saved = Signal(object)      # Path
    preview_ready = Signal()

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.profile = None
        self.image_drop_handler: Callable[[list[Path]], None] | None = None
        self.setAcceptDrops(True)
        self.setWindowFilePath("")
        self._build_widgets()
        self.session = PostSession(self.editor, self, autosave_ms=self.settings.autosave_interval_ms())
        self.form = self._new_form()
        self.preview = None   # PreviewView, once ensure_preview() ran
        self.live = None      # LivePreview, likewise
        self._build_actions()
        self._connect()
        self._restore_layout()
        self._update_title()

    # -- building -----------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.editor = MarkdownEditor()
        self.editor.setObjectName("sourceEditor")
        self.find_bar = FindBar(self.editor)
        source = QWidget()
        source_layout = QVBoxLayout(source)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_layout.setSpacing(0)
        source_layout.addWidget(self.editor)
        source_layout.addWidget(self.find_bar)
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("formScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.preview_slot = QWidget()   # replaced by the preview once it is built
        self.preview_slot.setObjectName("previewPlaceholder")
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(self.form_scroll)
        self.left_splitter.addWidget(source)
        self.left_splitter.setStretchFactor(1, 1)
        self.left_splitter.setChildrenCollapsible(True)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(self.preview_slot)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.main_splitter)
        self.setDockNestingEnabled(True)
        bar = self.statusBar()
        self.position_label = QLabel()
        self.words_label = QLabel()
        for label in (self.position_label, self.words_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _new_form(self) -> FrontMatterForm:
        schema = self.profile.schema if self.profile is not None else DEFAULT_SCHEMA
        vocab = {}
        if self.profile is not None:
            vocab = {"tags": self.profile.tags, "authors": self.profile.authors}
        form = FrontMatterForm(schema, vocab)
        old = self.form_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form_scroll.setWidget(form)
        self.session.attach_form(form)
        return form

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, checkable=False, checked=False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut))
        if checkable:
            action.setCheckable(True)
            action.setChecked(checked)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New", self.new_post, K.New)
        self._action(file_menu, "&Open…", self.open_dialog, K.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.site_action = self._action(file_menu, "Open Post from &Site…", self.open_site_post)
        file_menu.addSeparator()
        self.save_action = self._action(file_menu, "&Save", self.save, K.Save)
        self._action(file_menu, "Save &As…", self.save_as, K.SaveAs)
        self._action(file_menu, "&Close", self.close, K.Close)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, K.Quit)

        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self.editor.undo, K.Undo)
        self.redo_action = self._action(edit, "&Redo", self.editor.redo, K.Redo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit.addSeparator()
        self._action(edit, "Cu&t", self.editor.cut, K.Cut)
        self._action(edit, "&Copy", self.editor.copy, K.Copy)
        self._action(edit, "&Paste", self.editor.paste, K.Paste)
        self._action(edit, "Select &All", self.editor.selectAll, K.SelectAll)
        edit.addSeparator()
        self._action(edit, "&Find…", lambda: self.find_bar.open_find(False), K.Find)
        self._action(edit, "Find and &Replace…", lambda: self.find_bar.open_find(True), QKeySequence("Ctrl+H"))
        self._action(edit, "Find &Next", self.find_bar.find_next, K.FindNext)
        self._action(edit, "Find Pre&vious", self.find_bar.find_previous, K.FindPrevious)

        view = bar.addMenu("&View")
        s = self.settings
        self.form_action = self._action(view, "Front Matter &Form", self.form_scroll.setVisible,
                                        "Ctrl+Shift+F", True, s.flag("show_form", True))
        self.preview_action = self._action(view, "&Preview", lambda on: self.preview_slot.setVisible(on),
                                           "Ctrl+Shift+P", True, s.flag("show_preview", True))
        self.sync_action = self._action(view, "&Scroll Sync", lambda _on: None, None, True, s.flag("scroll_sync", True))
        view.addSeparator()
        self.numbers_action = self._action(view, "&Line Numbers", self.editor.set_line_numbers, None, True,
                                           s.flag("line_numbers", True))
        self.wrap_action = self._action(view, "Soft &Wrap", self.editor.set_soft_wrap, None, True,
                                        s.flag("soft_wrap", True))
        self.form_scroll.setVisible(self.form_action.isChecked())
        self.preview_slot.setVisible(self.preview_action.isChecked())
        self.editor.set_line_numbers(self.numbers_action.isChecked())
        self.editor.set_soft_wrap(self.wrap_action.isChecked())

        # Filled by the photo and export widgets; hidden while empty.
        self.photos_menu = bar.addMenu("P&hotos")
        self.post_menu = bar.addMenu("P&ost")
        for menu in (self.photos_menu, self.post_menu):
            menu.menuAction().setVisible(False)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About Recap Editor", lambda: dialogs.show_about(self))
        self._refresh_recent()

    def add_menu_action(self, menu: QMenu, action: QAction) -> None:
        """Add a photo/post action to its menu and show the menu."""
        menu.addAction(action)
        menu.menuAction().setVisible(True)

    def add_dock_panel(self, widget: QWidget, title: str,
                       area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        session, editor = self.session, self.editor
        session.modified_changed.connect(lambda _m: self._update_title())
        session.post_replaced.connect(self._on_post_replaced)
        session.text_edited.connect(self._schedule_preview)
        session.text_edited.connect(self._update_counts)
        session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        session.saved.connect(self._on_saved)
        editor.undoAvailable.connect(self.undo_action.setEnabled)
        editor.redoAvailable.connect(self.redo_action.setEnabled)
        editor.cursorPositionChanged.connect(self._update_position)
        editor.first_visible_line_changed.connect(self._sync_preview_to_editor)
        editor.files_dropped.connect(self.handle_dropped_files)

    # -- documents ------------------------------------------------------------------------------
    def current_post(self) -> Post:
        return self.session.post

    def site_profile(self):
        return self.profile

    def insert_markdown(self, text: str) -> None:
        self.editor.insert_at_cursor(text)

    # -- the preview ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.preview is None and not self._first_paint_watch:
            # Build the slow parts once the window has been painted, so it appears at once.
            self._first_paint_watch = _FirstPaint(self.editor.viewport(), self._after_first_paint)

    _first_paint_watch = None

    def _after_first_paint(self) -> None:
        QTimer.singleShot(0, self.ensure_preview)
        # the photo and export widgets are not needed in the first second: let the preview go first
        QTimer.singleShot(700, self.attach_extensions)

    _extensions_attached = False

    def attach_extensions(self) -> None:
        """Photos (import, gallery panel) and Post (checks, export) widgets; idempotent."""
        if self._extensions_attached:
            return
        self._extensions_attached = True
        from recap_editor.ui import checks_panel, export_dialog, gallery_panel, photo_import

        self.photo_import = photo_import.attach(self)
        self.gallery_panel = gallery_panel.attach(self)
        self.checks_panel = checks_panel.attach(self)
        self.export_action = export_dialog.attach(self)
        for panel in (self.gallery_panel, self.checks_panel):
            dock = getattr(panel, "dock", None)
            if dock is not None and not self.settings.window_state():
                dock.hide()   # first run: a clean three-pane window; the menus bring them up
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)   # dock positions and visibility from last time

    def ensure_preview(self):
        """Build the preview (idempotent) and load the current post into it."""
        if self.preview is not None:
            return self.preview
        from recap_editor.ui.live_preview import LivePreview

        # The first page renders on a worker while Chromium starts here (the two slowest steps).
        self.live = LivePreview(None, lambda: self.session.post, self)
        self.live.load(self.session.post, self.render_options(), background=True)
        from recap_editor.ui.preview import PreviewView  # QtWebEngine: a slow import

        self.preview = PreviewView()
        self.live.attach_view(self.preview)
        self.preview.scrolled_to_line.connect(self._sync_editor_to_preview)
        self.live.render_failed.connect(lambda text: self.statusBar().showMessage(f"Preview: {text}", 8000))
        old = self.main_splitter.replaceWidget(1, self.preview)
        if old is not None:
            old.deleteLater()
        self.preview_slot = self.preview
        self.preview.setVisible(self.preview_action.isChecked())
        self.preview_ready.emit()
        return self.preview

    def _schedule_preview(self) -> None:
        if self.live is not None:
            self.live.schedule()

    def render_options(self) -> RenderOptions:
        path = self.session.path
        if self.profile is not None:
            return self.profile.render_options(path)
        return RenderOptions(post_path=path)

    # -- status, title, scroll sync ----------------------------------------------------------------
    def _update_title(self) -> None:
        name = self.session.display_name()
        self.setWindowTitle(f"{name}[*] — Recap Editor")
        self.setWindowModified(self.session.modified)
        self.setWindowFilePath(str(self.session.path) if self.session.path else "")

    def _update_counts(self) -> None:
        post = self.session.post   # the body's words: the editor's count minus the front matter's
        words = self.editor.total_words() - word_count(post.text[:len(post.text) - len(post.body)])
        self.words_label.setText(f"{words:,} words · {reading_minutes(words)} min read")

    def _update_position(self) -> None:
        cursor = self.editor.textCursor()
        self.position_label.setText(f"Ln {cursor.blockNumber() + 1}, Col {cursor.positionInBlock() + 1}")

    def _sync_preview_to_editor(self, line: int) -> None:
        if self.preview is not None and self.sync_action.isChecked() and not self._scrolling_from_preview:
            self.preview.scroll_to_source_line(line)

    _scrolling_from_preview = False

    def _sync_editor_to_preview(self, line: int) -> None:
        if not self.sync_action.isChecked():
            return
        self._scrolling_from_preview = True
        try:
            self.editor.scroll_to_line(line)
        finally:
            self._scrolling_from_preview = False

    # -- layout & closing --------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            return QSize(1320, 840)
        return QSize(min(1600, int(screen.width() * 0.96)), min(1000, int(screen.height() * 0.94)))

    def _restore_layout(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(self.sizeHint())
            screen = self.screen().availableGeometry() if self.screen() else None
            if screen is not None and screen.width() <= 1680:
                # first run on a laptop-sized screen: three panes need all the room there is
                self.setGeometry(screen)
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        form_height = self.form_scroll.widget().sizeHint().height() + 4 if self.form_scroll.widget() else 220
        width = self.sizeHint().width()
        for splitter, default in ((self.main_splitter, [width * 46 // 100, width * 54 // 100]),
                                  (self.left_splitter, [form_height, 1000])):
            saved = self.settings.splitter_state(splitter.objectName())
            if saved is None or not splitter.restoreState(saved):
                splitter.setSizes(default)

    def _save_layout(self) -> None:
        s = self.settings
        s.set_window_geometry(self.saveGeometry())
        s.set_window_state(self.saveState())
        for splitter in (self.main_splitter, self.left_splitter):
            s.set_splitter_state(splitter.objectName(), splitter.saveState())
        for name, action in (("show_form", self.form_action), ("show_preview", self.preview_action),
                             ("scroll_sync", self.sync_action), ("line_numbers", self.numbers_action),
                             ("soft_wrap", self.wrap_action)):
            s.set_flag(name, action.isChecked())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.maybe_save():
            event.ignore()
            return
        self._save_layout()
        self.session.close_cleanly()
        if self.preview is not None:
            self.preview.close()
        event.accept()
