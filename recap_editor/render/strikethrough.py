"""goldmark's strikethrough: ``~`` runs of one or two are delimiters handled like emphasis.

goldmark (extension/strikethrough.go) scans ``~`` as ``*`` is scanned (left/right flanking),
refuses runs longer than two and a run right after a ``~`` (``\\~~t~`` is text), and pairs
them with the emphasis algorithm of parser/delimiter.go: the
"rule of 3", two characters consumed where both sides have two left, else one, each match one
``<del>``. So ``~a~~`` is ``<del>a</del>~``, ``~t~~t~`` is ``<del>t~~t</del>`` and ``~~a~ b~~``
nests. markdown-it's GitHub mode instead pairs only runs of equal width and leaves these as text.
markdown-it's own ``balance_pairs`` is that algorithm, so only the scan and the tags differ from
its emphasis rule.
"""

from __future__ import annotations

from markdown_it.rules_inline.state_inline import Delimiter, StateInline

_TILDE = 0x7E


def tokenize(state: StateInline, silent: bool) -> bool:
    """One text token and one delimiter per ``~`` of a run of one or two (longer runs: text)."""
    if silent or state.src[state.pos] != "~":
        return False
    scanned = state.scanDelims(state.pos, True)
    # goldmark: no delimiter right after a `~` (an escaped one: `\~~t~` is text) nor longer than 2
    if scanned.length > 2 or (state.pos > 0 and state.src[state.pos - 1] == "~"):
        token = state.push("text", "", 0)
        token.content = "~" * scanned.length
        state.pos += scanned.length
        return True
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = "~"
        state.delimiters.append(Delimiter(marker=_TILDE, length=scanned.length,
                                          token=len(state.tokens) - 1, end=-1,
                                          open=scanned.can_open, close=scanned.can_close))
    state.pos += scanned.length
    return True


def _post_process(state: StateInline, delimiters: list[Delimiter]) -> None:
    i = len(delimiters) - 1
    while i >= 0:
        start = delimiters[i]
        if start.marker != _TILDE or start.end == -1:
            i -= 1
            continue
        end = delimiters[start.end]
        # Two adjacent pairs are one match consuming two characters: one <del>, as in goldmark.
        double = (i > 0 and delimiters[i - 1].end == start.end + 1
                  and delimiters[i - 1].marker == _TILDE
                  and delimiters[i - 1].token == start.token - 1
                  and delimiters[start.end + 1].token == end.token + 1)
        markup = "~~" if double else "~"
        for index, kind, nesting in ((start.token, "s_open", 1), (end.token, "s_close", -1)):
            token = state.tokens[index]
            token.type, token.tag, token.nesting = kind, "s", nesting
            token.markup, token.content = markup, ""
        if double:
            state.tokens[delimiters[i - 1].token].content = ""
            state.tokens[delimiters[start.end + 1].token].content = ""
            i -= 1
        i -= 1


def post_process(state: StateInline) -> None:
    _post_process(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _post_process(state, meta["delimiters"])
