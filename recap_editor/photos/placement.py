"""Where imported photos go, on disk and in the post's text (no Qt: plain functions).

``photo_target`` picks the image folder and URLs (the site profile's, else ``images/<slug>/``
beside the post, like ``recap-editor photos``); ``place_gallery`` picks where gallery rows go in
the text so they form their own HTML block: never inside the front matter, a paragraph, a code
fence or another gallery's row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote, unquote, urlsplit

from recap_editor.document.post import Post
from recap_editor.document.slug import folder_slug
from recap_editor.photos.formats import SUPPORTED_SUFFIXES
from recap_editor.photos.gallery import find_galleries

if TYPE_CHECKING:   # the importer (and with it Pillow) loads when photos are imported, not on a drag
    from recap_editor.photos.importer import PhotoResult

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}


@dataclass
class PhotoTarget:
    dest_dir: Path
    url_for: Callable[[PhotoResult], str]

    def describe(self) -> str:
        return str(self.dest_dir)


# The image URLs a post's text uses: <img src="…"> and ![alt](…). Flat patterns (no nested
# quantifiers), so the scan stays linear in the post's length.
_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)")


def _image_urls(body: str) -> list[str]:
    found = [(m.start(), next(g for g in m.groups() if g is not None)) for m in _IMG_SRC.finditer(body)]
    found += [(m.start(), m.group(1)) for m in _MD_IMAGE.finditer(body)]
    return [url for _, url in sorted(found)]


def existing_image_folder(post: Post, profile) -> tuple[Path, str] | None:
    """The folder the post's own images already live in, and its URL prefix: the most common
    folder among its local ``<img src>`` / ``![]()`` URLs that exists in the site (ties: the one
    used first). None for a post without such images. An event's photos stay together even when
    the folder is not the profile's pattern (``/images/k8s-socal/may-2016/``)."""
    counts: dict[tuple[Path, str], int] = {}
    static = profile.static_dir.resolve() if profile is not None else None
    for url in _image_urls(post.body):
        path = unquote(urlsplit(url).path)
        if not path or re.match(r"(?i)^[a-z][a-z0-9+.-]*:|//", url) or "/" not in path.strip("/") \
                and not path.startswith("/"):
            continue   # remote, data:, or a bare file name beside the post (no folder to share)
        folder, _, _ = path.rpartition("/")
        if path.startswith("/"):
            if static is None:
                continue
            dest, base = (static / folder.lstrip("/")).resolve(), static
        elif post.path is not None:
            base = post.path.parent.resolve()
            dest = (base / folder).resolve()
        else:
            continue
        if not dest.is_dir() or not dest.is_relative_to(base):
            continue
        prefix = url[: url.rfind("/") + 1] if "?" not in url and "#" not in url else folder + "/"
        key = (dest, prefix)
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda k: counts[k])   # max keeps the first of equal counts


def photo_target(post: Post, profile) -> PhotoTarget:
    """Where the post's photos go: the folder its images already use (see
    :func:`existing_image_folder`), else the profile's pattern, else ``images/<slug>/`` beside the
    post. Raises ValueError (a message for the writer) when undecidable."""
    slug = folder_slug(post)
    existing = existing_image_folder(post, profile)
    if existing is not None:
        folder, prefix = existing
        return PhotoTarget(folder, lambda r: prefix + quote(r.dest.name))
    if profile is not None:
        date = post.get("date")
        try:
            dest = profile.image_dir(slug, date)
        except ValueError as exc:
            raise ValueError(f"cannot place the photos of this post: {exc}") from None
        return PhotoTarget(dest, lambda r: profile.image_url(slug, r.dest.name))
    if post.path is None:
        raise ValueError("save the post first: its photos go into images/<slug>/ beside it")
    return PhotoTarget(post.path.parent / "images" / slug,
                       lambda r: f"images/{quote(slug)}/{quote(r.dest.name)}")


