"""A post on its way to the window: read on a worker, shown when it arrives, if still wanted.

Opening a post (or a new one waiting for its site) puts the shown post away: it stays on screen,
read-only, until the new one arrives, so the window never flashes empty and nothing typed lands in
a post the writer chose to leave.  Each request is an epoch; asking for another post (B while A is
still being read), or showing one, makes the older request stale and its arrival is dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPlainTextEdit

from recap_editor.document.post import DocumentError, Post
from recap_editor.ui.workers import file_pool, run_in_pool
from recap_editor.workspace.disk import read_post
from recap_editor.workspace.epochs import Epoch, EpochClock

log = logging.getLogger(__name__)


class Arrivals(QObject):
    changed = Signal(object)   # the Path of the post on its way, or None

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._clock = EpochClock()   # one tick per request
        self.path: Path | None = None

    def expect(self, path: Path) -> Epoch:
        """A post is on its way from `path`: the editor is read-only until `arrived`."""
        epoch = self._clock.new_post()
        self._set(Path(path))
        return epoch

    def arrived(self, epoch: Epoch) -> bool:
        """True (and the editor editable again) if the post of `epoch` is still the one expected;
        False for a stale arrival, which the caller drops."""
        if not self._clock.is_current(epoch) or self.path is None:
            log.debug("dropped a post that arrived after another was asked for")
            return False
        self._set(None)
        return True

    def cancel(self) -> None:
        """Another post is shown: whatever was on its way is not wanted any more."""
        if self.path is not None:
            self._clock.new_post()
            self._set(None)

    def read(self, path: Path, on_post: Callable[[Post], None], on_error: Callable[[str], None]) -> None:
        """Read and parse the post at `path` on a worker; then `on_post(post)`, or `on_error` with
        a message naming the file, unless another post was asked for or shown meanwhile."""
        epoch = self.expect(path)

        def done(result) -> None:
            if not self.arrived(epoch):
                return
            if isinstance(result, Post):
                on_post(result)
            else:
                on_error(str(result))
        run_in_pool(file_pool(), read_post, Path(path), on_done=done,
                    on_error=lambda message: done(DocumentError(message, path)), parent=self)

    def _set(self, path: Path | None) -> None:
        if path == self.path:
            return
        self.path = path
        self.editor.setReadOnly(path is not None)
        self.changed.emit(path)
