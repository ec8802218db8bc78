"""Definition lists the way goldmark reads them: every line of the paragraph above the first
``: definition`` is a term of its own (``<dt>`` per line); markdown-it's plugin takes one line.

`make_deflist_rule` wraps mdit-py-plugins' ``deflist`` block rule: where the marker line is
further down a paragraph, the rule runs from the paragraph's last line and the lines above it
become extra terms in front of the list. Each definition is loose (``<p>``) exactly when a blank
line precedes it, as goldmark decides.
"""

from __future__ import annotations

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token


def _is_marker(state: StateBlock, line: int) -> bool:
    start = state.bMarks[line] + state.tShift[line]
    end = state.eMarks[line]
    return (end - start > 2 and state.src[start] == ":" and state.src[start + 1] in " \t"
            and bool(state.src[start + 2:end].strip()))


def _tilde_marker(state: StateBlock, start: int, end: int) -> bool:
    """Whether the definition the plugin would read starts with ``~`` (Pandoc's marker: goldmark
    knows only ``:``, so ``~ text`` is a paragraph)."""
    line = start + 1
    if line < end and state.isEmpty(line):
        line += 1
    return line < end and state.src[state.bMarks[line] + state.tShift[line]:][:1] == "~"


def make_deflist_rule(original):

    def deflist(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = len(state.tokens)
        found = goldmark_deflist(state, start, end, silent)
        if found and not silent:
            _tight_as_goldmark(state, first)
        return found

    def goldmark_deflist(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not _tilde_marker(state, start, end) and original(state, start, end, silent):
            return True
        if silent or state.sCount[start] - state.blkIndent >= 4:
            return False
        terminators = state.md.block.ruler.getRules("paragraph")
        last = start
        while last + 1 < end and not state.isEmpty(last + 1) \
                and not _is_marker(state, last + 1):
            if state.sCount[last + 1] - state.blkIndent >= 4:  # a lazy line: still paragraph
                last += 1
                continue
            if any(rule(state, last + 1, end, True) for rule in terminators):
                return False  # another block interrupts the paragraph first
            last += 1
        if last == start or last + 1 >= end or not _is_marker(state, last + 1):
            return False
        first = len(state.tokens)
        if not original(state, last, end, False):
            return False
        dl_open = state.tokens[first]
        dl_open.map = [start, dl_open.map[1]] if dl_open.map else [start, last + 1]
        extra: list[Token] = []
        for line in range(start, last):
            text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]].strip()
            opening = Token("dt_open", "dt", 1)
            opening.map, opening.level, opening.block = [line, line + 1], dl_open.level + 1, True
            inline = Token("inline", "", 0)
            inline.content, inline.map, inline.children = text, [line, line + 1], []
            inline.level, inline.block = dl_open.level + 2, True
            closing = Token("dt_close", "dt", -1)
            closing.level, closing.block = dl_open.level + 1, True
            extra += [opening, inline, closing]
        state.tokens[first + 1:first + 1] = extra
        return True

    return deflist


def _tight_as_goldmark(state: StateBlock, first: int) -> None:
    """goldmark decides per definition: loose (its paragraphs in ``<p>``) exactly when a blank
    line precedes its ``:`` line; the plugin decides for the whole list from blank lines after."""
    tokens = state.tokens
    i = first
    while i < len(tokens):
        dd = tokens[i]
        if dd.type != "dd_open" or not dd.map:
            i += 1
            continue
        marker = next((line for line in range(dd.map[0], max(dd.map[1], dd.map[0] + 1))
                       if state.src[state.bMarks[line] + state.tShift[line]:][:1] == ":"),
                      dd.map[0])  # the plugin's map may start at the term's line
        tight = not (marker > 0 and state.isEmpty(marker - 1))
        i += 1
        while i < len(tokens) and not (tokens[i].type == "dd_close" and tokens[i].level == dd.level):
            paragraph = tokens[i]
            if paragraph.type == "paragraph_open" and paragraph.level == dd.level + 1:
                # A tight definition's paragraph after a blank line keeps its <p> in Hugo.
                after_blank = bool(paragraph.map) and paragraph.map[0] > marker \
                    and state.isEmpty(paragraph.map[0] - 1)
                paragraph.hidden = tokens[i + 2].hidden = tight and not after_blank
            i += 1
