"""Find a static site's root and read its generator configuration.

Hugo's config is read with real parsers (tomlkit, ruamel.yaml, json) from ``hugo.*``/``config.*`` or
the ``config/_default/`` folder (where ``params.toml`` holds the ``params`` table and so on). Hugo's
keys are case-insensitive (``contentDir`` == ``contentdir``), so every key is lower-cased on reading.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HUGO_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_GENERIC_NAMES = ("config.toml", "config.yaml", "config.yml", "config.json")
# A file named config.* is only a Hugo site when it sits beside folders a Hugo site has; otherwise
# any ~/config.toml above a draft would be mistaken for a site.
_HUGO_FOLDERS = ("content", "static", "layouts", "themes", "archetypes", "assets")


class SiteConfigError(Exception):
    """A site config that cannot be read; ``str()`` names the file and the problem."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        super().__init__(f"{path}:{line or 1}: error: {message}")
        self.path, self.message, self.line = path, message, line or 1


@dataclass
class SiteConfig:
    root: Path
    generator: str                      # "hugo" | "pelican" | "mkdocs"
    files: list[Path] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)   # keys lower-cased, nested dicts

    def get(self, dotted: str, default: Any = None) -> Any:
        """``get("markup.goldmark.renderer.unsafe")`` with any key case."""
        node: Any = self.values
        for part in dotted.lower().split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def has(self, dotted: str) -> bool:
        marker = object()
        return self.get(dotted, marker) is not marker


def _site_marker(folder: Path) -> str | None:
    if any((folder / name).is_file() for name in _HUGO_NAMES):
        return "hugo"
    if (folder / "config" / "_default").is_dir():
        return "hugo"
    if any((folder / name).is_file() for name in _GENERIC_NAMES) and any(
        (folder / sub).is_dir() for sub in _HUGO_FOLDERS
    ):
        return "hugo"
    if (folder / "pelicanconf.py").is_file():
        return "pelican"
    if (folder / "mkdocs.yml").is_file():
        return "mkdocs"
    return None


def find_site_root(path: Path | str) -> Path | None:
    """The nearest folder at or above ``path`` holding a site config (``hugo.toml``, ``config.toml``,
    ``config.yaml``, ``config/_default/``, ``pelicanconf.py``, ``mkdocs.yml``), or None."""
    start = Path(path).expanduser().resolve()
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if _site_marker(folder):
            return folder
    return None


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _parse_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(path, f"cannot read the site config: {exc}") from exc
    try:
        if path.suffix == ".toml":
            import tomlkit

            data = tomlkit.parse(text).unwrap()
        elif path.suffix in (".yaml", ".yml"):
            from ruamel.yaml import YAML

            data = YAML(typ="safe", pure=True).load(text) or {}
        else:
            data = json.loads(text or "{}")
    except Exception as exc:  # each parser has its own error classes; all mean "bad config"
        line = getattr(exc, "line", None) or getattr(exc, "lineno", None)
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line = mark.line + 1
        raise SiteConfigError(path, f"invalid site config: {exc}", line) from exc
    if not isinstance(data, dict):
        raise SiteConfigError(path, "the site config is not a table of settings")
    return _lower_keys(data)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def read_site_config(root: Path | str) -> SiteConfig:
    """Read the config of the site at ``root`` (raises :class:`SiteConfigError` for a broken one)."""
    root = Path(root).resolve()
    generator = _site_marker(root) or "hugo"
    config = SiteConfig(root=root, generator=generator)
    if generator != "hugo":
        if generator == "mkdocs":
            config.files = [root / "mkdocs.yml"]
            try:
                config.values = _parse_file(root / "mkdocs.yml")
            except SiteConfigError:
                config.values = {}  # mkdocs.yml may use !!python tags a safe loader refuses
        else:
            config.files = [root / "pelicanconf.py"]
        return config
    for name in _HUGO_NAMES + _GENERIC_NAMES:
        if (root / name).is_file():
            config.files.append(root / name)
            config.values = _parse_file(root / name)
            break
    default_dir = root / "config" / "_default"
    if default_dir.is_dir():
        for path in sorted(default_dir.iterdir()):
            if path.suffix not in (".toml", ".yaml", ".yml", ".json") or not path.is_file():
                continue
            data = _parse_file(path)
            config.files.append(path)
            if path.stem.lower() in ("hugo", "config"):
                _merge(config.values, data)
            else:  # params.toml holds the [params] table, menus.toml the [menus] table, ...
                _merge(config.values, {path.stem.lower(): data})
    return config
