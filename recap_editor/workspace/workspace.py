"""The open post's context, without Qt: its site, the epoch clock, and the use cases on it.

The window holds one `Workspace`.  Slow steps (loading the site, checking, rendering a page) are
plain functions run on a worker; what they hand back is `Stamped` with the epoch they started for,
and `accept()` says whether it still describes what is on screen.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, TypeVar

from recap_editor.document.new_post import new_post_text
from recap_editor.document.post import Post
from recap_editor.document.schema import DEFAULT_SCHEMA, Schema
from recap_editor.render.options import RenderOptions
from recap_editor.workspace import naming
from recap_editor.workspace.epochs import Epoch, EpochClock, Stamped
from recap_editor.workspace.site import NO_SITE, SiteState, load_site

log = logging.getLogger(__name__)
T = TypeVar("T")


def stamped(epoch: Epoch, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Stamped[T]:
    """Run ``fn`` (on a worker) and stamp its result or its error with ``epoch``."""
    try:
        return Stamped(epoch, value=fn(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - the error is a value the window shows
        log.exception("background job %s failed", getattr(fn, "__name__", fn))
        return Stamped(epoch, error=str(exc) or exc.__class__.__name__)


def render_options_for(site: SiteState, path: Path | None) -> RenderOptions:
    """How `path`'s preview renders in `site`: the site's options, its pages' URLs for `ref`."""
    if site.profile is not None:
        options = site.profile.render_options(path)
        if site.content_urls is not None:
            options.content_urls = site.content_urls
        return options
    return RenderOptions(post_path=path)


class Workspace:
    """One window's post context: the site (as loaded, or why not) and the epochs."""

    def __init__(self) -> None:
        self.clock = EpochClock()
        self.site: SiteState = NO_SITE
        self._site_cache: dict[Path, SiteState] = {}
        self._fresh_roots: set[Path] = set()   # loaded just now (at startup): no reload needed

    # -- epochs -----------------------------------------------------------------------------
    def accept(self, result: Stamped) -> bool:
        """True when ``result`` is for the post and text on screen now."""
        current = self.clock.is_current(result)
        if not current:
            log.debug("dropped a stale result for %s (now %s)", result.epoch, self.clock.now())
        return current

    # -- the site ---------------------------------------------------------------------------
    @property
    def profile(self):
        return self.site.profile

    def cached_site(self, path: Path | None) -> SiteState | None:
        """The last loaded state of the site holding ``path`` (fast, no I/O beyond the root search)."""
        if path is None:
            return NO_SITE
        for root, state in self._site_cache.items():
            if path == root or root in path.parents:
                return state
        return None

    @staticmethod
    def load_site(path: Path | None) -> SiteState:
        """Slow: read the site config and its posts.  Call it on a worker."""
        return load_site(path)

    def remember_site(self, state: SiteState, fresh: bool = False) -> None:
        """Keep a loaded site for the next post opened in it (it is not the open post's site yet).

        `fresh`: read a moment ago (while the app started), so opening a post in it need not read
        it again; that holds once.
        """
        if state.root is not None:
            self._site_cache[state.root] = state
            if fresh:
                self._fresh_roots.add(state.root)

    def take_fresh(self, state: SiteState) -> bool:
        """True (once) when `state` was remembered as fresh."""
        if state.root in self._fresh_roots:
            self._fresh_roots.discard(state.root)
            return True
        return False

    def set_site(self, state: SiteState) -> bool:
        """Adopt a loaded site state; True when it differs from the one shown."""
        self.remember_site(state)
        # by value: the same site read again (after another open) is no change to show
        changed = (state.root, state.error, state.profile) != (self.site.root, self.site.error, self.site.profile)
        self.site = state
        return changed

    def schema(self, site: SiteState | None = None) -> Schema:
        """The form's fields for the shown site (or `site`)."""
        profile = (site or self.site).profile
        return profile.schema if profile is not None else DEFAULT_SCHEMA

    def vocabularies(self, site: SiteState | None = None) -> dict[str, list[str]]:
        profile = (site or self.site).profile
        if profile is None:
            return {}
        return {"tags": list(profile.tags), "authors": list(profile.authors)}

    def render_options(self, path: Path | None) -> RenderOptions:
        return render_options_for(self.site, path)

    # -- use cases --------------------------------------------------------------------------
    def new_post_text(self) -> str:
        fmt = getattr(self.profile, "front_matter_format", "toml")
        return new_post_text(naming.NEW_POST_TITLE, fmt=fmt)

    def suggested_save_path(self, post: Post) -> Path:
        return naming.suggested_save_path(post, self.profile)

    def site_problem(self) -> str | None:
        """What the window says about the site: its load error, else None."""
        return self.site.error
