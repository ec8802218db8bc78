"""One photo in, web-ready bytes out: decode small, resize, make upright, sRGB, clean metadata.

Order matters for speed and correctness (measured, see bench/photos.py):
- ``Image.draft`` gets the *aspect-fitted* target size, so libjpeg decodes at the smallest DCT scale
  (1/2, 1/4, 1/8) that is still at least that size; with a square box a 12 MP photo gets none.
- The EXIF orientation is applied *after* the resize: transposing first would load the full image and
  defeat ``draft``; transposing 1.7 MP costs ~2 ms.
- Colour conversion runs on the small image too; every output is written without the source's
  XMP, IPTC, comments and thumbnails (``info`` is cleared, the EXIF block is rebuilt from a whitelist).
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, UnidentifiedImageError

from recap_editor.photos.formats import SUPPORTED_SUFFIXES
from recap_editor.photos.metadata import clean_exif, source_orientation
from recap_editor.photos.pillow_setup import HEIF_AVAILABLE, MAX_PIXELS  # noqa: F401 - HEIC, bombs


def refuse_decompression_bombs() -> None:
    """Make Pillow's bomb *warning* an error, process-wide and on purpose: no code of ours should
    quietly decode an image over the limit (the warning is otherwise only printed). Idempotent;
    called again per batch because test runners and apps may reset the warning filters."""
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


refuse_decompression_bombs()

SUPPORTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC"}
JPEG_QUALITY_DEFAULT = 85
# When a photo must fit a byte budget (the site's image budget), JPEG quality steps down by this
# much at a time, and never below the floor: a noisy photo at quality 60 is still a fair picture.
JPEG_QUALITY_STEP = 8
JPEG_QUALITY_FLOOR = 60
# A PNG with at most this many colours after resizing is a screenshot or a diagram: it stays PNG
# (JPEG would smear its text); more colours means a photograph that was saved as PNG.
SCREENSHOT_MAX_COLOURS = 32768
PNG_OVER_JPEG_MAX = 6

# mkstemp creates 0600 files; a web image must be readable like any file the user creates.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
NEW_FILE_MODE = 0o666 & ~_UMASK

_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


class PhotoError(Exception):
    """Why one photo could not be imported (the message is the reason; the caller adds the file)."""


@dataclass
class ProcessedPhoto:
    temp_file: Path                   # the encoded photo, a hidden temporary in the output folder
    suffix: str                       # ".jpg" or ".png"
    original_size: tuple[int, int]    # as the viewer sees it (upright)
    output_size: tuple[int, int]
    output_bytes: int


class _WriteError(Exception):
    """Encoding into the output folder failed (disk full, permissions): not the photo's fault."""


def process_photo(path: Path, temp_dir: Path, max_size: int, quality: int = JPEG_QUALITY_DEFAULT,
                  keep_capture_time: bool = False, max_bytes: int | None = None) -> ProcessedPhoto:
    """Decode, resize, orient, convert and encode one photo into a fsynced temporary file in
    ``temp_dir`` (the caller renames it into place or deletes it). A JPEG over ``max_bytes`` is
    encoded again at lower quality (down to JPEG_QUALITY_FLOOR). Raises PhotoError."""
    im = _open(path)
    try:
        return _process_open_image(im, max_size, quality, keep_capture_time, temp_dir, max_bytes)
    except _WriteError as exc:
        raise PhotoError(f"cannot write into {temp_dir} ({exc})") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(_damaged_reason(exc)) from None
    finally:
        im.close()


