"""Benchmark photo triage on a 200-photo roll of 12 MP JPEGs (issue #14).

The roll is generated once (scenes with grain, bursts of 1-6 shots with hand-held shifts, some
blurred, some over-exposed, moments with gaps; EXIF DateTimeOriginal + OffsetTimeOriginal) in a
separate process, so neither its time nor its memory counts, and kept in the temp folder for the
next run. Then, in this process, ``name: value`` lines:

- first open (empty cache): wall time, photos/s, CPU ms per photo (all threads), with 2 workers;
- second open from the cache: wall time;
- the same files decoded full size (Image.open + load, one thread): CPU ms per photo, and the
  ratio of the triage's per-photo CPU to it (triage does more than decode: thumbnails, hashes,
  scores, grouping, content hash, cache writes);
- peak RSS of this process after the triage runs (before the full-size baseline);
- HEIC: the CPU ms per photo of the triage on a few 12 MP HEIC files (pillow-heif decodes in full).

Targets: first open <= 40 ms CPU per photo (<= 4 s wall for 200 on 2 cores), reopen <= 0.5 s,
peak RSS <= 300 MB. The machine may be shared: figures are what this run saw.
Run: ``.venv/bin/python bench/triage.py [--photos N] [--heic N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

SIZE = (4000, 3000)   # 12 MP
ROLL_VERSION = 1


def roll_folder(count: int) -> Path:
    return Path(tempfile.gettempdir()) / f"recap-editor-bench-triage-v{ROLL_VERSION}-{count}"


def generate(folder: Path, count: int, heic: int) -> None:
    """Write the roll (run in a child process: its memory and time are not measured)."""
    from triage_roll import blurred, frame, overexposed, save_jpeg, scene_canvas

    rng = random.Random(14)
    folder.mkdir(parents=True, exist_ok=True)
    when = datetime(2024, 5, 11, 18, 30)
    number = 0
    scene_seed = 0
    truth: dict[str, str] = {}   # what each shot really is, to check the marks against
    while number < count:
        scene_seed += 1
        canvas = None   # drawn only when a file of this scene is missing (a re-run is quick)
        when += timedelta(minutes=rng.choice((1, 2, 3, 25)) if scene_seed > 1 else 0)
        for shot in range(min(rng.choice((1, 1, 2, 3, 4, 6)), count - number)):
            number += 1
            path = folder / f"IMG_{number:04d}.jpg"
            shift = (rng.randrange(-60, 60), rng.randrange(-40, 40))
            roll = rng.random()
            truth[path.name] = "blurred" if roll < 0.10 else "overexposed" if roll < 0.15 else ""
            if path.exists():
                continue
            canvas = canvas or scene_canvas.__wrapped__(1000 + scene_seed, SIZE)   # uncached: 40 MB each
            image = frame(canvas, SIZE, shift)
            if truth[path.name] == "blurred":
                image = blurred(image, 6)
            elif truth[path.name] == "overexposed":
                image = overexposed(image)
            save_jpeg(path, image, when + timedelta(seconds=shot), "+02:00", quality=88)
    (folder / "truth.json").write_text(json.dumps(truth))
    if heic:
        import pillow_heif

        pillow_heif.register_heif_opener()
        heic_folder = folder / "heic"
        heic_folder.mkdir(exist_ok=True)
        for index in range(heic):
            path = heic_folder / f"IMG_H{index:03d}.heic"
            if not path.exists():
                frame(scene_canvas.__wrapped__(5000 + index, SIZE), SIZE).save(path, quality=80)
    (folder / "done.json").write_text(json.dumps({"count": count, "heic": heic}))


def ensure_roll(count: int, heic: int) -> Path:
    folder = roll_folder(count)
    marker = folder / "done.json"
    if marker.exists() and (folder / "truth.json").exists() and \
            json.loads(marker.read_text()).get("heic", 0) >= heic:
        return folder
    print(f"generating the roll in {folder} (once; not timed)…", file=sys.stderr)
    subprocess.run([sys.executable, __file__, "--generate", str(count), "--heic", str(heic)], check=True)
    return folder


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--heic", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(roll_folder(args.generate), args.generate, args.heic)
        return 0

    folder = ensure_roll(args.photos, args.heic)
    photos = sorted(folder.glob("IMG_*.jpg"))
    from PIL import Image

    from recap_editor.photos.triage import triage
    from recap_editor.photos.triage_cache import TriageCache

    with tempfile.TemporaryDirectory(prefix="triage-bench-") as scratch:
        cache = TriageCache(Path(scratch) / "cache.sqlite")
        for path in photos:   # the files in the page cache, as after copying them off a phone
            path.read_bytes()
        cpu, wall = cpu_seconds(), time.perf_counter()
        result = triage([folder], cache=cache, workers=args.workers)
        first_wall, first_cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        assert not result.errors, result.errors
        n = len(result.photos)
        wall = time.perf_counter()
        again = triage([folder], cache=cache, workers=args.workers)
        reopen = time.perf_counter() - wall
        assert all(p.from_cache for p in again.photos)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cache.close()

        sample = photos[:: max(1, len(photos) // 40)]
        cpu = cpu_seconds()
        for path in sample:
            with Image.open(path) as im:
                im.load()
        full_ms = (cpu_seconds() - cpu) / len(sample) * 1000

        heic_ms = None
        heic_files = sorted((folder / "heic").glob("*.heic"))[: args.heic]
        if heic_files:
            cpu = cpu_seconds()
            heic_result = triage(heic_files, cache=TriageCache(Path(scratch) / "heic.sqlite"), workers=1)
            heic_ms = (cpu_seconds() - cpu) / len(heic_files) * 1000
            assert not heic_result.errors, heic_result.errors

    per_photo = first_cpu / n * 1000
    print(f"photos: {n}")
    print(f"moments: {len(result.moments)}")
    print(f"stacks: {len(result.stacks)}")
    print(f"suggested: {len(result.suggested)}")
    truth = json.loads((folder / "truth.json").read_text())
    for mark in ("blurred", "overexposed"):
        real = {name for name, what in truth.items() if what == mark}
        found = {p.path.name for p in result.photos if mark in p.marks}
        print(f"{mark}_marked_correctly: {len(real & found)}/{len(real)} (false marks: {len(found - real)})")
    bad = [result.photos[i].path.name for i in result.suggested if truth.get(result.photos[i].path.name)]
    print(f"suggested_blurred_or_overexposed: {len(bad)}")
    print(f"kinds_slide_or_screenshot: {sum(p.is_screen for p in result.photos)}")
    print(f"workers: {args.workers}")
    print(f"first_open_wall_s: {first_wall:.2f}")
    print(f"first_open_photos_per_s: {n / first_wall:.1f}")
    print(f"first_open_cpu_ms_per_photo: {per_photo:.1f}")
    print(f"reopen_wall_s: {reopen:.3f}")
    print(f"full_decode_cpu_ms_per_photo: {full_ms:.1f}")
    print(f"triage_vs_full_decode_ratio: {per_photo / full_ms:.2f}")
    print(f"peak_rss_mb: {peak_mb:.0f}")
    if heic_ms is not None:
        print(f"heic_triage_cpu_ms_per_photo: {heic_ms:.1f}")
    print(f"load_average_1min: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
