"""The site profile: where posts and images go, how they are named, the fields, the rules.

Everything is inferred from the site itself (its config, its existing posts, its CONTRIBUTING.md),
so a writer needs no configuration. A ``recap-editor.toml`` at the site root overrides any part.
``profile.sources`` says where each value came from ("config.toml", "7 of 9 posts", ...).

recap-editor.toml keys (all optional; paths are relative to the site root)::

    generator = "hugo"                 # "hugo" | "pelican" | "mkdocs"; the Markdown dialect follows it
    content_dir = "content"            # Hugo's contentDir
    static_dir = "static"              # Hugo's staticDir: "/images/x.jpg" is static/images/x.jpg
    posts_section = "posts"            # the content sub-folder new posts go into
    post_filename_pattern = "{date:%Y_%m_%d}-{slug}.md"
                                       # {slug} and {date:<strftime>}; page bundles end in "/index.md"
    page_bundles = false               # posts are <name>/index.md folders holding their images
    image_dir_pattern = "images/{slug}"  # the post's image folder under static_dir ({slug} only);
                                       #   its URL is "/" + that folder ("/images/<slug>/")
    front_matter_format = "toml"       # "toml" (+++) or "yaml" (---) for new posts
    tags = ["KubeCon", "Meetup"]       # tag vocabulary offered for completion
    authors = ["Mike Metral"]          # author vocabulary offered for completion
    more_fold = true                   # posts must have a <!--more--> summary fold
    unsafe = true                      # raw HTML is published (Hugo markup.goldmark.renderer.unsafe)
    web_size = 1600                    # longest side in pixels of imported photos; larger is flagged
    image_budget_bytes = 500000        # largest image file a post may carry
    keep_capture_time = false          # keep the photo's capture date/time when scrubbing metadata
    stylesheet = "assets/css/site.css" # the preview uses this CSS instead of the built-in one

    [permalinks]                       # section -> Hugo permalink pattern
    posts = "/:year/:month/:day/:slug/"

    [fields.title]                     # one table per front matter field (replaces the inferred one)
    type = "string"                    # string | text | date | datetime | list | bool | number
    required = true
    choices = []                       # allowed values (lists: each item)
    help = "The post's title"
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from recap_editor.document.schema import DEFAULT_SCHEMA, Schema, as_datetime
from recap_editor.site import infer
from recap_editor.site.config import SiteConfig, SiteConfigError, find_site_root, read_site_config

__all__ = ["Profile", "ProfileError", "UnsafeNameError", "find_site_root", "load_profile",
           "profile_for", "OVERRIDES_FILE", "safe_name"]

OVERRIDES_FILE = "recap-editor.toml"


class ProfileError(SiteConfigError):
    """A site config or ``recap-editor.toml`` that cannot be used (names the file and line)."""


class UnsafeNameError(ValueError):
    """A slug or file name that could make a path leave its folder (``..``, ``/``, absolute)."""


def safe_name(name: str, what: str = "file name") -> str:
    """``name`` unchanged when it is one plain path component; raises :class:`UnsafeNameError`."""
    if not isinstance(name, str) or not name or name in (".", "..") or "/" in name or "\\" in name \
            or "\x00" in name or name.startswith(".") or ":" in name[:2] or name != name.strip():
        raise UnsafeNameError(f"unsafe {what} {name!r}: it must be a plain name without "
                              f"'/', '\\', '..' or a leading '.'")
    return name


def _safe_relative(text: str, what: str) -> PurePosixPath:
    rel = PurePosixPath(text.replace("\\", "/"))
    if rel.is_absolute() or any(part in ("..", "") for part in rel.parts) or ":" in text[:2]:
        raise UnsafeNameError(f"unsafe {what} {text!r}: it must stay inside its folder")
    return rel


@dataclass
class Profile:
    root: Path
    generator: str = "hugo"
    content_dir: Path = Path("content")
    static_dir: Path = Path("static")
    posts_section: str = "posts"
    post_filename_pattern: str = "{slug}.md"
    page_bundles: bool = False
    image_dir_pattern: str = "images/{slug}"
    front_matter_format: str = "toml"
    schema: Schema = DEFAULT_SCHEMA
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    more_fold: bool = False
    unsafe: bool = False
    permalinks: dict[str, str] = field(default_factory=dict)
    web_size: int = 1600
    image_budget_bytes: int = 500_000
    keep_capture_time: bool = False
    stylesheet: Path | None = None
    config_files: list[Path] = field(default_factory=list)
    # The parsed site config (keys lower-cased), kept so rendering needs no second read.
    config: dict[str, Any] = field(default_factory=dict, repr=False)
    unsafe_configured: bool = False   # False: `unsafe` was inferred, the config does not say it
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------------------ places

    @property
    def section_dir(self) -> Path:
        return self.content_dir / self.posts_section if self.posts_section else self.content_dir

    def post_relpath(self, slug: str, date: Any = None) -> PurePosixPath:
        """The post's path relative to the site root, e.g. ``content/posts/2016_05_12-x.md``."""
        safe_name(slug, "slug")
        when = _as_datetime(date)
        try:
            name = self.post_filename_pattern.format(slug=slug, date=when)
        except (KeyError, IndexError, ValueError) as exc:
            raise ProfileError(self.root / OVERRIDES_FILE,
                               f"post_filename_pattern {self.post_filename_pattern!r} is not usable "
                               f"({exc}); use {{slug}} and {{date:%Y-%m-%d}}") from None
        rel = _safe_relative(name, "post file name")
        base = self._inside_root(self.content_dir, "content_dir")
        if self.posts_section:
            base = base / _safe_relative(self.posts_section, "posts_section")
        return base / rel

    def _inside_root(self, folder: Path, what: str) -> PurePosixPath:
        try:
            return PurePosixPath(folder.relative_to(self.root).as_posix())
        except ValueError:
            raise ProfileError(self.root / OVERRIDES_FILE,
                               f"{what} {folder} is outside the site {self.root}") from None

    def post_path(self, slug: str, date: Any = None) -> Path:
        """Where the post with this slug and date belongs in the site."""
        return self.root / self.post_relpath(slug, date)

    def image_relpath(self, slug: str, filename: str | None = None, date: Any = None) -> PurePosixPath:
        safe_name(slug, "slug")
        if self.page_bundles:
            folder = self.post_relpath(slug, date).parent
        else:
            sub = _safe_relative(self.image_dir_pattern.format(slug=slug), "image folder") \
                if self.image_dir_pattern else PurePosixPath()
            folder = self._inside_root(self.static_dir, "static_dir") / sub
        return folder / safe_name(filename, "image file name") if filename else folder

    def image_dir(self, slug: str, date: Any = None) -> Path:
        """The folder the post's images go into (``static/images/<slug>``, or the bundle)."""
        return self.root / self.image_relpath(slug, None, date)

    def image_url(self, slug: str, filename: str) -> str:
        """The URL the post uses for one of its images (``/images/<slug>/<filename>``)."""
        safe_name(slug, "slug")
        safe_name(filename, "image file name")
        if self.page_bundles:
            return quote(filename)
        folder = self.image_dir_pattern.format(slug=slug).strip("/")
        return "/" + "/".join(quote(part) for part in [*folder.split("/"), filename] if part)

    def render_options(self, post_path: Path | None = None):
        """The renderer's settings for a post of this site: Hugo's markup settings from the
        config, with the profile's dialect, raw-HTML choice, folders, permalinks and stylesheet."""
        from recap_editor.render.options import (  # floor 2; imported when used
            GOLDMARK, PYTHON_MARKDOWN, options_from_hugo_config,
        )

        return options_from_hugo_config(
            self.config, site_root=self.root, static_dir=self.static_dir,
            content_dir=self.content_dir, post_path=Path(post_path) if post_path else None,
            stylesheet=self.stylesheet, unsafe=self.unsafe, permalinks=self.permalinks,
            dialect=GOLDMARK if self.generator == "hugo" else PYTHON_MARKDOWN)

    def describe(self) -> list[tuple[str, str, str]]:
        """(key, value, where it came from) rows for the UI and ``recap-editor site``."""
        def show(path: Path | None) -> str:
            if path is None:
                return "-"
            try:
                return path.relative_to(self.root).as_posix() or "."
            except ValueError:
                return str(path)
        rows = [
            ("root", str(self.root), ""), ("generator", self.generator, ""),
            ("content_dir", show(self.content_dir), ""), ("static_dir", show(self.static_dir), ""),
            ("posts_section", self.posts_section, ""),
            ("post_filename_pattern", self.post_filename_pattern, ""),
            ("page_bundles", str(self.page_bundles).lower(), ""),
            ("image_dir_pattern", self.image_dir_pattern, ""),
            ("front_matter_format", self.front_matter_format, ""),
            ("fields", ", ".join(f"{f.name}:{f.type}{'*' if f.required else ''}" for f in self.schema), ""),
            ("tags", ", ".join(self.tags), ""), ("authors", ", ".join(self.authors), ""),
            ("more_fold", str(self.more_fold).lower(), ""), ("unsafe", str(self.unsafe).lower(), ""),
            ("permalinks", ", ".join(f"{k} = {v}" for k, v in self.permalinks.items()), ""),
            ("web_size", str(self.web_size), ""), ("image_budget_bytes", str(self.image_budget_bytes), ""),
            ("keep_capture_time", str(self.keep_capture_time).lower(), ""),
            ("stylesheet", show(self.stylesheet), ""),
        ]
        return [(k, v, self.sources.get(k, "")) for k, v, _ in rows]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in ("generator", "posts_section", "post_filename_pattern", "page_bundles",
                    "image_dir_pattern", "front_matter_format", "tags", "authors", "more_fold",
                    "unsafe", "permalinks", "web_size", "image_budget_bytes", "keep_capture_time"):
            data[key] = getattr(self, key)
        data["root"] = str(self.root)
        data["content_dir"] = str(self.content_dir)
        data["static_dir"] = str(self.static_dir)
        data["stylesheet"] = str(self.stylesheet) if self.stylesheet else None
        data["fields"] = [{"name": f.name, "type": f.type, "required": f.required,
                           "choices": list(f.choices)} for f in self.schema]
        data["sources"] = dict(self.sources)
        data["notes"] = list(self.notes)
        return data


