"""Pillow as every reader of photos here uses it: the HEIC opener registered and the decompression
bomb limit set, once, by importing this module. The importer, the metadata reader (privacy checks,
export's scrub) and the checks' image sizes all import it, so `recap-editor check`, the window's
checks and an export read every image the importer reads (a phone's HEIC photo is not
"unreadable" to one and a photo to another), whichever of them loads first."""

from __future__ import annotations

from PIL import Image

try:  # iPhone photos; without pillow-heif those files get a clear per-file error instead
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_AVAILABLE = True
except ImportError:  # pragma: no cover - pillow-heif is a declared dependency
    HEIF_AVAILABLE = False

# Deliberate bomb limit: a 108 MP phone sensor passes, a declared 30000x30000 image does not.
# Pillow warns above this and raises above twice this; the importer refuses both (pipeline._open).
MAX_PIXELS = 120_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
