"""Photos imported for a post whose edit was then discarded: files in the site nothing refers to.

The window keeps the photos each import *created* (never those it reused: they were there before)
since the post was last saved. When the writer discards the edit, those the saved post does not
show or link to are orphans; :func:`orphaned_imports` finds them and :func:`remove_files` deletes
them after the writer said yes. Nothing else is ever removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from recap_editor.document.post import DocumentError, Post
from recap_editor.site.checks_media import resolve_local
from recap_editor.site.references import find_references


def referenced_files(post_path: Path | None, profile) -> set[Path]:
    """The local files the saved post at ``post_path`` shows or links to (resolved paths)."""
    if post_path is None or not Path(post_path).is_file():
        return set()
    try:
        post = Post.load(post_path)
    except DocumentError:
        return set()
    found = set()
    for ref in find_references(post.body):
        if ref.is_remote:
            continue
        path = resolve_local(ref.url, Path(post_path).resolve(), profile) if profile is not None \
            else _beside(ref.url, Path(post_path))
        if path is not None:
            found.add(path.resolve())
    return found


def _beside(url: str, post_path: Path) -> Path | None:
    from recap_editor.site.references import url_path

    path = url_path(url)
    return post_path.parent / path if path and not path.startswith("/") else None


def orphaned_imports(imported: Iterable[Path], post_path: Path | None, profile) -> list[Path]:
    """Those of ``imported`` still on disk that the saved post does not refer to, in order."""
    referenced = referenced_files(post_path, profile)
    seen: set[Path] = set()
    orphans = []
    for path in imported:
        real = Path(path).resolve()
        if real in seen or not real.is_file() or real in referenced:
            continue
        seen.add(real)
        orphans.append(Path(path))
    return orphans


def remove_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Delete ``paths``; returns (removed, error messages naming each file that stayed)."""
    removed, errors = [], []
    for path in paths:
        try:
            Path(path).unlink()
            removed.append(Path(path))
        except FileNotFoundError:
            continue
        except OSError as exc:
            errors.append(f"{path}: cannot remove it ({exc.strerror or exc})")
    return removed, errors
