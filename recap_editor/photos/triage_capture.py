"""When each photo of a roll was taken, the order of the roll, and its moments.

Capture time comes from EXIF ``DateTimeOriginal`` (+ ``SubsecTimeOriginal``) with
``OffsetTimeOriginal`` when the camera wrote one (phones do since ~2018): with the offset the
instant is exact, so photos from two phones in different time zones interleave correctly. Without
an offset the wall-clock time is read as local time. Without EXIF (screenshots, messenger copies)
the file's modification time stands in, and the photo says so (``source == "file"``).

File names never decide the order: ``IMG_0100`` after ``IMG_9999`` is a counter wrapping round, and
two phones number independently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Sequence

from PIL import ExifTags, Image

_EXIF_IFD = ExifTags.IFD.Exif
_DATETIME_ORIGINAL = ExifTags.Base.DateTimeOriginal
_OFFSET_ORIGINAL = ExifTags.Base.OffsetTimeOriginal
_SUBSEC_ORIGINAL = ExifTags.Base.SubsecTimeOriginal
_DATETIME = ExifTags.Base.DateTime   # IFD0: when the file was last written (a fallback only)

_EXIF_TIME = re.compile(r"^\s*(\d{4})[:\-](\d\d)[:\-](\d\d)[ T](\d\d):(\d\d):(\d\d)")
_OFFSET = re.compile(r"^\s*([+-])(\d\d):?(\d\d)\s*$")

# A gap this long between two shots starts a new moment (a talk, the break, the next talk).
MOMENT_GAP = timedelta(minutes=10)


@dataclass(frozen=True)
class CaptureTime:
    """When a photo was taken: ``instant`` (UTC) orders the roll, ``clock`` is what the camera's
    clock showed (``"19:02"``) and labels a moment; ``source`` is "exif" or "file"."""

    timestamp: float        # seconds since the epoch (UTC), for ordering and gaps
    clock: str              # "HH:MM" in the photo's own time zone
    date: str               # "YYYY-MM-DD" in the photo's own time zone
    source: str             # "exif" | "exif-local" (no offset: read as local time) | "file"

    def to_json(self) -> dict:
        return {"timestamp": self.timestamp, "clock": self.clock, "date": self.date,
                "source": self.source}

    @classmethod
    def from_json(cls, data: dict) -> "CaptureTime":
        return cls(float(data["timestamp"]), str(data["clock"]), str(data["date"]), str(data["source"]))


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ") if isinstance(value, str) else ""


def parse_exif_time(when: str, offset: str = "", subsec: str = "") -> datetime | None:
    """``"2024:05:11 19:02:33"`` (+ ``"+02:00"``, ``"25"``) as a datetime, aware when an offset is
    given; None for the blank or zeroed stamps some cameras write ("0000:00:00 00:00:00")."""
    match = _EXIF_TIME.match(_text(when))
    if not match:
        return None
    try:
        value = datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    digits = re.sub(r"\D", "", _text(subsec))[:6]
    if digits:
        value = value.replace(microsecond=int(digits.ljust(6, "0")))
    offset_match = _OFFSET.match(_text(offset))
    if offset_match:
        sign, hours, minutes = offset_match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        value = value.replace(tzinfo=timezone(delta if sign == "+" else -delta))
    return value


def capture_time(exif: Image.Exif | None, file_mtime: float) -> CaptureTime:
    """The photo's capture time from its EXIF, else from the file's modification time."""
    if exif is not None:
        sub = exif.get_ifd(_EXIF_IFD)
        when = parse_exif_time(sub.get(_DATETIME_ORIGINAL, ""), sub.get(_OFFSET_ORIGINAL, ""),
                               sub.get(_SUBSEC_ORIGINAL, ""))
        if when is None:
            when = parse_exif_time(exif.get(_DATETIME, ""), sub.get(ExifTags.Base.OffsetTime, ""))
        if when is not None:
            if when.tzinfo is not None:
                return CaptureTime(when.timestamp(), when.strftime("%H:%M"),
                                   when.strftime("%Y-%m-%d"), "exif")
            # No offset: the camera's clock read as this computer's local time (naive timestamp()).
            return CaptureTime(when.timestamp(), when.strftime("%H:%M"), when.strftime("%Y-%m-%d"),
                               "exif-local")
    local = datetime.fromtimestamp(file_mtime)
    return CaptureTime(file_mtime, local.strftime("%H:%M"), local.strftime("%Y-%m-%d"), "file")


def split_moments(times: Sequence[float], gap: timedelta = MOMENT_GAP) -> list[tuple[int, int]]:
    """Index ranges ``[start, end)`` of consecutive sorted ``times`` with no gap longer than ``gap``."""
    moments: list[tuple[int, int]] = []
    start = 0
    limit = gap.total_seconds()
    for index in range(1, len(times)):
        if times[index] - times[index - 1] > limit:
            moments.append((start, index))
            start = index
    if times:
        moments.append((start, len(times)))
    return moments
