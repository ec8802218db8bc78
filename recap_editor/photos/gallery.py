"""Gallery rows: the small model of photos in a post, parsed from and written to the site's HTML.

The site (corekube-web) shows photos as Bootstrap 3 rows, one photo centred or two side by side::

    <br>
    <div class="row text-center">                      <div class="container">
      <div class="col-xs-offset-2 col-xs-8">            <div class="row text-center">
        <div>                                             <div class="col-xs-6 col-sm-5 nopadding">
          <a href="…"><img … class="img-responsive          <a href="…"><img … class="img-responsive"/></a>
              center-block"/></a>                           <br><figcaption>(<i>…</i>)</figcaption>
          <br><figcaption>(<i>…</i>)</figcaption>         </div>  (and a second column)
    …                                                   …

:func:`write_gallery` writes exactly that shape, consistently indented, with the caption escaped and
repeated as ``alt``. :func:`find_galleries` parses every variant the corpus holds (other column
classes, a ``container`` around single rows, no link, no caption, bold captions). A parsed row
remembers its original HTML and re-emits it byte-for-byte until it is edited; only edited rows
(or a gallery whose rows were reordered, added or removed) are written in the canonical shape.
"""

from __future__ import annotations

import bisect
import html
import re

from recap_editor.photos.gallery_model import (
    Gallery, GalleryPhoto, GalleryRow, GallerySpan, gallery_state, row_state,
)
from recap_editor.photos.layout import gallery_for_import, layout_gallery

__all__ = ["GalleryPhoto", "GalleryRow", "Gallery", "GallerySpan", "write_gallery", "write_row",
           "find_galleries", "layout_gallery", "gallery_for_import", "ROW_SEPARATOR"]

INDENT = "  "
ROW_SEPARATOR = "\n\n"  # rows of one gallery are separated by a blank line, as in the corpus
SINGLE_COLUMN = "col-xs-offset-2 col-xs-8"
PAIR_COLUMN = "col-xs-6 col-sm-5 nopadding"


# ------------------------------------------------------------------------------------ writing

def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


def _photo_lines(photo: GalleryPhoto, img_class: str, depth: int) -> list[str]:
    pad = INDENT * depth
    img = f'<img src="{_attr(photo.src)}" alt="{_attr(photo.caption)}" class="{img_class}"/>'
    lines = []
    if photo.href is not None:
        lines += [f'{pad}<a href="{_attr(photo.href)}">', f"{pad}{INDENT}{img}", f"{pad}</a>"]
    else:
        lines.append(pad + img)
    if photo.caption:
        lines += [f"{pad}<br>", f"{pad}<figcaption>(<i>{_text(photo.caption)}</i>)</figcaption>"]
    return lines


def write_row(row: GalleryRow) -> str:
    """One row in the site's shape (its original HTML while it is unedited)."""
    if not row.is_edited():
        return row.original_html or ""
    if len(row.photos) == 1:
        lines = ["<br>", '<div class="row text-center">', f'{INDENT}<div class="{SINGLE_COLUMN}">',
                 f"{INDENT * 2}<div>",
                 *_photo_lines(row.photos[0], "img-responsive center-block", 3),
                 f"{INDENT * 2}</div>", f"{INDENT}</div>", "</div>", "<br>"]
    elif len(row.photos) == 2:
        lines = ["<br>", '<div class="container">', f'{INDENT}<div class="row text-center">']
        for photo in row.photos:
            lines += [f'{INDENT * 2}<div class="{PAIR_COLUMN}">',
                      *_photo_lines(photo, "img-responsive", 3), f"{INDENT * 2}</div>"]
        lines += [f"{INDENT}</div>", "</div>", "<br>"]
    else:
        raise ValueError(f"a gallery row holds one or two photos, not {len(row.photos)}")
    return "\n".join(lines)


def write_gallery(gallery: Gallery) -> str:
    """The gallery's HTML: its original text while nothing changed, else row by row."""
    if gallery.original_html is not None and gallery._parsed == gallery_state(gallery):
        return gallery.original_html
    return ROW_SEPARATOR.join(write_row(row) for row in gallery.rows)


# ------------------------------------------------------------------------------------ parsing

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_DIV_OPEN = re.compile(r"<div\b[^<>]*>", re.I)   # [^<>]: linear on unclosed tags
_DIV_TAG = re.compile(r"<(/?)div\b[^<>]*>", re.I)
_CONTAINER_OPEN = re.compile(r"<div\b[^>]*\bclass\s*=\s*[\"']container[\"'][^>]*>\s*\Z", re.I)
_BR_BEFORE = re.compile(r"(?:^|\n)([ \t]*<br\s*/?>[ \t]*\n\s*)\Z", re.I)
_BR_AFTER = re.compile(r"(\s*\n[ \t]*<br\s*/?>)[ \t]*(?=\n|\Z)", re.I)
_CLOSE_DIV_AFTER = re.compile(r"\s*</div\s*>", re.I)
_CANONICAL_CAPTION = re.compile(r"\A\s*\(<i>(.*?)</i>\)\s*\Z", re.S | re.I)


def _attrs(text: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value.strip("\"'")) for name, value in _ATTR.findall(text)}


def _matching_close(text: str, open_end: int) -> tuple[int, int] | None:
    """(start, end) of the ``</div>`` closing the div whose open tag ends at ``open_end``."""
    depth = 1
    for match in _DIV_TAG.finditer(text, open_end):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start(), match.end()
    return None


