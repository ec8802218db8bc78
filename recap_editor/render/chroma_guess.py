"""``guessSyntax``: the lexer Chroma's ``lexers.Analyse`` picks for a fence with no language.

Chroma asks every registered lexer for a score (``AnalyseText``, 0–1) and takes the first lexer
with the strictly highest one; no score above 0 means Hugo's ``fallback`` (plain text). Only a
few lexers score at all: the XML lexers with an ``<analyse>`` element (regular expressions, the
first match's score or the sum of all, capped at 1; read into ``chroma.json`` by
``tools/gen_chroma_data.py``) and four Go-coded analysers, repeated below. This is deliberately
not Pygments' ``guess_lexer``, whose heuristics pick differently (Python for most prose).

Registration order decides ties: the XML lexers in file-name order, a Go-coded analyser taking
its XML lexer's place (MySQL, dns, Zed), the Go-only lexer Go after them.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from functools import lru_cache

from recap_editor.render import chroma

_BACKTICK_NAME = re.compile(r"`[a-zA-Z_]\w*`")
_BRACKET_NAME = re.compile(r"\[[a-zA-Z_]\w*\]")
_ZONE = re.compile(r"(?m)^@\s+IN\s+SOA\s+")


def _f32(value: float) -> float:
    """Go's float32 arithmetic (sums of scores compare as Chroma compares them)."""
    return struct.unpack("<f", struct.pack("<f", value))[0]


def _go(text: str) -> float:
    if "fmt." in text and "package " in text:
        return 0.5
    return 0.1 if "package " in text else 0.0


def _mysql(text: str) -> float:
    backticks = len(_BACKTICK_NAME.findall(text))
    brackets = len(_BRACKET_NAME.findall(text))
    if backticks + brackets >= 1 and backticks >= 2 * brackets:
        return 0.5
    if backticks > brackets:
        return 0.2
    return 0.1 if backticks > 0 else 0.0


def _dns(text: str) -> float:
    return 1.0 if _ZONE.search(text) else 0.0


def _zed(text: str) -> float:
    if "definition " in text and "relation " in text and "permission " in text:
        return 0.9
    if "definition " in text or "relation " in text:
        return 0.5
    return 0.25 if "permission " in text else 0.0


# Chroma's Go-coded analysers (lexers/go.go, mysql.go, dns.go, zed.go). erb.go and php.go set
# theirs on the language half of a DelegatingLexer, which asks its HTML root instead: ERB and
# PHTML never score (Hugo prints `<%= … %>` and `<?php` fences as fallback).
_GO_CODED: dict[str, Callable[[str], float]] = {
    "Go": _go, "MySQL": _mysql, "dns": _dns, "Zed": _zed}


def _regex_analyser(spec: dict) -> Callable[[str], float]:
    flags = re.IGNORECASE if spec.get("case_insensitive") else 0
    regexes = [(re.compile(pattern, flags), score) for pattern, score in spec["regexes"]]
    first = spec.get("first", False)

    def analyse(text: str) -> float:
        total = 0.0
        for regex, score in regexes:
            if regex.search(text):
                if first:
                    return _f32(min(score, 1.0))
                total = _f32(total + _f32(score))
        return min(total, 1.0)

    return analyse


@lru_cache(maxsize=1)
def _analysers() -> list[tuple[str, Callable[[str], float]]]:
    found: list[tuple[str, Callable[[str], float]]] = []
    seen: set[str] = set()
    for entry in chroma._data()["lexers"]:
        name = entry["name"]
        if name in seen:  # a Go-coded lexer re-registered under an XML lexer's name
            continue
        seen.add(name)
        if name in _GO_CODED:
            found.append((name, _GO_CODED[name]))
        elif "analyse" in entry:
            found.append((name, _regex_analyser(entry["analyse"])))
    return found


def guess_lexer_name(code: str) -> str | None:
    """The name of the lexer ``lexers.Analyse(code)`` returns, None where none scores."""
    picked, highest = None, 0.0
    for name, analyse in _analysers():
        weight = _f32(analyse(code))
        if weight > highest:
            picked, highest = name, weight
    return picked


def guess(code: str) -> tuple[chroma.ChromaLexer | None, str]:
    """The lexer and the language word Hugo prints (``strings.ToLower(lexer.Config().Name)``)
    for a fence without language under ``guessSyntax``; plain text as ``fallback`` otherwise."""
    name = guess_lexer_name(code)
    if name is None:
        return chroma.chroma_lexer("plaintext"), "fallback"
    return chroma.chroma_lexer(name), name.lower()
