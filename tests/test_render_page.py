"""The preview page, its DOM patches (applied in a real Qt WebEngine page), and `recap-editor render`."""

from __future__ import annotations

import re

import pytest

from recap_editor.cli import main
from recap_editor.document.post import Post
from recap_editor.render.incremental import IncrementalRenderer
from recap_editor.render.options import RenderOptions
from recap_editor.render.page import header_html, patch_script, render_page
from recap_editor.site.profile import load_profile

from test_render_fidelity import normalise

POST = """+++
title = "Kubernetes SoCal Meetup - May 2016"
date = "2016-05-12T16:00:00-08:00"
tags = ["Meetup", "SoCal"]
authors = "Mike Metral"
+++

Intro with a [link](http://example.com).

# **Talks**

<div class="row text-center">
  <div class="col-xs-6"><img src="/images/a.jpg" class="img-responsive"/></div>
  <div class="col-xs-6"><img src="/images/b.jpg" class="img-responsive"/></div>
</div>

- one
- two
"""


def test_header_as_the_single_layout_shows_it():
    html = header_html(Post.from_text(POST))
    assert '<h1 class="recap-title">Kubernetes SoCal Meetup - May 2016</h1>' in html
    assert '<time datetime="2016-05-12T16:00:00-08:00">May 12, 2016</time>' in html
    assert 'by <span class="recap-authors">Mike Metral</span>' in html
    assert html.count('class="label label-default"') == 2


def test_page_has_template_stylesheet_header_and_blocks(tmp_path):
    post = Post.from_text(POST, tmp_path / "post.md")
    html = render_page(post, RenderOptions(unsafe=True, static_dir=tmp_path))
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert ".col-xs-6{width:50%}" in html and ".img-responsive{display:block" in html
    assert ".chroma .k" not in html  # code colours are inline (Hugo's noClasses default)
    assert "May 12, 2016" in html
    lines = [int(n) for n in re.findall(r'data-source-line="(\d+)"', html)]
    assert lines == [8, 10, 12, 17]  # lines of the whole file, front matter included
    assert html.count("recap-broken-image\"") == 2  # /images/a.jpg and b.jpg do not exist here
    assert '<span class="navbar-brand">Preview</span>' in html      # no site, no title
    untitled = render_page(post, RenderOptions(site_root=tmp_path / "my-site"))
    assert '<span class="navbar-brand">my-site</span>' in untitled  # a site without a title


def test_users_own_stylesheet_replaces_ours(tmp_path):
    css = tmp_path / "site.css"
    css.write_text("body{color:red}", encoding="utf-8")
    html = render_page(Post.from_text(POST), RenderOptions(stylesheet=css))
    assert css.resolve().as_uri() in html and ".col-xs-6{width:50%}" not in html


def test_patch_script_carries_only_changed_blocks():
    renderer = IncrementalRenderer(RenderOptions(unsafe=True))
    renderer.update("A\n\nB\n")
    script = patch_script(renderer.update("A\n\nB2\n"), header="<h1>T</h1>")
    assert "B2" in script and ">A<" not in script and "<h1>T<\\/h1>" in script


@pytest.fixture
def web_page(qtbot):
    pytest.importorskip("PySide6.QtWebEngineCore")
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings

    page = QWebEnginePage()
    page.settings().setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
    yield page
    page.deleteLater()


def _run(qtbot, page, script):
    from PySide6.QtWebEngineCore import QWebEngineScript

    result = []
    page.runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10000)
    return result[0]


def test_patches_applied_in_webengine_equal_a_fresh_page(qtbot, web_page, tmp_path):
    from PySide6.QtCore import QUrl

    post = Post.from_text(POST, tmp_path / "post.md")
    options = RenderOptions(unsafe=True)
    renderer = IncrementalRenderer(options, post.body_line - 1)
    with qtbot.waitSignal(web_page.loadFinished, timeout=20000):
        web_page.setHtml(render_page(post, options, renderer.update(post.body)),
                         QUrl.fromLocalFile(str(tmp_path) + "/"))
    body = post.body
    edits = [body.replace("Intro", "Intro, edited,"), None, body.replace("- two\n", "- two\n- three\n\nNew para\n"),
             body.replace("# **Talks**", "# Talks\n\nInserted\n"), "Only this now\n"]
    for i, text in enumerate(edits):
        text = text if text is not None else body.replace("Intro", "\n\nIntro")
        update = renderer.update(text)
        header = "<h1>Edited %d</h1>" % i
        assert _run(qtbot, web_page, patch_script(update, header=header)) is True
        dom = _run(qtbot, web_page, "document.getElementById('recap-body').innerHTML")
        assert normalise(dom) == normalise(update.html)
        assert _run(qtbot, web_page, "document.getElementById('recap-header').innerHTML") == header


def test_cli_render_page_and_fragment(tmp_path, capsys):
    (tmp_path / "config.toml").write_text('title = "Meetups"\n[markup.goldmark.renderer]\n'
                                          "unsafe = true\n", encoding="utf-8")
    post = tmp_path / "content" / "posts" / "p.md"
    post.parent.mkdir(parents=True)
    post.write_text(POST, encoding="utf-8")
    assert main(["render", str(post), "--fragment"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<p>Intro with a") and "data-source-line" not in out
    (tmp_path / "static" / "images").mkdir(parents=True)
    (tmp_path / "static" / "images" / "a.jpg").write_bytes(b"jpeg")
    assert main(["render", str(post), "-o", str(tmp_path / "page.html")]) == 0
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    # The site was found by walking up from the post: its static/ folder serves /images/.
    assert f'<img src="{(tmp_path / "static/images/a.jpg").as_uri()}"' in page
    assert page.count('class="recap-broken-image"') == 1 and "/images/b.jpg" in page
    assert '<span class="navbar-brand">Meetups</span>' in page      # the config's title
    # --no-unsafe overrides the site's config: raw HTML is omitted, as Hugo would omit it.
    assert main(["render", str(post), "--fragment", "--no-unsafe"]) == 0
    out = capsys.readouterr().out
    assert "<img" not in out and "<!-- raw HTML omitted -->" in out
    assert main(["render", str(tmp_path / "missing.md")]) == 2
    assert "missing.md: error: no such file" in capsys.readouterr().err


def test_cli_render_names_a_broken_site_config(tmp_path, capsys):
    (tmp_path / "hugo.toml").write_text("title = \n", encoding="utf-8")
    post = tmp_path / "content" / "p.md"
    post.parent.mkdir()
    post.write_text(POST, encoding="utf-8")
    assert main(["render", str(post)]) == 2
    assert f"{tmp_path.resolve() / 'hugo.toml'}:1: error: invalid site config" in capsys.readouterr().err


SITE_TITLES = {"harbor": "Harbor Kube", "corpus": "CoreKube"}


def test_seed_post_page_resolves_every_image(site_seed, recap_site):
    post = Post.load(site_seed)
    html = render_page(post, load_profile(recap_site.root).render_options(site_seed))
    assert f'<span class="navbar-brand">{SITE_TITLES[recap_site.name]}</span>' in html
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) == 7 and all(u.startswith("file:///") for u in images)
    assert "recap-broken-image\"" not in html and "raw HTML omitted" not in html.split("<body")[1]
