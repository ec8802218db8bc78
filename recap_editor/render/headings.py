"""Heading ids as Hugo makes them (one implementation for the preview and the checks).

Hugo (0.144+) takes a heading's *plain text* the way its ``TextPlain`` walks goldmark's tree: every
top-level inline node in full, but only the first leaf of an emphasis, link, strikethrough or
code span (``# **Don't panic**`` → ``don``: the typographer's ’ starts a new node), typographer
output as characters, emoji as their short names, raw HTML without its tags. That text becomes an
anchor by ``markup.goldmark.parser.autoIDType``: ``github`` (default), ``github-ascii`` or
``blackfriday``; an anchor that comes out empty is ``heading``, a heading with no text gets no id.
Ids are de-duplicated across the document with ``-1``, ``-2``… in document order, explicit
``{#id}`` ids counting as taken from where they appear.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markdown_it.token import Token

GITHUB = "github"
GITHUB_ASCII = "github-ascii"
BLACKFRIDAY = "blackfriday"
ID_TYPES = (GITHUB, GITHUB_ASCII, BLACKFRIDAY)

# Token meta keys set while parsing (the goldmark_headings core rule).
PLAIN = "plain_text"        # the heading's TextPlain, None for an empty heading
EXPLICIT = "explicit_id"    # the {#id} the writer gave, None if none
STRING = "goldmark_string"  # on text tokens the typographer/emoji made: goldmark String nodes
SHORT_NAME = "emoji_short_name"
FIRST_NODE = "goldmark_first_node"  # on joined text: length of goldmark's first Text node in it

_ATTRIBUTES = re.compile(r"\s*\{\s*((?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
                         r"(?:\s+(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))*)\s*\}\s*$")
_ATTRIBUTE = re.compile(r"([#.])([\w-]+)|([\w-]+)=(?:\"([^\"]*)\"|'([^']*)'|([^\s}]+))")
_TAG = re.compile(r"<[^>]*>")
_CONTAINERS = {"em_open": "em_close", "strong_open": "strong_close", "s_open": "s_close",
               "link_open": "link_close"}


def split_heading_attributes(text: str) -> tuple[str, dict[str, str]]:
    """``Title {#id .cls}`` → (``Title``, {"id": "id", "class": "cls"}) as goldmark's title attributes."""
    match = _ATTRIBUTES.search(text)
    if not match:
        return text, {}
    attrs: dict[str, str] = {}
    for item in _ATTRIBUTE.finditer(match.group(1)):
        if item.group(1) == "#":
            attrs["id"] = item.group(2)
        elif item.group(1) == ".":
            attrs["class"] = (attrs.get("class", "") + " " + item.group(2)).strip()
        else:
            attrs[item.group(3)] = next(g for g in item.group(4, 5, 6) if g is not None)
    return text[:match.start()], attrs


# ------------------------------------------------------------------------------------ anchors
def _remove_accents(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"))


def _is_letter(ch: str) -> bool:      # Go unicode.IsLetter
    return unicodedata.category(ch).startswith("L")


def anchor(text: str, id_type: str = GITHUB) -> str:
    """The anchor Hugo's ``sanitizeAnchorName`` makes of a heading's plain text (may be empty)."""
    if id_type == BLACKFRIDAY:
        out: list[str] = []
        dash = False
        for ch in text:
            if _is_letter(ch) or unicodedata.category(ch).startswith("N"):
                if dash and out:
                    out.append("-")
                dash = False
                out.append(ch.lower())
            else:
                dash = True
        return "".join(out)
    ascii_only = id_type == GITHUB_ASCII
    if ascii_only:
        text = _remove_accents(text)
    out = []
    for ch in text.strip():
        if ascii_only and not ch.isascii():
            continue
        if ch in "- ":
            out.append("-")
        elif ch == "_" or _is_letter(ch) or unicodedata.category(ch) == "Nd":
            out.append(ch.lower())
    return "".join(out)


def anchor_base(text: str, id_type: str = GITHUB) -> str:
    """A heading's id before de-duplication: its anchor, or ``heading`` where that is empty."""
    return anchor(text, id_type) or "heading"


def assign_ids(bases: list[tuple[str | None, bool]]) -> list[str | None]:
    """Final ids for (base, explicit) pairs in document order: repeats get ``-1``, ``-2``…
    (a None base, a heading without text, stays None and takes no id)."""
    seen: set[str] = set()
    result: list[str | None] = []
    for base, explicit in bases:
        if base is None:
            result.append(None)
            continue
        value = base
        if not explicit and value in seen:
            i = 1
            while f"{base}-{i}" in seen:
                i += 1
            value = f"{base}-{i}"
        seen.add(value)
        result.append(value)
    return result


# -------------------------------------------------------------------------- the heading's text
def plain_text(children: list[Token]) -> str:
    """Hugo's ``TextPlain`` of a heading from markdown-it's inline tokens (before text_join)."""
    parts: list[str] = []
    i = 0
    while i < len(children):
        token = children[i]
        if token.type == "link_open" and token.info == "auto":
            i = _close_of(children, i) + 1  # goldmark's AutoLink has no child nodes
            continue
        if token.type in _CONTAINERS:
            j = _close_of(children, i)
            parts.append(_first_leaf(children[i + 1:j]))
            i = j + 1
            continue
        parts.append(_leaf_text(token))
        i += 1
    return html.unescape("".join(parts))


def _close_of(children: list[Token], i: int) -> int:
    """Index of the token closing the container opened at ``i`` (the last one if unclosed)."""
    opener, close, depth = children[i].type, _CONTAINERS[children[i].type], 0
    for j in range(i, len(children)):
        depth += children[j].type == opener
        depth -= children[j].type == close
        if depth == 0:
            return j
    return len(children) - 1


def _first_leaf(children: list[Token]) -> str:
    """What goldmark's first child node of a container says (text nodes end at a String node)."""
    if not children:
        return ""
    first = children[0]
    if first.type == "link_open" and first.info == "auto":
        return ""
    if first.type in _CONTAINERS:
        return _first_leaf(children[1:])
    if first.type not in ("text", "text_special") or first.meta.get(STRING):
        return _leaf_text(first)
    if FIRST_NODE in first.meta:
        return first.content[:first.meta[FIRST_NODE]]
    run = []
    for token in children:
        if token.type not in ("text", "text_special") or token.meta.get(STRING):
            break
        run.append(token.content)
    return "".join(run)


def _leaf_text(token: Token) -> str:
    if token.meta.get(SHORT_NAME):
        return token.meta[SHORT_NAME]
    if token.type in ("text", "text_special", "code_inline"):
        return token.content
    if token.type == "html_inline":
        return _TAG.sub("", token.content).strip()
    if token.type == "image":
        return _first_leaf(token.children or [])
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    return ""


def delimiter_boundaries_rule(state) -> None:
    """Inline rule (before fragments_join): remember where goldmark's first Text node of a run ends.

    markdown-it leaves an emphasis delimiter that matched nothing as a one-character text token and
    then joins the run of text tokens into its last token. goldmark folds such a delimiter into the
    Text node before it and starts a new node after it, and ``TextPlain`` of an emphasis reads only
    its first node (``_under_score_`` has the id ``under_``). The length of that first node is kept
    on the token the run is joined into; the joined text itself is unchanged.
    """
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type != "text":
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].type == "text":
            j += 1
        length, delimiter = 0, None
        for token in tokens[i:j + 1]:
            if delimiter is not None and token.content != delimiter:
                tokens[j].meta[FIRST_NODE] = length
                break
            length += len(token.content)
            if token.content in ("*", "_", "~"):
                delimiter = token.content
        i = j + 1


def headings_rule(state) -> None:
    """Core rule (before text_join): take ``{#id .cls}`` off each heading, note its plain text."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        text, attrs = split_heading_attributes(inline.content)
        if attrs:
            _strip_trailing_attributes(inline, len(inline.content) - len(text))
            for key, value in attrs.items():
                if key != "id":
                    token.attrSet(key, value)
        token.meta[EXPLICIT] = attrs.get("id")
        plain = plain_text(inline.children or [])
        # A setext heading of several lines takes its last line.
        token.meta[PLAIN] = plain.split("\n")[-1] if plain else None


def heading_sources(tokens: list[Token], id_type: str = GITHUB) -> list[tuple[Token, str | None, bool]]:
    """(heading_open token, id base, explicit) for every heading; base None: no id (no text)."""
    found = []
    for token in tokens:
        if token.type != "heading_open":
            continue
        explicit = token.meta.get(EXPLICIT)
        if explicit:
            found.append((token, explicit, True))
        else:
            plain = token.meta.get(PLAIN)
            found.append((token, anchor_base(plain, id_type) if plain else None, False))
    return found


def _strip_trailing_attributes(inline: Token, length: int) -> None:
    """Drop the ``{…}`` attribute text from the end of a heading's inline children."""
    inline.content = inline.content[:len(inline.content) - length]
    children = inline.children or []
    while length > 0 and children:
        last = children[-1]
        if last.type not in ("text", "text_special"):
            break
        if len(last.content) <= length:
            length -= len(last.content)
            children.pop()
        else:
            last.content = last.content[:len(last.content) - length].rstrip()
            length = 0
    if children and children[-1].type == "text":
        children[-1].content = children[-1].content.rstrip()
