"""Definition lists the way goldmark reads them: every line of the paragraph above the first
``: definition`` is a term of its own (``<dt>`` per line); markdown-it's plugin takes one line.

`make_deflist_rule` wraps mdit-py-plugins' ``deflist`` block rule: where the marker line is
further down a paragraph, the rule runs from the paragraph's last line and the lines above it
become extra terms in front of the list.
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
