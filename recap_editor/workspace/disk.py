"""The open post's file on disk, for a worker thread: read it, tell whether it changed, save it.

The window never touches a post's file on the GUI thread but for a save's final rename.  These
functions run on a worker and hand back values: a post read (or the `DocumentError` naming the file
and the problem), what the file holds now compared with what was loaded, and a save written,
fsynced and checked against the file on disk on both sides of the write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from recap_editor.document.files import FileStamp, PendingWrite
from recap_editor.document.post import (ChangedOnDiskError, DocumentError, Post, SaveRequest,
                                        refuse_overwrite, write_save)


def read_post(path: Path) -> Post | DocumentError:
    """The post at `path` (read and parsed), or why it cannot be opened, as a value."""
    try:
        return Post.load(path)
    except DocumentError as exc:
        return exc


def fingerprint(on_disk: Post | None) -> str:
    """Tells one answer to "what is on disk now" from another (a missing file is an answer too)."""
    text = on_disk.text if on_disk is not None else "\0missing"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class DiskState:
    """The file of the open post as it is now, compared with what the window loaded or saved."""

    changed: bool            # it no longer holds what was loaded or last saved
    exists: bool
    on_disk: Post | None     # what it holds, read once (None: missing or unreadable)

    @property
    def text(self) -> str | None:
        return self.on_disk.text if self.on_disk is not None else None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.on_disk)


def disk_state(path: Path, stamp: FileStamp | None) -> DiskState:
    """Read `path` once: has it changed since `stamp` (None: never loaded, so not "changed")?"""
    on_disk = read_post(path)
    if isinstance(on_disk, DocumentError):
        exists = path.exists()
        return DiskState(changed=stamp is not None, exists=exists, on_disk=None)
    changed = stamp is not None and on_disk.stamp != stamp
    return DiskState(changed=changed, exists=True, on_disk=on_disk)


@dataclass
class PreparedSave:
    """A save's slow half, done: the temporary written and fsynced (`pending`, None when refused
    before writing), and `conflict` when the file on disk is not what the post was loaded from
    (before the write: nothing written; or while it was written), with what the file holds now."""

    pending: PendingWrite | None
    conflict: ChangedOnDiskError | None = None
    on_disk: Post | None = None


def prepare_save(request: SaveRequest, must_be_new: bool = False) -> PreparedSave:
    """On the save's worker: check the file on disk, write and fsync the temporary, check again.

    Raises `DocumentError` (read-only, no room, not a regular file…) naming the file; a change on
    disk is not an error but a question for the writer, so it comes back in `conflict`.  With
    `must_be_new` (a new post whose file was chosen before it existed) a file there now is refused.
    """
    if must_be_new and request.target.exists():
        raise DocumentError("already exists and is not the post you are editing; "
                            "use Save As to choose another name", request.target)
    try:
        pending = write_save(request)
    except ChangedOnDiskError as exc:   # refused before writing
        return PreparedSave(None, exc, _on_disk(request.target))
    try:
        refuse_overwrite(request)   # changed while the write was in flight: ask before the rename
    except ChangedOnDiskError as exc:
        return PreparedSave(pending, exc, _on_disk(request.target))
    except BaseException:
        pending.discard()
        raise
    return PreparedSave(pending)


def _on_disk(path: Path) -> Post | None:
    post = read_post(path)
    return None if isinstance(post, DocumentError) else post
