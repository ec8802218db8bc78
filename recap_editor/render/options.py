"""What a render needs to know about the site: dialect, Hugo's markup settings, where files live.

`options_for_site` reads them from a site folder (Hugo ``config.*``/``hugo.*``, or a Pelican/MkDocs
marker), so the preview renders the way that site's generator would.
"""

from __future__ import annotations

import json
import re
import tomlkit
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

GOLDMARK = "goldmark"
PYTHON_MARKDOWN = "python-markdown"
DIALECTS = (GOLDMARK, PYTHON_MARKDOWN)

HUGO_CONFIG_NAMES = tuple(f"{stem}.{ext}" for stem in ("hugo", "config")
                          for ext in ("toml", "yaml", "yml", "json"))
PYTHON_MARKDOWN_MARKERS = ("pelicanconf.py", "mkdocs.yml", "mkdocs.yaml")


class SiteConfigError(ValueError):
    """A site config file that cannot be read; the message names the file."""


@dataclass
class RenderOptions:
    dialect: str = GOLDMARK            # or "python-markdown"
    unsafe: bool = True                # Hugo markup.goldmark.renderer.unsafe
    site_root: Path | None = None
    static_dir: Path | None = None     # "/images/x.jpg" resolves to static_dir/images/x.jpg in the preview
    content_dir: Path | None = None    # for ref/relref resolution
    post_path: Path | None = None      # relative URLs resolve to the post's folder
    permalinks: dict[str, str] = field(default_factory=dict)  # Hugo [permalinks]
    base_url: str = ""                 # Hugo baseURL: `ref` yields absolute permalinks under it
    stylesheet: Path | None = None     # the user's own CSS instead of ours
    typographer: bool = True           # goldmark extensions, as Hugo's defaults
    linkify: bool = True
    linkify_protocol: str = "https"    # Hugo markup.goldmark.extensions.linkifyProtocol
    footnote: bool = True
    definition_list: bool = True
    table: bool = True
    strikethrough: bool = True
    task_list: bool = True
    auto_heading_id: bool = True
    hard_wraps: bool = False
    # Preview-only rewriting (render_fragment never does it; the preview blocks do).
    resolve_urls: bool = True

    def __post_init__(self) -> None:
        if self.dialect not in DIALECTS:
            raise ValueError(f"unknown Markdown dialect {self.dialect!r}: use one of {DIALECTS}")

    def with_post(self, post_path: Path | None) -> "RenderOptions":
        return replace(self, post_path=Path(post_path) if post_path else None)


def find_site_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding a Hugo config or a Python-Markdown marker."""
    start = Path(start).resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        if any((folder / name).is_file() for name in HUGO_CONFIG_NAMES + PYTHON_MARKDOWN_MARKERS):
            return folder
    return None


def read_hugo_config(site_root: Path) -> tuple[Path | None, dict[str, Any]]:
    """The first Hugo config file of the site and its parsed content (empty when there is none)."""
    for name in HUGO_CONFIG_NAMES:
        path = Path(site_root) / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".toml":
                return path, tomlkit.parse(text).unwrap()
            if path.suffix == ".json":
                return path, json.loads(text)
            from ruamel.yaml import YAML  # only YAML sites pay for the import

            return path, dict(YAML(typ="safe").load(text) or {})
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # tomlkit/json/yaml errors
            raise SiteConfigError(f"{path}: error: cannot read site config: {exc}") from exc
        except Exception as exc:  # ruamel's YAMLError does not derive from ValueError
            raise SiteConfigError(f"{path}: error: cannot read site config: {exc}") from exc
    return None, {}


def _lower_keys(value: Any) -> Any:
    """Hugo's config keys are case-insensitive (``baseURL`` == ``baseurl``)."""
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    return value


def _posts_use_raw_html(content_dir: Path, limit: int = 50) -> bool:
    """Whether the site's own posts hold raw HTML blocks (a line starting with a tag)."""
    if not content_dir.is_dir():
        return False
    for i, path in enumerate(sorted(content_dir.rglob("*.md"))):
        if i >= limit:
            break
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _RAW_HTML_LINE.search(text):
            return True
    return False


_RAW_HTML_LINE = re.compile(r"^ {0,3}<(?:div|img|figure|table|iframe|p|br|center)\b",
                            re.MULTILINE | re.IGNORECASE)


def options_for_site(site_root: Path | None, post_path: Path | None = None,
                     stylesheet: Path | None = None, unsafe: bool | None = None) -> RenderOptions:
    """Render options matching the generator and markup settings of the site at ``site_root``.

    ``unsafe`` (raw HTML passes) is, in order: the argument; the config's
    ``markup.goldmark.renderer.unsafe``; else, for a config with no ``[markup]`` at all whose
    own posts contain raw HTML, True: such a site was built by a Hugo from before goldmark
    (Blackfriday passed raw HTML), and its published pages show that HTML; otherwise False,
    Hugo's default.
    """
    if site_root is None:
        return RenderOptions(post_path=post_path, stylesheet=stylesheet)
    site_root = Path(site_root)
    if any((site_root / name).is_file() for name in PYTHON_MARKDOWN_MARKERS) and not any(
            (site_root / name).is_file() for name in HUGO_CONFIG_NAMES):
        static = site_root / ("docs" if (site_root / "mkdocs.yml").is_file() else "content")
        return RenderOptions(dialect=PYTHON_MARKDOWN, site_root=site_root, static_dir=static,
                             content_dir=static, post_path=post_path, stylesheet=stylesheet)
    _, raw = read_hugo_config(site_root)
    config = _lower_keys(raw)
    markup = config.get("markup", {})
    goldmark = markup.get("goldmark", {})
    extensions = goldmark.get("extensions", {})
    renderer = goldmark.get("renderer", {})
    parser = goldmark.get("parser", {})
    permalinks = {str(k): str(v) for k, v in (raw.get("permalinks") or {}).items()
                  if isinstance(v, str)}
    content_dir = site_root / str(config.get("contentdir", "content"))
    if unsafe is None and "unsafe" in renderer:
        unsafe = bool(renderer["unsafe"])
    if unsafe is None:
        unsafe = not markup and _posts_use_raw_html(content_dir)
    static = config.get("staticdir", "static")
    static = static[0] if isinstance(static, list) and static else static
    return RenderOptions(
        dialect=GOLDMARK,
        unsafe=unsafe,
        hard_wraps=bool(renderer.get("hardwraps", False)),
        site_root=site_root,
        static_dir=site_root / str(static),
        content_dir=content_dir,
        post_path=post_path,
        permalinks=permalinks,
        base_url=str(config.get("baseurl", "")),
        stylesheet=stylesheet,
        typographer=bool(extensions.get("typographer", True)),
        linkify=bool(extensions.get("linkify", True)),
        linkify_protocol=str(extensions.get("linkifyprotocol", "https")),
        footnote=bool(extensions.get("footnote", True)),
        definition_list=bool(extensions.get("definitionlist", True)),
        table=bool(extensions.get("table", True)),
        strikethrough=bool(extensions.get("strikethrough", True)),
        task_list=bool(extensions.get("tasklist", True)),
        auto_heading_id=bool(parser.get("autoheadingid", True)),
    )
