"""The one Hugo model (render/hugo_model.py and the token-based heading ids) against the real Hugo:
a tiny site built in a temporary folder prints every page's URL, ``urlize`` of its title and its
heading ids; the model must agree on each."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest

from recap_editor.document.post import Post
from recap_editor.render import hugo_model
from recap_editor.render.options import RenderOptions
from recap_editor.render.shortcodes import permalink
from recap_editor.site.hugo_binary import find_hugo
from recap_editor.site.index import page_url
from recap_editor.site.references import heading_ids

PERMALINKS = {"posts": "/:year/:month/:day/:slug/", "blog": "/:section/:title/",
              "files": "/f/:filename/"}
TITLES = ["Hello World & Friends: Part 2", "Ünïcode Café — naïve (test) 100%", "Déjà vu! 50% off",
          "  Spaces   and___under  ", "C++ / C# and .NET @ 10:30 ~ a+b", "a+b", "x/y", "C#",
          "q?r", "tag #1", "it's", "a  -  b", "--lead", "e%41x", "Ω mega", "中文 标题",
          "Why Does K8s Matter?", "KubeCon EU 2016: Day 1"]
# (relative path, front matter lines) for pages whose URL is not from the titles above
PAGES = {
    "posts/b.md": 'title = "B"\nslug = "Mixed"',                 # slugs are lower-cased too
    "posts/Upper Case.md": 'title = "Upper Title"',               # no slug: the title, not the file
    "notes/My Note.md": 'title = "N"',                            # no pattern: the file name
    "notes/Upper.md": 'title = "U"\nslug = "Slug With Space"',
    "notes/deep/Inner Page.md": 'title = "Inner"',
    "notes/bundle/index.md": 'title = "Bundle"',
    "blog/x.md": 'title = "Why Does K8s Matter?"',
    "files/Some File.md": 'title = "F"',
    "about.md": 'title = "About"\nurl = "/about-us/"',
}
HEADINGS = """
## [Docs](http://x.y) & `kubectl`

## Configurations & Secrets

## What is OpenStack's role?

## Repeat

## Repeat

## Custom {#my-id}

## *Emphasis* and **strong** _under_score_

## Ünïcode Überschrift

Setext Heading
--------------

```
## not a heading
```

## 100% ready -- or not?
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, dict], dict[str, str]]:
    hugo = find_hugo()
    if hugo is None:
        pytest.skip("hugo is not installed")
    site = tmp_path_factory.mktemp("hugo-model")
    (site / "layouts/_default").mkdir(parents=True)
    (site / "config.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "T"\n[permalinks]\n'
        + "".join(f'  {k} = "{v}"\n' for k, v in PERMALINKS.items()))
    (site / "layouts/_default/single.html").write_text(
        '<u data-path="{{ .File.Path }}">{{ urlize .Title }}</u>\n<main>{{ .Content }}</main>\n')
    (site / "layouts/_default/list.html").write_text("x\n")
    (site / "layouts/index.html").write_text("home\n")
    pages = dict(PAGES)
    for i, title in enumerate(TITLES):
        escaped = title.replace("\\", "\\\\").replace('"', '\\"')
        pages[f"posts/t{i}.md"] = f'title = "{escaped}"'
    for rel, front in pages.items():
        path = site / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = HEADINGS if rel == "posts/b.md" else "Body.\n"
        path.write_text(f'+++\n{front}\ndate = "2016-05-12T10:00:00Z"\n+++\n{body}')
    run = lambda *a: subprocess.run([str(hugo), "--source", str(site), *a], capture_output=True,
                                    text=True, check=True)
    listing = {row["path"].removeprefix("content/"): row
               for row in csv.DictReader(io.StringIO(run("list", "all").stdout))}
    run("--destination", str(site / "public"), "--noBuildLock")
    html = {}
    for rel, row in listing.items():
        html[rel] = row["permalink"].removeprefix("https://example.org")
    return site, listing, html


def _fields(site: Path, rel: str) -> dict:
    return dict(Post.load(site / "content" / rel).fields)


def test_page_urls_match_hugo(built) -> None:
    site, listing, _ = built
    assert len(listing) == len(PAGES) + len(TITLES)
    options = RenderOptions(content_dir=site / "content", permalinks=PERMALINKS)
    for rel, row in listing.items():
        expected = row["permalink"].removeprefix("https://example.org")
        assert page_url(rel, _fields(site, rel), PERMALINKS) == expected, (rel, row["title"])
        assert permalink(site / "content" / rel, options) == expected, rel


def test_urlize_matches_hugo(built) -> None:
    site, listing, _ = built
    seen = 0
    for page in (site / "public").rglob("index.html"):
        for path, urlized in re.findall(r'<u data-path="([^"]*)">(.*?)</u>', page.read_text()):
            rel = _unescape_html(path).removeprefix("content/")
            assert hugo_model.urlize(listing[rel]["title"]) == _unescape_html(urlized), rel
            seen += 1
    assert seen >= len(TITLES)


def test_checks_use_the_renderers_heading_ids() -> None:
    """One model: the ids the checks test anchors against are the ids the preview renders."""
    from recap_editor.render.markdown import render_fragment

    rendered = set(re.findall(r'<h[1-6] id="([^"]+)"', render_fragment(HEADINGS, RenderOptions())))
    assert heading_ids(HEADINGS) == {_unescape_html(i) for i in rendered}
    assert "docs-" not in heading_ids(HEADINGS)   # the old regex's id for the first heading


def test_heading_ids_match_hugo(built) -> None:
    site, listing, _ = built
    page = site / "public" / _local(listing["posts/b.md"]["permalink"]) / "index.html"
    hugo_ids = {_unescape_html(i) for i in re.findall(r'<h[1-6] id="([^"]+)"', page.read_text())}
    assert len(hugo_ids) == 10
    assert heading_ids(HEADINGS) == hugo_ids


def _local(permalink: str) -> str:
    from urllib.parse import unquote

    return unquote(permalink.removeprefix("https://example.org")).lstrip("/")


def _unescape_html(text: str) -> str:
    import html

    return html.unescape(text)
