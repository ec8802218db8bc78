"""The open post's site: its profile, or the error that kept it from loading, as a value.

Building a profile reads the site's config and every post (hundreds of ms on a big site), so the
window calls `load_site` on a worker.  A broken `recap-editor.toml` or site config is not the same
as "no site": the error names the file and the line, and the window shows it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteState:
    """What `load_site` found for a path."""

    path: Path | None                 # the post or folder it was asked about
    root: Path | None = None          # the site's root (None: not inside a site)
    profile: Any = None               # site.profile.Profile, when it loaded
    error: str | None = None          # why it did not load: "FILE:LINE: error: message"
    error_message: str | None = None  # the same without the place
    error_file: Path | None = None
    error_line: int | None = None
    notes: list[str] = field(default_factory=list)
    # Every content page's URL by its content-relative path, read here (on the worker) so `ref`
    # in the preview never searches the disk on the GUI thread.
    content_urls: dict[str, str] | None = field(default=None, repr=False)

    @property
    def in_site(self) -> bool:
        return self.root is not None

    @property
    def broken(self) -> bool:
        return self.error is not None


NO_SITE = SiteState(path=None)


def load_site(path: Path | str | None) -> SiteState:
    """The site of `path` (a post or a folder); never raises for a bad site, it says why instead."""
    if path is None:
        return NO_SITE
    from recap_editor.site.config import SiteConfigError
    from recap_editor.site.profile import find_site_root, load_profile

    path = Path(path)
    root = find_site_root(path)
    if root is None:
        return SiteState(path=path)
    from recap_editor.site.post_reads import one_read_each

    try:
        with one_read_each():   # its conventions and its page index come from one read of each post
            profile = load_profile(root)
            urls = content_urls(profile)
    except SiteConfigError as exc:   # ProfileError too: file, line and message
        file = getattr(exc, "path", None)
        line = getattr(exc, "line", None)
        log.warning("site %s: %s", root, exc)
        return SiteState(path=path, root=Path(root), error=str(exc),
                         error_message=getattr(exc, "message", str(exc)),
                         error_file=Path(file) if file else None, error_line=line)
    return SiteState(path=path, root=profile.root, profile=profile, notes=list(profile.notes),
                     content_urls=urls)


def content_urls(profile) -> dict[str, str]:
    """Slow (reads every page; cached until a file changes): each content page's URL."""
    from recap_editor.site.index import site_index

    index = site_index(profile.content_dir, profile.permalinks)
    return {page.rel: page.url for page in index.pages if page.url is not None}
