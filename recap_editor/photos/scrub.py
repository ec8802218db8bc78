"""Scrub an image on its way out (export), without touching its pixels.

An export copies images that never went through the importer (a photo already in ``static/``, one
dropped by hand). Whatever the checks said, and even when an export is forced past them, a photo
must not carry its GPS position, serial numbers, owner name or XMP into a pull request.

JPEG is rewritten segment by segment, losslessly: the EXIF block is replaced by a fresh one holding
only the orientation (so the photo still shows upright), XMP, IPTC/Photoshop, comments and vendor
segments are dropped; JFIF, the colour profile (APP2) and Adobe's colour transform (APP14) stay, and
the compressed picture data is copied byte for byte. Other formats are not rewritten:
:func:`outgoing_image` refuses them when they leak (re-import them with the photos importer).
"""

from __future__ import annotations

import io
import struct

from PIL import Image

from recap_editor.photos.metadata import ORIENTATION, privacy_problems, source_orientation


class ScrubError(ValueError):
    """An image that still carries private data and cannot be cleaned here."""


_KEEP_APP = {0xE0, 0xE2, 0xEE}          # APP0 JFIF, APP2 ICC profile, APP14 Adobe
_STANDALONE = set(range(0xD0, 0xD8)) | {0x01}   # RSTn and TEM carry no length


def scrub_jpeg(data: bytes) -> bytes:
    """``data`` (a JPEG) without private metadata; the picture data is copied unchanged."""
    if data[:2] != b"\xff\xd8":
        raise ScrubError("not a JPEG file")
    orientation = 1
    with Image.open(io.BytesIO(data)) as im:
        orientation = source_orientation(im.getexif())
    out = [b"\xff\xd8"]
    if orientation != 1:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        block = exif.tobytes()          # b"Exif\0\0" + TIFF header and IFD
        out.append(b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block)
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ScrubError("damaged JPEG: a segment does not start with a marker")
        marker = data[pos + 1]
        if marker == 0xFF:              # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            out.append(data[pos:pos + 2])
            pos += 2
            continue
        if pos + 4 > len(data):
            raise ScrubError("damaged JPEG: truncated segment")
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segment = data[pos:pos + 2 + length]
        if marker == 0xDA:              # start of scan: the rest is picture data, copied as is
            out.append(data[pos:])
            break
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            if marker in _KEEP_APP:
                out.append(segment)
        else:
            out.append(segment)         # tables, frame header...: the picture needs them
        pos += 2 + length
    return b"".join(out)


def outgoing_image(data: bytes, name: str) -> bytes:
    """The bytes an export may publish for image ``name``: ``data`` itself when it is clean, a
    scrubbed copy of a JPEG that leaks; raises :class:`ScrubError` for any other leaking image."""
    leaks = privacy_problems(io.BytesIO(data))
    if not leaks:
        return data
    if data[:2] == b"\xff\xd8":
        cleaned = scrub_jpeg(data)
        left = privacy_problems(io.BytesIO(cleaned))
        if not left:
            return cleaned
        leaks = left
    raise ScrubError(f"{name} carries {', '.join(leaks)} and cannot be cleaned on export: import "
                     "it again with the photos importer, which strips it")