def droppable_photos(paths: list[Path]) -> list[Path]:
    """The dropped paths worth importing: image files and folders (a post file is not ours)."""
    images = SUPPORTED_SUFFIXES
    if any(p.suffix.lower() in MARKDOWN_SUFFIXES for p in paths):
        return []
    return [p for p in paths if p.is_dir() or p.suffix.lower() in images]


_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|\Z)")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.M)


def _row_end_at(text: str, index: int) -> int | None:
    """The end of the gallery row ``index`` is inside of (None when it is in no row)."""
    for span in find_galleries(text):
        if not span.start < index < span.end:
            continue
        pos = span.start
        for row in span.gallery.rows:
            start = text.find(row.original_html or "\0", pos, span.end + 1)
            if start < 0:
                return span.end
            end = start + len(row.original_html)
            if index < end:
                return end if index > start else start
            pos = end
        return span.end
    return None


def _fence_end_at(text: str, index: int, body_start: int) -> int | None:
    """The end of the fenced code block ``index`` is inside of (None outside any)."""
    opened: re.Match | None = None
    for match in _FENCE.finditer(text, body_start):
        if opened is None:
            if match.start() >= index:
                return None
            opened = match
        elif match.group(1)[0] == opened.group(1)[0] and len(match.group(1)) >= len(opened.group(1)):
            if match.start() >= index:   # between the opening fence and this closing one
                newline = text.find("\n", match.end())
                return len(text) if newline < 0 else newline
            opened = None
    return len(text) if opened is not None else None


def _at_block_start(text: str, index: int, body_start: int) -> bool:
    """True at the start of a line that begins a block (or is blank): a gallery can go there."""
    line_start = text.rfind("\n", 0, index) + 1
    if index != line_start:
        return False
    line_end = text.find("\n", index)
    if index <= body_start or not text[index:line_end if line_end >= 0 else len(text)].strip():
        return True
    previous_start = text.rfind("\n", 0, line_start - 1) + 1
    return not text[previous_start:line_start - 1].strip()


def place_gallery(text: str, index: int, gallery_html: str, body_start: int = 0) -> tuple[int, str]:
    """Where and what to insert so the gallery is its own HTML block near ``index``.

    Never inside the front matter, a code fence, another gallery's row or a paragraph: a position
    inside one moves to its end (between two rows of a gallery is fine: the rows join it). A
    position in the front matter (where the cursor sits right after opening a post) means no place
    in the body was chosen: the gallery goes at the end, as ``recap-editor photos`` appends it;
    the top of the body would push it above the summary and the ``<!--more-->`` fold. Blank lines
    are added around the gallery only where missing (goldmark needs them around raw HTML).
    """
    if index < body_start:
        index = max(body_start, len(text.rstrip("\n")))
    index = min(index, len(text))
    moved = _row_end_at(text, index)
    if moved is None:
        moved = _fence_end_at(text, index, body_start)
    if moved is not None:
        index = moved
    elif not _at_block_start(text, index, body_start):
        blank = _BLANK_LINE.search(text, index)
        index = blank.start() if blank else len(text.rstrip("\n"))
    before, after = text[:index], text[index:]
    lead = ""
    if before:
        trailing = len(before) - len(before.rstrip("\n"))
        lead = "\n" * max(0, 2 - trailing) if index > body_start or trailing == 0 else ""
    if not after:
        trail = "\n"
    else:
        leading = len(after) - len(after.lstrip("\n"))
        trail = "\n" * max(0, 2 - leading) if after.strip() else "\n" * max(0, 1 - leading)
    return index, lead + gallery_html + trail


def body_start_index(post: Post, text: str) -> int:
    """The Python index where the body starts in ``text`` (0 without front matter)."""
    if not post.format:
        return 0
    offset = 0
    for _ in range(max(0, post.body_line - 1)):
        newline = text.find("\n", offset)
        if newline < 0:
            return len(text)
        offset = newline + 1
    return offset
