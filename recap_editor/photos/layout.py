"""Lay out a batch of photos as gallery rows: pairs side by side, singles centred.

The story order of the photos is kept (a recap follows the evening); within it, two neighbours share
a row when they look right together: two portraits or two landscapes (a square goes with either).
A panorama is always alone, and so is a photo whose neighbour does not match it, or the last one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable
from urllib.parse import quote

from recap_editor.photos.gallery_model import Gallery, GalleryPhoto, GalleryRow

if TYPE_CHECKING:
    from recap_editor.photos.importer import PhotoResult

LAYOUT_MODES = ("auto", "single", "pair")

Item = "PhotoResult | GalleryPhoto | tuple[GalleryPhoto, str]"


def _default_url(result: "PhotoResult") -> str:
    assert result.dest is not None
    return quote(result.dest.name)


def _as_photo(item, url_for: Callable[["PhotoResult"], str]) -> tuple[GalleryPhoto, str] | None:
    """(photo, orientation) for any accepted item; None for a failed import (it has no file)."""
    if isinstance(item, GalleryPhoto):
        return item, "landscape"
    if isinstance(item, tuple):
        photo, orientation = item
        return photo, orientation or "landscape"
    if not item.ok:
        return None
    url = url_for(item)
    return GalleryPhoto(src=url, href=url, caption=""), item.orientation or "landscape"


def pairs_well(first: str, second: str) -> bool:
    if "panorama" in (first, second):
        return False
    return first == second or "square" in (first, second)


def layout_gallery(items: Iterable, mode: str = "auto",
                   url_for: Callable[["PhotoResult"], str] = _default_url) -> Gallery:
    """Rows for ``items`` (import results, GalleryPhotos, or (GalleryPhoto, orientation) pairs).

    ``mode``: "auto" pairs neighbours that match, "single" puts every photo on its own row, "pair"
    pairs neighbours regardless (a leftover last photo is centred). Failed imports are left out,
    and so is a photo already placed by this batch (the same picture dropped twice).
    """
    if mode not in LAYOUT_MODES:
        raise ValueError(f"unknown layout '{mode}' (choose from {', '.join(LAYOUT_MODES)})")
    photos, seen = [], set()
    for placed in (_as_photo(item, url_for) for item in items):
        if placed is not None and placed[0].src not in seen:
            seen.add(placed[0].src)
            photos.append(placed)
    rows: list[GalleryRow] = []
    index = 0
    while index < len(photos):
        photo, orientation = photos[index]
        partner = photos[index + 1] if index + 1 < len(photos) else None
        together = partner is not None and (
            mode == "pair" or (mode == "auto" and pairs_well(orientation, partner[1])))
        if together:
            rows.append(GalleryRow([photo, partner[0]]))
            index += 2
        else:
            rows.append(GalleryRow([photo]))
            index += 1
    return Gallery(rows)


def url_under(url_prefix: str) -> Callable[["PhotoResult"], str]:
    """The URL of an imported photo served under ``url_prefix`` (``"/images/my-slug"`` or with
    its final ``/``; empty: just the file name)."""
    prefix = url_prefix if not url_prefix or url_prefix.endswith("/") else url_prefix + "/"
    return lambda result: prefix + _default_url(result)


def gallery_for_import(results: Iterable["PhotoResult"], url_prefix: str,
                       mode: str = "auto") -> Gallery:
    """Rows for freshly imported photos served under ``url_prefix`` (e.g. ``"/images/my-slug/"``)."""
    return layout_gallery(results, mode, url_for=url_under(url_prefix))
