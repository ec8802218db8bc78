"""The window's file commands: open, new, save, save as, close, a site's post list, recent files.

`FileCommands` gets everything it uses in its constructor (the dialog parent, the session, the
workspace binding, the settings and the Open Recent menu) and reports through signals; the naming
rules it applies live in `workspace.naming`.

Nothing here reads a file on the GUI thread: a post is read by the session on a worker (the shown
post stays, read-only, until it arrives), a site folder is found and listed on a worker, a new post
whose site is not loaded yet waits for it the same way, and the Open Recent menu learns which files
still exist from a worker.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QMenu, QWidget

from recap_editor.document.post import DocumentError, Post, ReadOnlyError
from recap_editor.paths import user_data_dir
from recap_editor.ui import dialogs, existing_posts, leaving_imports
from recap_editor.ui.session import PostSession
from recap_editor.ui.settings import Settings
from recap_editor.ui.workers import file_pool, run_in_background, run_in_pool
from recap_editor.ui.workspace_binding import WorkspaceBinding
from recap_editor.workspace import naming
from recap_editor.workspace.site import SiteState, load_site

log = logging.getLogger(__name__)

# "Opening NAME…" shows only when a read takes longer than this: a normal post arrives well within
# it, and a status line flashing on every open would be flicker.
OPENING_NOTICE_MS = 250
# At startup the window waits this long (before it is first shown) for its first post to be read,
# so its first paint shows the post; a file that hangs (a dead network mount) cannot hold it longer.
FIRST_POST_WAIT_MS = 500


class FileCommands(QObject):
    status = Signal(str)
    new_started = Signal()   # a new post from the template is shown: the writer starts at its title

    def __init__(self, parent: QWidget, session: PostSession, binding: WorkspaceBinding,
                 settings: Settings, recent_menu: QMenu) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.binding = binding
        self.settings = settings
        self.recent_menu = recent_menu
        self._recent_asked = 0
        self._opening_notice = QTimer(self, singleShot=True, interval=OPENING_NOTICE_MS)
        self._opening_notice.timeout.connect(self._show_opening)
        self._opening_shown = False
        self._sample_pending = False
        session.saved.connect(self._remember)
        session.opening_changed.connect(self._on_opening_changed)
        session.opened.connect(self._on_opened)
        session.open_failed.connect(self._on_open_failed)
        self.refresh_recent()

    @property
    def workspace(self):
        return self.binding.workspace

    # -- opening ------------------------------------------------------------------------------
    def open_path(self, path: Path | str, loaded: Post | None = None) -> bool:
        """Open a post, asking about unsaved edits first; False when the writer cancelled.

        The post is read on a worker and shown when it arrives (`session.opened`); one that cannot
        be read is said in a dialog naming the file (`session.open_failed`), and the post shown
        stays.  Opening another post before it arrives drops it.  `loaded`: the post as read a
        moment ago off the GUI thread (at startup, while Qt loaded): shown at once."""
        path = Path(path).expanduser().resolve()
        if not self.maybe_save(lambda: self.open_path(path), f"open “{path.name}”"):
            return False
        self.session.open(path, loaded if loaded is not None and loaded.path == path else None)
        return True

    def open_sample(self) -> None:
        """Startup without a path: the sample post, in the writer's own copy of the sample site
        (made on first use: on a worker, like every read of a post)."""
        from recap_editor.sample import working_copy

        self._sample_pending = True

        def copied(path: Path | None, error: str | None = None) -> None:
            self._sample_pending = False
            if not self._blank():
                return   # the writer opened or started something meanwhile
            if path is not None:
                self.open_path(path)
            else:
                self.status.emit(f"Cannot copy the sample post: {error}")
                self.new_post()
        run_in_pool(file_pool(), working_copy, on_done=copied,
                    on_error=lambda message: copied(None, message), parent=self)

    def wait_for_post(self, timeout_ms: int = FIRST_POST_WAIT_MS) -> bool:
        """Let a post on its way arrive, for up to `timeout_ms` (events run; input waits).

        For startup, before the window is first shown: its first paint then shows the post (no
        empty editor flashing before it) and the preview renders it once, as when posts were read
        on the GUI thread; the read itself stays on a worker.  True when none is on its way."""
        def on_its_way() -> bool:
            return self.session.opening is not None or self._sample_pending

        if not on_its_way():
            return True
        loop = QEventLoop(self)

        def check(*_args) -> None:
            if not on_its_way():
                loop.quit()
        self.session.opening_changed.connect(check)
        self.session.post_replaced.connect(check)
        QTimer.singleShot(timeout_ms, loop, loop.quit)
        if on_its_way():
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.session.opening_changed.disconnect(check)
        self.session.post_replaced.disconnect(check)
        return not on_its_way()

    def _on_opened(self, path: Path) -> None:
        self.session.recovery.remove()
        self._remember(path)
        log.info("opened %s", path)

    def _on_open_failed(self, path: Path, message: str) -> None:
        log.info("cannot open %s: %s", path, message)
        dialogs.show_error(self.parent_widget, "Cannot open post", message)
        if self._blank():   # at startup: a new post beats an empty window
            self.new_post()

    def _on_opening_changed(self, path: Path | None) -> None:
        if path is not None:
            self._opening_notice.start()
            return
        self._opening_notice.stop()
        if self._opening_shown:
            self._opening_shown = False
            self.status.emit("")

    def _show_opening(self) -> None:
        if self.session.opening is not None:
            self._opening_shown = True
            self.status.emit(f"Opening {self.session.opening.name}…")

    def new_post(self, text: str | None = None, path: Path | None = None) -> bool:
        """A new post from the template (not saved yet; `path` is where Save will put it).

        The template's format comes from the site `path` is in: a site not loaded yet is read on a
        worker first, the shown post staying (read-only) until it is there."""
        if not self.maybe_save(lambda: self.new_post(text, path), "start a new post"):
            return False
        if text is None and path is not None and self.workspace.cached_site(path) is None:
            epoch = self.session.arrivals.expect(path)
            run_in_pool(file_pool(), load_site, path, on_done=lambda state: self._new_in(epoch, path, state),
                        on_error=lambda message: self._new_in(epoch, path, None, message), parent=self)
            return True
        self.session.recovery.remove()
        if text is None:
            self.session.new(self.workspace.new_post_text(), path, untouched=True)
        else:
            self.session.new(text, path)
        if text is None:
            self.new_started.emit()
        return True

    def _new_in(self, epoch, path: Path, state: SiteState | None, error: str | None = None) -> None:
        if not self.session.arrivals.arrived(epoch):
            return   # the writer opened or started another post meanwhile
        if state is not None:
            self.binding.adopt_site(state)   # shown (a broken one in the banner) before the post
        else:
            self.status.emit(f"Cannot read the site of {path}: {error}")
        self.session.recovery.remove()
        self.session.new(self.workspace.new_post_text(), path, untouched=True)
        self.new_started.emit()

    def close_post(self) -> bool:
        """File › Close: put the post away (asking about unsaved edits); the window stays."""
        if not self.maybe_save(self.close_post, "close it"):
            return False
        self.session.recovery.remove()
        self.session.new("", None)
        self.session.editor.setFocus()   # not a field of the form that was put away
        return True

    def restore_work(self, text: str, path: Path | None, then=None) -> None:
        """Recovered work; `then` (forget the recovery file it came from) once it is safe again."""
        self.session.restore(text, path, then)

    def open_dialog(self) -> None:
        start = self.session.path.parent if self.session.path else None
        path = dialogs.ask_open_path(self.parent_widget, start)
        if path is not None:
            self.open_path(path)

    def open_site_dialog(self) -> None:
        """File › Open Site Folder…: a site checkout chosen in a folder dialog (the sample's site
        is where the window starts; this is how a writer gets to their own)."""
        site = self.workspace.site.root
        # beside the site open now, unless that is the sample's copy in the app's own data folder
        start = site.parent if site is not None and user_data_dir() not in site.parents else None
        root = dialogs.ask_site_folder(self.parent_widget, start)
        if root is not None:
            self.open_site(root)

    def open_site_post(self) -> None:
        if self.workspace.site.root is not None:
            self.open_site(self.workspace.site.root)

    def open_site(self, root: Path) -> bool:
        """A site folder: pick one of its posts, or start a new one there.

        The site (found from `root`) and its post list load on a worker while the window stays
        usable; the choice is asked when they are there.  A folder inside no site is said then, in
        a dialog.  Returns True: the reading has started.
        """
        root = Path(root).expanduser().resolve()
        self.status.emit(f"Reading the site at {root}…")
        run_in_background(_site_and_posts, root, on_done=self._choose_site_post,
                          on_error=lambda message: dialogs.show_error(self.parent_widget,
                                                                      "Cannot list the posts", message),
                          parent=self)
        return True

    def _choose_site_post(self, found: tuple[SiteState, list[naming.PostEntry]]) -> None:
        state, rows = found
        if state.root is None:
            dialogs.show_error(self.parent_widget, "Not a site",
                               f"{state.path}: no Hugo site configuration found here or in a folder above "
                               "it. A site's folder (its checkout) holds hugo.toml, config.toml, config.yaml "
                               "or config/_default/.")
            if self._blank():   # at startup: a new post beats an empty window
                self.new_post()
            return
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
        if not self.maybe_save(lambda: self._new_in_site(state), "start a new post"):
            return
        # a never-saved post has no path to find its site by: it keeps the site it was started in
        self.binding.adopt_site(state)
        self.session.recovery.remove()
        self.session.new(self.workspace.new_post_text(), None, untouched=True)
        self.new_started.emit()

    # -- saving -------------------------------------------------------------------------------
    def maybe_save(self, then=None, doing: str = "leave it") -> bool:
        """Ask about unsaved edits; True when it is fine to drop the current text.

        Photos still being added to the post are asked about first (`leaving_imports`): when the
        writer waits for them, False now, and `then` (the request, `doing` in words) runs again
        once they are in the post."""
        if self.session.saving:   # a save is being written: nothing may replace the post meanwhile
            self.status.emit("Still saving; try again in a moment")
            return False
        if not leaving_imports.may_leave(self.parent_widget, then, doing):
            return False
        if self.session.opening is not None:
            return True   # the writer already chose to leave the post shown (read-only meanwhile)
        if not self.session.modified:
            return True
        answer = dialogs.ask_save_changes(self.parent_widget, self.session.display_name(), doing)
        if answer == "save":
            return self.save()
        return answer == "discard" and existing_posts.discard_imports(self.parent_widget)   # offers to remove imports

    def save(self) -> bool:
        if self._still_opening():
            return False
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
        if self._still_opening():
            return False
        path = dialogs.ask_save_path(self.parent_widget, self.workspace.suggested_save_path(self.session.post))
        if path is None:
            return False
        try:
            return self.session.save(path, overwrite_confirmed=True)
        except DocumentError as exc:
            dialogs.show_error(self.parent_widget, "Cannot save", str(exc))
            return False

    def _still_opening(self) -> bool:
        """The post shown was put away for one on its way (the writer already chose to leave it,
        maybe discarding its edits): it is not saved now."""
        if self.session.opening is None:
            return False
        self.status.emit(f"Still opening {self.session.opening.name}; try again in a moment")
        return True

    # -- recent files ---------------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        self.settings.add_recent_file(path)
        self.refresh_recent()

    def refresh_recent(self) -> None:
        """Rebuild Open Recent with the files that still exist (checked on a worker)."""
        self._recent_asked += 1
        asked = self._recent_asked
        run_in_pool(file_pool(), _existing, self.settings.recent_files(),
                    on_done=lambda files: asked == self._recent_asked and self._fill_recent(files),
                    parent=self)

    def _fill_recent(self, files: list[Path]) -> None:
        self.recent_menu.clear()
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


def _existing(files: list[Path]) -> list[Path]:
    """On a worker: the files of the list that still exist."""
    return [p for p in files if p.exists()]


def _site_and_posts(root: Path) -> tuple[SiteState, list[naming.PostEntry]]:
    """On a worker: the site at `root` and its posts, newest first."""
    state = load_site(root)
    return state, (naming.site_posts(state.profile) if state.profile is not None else [])