def _div_pairs(text: str) -> dict[int, tuple[int, int]]:
    """For every ``<div>`` of ``text`` that is closed: its open tag's end -> its ``</div>`` span.
    One pass with a stack, instead of a scan to the end from every (unclosed) open tag."""
    pairs: dict[int, tuple[int, int]] = {}
    stack: list[int] = []
    for match in _DIV_TAG.finditer(text):
        if not match.group(1):
            stack.append(match.end())
        elif stack:
            pairs[stack.pop()] = (match.start(), match.end())
    return pairs


def _is_row_open(tag: str) -> bool:
    classes = _attrs(tag).get("class", "").split()
    return "row" in classes and "text-center" in classes


def _parse_columns(inner: str) -> list[GalleryPhoto] | None:
    """The photos of a row's inside, or None when it is not a photo row we can model."""
    photos: list[GalleryPhoto] = []
    pos = 0
    for match in _DIV_OPEN.finditer(inner):
        if match.start() < pos:
            continue  # a div nested inside the column just parsed
        if inner[pos:match.start()].strip():
            return None  # text or other tags beside the columns
        close = _matching_close(inner, match.end())
        if close is None or "col-" not in _attrs(match.group(0)).get("class", ""):
            return None
        photo = _parse_photo(inner[match.end():close[0]])
        if photo is None:
            return None
        photos.append(photo)
        pos = close[1]
    if inner[pos:].strip() or len(photos) not in (1, 2):
        return None
    return photos


def _parse_photo(column: str) -> GalleryPhoto | None:
    caption_html = None
    figure = re.search(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", column, re.S | re.I)
    if figure:
        caption_html = figure.group(1)
        column = column[:figure.start()] + column[figure.end():]
    images, href = [], None
    for match in _TAG.finditer(column):
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if name == "img" and not closing:
            images.append(_attrs(attrs))
        elif name == "a" and not closing:
            if href is not None:
                return None
            href = _attrs(attrs).get("href")
        elif name not in ("a", "div", "br"):
            return None  # an iframe (video), a table...: not a photo
    if len(images) != 1 or not images[0].get("src") or _TAG.sub("", column).strip():
        return None
    if caption_html is not None:
        canonical = _CANONICAL_CAPTION.match(caption_html)
        if canonical and "<" not in canonical.group(1):
            caption = html.unescape(canonical.group(1))
        else:  # e.g. "<b>Architecture</b><br>(<i>click to enhance</i>)": keep its words
            plain = re.sub(r"<br\s*/?>", " ", caption_html, flags=re.I)
            caption = " ".join(html.unescape(_TAG.sub("", plain)).split())
    else:
        caption = images[0].get("alt", "")
    return GalleryPhoto(src=images[0]["src"], href=href, caption=caption)


def _parse_row_at(text: str, match: re.Match, floor: int,
                  pairs: dict[int, tuple[int, int]] | None = None) -> tuple[int, int, GalleryRow] | None:
    close = pairs.get(match.end()) if pairs is not None else _matching_close(text, match.end())
    if close is None:
        return None
    photos = _parse_columns(text[match.end():close[0]])
    if photos is None:
        return None
    start, end = match.start(), close[1]
    container = _CONTAINER_OPEN.search(text, floor, start)
    if container and not text[container.end():start].strip():
        after = _CLOSE_DIV_AFTER.match(text, end)
        if after:
            start, end = container.start(), after.end()
    line_start = text.rfind("\n", floor, start) + 1
    if not text[max(line_start, floor):start].strip():
        start = max(line_start, floor)  # the row's own indentation belongs to it
    before = _BR_BEFORE.search(text, floor, start)
    if before:
        start = before.start(1)
    after_br = _BR_AFTER.match(text, end)
    if after_br:
        end = after_br.end(1)
    row = GalleryRow(photos, original_html=text[start:end], _parsed=row_state(photos))
    return start, end, row


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


def _fenced_code(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks: HTML shown as an example there is not a gallery."""
    ranges, pos = [], 0
    while (opening := _FENCE.search(text, pos)) is not None:
        fence = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*$", re.M)
        line_end = text.find("\n", opening.end())
        found = closing.search(text, line_end + 1) if line_end != -1 else None
        end = found.end() if found else len(text)
        ranges.append((opening.start(), end))
        pos = end
    return ranges


def find_galleries(text: str) -> list[GallerySpan]:
    """Every gallery in ``text``: runs of photo rows separated by nothing but blank space
    (rows inside fenced code blocks are examples, not galleries)."""
    spans: list[GallerySpan] = []
    current: list[tuple[int, int, GalleryRow]] = []
    floor = 0
    code = _fenced_code(text) if "``" in text or "~~" in text else []
    code_starts = [start for start, _ in code]
    pairs = _div_pairs(text)
    for match in _DIV_OPEN.finditer(text):
        if match.start() < floor or not _is_row_open(match.group(0)):
            continue
        inside = bisect.bisect_right(code_starts, match.start()) - 1   # the fence before it
        if inside >= 0 and match.start() < code[inside][1]:
            continue
        parsed = _parse_row_at(text, match, floor, pairs)
        if parsed is None:
            continue
        if current and text[current[-1][1]:parsed[0]].strip():
            spans.append(_span(text, current))
            current = []
        current.append(parsed)
        floor = parsed[1]
    if current:
        spans.append(_span(text, current))
    return spans


def _span(text: str, rows: list[tuple[int, int, GalleryRow]]) -> GallerySpan:
    start, end = rows[0][0], rows[-1][1]
    gallery = Gallery([row for _s, _e, row in rows], original_html=text[start:end])
    gallery._parsed = gallery_state(gallery)
    return GallerySpan(start, end, gallery, text[start:end])
