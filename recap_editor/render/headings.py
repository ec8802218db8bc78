"""Heading ids as Hugo 0.111 makes them: the ``github`` anchor style, from each heading's raw
source line (as goldmark passes it), de-duplicated across the document with ``-1``, ``-2``…,
and goldmark's ``{#id .class}`` title attributes.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

_ATTRIBUTES = re.compile(r"\s*\{\s*((?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
                         r"(?:\s+(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))*)\s*\}\s*$")
_ATTRIBUTE = re.compile(r"([#.])([\w-]+)|([\w-]+)=(?:\"([^\"]*)\"|'([^']*)'|([^\s}]+))")


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


def anchor_base(raw: str) -> str:
    """Hugo's ``github`` anchor of a heading's raw source text, before de-duplication."""
    out = []
    for ch in raw.strip():
        if ch in "- ":
            out.append("-")
        elif ch == "_" or ch.isalpha() or ch.isdigit():
            out.append(ch.lower())
    return "".join(out) or "heading"


def assign_ids(bases: list[tuple[str, bool]]) -> list[str]:
    """Final ids for (base, explicit) pairs in document order: repeats get ``-1``, ``-2``…"""
    seen: set[str] = set()
    result = []
    for base, explicit in bases:
        value = base
        if not explicit and value in seen:
            i = 1
            while f"{base}-{i}" in seen:
                i += 1
            value = f"{base}-{i}"
        seen.add(value)
        result.append(value)
    return result


def heading_sources(tokens: list[Token]) -> list[tuple[Token, str, bool]]:
    """(heading_open token, anchor base, explicit) for every heading, taking ``{#id}`` off its text."""
    found = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        raw = inline.content.split("\n")[-1]  # goldmark uses the heading's last source line
        text, attrs = split_heading_attributes(inline.content)
        if attrs:
            _strip_trailing_attributes(inline, len(inline.content) - len(text))
            for key, value in attrs.items():
                if key != "id":
                    token.attrSet(key, value)
            raw = text.split("\n")[-1]
        if "id" in attrs:
            found.append((token, attrs["id"], True))
        else:
            found.append((token, anchor_base(raw), False))
    return found


def _strip_trailing_attributes(inline: Token, length: int) -> None:
    """Drop the ``{…}`` attribute text from the end of a heading's inline children."""
    inline.content = inline.content[:len(inline.content) - length]
    children = inline.children or []
    while length > 0 and children:
        last = children[-1]
        if last.type != "text":
            break
        if len(last.content) <= length:
            length -= len(last.content)
            children.pop()
        else:
            last.content = last.content[:len(last.content) - length].rstrip()
            length = 0
    if children and children[-1].type == "text":
        children[-1].content = children[-1].content.rstrip()


