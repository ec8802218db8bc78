"""Where Recap Editor's own files and the user's data live."""

from __future__ import annotations

import os
from pathlib import Path

_SOURCE_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """The ``resources/`` folder, from an installed wheel or from the source tree."""
    try:
        import recap_editor.resources as pkg  # installed: resources/ is mapped into the package

        files = getattr(pkg, "__path__", None)
        if files:
            return Path(list(files)[0])
    except ImportError:  # running from a plain checkout without installing
        pass
    return _SOURCE_RESOURCES


def resource_path(*parts: str) -> Path:
    """A file inside ``resources/``, e.g. ``resource_path("css", "preview.css")``."""
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user data folder (XDG): recovery files, the working copy of the sample post."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    path = Path(base) / "recap-editor"
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_cache_dir() -> Path:
    """Per-user cache folder (XDG): what can be rebuilt from other files (photo analyses, word lists)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "recap-editor"
