"""Run slow work on Qt's global thread pool and hand the result back on the GUI thread.

Widgets never call the core's slow functions (full renders of big posts, photo imports, exports)
directly: they submit them here and get `finished(result)` / `failed(message)` as queued signals,
so the GUI thread never blocks and never touches a result while a worker still writes it.
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class CancelToken:
    """A flag a long task polls (`token.cancelled`) to stop early; set from the GUI thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Task(QObject):
    """One unit of background work; connect its signals before `submit()`.

    The callable runs on a pool thread.  If it accepts the keyword arguments `progress` and/or
    `token` (declare them with `wants_progress=True`), it gets a `progress(done, total)` callable
    that emits the `progress` signal and the task's `CancelToken`.

    `parent` is the task's owner (a window, a dialog, a post's preview): once it is deleted, the
    task's result and progress are dropped. It is not the task's Qt parent: deleting a parent
    deletes its children on the GUI thread, and a worker emitting from a task deleted under it
    crashed the app. The worker emits private signals; the task, living on the GUI thread, relays
    them there, after checking that the owner is still alive.
    """

    finished = Signal(object)       # the callable's return value
    failed = Signal(str)            # the exception's message (it names the file where it can)
    progress = Signal(int, int)     # done, total
    _outcome = Signal(bool, object)     # from the worker: (succeeded, result or message)
    _step = Signal(int, int)            # from the worker: progress

    def __init__(self, fn: Callable[..., Any], *args: Any, wants_progress: bool = False,
                 parent: QObject | None = None, **kwargs: Any) -> None:
        super().__init__()
        self._owner = parent
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._wants_progress = wants_progress
        self.token = CancelToken()
        self._outcome.connect(self._relay_outcome)   # queued: this object lives on the GUI thread
        self._step.connect(self._relay_step)

    def owner_gone(self) -> bool:
        return self._owner is not None and not shiboken6.isValid(self._owner)

    def _relay_outcome(self, succeeded: bool, value) -> None:
        _IN_FLIGHT.discard(self)
        if self.owner_gone():
            # a closed window, another post's preview: nobody is left for a result that is stale
            log.debug("background task %s finished after its owner was deleted",
                      getattr(self._fn, "__qualname__", self._fn))
            return
        (self.finished if succeeded else self.failed).emit(value)

    def _relay_step(self, done: int, total: int) -> None:
        if not self.owner_gone():
            self.progress.emit(done, total)

    def cancel(self) -> None:
        self.token.cancel()

    def _run(self) -> None:
        kwargs = dict(self._kwargs)
        if self._wants_progress:
            kwargs["progress"] = self._step.emit
            kwargs["token"] = self.token
        try:
            result = self._fn(*self._args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the GUI as a message
            log.exception("background task %s failed", getattr(self._fn, "__qualname__", self._fn))
            message = str(exc) or exc.__class__.__name__
            if not str(exc):
                message += "\n" + traceback.format_exc(limit=3)
            self._outcome.emit(False, message)
        else:
            self._outcome.emit(True, result)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self._task._run()


# Tasks in flight, kept alive here so Python does not collect a Task whose signals are pending.
_IN_FLIGHT: set[Task] = set()


def submit(task: Task, pool: QThreadPool | None = None) -> Task:
    """Start `task` on `pool` (the global pool by default); it stays referenced until done."""
    _IN_FLIGHT.add(task)   # until its outcome is relayed on the GUI thread
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))
    return task


def run_in_background(fn: Callable[..., Any], *args: Any,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[str], None] | None = None,
                      parent: QObject | None = None, **kwargs: Any) -> Task:
    """Shorthand: run `fn(*args, **kwargs)` on the pool, call `on_done`/`on_error` on the GUI thread."""
    return run_in_pool(None, fn, *args, on_done=on_done, on_error=on_error, parent=parent, **kwargs)


def run_in_pool(pool: QThreadPool | None, fn: Callable[..., Any], *args: Any,
                on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[str], None] | None = None,
                parent: QObject | None = None, **kwargs: Any) -> Task:
    """`run_in_background` on `pool` (the global pool when None)."""
    task = Task(fn, *args, parent=parent, **kwargs)
    if on_done is not None:
        task.finished.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    return submit(task, pool)


class BackgroundError(RuntimeError):
    """The work `wait_for` ran failed: its message (naming the file where it can)."""


def wait_for(fn: Callable[..., Any], *args: Any, pool: QThreadPool | None = None,
             parent: QObject | None = None) -> Any:
    """Run `fn(*args)` on `pool` and wait for its result in a local event loop that leaves user
    input queued: the window repaints and its timers run, but nothing the writer does can act on
    a state the answer is still to change (a save's write, what a discard leaves behind).
    Raises BackgroundError with the message when `fn` failed."""
    outcome: list = []
    loop = QEventLoop(parent)

    def done(result) -> None:
        outcome.append(result)
        loop.quit()

    task = Task(fn, *args, parent=parent)
    task.finished.connect(lambda result: done((True, result)))
    task.failed.connect(lambda message: done((False, message)))
    submit(task, pool)
    while not outcome:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    ok, value = outcome[0]
    if not ok:
        raise BackgroundError(value)
    return value


_file_pool: QThreadPool | None = None


def file_pool() -> QThreadPool:
    """Reading the open post's file (open, reload, a change on disk) and the site a new post waits
    for have threads of their own: a photo import or a slow render busy on every thread of the
    shared pool must not keep a post from opening."""
    global _file_pool
    if _file_pool is None:
        _file_pool = QThreadPool()
        _file_pool.setMaxThreadCount(2)
    return _file_pool
