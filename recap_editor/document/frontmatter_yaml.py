"""YAML front matter (``---``): parse and patch single fields with ruamel.yaml, keeping the rest.

Split from :mod:`recap_editor.document.frontmatter` so that TOML posts (the common case for Hugo)
never pay for importing ruamel.yaml.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, LiteralScalarString,
                                      SingleQuotedScalarString)

from recap_editor.document.frontmatter import FrontMatterError, coerce_like, to_plain


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long title onto a second line
    return yaml


# Aliases let a few hundred bytes stand for billions of values ("billion laughs"): front matter
# is a handful of fields, so a post whose values expand past this many is refused, not expanded.
MAX_EXPANDED_VALUES = 10_000


def parse(text: str, first_line: int) -> CommentedMap:
    """Parse YAML front matter into a style-keeping ruamel map; errors point into the file."""
    try:
        data = _yaml().load(text)
        if "&" in text or "*" in text:   # only anchors and aliases can make values expand
            _check_expansion(data, first_line)
    except RecursionError:
        raise FrontMatterError("invalid YAML front matter: nested too deeply",
                               line=first_line) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise FrontMatterError(f"invalid YAML front matter: {exc.problem or exc.context}",
                               line=line) from None
    except YAMLError as exc:
        raise FrontMatterError(f"invalid YAML front matter: {exc}", line=first_line) from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise FrontMatterError("the YAML front matter must be a list of 'key: value' fields",
                               line=first_line)
    return data


def _check_expansion(data: Any, first_line: int) -> None:
    """Refuse front matter whose aliases expand past :data:`MAX_EXPANDED_VALUES` or refer to
    themselves. Linear in the parsed graph: each shared value is sized once."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, dict):
            children = [*node.keys(), *node.values()]
        elif isinstance(node, (list, tuple)):
            children = list(node)
        else:
            continue
        if children_done:
            visiting.discard(key)
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            if total > MAX_EXPANDED_VALUES:
                raise FrontMatterError(
                    f"the YAML front matter expands to more than {MAX_EXPANDED_VALUES:,} values "
                    "through its aliases (*name); refusing to expand it", line=first_line)
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in visiting:
            raise FrontMatterError("the YAML front matter refers to itself through an alias "
                                   "(*name); such a value cannot be read", line=first_line)
        visiting.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, (dict, list, tuple))
                     and id(c) not in sizes)


def render_new(fields: dict[str, Any]) -> str:
    out = io.StringIO()
    _yaml().dump(CommentedMap(fields), out)
    return out.getvalue()


def remove_field(text: str, doc: CommentedMap, key: str) -> str:
    start, end = _yaml_span(text, doc, key)
    lines = text.splitlines(keepends=True)
    return "".join(lines[:start] + lines[end:])


def _yaml_span(text: str, doc: CommentedMap, key: str) -> tuple[int, int]:
    """Line range [start, end) of a top-level YAML key, without trailing blank or comment lines."""
    keys = list(doc.keys())
    start = doc.lc.key(key)[0]
    lines = text.splitlines(keepends=True)
    index = keys.index(key)
    end = doc.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else len(lines)
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return start, end


def _yaml_value(existing: Any, value: Any) -> Any:
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if isinstance(existing, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(value)
        if isinstance(existing, SingleQuotedScalarString):
            return SingleQuotedScalarString(value)
        return value
    if isinstance(value, list):
        seq = CommentedSeq(value)
        if isinstance(existing, CommentedSeq) and existing.fa.flow_style():
            seq.fa.set_flow_style()
        elif existing is None:
            seq.fa.set_flow_style()  # new lists read best inline: tags: [a, b]
        return seq
    return value


_YAML_KEY_LINE = re.compile(r"^(?P<key>[^#\s][^:]*?)\s*:")


def set_field(text: str, doc: CommentedMap, key: str, value: Any) -> str:
    existing = doc.get(key)
    new_value = _yaml_value(existing, coerce_like(to_plain(existing), value))
    lines = text.splitlines(keepends=True)
    yaml = _yaml()
    if key in doc and isinstance(new_value, CommentedSeq) and not new_value.fa.flow_style():
        # Indent a block list the way the writer did ("- a" or "  - a").
        item_line = lines[doc.lc.key(key)[0] + 1] if doc.lc.key(key)[0] + 1 < len(lines) else ""
        offset = len(item_line) - len(item_line.lstrip(" ")) if item_line.lstrip().startswith("-") else 0
        yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    out = io.StringIO()
    yaml.dump(CommentedMap({key: new_value}), out)
    fragment = out.getvalue()
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    fragment = fragment.replace("\n", newline)
    if key in doc:
        start, end = _yaml_span(text, doc, key)
        match = _YAML_KEY_LINE.match(lines[start])
        if match:  # keep the key exactly as written (quotes, spacing before the colon)
            original_key = lines[start][:match.end()]
            fragment = original_key + fragment.split(":", 1)[1]
        if end - start == 1 and fragment.count("\n") == 1:
            fragment = _keep_trailing_comment(doc, key, lines[start], fragment, newline)
        if end == len(lines) and lines and not lines[-1].endswith("\n"):
            fragment = fragment.rstrip("\r\n")
        return "".join(lines[:start]) + fragment + "".join(lines[end:])
    if text and not text.endswith("\n"):
        text += newline
    return text + fragment


def _keep_trailing_comment(doc: CommentedMap, key: str, line: str, fragment: str, newline: str) -> str:
    """``title: "A"   # shown as heading`` keeps its comment and spacing when the value changes."""
    comment = (doc.ca.items.get(key) or [None, None, None, None])[2]
    mark = getattr(comment, "start_mark", None)
    if mark is None or mark.column >= len(line) or line[mark.column] != "#":
        return fragment
    value_end = len(line[: mark.column].rstrip())
    gap, text = line[value_end: mark.column], line[mark.column:].rstrip("\r\n")
    return fragment.rstrip("\r\n") + gap + text + newline
