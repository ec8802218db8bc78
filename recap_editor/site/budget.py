"""The site's image budget: the largest image file a post may add.

It is the site's rule, not the app's: ``image_budget_bytes`` in ``recap-editor.toml`` when the site
says it, else inferred from the images the site already publishes (their 90th percentile, rounded up
to 100 KB: what the site has accepted so far, minus its outliers), else the default. A site of
2 MB camera photos must not see every one of them flagged against a 500 KB figure it never chose.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

PERCENTILE = 0.9
MIN_IMAGES = 5          # fewer images say nothing about the site's habits
MAX_SCANNED = 20_000    # a huge static/ folder: its first images are evidence enough
_RASTER = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"}


def image_sizes(static_dir: Path) -> list[int]:
    """Byte sizes of the raster images under ``static_dir`` (at most :data:`MAX_SCANNED`)."""
    sizes: list[int] = []
    for folder, dirs, files in os.walk(static_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if os.path.splitext(name)[1].lower() in _RASTER:
                try:
                    sizes.append(os.stat(os.path.join(folder, name)).st_size)
                except OSError:
                    continue
                if len(sizes) >= MAX_SCANNED:
                    return sizes
    return sizes


def inferred_budget(static_dir: Path) -> tuple[int, str] | None:
    """(bytes, evidence) from the site's own images, or None when it has too few."""
    sizes = sorted(image_sizes(static_dir)) if static_dir.is_dir() else []
    if len(sizes) < MIN_IMAGES:
        return None
    rank = max(0, math.ceil(PERCENTILE * len(sizes)) - 1)   # nearest-rank percentile
    budget = math.ceil(sizes[rank] / 100_000) * 100_000
    return budget, f"90th percentile of the site's {len(sizes)} images"


def apply_inferred_budget(profile) -> None:
    """Set ``profile.image_budget_bytes`` from the site's images unless something already set it
    (``recap-editor.toml`` is applied after this and wins)."""
    found = inferred_budget(profile.static_dir)
    if found is not None:
        profile.image_budget_bytes, profile.sources["image_budget_bytes"] = found
