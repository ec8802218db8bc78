"""Where a new batch of gallery rows goes in the post's text (no Qt: plain functions).

The new-post template holds a line saying "Drop your photos onto the editor to add them here…"
under its Highlights heading: while that line is still there, new rows replace it, wherever the
photos were dropped or however they were added. Otherwise the writer's choice decides: a heading
named on the command line (``--after HEADING``: the end of that section), the point of a drop on
the editor, or the cursor when photos are added from the menu (the end of the cursor's section, so
the rows never split the paragraph being written). With none of these (the CLI without
``--after``) they go at the end. ``placement.place_gallery`` then keeps them their own HTML block.

Headings are found with markdown-it (the same CommonMark block rules the site uses), so a ``#``
line inside a code fence or an HTML block is no heading, and setext headings count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from recap_editor.photos.placement import place_gallery

# The template's line (resources/templates/new_post.md); matched by its start so a writer who
# added a word at the end still gets it replaced, and only as a whole line of its own.
PLACEHOLDER_START = "Drop your photos onto the editor to add them here"
_PLACEHOLDER = re.compile(r"^[ \t]*" + re.escape(PLACEHOLDER_START) + r"[^\n]*(?:\n|\Z)", re.M)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str        # the heading's text without markup: "**Highlights**" -> "Highlights"
    start: int        # index of the heading's first character in the text
    line: int         # 1-based line in the text


@dataclass(frozen=True)
class Insertion:
    """Replace ``text[start:end]`` with ``replacement`` (``start == end``: a pure insertion)."""

    start: int
    end: int
    replacement: str

    def apply(self, text: str) -> str:
        return text[:self.start] + self.replacement + text[self.end:]


def _plain(inline: str) -> str:
    """A heading's words without emphasis, code marks or trailing #s: what a writer would type."""
    words = re.sub(r"[*_`]+", "", inline)
    return " ".join(re.sub(r"\s#+\s*$", "", words).split())


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [m.end() for m in re.finditer("\n", text)]
    return starts


def headings(text: str, body_start: int = 0) -> list[Heading]:
    """Every heading of the body, in order (front matter and code blocks hold none)."""
    starts = _line_starts(text)
    first_line = text.count("\n", 0, body_start)
    tokens = MarkdownIt("commonmark").parse(text[starts[first_line]:] if first_line < len(starts) else "")
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            line = first_line + token.map[0]
            found.append(Heading(int(token.tag[1]), _plain(tokens[i + 1].content), starts[line], line + 1))
    return found


def placeholder_span(text: str, body_start: int = 0) -> tuple[int, int] | None:
    """Where the template's photo line still is (its whole line), outside code; else None."""
    for match in _PLACEHOLDER.finditer(text, body_start):
        if _outside_code(text, match.start(), body_start):
            return match.start(), match.end()
    return None


def _outside_code(text: str, index: int, body_start: int) -> bool:
    """True when the line at ``index`` renders as text, not inside a fence or indented code."""
    starts = _line_starts(text)
    first_line = text.count("\n", 0, body_start)
    line = text.count("\n", 0, index)
    tokens = MarkdownIt("commonmark").parse(text[starts[first_line]:])
    for token in tokens:
        if token.type in ("fence", "code_block", "html_block") and token.map is not None:
            if first_line + token.map[0] <= line < first_line + token.map[1]:
                return False
    return True


def section_end(text: str, index: int, body_start: int = 0) -> int:
    """The end of the section holding ``index``: where the next heading of the same or a higher
    level starts (before the text leading up to the body, the end of the text)."""
    current: Heading | None = None
    following = headings(text, body_start)
    for heading in following:
        if heading.start <= index:
            current = heading
    for heading in following:
        if heading.start > index and (current is None or heading.level <= current.level):
            return heading.start
    return len(text)


def find_heading(text: str, wanted: str, body_start: int = 0) -> Heading:
    """The first heading called ``wanted`` (case and markup ignored, leading #s allowed);
    ValueError naming the headings there are when none is."""
    key = _plain(wanted.lstrip("#")).casefold()
    found = headings(text, body_start)
    for heading in found:
        if heading.title.casefold() == key:
            return heading
    names = ", ".join(f"'{h.title}'" for h in found) or "none"
    raise ValueError(f"no heading '{wanted}' in the post (its headings: {names})")


def gallery_insertion(text: str, gallery_html: str, body_start: int = 0, *, after: str | None = None,
                      drop_at: int | None = None, cursor_at: int | None = None) -> Insertion:
    """Where and what to write so the new rows land where the writer expects (see the module).

    ``after``: a heading's title (the CLI's ``--after``); ``drop_at``: the index a drop on the
    editor pointed at; ``cursor_at``: the cursor's index (the menu's "Add Photos…"). Raises
    ValueError when ``after`` names no heading."""
    if after is not None:
        heading = find_heading(text, after, body_start)
        index = section_end(text, heading.start, body_start)
        return _placed(text, index, gallery_html, body_start)
    span = placeholder_span(text, body_start)
    if span is not None:
        start, end = span
        without = text[:start] + text[end:]
        at, insertion = place_gallery(without, start, gallery_html, body_start)
        assert at == start   # the line's start begins a block: the rows go exactly there
        return Insertion(start, end, insertion)
    if drop_at is not None:
        return _placed(text, drop_at, gallery_html, body_start)
    if cursor_at is not None and cursor_at >= body_start:
        return _placed(text, section_end(text, cursor_at, body_start), gallery_html, body_start)
    return _placed(text, len(text), gallery_html, body_start)


def _placed(text: str, index: int, gallery_html: str, body_start: int) -> Insertion:
    at, insertion = place_gallery(text, index, gallery_html, body_start)
    return Insertion(at, at, insertion)
