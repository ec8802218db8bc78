"""``recap-editor.toml``: the writer's overrides of an inferred profile (keys: see :mod:`profile`).

Unknown keys and wrong types are errors naming the file and line, so a typo never silently does
nothing; patterns are tried on a sample slug and date so an unusable one fails at load time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from recap_editor.document.schema import FIELD_TYPES, Field, Schema
from recap_editor.site.profile import (
    OVERRIDES_FILE, Profile, ProfileError, UnsafeNameError, _safe_relative,
)

_OVERRIDE_TYPES: dict[str, type | tuple[type, ...]] = {
    "generator": str, "content_dir": str, "static_dir": str, "posts_section": str,
    "post_filename_pattern": str, "page_bundles": bool, "image_dir_pattern": str,
    "front_matter_format": str, "tags": list, "authors": list, "more_fold": bool, "unsafe": bool,
    "web_size": int, "image_budget_bytes": int, "keep_capture_time": bool, "stylesheet": str,
    "permalinks": dict, "fields": dict,
}


def apply_overrides(profile: Profile, path: Path) -> None:
    if not path.is_file():
        return
    import tomlkit

    try:
        data = tomlkit.parse(path.read_text(encoding="utf-8-sig")).unwrap()
    except Exception as exc:  # tomlkit's ParseError carries .line
        raise ProfileError(path, f"invalid TOML: {exc}", getattr(exc, "line", None)) from None

    def fail(key: str, message: str) -> None:
        raise ProfileError(path, f"{key}: {message}", _key_line(path, key))

    for key, value in data.items():
        expected = _OVERRIDE_TYPES.get(key)
        if expected is None:
            fail(key, f"unknown key (known: {', '.join(sorted(_OVERRIDE_TYPES))})")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            fail(key, f"must be a {getattr(expected, '__name__', expected)}, not {type(value).__name__}")
        profile.sources[key] = OVERRIDES_FILE
        if key in ("content_dir", "static_dir"):
            try:
                _safe_relative(value, key)
            except UnsafeNameError as exc:
                fail(key, str(exc))
            setattr(profile, key, profile.root / value)
        elif key == "stylesheet":
            profile.stylesheet = (profile.root / value).resolve()
        elif key == "generator" and value not in ("hugo", "pelican", "mkdocs"):
            fail(key, "must be hugo, pelican or mkdocs")
        elif key == "front_matter_format" and value not in ("toml", "yaml"):
            fail(key, "must be toml or yaml")
        elif key == "fields":
            profile.schema = _fields_override(profile.schema, value, fail)
        elif key in ("tags", "authors"):
            setattr(profile, key, [str(v) for v in value])
        elif key == "permalinks":
            profile.permalinks = {str(k): str(v) for k, v in value.items()}
        else:
            setattr(profile, key, value)
        if key == "unsafe":
            profile.unsafe_configured = True
            profile.notes = [n for n in profile.notes if "unsafe" not in n]
    try:  # patterns must produce a safe path for an ordinary slug and date
        profile.post_relpath("a-slug", dt.datetime(2016, 1, 2))
        profile.image_relpath("a-slug", "a.jpg")
    except (UnsafeNameError, ProfileError, KeyError, IndexError, ValueError) as exc:
        raise ProfileError(path, f"unusable pattern: {exc}") from None


def _fields_override(schema: Schema, tables: dict, fail) -> Schema:
    extra = []
    for name, spec in tables.items():
        if not isinstance(spec, dict):
            fail(f"fields.{name}", "must be a table with type/required/choices")
        kind = spec.get("type", (schema.get(name) or Field(name)).type)
        if kind not in FIELD_TYPES:
            fail(f"fields.{name}", f"type must be one of {', '.join(FIELD_TYPES)}")
        unknown = set(spec) - {"type", "required", "choices", "help"}
        if unknown:
            fail(f"fields.{name}", f"unknown keys {', '.join(sorted(unknown))}")
        extra.append(Field(name, kind, bool(spec.get("required", False)),
                           tuple(str(c) for c in spec.get("choices", ())), str(spec.get("help", ""))))
    return schema.with_fields(extra)


def _key_line(path: Path, key: str) -> int:
    head = key.split(".")[-1]
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.strip().startswith((head, f"[{key}", f"[fields.{head}")):
                return number
    except OSError:
        pass
    return 1
