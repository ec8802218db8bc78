"""Optimise a post's images in place: the photos pipeline again, on each of the post's local images
over the site's budget (or larger than its web size), keeping every file's name, so no link in the
post or elsewhere changes.

Each new file is written beside the old one and renamed over it (atomic). The old bytes are kept in
a backup folder first, so the whole run is one step the window can undo (:func:`restore`). An image
the pipeline would have to turn into another format (a photograph saved as PNG becomes JPEG) is left
as it is and reported: its name, and so the post's links, would have to change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from recap_editor.document.post import Post
from recap_editor.photos.pipeline import PhotoError, process_photo, refuse_decompression_bombs
from recap_editor.site.checks_media import image_size, resolve_local
from recap_editor.site.references import find_references

_SAME_FORMAT = {".jpg": ".jpg", ".jpeg": ".jpg", ".jpe": ".jpg", ".png": ".png"}


@dataclass
class Optimised:
    path: Path
    before: int                  # bytes
    after: int = 0               # bytes (0 when left unchanged)
    backup: Path | None = None   # the old bytes, for undo
    note: str = ""               # why it was left unchanged

    @property
    def changed(self) -> bool:
        return self.after > 0


def images_to_optimise(post: Post, profile) -> list[Path]:
    """The post's local images (each once) over the budget or larger than the web size."""
    post_path = post.path.resolve() if post.path else None
    found: dict[Path, None] = {}
    for ref in find_references(post.body):
        if ref.kind not in ("image", "image-link") or ref.is_remote:
            continue
        path = resolve_local(ref.url, post_path, profile)
        if path is None or not path.is_file() or path.suffix.lower() not in _SAME_FORMAT:
            continue
        path = path.resolve()
        dims = image_size(path)
        if dims is None:
            continue
        if path.stat().st_size > profile.image_budget_bytes or max(dims) > profile.web_size:
            found.setdefault(path)
    return list(found)


def optimise_images(post: Post, profile, backup_dir: Path | None = None,
                    paths: list[Path] | None = None) -> list[Optimised]:
    """Re-run the pipeline in place on ``paths`` (default: :func:`images_to_optimise`); with
    ``backup_dir``, the old bytes are kept there for :func:`restore`."""
    refuse_decompression_bombs()
    results = []
    for index, path in enumerate(paths if paths is not None else images_to_optimise(post, profile)):
        slot = Path(backup_dir) / str(index) if backup_dir is not None else None
        results.append(_optimise_one(path, profile, slot))
    return results


def _optimise_one(path: Path, profile, backup_slot: Path | None) -> Optimised:
    before = path.stat().st_size
    result = Optimised(path, before)
    try:
        processed = process_photo(path, path.parent, profile.web_size,
                                  keep_capture_time=profile.keep_capture_time,
                                  max_bytes=profile.image_budget_bytes)
    except PhotoError as exc:
        result.note = str(exc)
        return result
    temp = processed.temp_file
    try:
        if processed.suffix != _SAME_FORMAT[path.suffix.lower()]:
            result.note = (f"it would become {processed.suffix[1:].upper()}, which needs a new name; "
                           "left as it is")
        elif processed.output_bytes >= before:
            result.note = "already as small as the pipeline makes it"
        else:
            backup = None
            if backup_slot is not None:
                backup_slot.mkdir(parents=True, exist_ok=True)
                backup = backup_slot / path.name
                shutil.copy2(path, backup)
            os.chmod(temp, path.stat().st_mode & 0o777)
            os.replace(temp, path)
            result.after, result.backup = processed.output_bytes, backup
    finally:
        temp.unlink(missing_ok=True)
    return result


def restore(results: list[Optimised]) -> None:
    """Undo an optimisation: put every changed image's old bytes back (atomically)."""
    for result in results:
        if result.backup is None or not result.backup.is_file():
            continue
        fd, tmp = tempfile.mkstemp(prefix=".optimise-", suffix=".tmp", dir=result.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(result.backup.read_bytes())
            os.replace(tmp, result.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
