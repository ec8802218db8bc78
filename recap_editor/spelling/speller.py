"""Is a word spelled right, and what did the writer mean: dictionaries plus the site's and the
writer's own words.

The dictionaries are pyspellchecker's word-frequency lists (read compactly by `wordlist`), shipped inside the wheel for English,
Spanish, French, Portuguese, German, Italian, Russian, Arabic, Persian, Latvian, Basque and Dutch:
no system package (Hunspell and its dictionaries are often missing on the machines this runs on,
and never on Windows/macOS without extra installs). The lists carry no affix rules, so plain plural
and possessive forms of a known word are accepted here.

Those lists come from film subtitles, lower-cased: they miss the words recaps are made of (modern
and tech vocabulary: "roadmap", "backend", "Kubernetes") and proper nouns ("Los", "Amgen"). Two
lists shipped in `resources/spelling/` fill that in, as established checkers do (see docs/DESIGN.md,
"Spelling"): `<lang>-tech.txt`, a curated supplement matched whatever its case (VS Code's cSpell
ships such a software-terms dictionary beside its English one), and `<lang>-names.txt`, Hunspell's
proper nouns (from SCOWL), accepted only capitalised as listed, as Hunspell accepts them.
"""

from __future__ import annotations

import locale
import os
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Container, Iterable

DEFAULT_LANGUAGE = "en"
_LOCK = threading.Lock()
_QUOTES = str.maketrans({"’": "'"})


def available_languages() -> list[str]:
    """Language codes with a dictionary in the installed pyspellchecker wheel."""
    from recap_editor.spelling.wordlist import dictionary_file

    try:
        folder = dictionary_file(DEFAULT_LANGUAGE).parent   # found without importing the package
    except FileNotFoundError:
        return []
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


@dataclass(frozen=True)
class Supplement:
    """A language's shipped extra words: `words` (lower-cased, any case accepted) and `names`
    (accepted only as written, or all in capitals; 15,700 for English, kept as a sorted
    `WordList`: 0.4 MB where a set of them takes 1.4 MB)."""

    words: frozenset[str] = frozenset()
    names: Container[str] = frozenset()


@lru_cache(maxsize=4)
def supplement(language: str) -> Supplement:
    """The extra word lists of `language` in resources/spelling (none for most languages)."""
    from recap_editor.paths import resource_path

    words: set[str] = set()
    names: set[str] = set()
    for path in sorted(resource_path("spelling").glob(f"{language}-*.txt")):
        target = names if path.stem.endswith("-names") else words
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                target.add(line if target is names else line.lower())
    from recap_editor.spelling.wordlist import WordList

    return Supplement(frozenset(words), WordList(dict.fromkeys(names, 1)) if names else frozenset())


# Prefixes written with a hyphen ("pre-pulled", "co-hosted", "non-blocking"): not words alone.
HYPHEN_PREFIXES = frozenset({"pre", "post", "non", "co", "re", "sub", "multi", "self", "anti", "inter",
                             "intra", "semi", "mid", "ex", "de", "un", "over", "under", "cross", "auto"})


def fold_accents(word: str) -> str:
    """"Díaz" -> "Diaz": names are written with and without their accents, and the word lists
    often hold only one form (so a capitalised word is also looked up without them)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


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
        self._supplement = supplement(language)
        self.known = {w.lower() for w in known}
        self.personal = personal
        self.ignored: set[str] = set()

    def is_correct(self, word: str, names: frozenset[str] | set[str] = frozenset()) -> bool:
        """`names`: capitalised words the text itself vouches for (`spelling.names`)."""
        word = word.translate(_QUOTES).strip("'")
        if len(word) < 2 or any(ch.isdigit() for ch in word):
            return True
        if any(ch.isupper() for ch in word[1:]):
            return True   # KubeCon, iPhone, NASA: names and acronyms, not dictionary words
        lower = word.lower()
        if lower in self.known or word in self.ignored or lower in self.ignored or word in names:
            return True
        if self.personal is not None and (word in self.personal.words or lower in self.personal.words):
            return True
        if self._in_dictionary(lower) or (word[0].isupper() and self._is_name(word)):
            return True
        if not word[0].isupper():
            return False   # only names fold: a lower-case word's accents are part of its spelling
        folded = fold_accents(word)
        return folded != word and folded.isascii() and self.is_correct(folded, names)

    @property
    def proper_names(self) -> Container[str]:
        """The shipped proper nouns (`<lang>-names.txt`), as written."""
        return self._supplement.names

    @property
    def shipped_words(self) -> frozenset[str]:
        """The shipped supplementary words (`<lang>-tech.txt`), lower-cased."""
        return self._supplement.words

    def one_edit_away(self, word: str) -> set[str]:
        """Every string one insert, delete, replace or swap from `word`, in the language's letters."""
        return self._checker.one_edit_away(word)

    def near_miss(self, word: str) -> bool:
        """One edit from a word the site or the shipped tech list knows, or two neighbouring
        letters swapped from a dictionary word or a listed proper noun, and not that word:
        "Kuberentes" next to "Kubernetes", "Cluod" next to "cloud", "Mraco" next to "Marco".
        (Any one edit from 160,000 words and 15,000 names would catch real names too: "Priya" is
        one letter from "Oriya"; a swap, the commonest typing slip, rarely makes a real name.)
        Short words are left alone: they have neighbours by the dozen."""
        lower = word.lower()
        if len(lower) < 5:
            return False
        extra, names = self._supplement.words, self._supplement.names
        if any(other != lower and (other in self.known or other in extra)
               for other in self._checker.one_edit_away(lower)):
            return True
        for i in range(len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
            if swapped != word and (swapped in names or swapped.lower() in self._checker):
                return True
        return False

    def _is_name(self, word: str) -> bool:
        names = self._supplement.names
        if word in names:
            return True
        for suffix in ("'s", "s"):   # Amgen's, the Kennedys
            if word.endswith(suffix) and word[:-len(suffix)] in names:
                return True
        return False

    def _in_dictionary(self, lower: str) -> bool:
        checker = self._checker
        extra = self._supplement.words
        if lower in checker or lower in extra:
            return True
        for suffix in ("'s", "s", "es"):   # no affix rules in the lists: plurals, possessives
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
                stem = lower[:-len(suffix)]
                if stem in checker or stem in self.known or stem in extra:
                    return True
        if "-" in lower:
            # the lists hold no hyphenated words: Wi-Fi, state-of-the-art are right when their parts are
            parts = [part for part in lower.split("-") if part]
            return all(len(part) <= 2 or self._in_dictionary(part) or part in self.known
                       or (i < len(parts) - 1 and part in HYPHEN_PREFIXES)
                       for i, part in enumerate(parts))
        return False

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        """Likely intended words, most common first, in the case the writer used."""
        lower = word.translate(_QUOTES).lower()
        ranked = [w for w in self._checker.candidates(lower) if w != lower]
        site = sorted(w for w in self.known | self._supplement.words if _close(lower, w))
        if word[:1].isupper():
            names = self._supplement.names
            site += sorted({cased for other in self.one_edit_away(lower)
                            if (cased := other[:1].upper() + other[1:]) in names and other[:1] == lower[:1]})
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
