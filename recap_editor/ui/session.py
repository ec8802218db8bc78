"""One open post and everything that keeps it safe and in step.

The editor's text is the truth; `self.post` is re-parsed from it on every edit so the form, the
preview and the checks all read one document.  This class also owns the file side: open, save
(atomic, refusing to overwrite a file changed on disk), reload, the file watcher, and the autosave
to a recovery file.  Questions to the writer go through `dialogs` so tests can answer them.

The post's file is only ever read on a worker (`workspace.disk`): opening reads and parses it
there, and the shown post stays on screen, read-only, until the new one arrives (no blank flash
for a normal post, and nothing typed into a post the writer chose to leave); a read for an older
request (B opened while A was still being read) is dropped by its epoch.  A save compares the
file with what was loaded on its worker too; the GUI thread only renames.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor

from recap_editor.document.files import fsync_dir
from recap_editor.document.post import DocumentError, FrontMatterError, Post
from recap_editor.ui import dialogs
from recap_editor.ui.arrivals import Arrivals
from recap_editor.ui.editor import MarkdownEditor
from recap_editor.ui.form import FrontMatterForm
from recap_editor.ui.saving import after_save, save_and_rename
from recap_editor.ui.workers import file_pool, run_in_background, run_in_pool
from recap_editor.workspace.disk import DiskState, disk_state, fingerprint
from recap_editor.workspace.fields import field_edits
from recap_editor.workspace.recovery import RecoveryFile

log = logging.getLogger(__name__)


class PostSession(QObject):
    """Binds a Post to the editor and the form, and to its file on disk."""

    post_replaced = Signal()          # another post (or a reload) is now shown
    text_edited = Signal()            # the text changed (typing or a form edit)
    front_matter_changed = Signal()   # fields or parse error changed
    saved = Signal(Path)
    save_finished = Signal()          # a save ended (written or not): a deferred Quit may go on
    modified_changed = Signal(bool)
    message = Signal(str)             # for the status bar
    opening_changed = Signal(object)  # the Path of a post on its way (being read), or None
    opened = Signal(Path)             # a post read on a worker is now shown
    open_failed = Signal(Path, str)   # it could not be read: the message names the file

    def __init__(self, editor: MarkdownEditor, parent: QObject | None = None,
                 autosave_ms: int = 3000) -> None:
        super().__init__(parent)
        self.editor = editor
        self.form: FrontMatterForm | None = None
        self.post = Post.from_text("")
        self._saved_text = ""
        self._modified = False
        self._front_matter_seen: tuple[str, str | None] = ("", None)
        self._syncing = False
        self._force_next_save = False
        self._on_disk = False
        self._acknowledged_disk: str | None = None
        self.recovery = RecoveryFile()
        self._autosave_dirty = False
        self.autosave_timer = QTimer(self, interval=autosave_ms)
        self.autosave_timer.timeout.connect(lambda: self.autosave(background=True))
        self.autosave_timer.start()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_disk_event)
        self.watcher.directoryChanged.connect(self._on_disk_event)
        self._disk_check = QTimer(self, singleShot=True, interval=150)
        self._disk_check.timeout.connect(self.check_disk)
        self._asking = False
        self.arrivals = Arrivals(editor, self)   # a post on its way: read-only until it is here
        self.arrivals.changed.connect(self.opening_changed)
        self._checking_disk = False
        self._check_again = False
        editor.textChanged.connect(self._on_editor_changed)

    # -- state -----------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.post.path

    @property
    def modified(self) -> bool:
        return self._modified

    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled post"

    def attach_form(self, form: FrontMatterForm) -> None:
        self.form = form
        form.field_edited.connect(self.set_field)
        form.field_edit_finished.connect(self.end_field_edit)
        self._front_matter_seen = ("\0", None)   # force the first show
        self._refresh_form()

    # -- loading ------------------------------------------------------------------------------------
    @property
    def opening(self) -> Path | None:
        """The post on its way (being read on a worker), or None."""
        return self.arrivals.path

    def open(self, path: Path, loaded: Post | None = None) -> None:
        """Read the post at `path` on a worker; show it when it arrives (`opened`), or emit
        `open_failed` with a message naming the file.  Until then the post shown stays, read-only.
        `loaded`: already read off the GUI thread (the startup reads): shown now."""
        if loaded is not None:
            self.arrivals.cancel()
            self.show_loaded(loaded)
            self.opened.emit(path)
            return
        self._read(path, lambda post: (self.show_loaded(post), self.opened.emit(path)),
                   lambda message: self.open_failed.emit(path, message))

    def _read(self, path: Path, on_post: Callable[[Post], None], on_error: Callable[[str], None]) -> None:
        def failed(message: str) -> None:
            # the shown post stays; its form may hold a keystroke typed meanwhile (never applied)
            self._front_matter_seen = ("\0", None)
            self._refresh_form()
            on_error(message)
        self.arrivals.read(path, on_post, failed)

    def show_loaded(self, post: Post) -> None:
        """Show a post just read from its file."""
        self._show(post, saved_text=post.text)
        self._on_disk = True

    def new(self, text: str, path: Path | None = None, untouched: bool = False) -> None:
        """A new, never-saved post (or restored work): shown as modified when it has text, unless
        `untouched` (the template as it comes: nothing of the writer's to lose until they edit)."""
        post = Post.from_text(text, path)
        self._show(post, saved_text=text if untouched else "")
        self._on_disk = False   # `path` (if any) is where it will go, not where it came from

    def restore(self, text: str, path: Path | None, then: Callable[[], None] | None = None) -> None:
        """Recovered work: the post on disk (if any, read on a worker) with the recovered text as
        unsaved edits.  `then` (forgetting the recovery file the words came from) runs once they
        are safe again: in this session's recovery file, or in the post itself."""
        def untitled(problem: str | None) -> None:
            self._show(Post.from_text(text, None), saved_text="")
            if problem is not None:
                self.message.emit(problem)
            self._protect_restored(then)

        def loaded(post: Post) -> None:
            self.show_loaded(post)
            self.editor.apply_text(text)
            self._protect_restored(then)

        if path is None:
            untitled(None)
            return
        # Unreadable now (gone, permissions, not UTF-8 any more): keep the words, never the path,
        # so a save cannot replace a file nobody could read back.
        self._read(path, loaded, lambda message: untitled(f"{message}; the restored post is untitled"))

    def _protect_restored(self, then: Callable[[], None] | None) -> None:
        if not self.modified:   # the file on disk holds these words already
            if then is not None:
                then()
            return
        path, text, ticket = self.path, self.editor.raw_text(), self.recovery.ticket()
        self._autosave_dirty = False
        self._autosaving = True

        def write() -> None:   # on a worker: the old file goes only once the new one is written
            self.recovery.write(path, text, ticket)
            if then is not None:
                then()
        run_in_background(write, on_done=lambda _ok: self._autosaved(None), on_error=self._autosaved,
                          parent=self)

    def _show(self, post: Post, saved_text: str) -> None:
        self.arrivals.cancel()   # whatever was on its way is not wanted any more
        self.post = post
        self._saved_text = saved_text
        self._force_next_save = False
        self._acknowledged_disk = None
        self._syncing = True
        try:
            self.editor.setPlainText(post.text)   # also clears the undo history
            self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        finally:
            self._syncing = False
        self._watch(post.path)
        self._set_modified(post.text != saved_text)
        self._front_matter_seen = ("\0", None)
        self._refresh_form()
        self.post_replaced.emit()

    # -- edits -----------------------------------------------------------------------------------------
    def _on_editor_changed(self) -> None:
        if self._syncing:
            return
        text = self.editor.raw_text()
        self.post.set_text(text)
        self._autosave_dirty = True
        self._set_modified(text != self._saved_text)
        self._refresh_form()
        self.text_edited.emit()

    def set_field(self, name: str, value: Any) -> None:
        """A form edit: change only that field's line(s) in the editor.

        Keystrokes in one field are one undo step (joined to the previous step while nothing else
        changed the text since); the step ends when the writer leaves the field.  While another
        post is on its way the shown one is read-only: the edit is not applied.
        """
        if self.opening is not None:
            return
        edits = field_edits(self.post.fields, name, value, is_new=not self._on_disk)
        try:
            for field_name, field_value in edits:
                self.post.set(field_name, field_value)
        except FrontMatterError as exc:
            self.message.emit(str(exc))
            self.post.set_text(self.editor.raw_text())   # nothing half-applied
            return
        document = self.editor.document()
        join = self._field_step == (name, document.availableUndoSteps())
        # re-enters _on_editor_changed with the same text
        self.editor.apply_text(self.post.text, join_previous=join)
        self._field_step = (name, document.availableUndoSteps())

    def end_field_edit(self, _name: str = "") -> None:
        """The writer left a field: its next edit starts a new undo step."""
        self._field_step = None

    _field_step: tuple[str, int] | None = None

    def _refresh_form(self) -> None:
        error = str(self.post.error) if self.post.error else None
        seen = (self.post.front_matter_text, error)
        if seen == self._front_matter_seen:
            return
        self._front_matter_seen = seen
        if self.form is not None:
            self.form.show_post(self.post.fields, error)
        self.front_matter_changed.emit()

    def _set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    # -- saving ------------------------------------------------------------------------------------------
    @property
    def saving(self) -> bool:
        """A save is in flight (its file is being written on a worker)."""
        return self._saving

    _saving = False

    def save(self, path: Path | None = None, overwrite_confirmed: bool = False) -> bool:
        """Save to the post's file, or to `path` (Save As; the file dialog asked about overwriting).

        Returns False when the writer chose not to overwrite a file changed on disk.  Other
        failures raise DocumentError naming the file.

        The file on disk is compared with what was loaded (by content), the temporary written and
        fsynced, and the file compared again, all on the save's worker while the window keeps
        painting (user input waits, so nothing the writer does can race the save); only the
        rename runs on the GUI thread.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise DocumentError("the post has no file yet: choose where to save it")
        if self._saving:
            raise DocumentError("a save of this post is still being written; try again", target)
        same_file = self.path is not None and target.resolve() == self.path.resolve()
        # a new post whose file was named before it existed: a file there now is someone else's
        must_be_new = same_file and not self._on_disk and not overwrite_confirmed
        force = self._force_next_save if same_file else overwrite_confirmed
        self._saving = True
        try:
            request = save_and_rename(self.post, self.post.save_request(target, force), same_file,
                                      must_be_new, ask=self._resolve_external_change,
                                      shown=lambda: self.post, parent=self)
        finally:
            self._saving = False
        if request is None:
            self.save_finished.emit()
            return False
        after_save(fsync_dir, request.target.parent)   # the rename's durability, off this thread
        log.info("saved %s", self.post.path)
        self._saved_text = request.text   # what reached the disk; edits made meanwhile stay unsaved
        self._on_disk = True
        self._force_next_save = False
        self._acknowledged_disk = None
        self._set_modified(self.editor.raw_text() != request.text)
        self._watch(self.post.path)
        if not self.modified:
            self.recovery.remove()
            self._autosave_dirty = False
        self.saved.emit(self.post.path)
        self.save_finished.emit()
        return True

    # -- the file on disk ------------------------------------------------------------------------------
    def _watch(self, path: Path | None) -> None:
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        if path is not None:
            # Watch the folder too: an atomic replace (git, our own save) gives the file a new inode
            # and Qt stops watching the old one.  (A path that does not exist yet is not added.)
            self.watcher.addPaths([str(path), str(path.parent)])

    def _on_disk_event(self, _path: str) -> None:
        self._disk_check.start()

    def check_disk(self) -> None:
        """Has someone else changed our file?  Read it on a worker; then reload quietly if we hold
        no edits, else ask."""
        if self.path is None or self._asking or self._saving or self.opening is not None:
            return
        if self._checking_disk:
            self._check_again = True   # an event during the read: read once more after it
            return
        post, path, stamp = self.post, self.path, self.post.stamp
        self._checking_disk = True

        def done(state: DiskState | None) -> None:
            self._checking_disk = False
            if self._check_again:
                self._check_again = False
                self._disk_check.start()
            if state is not None:
                self._on_disk_state(post, path, stamp, state)
        run_in_pool(file_pool(), disk_state, path, stamp, on_done=done,
                    on_error=lambda _message: done(None), parent=self)

    def _on_disk_state(self, post: Post, path: Path, stamp, state: DiskState) -> None:
        if self.post is not post or self.path != path or self.post.stamp != stamp:
            return   # another post, or a save since the read: that read says nothing any more
        if self._asking or self._saving or self.opening is not None:
            return   # a save compares the file itself; the watcher calls again after it
        if not state.changed:
            if state.exists and str(path) not in self.watcher.files():
                self.watcher.addPath(str(path))
            return
        if state.fingerprint == self._acknowledged_disk:
            return
        if not self.modified and state.on_disk is not None:
            self._show_reloaded(state.on_disk)
            self.message.emit(f"Reloaded {path.name}: it was changed on disk")
            return
        self._resolve_external_change(state.on_disk)

    def _resolve_external_change(self, on_disk: Post | None) -> str:
        """Ask the writer about a file changed on disk (`on_disk`: what it holds now, read on a
        worker; None when it is gone or unreadable): "reload" shows it, "keep" saves over it."""
        path = self.path
        assert path is not None
        self._asking = True
        try:
            choice = dialogs.ask_external_change(self.editor.window(), path, self.editor.raw_text(),
                                                 on_disk.text if on_disk is not None else None)
        finally:
            self._asking = False
        if choice == "reload" and on_disk is not None:
            self._show_reloaded(on_disk)
        else:
            self._force_next_save = True
            self._acknowledged_disk = fingerprint(on_disk)
            self.message.emit(f"Keeping your version of {path.name}; saving will replace the one on disk")
            choice = "keep"
        self._watch(path)
        return choice

    def _show_reloaded(self, post: Post) -> None:
        """Show the file as it is on disk now (read on a worker), keeping the cursor's line."""
        line = self.editor.textCursor().blockNumber() + 1
        self.show_loaded(post)
        self.editor.go_to_line(line)

    # -- recovery --------------------------------------------------------------------------------------
    def autosave(self, background: bool = False) -> None:
        """Write the recovery file when there are unsaved edits; remove it when there are none.

        The timer's autosaves write on a worker (an fsync can take long on a busy disk); a
        direct call (headless, tests) writes at once.
        """
        if self.modified:
            if not self._autosave_dirty and self.recovery.written:
                return  # nothing new since the last autosave
            if self._autosaving:
                return  # one write at a time; the next tick writes the newer text
            path, text = self.path, self.editor.raw_text()
            self._autosave_dirty = False
            if background:
                self._autosaving = True
                run_in_background(self.recovery.write, path, text, self.recovery.ticket(),
                                  on_done=lambda _ok: self._autosaved(None),
                                  on_error=self._autosaved, parent=self)
                return
            try:
                self.recovery.write(path, text)
            except OSError as exc:
                self._autosaved(str(exc))
        else:
            self.recovery.remove()
            self._autosave_dirty = False

    _autosaving = False

    def _autosaved(self, error: str | None) -> None:
        self._autosaving = False
        if error is not None:
            self._autosave_dirty = True   # try again on the next tick
            self.message.emit(f"Autosave failed: {error}")

    def close_cleanly(self) -> None:
        self.autosave_timer.stop()
        self.recovery.remove()

