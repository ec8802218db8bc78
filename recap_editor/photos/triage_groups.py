"""Stacks of near-duplicates within a moment, the best of each stack, and the suggested picks.

A burst is shot within seconds and looks nearly the same: each photo joins the stack of the most
recent similar photo (difference-hash distance) taken shortly before it in the same moment.
Sharpness only means something between shots of the same scene, so the blur verdict is relative
to the sharpest shot of the stack (plus an absolute floor for a roll of one blurred shot).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence

from recap_editor.photos.triage_scores import BLUR_FLOOR, Scores, hamming, log_sharpness

# Of the 128 dHash bits, at most this many may differ for two shots to count as the same scene.
# Measured: hand-held bursts differ by 6-12 bits; on the corpus, two speakers shot from the same
# seat differ by 20, two different demos by 23 and more. A strongly over-exposed copy (29) then
# stands alone, which is fine: it is marked and never suggested.
SAME_SCENE_BITS = 18
# Slides photographed from one seat differ only inside the screen (15-31 bits on the corpus):
# only the same slide shot twice counts as a duplicate.
SAME_SLIDE_BITS = 8
# A shot joins a stack only if taken within this many seconds of its last member...
STACK_WINDOW_S = 180.0
# ...and among the last few shots (a stack is a run of attempts, not a theme of the evening).
LOOKBACK = 6
# Less sharp than this share of the stack's sharpest shot (same scene): marked blurred.
RELATIVE_BLUR = 0.45


class _Scored(Protocol):
    scores: Scores
    timestamp: float
    marks: list


@dataclass
class Stack:
    members: list[int]                 # indexes into the roll, best first
    best: int = field(init=False)

    def __post_init__(self) -> None:
        self.best = self.members[0]


def build_stacks(photos: Sequence[_Scored], moments: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Stacks (lists of roll indexes in capture order) covering every photo exactly once."""
    stack_of: list[int] = [-1] * len(photos)
    stacks: list[list[int]] = []
    for start, end in moments:
        for index in range(start, end):
            here = photos[index]
            chosen = -1
            for other in range(index - 1, max(start, index - LOOKBACK) - 1, -1):
                there = photos[other]
                if here.timestamp - there.timestamp > STACK_WINDOW_S:
                    break
                if there.scores.kind != here.scores.kind:
                    continue
                limit = SAME_SCENE_BITS if here.scores.kind == "photo" else SAME_SLIDE_BITS
                if hamming(here.scores.dhash, there.scores.dhash) <= limit:
                    chosen = stack_of[other]
                    break
            if chosen < 0:
                chosen = len(stacks)
                stacks.append([])
            stacks[chosen].append(index)
            stack_of[index] = chosen
    return stacks


def quality(scores: Scores, sharpest_in_stack: float) -> float:
    """How good a shot is among its stack: relative sharpness minus the clipping penalty."""
    relative = scores.sharpness / sharpest_in_stack if sharpest_in_stack > 0 else 1.0
    return min(1.0, relative) - scores.exposure_penalty()


def rank_stacks(photos: Sequence[_Scored], stacks: list[list[int]]) -> list[Stack]:
    """Each stack best first; marks blurred shots (relative to the stack, and the absolute floor)."""
    ranked = []
    for members in stacks:
        sharpest = max(photos[i].scores.sharpness for i in members)
        for index in members:
            shot = photos[index]
            soft = shot.scores.sharpness < BLUR_FLOOR or (
                len(members) > 1 and shot.scores.sharpness < RELATIVE_BLUR * sharpest)
            if soft and shot.scores.kind == "photo" and "blurred" not in shot.marks:
                shot.marks.append("blurred")
        order = sorted(members, key=lambda i: (-quality(photos[i].scores, sharpest), i))
        ranked.append(Stack(order))
    return ranked


def suggestable(shot: _Scored) -> bool:
    """Worth suggesting: a photo that is neither blurred nor badly exposed."""
    return shot.scores.kind == "photo" and not shot.marks


def suggest(photos: Sequence[_Scored], stacks: list[Stack], limit: int | None = None) -> list[int]:
    """The best shot of every stack that is a good photo, in capture order; with ``limit``, the
    ``limit`` best of those by sharpness and exposure across the roll (still in capture order)."""
    picks = [stack.best for stack in stacks if suggestable(photos[stack.best])]
    if limit is not None and len(picks) > limit:
        def overall(index: int) -> float:
            scores = photos[index].scores
            return log_sharpness(scores.sharpness) - scores.exposure_penalty()
        picks = sorted(sorted(picks, key=overall, reverse=True)[:max(0, limit)])
    return sorted(picks)
