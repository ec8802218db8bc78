"""The window's file commands: open, new, save, save as, close, a site's post list, recent files.

`FileCommands` gets everything it uses in its constructor (the dialog parent, the session, the
workspace binding, the settings and the Open Recent menu) and reports through signals; the naming
rules it applies live in `workspace.naming`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMenu, QWidget

from recap_editor.document.post import DocumentError, Post, ReadOnlyError
from recap_editor.ui import dialogs, existing_posts
from recap_editor.ui.session import PostSession
from recap_editor.ui.settings import Settings
from recap_editor.ui.workers import run_in_background
from recap_editor.ui.workspace_binding import WorkspaceBinding
from recap_editor.workspace import naming
from recap_editor.workspace.site import SiteState, load_site

log = logging.getLogger(__name__)


class FileCommands(QObject):
    status = Signal(str)

    def __init__(self, parent: QWidget, session: PostSession, binding: WorkspaceBinding,
                 settings: Settings, recent_menu: QMenu) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.binding = binding
        self.settings = settings
        self.recent_menu = recent_menu
        session.saved.connect(self._remember)
        self.refresh_recent()

    @property
    def workspace(self):
        return self.binding.workspace

    # -- opening ------------------------------------------------------------------------------
    def open_path(self, path: Path | str, loaded: Post | None = None) -> bool:
        """Open a post (asking about unsaved edits first); False when cancelled or unreadable.

        `loaded`: the post as read a moment ago (at startup, while Qt loaded), not read again."""
        path = Path(path).expanduser().resolve()
        if not self.maybe_save():
            return False
        try:
            post = loaded if loaded is not None and loaded.path == path else Post.load(path)
        except DocumentError as exc:
            dialogs.show_error(self.parent_widget, "Cannot open post", str(exc))
            return False
        self.session.recovery.remove()
        self.session.show_loaded(post)
        self._remember(path)
        log.info("opened %s", path)
        return True

    def new_post(self, text: str | None = None, path: Path | None = None) -> bool:
        """A new post from the template (not saved yet; `path` is where Save will put it)."""
        if not self.maybe_save():
            return False
        if path is not None and self.workspace.cached_site(path) is None:
            self.binding.load_site_now(path)   # the template's format comes from the site
        self.session.recovery.remove()
        self.session.new(text if text is not None else self.workspace.new_post_text(), path)
        return True

    def close_post(self) -> bool:
        """File › Close: put the post away (asking about unsaved edits); the window stays."""
        if not self.maybe_save():
            return False
        self.session.recovery.remove()
        self.session.new("", None)
        self.session.editor.setFocus()   # not a field of the form that was put away
        return True

    def restore_work(self, text: str, path: Path | None) -> None:
        self.session.restore(text, path)

    def open_dialog(self) -> None:
        start = self.session.path.parent if self.session.path else None
        path = dialogs.ask_open_path(self.parent_widget, start)
        if path is not None:
            self.open_path(path)

    def open_site_post(self) -> None:
        if self.workspace.site.root is not None:
            self.open_site(self.workspace.site.root)

    def open_site(self, root: Path) -> bool:
        """A site folder: pick one of its posts, or start a new one there.

        The site and its post list load on a worker; the choice is asked when they are there.
        Returns False when `root` is not inside a site (said in a dialog), True otherwise.
        """
        from recap_editor.site.config import find_site_root

        root = Path(root).expanduser().resolve()
        if find_site_root(root) is None:
            dialogs.show_error(self.parent_widget, "Not a site", f"{root}: no Hugo site configuration found")
            return False
        self.status.emit(f"Reading the site at {root}…")
        run_in_background(_site_and_posts, root, on_done=self._choose_site_post,
                          on_error=lambda message: dialogs.show_error(self.parent_widget,
                                                                      "Cannot list the posts", message),
                          parent=self)
        return True

    def _choose_site_post(self, found: tuple[SiteState, list[naming.PostEntry]]) -> None:
        state, rows = found
        if state.broken:
            dialogs.show_error(self.parent_widget, "The site cannot be read", state.error)
            return
        self.workspace.remember_site(state)
        choice = dialogs.choose_post(self.parent_widget, state.profile.root.name,
                                     [(r.path, r.title, r.date) for r in rows])
        if isinstance(choice, Path):
            self.open_path(choice)
        elif choice == "new" or self._blank():
            self._new_in_site(state)   # cancelled at startup: a new post beats an empty window

    def _blank(self) -> bool:
        return self.session.path is None and not self.session.post.text

    def _new_in_site(self, state: SiteState) -> None:
        if not self.maybe_save():
            return
        # a never-saved post has no path to find its site by: it keeps the site it was started in
        self.binding.adopt_site(state)
        self.session.recovery.remove()
        self.session.new(self.workspace.new_post_text(), None)

    # -- saving -------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask about unsaved edits; True when it is fine to drop the current text."""
        if self.session.saving:   # a save is being written: nothing may replace the post meanwhile
            self.status.emit("Still saving; try again in a moment")
            return False
        if not self.session.modified:
            return True
        answer = dialogs.ask_save_changes(self.parent_widget, self.session.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard" and existing_posts.discard_imports(self.parent_widget)   # offers to remove imports

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        try:
            return self.session.save()
        except ReadOnlyError as exc:   # the writer protected the file: offer a copy instead
            return dialogs.ask_save_as_read_only(self.parent_widget, Path(exc.path)) and self.save_as()
        except DocumentError as exc:
            dialogs.show_error(self.parent_widget, "Cannot save", str(exc))
            return False

    def save_as(self) -> bool:
        path = dialogs.ask_save_path(self.parent_widget, self.workspace.suggested_save_path(self.session.post))
        if path is None:
            return False
        try:
            return self.session.save(path, overwrite_confirmed=True)
        except DocumentError as exc:
            dialogs.show_error(self.parent_widget, "Cannot save", str(exc))
            return False

    # -- recent files ---------------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        self.settings.add_recent_file(path)
        self.refresh_recent()

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.settings.recent_files() if p.exists()]
        for path in files:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self._clear_recent)
        self.recent_menu.setEnabled(bool(files))

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self.refresh_recent()

    # -- drops ----------------------------------------------------------------------------------
    def open_later(self, path: Path) -> None:
        QTimer.singleShot(0, lambda: self.open_path(path))   # not inside a drop: it may ask


def _site_and_posts(root: Path) -> tuple[SiteState, list[naming.PostEntry]]:
    """On a worker: the site at `root` and its posts, newest first."""
    state = load_site(root)
    return state, (naming.site_posts(state.profile) if state.profile is not None else [])
