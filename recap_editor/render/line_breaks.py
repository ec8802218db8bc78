"""The spaces goldmark keeps before a hard line break when Hugo's linkify is on.

goldmark drops the two spaces that make a hard break (``a  \\n``) and trims the trailing spaces of
the line's last text segment. Its linkify extension triggers on every space, which cuts the text
into segments at each one; only the last segment is trimmed, so of *k* trailing spaces *k - 3*
stay (``a    \\n`` is ``a <br>``). markdown-it drops them all.
"""

from __future__ import annotations

from markdown_it.rules_inline.newline import newline as _newline
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token


def newline_rule(state: StateInline, silent: bool) -> bool:
    spaces = len(state.pending) - len(state.pending.rstrip(" ")) if state.pending else 0
    before = len(state.tokens)
    if not _newline(state, silent):
        return False
    kept = spaces - 3
    if silent or kept <= 0 or len(state.tokens) <= before or state.tokens[-1].type != "hardbreak":
        return True
    text = state.tokens[-2] if len(state.tokens) - before >= 2 else None
    if text is not None and text.type == "text":
        text.content += " " * kept
    else:
        token = Token("text", "", 0)
        token.content, token.level = " " * kept, state.level
        state.tokens.insert(len(state.tokens) - 1, token)
    return True
