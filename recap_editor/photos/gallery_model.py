"""The gallery model: rows of one or two photos, each with a link and a caption.

Kept apart from the HTML reader/writer (:mod:`recap_editor.photos.gallery`) and the batch layout
(:mod:`recap_editor.photos.layout`) so both can build on it. A row or gallery parsed from a post
remembers its original HTML and the state it was parsed in; while the state is unchanged the writer
re-emits the original bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GalleryPhoto:
    src: str                      # the image URL as the site serves it, e.g. "/images/slug/a.jpg"
    href: str | None = None       # link target; None means no link (the corpus links to src)
    caption: str = ""             # plain text; escaped on writing


@dataclass
class GalleryRow:
    photos: list[GalleryPhoto]    # one (centred) or two (side by side)
    original_html: str | None = field(default=None, repr=False, compare=False)
    _parsed: tuple | None = field(default=None, repr=False, compare=False)

    def is_edited(self) -> bool:
        return self.original_html is None or self._parsed != row_state(self.photos)


@dataclass
class Gallery:
    rows: list[GalleryRow]
    original_html: str | None = field(default=None, repr=False, compare=False)
    _parsed: tuple | None = field(default=None, repr=False, compare=False)

    def photos(self) -> list[GalleryPhoto]:
        return [photo for row in self.rows for photo in row.photos]


@dataclass
class GallerySpan:
    start: int            # character offsets of the gallery in the text that was parsed
    end: int
    gallery: Gallery
    original_html: str    # text[start:end]


def row_state(photos: list[GalleryPhoto]) -> tuple:
    return tuple((p.src, p.href, p.caption) for p in photos)


def gallery_state(gallery: Gallery) -> tuple:
    return tuple((id(row), row_state(row.photos)) for row in gallery.rows)
