"""The Qt side of the workspace: epochs follow the session's edits, the site loads on a worker.

`site_changed(SiteState)` is emitted when the open post's site state changes (loaded, broken,
another site).  A site load started for one post and finished after another was opened is dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from recap_editor.ui.workers import run_in_background
from recap_editor.workspace.epochs import Stamped
from recap_editor.workspace.site import SiteState
from recap_editor.workspace.workspace import Workspace, stamped

log = logging.getLogger(__name__)


class WorkspaceBinding(QObject):
    site_changed = Signal(object)     # SiteState
    site_loading = Signal(bool)

    def __init__(self, workspace: Workspace | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace or Workspace()
        self.loading = False

    @property
    def clock(self):
        return self.workspace.clock

    def post_shown(self) -> None:
        self.workspace.clock.new_post()

    def text_edited(self) -> None:
        self.workspace.clock.edited()

    def load_site_for(self, path: Path | None) -> None:
        """Show the cached state of `path`'s site at once, and (re)load it on a worker."""
        cached = self.workspace.cached_site(path)
        if cached is not None:
            self._adopt(cached)
            if self.workspace.take_fresh(cached):
                return   # read while the app started, a moment ago
        if path is None:
            return
        epoch = self.workspace.clock.now()
        self.loading = True
        self.site_loading.emit(True)
        run_in_background(stamped, epoch, Workspace.load_site, path,
                          on_done=self._on_loaded, parent=self)

    def _on_loaded(self, result: Stamped) -> None:
        if not self.workspace.clock.same_post(result):
            log.debug("dropped the site of a post no longer shown")
            return
        self.loading = False
        if result.ok:
            self._adopt(result.value)
        else:
            log.error("loading the site failed: %s", result.error)
        self.site_loading.emit(False)   # after the state: listeners see the site it loaded

    def adopt_site(self, state: SiteState) -> None:
        """Make `state` the open post's site (a new post started in a site has no path to find it)."""
        self._adopt(state)

    def _adopt(self, state: SiteState) -> None:
        if self.workspace.set_site(state):
            self.site_changed.emit(state)
