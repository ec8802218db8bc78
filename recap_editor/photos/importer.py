"""Import a batch of photos into a post's image folder on a pool of worker threads.

Each photo goes through :mod:`recap_editor.photos.pipeline` (Pillow releases the GIL while decoding,
resampling and encoding, so threads scale with cores) and is written by
:func:`recap_editor.photos.naming.commit_photo` (unique name, content de-duplication, atomic write).
One bad file never stops the batch: it becomes a :class:`PhotoResult` whose ``error`` names the file
and the reason. A cancelled (or interrupted) batch is rolled back: the files it wrote are removed,
so the folder looks as before; atomic writes mean no partial or temporary file is ever left.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from recap_editor.photos.naming import commit_photo, output_stem
from recap_editor.photos.pipeline import (
    JPEG_QUALITY_DEFAULT, SUPPORTED_SUFFIXES, PhotoError, process_photo, refuse_decompression_bombs,
)

CANCELLED = "cancelled"
# Longest/shortest side at or above this ratio: a panorama, shown alone on its own row.
PANORAMA_RATIO = 2.0
# Within 10 % of square counts as square (pairs well with anything that is not a panorama).
SQUARE_TOLERANCE = 1.1


@dataclass
class ImportOptions:
    max_size: int = 1600              # longest side in pixels; never upscaled
    quality: int = JPEG_QUALITY_DEFAULT
    keep_capture_time: bool = False   # copy the EXIF date/time tags (nothing else is ever kept)
    workers: int | None = None        # None -> os.cpu_count()
    max_bytes: int | None = None      # JPEG quality steps down until a photo fits (site budget)

    @classmethod
    def for_site(cls, profile, **overrides) -> "ImportOptions":
        """The site profile's web size, image budget and capture-time choice (defaults without a
        site); ``overrides`` that are not None win (command-line flags)."""
        values = {} if profile is None else {
            "max_size": profile.web_size, "max_bytes": profile.image_budget_bytes,
            "keep_capture_time": profile.keep_capture_time}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class PhotoResult:
    source: Path
    dest: Path | None
    error: str | None                  # "PATH: reason" when the photo was not imported
    original_size: tuple[int, int] | None = None   # upright, as a viewer shows it
    output_size: tuple[int, int] | None = None
    original_bytes: int = 0
    output_bytes: int = 0
    reused: bool = False               # the same photo was already in the folder: that file is used
    orientation: str = ""              # "landscape" | "portrait" | "square" | "panorama" ("" on error)

    @property
    def ok(self) -> bool:
        return self.error is None and self.dest is not None


ProgressCallback = Callable[[int, int, PhotoResult], None]


def supported_suffixes() -> set[str]:
    """File name suffixes (lower case, with the dot) that folder expansion picks up."""
    return set(SUPPORTED_SUFFIXES)


def orientation_of(size: tuple[int, int]) -> str:
    width, height = size
    ratio = max(width, height) / max(1, min(width, height))
    if ratio >= PANORAMA_RATIO:
        return "panorama"
    if ratio < SQUARE_TOLERANCE:
        return "square"
    return "landscape" if width > height else "portrait"


def natural_key(name: str) -> list:
    """``img2`` before ``img10``: digit runs compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def expand_paths(paths: Iterable[Path | str]) -> list[Path | PhotoResult]:
    """Files stay as given; a folder becomes the images directly inside it, in natural order.

    A folder without images yields an error result so the user learns why nothing happened.
    """
    expanded: list[Path | PhotoResult] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            expanded.append(path)
            continue
        try:
            names = os.listdir(path)
        except OSError as exc:
            expanded.append(_failed(path, f"cannot list the folder ({exc.strerror or exc})"))
            continue
        images = sorted((n for n in names if not n.startswith(".")
                         and Path(n).suffix.lower() in SUPPORTED_SUFFIXES
                         and (path / n).is_file()), key=natural_key)
        if not images:
            expanded.append(_failed(path, "the folder holds no JPEG, PNG, WebP or HEIC images"))
        expanded.extend(path / name for name in images)
    return expanded


