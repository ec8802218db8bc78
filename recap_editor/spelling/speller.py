"""Is a word spelled right, and what did the writer mean: dictionaries plus the site's and the
writer's own words.

The dictionaries are pyspellchecker's word-frequency lists (read compactly by `wordlist`), shipped inside the wheel for English,
Spanish, French, Portuguese, German, Italian, Russian, Arabic, Persian, Latvian, Basque and Dutch:
no system package (Hunspell and its dictionaries are often missing on the machines this runs on,
and never on Windows/macOS without extra installs). The lists carry no affix rules, so plain plural
and possessive forms of a known word are accepted here.
"""

from __future__ import annotations

import locale
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterable

DEFAULT_LANGUAGE = "en"
_LOCK = threading.Lock()
_QUOTES = str.maketrans({"’": "'"})


def available_languages() -> list[str]:
    """Language codes with a dictionary in the installed pyspellchecker wheel."""
    import spellchecker

    folder = Path(spellchecker.__file__).parent / "resources"
    return sorted(p.name.split(".")[0] for p in folder.glob("*.json.gz"))


LANGUAGE_NAMES = {"ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "eu": "Basque",
                  "fa": "Persian", "fr": "French", "it": "Italian", "lv": "Latvian", "nl": "Dutch",
                  "pt": "Portuguese", "ru": "Russian"}


def language_for(language_code: str | None = None) -> str:
    """The dictionary for a site's `languageCode` ("en-us"), else the system locale, else English."""
    candidates = [language_code] if language_code else []
    if not candidates:
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            if os.environ.get(name):
                candidates.append(os.environ[name])
        try:
            candidates.append(locale.getlocale()[0] or "")
        except ValueError:
            pass
    have = set(available_languages())
    for code in candidates:
        short = str(code or "").replace("-", "_").split("_")[0].split(".")[0].lower()
        if short in have:
            return short
    return DEFAULT_LANGUAGE


def _dictionary(language: str):
    """One loaded word list per language (about 4 MB for English; read from the cache in ~10 ms,
    else built in ~0.25 s), shared; the lock
    keeps two threads from loading the same list twice."""
    with _LOCK:
        return _load(language)


@lru_cache(maxsize=2)
def _load(language: str):
    from recap_editor.paths import user_cache_dir
    from recap_editor.spelling.wordlist import WordList

    return WordList.load(language, cache_dir=user_cache_dir())


class PersonalDictionary:
    """The writer's own words, one per line in a UTF-8 text file; additions are saved at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.words: set[str] = set()
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        self.words = {line.strip() for line in text.splitlines() if line.strip()}

    def add(self, word: str) -> None:
        word = word.strip()
        if not word or word in self.words:
            return
        self.words.add(word)
        from recap_editor.document.files import atomic_write

        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, "".join(f"{w}\n" for w in sorted(self.words, key=str.lower)).encode("utf-8"))


def personal_dictionary_path() -> Path:
    from recap_editor.paths import user_data_dir

    return user_data_dir() / "dictionary.txt"


class Speller:
    """Checks words against a language's dictionary, extra known words (the site's vocabulary),
    the personal dictionary and the words ignored this session. Lookups are cached."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, known: Iterable[str] = (),
                 personal: PersonalDictionary | None = None) -> None:
        self.language = language
        self._checker = _dictionary(language)
        self.known = {w.lower() for w in known}
        self.personal = personal
        self.ignored: set[str] = set()

    def is_correct(self, word: str) -> bool:
        word = word.translate(_QUOTES).strip("'")
        if len(word) < 2 or any(ch.isdigit() for ch in word):
            return True
        if any(ch.isupper() for ch in word[1:]):
            return True   # KubeCon, iPhone, NASA: names and acronyms, not dictionary words
        lower = word.lower()
        if lower in self.known or word in self.ignored or lower in self.ignored:
            return True
        if self.personal is not None and (word in self.personal.words or lower in self.personal.words):
            return True
        return self._in_dictionary(lower)

    def _in_dictionary(self, lower: str) -> bool:
        checker = self._checker
        if lower in checker:
            return True
        for suffix in ("'s", "s", "es"):   # no affix rules in the lists: plurals, possessives
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
                stem = lower[:-len(suffix)]
                if stem in checker or stem in self.known:
                    return True
        if "-" in lower:
            # the lists hold no hyphenated words: Wi-Fi, state-of-the-art are right when their parts are
            return all(len(part) <= 2 or self._in_dictionary(part) or part in self.known
                       for part in lower.split("-") if part)
        return False

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        """Likely intended words, most common first, in the case the writer used."""
        lower = word.translate(_QUOTES).lower()
        ranked = [w for w in self._checker.candidates(lower) if w != lower]
        site = sorted(w for w in self.known if _close(lower, w))
        out: list[str] = []
        for candidate in ranked + site:   # the dictionary's likeliest first: 'teh' is 'the'
            cased = _match_case(word, candidate)
            if cased not in out:
                out.append(cased)
        return out[:limit]

    def ignore(self, word: str) -> None:
        self.ignored.add(word)

    def add_to_personal(self, word: str) -> None:
        if self.personal is not None:
            self.personal.add(word)
        else:
            self.known.add(word.lower())


def _close(a: str, b: str) -> bool:
    """One edit apart (insert, delete, replace, swap): site words offered as suggestions."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _match_case(original: str, suggestion: str) -> str:
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