def _as_datetime(value: Any) -> dt.datetime:
    """The post's date for file and folder names: now for a post without one."""
    if value is None:
        return dt.datetime.now()
    when = as_datetime(value)
    if when is None:
        raise ValueError(f"date {value!r} is not ISO 8601 (like 2016-05-12T16:00:00-08:00)")
    return when


def _first_dir(config: SiteConfig, key: str, default: str) -> str:
    value = config.get(key, default)
    if isinstance(value, list):  # staticDir may list several folders; the first is the main one
        value = value[0] if value else default
    return str(value)


def load_profile(root: Path | str) -> Profile:
    """Infer the profile of the site at ``root`` and apply its ``recap-editor.toml``."""
    root = Path(root).expanduser().resolve()
    try:
        config = read_site_config(root)
    except SiteConfigError as exc:
        raise ProfileError(exc.path, exc.message, exc.line) from None
    generator = config.generator
    defaults = {"hugo": ("content", "static"), "pelican": ("content", "content"),
                "mkdocs": ("docs", "docs")}[generator]
    profile = Profile(root=root, generator=generator, config_files=list(config.files),
                      config=config.values)
    src = profile.sources
    conf_name = config.files[0].name if config.files else "defaults"
    src["generator"] = conf_name
    profile.content_dir = root / _first_dir(config, "contentdir", defaults[0])
    profile.static_dir = root / _first_dir(config, "staticdir", defaults[1])
    src["content_dir"] = conf_name if config.has("contentdir") else "default"
    src["static_dir"] = conf_name if config.has("staticdir") else "default"
    permalinks = config.get("permalinks", {})
    if isinstance(permalinks, dict):
        profile.permalinks = {k: str(v) for k, v in permalinks.items() if isinstance(v, str)}
        src["permalinks"] = conf_name if permalinks else "none"

    contributing = infer.read_contributing(root)
    section = infer.infer_section(profile.content_dir, contributing.section)
    profile.posts_section, src["posts_section"] = section.value, section.evidence
    skipped: list[str] = []
    posts = infer.read_posts(profile.section_dir, skipped)
    profile.notes.extend(f"Skipped while learning the site's conventions: {why}" for why in skipped)
    bundles = infer.infer_page_bundles(posts)
    profile.page_bundles, src["page_bundles"] = bundles.value, bundles.evidence
    pattern = infer.infer_filename_pattern(posts, contributing, profile.page_bundles)
    profile.post_filename_pattern, src["post_filename_pattern"] = pattern.value, pattern.evidence
    images = infer.infer_image_dir_pattern(posts, profile.static_dir, profile.page_bundles)
    profile.image_dir_pattern, src["image_dir_pattern"] = images.value, images.evidence
    fmt = infer.infer_front_matter_format(posts)
    profile.front_matter_format, src["front_matter_format"] = fmt.value, fmt.evidence
    schema = infer.infer_schema(posts, DEFAULT_SCHEMA, contributing.fields)
    profile.schema, src["fields"] = schema.value, schema.evidence
    profile.tags = infer.infer_vocabulary(posts, "tags")
    profile.authors = infer.infer_vocabulary(posts, "authors")
    src["tags"] = src["authors"] = f"{len(posts)} posts"
    fold = infer.infer_more_fold(posts, contributing)
    profile.more_fold, src["more_fold"] = fold.value, fold.evidence
    _infer_unsafe(profile, config, posts, conf_name)
    for key in ("web_size", "image_budget_bytes", "keep_capture_time", "stylesheet"):
        src[key] = "default"
    from recap_editor.site.budget import apply_inferred_budget  # the site's images set the budget

    apply_inferred_budget(profile)
    from recap_editor.site.overrides import apply_overrides  # it builds on this module

    apply_overrides(profile, root / OVERRIDES_FILE)
    return profile


