"""A language's word list, kept small in memory: the sorted words in one UTF-8 string, their
offsets and frequencies in arrays (about 4 MB for English's 160,000 words, where a dict of them
takes ~40 MB), looked up by bisection; and the likely corrections of a word by edit distance, as
pyspellchecker finds them (one edit away, else two).

The lists are pyspellchecker's, read from its wheel (`<lang>.json.gz`: word -> frequency). Building
the arrays from the JSON takes ~0.2 s of CPU at every start, so the built arrays are kept in the
user's cache folder. A cached list is memory-mapped, not read: a lookup touches a few pages of it,
which the kernel shares between windows and processes and may drop under pressure, where a read copy
costs every process its whole 4 MB. A cache file that is missing, stale (another pyspellchecker) or
damaged is rebuilt from the wheel, never trusted. The cache is only ever replaced whole (a new file
renamed over it), never rewritten in place, so a mapping in use keeps its old, complete file.

UTF-8 keeps code-point order, so the words sorted as text are sorted as bytes too, and a word is
looked up by its encoding without decoding the list.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import mmap
import os
import sys
import tempfile
from array import array
from itertools import accumulate
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_FORMAT = 2          # 2: UTF-8 byte offsets, arrays 8-byte aligned for mapping
_MAGIC = b"recap-editor word list\n"


def dictionary_file(language: str) -> Path:
    """pyspellchecker's list for `language`, found without importing the package (only its data
    is used: the lookups are ours)."""
    from importlib.util import find_spec

    spec = find_spec("spellchecker")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("pyspellchecker is not installed")
    return Path(spec.origin).parent / "resources" / f"{language}.json.gz"


def cache_file(language: str, cache_dir: Path) -> Path:
    """Where the built list of `language` is cached: named after the wheel's file, so another
    pyspellchecker (or a changed file) gets a new cache entry."""
    source = dictionary_file(language)
    stat = source.stat()
    key = f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{CACHE_FORMAT}|{sys.byteorder}|{array('L').itemsize}"
    return cache_dir / "words" / f"{language}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.bin"


class WordList:
    def __init__(self, frequencies: dict[str, int]) -> None:
        words = sorted(w for w in frequencies if "\n" not in w)
        encoded = [_key(w) for w in words]
        self._blob: bytes | mmap.mmap = b"\n".join(encoded)
        # built on the first start, ~0.1 s: no Python-level loop per word where a builtin does it
        self._offsets = array("L", accumulate(map((1).__add__, map(len, encoded)), initial=0))  # +1: "\n"
        counts = [frequencies[w] for w in words]
        if counts and max(counts) > 2**32 - 1:
            counts = [min(c, 2**32 - 1) for c in counts]
        self._counts = array("L", counts)
        self._size = len(words)
        self._base = 0           # where the words start in `_blob` (after the header, when mapped)
        self.mapped = False      # True: read from a memory-mapped cache file
        sample = {ch for w in words[:: max(1, len(words) // 5000)] for ch in w}
        self.letters = "".join(sorted(sample | set("abcdefghijklmnopqrstuvwxyz")))

    @classmethod
    def load(cls, language: str, cache_dir: Path | None = None) -> "WordList":
        """The word list of `language`; through `cache_dir` (read, else built and written) if given."""
        cached = None
        if cache_dir is not None:
            try:
                cached = cache_file(language, cache_dir)
                return cls.read(cached)
            except FileNotFoundError:
                pass
            except (OSError, ValueError) as exc:
                log.info("rebuilding the cached word list %s: %s", cached, exc)
        with gzip.open(dictionary_file(language), "rt", encoding="utf-8") as handle:
            words = cls(json.load(handle))
        if cached is not None:
            try:
                words.write(cached)
                return cls.read(cached)   # mapped: the built copy (~4 MB) is given back at once
            except (OSError, ValueError) as exc:   # a read-only or full cache folder: built, unmapped
                log.info("could not cache the word list at %s: %s", cached, exc)
        return words

    def write(self, path: Path) -> None:
        """Save the built arrays (atomically: a crash leaves the old file or none)."""
        blob = bytes(self._blob[self._base:self._base + self._offsets[-1] - 1])
        header = json.dumps({"size": self._size, "letters": self.letters, "blob": len(blob),
                             "offsets": len(self._offsets), "counts": len(self._counts)}).encode()
        head = _MAGIC + header + b"\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(head + blob + bytes(_padding(len(head) + len(blob))))
                self._offsets.tofile(out)
                self._counts.tofile(out)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    @classmethod
    def read(cls, path: Path) -> "WordList":
        """A list saved by `write`, memory-mapped; ValueError when the file is not one, or is cut
        short."""
        with open(path, "rb") as handle:
            try:
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:   # an empty file cannot be mapped
                raise ValueError("not a word list file") from None
        if not data[:len(_MAGIC)] == _MAGIC:
            raise ValueError("not a word list file")
        end = data.find(b"\n", len(_MAGIC))
        if end < 0:
            raise ValueError("not a word list file")
        try:
            header = json.loads(data[len(_MAGIC):end])
            blob_size, sizes = int(header["blob"]), [int(header["offsets"]), int(header["counts"])]
            size, letters = int(header["size"]), str(header["letters"])
        except (KeyError, TypeError, ValueError, UnicodeDecodeError):
            raise ValueError("the file's header is damaged") from None
        words = cls.__new__(cls)
        blob_at = end + 1
        position = blob_at + blob_size
        position += _padding(position)
        view = memoryview(data)
        arrays = []
        for count in sizes:
            length = count * array("L").itemsize
            if count < 0 or position + length > len(data):
                raise ValueError("the file is cut short")
            arrays.append(view[position:position + length].cast("L"))
            position += length
        words._offsets, words._counts = arrays
        words._blob, words._base = data, blob_at   # slicing an mmap gives bytes at once
        words._size, words.letters = size, letters
        words.mapped = True
        if position != len(data) or len(words._offsets) != words._size + 1 \
                or words._offsets[-1] != blob_size + 1 or len(words._counts) != words._size:
            raise ValueError("the file's parts do not add up")
        return words

    def __len__(self) -> int:
        return self._size

    def _encoded(self, index: int) -> bytes:
        offsets, base = self._offsets, self._base
        return self._blob[base + offsets[index]:base + offsets[index + 1] - 1]

    def _word(self, index: int) -> str:
        return self._encoded(index).decode("utf-8", "surrogatepass")

    def _lower_bound(self, word: str) -> int:
        key = _key(word)
        lo, hi = 0, self._size
        while lo < hi:
            mid = (lo + hi) // 2
            if self._encoded(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _index(self, word: str) -> int:
        i = self._lower_bound(word)
        return i if i < self._size and self._encoded(i) == _key(word) else -1

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

    def one_edit_away(self, word: str) -> set[str]:
        """Every string one insert, delete, replace or swap of neighbours from `word`."""
        return self._edits(word)

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


def _key(word: str) -> bytes:
    """A word's bytes in the list (a lone surrogate, which text from a widget may hold, encodes
    in its code-point place rather than failing)."""
    return word.encode("utf-8", "surrogatepass")


def _padding(position: int) -> int:
    """Bytes that bring `position` to the arrays' alignment."""
    return -position % 8


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
