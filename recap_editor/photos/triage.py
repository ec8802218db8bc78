"""Photo triage: a whole camera roll in, its moments, near-duplicate stacks and suggested picks out.

``triage(paths)`` reads every photo once (its bytes give the cache key), decodes it small
(:mod:`triage_decode`), measures it (:mod:`triage_scores`), orders the roll by capture time
(:mod:`triage_capture`), splits it into moments and stacks (:mod:`triage_groups`). Photos run on
a pool of threads (Pillow and hashlib release the GIL for the heavy parts), with
``progress(done, total)`` and a ``cancel`` event. One bad file becomes an error naming it; the rest
of the roll is triaged. Results come from the cache (:mod:`triage_cache`) when the photo's content
was analysed before. No Qt here: the window and ``recap-editor triage`` share this.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from recap_editor.photos.importer import expand_paths
from recap_editor.photos.pipeline import PhotoError, refuse_decompression_bombs
from recap_editor.photos.triage_cache import NoCache, TriageCache
from recap_editor.photos.triage_capture import MOMENT_GAP, CaptureTime, capture_time, split_moments
from recap_editor.photos.triage_decode import decode
from recap_editor.photos.triage_groups import Stack, build_stacks, rank_stacks, suggest
from recap_editor.photos.triage_scores import Scores, score

SCREEN_KINDS = ("screenshot", "slide")


@dataclass
class TriagePhoto:
    path: Path
    digest: str
    capture: CaptureTime
    size: tuple[int, int]
    image_format: str
    scores: Scores
    thumb_jpeg: bytes = field(repr=False)
    marks: list[str] = field(default_factory=list)   # "blurred", "overexposed", "underexposed"
    stack: int = -1                                  # index into TriageResult.stacks
    moment: int = -1                                 # index into TriageResult.moments
    from_cache: bool = False
    stars: int = 0                                   # the writer's rating 1-5 (0: none), kept in the cache

    @property
    def timestamp(self) -> float:
        return self.capture.timestamp

    @property
    def kind(self) -> str:
        return self.scores.kind

    @property
    def is_screen(self) -> bool:
        return self.scores.kind in SCREEN_KINDS

    def analysis_json(self) -> dict:
        """What the cache keeps (everything the file's content decides; not its path)."""
        s = self.scores
        return {"capture": self.capture.to_json(), "size": list(self.size), "format": self.image_format,
                "dhash": f"{s.dhash:032x}", "sharpness": s.sharpness, "highlights": s.highlights,
                "shadows": s.shadows, "brightness": s.brightness, "kind": s.kind}

    @classmethod
    def from_analysis(cls, path: Path, digest: str, data: dict, thumb: bytes) -> "TriagePhoto":
        scores = Scores(int(data["dhash"], 16), float(data["sharpness"]), float(data["highlights"]),
                        float(data["shadows"]), float(data["brightness"]), str(data["kind"]))
        width, height = data["size"]
        return cls(path, digest, CaptureTime.from_json(data["capture"]), (int(width), int(height)),
                   str(data["format"]), scores, thumb)


@dataclass
class Moment:
    start: int          # first roll index
    end: int            # one past the last
    label: str          # "19:02" (the first shot's clock time; with the date when the roll spans days)


@dataclass
class TriageResult:
    photos: list[TriagePhoto]        # capture order
    moments: list[Moment]
    stacks: list[Stack]              # in capture order of their first shot
    suggested: list[int]             # roll indexes, capture order
    errors: list[str]                # "PATH: reason" for every file that could not be triaged
    cancelled: bool = False

    def stack_of(self, index: int) -> Stack:
        return self.stacks[self.photos[index].stack]


ProgressCallback = Callable[[int, int], None]


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _analyse(path: Path, data: bytes, digest: str, mtime: float) -> TriagePhoto:
    decoded = decode(path, data)
    scores = score(decoded.analysis, decoded.thumb, path.name, decoded.image_format, decoded.has_camera)
    return TriagePhoto(path, digest, capture_time(decoded.exif, mtime), decoded.size,
                       decoded.image_format, scores, decoded.thumb_jpeg)


def _one(path: Path, cache: TriageCache) -> TriagePhoto | str:
    """Triage one file: from the cache when its content is known. Returns the photo or an error."""
    try:
        stat = path.stat()
        digest = cache.known_digest(path, stat.st_size, stat.st_mtime_ns)
        if digest is not None:
            hit = cache.get(digest)
            if hit is not None:
                photo = TriagePhoto.from_analysis(path, digest, *hit)
                photo.from_cache = True
                photo.stars = cache.stars(digest)
                return photo
        data = path.read_bytes()
    except OSError as exc:
        return f"{path}: cannot read it ({exc.strerror or exc})"
    digest = content_digest(data)
    try:
        hit = cache.get(digest)
        if hit is not None:   # the same photo under another name or after a copy
            photo = TriagePhoto.from_analysis(path, digest, *hit)
            photo.from_cache = True
        else:
            photo = _analyse(path, data, digest, stat.st_mtime)
            cache.put(digest, photo.analysis_json(), photo.thumb_jpeg)
    except PhotoError as exc:
        return f"{path}: {exc}"
    except MemoryError:
        return f"{path}: not enough memory to decode it"
    except (KeyError, TypeError, ValueError) as exc:   # a cache row from a buggy older run
        return f"{path}: cannot analyse it ({exc})"
    cache.remember_file(path, stat.st_size, stat.st_mtime_ns, digest)
    photo.stars = cache.stars(digest)
    return photo


def triage(paths: Iterable[Path | str], cache: TriageCache | None = None, workers: int | None = None,
           progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
           moment_gap=MOMENT_GAP) -> TriageResult:
    """Triage the photos (folders expanded to the images directly inside them)."""
    refuse_decompression_bombs()
    own_cache = cache is None
    cache = TriageCache() if cache is None else cache
    cancel = cancel or threading.Event()
    errors: list[str] = []
    files: list[Path] = []
    for item in expand_paths(paths):
        if isinstance(item, Path):
            files.append(item)
        else:
            errors.append(item.error or str(item.source))
    total = len(files)
    outcomes: list[TriagePhoto | str | None] = [None] * total
    done = 0
    lock = threading.Lock()

    def work(index: int) -> None:
        nonlocal done
        if cancel.is_set():
            return
        outcomes[index] = _one(files[index], cache)
        with lock:
            done += 1
            count = done
        if progress is not None:
            progress(count, total)

    count = max(1, min(workers or os.cpu_count() or 1, total or 1))
    try:
        with ThreadPoolExecutor(max_workers=count, thread_name_prefix="photo-triage") as pool:
            for future in [pool.submit(work, i) for i in range(total)]:
                future.result()
    finally:
        cache.commit()
        if own_cache:
            cache.close()
    photos = [o for o in outcomes if isinstance(o, TriagePhoto)]
    errors += [o for o in outcomes if isinstance(o, str)]
    return arrange(photos, errors, cancel.is_set(), moment_gap)


def arrange(photos: list[TriagePhoto], errors: list[str], cancelled: bool = False,
            moment_gap=MOMENT_GAP) -> TriageResult:
    """Order the analysed photos by capture time and group them (cheap: no decoding)."""
    photos = sorted(photos, key=lambda p: (p.timestamp, p.path.name))
    for photo in photos:
        photo.marks = [m for m in photo.scores.exposure_marks()] if photo.kind == "photo" else []
        photo.stack = photo.moment = -1
    spans = split_moments([p.timestamp for p in photos], moment_gap)
    # Dates in the labels only for a roll shot over several days (by the camera's clock: a
    # screenshot saved today, dated by its file, does not make a one-evening roll "several days").
    dated = [p for p in photos if p.capture.source != "file"] or photos
    several_days = len({p.capture.date for p in dated}) > 1
    moments = []
    previous_date = ""
    for number, (start, end) in enumerate(spans):
        first = photos[start].capture
        # The date only where it changes (a roll over several days, or a screenshot from today)
        label = f"{first.date} {first.clock}" if several_days and first.date != previous_date else first.clock
        previous_date = first.date
        moments.append(Moment(start, end, label))
        for index in range(start, end):
            photos[index].moment = number
    stacks = rank_stacks(photos, build_stacks(photos, spans))
    for number, stack in enumerate(stacks):
        for index in stack.members:
            photos[index].stack = number
    return TriageResult(photos, moments, stacks, suggest(photos, stacks), errors, cancelled)


def uncached() -> TriageCache:
    return NoCache()


def count(number: int, one: str, many: str) -> str:
    """"1 moment", "2 moments": a count in the writer's grammar."""
    return f"{number} {one if number == 1 else many}"


def roll_summary(result: TriageResult, picked: int | None = None) -> str:
    """"25 photos in 3 moments, 4 stacks of near-duplicates (11 photos); 16 suggested" (or "2
    picked" when `picked` is given). A photo with no near-duplicate is not called a stack."""
    moments = sum(any(not p.is_screen for p in result.photos[m.start:m.end]) for m in result.moments)
    screens = sum(p.is_screen for p in result.photos)
    stacked = [stack for stack in result.stacks if len(stack.members) > 1]
    in_stacks = sum(len(stack.members) for stack in stacked)
    chosen = f"{picked} picked" if picked is not None else f"{len(result.suggested)} suggested"
    return (f"{count(len(result.photos), 'photo', 'photos')} in {count(moments, 'moment', 'moments')}"
            + (f", {count(len(stacked), 'stack', 'stacks')} of near-duplicates "
               f"({count(in_stacks, 'photo', 'photos')})" if stacked else "")
            + (f", {count(screens, 'screenshot or slide', 'screenshots or slides')}" if screens else "")
            + f"; {chosen}")
