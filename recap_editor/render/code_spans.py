"""A backtick run that opens no code span is a node of its own in goldmark.

goldmark's code span parser gives the unmatched run back as a Text node, so the character after
it starts a node, where goldmark's linkify fires as at a line's head (`` `https://x.org `` links
the address). markdown-it adds the run to the pending text; pushing that text out as a token marks
the same boundary (``goldmark._at_node_start`` looks for pending text).
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.rules_inline.state_inline import StateInline

InlineRule = Callable[[StateInline, bool], bool]


def make_backtick_rule(original: InlineRule) -> InlineRule:
    def backtick(state: StateInline, silent: bool) -> bool:
        before = len(state.tokens)
        found = original(state, silent)
        if found and not silent and len(state.tokens) == before and state.pending.endswith("`"):
            state.pushPending()
        return found

    return backtick
