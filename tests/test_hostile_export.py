"""All-or-nothing multi-file work and privacy on the way out (issue #11): an export or a photo
import either completes or leaves nothing behind; ``--force`` overrides rules, never privacy; a
branch export refuses mid-rebase/merge instead of branching from a temporary HEAD."""

from __future__ import annotations

import errno
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from recap_editor.cli import main as cli_main
from recap_editor.document.post import DocumentError, Post
from recap_editor.photos.metadata import privacy_problems
from recap_editor.document import files as files_module
from recap_editor.site.export import ExportError, export_branch, export_folder, export_zip
from recap_editor.site.profile import load_profile

POST = ('+++\ntitle = "New"\ndate = "2016-05-12"\nslug = "new"\ntags = ["x"]\nauthors = "me"\n+++'
        '\n\nSummary.\n\n<!--more-->\n\n![A photo](images/new/a.jpg)\n')


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@e.org",
                           *args], check=True, capture_output=True, text=True).stdout.strip()


def _leaky_jpeg(path: Path) -> Path:
    im = Image.linear_gradient("L").convert("RGB").resize((160, 120))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (34.0, 3.0, 0.0), 3: "W", 4: (118.0, 14.0, 0.0)}
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-123"
    im.save(path, "JPEG", exif=exif.tobytes(),
            xmp=b"<x:xmpmeta><exif:GPSLatitude>34,3N</exif:GPSLatitude></x:xmpmeta>")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static" / "images").mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "T"\n')
    (root / "content" / "posts" / "2016_01_01-old.md").write_text(
        POST.replace("New", "Old").replace('"new"', '"old"').replace("2016-05-12", "2016-01-01")
        .replace("![A photo](images/new/a.jpg)", "Text."))
    git(root, "init", "-q", "-b", "master")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    return root


@pytest.fixture
def new_post(site: Path) -> Path:
    """A new post in the site whose photo is beside it, outside static/ (untracked)."""
    (site / "content" / "posts" / "images" / "new").mkdir(parents=True)
    _leaky_jpeg(site / "content" / "posts" / "images" / "new" / "a.jpg")
    path = site / "content" / "posts" / "2016_05_12-new.md"
    path.write_text(POST)
    return path


# ------------------------------------------------------------------------------ all or nothing

def test_a_folder_export_that_fails_half_way_leaves_nothing(new_post: Path, site: Path, tmp_path,
                                                           monkeypatch):
    calls = []
    real = files_module.atomic_write

    def full_disk(path, data, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, *args, **kwargs)

    monkeypatch.setattr(files_module, "atomic_write", full_disk)
    target = tmp_path / "out" / "recap"
    with pytest.raises(ExportError, match="nothing was exported"):
        export_folder(new_post, load_profile(site), target, force=True)
    assert len(calls) == 2
    assert not (tmp_path / "out").exists()   # not even an empty folder


