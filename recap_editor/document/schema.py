"""Field schema: which front matter fields a post has, of what type, and which are required.

The schema drives the form (one widget per type) and the checks. The default is the corekube seed's
(``date``, ``tags``, ``title``, ``slug``, ``authors``); a site profile infers its own from the site.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

FIELD_TYPES = ("string", "text", "date", "datetime", "list", "bool", "number")


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field '{self.name}': unknown type '{self.type}' "
                             f"(one of {', '.join(FIELD_TYPES)})")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    severity: str = "error"


def parse_datetime(text: str) -> dt.datetime:
    """ISO 8601 date-time as Hugo accepts it (``Z``, offsets, a space instead of ``T``)."""
    return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def is_date_like(value: Any) -> bool:
    """A date Hugo can read: a TOML/YAML date or date-time, or an ISO 8601 string of either."""
    if isinstance(value, dt.date):  # datetime is a date too
        return True
    if isinstance(value, str):
        for parse in (parse_datetime, parse_date):
            try:
                parse(value)
                return True
            except ValueError:
                pass
    return False


def as_datetime(value: Any) -> dt.datetime | None:
    """A front matter date (datetime, date or ISO 8601 string) as a datetime; None if it is none."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError:
            return None
    return None


_DATE_START = re.compile(r"^\d{4}-\d{2}-\d{2}")


def value_type(value: Any) -> str:
    """The field type a value looks like (for fields no schema declares). Strings that read as
    ISO dates count as dates: Hugo sites often quote their dates (the corekube seed does)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        if _DATE_START.match(value.strip()) and is_date_like(value):
            return "datetime" if "T" in value or " " in value.strip() else "date"
        return "text" if "\n" in value else "string"
    return "string"


@dataclass(frozen=True)
class Schema:
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def __iter__(self):
        return iter(self.fields)

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def type_of(self, name: str, value: Any = None) -> str:
        """The field's declared type, or one guessed from its value for unknown fields."""
        declared = self.get(name)
        if declared is not None:
            return declared.type
        return value_type(value)

    def parse_value(self, name: str, text: str, existing: Any = None) -> Any:
        """A value typed on the command line or in a form, parsed by the field's type.

        Lists are comma-separated, dates ISO 8601. A field that already holds a string keeps the
        writer's exact text once it is shown to parse (the seed's date is a string, not a datetime).
        Raises ValueError with a plain message.
        """
        kind = self.type_of(name, existing)
        if self.get(name) is None and existing is None:
            kind = _guess_type(text)  # a new, unknown field: true/false and numbers are meant as such
        text = text.strip() if kind not in ("text",) else text
        if kind == "list":
            return [part.strip() for part in text.split(",") if part.strip()]
        if kind == "bool":
            lowered = text.lower()
            if lowered in ("true", "yes", "on", "1"):
                return True
            if lowered in ("false", "no", "off", "0"):
                return False
            raise ValueError(f"'{name}' must be true or false, not '{text}'")
        if kind == "number":
            try:
                return int(text)
            except ValueError:
                try:
                    return float(text)
                except ValueError:
                    raise ValueError(f"'{name}' must be a number, not '{text}'") from None
        if kind in ("date", "datetime"):
            if not is_date_like(text):
                raise ValueError(f"'{name}' must be an ISO 8601 date"
                                 f"{'-time like 2016-05-12T16:00:00-08:00' if kind == 'datetime' else ' like 2016-05-12'}"
                                 f", not '{text}'")
            if isinstance(existing, str) or existing is None and kind == "datetime":
                return text  # keep the writer's spelling; Hugo reads strings as dates
            return parse_datetime(text) if kind == "datetime" else parse_date(text)
        field_ = self.get(name)
        if field_ and field_.choices and text not in field_.choices:
            raise ValueError(f"'{name}' must be one of {', '.join(field_.choices)}, not '{text}'")
        return text

    def validate(self, values: dict[str, Any]) -> list[FieldProblem]:
        """Every problem with the fields: required ones missing or empty, wrong types, bad dates."""
        problems: list[FieldProblem] = []
        for f in self.fields:
            value = values.get(f.name)
            if value is None or value == "" or value == []:
                if f.required:
                    problems.append(FieldProblem(f.name, f"required field '{f.name}' is "
                                                         f"{'missing' if value is None else 'empty'}"))
                continue
            problem = _type_problem(f, value)
            if problem:
                problems.append(FieldProblem(f.name, problem))
        return problems

    def with_fields(self, extra: Iterable[Field]) -> "Schema":
        known = {f.name: f for f in self.fields}
        for f in extra:
            known[f.name] = f
        return Schema(tuple(known.values()))


def _guess_type(text: str) -> str:
    stripped = text.strip()
    if stripped.lower() in ("true", "false"):
        return "bool"
    try:
        float(stripped)
        return "number"
    except ValueError:
        return "string"


def _type_problem(f: Field, value: Any) -> str | None:
    kind = f.type
    if kind in ("string", "text"):
        if not isinstance(value, str):
            return f"'{f.name}' should be text, not {type(value).__name__}"
        if f.choices and value not in f.choices:
            return f"'{f.name}' must be one of {', '.join(f.choices)}, not '{value}'"
    elif kind == "list":
        if not isinstance(value, list):
            return f"'{f.name}' should be a list like [\"a\", \"b\"], not {type(value).__name__}"
        if f.choices:
            unknown = [v for v in value if v not in f.choices]
            if unknown:
                return f"'{f.name}' has values outside {', '.join(f.choices)}: {', '.join(map(str, unknown))}"
    elif kind in ("date", "datetime"):
        if not is_date_like(value):
            return (f"'{f.name}' is not a date Hugo can read: '{value}' "
                    f"(use ISO 8601, like 2016-05-12T16:00:00-08:00)")
    elif kind == "bool":
        if not isinstance(value, bool):
            return f"'{f.name}' should be true or false"
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{f.name}' should be a number"
    return None


# The corekube seed's fields (CONTRIBUTING.md): all five are required there.
DEFAULT_SCHEMA = Schema((
    Field("title", "string", required=True, help="The post's title"),
    Field("date", "datetime", required=True, help="Event or publication date, ISO 8601"),
    Field("slug", "string", required=True, help="URL name: lowercase words joined by '-'"),
    Field("tags", "list", required=True, help="Topics, comma-separated"),
    Field("authors", "string", required=True, help="Who wrote the post"),
))