def import_photos(paths: Iterable[Path | str], dest_dir: Path | str,
                  options: ImportOptions | None = None,
                  progress: ProgressCallback | None = None,
                  cancel: threading.Event | None = None) -> list[PhotoResult]:
    """Import every photo (folders expanded) into ``dest_dir``; results in input order.

    ``progress(done, total, result)`` is called after each photo, from the worker threads (and
    from the calling thread for a folder that holds no images).
    Setting ``cancel`` stops the batch: photos not yet written are skipped, and files this batch
    already wrote are removed again; their results carry the error ``"PATH: cancelled"``.
    """
    refuse_decompression_bombs()
    options = options or ImportOptions()
    dest_dir = Path(dest_dir)
    cancel = cancel or threading.Event()
    items = expand_paths(paths)
    total = len(items)
    results: list[PhotoResult | None] = [None] * total
    counter = _Counter()

    def report(index: int, result: PhotoResult) -> None:
        results[index] = result
        done = counter.increment()
        if progress is not None:
            progress(done, total, result)

    def work(index: int, path: Path) -> None:
        report(index, _import_one(path, dest_dir, options, cancel))

    workers = max(1, min(options.workers or os.cpu_count() or 1, total or 1))
    created = _missing_folders(dest_dir) if any(isinstance(i, Path) for i in items) else []
    if created:
        try:
            dest_dir.mkdir(parents=True)
        except OSError as exc:
            reason = f"cannot create the folder {dest_dir} ({exc.strerror or exc})"
            return [item if isinstance(item, PhotoResult) else _failed(item, reason) for item in items]
    repeats = _repeats_in_batch(items)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="photo-import")
    try:
        futures = []
        for index, item in enumerate(items):
            if isinstance(item, PhotoResult):
                report(index, item)
            elif index not in repeats:
                futures.append(pool.submit(work, index, item))
        for future in futures:
            future.result()  # re-raises a bug in our own code instead of hiding it
        for index, first in repeats.items():
            if not cancel.is_set():
                report(index, _repeat_of(items[index], results[first]))
    except BaseException:
        cancel.set()  # KeyboardInterrupt or a bug: stop the workers, then roll back
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if cancel.is_set():
            _roll_back(results)
        if created and not any(r is not None and r.ok for r in results):
            _remove_if_empty(created)  # nothing imported: leave no new empty folders behind
    return [r if r is not None else _failed(Path(str(items[i])), CANCELLED)
            for i, r in enumerate(results)]


def _import_one(path: Path, dest_dir: Path, options: ImportOptions,
                cancel: threading.Event) -> PhotoResult:
    if cancel.is_set():
        return _failed(path, CANCELLED)
    try:
        original_bytes = path.stat().st_size
    except OSError:
        original_bytes = 0
    try:
        processed = process_photo(path, dest_dir, options.max_size, options.quality,
                                  options.keep_capture_time, options.max_bytes)
    except PhotoError as exc:
        return _failed(path, str(exc), original_bytes)
    except MemoryError:
        return _failed(path, "not enough memory to decode it", original_bytes)
    if cancel.is_set():
        processed.temp_file.unlink()
        return _failed(path, CANCELLED, original_bytes)
    try:
        dest, reused = commit_photo(dest_dir, output_stem(path), processed.suffix, processed.temp_file)
    except OSError as exc:
        return _failed(path, f"cannot write into {dest_dir} ({exc.strerror or exc})", original_bytes)
    return PhotoResult(
        source=path, dest=dest, error=None, original_size=processed.original_size,
        output_size=processed.output_size, original_bytes=original_bytes,
        output_bytes=processed.output_bytes, reused=reused,
        orientation=orientation_of(processed.output_size))


def _repeats_in_batch(items: list) -> dict[int, int]:
    """Photos given twice in one batch (the same bytes, e.g. copied off the phone twice): index of
    each repeat -> index of its first occurrence, so the first keeps its name and the repeat is
    neither processed nor written again. Only files of equal size are hashed (rare otherwise)."""
    by_size: dict[int, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if isinstance(item, Path):
            try:
                by_size[item.stat().st_size].append(index)
            except OSError:
                pass  # reported by the import itself
    repeats: dict[int, int] = {}
    for indexes in by_size.values():
        first_by_digest: dict[bytes, int] = {}
        for index in indexes if len(indexes) > 1 else ():
            try:
                digest = hashlib.sha256(items[index].read_bytes()).digest()
            except OSError:
                continue
            if digest in first_by_digest:
                repeats[index] = first_by_digest[digest]
            else:
                first_by_digest[digest] = index
    return repeats


def _repeat_of(path: Path, first: PhotoResult | None) -> PhotoResult:
    if first is None or not first.ok:
        return _failed(path, f"the same photo as {first.source.name if first else 'another'}, "
                             "which could not be imported")
    return replace(first, source=path, reused=True)


def _failed(path: Path, reason: str, original_bytes: int = 0) -> PhotoResult:
    return PhotoResult(source=path, dest=None, error=f"{path}: {reason}",
                       original_bytes=original_bytes)


def _roll_back(results: list[PhotoResult | None]) -> None:
    """Remove the files this batch wrote (never reused ones: they were there before)."""
    for index, result in enumerate(results):
        if result is None or not result.ok:
            continue
        if not result.reused and result.dest is not None:
            try:
                result.dest.unlink()
            except FileNotFoundError:
                pass
        results[index] = _failed(result.source, CANCELLED, result.original_bytes)


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    for folder in folders:  # deepest first
        try:
            folder.rmdir()
        except OSError:  # not empty (someone else's files) or already gone: leave it
            return


class _Counter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def increment(self) -> int:
        with self._lock:
            self._value += 1
            return self._value
