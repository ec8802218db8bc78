"""The photo files the importer takes, by name: a module without Pillow, so the window can tell
a dropped photo from a dropped post without loading the image libraries it may never need."""

from __future__ import annotations

SUPPORTED_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".heic", ".heif"})
