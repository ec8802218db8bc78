"""Generated camera rolls for the triage tests and bench/triage.py (Pillow only, EXIF via Pillow).

A "scene" is a random arrangement of shapes over a smooth colour field with fine grain (so blur
and sharpness are measurable, like a real photo); a burst is the same scene cropped with small
shifts, as a hand-held camera moves between shots.
"""

from __future__ import annotations

import functools
import random
from datetime import datetime
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageEnhance, ImageFilter

_EXIF_IFD = ExifTags.IFD.Exif


def scene(seed: int, size: tuple[int, int] = (800, 600), shift: tuple[int, int] = (0, 0),
          margin: float = 0.06) -> Image.Image:
    """The scene ``seed`` seen through a frame of ``size`` moved by ``shift`` pixels."""
    return frame(scene_canvas(seed, size, margin), size, shift)


@functools.lru_cache(maxsize=32)
def scene_canvas(seed: int, size: tuple[int, int] = (800, 600), margin: float = 0.06) -> Image.Image:
    """The whole scene, ``margin`` larger than the frame on each side (room for the shifts).
    Cached (tests reuse scenes; callers only crop it, never draw on it)."""
    rng = random.Random(seed)
    width, height = size
    canvas_size = (width + 2 * int(width * margin), height + 2 * int(height * margin))
    field = Image.new("RGB", (12, 9))
    field.putdata([tuple(rng.randrange(40, 220) for _ in range(3)) for _ in range(12 * 9)])
    canvas = field.resize(canvas_size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(canvas)
    cw, ch = canvas_size
    for _ in range(28):
        x, y = rng.randrange(cw), rng.randrange(ch)
        w, h = rng.randrange(cw // 30, cw // 5), rng.randrange(ch // 30, ch // 5)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        else:
            draw.rectangle((x, y, x + w, y + h), fill=colour, outline=(20, 20, 20), width=max(1, cw // 800))
    for _ in range(12):   # thin lines: the fine detail a focused lens resolves
        x, y = rng.randrange(cw), rng.randrange(ch)
        draw.line((x, y, x + rng.randrange(-cw // 4, cw // 4), y + rng.randrange(-ch // 4, ch // 4)),
                  fill=tuple(rng.randrange(256) for _ in range(3)), width=max(1, cw // 1000))
    grain = Image.effect_noise(canvas_size, 18).convert("RGB")
    return Image.blend(canvas, grain, 0.10)


def frame(canvas: Image.Image, size: tuple[int, int], shift: tuple[int, int] = (0, 0)) -> Image.Image:
    """The part of ``canvas`` a camera framing ``size`` sees, moved by ``shift`` from the centre."""
    width, height = size
    cw, ch = canvas.size
    left = max(0, min(cw - width, (cw - width) // 2 + shift[0]))
    top = max(0, min(ch - height, (ch - height) // 2 + shift[1]))
    return canvas.crop((left, top, left + width, top + height))


def blurred(image: Image.Image, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def overexposed(image: Image.Image, factor: float = 2.6) -> Image.Image:
    return ImageEnhance.Brightness(image).enhance(factor)


def screenshot(size: tuple[int, int] = (1170, 2532), seed: int = 0) -> Image.Image:
    """A phone screenshot: flat UI colours, bars and text lines (exact colours, no grain)."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, (246, 246, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 12), fill=(28, 110, 220))
    y = height // 10
    while y < height - 40:
        draw.rectangle((40, y, width - 40, y + height // 14), fill=(255, 255, 255), outline=(220, 220, 224))
        draw.text((60, y + 12), f"Message {rng.randrange(1000)}: see you at the meetup", fill=(30, 30, 30))
        y += height // 12
    return image


def slide_photo(size: tuple[int, int] = (800, 600), seed: int = 0) -> Image.Image:
    """A photo of a projected slide: a dark room, a bright screen with dark text lines, grain."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, (38, 34, 40))
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = width // 6, height // 8, width * 5 // 6, height * 5 // 8
    draw.rectangle((left, top, right, bottom), fill=(236, 236, 230))
    for row in range(6):
        y = top + (bottom - top) * (row + 1) // 8
        length = rng.randrange((right - left) // 3, (right - left) * 4 // 5)
        draw.rectangle((left + 20, y, left + 20 + length, y + max(3, height // 60)), fill=(40, 40, 60))
    for _ in range(8):   # heads of the audience in the dark
        x = rng.randrange(width)
        draw.ellipse((x, height * 3 // 4, x + width // 10, height), fill=(60, 52, 50))
    grain = Image.effect_noise(size, 12).convert("RGB")
    return Image.blend(image, grain, 0.06)


def exif_for(when: datetime | None, offset: str | None = None, camera: str | None = "RecapCam") -> Image.Exif:
    exif = Image.Exif()
    if camera:
        exif[ExifTags.Base.Make] = camera
        exif[ExifTags.Base.Model] = f"{camera} 12"
    if when is not None:
        sub = exif.get_ifd(_EXIF_IFD)
        sub[ExifTags.Base.DateTimeOriginal] = when.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            sub[ExifTags.Base.OffsetTimeOriginal] = offset
    return exif


def save_jpeg(path: Path, image: Image.Image, when: datetime | None, offset: str | None = None,
              quality: int = 90, camera: str | None = "RecapCam") -> Path:
    image.save(path, "JPEG", quality=quality, exif=exif_for(when, offset, camera))
    return path
