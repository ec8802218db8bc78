"""Proper nouns a post vouches for itself: the speakers, companies and places of a recap, which no
dictionary can hold, recognised by where they stand rather than by a list.

A capitalised word unknown to the dictionaries is taken as a name when the post gives evidence:

- it is in the front matter outside the prose fields (authors, tags, categories, speakers…);
- it is the text of a link whose address spells it too: `[Amgen](http://www.amgen.com/)`,
  `[Luke Heidecke](https://twitter.com/lukeheidecke)` (two sources agreeing on a spelling); and
  never when the address spells it with two letters swapped (`[Luke Hiedecke](…/lukeheidecke)`);
- it is part of a full name followed by a parenthesis, the shape of a recap's lineup:
  `Priya Natarajan ([Acme Cloud](…))`, `[Vic Iglesias](…) ([Google](…))`;
- it follows a known proper noun (the language's name list) in a run of capitalised words, and
  does not start a sentence: "Portland's Central Eastside", "Vic Iglesias" (a surname after a
  known first name). Before it, no: "in Thsi Google office" keeps "Thsi" an error.

Never a lower-case word ("teh" is not excused by context), and never a near miss of a word the
site or the shipped tech list knows ("Kuberentes" stays an error however it is placed): see
`Speller.near_miss`. A typo repeated in one post is not evidence either; only these shapes are.
"""

from __future__ import annotations

import re
from typing import Container

from recap_editor.spelling.speller import fold_accents
from recap_editor.spelling.words import (PROSE_FIELDS, _FRONT_FIELD, _WORD, front_matter_chars, offset_of_line,
                                         prose_words)

_LINK = re.compile(r"!?\[([^\]\n]{1,300})\]\(\s*<?([^)\s>]{1,2000})")
_AFTER_NAME = re.compile(r"(?:\]\([^)\n]{0,2000}\))?[ \t]*\(")
_SENTENCE_START = re.compile(r"\s*(?:(?:[-*+>]|\d{1,9}[.)]|#{1,6})\s*)*[*_\[(\"“‘']*")
_NOT_ALNUM = re.compile(r"[\W_]+")
_RUN_GAP = re.compile(r"[ \t]|\]\([^)\n]{0,2000}\) \[?| \[")   # between two words of one name


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _letters(text: str) -> str:
    return _NOT_ALNUM.sub("", fold_accents(text).lower())


def candidate_names(text: str, proper: Container[str] = frozenset(), first_line: int = 1,
                    last_line: int | None = None) -> set[str]:
    """Capitalised words (as written) that `text` gives evidence are names; `proper`: the known
    proper nouns (the language's name list). The evidence of a word's shape is on its own line,
    so `first_line`..`last_line` (1-based) limit that part to the lines being checked."""
    found: set[str] = set()
    body_start = front_matter_chars(text)   # the front matter's lines only, not the whole post
    prose_field = False
    for line in text[:body_start].split("\n")[1:-2]:   # its fields: not the delimiters (nor "")
        match = _FRONT_FIELD.match(line)
        if match:
            prose_field = match.group(1).lower() in PROSE_FIELDS
        if not prose_field:
            found.update(w.group() for w in _WORD.finditer(line) if _capitalised(w.group()))
    contradicted: set[str] = set()
    for link in _LINK.finditer(text, *_link_span(text, body_start, first_line, last_line)):
        address = _letters(link.group(2))
        for word in _WORD.finditer(link.group(1)):
            spelled = _letters(word.group())
            if len(spelled) >= 3 and spelled in address:
                found.add(word.group())
            elif len(spelled) >= 4 and any(_swap(spelled, i) in address for i in range(len(spelled) - 1)):
                # the address spells it with two letters the other way round: [Luke Hiedecke](…/lukeheidecke)
                contradicted.add(word.group())
    found.update(_names_by_shape(text, proper, first_line, last_line))
    return found - contradicted


# A link vouches for a name anywhere in a post; in a huge one (a pasted log, hostile input) only
# within this many characters of the lines checked, so checking the lines on screen costs what is
# near them, not the whole text (a recap is a few dozen KB: for it, that is the whole post).
LINK_WINDOW = 256 * 1024


def _link_span(text: str, body_start: int, first_line: int, last_line: int | None) -> tuple[int, int]:
    if len(text) - body_start <= 2 * LINK_WINDOW:
        return body_start, len(text)
    start = offset_of_line(text, first_line)
    end = len(text) if last_line is None else offset_of_line(text, last_line + 1)
    return max(body_start, start - LINK_WINDOW), min(len(text), end + LINK_WINDOW)


def _swap(word: str, i: int) -> str:
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _names_by_shape(text: str, proper: Container[str], first_line: int = 1, last_line: int | None = None) -> set[str]:
    """Words of a full name before a parenthesis, and those of a capitalised run that follow a
    known proper noun and do not start a sentence."""
    found: set[str] = set()
    words = [w for w in prose_words(text, first_line, last_line) if _capitalised(w.text)]
    run: list = []

    def close(run: list) -> None:
        if len(run) < 2:
            return
        if _AFTER_NAME.match(text, run[-1].end):
            found.update(w.text for w in run)
        known = [w.text in proper or w.text.removesuffix("'s").removesuffix("’s") in proper for w in run]
        if any(known):   # the words after the first known one: a surname, the rest of a place
            found.update(w.text for w in run[known.index(True) + 1:] if not _starts_sentence(text, w.start))

    for word in words:
        if run and not (_RUN_GAP.fullmatch(text, run[-1].end, word.start)):
            close(run)
            run = []
        run.append(word)
    close(run)
    return found


def _starts_sentence(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if _SENTENCE_START.fullmatch(before):
        return True
    return before.rstrip(" \t*_[(\"“‘'").endswith((".", "!", "?", ":"))


def post_names(text: str, speller, first_line: int = 1, last_line: int | None = None) -> frozenset[str]:
    """The names `text` vouches for (for the words of lines `first_line`..`last_line`) that are no
    near miss of a word the speller knows."""
    return frozenset(w for w in candidate_names(text, speller.proper_names, first_line, last_line)
                     if not speller.is_correct(w) and not speller.near_miss(w))
