"""Keeps the preview in step with the editor: throttled, incremental, off the GUI thread when big.

The page is loaded once per post (`render_page`); after that edits (at most one render per
`THROTTLE_MS`, so the preview follows while the writer types) render only the
changed blocks (`IncrementalRenderer.update`) and patches them into the DOM (`patch_script`), so the
scroll position stays and nothing flickers.  At most one render runs at a time; edits made while it
runs are rendered right after it, from the newest text.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from recap_editor.document.post import Post
from recap_editor.render.options import RenderOptions
from recap_editor.ui.workers import run_in_background
from recap_editor.workspace.jobs import PreparedPage, prepare_page

if TYPE_CHECKING:
    from recap_editor.render.incremental import IncrementalRenderer, RenderUpdate
    from recap_editor.ui.preview import PreviewView

# The renderer (markdown-it, Pygments, ...) is imported on first use, by whichever thread renders
# first: at startup that is a worker, while the GUI thread starts Chromium.


# Throttle, not debounce: the first key renders at once and continuous typing repaints at least
# every THROTTLE_MS, so the preview follows the writer instead of standing still until a pause.
THROTTLE_MS = 50
# Every render runs on a pool thread, whatever the post's size (issue #11): a pathological paragraph
# of a few KB can still take a noticeable moment, and the hop costs about a millisecond. Only an
# empty post renders where it is asked for. Tests lower nothing here; they may raise it.
BACKGROUND_ABOVE_CHARS = 0


class LivePreview(QObject):
    """Connect `schedule()` to every edit; call `load(post, options)` when a post is opened."""

    rendered = Signal(object)       # RenderUpdate, after it was sent to the page
    render_failed = Signal(str)
    painted = Signal(int, float)    # sequence, ms from the edit that triggered it to the paint

    def __init__(self, view: "PreviewView | None", current_post: Callable[[], Post],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = None
        self._stashed: PreparedPage | None = None
        self._current_post = current_post
        self._options: RenderOptions | None = None
        self._renderer: "IncrementalRenderer | None" = None
        self._line_offset = 0
        self._header = ""
        self._notice = ""
        self._busy = False
        self._pending = False
        self._sequence = 0
        self._edit_started: dict[int, float] = {}
        self._first_edit_at: float | None = None
        self.render_count = 0
        # named `debounce` for the callers that stop it before rendering at once; it throttles
        self.debounce = QTimer(self, singleShot=True, interval=0)
        self.debounce.timeout.connect(self.render_now)
        self._last_render_at = 0.0
        if view is not None:
            self.attach_view(view)

    def attach_view(self, view: "PreviewView") -> None:
        """The view may come after the first `load` (it is slow to create): a page rendered
        before it exists is loaded into it now."""
        self.view = view
        view.loaded.connect(self._on_loaded)
        view.painted.connect(self._on_painted)
        if self._stashed is not None:
            page, self._stashed = self._stashed, None
            self._adopt(page, self._generation)

    # -- whole page ----------------------------------------------------------------------------
    def load(self, post: Post, options: RenderOptions, background: bool | None = None) -> None:
        """Render the whole page and load it (first show, another post, a new line offset).

        Every post (or `background=True`) renders on a worker; edits made meanwhile are rendered
        as soon as the page is there.
        """
        self.debounce.stop()
        self._generation += 1
        generation = self._generation
        # A render of the previous post may still be running: its result is dropped when it
        # arrives (_apply checks the generation), so nothing waits for it.
        self._busy = False
        self._pending = False
        self._renderer = None          # edits wait for the new page
        self._options = options
        if background is None:
            background = len(post.text) > BACKGROUND_ABOVE_CHARS
        if background:
            run_in_background(prepare_page, post.text, post.path, options,
                              on_done=lambda page: self._adopt(page, generation),
                              on_error=lambda message: self._on_error(message, generation), parent=self)
        else:
            self._adopt(prepare_page(post.text, post.path, options), generation)

    _generation = 0

    def _adopt(self, page: PreparedPage, generation: int) -> None:
        if generation != self._generation:
            return   # another post was opened while this one rendered
        self._renderer, self._line_offset = page.renderer, page.line_offset
        self._header, self._notice = page.header, page.notice
        if self.view is None:
            self._stashed = page
            return
        base = page.options.post_path.parent if page.options.post_path else Path.cwd()
        self.view.load_html(page.html, QUrl.fromLocalFile(str(base) + "/"))
        if self._current_post().text != page.text:
            self._pending_after_load = True   # typed while it rendered: catch up once loaded

    def _on_loaded(self, ok: bool) -> None:
        if ok and self._pending_after_load:
            self._pending_after_load = False
            self.render_now()

    _pending_after_load = False

    # -- edits ---------------------------------------------------------------------------------
    def schedule(self) -> None:
        now = time.perf_counter()
        if self._first_edit_at is None:
            self._first_edit_at = now
        if self.debounce.isActive():
            return   # a render is already due and will take this edit along
        since_ms = (now - self._last_render_at) * 1000.0
        # 0 ms still waits for the event loop, so keys arriving together render once
        self.debounce.start(int(max(0.0, THROTTLE_MS - since_ms)))

    def render_now(self) -> None:
        if self._options is None:
            return
        if self._renderer is None or self.view is None or not self.view.is_loaded:
            self._pending_after_load = True
            return
        if self._busy:
            self._pending = True
            return
        self._last_render_at = time.perf_counter()
        post = self._current_post()
        if post.body_line - 1 != self._line_offset:
            # the front matter grew or shrank: every block's source line moved
            from recap_editor.render.incremental import IncrementalRenderer
            self._line_offset = post.body_line - 1
            self._renderer = IncrementalRenderer(self._options, self._line_offset)
        from recap_editor.render.page import header_html
        header = header_html(post)
        body = post.body
        started = self._first_edit_at or time.perf_counter()
        self._first_edit_at = None
        renderer = self._renderer
        generation = self._generation
        self._busy = True
        if len(body) > BACKGROUND_ABOVE_CHARS:
            run_in_background(renderer.update, body,
                              on_done=lambda update: self._apply(update, header, started, generation),
                              on_error=lambda message: self._on_error(message, generation), parent=self)
        else:
            try:
                update = renderer.update(body)
            except Exception as exc:  # noqa: BLE001 - a render bug must not kill the editor
                self._on_error(str(exc))
                return
            self._apply(update, header, started, generation)

    def _apply(self, update: "RenderUpdate", header: str, started: float,
               generation: int | None = None) -> None:
        from recap_editor.render.page import notice_html, patch_script
        if generation is not None and generation != self._generation:
            return   # rendered for a post (or page) no longer shown: never patch it in
        self._busy = False
        self.render_count += 1
        notice = notice_html(update, self._options)
        script = patch_script(update, header=header if header != self._header else None,
                              notice=notice if notice != self._notice else None)
        self._header, self._notice = header, notice
        self._sequence += 1
        sequence = self._sequence
        self._edit_started[sequence] = started
        self.view.run_script(script, lambda result: self._on_patched(result, sequence, generation))
        self.rendered.emit(update)
        if self._pending:
            self._pending = False
            self.render_now()

    def _on_patched(self, result, sequence: int, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return   # a patch of a page that has been replaced since
        if not shiboken6.isValid(self.view) or not shiboken6.isValid(self.view.page):
            return   # the answer of a page closed meanwhile (the window went): nothing to show it in
        if result is True:
            self.view.mark_painted(sequence)
        elif self._options is not None:
            # The page is not the one the update expects (it was reloaded, or a patch was lost):
            # start again from a full page, which is always right.
            self.load(self._current_post(), self._options)

    def _on_error(self, message: str, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        self._busy = False
        self._pending = False
        self.render_failed.emit(message)

    def _on_painted(self, sequence: int) -> None:
        for old in [s for s in self._edit_started if s < sequence]:
            del self._edit_started[old]   # patches whose change was never on screen
        started = self._edit_started.pop(sequence, None)
        if started is not None:
            self.painted.emit(sequence, (time.perf_counter() - started) * 1000.0)


