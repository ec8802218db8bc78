"""What the site already holds, for the checks: every content page, its slug, URL and anchors.

Built once per state of the content folder and cached (keyed by the files' names, sizes and mtimes),
so a Checks panel that re-runs on every edit does not re-read hundreds of posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from recap_editor.document.post import DocumentError
from recap_editor.render import hugo_model
from recap_editor.site.post_reads import read_site_post
from recap_editor.site.references import heading_ids


@dataclass
class Page:
    path: Path
    rel: str            # relative to the content folder, "/" separated: "posts/2016_05_12-x.md"
    slug: str | None
    url: str | None     # the page's URL path when the permalinks say, e.g. "/2016/05/12/x/"
    body: str
    _anchors: set[str] | None = field(default=None, repr=False)
    options: object | None = field(default=None, repr=False)   # the site's render options

    @property
    def anchors(self) -> set[str]:
        if self._anchors is None:
            self._anchors = heading_ids(self.body, self.options)
        return self._anchors


@dataclass
class SiteIndex:
    content_dir: Path
    pages: list[Page]

    def by_rel(self, rel: str) -> Page | None:
        rel = rel.strip("/")
        for page in self.pages:
            if page.rel == rel or page.rel == f"{rel}.md" or page.rel == f"{rel}/index.md" \
                    or page.rel == f"{rel}/_index.md":
                return page
        return None

    def by_name(self, name: str) -> list[Page]:
        return [p for p in self.pages if Path(p.rel).name == name or Path(p.rel).stem == name]

    def with_slug(self, slug: str) -> list[Page]:
        return [p for p in self.pages if p.slug == slug]

    def by_url(self, url: str) -> Page | None:
        url = "/" + url.strip("/") + "/"
        return next((p for p in self.pages if p.url and "/" + p.url.strip("/") + "/" == url), None)


_CACHE: dict[Path, tuple[tuple, SiteIndex]] = {}


def _signature(files: list[Path]) -> tuple:
    sig = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        sig.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(sig)


def site_index(content_dir: Path, permalinks: dict[str, str], options=None) -> SiteIndex:
    """Every Markdown page under ``content_dir`` (cached until a file changes); ``options`` (the
    site's render options) decide the pages' heading ids."""
    files = sorted(content_dir.rglob("*.md")) if content_dir.is_dir() else []
    sig = (_signature(files), tuple(sorted(permalinks.items())))
    cached = _CACHE.get(content_dir)
    if cached and cached[0] == sig:
        for page in cached[1].pages:
            if page.options != options:
                page.options, page._anchors = options, None
        return cached[1]
    pages = []
    for path in files:
        try:
            post = read_site_post(path)   # read for the site, not opened: its folder left alone
        except DocumentError:
            continue
        rel = path.relative_to(content_dir).as_posix()
        slug = post.get("slug")
        slug = slug if isinstance(slug, str) and slug else None
        pages.append(Page(path, rel, slug, page_url(rel, post.fields, permalinks), post.body,
                          options=options))
    index = SiteIndex(content_dir, pages)
    _CACHE[content_dir] = (sig, index)
    return index



def page_url(rel: str, fields: dict, permalinks: dict[str, str]) -> str | None:
    """The URL path Hugo gives a page (one model for the preview, the checks and export)."""
    return hugo_model.page_url(rel, fields, permalinks)
