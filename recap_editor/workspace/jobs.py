"""The slow use cases as plain functions over snapshots, for a worker thread (or the CLI).

Each takes copies (the text, the path, the profile), never a live object the GUI thread edits,
and touches no Qt object.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recap_editor.document.post import Post
from recap_editor.render.options import RenderOptions


@dataclass
class PreparedPage:
    """A whole preview page and the renderer whose block keys it carries."""

    text: str
    options: RenderOptions
    line_offset: int
    renderer: Any          # IncrementalRenderer
    header: str
    notice: str
    html: str


def prepare_page(text: str, path: Path | None, options: RenderOptions) -> PreparedPage:
    """Render a post's whole preview page."""
    from recap_editor.render.incremental import IncrementalRenderer
    from recap_editor.render.page import header_html, notice_html, render_page

    post = Post.from_text(text, path)
    renderer = IncrementalRenderer(options, post.body_line - 1)
    update = renderer.update(post.body)   # the page shows this renderer's block keys
    return PreparedPage(text, options, post.body_line - 1, renderer, header_html(post),
                        notice_html(update, options), render_page(post, options, update))


def check_text(text: str, path: Path | None, profile, hugo: bool = False) -> list:
    """The preflight problems of a snapshot of the editor's text (`site.checks.check_post`)."""
    from recap_editor.site.checks import check_post

    return check_post(Post.from_text(text, path), profile, hugo=hugo)


def misspellings_in_text(text: str, path: Path | None, speller) -> list:
    """The misspellings `recap-editor check` reports, word by word, in a snapshot of the editor's
    text (`site.spelling.misspellings`); none without a speller (spell check off)."""
    from recap_editor.site.spelling import misspellings

    return misspellings(Post.from_text(text, path), speller) if speller is not None else []