def _infer_unsafe(profile: Profile, config: SiteConfig, posts: list, conf_name: str) -> None:
    if profile.generator != "hugo":
        profile.unsafe, profile.unsafe_configured = True, True  # Python-Markdown passes HTML through
        profile.sources["unsafe"] = f"{profile.generator} passes raw HTML through"
        return
    if config.has("markup.goldmark.renderer.unsafe"):
        profile.unsafe = bool(config.get("markup.goldmark.renderer.unsafe"))
        profile.unsafe_configured = True
        profile.sources["unsafe"] = f"{conf_name} markup.goldmark.renderer.unsafe"
        return
    using = infer.infer_raw_html(posts)
    # Hugo before 0.60 (Blackfriday) published raw HTML; a site whose posts are full of it was
    # written for that, so the preview shows it, and the checks warn that today's Hugo omits it.
    profile.unsafe = bool(posts) and using * 2 > len(posts)
    profile.sources["unsafe"] = (f"{using} of {len(posts)} posts use raw HTML; "
                                 f"{conf_name} does not set markup.goldmark.renderer.unsafe")
    if profile.unsafe:
        profile.notes.append(
            f"{conf_name} does not set markup.goldmark.renderer.unsafe, so Hugo 0.60+ replaces raw "
            f"HTML (galleries, <img>) with '<!-- raw HTML omitted -->'; the posts rely on it. Add to "
            f"{conf_name}: [markup.goldmark.renderer] unsafe = true")


def profile_for(path: Path | str) -> Profile | None:
    """The profile of the site holding ``path`` (a post or a folder), or None outside any site."""
    root = find_site_root(path)
    return load_profile(root) if root is not None else None
