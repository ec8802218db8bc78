"""Output names and de-duplication in the post's image folder.

A name is the source file's stem as a slug (``IMG 0042 (1).JPG`` → ``img-0042-1.jpg``), made unique
in the folder with ``-2``, ``-3``… (compared case-insensitively, for macOS and Windows file systems).

Importing the very same photo again must reuse the file instead of adding ``-2``. The pipeline is
deterministic (same source bytes + same options → same output bytes), so the content hash of the
*output* identifies it: a file in the folder with the same size and SHA-256 is the same photo. This
needs no sidecar index that could go stale, be lost with a clone, or end up committed to the site,
and it still works after the user renamed the file.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from recap_editor.document.files import fsync_dir
from recap_editor.document.slug import slugify

# Choosing a name and renaming the file into place happen under one lock, so two workers finishing
# photos with the same stem (or the same content) in the same batch never pick the same name.
_COMMIT_LOCK = threading.Lock()


def output_stem(source: Path) -> str:
    """``IMG 0042 (1).JPG`` → ``img-0042-1``."""
    return slugify(source.stem, fallback="photo")


def commit_photo(dest_dir: Path, stem: str, suffix: str, temp_file: Path) -> tuple[Path, bool]:
    """Move the finished ``temp_file`` (in ``dest_dir``, fsynced) into place as ``stem + suffix``,
    made unique. It appears whole or not at all, and never over an existing file: the lock covers
    this process's workers, :func:`_claim` another process (or app) writing into the same folder.

    Returns ``(path, reused)``; ``reused`` is True when the folder already held these exact bytes:
    the temporary file is deleted and the existing file is the result. The temporary file never
    outlives this call.
    """
    try:
        data = temp_file.read_bytes()
        digest = hashlib.sha256(data).digest()
        with _COMMIT_LOCK:
            existing = _listing(dest_dir)
            same = _same_content(dest_dir, existing, suffix, len(data), digest)
            if same is not None:
                temp_file.unlink()
                return same, True
            taken = {name.casefold() for name in existing}
            while True:
                path = dest_dir / unique_name(taken, stem, suffix)
                if _claim(temp_file, path):
                    break
                taken.add(path.name.casefold())   # another process took it meanwhile: next name
    except BaseException:
        try:
            temp_file.unlink()
        except FileNotFoundError:
            pass
        raise
    fsync_dir(dest_dir)
    return path, False


def _claim(temp_file: Path, path: Path) -> bool:
    """Give ``temp_file`` the name ``path`` unless that name exists (False then; nothing changed).

    ``os.link`` fails on an existing name, atomically, where ``os.replace`` would overwrite it.
    On a file system without hard links, an exclusively created placeholder reserves the name
    first and the rename then replaces only our own placeholder."""
    try:
        os.link(temp_file, path)
    except FileExistsError:
        return False
    except OSError:
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return False
        try:
            os.replace(temp_file, path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return True
    temp_file.unlink()
    return True


def unique_name(taken_casefolded: set[str], stem: str, suffix: str) -> str:
    """``stem.jpg``, else ``stem-2.jpg``, ``stem-3.jpg``… whichever is free."""
    candidate, number = f"{stem}{suffix}", 1
    while candidate.casefold() in taken_casefolded:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate


def _listing(folder: Path) -> list[str]:
    # Hidden files include atomic_write's own temporaries (".name.xxxx.tmp"): never candidates.
    return [entry for entry in os.listdir(folder) if not entry.startswith(".")]


def _same_content(folder: Path, names: list[str], suffix: str, size: int,
                  digest: bytes) -> Path | None:
    for name in sorted(names):
        if not name.lower().endswith(suffix):
            continue
        path = folder / name
        try:
            if not path.is_file() or path.stat().st_size != size:
                continue
            if hashlib.sha256(path.read_bytes()).digest() == digest:
                return path
        except OSError:  # vanished or unreadable: simply not a match
            continue
    return None
