"""Photo metadata: what an imported photo may keep, and what a published one must not carry.

Private data hides in many places: GPS in the EXIF GPS IFD *and* in XMP, serial numbers in standard
tags *and* inside the vendor MakerNote, owner names, embedded thumbnails (which may show the uncropped
original). Removing known tags one by one always misses one, so the importer writes a fresh EXIF block
from a short whitelist (:func:`clean_exif`) and never copies XMP, IPTC, comments or thumbnails.
:func:`privacy_problems` looks for the same leaks in a file already on disk (for the site checks).
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

from recap_editor.photos import pillow_setup  # noqa: F401 - HEIC opener, bomb limit

ORIENTATION = ExifTags.Base.Orientation  # 0x0112
_EXIF_IFD = ExifTags.IFD.Exif
_GPS_IFD = ExifTags.IFD.GPSInfo

# Capture date/time: kept only when the site profile asks for it. Nothing else is ever copied.
_CAPTURE_TIME_IFD0 = (ExifTags.Base.DateTime,)
_CAPTURE_TIME_EXIF = (
    ExifTags.Base.DateTimeOriginal, ExifTags.Base.DateTimeDigitized,
    ExifTags.Base.OffsetTime, ExifTags.Base.OffsetTimeOriginal, ExifTags.Base.OffsetTimeDigitized,
    ExifTags.Base.SubsecTime, ExifTags.Base.SubsecTimeOriginal, ExifTags.Base.SubsecTimeDigitized,
)
_MAX_TIME_TEXT = 40  # "2016:05:11 19:02:33" and friends; anything longer is not a time stamp

_SERIAL_TAGS = {
    ExifTags.Base.BodySerialNumber: "camera serial number",
    0xC62F: "camera serial number",  # DNG CameraSerialNumber
    ExifTags.Base.LensSerialNumber: "lens serial number",
    ExifTags.Base.CameraOwnerName: "owner name",
    ExifTags.Base.ImageUniqueID: "unique image ID",
}
_XMP_LEAKS = (
    (re.compile(rb"GPS(Latitude|Longitude|Altitude)", re.I), "GPS position (in XMP)"),
    (re.compile(rb"(SerialNumber|LensSerial)", re.I), "camera serial number (in XMP)"),
    (re.compile(rb"OwnerName", re.I), "owner name (in XMP)"),
)


def source_orientation(exif: Image.Exif) -> int:
    """The EXIF orientation 1..8 (1 when missing or nonsense)."""
    value = exif.get(ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def clean_exif(exif: Image.Exif, keep_capture_time: bool) -> bytes | None:
    """A fresh EXIF block holding only whitelisted tags, or None when nothing is worth writing.

    The pixels written are already upright, so the new block says Orientation = 1: a viewer that
    saw the camera's original orientation would rotate the photo a second time.
    """
    if not keep_capture_time:
        return None
    kept_ifd0 = {tag: exif[tag] for tag in _CAPTURE_TIME_IFD0 if _is_time_text(exif.get(tag))}
    source_ifd = exif.get_ifd(_EXIF_IFD)
    kept_exif = {tag: source_ifd[tag] for tag in _CAPTURE_TIME_EXIF if _is_time_text(source_ifd.get(tag))}
    if not kept_ifd0 and not kept_exif:
        return None
    fresh = Image.Exif()
    fresh[ORIENTATION] = 1
    fresh.update(kept_ifd0)
    if kept_exif:
        fresh.get_ifd(_EXIF_IFD).update(kept_exif)
    return fresh.tobytes()


def _is_time_text(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= _MAX_TIME_TEXT and value.isprintable()


def privacy_problems(path: Path | str) -> list[str]:
    """What private data a published image still carries, e.g. ``["GPS position", "owner name"]``.

    Empty for a clean image and for files Pillow cannot read at all (not an image: another check's
    business). Reads headers only, never the pixels.
    """
    try:
        with Image.open(path) as im:
            return _problems_of(im)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return []


def _problems_of(im: Image.Image) -> list[str]:
    found: list[str] = []
    exif = im.getexif()
    if exif.get_ifd(_GPS_IFD):
        found.append("GPS position")
    exif_ifd = exif.get_ifd(_EXIF_IFD)
    for tag, what in _SERIAL_TAGS.items():
        if exif.get(tag) or exif_ifd.get(tag):
            found.append(what)
    if exif_ifd.get(ExifTags.Base.MakerNote):
        found.append("maker notes")
    if _has_exif_thumbnail(exif):
        found.append("embedded thumbnail")
    xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    for pattern, what in _XMP_LEAKS:
        if pattern.search(xmp):
            found.append(what)
    if "photoshop" in im.info or "iptc" in im.info:
        found.append("IPTC/Photoshop metadata")
    return list(dict.fromkeys(found))  # unique, first-found order


def _has_exif_thumbnail(exif: Image.Exif) -> bool:
    try:
        ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
    except (KeyError, ValueError, SyntaxError):
        return False
    return bool(ifd1.get(0x0201) or ifd1.get(0x0111))  # JPEGInterchangeFormat / StripOffsets
