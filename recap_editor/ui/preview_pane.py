"""The preview beside the source: built after the window's first paint, loaded once per post (and
again only when its render options change), patched on edits, and scroll-synced with the editor."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter

from recap_editor.render.options import RenderOptions
from recap_editor.ui.session import PostSession


class PreviewPane(QObject):
    ready = Signal()

    def __init__(self, parent: QObject, splitter: QSplitter, session: PostSession,
                 options: Callable[[], RenderOptions], visible: QAction, sync: QAction,
                 status: Callable[[str], None], site_pending: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self.site_pending = site_pending   # the post's site is still loading: its options will change
        self.splitter, self.session, self.options = splitter, session, options
        self.visible_action, self.sync_action, self.status = visible, sync, status
        self.view = None       # PreviewView, once ensure() ran
        self.live = None       # LivePreview, likewise
        self.shown_options: RenderOptions | None = None
        self._scrolling_from_preview = False

    def ensure(self):
        """Build the preview (idempotent) and load the current post into it."""
        if self.view is not None:
            return self.view
        from recap_editor.ui.live_preview import LivePreview

        # The first page renders on a worker while Chromium starts here (the two slowest steps).
        self.live = LivePreview(None, lambda: self.session.post, self)
        if not self.site_pending():   # else the site's arrival loads it, once, with its options
            self.load(background=True)
        from recap_editor.ui.preview import PreviewView  # QtWebEngine: a slow import

        self.view = PreviewView()
        self.live.attach_view(self.view)
        self.view.scrolled_to_line.connect(self.sync_editor_to_preview)
        self.live.render_failed.connect(lambda text: self.status(f"Preview: {text}"))
        old = self.splitter.replaceWidget(1, self.view)
        if old is not None:
            old.deleteLater()
        self.splitter.setStretchFactor(1, 1)   # the placeholder's; else a new dock shrinks only the editor
        self.view.setVisible(self.visible_action.isChecked())
        self.ready.emit()
        return self.view

    def load(self, background: bool | None = None) -> None:
        """Load the open post's whole page (no-op until the preview exists)."""
        if self.live is None:
            return
        self.shown_options = self.options()
        self.live.load(self.session.post, self.shown_options, background=background)

    def reload_if_options_changed(self) -> None:
        if self.live is not None and self.shown_options != self.options():
            first = self.shown_options is None   # the first page renders on a worker, as at startup
            self.load(background=True if first else None)

    def schedule(self) -> None:
        if self.live is not None:
            self.live.schedule()

    def sync_preview_to_editor(self, line: int) -> None:
        if self.view is not None and self.sync_action.isChecked() and not self._scrolling_from_preview:
            self.view.scroll_to_source_line(line)

    def sync_editor_to_preview(self, line: int) -> None:
        if not self.sync_action.isChecked():
            return
        self._scrolling_from_preview = True
        try:
            self.session.editor.scroll_to_line(line)
        finally:
            self._scrolling_from_preview = False

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
