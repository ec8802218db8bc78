"""The slow half of a save on a worker, while the window keeps painting.

`write_off_thread` runs `workspace.disk.prepare_save` (the file on disk compared with what was
loaded, every refusal, the bytes written and fsynced to a locked temporary, the file compared
again) on the save's thread and waits for it in a local event loop that leaves user input queued:
the window repaints and its timers run, but nothing the writer does can change the post or start
another save before the rename.  `save_and_rename` is a whole save: that, the writer's answer when
the file changed on disk, and the rename, the one step on the GUI thread (it reads nothing).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QObject, QThreadPool

from recap_editor.document.post import DocumentError, Post, SaveRequest
from recap_editor.ui.workers import BackgroundError, Task, submit, wait_for
from recap_editor.workspace.disk import PreparedSave, prepare_save

_pool: QThreadPool | None = None


def save_pool() -> QThreadPool:
    """Saves have their own thread: a photo import or a big render busy on every thread of the
    shared pool must not keep Ctrl+S waiting."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)   # one save at a time, in order
    return _pool


def write_off_thread(request: SaveRequest, parent: QObject,
                     must_be_new: bool = False) -> PreparedSave | DocumentError:
    """`prepare_save(request)` on a worker: the written temporary and any change on disk it
    found, or the DocumentError it raised (a value: a ReadOnlyError offers Save As)."""
    try:
        return wait_for(_write_or_error, request, must_be_new, pool=save_pool(), parent=parent)
    except BackgroundError as exc:
        return DocumentError(f"cannot save: {exc}", request.target)


def save_and_rename(post: Post, request: SaveRequest, same_file: bool, must_be_new: bool, *,
                    ask: Callable[[Post | None], str], shown: Callable[[], Post],
                    parent: QObject) -> SaveRequest | None:
    """A whole save: checked and written on the worker, renamed here; the request that reached the
    disk, or None when the writer chose not to save.  Raises DocumentError naming the file.

    A file changed on disk (found before the write, or while it was in flight) is a question:
    `ask(what the file holds now)` answers "keep" (save over it) or anything else (don't); on the
    same file only: Save As onto a file that appeared raises the conflict.  `shown()` is the post
    on screen: a save of a post no longer shown is never renamed into place.
    """
    outcome = write_off_thread(request, parent, must_be_new)
    if isinstance(outcome, BaseException):
        raise outcome
    if outcome.pending is None:   # refused before writing: the file changed on disk
        if not same_file:
            raise outcome.conflict
        if ask(outcome.on_disk) != "keep":
            return None
        request = replace(request, force=True)
        outcome = write_off_thread(request, parent)
        if isinstance(outcome, BaseException):
            raise outcome
    pending = outcome.pending
    try:
        if shown() is not post:   # never lands here (input waits), but never save a swapped post
            pending.discard()
            return None
        if outcome.conflict is not None:   # changed while we wrote: the same question, at the last moment
            if not same_file or ask(outcome.on_disk) != "keep":
                pending.discard()
                if not same_file:
                    raise outcome.conflict
                return None
        post.commit_save(request, pending)   # the rename: the only step on the GUI thread
    except BaseException:
        pending.discard()
        raise
    return request


def after_save(fn, *args) -> None:
    """Run ``fn(*args)`` on the save thread after the saves queued there (a folder's fsync)."""
    submit(Task(fn, *args), save_pool())


def _write_or_error(request: SaveRequest, must_be_new: bool) -> PreparedSave | DocumentError:
    try:
        return prepare_save(request, must_be_new)
    except DocumentError as exc:
        return exc
