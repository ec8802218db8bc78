"""Photo triage on generated camera rolls: order, moments, stacks, scores, screens, errors, cache."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from recap_editor.photos.triage import triage
from recap_editor.photos.triage_cache import NoCache, TriageCache
from recap_editor.photos.triage_capture import parse_exif_time
from triage_roll import blurred, overexposed, save_jpeg, scene, screenshot, slide_photo

T0 = datetime(2024, 5, 11, 19, 0, 0)


def names(result, indexes) -> list[str]:
    return [result.photos[i].path.name for i in indexes]


def stack_names(result) -> list[list[str]]:
    return [sorted(names(result, s.members)) for s in result.stacks]


@pytest.fixture
def roll(tmp_path: Path) -> Path:
    """Three bursts of three (small hand-held shifts), two seconds apart, three minutes between."""
    folder = tmp_path / "roll"
    folder.mkdir()
    number = 0
    for burst in range(3):
        for shot in range(3):
            number += 1
            save_jpeg(folder / f"img_{number:03d}.jpg", scene(burst, shift=(shot * 9, -shot * 5)),
                      T0 + timedelta(minutes=3 * burst, seconds=2 * shot), "+02:00")
    return folder


def test_bursts_group_together_and_distinct_scenes_do_not(roll: Path) -> None:
    result = triage([roll], cache=NoCache())
    assert result.errors == []
    assert stack_names(result) == [["img_001.jpg", "img_002.jpg", "img_003.jpg"],
                                   ["img_004.jpg", "img_005.jpg", "img_006.jpg"],
                                   ["img_007.jpg", "img_008.jpg", "img_009.jpg"]]
    assert len(result.suggested) == 3
    assert {result.photos[i].stack for i in result.suggested} == {0, 1, 2}   # one per stack


def test_blurred_copy_scores_below_its_original_and_is_not_suggested(roll: Path) -> None:
    sharp = scene(1, shift=(9, -5))
    save_jpeg(roll / "img_005.jpg", blurred(sharp, 1.5), T0 + timedelta(minutes=3, seconds=2), "+02:00")
    result = triage([roll], cache=NoCache())
    by_name = {p.path.name: p for p in result.photos}
    soft, crisp = by_name["img_005.jpg"], by_name["img_004.jpg"]
    assert soft.scores.sharpness < 0.5 * crisp.scores.sharpness
    assert soft.stack == crisp.stack                     # still the same scene: one stack
    assert "blurred" in soft.marks and soft in result.photos   # marked, not hidden
    assert "img_005.jpg" not in names(result, result.suggested)
    assert result.stack_of(result.photos.index(soft)).members[-1] == result.photos.index(soft)


def test_overexposed_copy_is_marked_and_not_the_best(roll: Path) -> None:
    save_jpeg(roll / "img_008.jpg", overexposed(scene(2, shift=(9, -5))),
              T0 + timedelta(minutes=6, seconds=2), "+02:00")
    result = triage([roll], cache=NoCache())
    by_name = {p.path.name: p for p in result.photos}
    assert by_name["img_008.jpg"].marks == ["overexposed"]
    assert by_name["img_007.jpg"].marks == []
    assert "img_008.jpg" not in names(result, result.suggested)
    assert all(not p.marks for p in result.photos if p.path.name != "img_008.jpg")


def test_capture_order_follows_datetime_original_and_offset_not_names(tmp_path: Path) -> None:
    # b.jpg: 19:30 in Berlin (17:30 UTC); a.jpg: 18:45 in London (17:45 UTC); c.jpg: 12:00 in
    # New York (16:00 UTC). By wall clock the order would be c, a, b; by name a, b, c.
    save_jpeg(tmp_path / "a.jpg", scene(1), datetime(2024, 5, 11, 18, 45), "+01:00")
    save_jpeg(tmp_path / "b.jpg", scene(2), datetime(2024, 5, 11, 19, 30), "+02:00")
    save_jpeg(tmp_path / "c.jpg", scene(3), datetime(2024, 5, 11, 12, 0), "-04:00")
    # no EXIF time: the file's modification time stands in (set to 17:40 UTC)
    save_jpeg(tmp_path / "0-first-by-name.jpg", scene(4), None)
    stamp = datetime(2024, 5, 11, 17, 40, tzinfo=parse_exif_time("2024:05:11 00:00:00", "+00:00").tzinfo)
    os.utime(tmp_path / "0-first-by-name.jpg", (stamp.timestamp(), stamp.timestamp()))
    result = triage([tmp_path], cache=NoCache())
    assert [p.path.name for p in result.photos] == ["c.jpg", "b.jpg", "0-first-by-name.jpg", "a.jpg"]
    assert [p.capture.source for p in result.photos] == ["exif", "exif", "file", "exif"]
    assert result.photos[1].capture.clock == "19:30"   # the camera's own clock labels it


def test_moments_split_at_gaps_and_are_labelled_with_clock_time(tmp_path: Path) -> None:
    for number, minutes in enumerate((0, 1, 3, 40, 41, 95)):
        save_jpeg(tmp_path / f"p{number}.jpg", scene(number), T0 + timedelta(minutes=minutes), "+02:00")
    result = triage([tmp_path], cache=NoCache())
    assert [(m.start, m.end, m.label) for m in result.moments] == [
        (0, 3, "19:00"), (3, 5, "19:40"), (5, 6, "20:35")]


def test_screenshot_png_and_slide_photo_are_recognised(roll: Path) -> None:
    screenshot().save(roll / "IMG_4410.png")   # a screenshot's name says nothing
    save_jpeg(roll / "img_010.jpg", slide_photo(), T0 + timedelta(minutes=7), "+02:00")
    result = triage([roll], cache=NoCache())
    kinds = {p.path.name: p.kind for p in result.photos}
    assert kinds["IMG_4410.png"] == "screenshot"
    assert kinds["img_010.jpg"] == "slide"
    assert {k for n, k in kinds.items() if n.startswith("img_00")} == {"photo"}
    # screens are not suggested as photos, and carry no exposure marks (white pages are not "clipped")
    assert "IMG_4410.png" not in names(result, result.suggested)
    assert all(not p.marks for p in result.photos if p.is_screen)


def test_a_photo_saved_as_png_is_not_a_screenshot(tmp_path: Path) -> None:
    scene(5).save(tmp_path / "export.png")
    result = triage([tmp_path], cache=NoCache())
    assert result.photos[0].kind == "photo"


def test_broken_file_is_named_and_the_rest_triaged(roll: Path) -> None:
    (roll / "img_004.jpg").write_bytes((roll / "img_004.jpg").read_bytes()[:600])  # truncated
    (roll / "notes.jpg").write_text("not a photo")
    (roll / "empty.jpg").write_bytes(b"")
    result = triage([roll], cache=NoCache())
    assert len(result.photos) == 8
    errors = "\n".join(result.errors)
    for name in ("img_004.jpg", "notes.jpg", "empty.jpg"):
        assert str(roll / name) in errors
    assert "empty file" in errors and "not an image" in errors


def test_cache_makes_a_reopen_skip_decoding_and_follows_content(roll: Path, tmp_path: Path,
                                                                monkeypatch) -> None:
    cache = TriageCache(tmp_path / "cache.sqlite")
    first = triage([roll], cache=cache)
    assert not any(p.from_cache for p in first.photos)

    import recap_editor.photos.triage as triage_module

    def no_decoding(*_args, **_kwargs):
        raise AssertionError("decoded although the cache holds the photo")

    monkeypatch.setattr(triage_module, "_analyse", no_decoding)
    again = triage([roll], cache=cache)
    assert all(p.from_cache for p in again.photos)
    assert [p.path for p in again.photos] == [p.path for p in first.photos]
    assert [p.marks for p in again.photos] == [p.marks for p in first.photos]
    assert again.suggested == first.suggested
    assert again.photos[0].thumb_jpeg == first.photos[0].thumb_jpeg

    # Copied elsewhere (new paths, new mtimes): found by content.
    copy = tmp_path / "copy"
    shutil.copytree(roll, copy)
    assert all(p.from_cache for p in triage([copy], cache=cache).photos)

    # Edited in place: analysed again.
    monkeypatch.undo()
    save_jpeg(copy / "img_001.jpg", blurred(scene(0), 3), T0, "+02:00")
    edited = {p.path.name: p for p in triage([copy], cache=cache).photos}
    assert not edited["img_001.jpg"].from_cache and edited["img_002.jpg"].from_cache
    assert "blurred" in edited["img_001.jpg"].marks


def test_default_cache_lives_in_xdg_cache_home(roll: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    triage([roll])
    assert (tmp_path / "xdg" / "recap-editor" / "triage.sqlite").is_file()


def test_a_damaged_cache_file_is_set_aside(roll: Path, tmp_path: Path) -> None:
    broken = tmp_path / "cache.sqlite"
    broken.write_bytes(b"this is not sqlite" * 100)
    result = triage([roll], cache=TriageCache(broken))
    assert len(result.photos) == 9 and result.errors == []


def test_progress_and_cancel(roll: Path) -> None:
    seen: list[tuple[int, int]] = []
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            cancel.set()

    result = triage([roll], cache=NoCache(), workers=1, progress=progress, cancel=cancel)
    assert result.cancelled
    assert seen[:2] == [(1, 9), (2, 9)] and len(result.photos) < 9


def test_orientation_is_applied_to_thumbnail_and_size(tmp_path: Path) -> None:
    image = scene(7, size=(400, 300))
    exif = Image.Exif()
    exif[0x0112] = 6   # rotate 90° clockwise to view
    image.save(tmp_path / "portrait.jpg", exif=exif)
    photo = triage([tmp_path], cache=NoCache()).photos[0]
    assert photo.size == (300, 400)
    from io import BytesIO
    with Image.open(BytesIO(photo.thumb_jpeg)) as thumb:
        assert thumb.height > thumb.width


@pytest.mark.corpus
def test_corpus_talk_photos_of_slides_are_recognised(corpus_site: Path) -> None:
    """Real phone photos from the corpus: slides that fill the frame are slides; the crowd, the
    audience and the venue sign are photos (a far-away screen may count as a photo: no claim)."""
    images = corpus_site / "static" / "images"
    photos = {p.name: p for p in images.rglob("*") if p.suffix.lower() == ".jpg"}
    wanted = ["cicd.JPG", "roadmap.JPG", "momentum.JPG", "linux-tools.jpg", "crowd.jpg", "kubecon2.jpg",
              "kubecon.jpg"]
    result = triage([photos[name] for name in wanted], cache=NoCache())
    kinds = {p.path.name: p.kind for p in result.photos}
    assert kinds == {"cicd.JPG": "slide", "roadmap.JPG": "slide", "momentum.JPG": "slide", "linux-tools.jpg": "slide",
                     "crowd.jpg": "photo", "kubecon2.jpg": "photo", "kubecon.jpg": "photo"}


def test_cache_forgets_the_least_recently_used_photos_beyond_its_size(roll: Path, tmp_path: Path) -> None:
    cache = TriageCache(tmp_path / "cache.sqlite")
    first = triage([roll], cache=cache)
    newest = first.photos[-1]
    cache.get(newest.digest)   # used again just now: it must stay
    cache.prune(keep=3)
    kept = {p.path.name for p in triage([roll], cache=cache).photos if p.from_cache}
    assert newest.path.name in kept and len(kept) == 3


def _exif_with_thumbnail(thumb_jpeg: bytes) -> bytes:
    """An EXIF block (little-endian TIFF) whose IFD1 holds a JPEG thumbnail, as cameras write it."""
    import struct

    def ifd(entries: list[tuple[int, int, int, int]], next_offset: int) -> bytes:
        body = struct.pack("<H", len(entries))
        for tag, kind, count, value in entries:
            body += struct.pack("<HHII", tag, kind, count, value)
        return body + struct.pack("<I", next_offset)

    ifd0_at = 8
    ifd0 = ifd([(0x010F, 2, 4, int.from_bytes(b"Cam\x00", "little"))], 0)   # Make "Cam"
    ifd1_at = ifd0_at + len(ifd0)
    thumb_at = ifd1_at + 2 + 2 * 12 + 4
    ifd0 = ifd([(0x010F, 2, 4, int.from_bytes(b"Cam\x00", "little"))], ifd1_at)
    ifd1 = ifd([(0x0201, 4, 1, thumb_at), (0x0202, 4, 1, len(thumb_jpeg))], 0)
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", ifd0_at) + ifd0 + ifd1 + thumb_jpeg


def test_a_large_enough_embedded_exif_thumbnail_is_used_as_it_is(tmp_path: Path) -> None:
    from io import BytesIO

    photo = scene(9, size=(1600, 1200))
    for size in ((400, 300), (160, 120)):
        buffer = BytesIO()
        photo.resize(size).save(buffer, "JPEG", quality=70)
        embedded = buffer.getvalue()
        path = tmp_path / f"cam-{size[0]}.jpg"
        photo.save(path, "JPEG", quality=90, exif=_exif_with_thumbnail(embedded))
        with Image.open(path) as check:
            assert check.getexif().get_ifd(ExifTags.IFD.IFD1)[0x0202] == len(embedded)   # well-formed
    result = {p.path.name: p for p in triage([tmp_path], cache=NoCache()).photos}
    big, small = result["cam-400.jpg"], result["cam-160.jpg"]
    with Image.open(tmp_path / "cam-400.jpg") as im:
        raw = im.info["exif"]
    assert big.thumb_jpeg in raw                    # the camera's own thumbnail, no re-encode
    assert small.thumb_jpeg not in raw              # too small for the grid: cut from the photo
    with Image.open(BytesIO(small.thumb_jpeg)) as thumb:
        assert max(thumb.size) == 320


@pytest.mark.corpus
def test_corpus_photos_from_one_seat_are_not_taken_for_bursts(corpus_site: Path) -> None:
    """Four slides of one talk and two speakers at the same podium, all shot from one seat (and
    all with the same file time: the corpus has no EXIF): each is its own stack, none marked."""
    images = corpus_site / "static" / "images"
    photos = {p.name: p for p in images.rglob("*") if p.suffix.lower() == ".jpg"}
    wanted = ["cicd.JPG", "contrib.JPG", "momentum.JPG", "roadmap.JPG", "jj.JPG", "sm.JPG"]
    result = triage([photos[name] for name in wanted], cache=NoCache())
    assert len(result.stacks) == 6
    assert all(not p.marks for p in result.photos)


@pytest.mark.parametrize("when, offset, subsec, expected", [
    ("2024:05:11 19:02:33", "+02:00", "", "2024-05-11T19:02:33+02:00"),
    ("2024:05:11 19:02:33", "-0430", "25", "2024-05-11T19:02:33.250000-04:30"),
    ("2024:05:11 19:02:33\x00", "", "", "2024-05-11T19:02:33"),
    ("0000:00:00 00:00:00", "+02:00", "", None),      # cameras with no clock set write zeros
    ("    :  :     :  :  ", "", "", None),
    (b"2024:05:11 19:02:33", b"+02:00", b"", "2024-05-11T19:02:33+02:00"),
])
def test_exif_time_stamps(when, offset, subsec, expected) -> None:
    parsed = parse_exif_time(when, offset, subsec)
    assert (parsed.isoformat() if parsed else None) == expected
