"""Cheap bookkeeping for incremental rendering on big documents.

`common_prefix`/`common_suffix` find the edited region with chunked string comparisons (memcmp
speed, O(log n) Python steps); `ShiftedInts` keeps block offsets and lines where shifting every
block after an edit costs only the distance from the previous edit.
"""

from __future__ import annotations

_CHUNK = 4096


class ShiftedInts:
    """A list of ints where a suffix may carry a pending shift: shifting all blocks after an
    edit costs O(distance from the previous edit), not O(blocks)."""

    def __init__(self, values: list[int]) -> None:
        self.values, self.pivot, self.delta = values, len(values), 0

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> int:
        return self.values[i] + (self.delta if i >= self.pivot else 0)

    def _move_pivot(self, k: int) -> None:
        values, d = self.values, self.delta
        if d:
            if k > self.pivot:
                for i in range(self.pivot, min(k, len(values))):
                    values[i] += d
            else:
                for i in range(k, self.pivot):
                    values[i] -= d
        self.pivot = k

    def splice(self, a: int, b: int, new: list[int], shift: int) -> None:
        """Replace items [a, b) by ``new`` (true values), then shift all items after them."""
        self._move_pivot(b)
        self.values[a:b] = new
        self.pivot = a + len(new)
        self.delta += shift

    def snapshot(self) -> tuple[list[int], int, int]:
        return list(self.values), self.pivot, self.delta


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, step = 0, _CHUNK
    while lo < n:
        hi = min(lo + step, n)
        if a[lo:hi] != b[lo:hi]:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[lo:mid] == b[lo:mid]:
                    lo = mid
                else:
                    hi = mid
            return lo
        lo, step = hi, step * 2
    return n


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common tail, at most ``limit`` characters."""
    la, lb = len(a), len(b)
    lo, step = 0, _CHUNK
    while lo < limit:
        hi = min(lo + step, limit)
        if a[la - hi:la - lo] != b[lb - hi:lb - lo]:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
                    lo = mid
                else:
                    hi = mid
            return lo
        lo, step = hi, step * 2
    return limit
