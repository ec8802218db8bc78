"""Decode one photo of a roll small and fast: the analysis image, the grid thumbnail, the EXIF.

A 12 MP JPEG decoded in full costs ~70 ms of CPU; ``Image.draft`` asks libjpeg for a DCT-scaled
decode (1/2, 1/4, 1/8) that is still at least the analysis size, which halves that (the Huffman
decoding that remains is the floor). The grid thumbnail is cut from the analysis image, or taken
as it is from the EXIF's embedded thumbnail when the camera stored one big enough (no encode).
PNG, WebP and HEIC have no reduced-scale decode: they are decoded in full (pillow-heif took ~0.85 s
of CPU for a 12 MP HEIC of 5.8 MB in bench/triage.py), then reduced with a box filter.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image

from recap_editor.photos.metadata import source_orientation
from recap_editor.photos.pipeline import _TRANSPOSE, PhotoError, _damaged_reason, _open

# Longest side of the image every measure runs on. 960 lets a 4000 px photo decode at 1/4 (1000 px);
# 1024 would force 1/2 and double the cost. Bigger decodes are reduced to at most MAX_ANALYSIS.
ANALYSIS_SIZE = 960
MAX_ANALYSIS = 1280
THUMB_SIZE = 320
THUMB_QUALITY = 82
_IFD1 = ExifTags.IFD.IFD1
_THUMB_OFFSET, _THUMB_LENGTH = ExifTags.Base.JpegIFOffset, ExifTags.Base.JpegIFByteCount
_CAMERA_TAGS = (ExifTags.Base.Make, ExifTags.Base.Model)


@dataclass
class Decoded:
    analysis: Image.Image        # upright RGB, longest side ~ANALYSIS_SIZE (smaller images as they are)
    thumb: Image.Image           # upright RGB, longest side <= THUMB_SIZE
    thumb_jpeg: bytes            # what the grid shows (cached)
    exif: Image.Exif
    size: tuple[int, int]        # the photo's upright size in pixels
    image_format: str            # "JPEG", "PNG", "WEBP", "HEIF"
    has_camera: bool             # EXIF names a camera make or model
    embedded_thumb: bool         # thumb_jpeg is the camera's own EXIF thumbnail


def _aspect_fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))   # transparent shows as white, as on a page
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if im.mode.startswith("I"):
        return im.convert("I").point(lambda value: value * (1 / 256)).convert("RGB")
    return im.convert("RGB")


def embedded_thumbnail(im: Image.Image, exif: Image.Exif, min_side: int) -> bytes | None:
    """The JPEG thumbnail the camera stored in EXIF IFD1, when its longest side is at least
    ``min_side`` and its shape matches the photo (some cameras letterbox 16:9 into 160x120)."""
    raw = im.info.get("exif")
    ifd1 = exif.get_ifd(_IFD1) if raw else None
    if not ifd1:
        return None
    offset, length = ifd1.get(_THUMB_OFFSET), ifd1.get(_THUMB_LENGTH)
    if not isinstance(offset, int) or not isinstance(length, int) or length <= 0:
        return None
    start = 6 + offset if raw.startswith(b"Exif\x00\x00") else offset   # offsets count from the TIFF header
    data = raw[start:start + length]
    if len(data) != length or not data.startswith(b"\xff\xd8"):
        return None
    try:
        with Image.open(io.BytesIO(data)) as thumb:
            width, height = thumb.size
    except (OSError, SyntaxError, ValueError):
        return None
    stored_w, stored_h = im.size
    if max(width, height) < min_side or abs(width / height - stored_w / stored_h) > 0.02:
        return None
    return data


def decode(path: Path, data: bytes) -> Decoded:
    """Decode ``data`` (the bytes of ``path``) small. Raises PhotoError naming the problem."""
    im = _open(path) if not data else _open_bytes(path, data)
    try:
        return _decode_open(im)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(_damaged_reason(exc)) from None
    finally:
        im.close()


def _open_bytes(path: Path, data: bytes) -> Image.Image:
    # The pipeline's opener gives the same messages as an import would (bomb limit, format, size);
    # it opens by path, so the bytes read for the content hash are checked here the same way.
    im = _open(path)
    im.close()
    return Image.open(io.BytesIO(data))


def _decode_open(im: Image.Image) -> Decoded:
    image_format = im.format or ""
    exif = im.getexif()
    exif.get_ifd(ExifTags.IFD.Exif)   # read now: the sub-IFD loads lazily, from the file closed later
    has_camera = any(exif.get(tag) for tag in _CAMERA_TAGS)
    orientation = 1 if image_format == "HEIF" else source_orientation(exif)
    stored = im.size
    embedded = embedded_thumbnail(im, exif, THUMB_SIZE) if image_format in ("JPEG", "MPO") else None
    if image_format in ("JPEG", "MPO"):
        im.draft("RGB", _aspect_fit(stored, ANALYSIS_SIZE))
    im.load()
    work = _to_rgb(im)
    if max(work.size) > MAX_ANALYSIS:
        work = work.resize(_aspect_fit(work.size, ANALYSIS_SIZE), Image.Resampling.BOX)
    if orientation in _TRANSPOSE:
        work = work.transpose(_TRANSPOSE[orientation])
    if work is im:
        work = im.copy()   # the caller closes the file's image
    upright = (stored[1], stored[0]) if orientation >= 5 else stored
    thumb = work.resize(_aspect_fit(work.size, THUMB_SIZE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    if embedded is not None and orientation == 1:
        thumb_jpeg = embedded
    else:
        buffer = io.BytesIO()
        thumb.save(buffer, "JPEG", quality=THUMB_QUALITY)
        thumb_jpeg = buffer.getvalue()
        embedded = None
    return Decoded(work, thumb, thumb_jpeg, exif, upright, image_format, has_camera, embedded is not None)
