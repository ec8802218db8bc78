"""Measures of one decoded photo, in plain Pillow: near-duplicate hash, sharpness, exposure, and
whether it is a screen capture or a photo of a projected slide.

Why no imagehash/numpy: the difference hash below is ten lines of Pillow, and imagehash would pull
numpy, scipy and PyWavelets (~100 MB) into a desktop app for it. Every measure runs on the small
analysis image (longest side ~1000 px, from a reduced-scale decode), never on the full photo.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageStat

# Laplacian variance below this (at the ~1000 px analysis scale) is soft everywhere, whatever the
# scene: measured, sharp photos score ~200-900 on the corpus and 300-470 on generated rolls.
BLUR_FLOOR = 40.0
# Clipped: at least this share of pixels at the ends of the histogram.
CLIPPED_HIGHLIGHTS = 0.15
CLIPPED_SHADOWS = 0.45
DARK_MEAN = 35.0
BRIGHT_MEAN = 215.0
_LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)
_SCREENSHOT_NAME = re.compile(r"screen[ _-]?shot|bildschirmfoto|capture d.[ée]cran|screen[ _-]?capture"
                              r"|スクリーンショット|截屏|屏幕截图", re.I)


@dataclass
class Scores:
    dhash: int           # 128 bits: horizontal and vertical gradient signs of a 9x9 reduction
    sharpness: float     # variance of the Laplacian (higher: more fine detail in focus)
    highlights: float    # share of pixels at 250-255
    shadows: float       # share of pixels at 0-5
    brightness: float    # mean luminance 0-255
    kind: str            # "photo" | "screenshot" | "slide"

    def exposure_marks(self) -> list[str]:
        marks = []
        if self.highlights >= CLIPPED_HIGHLIGHTS or self.brightness >= BRIGHT_MEAN:
            marks.append("overexposed")
        if self.shadows >= CLIPPED_SHADOWS or self.brightness <= DARK_MEAN:
            marks.append("underexposed")
        return marks

    def exposure_penalty(self) -> float:
        """0 for a well exposed photo, growing with the share of clipped pixels (for ranking)."""
        return 3 * max(0.0, self.highlights - 0.02) + 1.5 * max(0.0, self.shadows - 0.10)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def difference_hash(gray: Image.Image) -> int:
    """A 128-bit dHash: the sign of neighbouring differences on a 9x9 box-averaged copy, along rows
    and along columns. Robust to small shifts, scaling, recompression and brightness changes."""
    small = gray.resize((9, 9), Image.Resampling.BOX).tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            here = small[row * 9 + col]
            bits = (bits << 2) | ((here > small[row * 9 + col + 1]) << 1) | (here > small[(row + 1) * 9 + col])
    return bits


def sharpness(gray: Image.Image) -> float:
    """Variance of the Laplacian: the classic blur measure (a blurred copy of a scene scores far
    below the sharp one; comparisons are meant within one scene, the floor only catches the worst)."""
    return float(ImageStat.Stat(gray.filter(_LAPLACIAN)).var[0])


def exposure(gray: Image.Image) -> tuple[float, float, float]:
    """(highlights, shadows, mean): shares of clipped pixels at both ends and the mean luminance."""
    histogram = gray.histogram()
    total = float(sum(histogram)) or 1.0
    mean = sum(value * count for value, count in enumerate(histogram)) / total
    return sum(histogram[250:]) / total, sum(histogram[:6]) / total, mean


def looks_like_screenshot(name: str, image_format: str, has_camera: bool, thumb: Image.Image) -> bool:
    """A screen capture: named so by the phone/OS, or a lossless image without a camera whose
    pixels are mostly a few exact flat colours (a photograph has almost no two equal pixels)."""
    if _SCREENSHOT_NAME.search(name):
        return True
    if has_camera or image_format not in ("PNG", "WEBP", "GIF"):
        return False
    return flat_colour_share(thumb) >= 0.35


def flat_colour_share(thumb: Image.Image) -> float:
    """Share of pixels taken by the 16 most common exact colours."""
    rgb = thumb.convert("RGB")
    colours = rgb.getcolors(rgb.width * rgb.height) or []
    colours.sort(reverse=True)
    return sum(count for count, _ in colours[:16]) / max(1, rgb.width * rgb.height)


def looks_like_slide(thumb: Image.Image) -> bool:
    """A photo of a projected slide or a screen: the brightest quarter of the picture (and not
    strongly coloured) forms a dense, slide-shaped block clearly brighter than the room around it.
    Heuristic, tuned on the corpus's talk photos: it finds slides that fill a good part of the
    frame; a far-away, half-hidden or dark-themed screen counts as a photo.
    """
    if max(thumb.size) > 200:
        thumb = thumb.reduce(2)   # 160 px is plenty for a rectangle and quarters the cost
    _hue, saturation, value = thumb.convert("HSV").split()
    histogram, count = value.histogram(), value.width * value.height
    level, seen = 255, 0
    while level > 0 and seen + histogram[level] < 0.25 * count:
        seen += histogram[level]
        level -= 1
    threshold = max(140, level)
    bright = value.point(lambda v: 255 if v >= threshold else 0)
    calm = saturation.point(lambda s: 255 if s <= 120 else 0)
    screen = Image.composite(bright, Image.new("L", value.size, 0), calm)
    screen = screen.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))  # drop lamps, edges
    # The block: the columns and rows that are at least 30 % screen (stray bright bits drop out).
    columns = screen.resize((screen.width, 1), Image.Resampling.BOX).tobytes()
    rows = screen.resize((1, screen.height), Image.Resampling.BOX).tobytes()
    xs = [x for x, share in enumerate(columns) if share >= 77]
    ys = [y for y, share in enumerate(rows) if share >= 77]
    if not xs or not ys:
        return False
    box = (xs[0], ys[0], xs[-1] + 1, ys[-1] + 1)
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    box_area = box_w * box_h
    if not 0.12 * count <= box_area <= 0.92 * count or not 0.9 <= box_w / box_h <= 2.4:
        return False  # too small, the whole frame (a white wall, a sky, a page), or not slide-shaped
    fill = ImageStat.Stat(screen.crop(box)).mean[0] / 255
    inside = ImageStat.Stat(value.crop(box))
    outside = (ImageStat.Stat(value).sum[0] - inside.sum[0]) / max(1, count - box_area)
    return fill >= 0.7 and inside.mean[0] - outside >= 60


def score(analysis_image: Image.Image, thumb: Image.Image, name: str, image_format: str,
          has_camera: bool) -> Scores:
    gray = analysis_image.convert("L")
    highlights, shadows, mean = exposure(gray)
    kind = "photo"
    if looks_like_screenshot(name, image_format, has_camera, thumb):
        kind = "screenshot"
    elif looks_like_slide(thumb):
        kind = "slide"
    return Scores(difference_hash(gray), sharpness(gray), highlights, shadows, mean, kind)


def log_sharpness(value: float) -> float:
    return math.log10(max(1.0, value))
