"""Export as HTML in the core: one self-contained page (images as data: URIs, styles inline), and
`recap-editor render --standalone` as its headless path."""

from __future__ import annotations

import base64

from recap_editor.cli import main
from recap_editor.document.post import Post
from recap_editor.render.options import RenderOptions
from recap_editor.render.standalone import standalone_html, write_standalone_html

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
POST = '+++\ntitle = "Draft"\n+++\n\n# Hello\n\n![site-root](/images/a.png) ![relative](b.png) ![gone](/images/missing.png)\n\n<img src="/images/a.png">\n\n[remote](https://example.com/x.png)\n'


def _site(tmp_path):
    (tmp_path / "static/images").mkdir(parents=True)
    (tmp_path / "static/images/a.png").write_bytes(PNG)
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts/b.png").write_bytes(PNG)
    post = tmp_path / "posts/draft.md"
    post.write_text(POST, encoding="utf-8")
    return post, RenderOptions(post_path=post, static_dir=tmp_path / "static")


def test_images_are_embedded_and_nothing_points_at_the_disk(tmp_path):
    path, options = _site(tmp_path)
    html, problems = standalone_html(Post.load(path), options)
    data = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert html.count(data) == 3                       # site-root, relative and raw <img>
    assert "file://" not in html and "data-source-line" not in html and "<!--block" not in html
    assert 'href="https://example.com/x.png"' in html   # remote links are left alone
    assert "<style>" in html and "<h1" in html
    assert problems == [f"{tmp_path / 'static/images/missing.png'}: image not found (the page shows a box instead)"]


def test_written_atomically_and_by_the_cli(tmp_path, capsys):
    path, options = _site(tmp_path)
    target = tmp_path / "out.html"
    write_standalone_html(Post.load(path), options, target)
    assert "data:image/png;base64," in target.read_text(encoding="utf-8")
    cli_out = tmp_path / "cli.html"
    assert main(["render", "--standalone", str(path), "-o", str(cli_out)]) == 0
    assert "data:image/png;base64," in cli_out.read_text(encoding="utf-8")
    assert "file://" not in cli_out.read_text(encoding="utf-8")