def _open(path: Path) -> Image.Image:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PhotoError(f"cannot read it ({exc.strerror or exc})") from None
    if not path.is_file():
        raise PhotoError("not a file")
    if size == 0:
        raise PhotoError("empty file (0 bytes)")
    try:
        im = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # The warning arrives as an exception only where a warnings filter says "error"; otherwise
        # the size check below refuses the same images.
        raise PhotoError(f"too many pixels, refused as a possible decompression bomb ({exc})") from None
    except UnidentifiedImageError:
        raise PhotoError(_unidentified_reason(path)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(_damaged_reason(exc)) from None
    width, height = im.size
    if im.format not in SUPPORTED_FORMATS:
        im.close()
        raise PhotoError(f"unsupported format {im.format} (supported: JPEG, PNG, WebP, HEIC)")
    if width * height > MAX_PIXELS:
        im.close()
        raise PhotoError(f"too many pixels ({width}x{height} = {width * height:,}; the limit is "
                         f"{MAX_PIXELS:,}), refused as a possible decompression bomb")
    if width < 1 or height < 1:
        im.close()
        raise PhotoError(f"invalid size {width}x{height}")
    return im


def _unidentified_reason(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".heic", ".heif") and not HEIF_AVAILABLE:
        return "HEIC support is not installed (pillow-heif)"
    if suffix in SUPPORTED_SUFFIXES:
        return f"not an image: the content is not a readable {suffix[1:].upper()} file"
    return f"unsupported file type '{suffix or path.name}' (supported: JPEG, PNG, WebP, HEIC)"


def _damaged_reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if "truncated" in text.lower():
        return f"truncated or damaged file ({text})"
    return f"damaged or unreadable image ({text})"


def fit_size(size: tuple[int, int], max_size: int) -> tuple[int, int]:
    """The largest size with the same aspect whose longest side is at most ``max_size`` (no upscale)."""
    width, height = size
    longest = max(width, height)
    if longest <= max_size:
        return size
    scale = max_size / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def _process_open_image(im: Image.Image, max_size: int, quality: int, keep_capture_time: bool,
                        temp_dir: Path, max_bytes: int | None = None) -> ProcessedPhoto:
    source_format = im.format
    exif = im.getexif()
    # pillow-heif hands HEIC over already upright; its orientation tag must not rotate it again.
    orientation = 1 if source_format == "HEIF" else source_orientation(exif)
    icc = im.info.get("icc_profile") or None
    stored_size = im.size
    target = fit_size(stored_size, max_size)

    if source_format in ("JPEG", "MPO") and target != stored_size:
        im.draft(im.mode, target)  # libjpeg decodes at 1/2, 1/4 or 1/8 when that stays >= target
    im.load()

    work = _normalise_mode(im, icc)
    tag_srgb = work.mode in ("RGB", "RGBA") and icc is not None
    if work.size != target:
        # After a DCT-scaled decode the remaining factor is below 2 and the resize costs as much
        # as the decode. Hamming (support 1) is half the cost of bicubic and, measured against a
        # full decode + Lanczos on the corpus photos, 44 dB PSNR (bicubic 47, bilinear 42): no
        # visible difference. Large factors (PNG, WebP, HEIC) get Lanczos after a box reduce()
        # (reducing_gap), which is both faster and still sharp.
        if max(work.size[0] / target[0], work.size[1] / target[1]) < 2.5:
            work = work.resize(target, Image.Resampling.HAMMING)
        else:
            work = work.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if tag_srgb and im.mode != "CMYK":  # CMYK went through its profile in _normalise_mode
        work = _to_srgb(work, icc)
    if orientation in _TRANSPOSE:
        work = work.transpose(_TRANSPOSE[orientation])

    work, has_alpha = _drop_opaque_alpha(work)
    work.info = {}  # never let Pillow copy the source's XMP, comment or ICC on its own
    options: dict = {}
    if tag_srgb:
        options["icc_profile"] = srgb_profile_bytes()
    exif_bytes = clean_exif(exif, keep_capture_time)
    if exif_bytes:
        options["exif"] = exif_bytes
    upright = (stored_size[1], stored_size[0]) if orientation >= 5 else stored_size
    lossless_source = source_format in ("PNG", "WEBP")
    # Screenshots, slides and diagrams stay PNG (JPEG smears their text and edges); a photograph
    # saved as PNG becomes JPEG. Few colours decides cheaply; otherwise the sizes decide:
    # measured on the corpus, graphics are at most ~4x larger as PNG, photographs 8-12x.
    if has_alpha or (lossless_source and _few_colours(work)):
        png = _encode(work, temp_dir, "PNG", optimize=True, **options)
        return ProcessedPhoto(png, ".png", upright, work.size, png.stat().st_size)
    jpeg_image = work if work.mode in ("RGB", "L") else work.convert("RGB")
    jpeg_image.info = {}
    jpeg = _encode(jpeg_image, temp_dir, "JPEG", quality=quality, progressive=True, optimize=True,
                   **options)
    try:   # from here on every failure (disk full while stepping down included) removes the temp
        jpeg_bytes = jpeg.stat().st_size
        while max_bytes and jpeg_bytes > max_bytes and quality > JPEG_QUALITY_FLOOR:
            # Rare (noisy, detailed photos): step the quality down until the site's budget is met.
            quality = max(JPEG_QUALITY_FLOOR, quality - JPEG_QUALITY_STEP)
            smaller = _encode(jpeg_image, temp_dir, "JPEG", quality=quality, progressive=True,
                              optimize=True, **options)
            previous, jpeg = jpeg, smaller
            previous.unlink()
            jpeg_bytes = jpeg.stat().st_size
        if lossless_source:
            png = _encode(work, temp_dir, "PNG", optimize=True, **options)
            try:
                png_bytes = png.stat().st_size
            except BaseException:
                png.unlink(missing_ok=True)
                raise
            if png_bytes <= PNG_OVER_JPEG_MAX * jpeg_bytes:
                jpeg.unlink()
                return ProcessedPhoto(png, ".png", upright, work.size, png_bytes)
            png.unlink()
    except BaseException:
        jpeg.unlink(missing_ok=True)
        raise
    return ProcessedPhoto(jpeg, ".jpg", upright, work.size, jpeg_bytes)


def _encode(im: Image.Image, temp_dir: Path, image_format: str, **params) -> Path:
    """Encode straight into a hidden temporary file, fsynced, with the usual file permissions.

    A real file and not BytesIO on purpose: Pillow releases the GIL while encoding to a file
    descriptor but not while encoding to memory, so with BytesIO the worker threads would take
    turns (measured: 2 threads, 1.0 cores busy; to files, 1.9).
    """
    try:
        fd, name = tempfile.mkstemp(prefix=".photo-", suffix=".tmp", dir=temp_dir)
    except OSError as exc:
        raise _WriteError(exc.strerror or exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            try:
                im.save(handle, image_format, **params)
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                raise _WriteError(exc.strerror or exc) from None
        os.chmod(name, NEW_FILE_MODE)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _normalise_mode(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Bring any input mode to RGB, RGBA, L or LA (CMYK through its ICC profile when it has one)."""
    mode = im.mode
    if mode in ("RGB", "RGBA", "L", "LA"):
        return im
    if mode == "CMYK":
        if icc is not None:
            try:
                return ImageCms.applyTransform(im, _transform(icc, "CMYK", "RGB"))
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # an unusable profile: Pillow's plain conversion is still better than failing
        return im.convert("RGB")
    if mode in ("P", "PA"):
        return im.convert("RGBA" if mode == "PA" or "transparency" in im.info else "RGB")
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I"):  # 16-bit greyscale PNG: scale to 8 bits instead of clipping at 255
        return im.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return im.convert("RGB")


def _drop_opaque_alpha(im: Image.Image) -> tuple[Image.Image, bool]:
    if im.mode not in ("RGBA", "LA"):
        return im, False
    low, _high = im.getchannel("A").getextrema()
    if low < 255:
        return im, True
    return im.convert("RGB" if im.mode == "RGBA" else "L"), False


def _few_colours(im: Image.Image) -> bool:
    return im.getcolors(SCREENSHOT_MAX_COLOURS) is not None


def _to_srgb(im: Image.Image, icc: bytes) -> Image.Image:
    """Convert RGB(A) pixels from their embedded profile to sRGB (Display P3 would shift otherwise)."""
    try:
        if is_srgb_profile(icc):
            return im
        if im.mode == "RGBA":
            alpha = im.getchannel("A")
            rgb = ImageCms.applyTransform(im.convert("RGB"), _transform(icc, "RGB", "RGB"))
            rgb.putalpha(alpha)
            return rgb
        return ImageCms.applyTransform(im, _transform(icc, "RGB", "RGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken or mismatched profile: keep the pixels as they are, as a browser would.
        return im


@functools.lru_cache(maxsize=16)
def is_srgb_profile(icc: bytes) -> bool:
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    description = (ImageCms.getProfileDescription(profile) or "").lower().replace(" ", "")
    return "srgb" in description or "iec61966-2" in description


@functools.lru_cache(maxsize=16)
def _transform(icc: bytes, in_mode: str, out_mode: str) -> ImageCms.ImageCmsTransform:
    # NOCACHE: the transform is shared by worker threads, and lcms' one-pixel cache is not.
    return ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"), in_mode, out_mode,
        renderingIntent=ImageCms.Intent.PERCEPTUAL, flags=ImageCms.Flags.NOCACHE)


@functools.lru_cache(maxsize=1)
def srgb_profile_bytes() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
