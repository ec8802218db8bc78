"""The headings of a post, with their lines: what the Outline shows and jumps to.

ATX (`## Title`) and setext (`Title` over `===`/`---`) headings of the body; headings inside fenced
code and the front matter are not headings. Lines are 1-based lines of the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_MARKS = re.compile(r"(\*\*|__|\*|_|`|~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int


def _plain(title: str) -> str:
    """`**...And, we're back!**` reads `...And, we're back!` in an outline."""
    title = _LINK.sub(r"\1", title)
    title = re.sub(r"\s*\{[#.][^}]*\}\s*$", "", title)   # goldmark's {#id .class}
    return _INLINE_MARKS.sub("", title).strip()


def outline(text: str) -> list[Heading]:
    from recap_editor.spelling.words import front_matter_end

    lines = text.splitlines()
    out: list[Heading] = []
    fence: str | None = None
    start = front_matter_end(lines)
    for index in range(start, len(lines)):
        line = lines[index]
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        atx = _ATX.match(line)
        if atx:
            out.append(Heading(len(atx.group(1)), _plain(atx.group(2) or ""), index + 1))
            continue
        setext = _SETEXT.match(line)
        if setext and index > start and lines[index - 1].strip() and not line.strip().startswith("--- ") \
                and not _ATX.match(lines[index - 1]) and not lines[index - 1].lstrip().startswith(("-", "*", ">", "<")) \
                and (not out or out[-1].line != index):
            level = 1 if setext.group(1)[0] == "=" else 2
            out.append(Heading(level, _plain(lines[index - 1]), index))
    return out
