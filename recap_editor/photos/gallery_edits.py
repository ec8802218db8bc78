"""Edits of a parsed gallery for the Gallery panel (no Qt): reorder, pair/unpair, remove, caption.

Rows keep their ``GalleryRow`` objects where possible, so rows an edit did not touch are written back
with their original HTML by ``write_gallery``.
"""

from __future__ import annotations

from recap_editor.photos.gallery import Gallery, GalleryPhoto, GalleryRow


def locate(gallery: Gallery, flat: int) -> tuple[int, int]:
    """(row index, column) of the ``flat``-th photo of the gallery."""
    for r, row in enumerate(gallery.rows):
        if flat < len(row.photos):
            return r, flat
        flat -= len(row.photos)
    raise IndexError("no such photo in the gallery")


def reorder_photos(gallery: Gallery, order: list[int]) -> None:
    """Photos in the new ``order`` (old flat indexes); the rows keep their shape (1 or 2)."""
    photos = gallery.photos()
    if sorted(order) != list(range(len(photos))):
        raise ValueError("the new order must list every photo once")
    moved = iter([photos[i] for i in order])
    for row in gallery.rows:
        row.photos = [next(moved) for _ in row.photos]


def toggle_pair(gallery: Gallery, flat: int) -> bool:
    """A pair becomes two singles; a single joins the next photo (else the previous single)."""
    r, _col = locate(gallery, flat)
    rows = gallery.rows
    row = rows[r]
    if len(row.photos) == 2:
        rows[r:r + 1] = [GalleryRow([row.photos[0]]), GalleryRow([row.photos[1]])]
        return True
    if r + 1 < len(rows):
        following = rows[r + 1]
        rows[r] = GalleryRow([row.photos[0], following.photos[0]])
        if len(following.photos) == 2:
            rows[r + 1] = GalleryRow([following.photos[1]])
        else:
            del rows[r + 1]
        return True
    if r > 0 and len(rows[r - 1].photos) == 1:
        rows[r - 1:r + 1] = [GalleryRow([rows[r - 1].photos[0], row.photos[0]])]
        return True
    return False


def remove_photo(gallery: Gallery, flat: int) -> GalleryPhoto:
    r, col = locate(gallery, flat)
    row = gallery.rows[r]
    photo = row.photos[col]
    if len(row.photos) == 1:
        del gallery.rows[r]
    else:
        gallery.rows[r] = GalleryRow([p for p in row.photos if p is not photo])
    return photo


def set_caption(gallery: Gallery, flat: int, caption: str) -> None:
    r, col = locate(gallery, flat)
    photo = gallery.rows[r].photos[col]
    photo.caption = " ".join(caption.split())
