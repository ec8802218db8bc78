"""One open post and everything that keeps it safe and in step.

The editor's text is the truth; `self.post` is re-parsed from it on every edit so the form, the
preview and the checks all read one document.  This class also owns the file side: open, save
(atomic, refusing to overwrite a file changed on disk), reload, the file watcher, and the autosave
to a recovery file.  Questions to the writer go through `dialogs` so tests can answer them.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor

from recap_editor.document.files import fsync_dir
from recap_editor.document.post import (ChangedOnDiskError, DocumentError, FrontMatterError, Post,
                                        SaveRequest)
from recap_editor.ui import dialogs
from recap_editor.ui.editor import MarkdownEditor
from recap_editor.ui.form import FrontMatterForm
from recap_editor.ui.saving import after_save, write_off_thread
from recap_editor.ui.workers import run_in_background
from recap_editor.workspace.fields import field_edits

log = logging.getLogger(__name__)
from recap_editor.workspace.recovery import RecoveryFile


class PostSession(QObject):
    """Binds a Post to the editor and the form, and to its file on disk."""

    post_replaced = Signal()          # another post (or a reload) is now shown
    text_edited = Signal()            # the text changed (typing or a form edit)
    front_matter_changed = Signal()   # fields or parse error changed
    saved = Signal(Path)
    save_finished = Signal()          # a save ended (written or not): a deferred Quit may go on
    modified_changed = Signal(bool)
    message = Signal(str)             # for the status bar

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
    def open(self, path: Path) -> None:
        """Load a post from disk (raises DocumentError with the path in its message)."""
        self.show_loaded(Post.load(path))

    def show_loaded(self, post: Post) -> None:
        """Show a post just read from its file."""
        self._show(post, saved_text=post.text)
        self._on_disk = True

    def new(self, text: str, path: Path | None = None) -> None:
        """A new, never-saved post (or restored work): shown as modified when it has text."""
        post = Post.from_text(text, path)
        self._show(post, saved_text="" if text else text)
        self._on_disk = False   # `path` (if any) is where it will go, not where it came from

    def restore(self, text: str, path: Path | None) -> None:
        """Recovered work: the post on disk (if any) with the recovered text as unsaved edits."""
        problem = None
        if path is not None and path.is_file():
            try:
                self.open(path)
            except DocumentError as exc:
                # Unreadable now (permissions, not UTF-8 any more): keep the words, never the path,
                # so a save cannot replace a file nobody could read back.
                problem = f"{exc}; the restored post is untitled"
            else:
                self.editor.apply_text(text)
        elif path is not None:
            problem = f"{path} no longer exists; the restored post is untitled"
        if path is None or problem is not None:
            self._show(Post.from_text(text, None), saved_text="")
        if problem is not None:
            self.message.emit(problem)
        self.autosave()

    def _show(self, post: Post, saved_text: str) -> None:
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
        changed the text since); the step ends when the writer leaves the field.
        """
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

        The temporary file is written and fsynced on a worker while the window keeps painting
        (user input waits, so nothing the writer does can race the save); only the check that the
        file still holds what we last saw (by content) and the rename run on the GUI thread.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise DocumentError("the post has no file yet: choose where to save it")
        if self._saving:
            raise DocumentError("a save of this post is still being written; try again", target)
        same_file = self.path is not None and target.resolve() == self.path.resolve()
        if same_file and not self._on_disk and target.exists() and not overwrite_confirmed:
            raise DocumentError("already exists and is not the post you are editing; "
                                "use Save As to choose another name", target)
        force = self._force_next_save if same_file else overwrite_confirmed
        self._saving = True
        try:
            request = self._write(self.post.save_request(target, force), same_file)
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

    def _write(self, request: SaveRequest, same_file: bool) -> SaveRequest | None:
        """Write on a worker, then check and rename here; None when the writer chose not to save."""
        post = self.post
        outcome = write_off_thread(request, self)
        if isinstance(outcome, ChangedOnDiskError) and same_file:   # refused before writing
            if self._resolve_external_change() != "keep":
                return None
            request = replace(request, force=True)
            outcome = write_off_thread(request, self)
        if isinstance(outcome, BaseException):
            raise outcome
        pending = outcome
        try:
            if self.post is not post:   # never lands here (input waits), but never save a swapped post
                pending.discard()
                return None
            try:
                post.finish_save(request, pending)
            except ChangedOnDiskError:   # changed while we wrote: the same question, at the last moment
                if not same_file or self._resolve_external_change() != "keep":
                    pending.discard()
                    if not same_file:
                        raise
                    return None
                post.finish_save(request, pending, force=True)
        except BaseException:
            pending.discard()
            raise
        return request

    # -- the file on disk ------------------------------------------------------------------------------
    def _watch(self, path: Path | None) -> None:
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        if path is not None:
            # Watch the folder too: an atomic replace (git, our own save) gives the file a new inode
            # and Qt stops watching the old one.
            self.watcher.addPaths([p for p in (str(path), str(path.parent)) if Path(p).exists()])

    def _on_disk_event(self, _path: str) -> None:
        self._disk_check.start()

    def check_disk(self) -> None:
        """Has someone else changed our file?  Reload quietly if we hold no edits, else ask."""
        if self.path is None or self._asking or self._saving or not self.post.changed_on_disk():
            if self.path is not None and self.path.exists() and str(self.path) not in self.watcher.files():
                self.watcher.addPath(str(self.path))
            return
        on_disk = _read_text(self.path)
        fingerprint = hashlib.sha256((on_disk or "\0missing").encode()).hexdigest()
        if fingerprint == self._acknowledged_disk:
            return
        if not self.modified and on_disk is not None:
            self.reload()
            self.message.emit(f"Reloaded {self.path.name}: it was changed on disk")
            return
        self._resolve_external_change()

    def _resolve_external_change(self) -> str:
        path = self.path
        assert path is not None
        on_disk = _read_text(path)
        self._asking = True
        try:
            choice = dialogs.ask_external_change(self.editor.window(), path, self.editor.raw_text(), on_disk)
        finally:
            self._asking = False
        if choice == "reload" and on_disk is not None:
            self.reload()
        else:
            self._force_next_save = True
            self._acknowledged_disk = hashlib.sha256((on_disk or "\0missing").encode()).hexdigest()
            self.message.emit(f"Keeping your version of {path.name}; saving will replace the one on disk")
            choice = "keep"
        self._watch(path)
        return choice

    def reload(self) -> None:
        """Load the file again, keeping the cursor's line."""
        assert self.path is not None
        line = self.editor.textCursor().blockNumber() + 1
        try:
            self.open(self.path)
        except DocumentError as exc:
            self.message.emit(str(exc))
            return
        self.editor.go_to_line(line)

    # -- recovery --------------------------------------------------------------------------------------
    def autosave(self, background: bool = False) -> None:
        """Write the recovery file when there are unsaved edits; remove it when there are none.

        The timer's autosaves write on a worker (an fsync can take long on a busy disk); a
        direct call (after a restore) writes at once.
        """
        if self.modified:
            if not self._autosave_dirty and self.recovery.path.exists():
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


def _read_text(path: Path) -> str | None:
    try:
        return Post.load(path).text
    except DocumentError:
        return None
