"""Slugs: the stable, URL- and file-safe names of posts and images.

Unicode-aware kebab-case: accents fold to their base letter (``Café`` → ``cafe``), letters and digits
of any script survive (``東京`` stays), everything else becomes a single ``-``. The result never holds
a path separator, a dot or ``..``, so it is safe to use as a file or folder name.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
# Letters that NFKD does not decompose but writers expect to fold.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                       "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "ð": "d", "&": " and "})


def slugify(text: str, fallback: str = "untitled", max_length: int = 80) -> str:
    """``"Kubernetes SoCal Meetup - May 2016"`` → ``"kubernetes-socal-meetup-may-2016"``."""
    # Lower-case both before folding (so Ð meets ð in the table) and after (NFKD can produce
    # capitals, e.g. ℌ → H), or the slug of a slug would differ.
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    slug = _SEPARATORS.sub("-", folded).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or fallback


def is_slug(text: str) -> bool:
    """True when ``text`` is already a clean kebab-case slug (what :func:`slugify` would keep)."""
    return bool(text) and slugify(text, fallback="") == text


_DATE_PREFIX = re.compile(r"^\d{4}[-_.]?\d{2}[-_.]?\d{2}[-_.](.+)$")


def post_slug(post) -> str | None:
    """The slug a post is published under, like Hugo's ``:slug``: the ``slug`` field as written,
    else the title made into a slug; for a post with neither, its file name (or page-bundle folder)
    without a date prefix. None when there is nothing to go on.

    ``post`` is a :class:`recap_editor.document.post.Post` (anything with ``get`` and ``path``).
    """
    slug = post.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    title = post.get("title")
    if isinstance(title, str) and title.strip():
        return slugify(title)
    if post.path is not None:
        name = post.path.parent.name if post.path.name == "index.md" else post.path.stem
        match = _DATE_PREFIX.match(name)
        return match.group(1) if match else name
    return None


def folder_slug(post) -> str:
    """:func:`post_slug` made safe as a folder name (for the post's images); never empty."""
    return slugify(post_slug(post) or "", fallback="post")
