"""File naming and listing for the window: where a post is saved, what a drop holds, a site's posts.

Moved out of the window (`ui/file_commands.py`) so the rules live beside the profile that decides
them and can be tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from recap_editor.document.new_post import new_post_filename
from recap_editor.document.post import DocumentError, Post

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
NEW_POST_TITLE = "New event recap"


def is_post_file(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def split_dropped(files: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Dropped files as (posts to open, other files such as photos)."""
    files = list(files)
    return [p for p in files if is_post_file(p)], [p for p in files if not is_post_file(p)]


def suggested_save_path(post: Post, profile=None, home: Path | None = None) -> Path:
    """Where Save As proposes to put `post`: its own file, else where the site's posts go."""
    if post.path is not None:
        return post.path
    title, date = str(post.get("title") or "new post"), post.get("date")
    slug = str(post.get("slug") or "")
    if profile is not None:
        folder = profile.root / profile.section_dir
        try:
            if slug:
                return profile.post_path(slug, date)
            return folder / new_post_filename(title, str(date))
        except (ValueError, TypeError):   # no usable date yet: a plain name beside the posts
            return folder / "new-post.md"
    try:
        return (home or Path.home()) / new_post_filename(title, str(date), slug=slug or None)
    except (ValueError, TypeError):
        return (home or Path.home()) / "new-post.md"


@dataclass(frozen=True)
class PostEntry:
    path: Path
    title: str
    date: str


def site_posts(profile) -> list[PostEntry]:
    """Every post of the site, newest first (reads each file: call it on a worker)."""
    rows = []
    for path in sorted((profile.root / profile.section_dir).rglob("*.md"), reverse=True):
        try:
            post = Post.load(path, tidy=False)   # listed, not opened: its folder is left alone
            rows.append(PostEntry(path, str(post.get("title") or path.stem), str(post.get("date") or "")))
        except DocumentError:
            rows.append(PostEntry(path, path.stem, ""))
    rows.sort(key=lambda row: row.date, reverse=True)
    return rows
