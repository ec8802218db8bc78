"""Hostile and clumsy file-system cases (issue #11): nothing the writer protected or owns is lost,
nothing hangs. The CLI cases run the real command in a subprocess, as a writer would."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recap_editor.document.files import FileStamp, remove_stale_temps
from recap_editor.document.post import ChangedOnDiskError, DocumentError, Post, ReadOnlyError

REPO = Path(__file__).resolve().parent.parent
POST = '+++\ntitle = "Meetup"\ndate = "2016-05-12"\n+++\n\nHello *world*.\n'


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "recap_editor", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def post_file(tmp_path: Path) -> Path:
    path = tmp_path / "2016_05_12-meetup.md"
    path.write_text(POST)
    return path


# ------------------------------------------------------------------------------ render -o

@pytest.mark.parametrize("target", ["itself", "other_post", "post_without_md", "fifo"])
def test_render_output_never_replaces_a_post(post_file: Path, tmp_path: Path, target: str):
    other = tmp_path / "other.md"
    other.write_text(POST.replace("Meetup", "Other"))
    no_suffix = tmp_path / "notes.txt"
    no_suffix.write_text("---\ntitle: notes\n---\nbody\n")
    fifo = tmp_path / "out.html"
    if target == "fifo":
        os.mkfifo(fifo)
    output = {"itself": post_file, "other_post": other, "post_without_md": no_suffix,
              "fifo": fifo}[target]
    before = {p: p.read_bytes() for p in (post_file, other, no_suffix)}
    result = run("render", str(post_file), "-o", str(output), timeout=30)
    assert result.returncode == 2, result.stderr
    assert str(output) in result.stderr and "error:" in result.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_render_output_to_a_new_or_html_file_still_works(post_file: Path, tmp_path: Path):
    out = tmp_path / "page.html"
    out.write_text("<p>old</p>")
    assert run("render", str(post_file), "--fragment", "-o", str(out)).returncode == 0
    assert "<em>world</em>" in out.read_text()


# ------------------------------------------------------------------------------ read-only

def test_meta_set_refuses_a_read_only_post(post_file: Path):
    post_file.chmod(0o444)   # the folder stays writable: only the file is protected
    result = run("meta", str(post_file), "--set", "title=Changed")
    assert result.returncode == 2
    assert str(post_file) in result.stderr and "read-only" in result.stderr
    assert post_file.read_text() == POST
    assert (post_file.stat().st_mode & 0o777) == 0o444


def test_post_save_refuses_read_only_and_save_as_still_works(post_file: Path, tmp_path: Path):
    post = Post.load(post_file)
    post_file.chmod(0o444)
    post.set("title", "Changed")
    with pytest.raises(ReadOnlyError, match="read-only"):
        post.save()
    assert post_file.read_text() == POST
    copy = post.save(tmp_path / "copy.md")
    assert 'title = "Changed"' in copy.read_text()


# ------------------------------------------------------------------------------ symlinks

def test_saving_a_symlinked_post_writes_through_to_its_target(tmp_path: Path):
    real = tmp_path / "real" / "post.md"
    real.parent.mkdir()
    real.write_text(POST)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    post = Post.load(link)
    post.set("title", "Through the link")
    post.save()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert 'title = "Through the link"' in real.read_text()
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


# ------------------------------------------------------------------------------ FIFOs, devices, folders

@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_opening_a_fifo_device_or_folder_is_refused_without_hanging(tmp_path: Path, kind: str):
    path = {"fifo": tmp_path / "pipe.md", "device": Path("/dev/zero"),
            "folder": tmp_path / "folder.md"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    t0 = time.monotonic()
    with pytest.raises(DocumentError):
        Post.load(path)
    for command in (("meta", str(path)), ("render", str(path)), ("check", str(path))):
        result = run(*command, timeout=30)
        assert result.returncode == 2, (command, result.stderr)
        assert str(path) in result.stderr
    assert time.monotonic() - t0 < 30


# ------------------------------------------------------------------------------ change detection

@pytest.mark.parametrize("how", ["same_size_same_mtime", "cp_p_copy"])
def test_outside_edit_keeping_size_and_mtime_is_detected(post_file: Path, tmp_path: Path, how: str):
    post = Post.load(post_file)
    stat = post_file.stat()
    other = POST.replace("Hello", "Howdy")
    assert len(other) == len(POST)
    if how == "same_size_same_mtime":   # rsync -t / touch -r
        post_file.write_text(other)
    else:                               # cp -p from another copy
        source = tmp_path / "elsewhere.md"
        source.write_text(other)
        subprocess.run(["cp", "-p", str(source), str(post_file)], check=True)
    os.utime(post_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert post_file.stat().st_size == stat.st_size
    assert post_file.stat().st_mtime_ns == stat.st_mtime_ns
    assert post.changed_on_disk()
    post.set("title", "Mine")
    with pytest.raises(ChangedOnDiskError):
        post.save()
    assert post_file.read_text() == other


def test_file_stamp_is_by_content(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"abc")
    stamp = FileStamp.of_bytes(b"abc", path)
    assert stamp.matches(path)
    path.write_bytes(b"abd")
    assert not stamp.matches(path)


# ------------------------------------------------------------------------------ stale temporaries

def test_stale_temps_of_a_killed_save_go_when_the_post_is_opened(post_file: Path):
    folder = post_file.parent
    stale = folder / f".{post_file.name}.abc12345.tmp"
    stale.write_bytes(b"x" * 1000)
    live = folder / f".{post_file.name}.live5678.tmp"
    live.write_bytes(b"being written")
    other_app = folder / f".{post_file.name}.tmp"            # not our name pattern
    other_post = folder / ".other.md.abc12345.tmp"           # another post's temporary
    for keep in (other_app, other_post):
        keep.write_bytes(b"keep")
    with open(live, "rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)          # a save still running holds its lock
        Post.load(post_file)
        assert not stale.exists()
        assert live.exists()
    assert other_app.exists() and other_post.exists()
    assert remove_stale_temps(post_file) == [live]


def test_reading_the_site_leaves_other_posts_folders_alone_opening_a_post_tidies_it(tmp_path: Path):
    """A site scan loaded every post as if opening it: each load listed the folder for stale
    temporaries (a folder of 280 posts listed 560 times, 0.34 s) and removed other posts' ones."""
    from recap_editor.workspace.site import load_site

    posts = tmp_path / "site" / "content" / "posts"
    posts.mkdir(parents=True)
    (tmp_path / "site" / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "T"\n')
    for name in ("2016_05_12-meetup.md", "2016_06_09-meetup.md"):
        (posts / name).write_text(POST)
    stale = posts / ".2016_06_09-meetup.md.abc12345.tmp"
    stale.write_bytes(b"x" * 1000)
    os.utime(stale, (1_000_000, 1_000_000))              # untouched for long: abandoned
    state = load_site(posts / "2016_05_12-meetup.md")
    assert state.profile is not None and len(state.content_urls) == 2   # every post was read
    assert stale.exists()
    Post.load(posts / "2016_06_09-meetup.md")                  # opened: its own leftovers go
    assert not stale.exists()


def test_a_save_killed_with_sigkill_leaves_a_temp_that_the_next_open_removes(post_file: Path):
    script = (
        "import os, sys, signal\n"
        "from recap_editor.document import files\n"
        "real_replace = os.replace\n"
        "def die(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.replace = die\n"
        f"files.atomic_write({str(post_file)!r}, b'new')\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", script], env=env, timeout=60)
    assert proc.returncode == -9
    temps = [p for p in post_file.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(temps) == 1 and post_file.read_text() == POST
    Post.load(post_file)
    assert not [p for p in post_file.parent.iterdir() if p.name.endswith(".tmp")]


# ------------------------------------------------------------------------------ --set and delimiters

@pytest.mark.parametrize("fmt", ["toml", "yaml"])
def test_meta_set_with_a_delimiter_line_reads_back(tmp_path: Path, fmt: str):
    path = tmp_path / "p.md"
    path.write_text(POST if fmt == "toml" else "---\ntitle: Meetup\n---\nbody\n")
    value = "a\n+++\nb" if fmt == "toml" else "a\n---\nb"
    result = run("meta", str(path), "--set", f"title={value}")
    assert result.returncode == 0, result.stderr
    post = Post.load(path)
    assert post.error is None and post.get("title") == value
    assert post.body.strip() in ("Hello *world*.", "body")


def test_a_file_of_gigabytes_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    from recap_editor.document import post as post_module

    path = tmp_path / "huge.md"
    path.write_text(POST + "x" * 5000)
    monkeypatch.setattr(post_module, "MAX_POST_BYTES", 1000)
    with pytest.raises(DocumentError, match="MB"):
        Post.load(path)
