"""A language's word list, kept small: the words sorted in one list and their frequencies in an
array, looked up by bisection (about 10 MB for English instead of the ~40 MB a dict of 160,000
words costs), and the likely corrections of a word by edit distance, as pyspellchecker finds them.

The lists are pyspellchecker's, read from its wheel (`<lang>.json.gz`: word -> frequency).
"""

from __future__ import annotations

import gzip
import json
from array import array
from bisect import bisect_left
from pathlib import Path


def dictionary_file(language: str) -> Path:
    import spellchecker

    return Path(spellchecker.__file__).parent / "resources" / f"{language}.json.gz"


class WordList:
    def __init__(self, frequencies: dict[str, int]) -> None:
        self.words = sorted(frequencies)
        self.counts = array("L", (frequencies[w] for w in self.words))
        self.letters = "".join(sorted({ch for w in self.words[:: max(1, len(self.words) // 5000)] for ch in w}
                                      | set("abcdefghijklmnopqrstuvwxyz")))

    @classmethod
    def load(cls, language: str) -> "WordList":
        with gzip.open(dictionary_file(language), "rt", encoding="utf-8") as handle:
            return cls(json.load(handle))

    def _index(self, word: str) -> int:
        i = bisect_left(self.words, word)
        return i if i < len(self.words) and self.words[i] == word else -1

    def __contains__(self, word: str) -> bool:
        return self._index(word) >= 0

    def frequency(self, word: str) -> int:
        i = self._index(word)
        return self.counts[i] if i >= 0 else 0

    def _edits(self, word: str) -> set[str]:
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        letters = self.letters
        return ({a + b[1:] for a, b in splits if b}
                | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
                | {a + c + b[1:] for a, b in splits if b for c in letters}
                | {a + c + b for a, b in splits for c in letters})

    def candidates(self, word: str) -> list[str]:
        """Known words one edit away, else two edits away (long words: one only), most frequent first."""
        first = self._edits(word)
        found = {w for w in first if w in self}
        if not found and len(word) <= 14:
            found = {w2 for w in first for w2 in self._edits(w) if w2 in self}
        return sorted(found, key=lambda w: (-self.frequency(w), w))
