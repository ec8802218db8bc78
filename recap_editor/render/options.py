"""What a render needs to know about the site: dialect, Hugo's markup settings, where files live.

Render never reads the site: the site floor finds it and parses its config (``site.config``), and
`options_from_hugo_config` maps that already-parsed config to options, so the preview renders the
way that site's generator would (``site.profile.Profile.render_options`` does both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from recap_editor.render.highlight import HighlightConfig, config_from_hugo

GOLDMARK = "goldmark"
PYTHON_MARKDOWN = "python-markdown"
DIALECTS = (GOLDMARK, PYTHON_MARKDOWN)


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
    # Every content page's URL by its content-relative path ("posts/x.md"), read with the site on a
    # worker: `ref` looks pages up here, not on disk (the preview renders small posts on the GUI
    # thread). None: look on disk (the CLI, a post outside any site).
    content_urls: Mapping[str, str] | None = None
    stylesheet: Path | None = None     # the user's own CSS instead of ours
    site_title: str = ""               # Hugo title, for the preview's navbar
    site_params: dict = field(default_factory=dict)  # Hugo [params], for the param shortcode
    typographer: bool = True           # goldmark extensions, as Hugo's defaults
    # markup.goldmark.extensions.typographer values the site changes: (key, HTML) pairs
    typographer_substitutions: tuple[tuple[str, str], ...] = ()
    footnote_backlink_html: str = "&#x21a9;&#xfe0e;"   # extensions.footnote.backlinkHTML
    linkify: bool = True
    linkify_protocol: str = "https"    # Hugo markup.goldmark.extensions.linkifyProtocol
    footnote: bool = True
    definition_list: bool = True
    table: bool = True
    strikethrough: bool = True
    task_list: bool = True
    auto_heading_id: bool = True
    auto_id_type: str = "github"       # markup.goldmark.parser.autoIDType (autoHeadingIDType before 0.144)
    hard_wraps: bool = False
    enable_emoji: bool = False         # Hugo enableEmoji
    highlight: HighlightConfig = field(default_factory=HighlightConfig)  # markup.highlight
    # Preview-only rewriting (render_fragment never does it; the preview blocks do).
    resolve_urls: bool = True

    def __post_init__(self) -> None:
        if self.dialect not in DIALECTS:
            raise ValueError(f"unknown Markdown dialect {self.dialect!r}: use one of {DIALECTS}")

    def with_post(self, post_path: Path | None) -> "RenderOptions":
        return replace(self, post_path=Path(post_path) if post_path else None)


def _table(config: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = config.get(key)
    return value if isinstance(value, Mapping) else {}


# Hugo's legacy top-level settings, used where [markup.highlight] leaves the value at its default.
_LEGACY_HIGHLIGHT = (("pygmentsstyle", "style", lambda v: v),
                     ("pygmentsuseclasses", "noclasses", lambda v: not v),
                     ("pygmentscodefences", "codefences", lambda v: v),
                     ("pygmentscodefencesguesssyntax", "guesssyntax", lambda v: v))


def _enabled(value: Any, key: str) -> bool:
    """An extension setting that is a bool in older Hugo and a table today
    (``typographer.disable``, ``footnote.enable``)."""
    if isinstance(value, Mapping):
        flag = value.get(key, key == "enable")
        return not flag if key == "disable" else bool(flag)
    return bool(value)


_TYPOGRAPHER_DEFAULTS = {
    "leftsinglequote": "&lsquo;", "rightsinglequote": "&rsquo;", "leftdoublequote": "&ldquo;",
    "rightdoublequote": "&rdquo;", "endash": "&ndash;", "emdash": "&mdash;",
    "ellipsis": "&hellip;", "leftanglequote": "&laquo;", "rightanglequote": "&raquo;",
    "apostrophe": "&rsquo;"}


def _substitutions(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        return ()
    return tuple(sorted((str(k).lower(), str(v)) for k, v in value.items()
                        if str(k).lower() in _TYPOGRAPHER_DEFAULTS
                        and str(v) != _TYPOGRAPHER_DEFAULTS[str(k).lower()]))


def _highlight_table(config: Mapping[str, Any], table: Mapping[str, Any]) -> dict[str, Any]:
    merged = {str(k).lower(): v for k, v in table.items()}
    for legacy, key, convert in _LEGACY_HIGHLIGHT:
        if key not in merged and legacy in config:
            merged[key] = convert(config[legacy])
    return merged


def options_from_hugo_config(config: Mapping[str, Any], *, site_root: Path | None,
                             static_dir: Path | None, content_dir: Path | None,
                             post_path: Path | None = None, stylesheet: Path | None = None,
                             unsafe: bool, dialect: str = GOLDMARK,
                             permalinks: Mapping[str, str] | None = None) -> RenderOptions:
    """Render options from a parsed Hugo config whose keys are lower-cased (as ``site.config``
    reads it): ``markup.goldmark`` extensions/renderer/parser, ``permalinks``, ``baseurl``, ``title``.

    Pure: the caller has found the folders and decided ``unsafe`` (the config's
    ``markup.goldmark.renderer.unsafe``, or what the site's posts rely on); ``permalinks`` replaces
    the config's when given. Settings the config leaves out keep Hugo's defaults.
    """
    markup = _table(config, "markup")
    goldmark = _table(markup, "goldmark")
    extensions = _table(goldmark, "extensions")
    renderer = _table(goldmark, "renderer")
    parser = _table(goldmark, "parser")
    if permalinks is None:
        permalinks = {str(k): v for k, v in _table(config, "permalinks").items() if isinstance(v, str)}
    return RenderOptions(
        dialect=dialect,
        unsafe=unsafe,
        hard_wraps=bool(renderer.get("hardwraps", False)),
        site_root=Path(site_root) if site_root is not None else None,
        static_dir=Path(static_dir) if static_dir is not None else None,
        content_dir=Path(content_dir) if content_dir is not None else None,
        post_path=Path(post_path) if post_path is not None else None,
        permalinks=dict(permalinks),
        base_url=str(config.get("baseurl", "")),
        site_title=str(config.get("title") or ""),
        site_params=dict(_table(config, "params")),
        stylesheet=stylesheet,
        typographer=_enabled(extensions.get("typographer", True), "disable"),
        typographer_substitutions=_substitutions(extensions.get("typographer")),
        footnote_backlink_html=str(_table(extensions, "footnote").get(
            "backlinkhtml", "&#x21a9;&#xfe0e;")),
        linkify=bool(extensions.get("linkify", True)),
        linkify_protocol=str(extensions.get("linkifyprotocol", "https")),
        footnote=_enabled(extensions.get("footnote", True), "enable"),
        definition_list=bool(extensions.get("definitionlist", True)),
        table=bool(extensions.get("table", True)),
        strikethrough=bool(extensions.get("strikethrough", True)),
        task_list=bool(extensions.get("tasklist", True)),
        auto_heading_id=bool(parser.get("autoheadingid", True)),
        enable_emoji=bool(config.get("enableemoji", False)),
        highlight=config_from_hugo(_highlight_table(config, _table(markup, "highlight"))),
        auto_id_type=str(parser.get("autoidtype") or parser.get("autoheadingidtype") or "github"),
    )
