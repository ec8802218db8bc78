"""Link checks: Hugo ``ref``/``relref`` targets, in-page anchors and links into the site.

A ``ref`` to a page that does not exist fails the Hugo build (REF_NOT_FOUND is an error), so it is an
error here. Hugo does not check anchors or plain links; a broken one is a warning. Anchors are
compared with the ids Hugo's goldmark gives headings (``autoHeadingIDType = "github"``).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from recap_editor.site.index import SiteIndex, site_index
from recap_editor.site.references import find_references, heading_ids

ERROR, WARNING = "error", "warning"

# First URL segments Hugo makes pages for without a content file (taxonomies, feeds).
_GENERATED = {"tags", "categories", "authors", "collections", "series", "index.xml", "sitemap.xml",
              "page", "rss.xml", "feed.xml"}


def _anchor_fix(anchor: str, anchors: set[str]) -> str | None:
    close = difflib.get_close_matches(anchor, sorted(anchors), n=1, cutoff=0.6)
    return f"use #{close[0]}" if close else None


def check_links(report, profile) -> None:
    post = report.post
    options = profile.render_options(post.path)
    own_anchors = heading_ids(post.body, options)
    index = site_index(profile.content_dir, profile.permalinks, options)
    for ref in find_references(post.body):
        line = report.body_line(ref.line)
        if ref.kind in ("ref", "relref"):
            _check_ref(report, profile, index, ref.kind, ref.url, own_anchors, line)
        elif ref.kind == "link" and not ref.is_remote:
            _check_link(report, profile, index, ref.url, own_anchors, line)


def _resolve_ref(index: SiteIndex, target: str, post_path: Path | None, profile):
    """The page a ``ref`` names: a path from the content folder, from the post, or a unique name."""
    target = target.strip()
    page = index.by_rel(target)
    if page is None and post_path is not None:
        try:
            rel = (post_path.parent / target).resolve().relative_to(profile.content_dir.resolve())
            page = index.by_rel(rel.as_posix())
        except ValueError:
            page = None
    if page is None:
        matches = index.by_name(Path(target).name)
        page = matches[0] if len(matches) == 1 else None
    return page


def _check_ref(report, profile, index, kind, target, own_anchors, line) -> None:
    path_part, _, anchor = target.partition("#")
    if not path_part:
        if anchor and anchor not in own_anchors:
            report.add(WARNING, line, f"{kind} to #{anchor}: no heading of this post has that id "
                       "(Hugo does not check it; the link goes nowhere)", _anchor_fix(anchor, own_anchors))
        return
    page = _resolve_ref(index, path_part, report.post.path.resolve() if report.post.path else None, profile)
    if page is None:
        report.add(ERROR, line, f"{kind} target '{path_part}' is not a page of the site: Hugo "
                   "stops the build with REF_NOT_FOUND",
                   "use the path from content/, like \"posts/2016_05_12-my-post.md\"")
        return
    if anchor and anchor not in page.anchors:
        report.add(WARNING, line, f"{kind} to {path_part}#{anchor}: that page has no heading with "
                   "this id", _anchor_fix(anchor, page.anchors))


def _check_link(report, profile, index: SiteIndex, url: str, own_anchors, line) -> None:
    if url.startswith(("mailto:", "tel:")) or "{{" in url:
        return
    parts = urlsplit(url)
    path = unquote(parts.path)
    anchor = parts.fragment
    if not path:
        if anchor and anchor not in own_anchors:
            report.add(WARNING, line, f"link to #{anchor}: no heading of this post has that id",
                       _anchor_fix(anchor, own_anchors))
        return
    if path.startswith("/"):
        if (profile.static_dir / path.lstrip("/")).exists():
            return
        page = index.by_url(path)
        if page is not None:
            if anchor and anchor not in page.anchors:
                report.add(WARNING, line, f"link to {url}: that page has no heading with id #{anchor}",
                           _anchor_fix(anchor, page.anchors))
            return
        first = path.strip("/").split("/")[0]
        if not first or first in _GENERATED or (profile.content_dir / first).exists():
            return
        report.add(WARNING, line, f"link to {url}: no page or static file of the site has that path",
                   "link with {{< ref \"posts/FILE.md\" >}} so Hugo checks it")
        return
    if Path(path).suffix and report.post.path is not None:
        target = report.post.path.parent / path
        if not target.exists():
            looks_like_site = "." in path.split("/")[0] and not path.startswith(".")
            report.add(WARNING, line, f"link to {url}: no such file beside the post",
                       f"write https://{path} for a website" if looks_like_site else None)
