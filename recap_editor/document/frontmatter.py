"""Front matter: find it, split it off, parse it, and patch single fields without touching the rest.

python-frontmatter tells TOML (``+++``) from YAML (``---``); the split itself is done here by line so
that every byte around the delimiters survives. tomlkit and ruamel.yaml (round-trip mode) parse the
text and keep key order, quoting, comments and spacing. A field edit produces the new front matter
*text*: the caller splices it back, so nothing outside the edited field's line(s) can change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

try:
    import tomllib   # Python 3.11+
except ImportError:  # pragma: no cover - 3.10: every TOML front matter goes through tomlkit
    tomllib = None
import frontmatter
import tomlkit
import tomlkit.exceptions
import tomlkit.items
from frontmatter.default_handlers import BaseHandler, YAMLHandler

# python-frontmatter's own TOMLHandler needs the old `toml` package; detection only needs the
# delimiter pattern, so the TOML handler is the base handler with the same boundary as its own.
_TOML_HANDLER = BaseHandler(fm_boundary=re.compile(r"^\+{3,}\s*$", re.MULTILINE),
                            start_delimiter="+++", end_delimiter="+++")
_HANDLERS = {"toml": _TOML_HANDLER, "yaml": YAMLHandler()}
DELIMITERS = {"toml": "+++", "yaml": "---"}


class FrontMatterError(ValueError):
    """Front matter that cannot be read; names the file and the line like a compiler would."""

    def __init__(self, message: str, line: int = 1, path: object = None) -> None:
        super().__init__(message)
        self.message, self.line, self.path = message, line, path

    def __str__(self) -> str:
        return f"{self.path or '<post>'}:{self.line}: error: {self.message}"


@dataclass
class Split:
    """A post's text cut at its front matter delimiters; ``"".join`` of the parts is the text."""

    format: str | None  # "toml", "yaml" or None (no front matter)
    opening: str        # the opening delimiter line with its newline ("" when there is none)
    front_matter: str   # everything between the delimiter lines
    closing: str        # the closing delimiter line (with its newline, if the file has one there)
    body: str
    error: FrontMatterError | None = None

    @property
    def head(self) -> str:
        return self.opening + self.front_matter + self.closing

    @property
    def body_line(self) -> int:
        """1-based line where the body starts."""
        return self.head.count("\n") + 1


def split_text(text: str) -> Split:
    """Cut ``text`` into delimiters, front matter and body; unclosed front matter is an error value."""
    handler = frontmatter.detect_format(text, _HANDLERS.values())
    if handler is None:
        return Split(None, "", "", "", text)
    fmt = "toml" if handler is _TOML_HANDLER else "yaml"
    first_end = _line_end(text, 0)
    opening = text[:first_end]
    assert handler.FM_BOUNDARY is not None
    # The boundary regex is anchored per line (MULTILINE), so a match starts a delimiter line.
    for match in handler.FM_BOUNDARY.finditer(text, first_end):
        start = match.start()
        closing_end = _line_end(text, start)
        return Split(fmt, opening, text[first_end:start], text[start:closing_end], text[closing_end:])
    error = FrontMatterError(
        f"the front matter opened with '{DELIMITERS[fmt]}' on line 1 is never closed: "
        f"add a line '{DELIMITERS[fmt]}' after the last field", line=1)
    return Split(fmt, opening, text[first_end:], "", "", error)


