"""The slow half of a save on a worker, while the window keeps painting.

`write_off_thread` runs `document.post.write_save` (every refusal, then the bytes written and
fsynced to a locked temporary) on the thread pool and waits for it in a local event loop that
leaves user input queued: the window repaints and its timers run, but nothing the writer does can
change the post or start another save before the rename, which the caller does on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QObject

from recap_editor.document.files import PendingWrite
from recap_editor.document.post import DocumentError, SaveRequest, write_save
from recap_editor.ui.workers import run_in_background


def write_off_thread(request: SaveRequest, parent: QObject) -> PendingWrite | DocumentError:
    """`write_save(request)` on a worker: its PendingWrite, or the DocumentError it raised (a
    value: its type tells the caller whether to ask about a change on disk or offer Save As)."""
    outcome: list = []
    loop = QEventLoop(parent)

    def done(result) -> None:
        outcome.append(result)
        loop.quit()

    run_in_background(_write_or_error, request, on_done=done,
                      on_error=lambda message: done(DocumentError(f"cannot save: {message}",
                                                                  request.target)),
                      parent=parent)
    while not outcome:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return outcome[0]


def _write_or_error(request: SaveRequest) -> PendingWrite | DocumentError:
    try:
        return write_save(request)
    except DocumentError as exc:
        return exc
