"""``recap-editor photos``: import, report, append gallery rows to the post."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from recap_editor.cli import main
from recap_editor.document.post import Post
from recap_editor.photos.gallery import find_galleries

POST = """+++
title = "Kubernetes SoCal Meetup - May 2016"
slug = "k8s-socal-may-2016"
+++

Intro paragraph.
"""


def make_site(tmp_path: Path) -> tuple[Path, list[Path]]:
    post = tmp_path / "content" / "posts" / "meetup.md"
    post.parent.mkdir(parents=True)
    post.write_text(POST, encoding="utf-8")
    photos = []
    for i, size in enumerate([(1800, 1200), (1200, 1800), (1200, 1800)]):
        im = Image.new("RGB", size, (40 * i, 120, 200))
        im.paste((250, 250, 250), (0, 0, size[0] // 3, size[1] // 3))
        path = tmp_path / f"IMG_{i:04d}.JPG"
        im.save(path, quality=90)
        photos.append(path)
    return post, photos


def test_imports_reports_and_appends_gallery_rows(tmp_path, capsys):
    post, photos = make_site(tmp_path)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not a jpeg")
    code = main(["photos", str(post), *map(str, photos), str(bad)])
    out, err = capsys.readouterr()
    assert code == 1  # one photo failed, after importing the rest
    assert f"{bad}: error: not an image" in err
    lines = out.splitlines()
    assert re.fullmatch(r"img-0000\.jpg  1800x1200 → 1600x1067  \d+(\.\d)? KB → \d+(\.\d)? KB", lines[0])
    assert lines[1].startswith("img-0001.jpg  1200x1800 → 1067x1600  ")
    assert "3 photo(s) imported into" in out and "1 failed" in out and "saved" in out
    folder = post.parent / "images" / "k8s-socal-may-2016"
    assert sorted(p.name for p in folder.iterdir()) == ["img-0000.jpg", "img-0001.jpg", "img-0002.jpg"]

    text = post.read_text(encoding="utf-8")
    assert text.startswith(POST.rstrip("\n") + "\n\n<br>\n") and text.endswith("<br>\n")
    [span] = find_galleries(text)
    assert [[p.src for p in row.photos] for row in span.gallery.rows] == [
        ["images/k8s-socal-may-2016/img-0000.jpg"],
        ["images/k8s-socal-may-2016/img-0001.jpg", "images/k8s-socal-may-2016/img-0002.jpg"]]
    assert Post.load(post).get("title") == "Kubernetes SoCal Meetup - May 2016"


def test_no_gallery_only_imports_and_dest_and_url_prefix_override(tmp_path, capsys):
    post, photos = make_site(tmp_path)
    before = post.read_bytes()
    assert main(["photos", str(post), str(photos[0]), "--no-gallery",
                 "--dest", str(tmp_path / "static" / "images" / "x")]) == 0
    assert post.read_bytes() == before
    assert (tmp_path / "static" / "images" / "x" / "img-0000.jpg").is_file()

    assert main(["photos", str(post), *map(str, photos), "--layout", "single",
                 "--dest", str(tmp_path / "static" / "images" / "x"), "--url-prefix", "/images/x/"]) == 0
    out = capsys.readouterr().out
    assert "(already imported: reused)" in out  # photo 0 was imported by the first run
    [span] = find_galleries(post.read_text(encoding="utf-8"))
    assert [[p.src for p in row.photos] for row in span.gallery.rows] == [
        ["/images/x/img-0000.jpg"], ["/images/x/img-0001.jpg"], ["/images/x/img-0002.jpg"]]


def test_unreadable_post_is_a_usage_error(tmp_path, capsys):
    assert main(["photos", str(tmp_path / "missing.md"), str(tmp_path / "a.jpg")]) == 2
    assert "missing.md" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal(tmp_path, monkeypatch, capsys):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    post, photos = make_site(tmp_path)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["photos", str(post), *map(str, photos), "--no-gallery"]) == 0
    shown = terminal.getvalue()
    assert "\r[" in shown and "] 3/3  IMG_" in shown and shown.endswith("\r\x1b[K")
    assert "\r" not in capsys.readouterr().out  # stdout stays clean for scripts


def test_in_a_site_photos_go_where_the_profile_says_and_duplicates_are_placed_once(tmp_path, capsys):
    post, photos = make_site(tmp_path)
    (tmp_path / "config.toml").write_text('title = "S"\n[params]\nx = 1\n', encoding="utf-8")
    (tmp_path / "static").mkdir()
    (tmp_path / "recap-editor.toml").write_text("web_size = 800\n", encoding="utf-8")
    twin = tmp_path / "IMG 0000 (1).JPG"
    twin.write_bytes(photos[0].read_bytes())  # the same picture, copied off the phone twice

    assert main(["photos", str(post), str(photos[0]), str(twin), str(photos[1])]) == 0
    folder = tmp_path / "static" / "images" / "k8s-socal-may-2016"
    assert sorted(p.name for p in folder.iterdir()) == ["img-0000.jpg", "img-0001.jpg"]
    with Image.open(folder / "img-0000.jpg") as im:
        assert max(im.size) == 800  # the site's web size, not the 1600 default
    assert not (post.parent / "images").exists()
    text = post.read_text(encoding="utf-8")
    srcs = [p.src for span in find_galleries(text) for p in span.gallery.photos()]
    assert srcs == ["/images/k8s-socal-may-2016/img-0000.jpg", "/images/k8s-socal-may-2016/img-0001.jpg"]
    assert "already imported: reused" in capsys.readouterr().out