def _line_end(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


# ---------------------------------------------------------------------------------------- parsing

def parse_values(fmt: str, text: str, first_line: int) -> tuple[dict[str, Any], Any]:
    """The front matter's values as plain Python, and the style-keeping document when making it
    was the way to them (YAML; TOML only when the standard reader refuses the text, so the error
    the writer sees is tomlkit's, with its line), else None: `Post` makes it when a field is first
    edited. A post is parsed on every keystroke and every post of a site is read at its load;
    tomllib reads TOML ~10x faster than tomlkit, which keeps styles for editing."""
    if fmt == "toml" and tomllib is not None:
        try:
            return to_plain(tomllib.loads(text)), None
        except tomllib.TOMLDecodeError:
            pass
    doc = parse(fmt, text, first_line)
    return to_plain(doc), doc


def parse(fmt: str, text: str, first_line: int) -> Any:
    """Parse front matter text into a style-keeping document (tomlkit or ruamel).

    ``first_line`` is the file line of the front matter's first line, so errors point into the file.
    """
    if fmt == "toml":
        try:
            return tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as exc:
            reason = (str(exc).split(" at line ")[0].replace(r"'\n'", "end of line")
                      .replace(r"'\x00'", "the end of the front matter"))
            raise FrontMatterError(f"invalid TOML front matter: {reason}",
                                   line=first_line + exc.line - 1) from None
    from recap_editor.document import frontmatter_yaml  # YAML posts only: ruamel is slow to import

    return frontmatter_yaml.parse(text, first_line)


def to_plain(value: Any) -> Any:
    """tomlkit / ruamel values as plain Python (dict, list, str, int, float, bool, date, datetime)."""
    if isinstance(value, tomlkit.items.Item) or isinstance(value, tomlkit.TOMLDocument):
        value = value.unwrap()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, str):  # ruamel's quoted/literal scalar strings are str subclasses
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, dt.datetime):
        return dt.datetime.fromisoformat(value.isoformat()) if type(value) is not dt.datetime else value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def coerce_like(existing: Any, value: Any) -> Any:
    """Keep a field's type when it is edited: a date written as a string stays a string, etc."""
    if existing is None or value is None:
        return value
    if isinstance(existing, str) and isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(existing, dt.datetime) and isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(existing, dt.date) and not isinstance(existing, dt.datetime) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(existing, str) and isinstance(value, list) and not isinstance(existing, list):
        return ", ".join(str(v) for v in value)
    if isinstance(existing, list) and isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


# ---------------------------------------------------------------------------------------- patching

def set_field(fmt: str, text: str, doc: Any, key: str, value: Any) -> str:
    """The front matter text with ``key`` set to ``value`` (added at the end if new)."""
    if fmt == "toml":
        return _toml_set(doc, key, value)
    from recap_editor.document import frontmatter_yaml

    return frontmatter_yaml.set_field(text, doc, key, value)


def remove_field(fmt: str, text: str, doc: Any, key: str) -> str:
    """The front matter text without ``key`` (only its own lines go)."""
    if fmt == "toml":
        del doc[key]
        return tomlkit.dumps(doc)
    from recap_editor.document import frontmatter_yaml

    return frontmatter_yaml.remove_field(text, doc, key)


def render_new(fmt: str, fields: dict[str, Any]) -> str:
    """Front matter text for a fresh post, in the given order."""
    if fmt == "toml":
        doc = tomlkit.document()
        for key, value in fields.items():
            doc[key] = _toml_item(None, value)
        return tomlkit.dumps(doc)
    from recap_editor.document import frontmatter_yaml

    return frontmatter_yaml.render_new(fields)


def _toml_item(existing: Any, value: Any) -> Any:
    if isinstance(value, str):
        literal = multiline = False
        if isinstance(existing, tomlkit.items.String):
            literal = existing.type in (tomlkit.items.StringType.SLL, tomlkit.items.StringType.MLL)
            multiline = existing.type in (tomlkit.items.StringType.MLB, tomlkit.items.StringType.MLL)
        multiline = multiline or "\n" in value
        if multiline and any(_is_delimiter_line(line) for line in value.splitlines()):
            # A bare "+++" line inside a multi-line string would close the front matter early:
            # the value goes on one line, its newlines escaped ("a\\n+++\\nb").
            multiline = False
        if literal and ("'" in value or (not multiline and "\n" in value)):
            literal = False  # a literal string cannot hold these: fall back to an escaped basic one
        return tomlkit.string(value, literal=literal, multiline=multiline)
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(value)
        if isinstance(existing, tomlkit.items.Array) and "\n" in existing.as_string():
            array.multiline(True)
        return array
    return tomlkit.item(value)


def _is_delimiter_line(line: str) -> bool:
    """Would this line, alone in a front matter block, be taken for its closing delimiter?"""
    return any(handler.FM_BOUNDARY.match(line) for handler in _HANDLERS.values())


def _toml_set(doc: Any, key: str, value: Any) -> str:
    existing = doc.get(key)
    doc[key] = _toml_item(existing, coerce_like(to_plain(existing), value))
    return tomlkit.dumps(doc)
