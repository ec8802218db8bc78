"""Epochs: a result of background work is applied only if nothing changed since it started.

The window bumps an `EpochClock` whenever what a result would describe changes (another post was
opened: `post`; the text changed: `text`).  A job captures `clock.now()` when it starts, and the
result it hands back is `Stamped` with it; `clock.is_current(stamp)` decides whether it still
describes what is on screen.  A stale result, success or failure, is dropped, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Epoch:
    post: int      # bumped when another post (or a reload) is shown
    text: int      # bumped on every edit of the text


@dataclass(frozen=True)
class Stamped(Generic[T]):
    """A background result (or its error message) and the epoch it was started for."""

    epoch: Epoch
    value: T | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class EpochClock:
    """The current epoch of one open post."""

    def __init__(self) -> None:
        self._post = 0
        self._text = 0

    def now(self) -> Epoch:
        return Epoch(self._post, self._text)

    def new_post(self) -> Epoch:
        self._post += 1
        self._text = 0
        return self.now()

    def edited(self) -> Epoch:
        self._text += 1
        return self.now()

    def is_current(self, epoch: Epoch | Stamped) -> bool:
        if isinstance(epoch, Stamped):
            epoch = epoch.epoch
        return epoch == self.now()

    def same_post(self, epoch: Epoch | Stamped) -> bool:
        """The result is for the post on screen (maybe an older text of it)."""
        if isinstance(epoch, Stamped):
            epoch = epoch.epoch
        return epoch.post == self._post
