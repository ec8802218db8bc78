"""A language's word list, kept small in memory: the sorted words in one string, their offsets and
frequencies in arrays (about 4 MB for English's 160,000 words, where a dict of them takes ~40 MB),
looked up by bisection; and the likely corrections of a word by edit distance, as pyspellchecker
finds them (one edit away, else two).

The lists are pyspellchecker's, read from its wheel (`<lang>.json.gz`: word -> frequency).
"""

from __future__ import annotations

import gzip
import json
from array import array
from pathlib import Path


def dictionary_file(language: str) -> Path:
    import spellchecker

    return Path(spellchecker.__file__).parent / "resources" / f"{language}.json.gz"


class WordList:
    def __init__(self, frequencies: dict[str, int]) -> None:
        words = sorted(w for w in frequencies if "\n" not in w)
        self._blob = "\n".join(words)
        self._offsets = array("L", [0])
        position = 0
        for word in words:
            position += len(word) + 1
            self._offsets.append(position)
        self._counts = array("L", (min(frequencies[w], 2**32 - 1) for w in words))
        self._size = len(words)
        sample = {ch for w in words[:: max(1, len(words) // 5000)] for ch in w}
        self.letters = "".join(sorted(sample | set("abcdefghijklmnopqrstuvwxyz")))

    @classmethod
    def load(cls, language: str) -> "WordList":
        with gzip.open(dictionary_file(language), "rt", encoding="utf-8") as handle:
            return cls(json.load(handle))

    def __len__(self) -> int:
        return self._size

    def _word(self, index: int) -> str:
        return self._blob[self._offsets[index]:self._offsets[index + 1] - 1]

    def _lower_bound(self, word: str) -> int:
        lo, hi = 0, self._size
        while lo < hi:
            mid = (lo + hi) // 2
            if self._word(mid) < word:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _index(self, word: str) -> int:
        i = self._lower_bound(word)
        return i if i < self._size and self._word(i) == word else -1

    def __contains__(self, word: str) -> bool:
        return self._index(word) >= 0

    def frequency(self, word: str) -> int:
        i = self._index(word)
        return self._counts[i] if i >= 0 else 0

    def _edits(self, word: str) -> set[str]:
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        letters = self.letters
        return ({a + b[1:] for a, b in splits if b}
                | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
                | {a + c + b[1:] for a, b in splits if b for c in letters}
                | {a + c + b for a, b in splits for c in letters})

    def candidates(self, word: str) -> list[str]:
        """Known words one edit away, else two edits away, most frequent first.

        Two edits are searched among the words sharing the first letter (a scan with a bounded
        edit distance: generating every double edit would look up ~10^5 strings).
        """
        found = {w for w in self._edits(word) if w in self}
        if not found and 2 < len(word) <= 20:
            start = self._lower_bound(word[0])
            end = self._lower_bound(word[0] + "\U0010ffff")
            size = len(word)
            for i in range(start, end):
                other = self._word(i)
                if abs(len(other) - size) <= 2 and _distance_at_most(word, other, 2):
                    found.add(other)
        return sorted(found, key=lambda w: (-self.frequency(w), w))


def _distance_at_most(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance (insert, delete, replace, swap neighbours) <= limit."""
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit
