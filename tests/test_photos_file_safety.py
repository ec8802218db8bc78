"""Photo files are never lost or left behind: commits never overwrite (another process may write
into the same folder), and no temporary file survives a failure, disk full included."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

from PIL import Image, ImageFilter

from recap_editor.photos import naming
from recap_editor.photos.importer import ImportOptions, import_photos
from recap_editor.photos.naming import commit_photo


def _noisy(path: Path, size=(1600, 1200), seed: int = 30) -> Path:
    im = Image.merge("RGB", [Image.effect_noise(size, seed).filter(ImageFilter.GaussianBlur(0.5))] * 3)
    im.save(path, "JPEG", quality=95)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_disk_full_while_stepping_quality_down_leaves_no_temp_file(tmp_path, monkeypatch):
    source = _noisy(tmp_path / "noisy.jpg")
    dest = tmp_path / "out"
    dest.mkdir()
    real_save, calls = Image.Image.save, []

    def save(self, fp, format=None, **params):
        calls.append(format)
        if len(calls) >= 2:   # the first encode fits on disk, the smaller retry does not
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(self, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", save)
    [result] = import_photos([source], dest, ImportOptions(workers=1, max_bytes=50_000))
    assert len(calls) == 2
    assert not result.ok and "No space left on device" in result.error
    assert _leftovers(dest) == [] and list(dest.iterdir()) == []


def test_disk_full_on_the_first_encode_leaves_nothing(tmp_path, monkeypatch):
    source = _noisy(tmp_path / "noisy.jpg")
    dest = tmp_path / "out"
    dest.mkdir()

    def save(self, fp, format=None, **params):
        fp.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", save)
    [result] = import_photos([source], dest, ImportOptions(workers=1))
    assert not result.ok and list(dest.iterdir()) == []


def test_commit_never_overwrites_a_file_another_process_just_wrote(tmp_path, monkeypatch):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "stage.jpg").write_bytes(b"the other import's photo")
    monkeypatch.setattr(naming, "_listing", lambda folder: [])   # listed before the other wrote
    temp = dest / ".photo-1.tmp"
    temp.write_bytes(b"our photo")
    path, reused = commit_photo(dest, "stage", ".jpg", temp)
    assert (path.name, reused) == ("stage-2.jpg", False)
    assert (dest / "stage.jpg").read_bytes() == b"the other import's photo"
    assert path.read_bytes() == b"our photo" and not temp.exists()


def test_two_concurrent_imports_into_one_folder_both_survive(tmp_path, monkeypatch):
    """Two imports (as two processes would: the in-process lock is bypassed) of different photos
    with the same name into one folder: both files survive under distinct names."""
    monkeypatch.setattr(naming, "_COMMIT_LOCK", _NoLock())
    listed = threading.Barrier(2)
    real_listing = naming._listing

    def listing(folder):
        names = real_listing(folder)
        listed.wait(timeout=30)   # both have listed the (empty) folder before either commits
        return names

    monkeypatch.setattr(naming, "_listing", listing)
    dest = tmp_path / "out"
    dest.mkdir()
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    sources = [_noisy(a / "stage.jpg", seed=10), _noisy(b / "stage.jpg", seed=90)]
    results: list = [None, None]

    def run(i):
        results[i] = import_photos([sources[i]], dest, ImportOptions(workers=1))[0]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(r.ok for r in results)
    assert sorted(p.name for p in dest.iterdir()) == ["stage-2.jpg", "stage.jpg"]
    assert results[0].dest != results[1].dest


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
