"""Line ends as goldmark writes them: the whitespace it keeps before a soft or hard line break.

goldmark drops the two spaces that make a hard break (``a  \\n``) and trims the trailing spaces
and tabs of the line's last text segment. Its linkify extension (on in Hugo by default) triggers
on every space and tab, which cuts the text into segments at each one; only the last segment is
trimmed, so of a run of *m* trailing blanks (after a hard break's two spaces) *m - 1* stay:
``a····\\n`` is ``a <br>``, ``a\\t\\t\\nb`` keeps one tab. Without linkify all of them go.
markdown-it trims spaces only, and all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.rules_inline.state_inline import StateInline

_BLANKS = " \t"


def make_newline_rule(linkify: bool) -> Callable[[StateInline, bool], bool]:
    def newline(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        if state.src[pos] != "\n":
            return False
        if not silent:
            pending = state.pending
            last = state.tokens[-1] if state.tokens else None
            if (not pending and last is not None and last.type == "text_special"
                    and last.info == "escape" and last.content[1:2] in (" ", "\t")):
                # `\` before a blank is a literal backslash; the blank ends the line
                pending, last.content = last.content[1:], last.content[:1]
            text = pending.rstrip(_BLANKS)
            blanks = pending[len(text):]
            hard = blanks.endswith("  ")
            run = blanks[:-2] if hard else blanks
            state.pending = text + (run[:-1] if linkify else "")
            state.push("hardbreak" if hard else "softbreak", "br", 0)
        pos += 1
        while pos < state.posMax and state.src[pos] in _BLANKS:  # the next line's indentation
            pos += 1
        state.pos = pos
        return True

    return newline
