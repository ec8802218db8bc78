"""The site's side of spell checking: its vocabulary and its language, and misspellings as checks.

Words the site already uses (in its posts, tags and authors) are its vocabulary, not errors:
"Kubernetes", "Kismatic" and the authors' surnames pass without anyone adding them by hand.
"""

from __future__ import annotations

from recap_editor.document.post import Post
from recap_editor.site.checks import WARNING, Problem, Reporter
from recap_editor.spelling.speller import PersonalDictionary, Speller, language_for, personal_dictionary_path
from recap_editor.spelling.names import post_names
from recap_editor.spelling.words import prose_words

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_VOCABULARY: dict[int, tuple[object, "_Vocabulary"]] = {}


class _Vocabulary:
    """The words of each page, and on how many pages each word occurs."""

    def __init__(self, index, profile) -> None:
        from recap_editor.site.page_words import page_words

        self.by_page: dict[Path, frozenset[str]] = {}
        self.pages_with: Counter[str] = Counter()
        root = getattr(profile, "root", None)
        for page, words in zip(index.pages, page_words((page.body for page in index.pages), root)):
            self.by_page[page.path.resolve()] = words
            self.pages_with.update(words)
        self._typos: dict[str, frozenset[str]] = {}
        self.names = {part.lower() for name in [*profile.tags, *profile.authors]
                      for part in str(name).replace("-", " ").split()}

    def without(self, path: Path | None) -> frozenset[str]:
        own = self.by_page.get(path.resolve(), frozenset()) if path is not None else frozenset()
        return frozenset(w for w, n in self.pages_with.items() if n > 1 or w not in own) | self.names

    def typos(self, speller: Speller) -> frozenset[str]:
        """Words of the posts that look like misspellings the site repeated: unknown to the
        dictionaries and one edit from a spelling the shipped tech list holds or the site uses on
        at least twice as many pages ("Kuberentes" on 2 pages, "Kubernetes" on 9)."""
        cached = self._typos.get(speller.language)
        if cached is None:
            bare = Speller(speller.language)   # the dictionaries alone: no site words yet
            extra = bare.shipped_words
            found = set()
            for word, pages in self.pages_with.items():
                if len(word) < 5 or word in self.names or bare.is_correct(word):
                    continue
                for other in bare.one_edit_away(word):
                    if other.rstrip("s").rstrip("'") == word.rstrip("s").rstrip("'"):
                        continue   # its plural or possessive, not another spelling
                    if other in extra or self.pages_with.get(other, 0) >= max(3, 2 * pages):
                        found.add(word)
                        break
            cached = self._typos[speller.language] = frozenset(found)
        return cached


def site_vocabulary(profile, excluding: Path | None = None) -> frozenset[str]:
    """Lower-cased words of the site's pages, tags and authors. The post being checked is left
    out (`excluding`): its own typos would otherwise count as the site's vocabulary."""
    if profile is None:
        return frozenset()
    from recap_editor.site.index import site_index

    index = site_index(profile.content_dir, profile.permalinks)
    cached = _VOCABULARY.get(id(profile))
    if cached is None or cached[0] is not index:
        cached = (index, _Vocabulary(index, profile))
        _VOCABULARY[id(profile)] = cached
    return cached[1].without(excluding)


def _vocabulary(profile) -> "_Vocabulary | None":
    cached = _VOCABULARY.get(id(profile))
    return cached[1] if cached is not None else None


def site_language(profile) -> str:
    """The dictionary for the site's `languageCode`, else the system locale's."""
    code = profile.config.get("languagecode") if profile is not None else None
    return language_for(code if isinstance(code, str) else None)


def speller_for(profile, language: str | None = None, personal: PersonalDictionary | None = None,
                post_path: Path | None = None) -> Speller:
    """A speller that knows the site's words (but those only `post_path` uses) and the writer's
    personal dictionary."""
    if personal is None:
        personal = PersonalDictionary(personal_dictionary_path())
    speller = Speller(language or site_language(profile), site_vocabulary(profile, post_path), personal)
    vocabulary = _vocabulary(profile) if profile is not None else None
    if vocabulary is not None:
        speller.known -= vocabulary.typos(speller)   # a typo the site repeats is still a typo
    return speller


def unknown_words(post: Post, speller: Speller) -> list[tuple[int, str]]:
    """(line, word) of each unknown word of `post`, once per line, in order."""
    out: list[tuple[int, str]] = []
    seen: set[tuple[int, str]] = set()
    names = post_names(post.text, speller)
    for word in prose_words(post.text):
        if (word.line, word.text) not in seen and not speller.is_correct(word.text, names):
            seen.add((word.line, word.text))
            out.append((word.line, word.text))
    return out


@dataclass(frozen=True)
class Misspelling:
    line: int
    word: str
    suggestion: str | None   # the likeliest correction, if any


def misspellings(post: Post, speller: Speller) -> list[Misspelling]:
    """Each unknown word of `post` (once per line) with its likeliest correction: the words
    `check_spelling` reports, one by one (the Checks panel lists these)."""
    out = []
    for line, text in unknown_words(post, speller):
        best = speller.suggestions(text, limit=1)
        out.append(Misspelling(line, text, best[0] if best else None))
    return out


def check_spelling(post: Post, profile, speller: Speller | None = None) -> list[Problem]:
    """One warning per line holding unknown words, with the likeliest correction of each."""
    speller = speller or speller_for(profile, post_path=post.path)
    report = Reporter(post)
    report.kind = "spelling"
    by_line: dict[int, list[str]] = {}
    for line, text in unknown_words(post, speller):
        by_line.setdefault(line, []).append(text)
    for line, words in sorted(by_line.items()):
        if not words:
            continue
        described = []
        for text in words:
            best = speller.suggestions(text, limit=1)
            described.append(f"'{text}' (did you mean '{best[0]}'?)" if best else f"'{text}'")
        report.add(WARNING, line, f"possible misspelling: {', '.join(described)}",
                   "correct it, or add the word to your dictionary")
    return report.problems
