"""The photo import pipeline: upright, small, sRGB, scrubbed, named, de-duplicated, atomic, robust."""

from __future__ import annotations

import io
import os
import struct
import threading
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageStat

from recap_editor.photos import importer as importer_module
from recap_editor.photos import naming
from recap_editor.photos.importer import (
    ImportOptions, expand_paths, import_photos, orientation_of, supported_suffixes,
)
from recap_editor.photos.metadata import privacy_problems
from recap_editor.photos.pipeline import MAX_PIXELS

SECRETS = [b"SN-SECRET-4242", b"LENS-SECRET-77", b"Jane Secretowner", b"MAKERNOTE-SECRET",
           b"XMP-SECRET", b"COMMENT-SECRET"]

# The display transform for each EXIF orientation, and its inverse (to make the stored pixels).
_SHOW = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
         4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
         6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}
_STORE = {**_SHOW, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def reference_image(size=(480, 320)) -> Image.Image:
    """Four different quadrants and a mark: any wrong flip or rotation is obvious."""
    w, h = size
    im = Image.new("RGB", size, (230, 30, 30))
    im.paste((30, 200, 30), (w // 2, 0, w, h // 2))
    im.paste((30, 30, 220), (0, h // 2, w // 2, h))
    im.paste((240, 240, 240), (w // 2, h // 2, w, h))
    im.paste((0, 0, 0), (w // 8, h // 8, w // 4, h // 4))
    return im


def private_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Camera Maker"
    exif[ExifTags.Base.DateTime] = "2016:05:11 19:02:33"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (34.0, 3.0, 10.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (118.0, 14.0, 42.0)
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = "2016:05:11 19:02:33"
    sub[ExifTags.Base.OffsetTimeOriginal] = "-07:00"
    sub[ExifTags.Base.BodySerialNumber] = SECRETS[0].decode()
    sub[ExifTags.Base.LensSerialNumber] = SECRETS[1].decode()
    sub[ExifTags.Base.CameraOwnerName] = SECRETS[2].decode()
    sub[ExifTags.Base.MakerNote] = SECRETS[3] + b"\x00" * 16
    return exif


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
       b'exif:GPSLatitude="34,3.1N" exif:GPSLongitude="118,14.7W" aux:SerialNumber="XMP-SECRET"/>'
       b'</rdf:RDF></x:xmpmeta>')


def write_jpeg(path: Path, im: Image.Image, exif: Image.Exif | None = None, **extra) -> Path:
    kwargs = {"quality": 90, **extra}
    if exif is not None:
        kwargs["exif"] = exif.tobytes()
    im.save(path, "JPEG", **kwargs)
    return path


def swapped_primaries_profile() -> bytes:
    """An RGB profile whose red and green primaries are swapped: clearly not sRGB."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", data[128:132])[0]
    where = {bytes(data[132 + 12 * i:136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, green = where[b"rXYZ"], where[b"gXYZ"]
    data[red + 4:red + 12], data[green + 4:green + 12] = data[green + 4:green + 12], data[red + 4:red + 12]
    return bytes(data).replace("sRGB".encode("utf-16-be"), "SWAP".encode("utf-16-be"))


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def only_files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


# ------------------------------------------------------------------------------ orientation

@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path, orientation):
    reference = reference_image()
    stored = reference.transpose(_STORE[orientation]) if orientation in _STORE else reference
    source = write_jpeg(tmp_path / f"o{orientation}.jpg", stored, private_exif(orientation))
    [result] = import_photos([source], tmp_path / "out", ImportOptions(max_size=240, workers=1))
    assert result.ok, result.error
    assert result.original_size == reference.size
    assert result.output_size == (240, 160)
    with Image.open(result.dest) as out:
        assert out.size == (240, 160)
        assert out.getexif().get(ExifTags.Base.Orientation) in (None, 1)  # never rotated twice
        expected = reference.resize(out.size, Image.Resampling.BICUBIC)
        right = mean_difference(out, expected)
        wrong = min(mean_difference(out, expected.transpose(t)) for t in
                    (Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM,
                     Image.Transpose.ROTATE_180))
    assert right < 6 and wrong > 40


# ------------------------------------------------------------------------------- metadata

def test_private_metadata_never_survives(tmp_path):
    source = write_jpeg(tmp_path / "IMG_1.jpg", reference_image((800, 600)), private_exif(6),
                        xmp=XMP, comment=SECRETS[5])
    raw_source = source.read_bytes()
    assert all(secret in raw_source for secret in SECRETS)  # the fixture really carries them
    found = privacy_problems(source)
    for problem in ("GPS position", "camera serial number", "lens serial number", "owner name",
                    "maker notes", "GPS position (in XMP)"):
        assert problem in found

    [result] = import_photos([source], tmp_path / "out", ImportOptions(max_size=400))
    assert result.ok, result.error
    raw = result.dest.read_bytes()
    for secret in SECRETS + [b"http://ns.adobe.com/xap/1.0/", b"Camera Maker", b"2016:05:11"]:
        assert secret not in raw
    assert privacy_problems(result.dest) == []
    with Image.open(result.dest) as out:
        assert not out.getexif()  # nothing kept at all by default
        assert out.info.get("progressive") and out.size == (300, 400)
        assert "xmp" not in out.info and "comment" not in out.info


def test_capture_time_is_the_only_thing_kept_when_asked(tmp_path):
    source = write_jpeg(tmp_path / "a.jpg", reference_image((800, 600)), private_exif(8), xmp=XMP)
    [result] = import_photos([source], tmp_path / "out",
                             ImportOptions(max_size=400, keep_capture_time=True))
    with Image.open(result.dest) as out:
        exif = out.getexif()
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        assert sub[ExifTags.Base.DateTimeOriginal] == "2016:05:11 19:02:33"
        assert sub[ExifTags.Base.OffsetTimeOriginal] == "-07:00"
        assert exif[ExifTags.Base.Orientation] == 1  # pixels are upright now (source said 8)
        assert out.size == (300, 400)
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif and ExifTags.Base.BodySerialNumber not in sub
    assert privacy_problems(result.dest) == []
    assert all(secret not in result.dest.read_bytes() for secret in SECRETS)


def test_non_srgb_profile_is_converted_to_srgb(tmp_path):
    source = tmp_path / "p3.jpg"
    Image.new("RGB", (600, 400), (200, 30, 30)).save(source, quality=95,
                                                     icc_profile=swapped_primaries_profile())
    plain = tmp_path / "plain.jpg"
    Image.new("RGB", (600, 400), (200, 30, 30)).save(plain, quality=95)
    results = import_photos([source, plain], tmp_path / "out", ImportOptions(max_size=300))
    with Image.open(results[0].dest) as out:
        r, g, b = out.convert("RGB").getpixel((150, 100))
        assert g > 150 and r < 80  # red in a red/green-swapped space is sRGB green
        assert "sRGB" in ImageCms.getProfileDescription(
            ImageCms.ImageCmsProfile(io.BytesIO(out.info["icc_profile"])))
    with Image.open(results[1].dest) as out:
        r, g, b = out.getpixel((150, 100))
        assert r > 150 and g < 80 and "icc_profile" not in out.info


# ------------------------------------------------------------------------- formats and size

def test_alpha_png_stays_png_and_photos_become_jpeg(tmp_path):
    logo = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    logo.paste((20, 90, 200, 255), (20, 20, 280, 80))
    logo.save(tmp_path / "logo.png")
    screenshot = Image.new("RGB", (2000, 1200), "white")
    screenshot.paste((40, 40, 40), (100, 100, 1900, 160))
    screenshot.save(tmp_path / "screen.png")
    noise = [Image.effect_noise((2000, 1200), 40) for _ in range(3)]
    Image.merge("RGB", noise).save(tmp_path / "photo.png")  # far more colours than a screenshot
    results = import_photos([tmp_path / n for n in ("logo.png", "screen.png", "photo.png")],
                            tmp_path / "out")
    assert [r.dest.name for r in results] == ["logo.png", "screen.png", "photo.jpg"]
    with Image.open(results[0].dest) as out:
        assert out.mode == "RGBA" and out.getpixel((0, 0))[3] == 0 and out.size == (300, 100)
    assert results[1].output_size == (1600, 960)
    assert all(r.output_bytes == r.dest.stat().st_size for r in results)


def test_never_upscales_and_reports_orientation_classes(tmp_path):
    write_jpeg(tmp_path / "small.jpg", reference_image((320, 480)))
    [result] = import_photos([tmp_path / "small.jpg"], tmp_path / "out")
    assert result.output_size == (320, 480) and result.orientation == "portrait"
    assert orientation_of((1600, 1067)) == "landscape"
    assert orientation_of((1000, 1040)) == "square"
    assert orientation_of((1600, 600)) == "panorama" and orientation_of((500, 1200)) == "panorama"


def test_heic_is_imported(tmp_path):
    reference_image((640, 480)).save(tmp_path / "IMG_0001.HEIC", quality=90)
    [result] = import_photos([tmp_path / "IMG_0001.HEIC"], tmp_path / "out",
                             ImportOptions(max_size=320))
    assert result.ok, result.error
    assert result.dest.name == "img-0001.jpg" and result.output_size == (320, 240)
    with Image.open(result.dest) as out:
        assert mean_difference(out, reference_image((320, 240))) < 12


def test_webp_cmyk_and_16_bit_inputs(tmp_path):
    reference = reference_image((800, 600))
    noise = Image.merge("RGB", [Image.effect_noise((800, 600), 50) for _ in range(3)])
    photo = Image.blend(reference, noise, 0.3)  # a phone photo: many colours, lossy WebP
    photo.save(tmp_path / "phone.webp", quality=90)
    with_alpha = reference.convert("RGBA")
    with_alpha.putalpha(Image.linear_gradient("L").resize((800, 600)))
    with_alpha.save(tmp_path / "sticker.webp", lossless=True)
    reference.convert("CMYK").save(tmp_path / "print.jpg", quality=95)
    sixteen_bit = Image.linear_gradient("L").resize((300, 200)).convert("I").point(lambda v: v * 257)
    sixteen_bit.convert("I;16").save(tmp_path / "scan16.png")
    names = ["phone.webp", "sticker.webp", "print.jpg", "scan16.png"]
    results = import_photos([tmp_path / n for n in names], tmp_path / "out", ImportOptions(max_size=400))
    assert [r.dest.name for r in results] == ["phone.jpg", "sticker.png", "print.jpg", "scan16.png"]
    with Image.open(results[0].dest) as out:
        assert mean_difference(out, photo.resize(out.size, Image.Resampling.BOX)) < 8
    with Image.open(results[1].dest) as out:
        assert out.mode == "RGBA" and out.getchannel("A").getextrema()[0] < 10
    with Image.open(results[2].dest) as out:
        assert out.mode == "RGB" and mean_difference(out, reference.resize(out.size)) < 20
    with Image.open(results[3].dest) as out:
        assert out.mode == "L" and out.getextrema()[1] > 200  # scaled to 8 bits, not clipped


# ---------------------------------------------------------------------- naming and dedupe

def test_names_are_clean_unique_slugs_and_the_same_photo_is_reused(tmp_path):
    out = tmp_path / "out"
    first = write_jpeg(tmp_path / "IMG 0042 (1).JPG", reference_image())
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    different = write_jpeg(other_dir / "IMG 0042 (1).JPG", reference_image().rotate(180))
    copy = tmp_path / "renamed copy.jpg"
    copy.write_bytes(first.read_bytes())

    r1 = import_photos([first], out)[0]
    assert r1.dest == out / "img-0042-1.jpg" and not r1.reused
    r2, r3, r4 = import_photos([first, different, copy], out)
    assert r2.reused and r2.dest == r1.dest
    assert r3.dest == out / "img-0042-1-2.jpg" and not r3.reused
    assert r4.reused and r4.dest == r1.dest  # same content under another name
    assert only_files(out) == ["img-0042-1-2.jpg", "img-0042-1.jpg"]


def test_names_never_collide_case_insensitively(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "IMG-7.JPG").write_bytes(b"someone else's photo")
    write_jpeg(tmp_path / "img 7.jpg", reference_image())
    [result] = import_photos([tmp_path / "img 7.jpg"], out)
    assert result.dest.name == "img-7-2.jpg"
    assert naming.unique_name({"a.jpg", "a-2.jpg"}, "a", ".jpg") == "a-3.jpg"


def test_same_photo_twice_in_one_batch_is_written_once(tmp_path):
    source = write_jpeg(tmp_path / "a.jpg", reference_image())
    results = import_photos([source, source, source], tmp_path / "out", ImportOptions(workers=3))
    assert [r.reused for r in results].count(False) == 1
    assert only_files(tmp_path / "out") == ["a.jpg"]


# ---------------------------------------------------------------------------- bad inputs

def png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_bad_inputs_each_get_a_clear_error_and_the_rest_import(tmp_path):
    good = write_jpeg(tmp_path / "good.jpg", reference_image())
    whole = write_jpeg(tmp_path / "whole.jpg", reference_image((1200, 800))).read_bytes()
    bad = {
        "truncated.jpg": (whole[: len(whole) // 2], "truncated"),
        "empty.jpg": (b"", "empty file"),
        "notes.jpg": (b"this is a text file, not a photo\n" * 20, "not an image"),
        # Pillow raises DecompressionBombError over twice the limit...
        "bomb.png": (png_declaring(30000, 30000), f"decompression bomb (Image size (900000000 pixels) "
                                                  f"exceeds limit of {2 * MAX_PIXELS}"),
        # ...and only warns between the limit and twice it: that must be refused too.
        "big.png": (png_declaring(12000, 10001), f"exceeds limit of {MAX_PIXELS} pixels"),
        "anim.gif": (None, "unsupported format GIF"),
        "doc.txt": (b"plain text", "unsupported file type '.txt'"),
    }
    assert 12000 * 10001 > MAX_PIXELS and 30000 * 30000 > 2 * MAX_PIXELS
    for name, (data, _reason) in bad.items():
        if data is None:
            Image.new("P", (20, 20)).save(tmp_path / name)
        else:
            (tmp_path / name).write_bytes(data)
    paths = [tmp_path / name for name in bad] + [good, tmp_path / "missing.jpg"]
    results = import_photos(paths, tmp_path / "out")
    for result, (name, (_data, reason)) in zip(results, bad.items()):
        assert not result.ok and result.dest is None
        assert result.error.startswith(f"{tmp_path / name}: ") and reason in result.error, result.error
    assert results[-2].ok and results[-2].dest.name == "good.jpg"
    assert "missing.jpg: cannot read it" in results[-1].error
    assert only_files(tmp_path / "out") == ["good.jpg"]


# ------------------------------------------------------------------- pool, progress, cancel

def test_folders_expand_in_natural_order_and_progress_reports_each_photo(tmp_path):
    roll = tmp_path / "roll"
    roll.mkdir()
    for turn, name in enumerate(("img10.jpg", "img2.JPG", "img1.jpeg")):
        write_jpeg(roll / name, reference_image((200, 150)).rotate(turn * 90))  # distinct photos
    (roll / "notes.txt").write_text("not a photo")
    (roll / ".hidden.jpg").write_bytes(b"")
    assert [p.name for p in expand_paths([roll])] == ["img1.jpeg", "img2.JPG", "img10.jpg"]
    calls = []
    lock = threading.Lock()

    def progress(done, total, result):
        with lock:
            calls.append((done, total, result.source.name))

    results = import_photos([roll, tmp_path / "empty-folder"], tmp_path / "out", progress=progress)
    assert sorted(c[0] for c in calls) == [1, 2, 3, 4] and {c[1] for c in calls} == {4}
    assert [r.dest.name for r in results[:3]] == ["img1.jpg", "img2.jpg", "img10.jpg"]
    assert not results[3].ok and "empty-folder" in results[3].error
    assert ".jpg" in supported_suffixes() and ".heic" in supported_suffixes()


def test_cancel_rolls_back_and_leaves_nothing_behind(tmp_path):
    sources = [write_jpeg(tmp_path / f"p{i}.jpg", reference_image().rotate(i * 30)) for i in range(6)]
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.jpg").write_bytes(b"imported last week")
    cancel = threading.Event()

    def progress(done, total, result):
        if done == 2:
            cancel.set()

    results = import_photos(sources, out, ImportOptions(workers=2), progress=progress, cancel=cancel)
    assert all(r.error and r.error.endswith(": cancelled") and r.dest is None for r in results)
    assert only_files(out) == ["earlier.jpg"]  # what was there stays; nothing new, no temp files


def test_a_failed_write_leaves_no_partial_or_temp_file(tmp_path, monkeypatch):
    source = write_jpeg(tmp_path / "a.jpg", reference_image())

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    monkeypatch.setattr(os, "link", failing_replace)   # the commit links the finished file into place
    [result] = import_photos([source], tmp_path / "out")
    assert not result.ok and "No space left on device" in result.error
    assert only_files(tmp_path / "out") == []


def test_a_batch_that_imports_nothing_leaves_no_new_folder(tmp_path):
    (tmp_path / "bad.jpg").write_bytes(b"nope")
    [result] = import_photos([tmp_path / "bad.jpg"], tmp_path / "images" / "post")
    assert not result.ok
    assert not (tmp_path / "images").exists()  # the folders this batch created are gone again


def test_outputs_get_ordinary_file_permissions(tmp_path):
    write_jpeg(tmp_path / "a.jpg", reference_image())
    [result] = import_photos([tmp_path / "a.jpg"], tmp_path / "out")
    umask = os.umask(0o022)
    os.umask(umask)
    assert result.dest.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


def test_pool_defaults_to_the_number_of_cores(monkeypatch, tmp_path):
    seen = {}
    real = importer_module.ThreadPoolExecutor

    def spy(max_workers, **kwargs):
        seen["workers"] = max_workers
        return real(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(importer_module, "ThreadPoolExecutor", spy)
    monkeypatch.setattr(importer_module.os, "cpu_count", lambda: 3)
    sources = [write_jpeg(tmp_path / f"{i}.jpg", reference_image((100, 80)).rotate(i)) for i in range(5)]
    import_photos(sources, tmp_path / "out")
    assert seen["workers"] == 3


# --------------------------------------------------------------------------- real photos

# Per site: the folder of camera photos straight off the card (3264x2448 JPEGs).
CAMERA_FOLDERS = {"harbor": "harbor-kube/april-2019", "corpus": "k8s-socal/may-2016"}


def test_the_sites_camera_photos_import_cleanly(recap_site, tmp_path):
    sources = sorted((recap_site.root / "static" / "images" / CAMERA_FOLDERS[recap_site.name]).glob("*.JPG"))
    assert len(sources) == 7
    results = import_photos(sources, tmp_path / "out")
    for source, result in zip(sources, results):
        assert result.ok, result.error
        assert result.dest.name == source.stem.lower() + ".jpg"
        assert result.original_size == (3264, 2448) and result.output_size == (1600, 1200)
        assert result.output_bytes < result.original_bytes / 4
        assert privacy_problems(result.dest) == []
        with Image.open(source) as original, Image.open(result.dest) as out:
            original.draft("RGB", (1632, 1224))
            expected = original.convert("RGB").resize(out.size, Image.Resampling.LANCZOS)
            assert mean_difference(out, expected) < 4  # the same picture, same way up


def test_a_photo_over_the_site_budget_is_compressed_until_it_fits(tmp_path):
    """Sensor noise compresses badly: at quality 85 this photo is ~650 KB, over a 400 KB budget."""
    from recap_editor.photos.importer import ImportOptions, import_photos

    noisy = tmp_path / "noisy.jpg"
    Image.merge("RGB", [Image.effect_noise((1600, 1200), 20) for _ in range(3)]).save(noisy, quality=95)
    plain = import_photos([noisy], tmp_path / "plain", ImportOptions())[0]
    fitted = import_photos([noisy], tmp_path / "fitted", ImportOptions(max_bytes=400_000))[0]
    assert plain.ok and fitted.ok
    assert plain.output_bytes > 400_000 >= fitted.output_bytes
    assert fitted.output_size == plain.output_size == (1600, 1200)
    assert [p.name for p in (tmp_path / "fitted").iterdir()] == ["noisy.jpg"]  # no temp files left


def test_import_options_follow_the_site_profile_and_flags_win():
    from types import SimpleNamespace

    from recap_editor.photos.importer import ImportOptions

    profile = SimpleNamespace(web_size=1200, image_budget_bytes=400_000, keep_capture_time=True)
    options = ImportOptions.for_site(profile, max_size=None, workers=2)
    assert (options.max_size, options.max_bytes, options.keep_capture_time, options.workers) == \
        (1200, 400_000, True, 2)
    assert ImportOptions.for_site(profile, max_size=800).max_size == 800
    assert ImportOptions.for_site(None) == ImportOptions()


def test_the_same_photo_twice_in_one_batch_is_imported_once_under_the_first_name(tmp_path):
    from recap_editor.photos.importer import ImportOptions, import_photos

    first = tmp_path / "IMG_0007.JPG"
    Image.new("RGB", (900, 600), (10, 120, 200)).save(first, quality=90)
    other = tmp_path / "IMG_0008.JPG"
    Image.new("RGB", (900, 600), (200, 120, 10)).save(other, quality=90)
    twin = tmp_path / "IMG_0007 (1).JPG"
    twin.write_bytes(first.read_bytes())
    for attempt in range(5):  # the pool's timing must not decide which name wins
        dest = tmp_path / f"out{attempt}"
        results = import_photos([twin if attempt % 2 else first, other, first if attempt % 2 else twin],
                                dest, ImportOptions(workers=2))
        assert all(r.ok for r in results)
        expected = "img-0007-1.jpg" if attempt % 2 else "img-0007.jpg"
        assert sorted(p.name for p in dest.iterdir()) == sorted([expected, "img-0008.jpg"])
        assert results[2].reused and results[2].dest == results[0].dest == dest / expected
