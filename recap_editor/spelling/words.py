"""The prose words of a Markdown post, with their offsets: what a spell checker should look at.

Skipped, because they are not prose a reader sees as written words: fenced and indented code,
inline code, URLs and e-mail addresses, HTML tags with their attributes and comments, Hugo
shortcodes, link and image destinations, reference definitions, and front matter (only the values
of the prose fields — title, description, summary — are checked there).

Every pattern here is linear (no nested quantifiers): it runs on every pause in typing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

# Prose fields of the front matter whose values are checked; keys and other values are not.
PROSE_FIELDS = ("title", "description", "summary", "subtitle", "caption")

# A word starts and ends with a letter; apostrophes and hyphens may join its parts (don't, Wi-Fi).
_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*[^\W_])?")
# Spans masked out of a line before words are looked for. Order matters only for speed.
_SKIP = re.compile(
    r"`+[^`\n]*`+"                                  # inline code
    r"|\{\{[<%].*?[%>]\}\}"                        # Hugo shortcodes {{< … >}} / {{% … %}}
    r"|<!--.*?(?:-->|$)"                           # HTML comments (also the <!--more--> fold)
    r"|</?[A-Za-z][^>\n]*>?"                       # HTML tags and their attributes
    r"|\]\([^)\n]*\)?"                             # link and image destinations ](…)
    r"|<[a-z][a-z0-9+.-]*:[^>\s]*>"                # autolinks <https://…>
    r"|\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)[^\s<>()\[\]\"']*"   # bare URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"               # e-mail addresses
    r"|(?:^|(?<=[\s\[(]))[/.~]?[\w.-]*/[\w./-]+"   # paths: /images/x.jpg, [owner/repo](…)
    r"|\b[\w-]+\.(?:jpe?g|png|gif|webp|svg|heic|md|html?|pdf|toml|ya?ml|json|go|py|js|css)\b"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"   # HTML entities: &nbsp; &#8212;
    r"|\\.",                                       # escaped characters
    re.IGNORECASE)
# A fence is indented at most 3 spaces, or more inside a list item ("   - a tree:\n\n      ```").
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s")
_FRONT_FIELD = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*[=:]\s*(.*)$")


@dataclass(frozen=True)
class Word:
    start: int     # offset in the whole text
    end: int
    line: int      # 1-based line of the whole text
    text: str


def front_matter_end(lines: list[str]) -> int:
    """Number of lines the front matter takes (0 without one), delimiters included."""
    if not lines:
        return 0
    first = lines[0].lstrip("\ufeff").rstrip("\r\n")
    if first not in ("+++", "---"):
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == first:
            return index + 1
    return 0


def _prose_lines(lines: list[str]) -> Iterator[tuple[int, str, int]]:
    """(line index, text to scan, column it starts at) for each line that may hold prose."""
    fm_end = front_matter_end(lines)
    for index in range(1, max(0, fm_end - 1)):
        match = _FRONT_FIELD.match(lines[index])
        if match and match.group(1).lower() in PROSE_FIELDS:
            yield index, match.group(2), match.start(2)
    fence: str | None = None
    previous_blank = True
    in_list = False
    for index in range(fm_end, len(lines)):
        line = lines[index].rstrip("\r\n")
        marker = _FENCE.match(line)
        if marker and len(marker.group(1).expandtabs(4)) > 3 and not in_list and fence is None:
            marker = None   # outside a list, that deep is an indented code block's line
        if fence is not None:
            if marker and marker.group(2)[0] == fence[0] and len(marker.group(2)) >= len(fence) \
                    and not line[marker.end():].strip():
                fence = None
            continue
        if marker:
            fence = marker.group(2)
            continue
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        indented = line.startswith("\t") or line.startswith("    ")
        if indented and previous_blank and not in_list:
            continue   # an indented code block
        if re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line):
            in_list = True
        elif not indented and previous_blank:
            in_list = False
        previous_blank = False
        if _REFERENCE.match(line):
            continue
        yield index, line, 0


def _masked(text: str) -> str:
    """`text` with every skipped span blanked out, offsets unchanged."""
    return _SKIP.sub(lambda m: " " * (m.end() - m.start()), text)


def leading_lines(text: str, last_line: int | None = None) -> list[str]:
    """`text`'s lines (each with its "\n"), only as far as `last_line` (1-based) when given, but
    always through the front matter: a check of the lines on screen costs what is above them, not
    the whole of a huge post. "\n" only, as editors count lines (not str.splitlines' \u2028 etc.)."""
    if last_line is not None:
        text = text[:max(offset_of_line(text, last_line + 1), front_matter_chars(text))]
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def offset_of_line(text: str, line: int) -> int:
    """Where 1-based `line` starts in `text` (len(text) past its end)."""
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at


def front_matter_chars(text: str) -> int:
    """The characters the front matter takes, its delimiter lines included (0 without a closed
    one): `front_matter_end` in characters, found without splitting the whole text."""
    newline = text.find("\n")
    if newline < 0:
        return 0
    first = text[:newline].lstrip("\ufeff").rstrip("\r")
    if first not in ("+++", "---"):
        return 0
    closing = re.compile("^" + re.escape(first) + "\r*$", re.M).search(text, newline + 1)
    if closing is None:
        return 0
    end = text.find("\n", closing.end())
    return len(text) if end < 0 else end + 1


def prose_words(text: str, first_line: int = 1, last_line: int | None = None) -> list[Word]:
    """The words to spell-check in `text`, optionally only those on lines first..last (1-based)."""
    lines = leading_lines(text, last_line)
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
    out: list[Word] = []
    for index, segment, column in _prose_lines(lines):
        if last_line is not None and index + 1 > last_line:
            break   # lines come in order (the front matter's first)
        if index + 1 < first_line:
            continue
        base = starts[index] + column
        for match in _WORD.finditer(_masked(segment)):
            out.append(Word(base + match.start(), base + match.end(), index + 1, match.group()))
    return out
