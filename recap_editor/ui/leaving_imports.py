"""Leaving a post while photos are still being added to it.

An import's rows go into its post when the batch ends. Opening another post, starting a new one,
closing the post or quitting before then would replace the text the rows are for: the photos copied
into the site would be left with nothing showing them. So leaving asks first (`dialogs.ask_photos_in_flight`):

- **wait**: nothing is left yet; when the batch has landed (its rows in the post, one undo step),
  what the writer asked for goes on, through the usual "save changes?" question about this post;
- **stop**: the import is cancelled (the photos copied so far are removed by the import itself)
  and the writer leaves at once;
- **cancel**: stay on the post; the import goes on into it.

Asking again while waiting replaces what was waiting (the latest request wins); a request that goes
on meanwhile drops it. Without the photo widgets (not attached yet) there is nothing to wait for.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

from recap_editor.ui import dialogs


class LeaveGuard(QObject):
    """Belongs to a PhotoImportController: asks before its post is left mid-import."""

    def __init__(self, controller) -> None:
        super().__init__(controller)
        self.controller = controller
        self.waiting_for: list = []               # the batches a deferred request waits for
        self.then: Callable[[], object] | None = None
        controller.job_finished.connect(self._on_job_finished)

    def may_leave(self, then: Callable[[], object] | None = None, doing: str = "leave it") -> bool:
        """True when the shown post may be left now; False when the writer stays or waits (then
        `then` runs once the photos are in; without one the writer tries again)."""
        window = self.controller.window
        jobs = self.controller.jobs_for_shown_post()
        if not jobs:
            self._forget()   # this request goes on: an older one waiting must not run after it
            return True
        done = sum(job.progress[0] for job in jobs)
        total = sum(job.progress[1] for job in jobs)
        path = jobs[0].post.path
        name = path.name if path is not None else "the untitled post"
        answer = dialogs.ask_photos_in_flight(window, name, done, total, doing)
        if answer == "stop":
            self._forget()
            for job in jobs:
                job.request_cancel()
            window.show_status(f"Stopped adding photos to “{name}”: the photos copied so far are "
                               "being removed", 15000)
            return True
        if answer == "wait":
            self.waiting_for, self.then = list(jobs), then
            window.show_status(f"Waiting for the photos to be added to “{name}”; then "
                               + (f"going on to {doing}" if then is not None else "try again"), 60000)
            return False
        self._forget()
        return False

    def _forget(self) -> None:
        self.waiting_for, self.then = [], None

    def _on_job_finished(self, job) -> None:
        if job not in self.waiting_for:
            return
        self.waiting_for.remove(job)
        if self.waiting_for:
            return
        then, self.then = self.then, None
        if then is not None:
            # after every other listener of this batch (captions, the discard's list) has run
            QTimer.singleShot(0, self.controller, then)


def may_leave(window, then: Callable[[], object] | None = None, doing: str = "leave it") -> bool:
    """The hook for the window's file commands: True when the shown post may be left now."""
    guard = getattr(getattr(window, "photo_import", None), "leave_guard", None)
    return guard.may_leave(then, doing) if guard is not None else True