def test_a_failed_export_into_an_existing_folder_keeps_what_was_there(new_post: Path, site: Path,
                                                                     tmp_path, monkeypatch):
    target = tmp_path / "out"
    (target / "mine").mkdir(parents=True)
    (target / "mine" / "notes.txt").write_text("keep")

    def no_space(path, data, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(files_module, "atomic_write", no_space)
    with pytest.raises(ExportError):
        export_folder(new_post, load_profile(site), target, force=True)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == \
        ["mine", "mine/notes.txt"]


def test_photos_whose_rows_cannot_be_written_are_taken_back(site: Path, tmp_path, monkeypatch):
    post = site / "content" / "posts" / "2016_01_01-old.md"
    photo = _leaky_jpeg(tmp_path / "camera.jpg")
    dest = tmp_path / "imported" / "old"

    def refuse(self, *args, **kwargs):
        raise DocumentError("cannot save: No space left on device", self.path)

    monkeypatch.setattr(Post, "save", refuse)
    code = cli_main(["photos", str(post), str(photo), "--dest", str(dest), "--workers", "1"])
    assert code == 2
    assert not (tmp_path / "imported").exists()   # no image without its row


def test_photos_for_a_read_only_post_are_not_imported_at_all(site: Path, tmp_path):
    post = site / "content" / "posts" / "2016_01_01-old.md"
    before = post.read_bytes()
    post.chmod(0o444)
    dest = tmp_path / "imported"
    code = cli_main(["photos", str(post), str(_leaky_jpeg(tmp_path / "c.jpg")), "--dest", str(dest)])
    assert code == 2 and not dest.exists() and post.read_bytes() == before


# ------------------------------------------------------------------------------ privacy on the way out

@pytest.mark.parametrize("kind", ["folder", "zip", "branch"])
def test_forced_export_scrubs_gps_serial_and_xmp(new_post: Path, site: Path, tmp_path, kind: str):
    source = site / "content" / "posts" / "images" / "new" / "a.jpg"
    assert "GPS position" in privacy_problems(source)
    profile = load_profile(site)
    if kind == "folder":
        export_folder(new_post, profile, tmp_path / "out", force=True)
        data = (tmp_path / "out" / "static" / "images" / "new" / "a.jpg").read_bytes()
    elif kind == "zip":
        import zipfile
        export_zip(new_post, profile, tmp_path / "out.zip", force=True)
        data = zipfile.ZipFile(tmp_path / "out.zip").read("static/images/new/a.jpg")
    else:
        export_branch(new_post, profile, force=True)
        data = subprocess.run(["git", "-C", str(site), "show", "recap/new:static/images/new/a.jpg"],
                              check=True, capture_output=True).stdout
    assert privacy_problems(io.BytesIO(data)) == []
    with Image.open(source) as original, Image.open(io.BytesIO(data)) as exported:
        assert original.tobytes() == exported.tobytes()          # pixels untouched
        assert exported.getexif().get(0x0112) == 6               # still shown upright
    assert "GPS position" in privacy_problems(source)             # the writer's file untouched


def test_an_image_that_cannot_be_scrubbed_blocks_even_a_forced_export(site: Path, tmp_path):
    from PIL import PngImagePlugin

    (site / "content" / "posts" / "images" / "new").mkdir(parents=True)
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta><exif:GPSLatitude>34</exif:GPSLatitude></x:xmpmeta>")
    Image.new("RGB", (20, 20)).save(site / "content/posts/images/new/a.png", pnginfo=info)
    post = site / "content" / "posts" / "2016_05_12-new.md"
    post.write_text(POST.replace("a.jpg", "a.png"))
    with pytest.raises(ExportError, match="GPS"):
        export_folder(post, load_profile(site), tmp_path / "out", force=True)
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------ git states

def test_branch_export_of_a_new_post_with_images_outside_static_commits_it(new_post: Path, site):
    result = export_branch(new_post, load_profile(site), force=True)
    assert sorted(result.files) == ["content/posts/2016_05_12-new.md", "static/images/new/a.jpg"]
    committed = git(site, "show", "recap/new:content/posts/2016_05_12-new.md")
    assert "![A photo](/images/new/a.jpg)" in committed
    assert new_post.read_text() == POST   # the writer's file is left as it was


@pytest.mark.parametrize("operation", ["rebase", "merge", "cherry-pick"])
def test_branch_export_refuses_in_the_middle_of_a_rebase_merge_or_cherry_pick(site: Path,
                                                                              new_post, operation):
    old = site / "content" / "posts" / "2016_01_01-old.md"
    git(site, "switch", "-q", "-c", "side")
    old.write_text(old.read_text() + "side\n")
    git(site, "commit", "-q", "-am", "side")
    git(site, "switch", "-q", "master")
    old.write_text(old.read_text() + "master\n")
    git(site, "commit", "-q", "-am", "master")
    args = {"rebase": ("rebase", "side"), "merge": ("merge", "side"),
            "cherry-pick": ("cherry-pick", "side")}[operation]
    assert subprocess.run(["git", "-C", str(site), "-c", "user.name=T", "-c", "user.email=t@e.org",
                           *args], capture_output=True).returncode != 0   # a conflict stops it
    head = git(site, "rev-parse", "HEAD")
    with pytest.raises(ExportError, match=f"middle of a {operation.split('-')[0]}"):
        export_branch(new_post, load_profile(site), force=True)
    assert git(site, "rev-parse", "HEAD") == head
    assert "recap/new" not in git(site, "branch", "--list")
