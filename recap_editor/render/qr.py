"""Hugo's ``qr`` shortcode: the ``<img>`` Hugo 0.168 prints and the PNG it writes.

Hugo encodes the text with rsc.io/qr (byte, alphanumeric or numeric mode, the smallest version,
always mask pattern 0, no error-level boost, a 4-module quiet zone) and publishes the PNG as
``[targetDir/]qr_<hash>.png``, the hash being Hugo's ``hashing.HashStringHex(text, opts)``:
gohugoio/hashstructure over xxHash64 of ``[text, {Level, Scale, TargetDir}]``. We draw the same
matrix with the ``qrcode`` library (segno pads a byte-aligned stream with an extra zero byte, so
its matrix differs from rsc.io/qr's) and compute the same name, so the exported HTML is Hugo's
and the preview can show the picture itself (a data: URI: the preview loads nothing).
"""

from __future__ import annotations

import base64
import io
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import xxhash

if TYPE_CHECKING:
    import qrcode

# The error-correction levels, by the name of their ``qrcode.constants`` value: ``qrcode`` (which
# imports Pillow) is loaded only when a code is drawn, not by every render that might meet one.
LEVELS = {"low": "ERROR_CORRECT_L", "medium": "ERROR_CORRECT_M",
          "quartile": "ERROR_CORRECT_Q", "high": "ERROR_CORRECT_H"}
_QUIET_ZONE = 4  # modules of white around the code, as rsc.io/qr draws it


@dataclass(frozen=True)
class QRRequest:
    text: str
    level: str = "medium"
    scale: int = 4
    target_dir: str = ""

    @property
    def file_name(self) -> str:
        return f"qr_{hugo_hash_hex(self)}.png"


class QRError(ValueError):
    """The message Hugo's ``qr`` shortcode fails the build with."""


def request_from_args(text: str | None, inner: str | None, level: str | None,
                      scale: str | None, target_dir: str | None) -> QRRequest:
    """The shortcode's options, checked as Hugo's template does (``or`` falls back on empty)."""
    text = text or (inner or "").strip()
    level = level or "medium"
    if not text:
        raise QRError('The "qr" shortcode requires a "text" argument.')
    if level not in LEVELS:
        raise QRError('The "level" argument passed to the "qr" shortcode must be one of low, '
                      "medium, quartile, or high.")
    try:
        number = int(scale) if scale else 4
    except ValueError:
        number = 0
    if number < 2:
        raise QRError('The "scale" argument passed to the "qr" shortcode must be an integer '
                      "greater than or equal to 2.")
    return QRRequest(text, level, number, target_dir or "")


# ------------------------------------------------------------------------------ Hugo's name
def _xx(data: bytes) -> int:
    return xxhash.xxh64_intdigest(data)


def _ordered(a: int, b: int) -> int:
    return _xx(struct.pack("<QQ", a, b))


def _finish_unordered(a: int) -> int:
    return _xx(struct.pack("<Q", a))


def hugo_hash_hex(request: QRRequest) -> str:
    """``hashing.HashStringHex(text, opts)``: hashstructure walks the two-element slice (ordered),
    the anonymous options struct field by field (name hash, then each field folded in and
    finished), strings as their xxHash, ints as 8 little-endian bytes."""
    fields = (("Level", _xx(request.level.encode())),
              ("Scale", _xx(struct.pack("<q", request.scale))),
              ("TargetDir", _xx(request.target_dir.encode())))
    options = _xx(b"")  # the struct's type name: empty for an anonymous struct
    for name, value in fields:
        options = _finish_unordered(options ^ _ordered(_xx(name.encode()), value))
    top = _ordered(_ordered(0, _xx(request.text.encode())), options)
    return format(top, "x")


# ------------------------------------------------------------------------------ the picture
def _code(request: QRRequest) -> qrcode.QRCode:
    import qrcode
    from qrcode.util import QRData

    code = qrcode.QRCode(error_correction=getattr(qrcode.constants, LEVELS[request.level]), mask_pattern=0,
                         border=_QUIET_ZONE, box_size=request.scale)
    # One segment, its mode chosen as rsc.io/qr does (numeric, alphanumeric, else UTF-8 bytes).
    code.add_data(QRData(request.text.encode("utf-8")), optimize=0)
    code.make(fit=True)
    return code


def pixel_size(request: QRRequest) -> int:
    return (_code(request).modules_count + 2 * _QUIET_ZONE) * request.scale


def matrix(request: QRRequest) -> list[list[bool]]:
    """The modules, quiet zone included (True is black)."""
    return [[bool(v) for v in row] for row in _code(request).get_matrix()]


@lru_cache(maxsize=64)
def png_bytes(request: QRRequest) -> bytes:
    from PIL import Image  # the render core imports Pillow only where a picture is drawn

    rows = matrix(request)
    side = len(rows)
    image = Image.new("1", (side, side), 1)
    image.putdata([0 if black else 1 for row in rows for black in row])
    image = image.resize((side * request.scale,) * 2, Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# ------------------------------------------------------------------------- HTML and preview
# The requests rendered in this process, by published file name: the preview swaps each
# published <img> for the picture itself (bounded: an editing session renders a few codes).
_RENDERED: OrderedDict[str, QRRequest] = OrderedDict()
_REMEMBER = 256
_LOCK = threading.Lock()


def rel_permalink(request: QRRequest, base_url: str = "") -> str:
    base = urlparse(base_url).path.strip("/")
    parts = [p for p in (base, request.target_dir.strip("/"), request.file_name) if p]
    return "/" + "/".join(parts)


def img_html(request: QRRequest, attrs: dict[str, str], base_url: str = "") -> str:
    """The embedded template's ``<img>``: src, width, height, then alt, class, id, title,
    loading where given."""
    src = rel_permalink(request, base_url)
    with _LOCK:  # the preview may render off the UI thread
        _RENDERED[src] = request
        _RENDERED.move_to_end(src)
        while len(_RENDERED) > _REMEMBER:
            _RENDERED.popitem(last=False)
    size = pixel_size(request)
    extra = "".join(f' {key}="{escape(attrs[key])}"' for key in
                    ("alt", "class", "id", "title", "loading") if attrs.get(key))
    return f'<img src="{escape(src)}" width="{size}" height="{size}"{extra}>'


def rendered_request(src: str) -> QRRequest | None:
    """The code this process last rendered as published ``src``."""
    with _LOCK:
        return _RENDERED.get(src)


def preview_src(src: str) -> str | None:
    """A data: URI with the PNG Hugo publishes at ``src``, if this process rendered it."""
    request = rendered_request(src)
    if request is None:
        return None
    return "data:image/png;base64," + base64.b64encode(png_bytes(request)).decode("ascii")
