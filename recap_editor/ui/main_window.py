"""The main window: form and source on the left, the live preview on the right.

The preview (QtWebEngine and the renderer, the slowest things to load) is built right after the
window is first shown, so the editor appears at once; `preview_ready` says when it exists.

The photo, gallery, checks and export widgets use the typed `ExtensionHost` contract (`ui/host.py`):
`menu(title)`/`add_menu_action()`, `add_dock_panel()`, `current_post()`, `site_profile()`,
`site_state()`, `show_status()` and the `post_opened` / `post_saved` / `post_edited` /
`site_changed` signals; also `photos_menu`, `post_menu`, `insert_markdown()` and
`image_drop_handler` (called with dropped image files).

The window holds no file-naming, site or export logic: the file commands are `FileCommands`
(`ui/file_commands.py`), the rules they apply live in `workspace/`, and the open post's site loads
on a worker (`WorkspaceBinding`); a site that cannot be read is shown in a banner with its file
and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QSplitter, QVBoxLayout, QWidget

from recap_editor.document.post import Post
from recap_editor.render.options import RenderOptions
from recap_editor.ui import window_layout, window_menus
from recap_editor.ui.editor import MarkdownEditor, reading_minutes, word_count
from recap_editor.ui.file_commands import FileCommands
from recap_editor.ui.findbar import FindBar
from recap_editor.ui.form import FrontMatterForm
from recap_editor.ui.form_pane import FormPane
from recap_editor.ui.host import HostWindow
from recap_editor.ui.preview_pane import PreviewPane
from recap_editor.ui.session import PostSession
from recap_editor.ui.settings import Settings
from recap_editor.ui import writing_tools
from recap_editor.ui.window_layout import FirstPaint, WindowDrops
from recap_editor.ui.workspace_binding import WorkspaceBinding
from recap_editor.workspace import naming
from recap_editor.workspace.site import SiteState



DOCK_WIDTH = 320   # the side docks' first width: room for a problem list, not more


class MainWindow(HostWindow):
    preview_ready = Signal()

    def __init__(self, settings: Settings | None = None, site: SiteState | None = None) -> None:
        """`site`: the site of the post about to be opened (read ahead at startup): the form is
        built with its fields at once, not built with the default fields and again a moment later."""
        super().__init__()
        self.settings = settings or Settings()
        self.binding = WorkspaceBinding(parent=self)
        self.workspace = self.binding.workspace
        self.image_drop_handler: Callable[[list[Path]], None] | None = None
        self.setAcceptDrops(True)
        self.installEventFilter(WindowDrops(self))   # files dropped anywhere on the window
        self.setWindowFilePath("")
        self._build_widgets()
        self.session = PostSession(self.editor, self, autosave_ms=self.settings.autosave_interval_ms())
        self.form = self._new_form(site)
        window_menus.build(self)
        self.previews = PreviewPane(self, self.main_splitter, self.session, self.render_options,
                                    self.preview_action, self.sync_action,
                                    lambda text: self.show_status(text, 8000),
                                    site_pending=lambda: self.binding.loading)
        self.previews.ready.connect(self.preview_ready)
        self.files = FileCommands(self, self.session, self.binding, self.settings, self.recent_menu)
        writing_tools.attach(self)   # spelling, outline, focus, themes, go to line, help, share a draft
        self._connect()
        self._restore_layout()
        self._update_title()

    # -- building -----------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.editor = MarkdownEditor()
        self.editor.setObjectName("sourceEditor")
        # What an empty editor (after File › Close) says: where to go from here.
        self.editor.setPlaceholderText("No post open. File › New (Ctrl+N) starts one; File › Open… "
                                       "(Ctrl+O) or File › Open Site Folder… opens one of yours.")
        self.find_bar = FindBar(self.editor)
        source = QWidget()
        source_layout = QVBoxLayout(source)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_layout.setSpacing(0)
        source_layout.addWidget(self.editor)
        source_layout.addWidget(self.find_bar)
        self.form_pane = FormPane()
        self.form_scroll = self.form_pane.scroll
        self.site_banner = self.form_pane.site_banner
        self.preview_slot = QWidget()   # replaced by the preview once it is built
        self.preview_slot.setObjectName("previewPlaceholder")
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(self.form_pane)
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

    def _new_form(self, site: SiteState | None = None) -> FrontMatterForm:
        form = FrontMatterForm(self.workspace.schema(site), self.workspace.vocabularies(site))
        self.form_pane.set_form(form)
        self.session.attach_form(form)
        return form

    def open_log_folder(self) -> None:
        from recap_editor.ui.diagnostics import open_log_folder
        open_log_folder()

    def add_dock_panel(self, widget: QWidget, title: str,
                       area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea) -> QDockWidget:
        # Side docks keep the form and source their height; docks on one side share it as tabs.
        area = Qt.DockWidgetArea.RightDockWidgetArea
        others = [d for d in self.findChildren(QDockWidget) if self.dockWidgetArea(d) == area]
        dock = super().add_dock_panel(widget, title, area)
        if others:
            self.tabifyDockWidget(others[-1], dock)
        else:
            self.resizeDocks([dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        return dock

    def _connect(self) -> None:
        session, editor = self.session, self.editor
        session.modified_changed.connect(lambda _m: self._update_title())
        session.post_replaced.connect(self._on_post_replaced)
        session.text_edited.connect(self.binding.text_edited)   # first: the epoch moves on
        session.text_edited.connect(self.previews.schedule)
        session.text_edited.connect(self._update_counts)
        session.text_edited.connect(self.post_edited)
        session.message.connect(lambda text: self.show_status(text, 8000))
        session.saved.connect(self._on_saved)
        self.binding.site_changed.connect(self._on_site_changed)
        self.binding.site_loading.connect(lambda busy: busy or self.previews.reload_if_options_changed())
        self.files.status.connect(lambda text: self.show_status(text, 5000))
        self.files.new_started.connect(lambda: self.form.focus_field("title", select=True))
        editor.undoAvailable.connect(self.undo_action.setEnabled)
        editor.redoAvailable.connect(self.redo_action.setEnabled)
        editor.cursorPositionChanged.connect(self._update_position)
        editor.first_visible_line_changed.connect(self.previews.sync_preview_to_editor)
        editor.files_dropped.connect(self.handle_dropped_files)

    def undo(self) -> None:
        """Edit › Undo: a whole-post operation (Optimise Images) when it is newer than any edit."""
        from recap_editor.ui import existing_posts

        if not existing_posts.undo_last_operation(self):
            self.editor.undo()

    # -- documents ------------------------------------------------------------------------------
    def current_post(self) -> Post:
        return self.session.post

    def site_state(self) -> SiteState:
        return self.workspace.site

    def site_pending(self) -> bool:
        return self.binding.loading

    def after_site_loads(self, callback: Callable[[], None]) -> None:
        if not self.binding.loading:
            callback()
            return

        def once(busy: bool) -> None:
            if not busy:
                self.binding.site_loading.disconnect(once)
                callback()
        self.binding.site_loading.connect(once)

    def epoch_clock(self):
        return self.workspace.clock   # moved on by the session's edits and posts (WorkspaceBinding)

    @property
    def profile(self):
        """The open post's site profile (None outside a site or while the site cannot be read)."""
        return self.workspace.profile

    # File commands (FileCommands does the work; these names are the window's public API).
    def open_path(self, path: Path | str, loaded=None) -> bool:
        return self.files.open_path(path, loaded)

    def new_post(self, _checked: bool = False, text: str | None = None, path: Path | None = None) -> bool:
        return self.files.new_post(text, path)

    def close_post(self, _checked: bool = False) -> bool:
        return self.files.close_post()

    def restore_work(self, text: str, path: Path | None, then: Callable[[], None] | None = None) -> None:
        self.files.restore_work(text, path, then)

    def open_dialog(self) -> None:
        self.files.open_dialog()

    def open_site_dialog(self) -> None:
        self.files.open_site_dialog()

    def open_site_post(self) -> None:
        self.files.open_site_post()

    def open_site(self, root: Path) -> bool:
        return self.files.open_site(root)

    def maybe_save(self, then=None, doing: str = "leave it") -> bool:
        return self.files.maybe_save(then, doing)

    def save(self) -> bool:
        return self.files.save()

    def save_as(self) -> bool:
        return self.files.save_as()

    def _on_post_replaced(self) -> None:
        self.binding.post_shown()                 # results for the old post are stale now
        if self.session.path is not None:         # a never-saved post keeps the site it began in
            self._replacing = True                # the preview loads once, below
            try:
                self.binding.load_site_for(self.session.path)
            finally:
                self._replacing = False
        self._update_title()
        self._update_counts()
        self.previews.load()
        self.post_opened.emit(self.session.post)

    def _on_saved(self, path: Path) -> None:
        self._update_title()
        self.show_status(f"Saved {path}", 5000)
        root = self.workspace.site.root
        if root is None or root not in path.parents:
            self.binding.load_site_for(path)      # Save As moved it into (another) site
        self.previews.reload_if_options_changed()   # Save As: relative image paths resolve anew
        self.post_saved.emit(path)

    def _on_site_changed(self, state: SiteState) -> None:
        if self.form.schema != self.workspace.schema():
            self.form = self._new_form()
        else:   # same fields: keep the form (and the writer's focus in it), refresh its words
            self.form.set_vocabularies(self.workspace.vocabularies())
        self.site_action.setEnabled(state.profile is not None)
        self.form_pane.show_site(state)
        if state.error:
            self.show_status(state.error, 15000)
        if not self._replacing:
            self.previews.reload_if_options_changed()
        self.site_changed.emit(state)

    _replacing = False

    # -- drag and drop ------------------------------------------------------------------------------
    def handle_dropped_files(self, files: list[Path]) -> bool:
        """A dropped .md opens; other files (photos) go to `image_drop_handler` when there is one."""
        posts, others = naming.split_dropped(files)
        if posts:
            self.files.open_later(posts[0])
            return True
        if others and self.image_drop_handler is not None:
            self.image_drop_handler(others)
            return True
        return False

    def insert_markdown(self, text: str) -> None:
        self.editor.insert_at_cursor(text)

    # -- the preview ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.preview is None and not self._first_paint_watch:
            # Build the slow parts once the window has been painted, so it appears at once.
            self._first_paint_watch = FirstPaint(self.editor.viewport(), self._after_first_paint)

    _first_paint_watch = None

    def _after_first_paint(self) -> None:
        # with the window as context: a window closed at once drops it instead of running it
        QTimer.singleShot(0, self, self._build_preview_then_extensions)

    def _build_preview_then_extensions(self) -> None:
        view = self.ensure_preview()
        # The photo and export widgets are not needed in the first second: they are built right
        # after the first page is painted (the menus complete as the preview appears, without
        # delaying it), or after 1.5 s if the preview is hidden or slow.
        def after_first_page(_ok: bool) -> None:
            view.loaded.disconnect(after_first_page)
            target = view.view.focusProxy() or view.view
            self._first_page_watch = FirstPaint(target, self.attach_extensions)

        view.loaded.connect(after_first_page)
        QTimer.singleShot(1500, self, self.attach_extensions)

    _extensions_attached = False

    def attach_extensions(self) -> None:
        """Photos (import, gallery panel) and Post (checks, export) widgets; idempotent."""
        if self._extensions_attached:
            return
        self._extensions_attached = True
        from recap_editor.ui import checks_panel, export_dialog, gallery_panel, photo_import

        self.photo_import = photo_import.attach(self)
        from recap_editor.ui import triage_view   # Photos › Choose from a Folder…, roll-sized drops
        self.triage_action = triage_view.attach(self)
        self.gallery_panel = gallery_panel.attach(self)
        self.checks_panel = checks_panel.attach(self)
        self.export_action = export_dialog.attach(self)
        from recap_editor.ui import existing_posts   # Optimise Images, discard removes imports

        existing_posts.attach(self)
        for panel in (self.gallery_panel, self.checks_panel):
            dock = getattr(panel, "dock", None)
            if dock is not None and not self.settings.window_state():
                dock.hide()   # first run: a clean three-pane window; the menus bring them up
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)   # dock positions and visibility from last time
        self.layout_keeper = window_layout.LayoutKeeper(self)   # complete now: kept from here on
        from recap_editor.workspace.startup import release_startup_garbage

        QTimer.singleShot(0, self, release_startup_garbage)   # the window is complete now

    @property
    def preview(self):
        """The PreviewView, once ensure_preview() ran (else None)."""
        return self.previews.view

    @property
    def live(self):
        """The LivePreview that keeps the preview in step, once ensure_preview() ran."""
        return self.previews.live

    def ensure_preview(self):
        """Build the preview (idempotent) and load the current post into it."""
        return self.previews.ensure()

    def render_options(self) -> RenderOptions:
        return self.workspace.render_options(self.session.path)

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

    # -- layout & closing --------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return window_layout.default_size(self)

    def _restore_layout(self) -> None:
        window_layout.restore(self)

    _close_waits_for_save = False

    def _close_after_save(self) -> None:
        self._close_waits_for_save = False
        self.session.save_finished.disconnect(self._close_after_save)
        QTimer.singleShot(0, self.close)   # after the save has finished its bookkeeping

    def _save_layout(self) -> None:
        window_layout.save(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.session.saving:   # Quit during a save: close once the file is on disk
            event.ignore()
            if not self._close_waits_for_save:
                self._close_waits_for_save = True
                self.session.save_finished.connect(self._close_after_save)
            return
        if not self.maybe_save(self.close, "close the window"):
            event.ignore()
            return
        self._save_layout()
        self.session.close_cleanly()
        self.previews.close()
        event.accept()
