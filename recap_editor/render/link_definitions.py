"""A link reference definition followed by an indented line, as goldmark reads it.

goldmark (like CommonMark's reference parser) collects a paragraph first and takes the
definitions from its start: a line indented by four or more after ``[foo]: /url`` continues that
paragraph (an indented code block cannot interrupt one), so it is more text — another
definition or the paragraph's words — never code; so does a lazy line of a list item or a
quote. markdown-it ends the definition's block at its last line and starts an indented code
block on the next (or ends the container).
"""

from __future__ import annotations

from collections.abc import Callable

_CONTINUES = "goldmark_definition_continues"  # env key: the line that continues a definition

BlockRule = Callable[..., bool]


def make_reference_rule(original: BlockRule) -> BlockRule:
    def reference(state, start_line: int, end_line: int, silent: bool) -> bool:
        continued = state.env.get(_CONTINUES) == start_line
        indent = state.sCount[start_line]
        if continued:  # read past the indentation, as from inside goldmark's paragraph
            state.sCount[start_line] = state.blkIndent
        try:
            found = original(state, start_line, end_line, silent)
        finally:
            state.sCount[start_line] = indent
        if found and not silent:
            following = state.line
            if following < end_line and not state.isEmpty(following):
                if state.sCount[following] - state.blkIndent >= 4:
                    state.env[_CONTINUES] = following
                elif state.sCount[following] < state.blkIndent and _lazy(state, following, end_line):
                    # A lazy line continues the definition's paragraph, inside the container.
                    state.sCount[following] = state.blkIndent
        return found

    return reference


def make_code_rule(original: BlockRule) -> BlockRule:
    def code(state, start_line: int, end_line: int, silent: bool) -> bool:
        if state.env.get(_CONTINUES) == start_line:
            return False  # the paragraph rule takes it (its text is trimmed)
        return original(state, start_line, end_line, silent)

    return code


def _lazy(state, line: int, end_line: int) -> bool:
    """Whether an outdented line would continue a paragraph (no block interrupts it); a quote's
    lazy lines (``sCount`` -1) were checked by the quote already."""
    if state.sCount[line] < 0:
        return True
    return not any(rule(state, line, end_line, True)
                   for rule in state.md.block.ruler.getRules("paragraph"))
