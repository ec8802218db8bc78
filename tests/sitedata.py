"""Test data a fresh clone carries: the Harbor Kube site (tests/data/harbor-site) and its photos.

The site's text is stored; its images are drawn here on first use, so the checkout stays small and
carries no one's private pictures. The images are made to stand in for what a real blog holds:
camera JPEGs straight off the card (3264x2448, over the 500 KB budget, camera EXIF), diagrams as
PNG (one "-xl" larger than the web size, one noisy screenshot over the budget) and small logos.
``camera_jpeg`` is also what tests use for "photos from a phone": EXIF-rotated and GPS-tagged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

DATA = Path(__file__).resolve().parent / "data"
HARBOR_SITE = DATA / "harbor-site"
HARBOR_SEED = Path("content/posts/2019_04_11-harbor-kube-april-2019.md")

CAMERA = (3264, 2448)
GPS_IFD = {1: "N", 2: (45.0, 31.0, 12.0), 3: "W", 4: (122.0, 40.0, 30.0)}

# static/... path -> (kind, size); kinds: "camera" (JPEG, no GPS), "diagram" (flat PNG that
# compresses well), "noisy" (a PNG screenshot that does not: over the budget)
IMAGES: dict[str, tuple[str, tuple[int, int]]] = {
    **{f"static/images/harbor-kube/april-2019/{name}.JPG": ("camera", CAMERA)
       for name in ("state", "contributors", "questions", "releases", "pipeline", "promote", "platform")},
    "static/images/building-a-lab-cluster-part-1/lab-architecture.png": ("diagram", (1200, 1000)),
    "static/images/building-a-lab-cluster-part-1/lab-architecture-xl.png": ("diagram", (1856, 1656)),
    "static/images/building-a-lab-cluster-part-1/sidecar.png": ("noisy", (1624, 1396)),
    "static/images/storage-day-volumes/feedback.png": ("diagram", (600, 400)),
    "static/images/storage-day-volumes/volumes-chart.png": ("noisy", (900, 700)),
    "static/images/vendor-spotlight/anchor.png": ("diagram", (400, 300)),
    "static/images/vendor-spotlight/bluefin.png": ("diagram", (400, 300)),
}


def build_harbor_site(dest: Path) -> Path:
    """A writable copy of the Harbor Kube site at ``dest``, its images drawn; returns ``dest``."""
    shutil.copytree(HARBOR_SITE, dest, ignore=shutil.ignore_patterns("README.md"))
    for index, (relative, (kind, size)) in enumerate(sorted(IMAGES.items())):
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "camera":
            camera_jpeg(path, size, seed=index, gps=False)
        elif kind == "diagram":
            diagram_png(path, size, seed=index)
        else:
            photo(size, seed=index).save(path, compress_level=1)
    return dest


def photo(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A smooth picture with some grain, like a photo (pure noise would fit no JPEG budget).

    Drawn small and scaled up so an 8-megapixel one costs little; the grain is added at full size
    so the JPEG weighs what a camera's does."""
    small = (max(1, size[0] // 8), max(1, size[1] // 8))
    base = Image.new("RGB", small, (40 + 20 * seed % 200, 70, 110))
    draw = ImageDraw.Draw(base)
    for i in range(6):  # a few blocks of colour: a stage, a slide, heads
        x, y = (37 * (i + seed)) % small[0], (53 * (i + 2 * seed)) % small[1]
        draw.ellipse([x, y, x + small[0] // 3, y + small[1] // 3],
                     fill=((90 * i + 30 * seed) % 256, (140 + 40 * i) % 256, (60 * seed + 20) % 256))
    picture = base.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BILINEAR)
    grain = Image.effect_noise(size, 18).convert("RGB")
    return Image.blend(picture, grain, 0.12)


def camera_jpeg(path: Path, size: tuple[int, int] = (1600, 1200), *, seed: int = 0, orientation: int = 1,
                gps: bool = True, quality: int = 92) -> Path:
    """A JPEG as a phone or camera writes it: EXIF make/model/serial/capture time, an orientation
    tag (the pixels stored turned when it is not 1) and, unless ``gps=False``, a GPS position."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = photo(size, seed)
    if orientation in (6, 8):  # stored sideways: the camera relies on the tag to turn it upright
        image = image.transpose(Image.Transpose.ROTATE_90 if orientation == 6 else Image.Transpose.ROTATE_270)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Harbor Camera Co.", "HC-1"        # Make, Model
    exif[0x0112] = orientation
    exif[0x0132] = "2019:04:11 19:42:00"                              # DateTime
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-0042"                      # BodySerialNumber
    if gps:
        exif[0x8825] = GPS_IFD
    image.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def diagram_png(path: Path, size: tuple[int, int], seed: int = 0) -> Path:
    """A flat diagram: boxes and lines on white (compresses small however large)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    w, h = size
    for i in range(4):
        x0, y0 = w * (i % 2) // 2 + 20, h * (i // 2) // 2 + 20
        draw.rectangle([x0, y0, x0 + w // 3, y0 + h // 4], outline=(30, 60, 120), width=4,
                       fill=((200 + 13 * (i + seed)) % 256, 225, 240))
        draw.line([x0 + w // 6, y0 + h // 4, w // 2, h // 2], fill=(90, 90, 90), width=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def broken_photo(path: Path) -> Path:
    """A file named like a photo that is none (a truncated JPEG: the header, then nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20)
    return path
