"""Rules for form edits that touch more than one field.

The slug of a new post follows its title (as Decap CMS and Front Matter CMS do) until the writer
edits the slug: while the slug is still what the title would give (or empty), a title edit
rewrites it too.  A post that exists on disk keeps its slug: its URL may already be published.
"""

from __future__ import annotations

from typing import Any

from recap_editor.document.slug import slugify


def slug_follows_title(fields: dict[str, Any], is_new: bool) -> bool:
    if not is_new or "slug" not in fields:
        return False
    slug = str(fields.get("slug") or "")
    return slug == "" or slug == slugify(str(fields.get("title") or ""))


def field_edits(fields: dict[str, Any], name: str, value: Any, is_new: bool) -> list[tuple[str, Any]]:
    """The (field, value) writes one form edit of `name` makes, in order."""
    edits = [(name, value)]
    if name == "title" and slug_follows_title(fields, is_new):
        edits.append(("slug", slugify(str(value or ""))))
    return edits
