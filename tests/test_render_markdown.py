"""The goldmark-like dialect, shortcodes, Python-Markdown, options from a site, preview URLs."""

from __future__ import annotations

from pathlib import Path

from recap_editor.render.markdown import render_fragment
from recap_editor.render.options import PYTHON_MARKDOWN, RenderOptions, options_from_hugo_config
from recap_editor.render.incremental import render_preview
from recap_editor.render.preview import is_balanced
from recap_editor.site.profile import load_profile

OPTIONS = RenderOptions(unsafe=True)


def test_heading_ids_like_hugo():
    html = render_fragment("# **Talks**\n\n# Talks\n\n## Namespaces & ServiceAccounts\n\n"
                           "## Custom {#mine .big}\n\n# ...And, we're back!\n", OPTIONS)
    assert '<h1 id="talks"><strong>Talks</strong></h1>' in html
    assert '<h1 id="talks-1">Talks</h1>' in html
    assert 'id="namespaces--serviceaccounts"' in html
    assert '<h2 class="big" id="mine">Custom</h2>' in html
    assert 'id="and-were-back"' in html


def test_typographer_and_linkify_like_goldmark():
    html = render_fragment('"Hi" -- it\'s --- ok... see www.example.com or example.com (c)\n',
                           OPTIONS)
    assert "\u201cHi\u201d \u2013 it\u2019s \u2014 ok\u2026" in html
    assert '<a href="https://www.example.com">www.example.com</a> or example.com (c)' in html


def test_gfm_and_goldmark_extensions():
    html = render_fragment("| a |\n|---|\n| 1 |\n\n~~gone~~\n\n- [x] done\n\nTerm\n: Def\n\n"
                           "Note[^n].\n\n[^n]: The note.\n", OPTIONS)
    assert "<table>" in html and "<del>gone</del>" in html
    assert '<li><input checked="" disabled="" type="checkbox"> done</li>' in html
    assert "<dl>\n<dt>Term</dt>\n<dd>Def</dd>\n</dl>" in html
    assert '<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>' \
        in html
    assert '<div class="footnotes" role="doc-endnotes">' in html


def test_raw_html_kept_when_unsafe_and_omitted_otherwise():
    text = '<div class="row">x</div>\n\nA <b>bold</b> word\n'
    assert '<div class="row">x</div>' in render_fragment(text, OPTIONS)
    safe = render_fragment(text, RenderOptions(unsafe=False))
    assert "<div" not in safe and "<b>" not in safe
    assert safe.count("<!-- raw HTML omitted -->") == 3
    preview = render_preview(text, RenderOptions(unsafe=False))
    assert preview.count('class="recap-raw-omitted"') == 3


def test_code_is_highlighted_with_classes():
    from recap_editor.render.highlight import HighlightConfig  # markup.highlight.noClasses = false
    html = render_fragment("```python\ndef f():\n    return 1\n```\n\n```\nplain <x>\n```\n",
                           RenderOptions(unsafe=True, highlight=HighlightConfig(no_classes=False)))
    assert '<div class="highlight"><pre tabindex="0" class="chroma">' \
           '<code class="language-python" data-lang="python">' in html
    assert '<span class="k">def</span>' in html
    assert '<pre tabindex="0"><code>plain &lt;x&gt;\n</code></pre>' in html


def test_summary_divider_is_dropped_like_hugo():
    assert render_fragment("Summary\n<!--more-->\n\nRest\n", OPTIONS) == \
        "<p>Summary</p>\n<p>Rest</p>\n"


def _site(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        'baseURL = "https://example.org/"\n[permalinks]\n  posts = "/:year/:month/:day/:slug/"\n'
        "[markup.goldmark.renderer]\n  unsafe = true\n", encoding="utf-8")
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "first.md").write_text('+++\ntitle = "First Post"\ndate = "2016-03-07T09:00:00-08:00"'
                                    '\nslug = "first"\n+++\n\nHello\n', encoding="utf-8")
    (posts / "second.md").write_text('+++\ntitle = "Second"\n+++\n\nBody\n', encoding="utf-8")
    (tmp_path / "static" / "images").mkdir(parents=True)
    (tmp_path / "static" / "images" / "a.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    return tmp_path


def test_ref_relref_figure_and_unknown_shortcodes(tmp_path):
    site = _site(tmp_path)
    options = load_profile(site).render_options(site / "content" / "posts" / "second.md")
    assert options.unsafe and options.permalinks == {"posts": "/:year/:month/:day/:slug/"}
    html = render_fragment(
        '[one]({{<relref "posts/first.md">}}) [two]({{< ref "first.md#x" >}}) '
        '[top]({{<ref "#introduction">}}) [gone]({{< ref "nope.md" >}})\n\n'
        '{{< figure src="/images/a.jpg" caption="A *b*" >}}\n\n{{< themebox abc >}}\n\n'
        '`{{</* figure src="x" */>}}`\n', options)
    assert '<a href="/2016/03/07/first/">one</a>' in html
    assert '<a href="https://example.org/2016/03/07/first/#x">two</a>' in html
    assert '<a href="#introduction">top</a>' in html
    assert 'href="#ref-not-found:nope.md"' in html
    assert '<figure><img src="/images/a.jpg" alt="A b"/><figcaption><p>A <em>b</em></p>' \
           '</figcaption></figure>' in html
    assert '<span class="recap-shortcode"' in html and "{{&lt; themebox &gt;}}" in html
    assert "<code>{{&lt; figure src=&quot;x&quot; &gt;}}</code>" in html
    assert "HAHAHUGOSHORTCODE" not in html


def test_preview_resolves_urls_and_shows_missing_images(tmp_path):
    site = _site(tmp_path)
    post = site / "content" / "posts" / "second.md"
    (post.parent / "local.png").write_bytes(b"png")
    options = load_profile(site).render_options(post)
    html = render_preview('![a](/images/a.jpg)\n\n![b](local.png)\n\n![c](/images/missing.jpg)\n\n'
                          '<a href="/images/a.jpg">link</a>\n', options, line_offset=5)
    assert f'src="{(site / "static/images/a.jpg").resolve().as_uri()}"' in html
    assert f'src="{(post.parent / "local.png").resolve().as_uri()}"' in html
    assert 'class="recap-broken-image"' in html and "/images/missing.jpg" in html
    assert f'href="{(site / "static/images/a.jpg").resolve().as_uri()}"' in html
    # Every top-level block carries its line in the whole file.
    assert [int(x) for x in __import__("re").findall(r'data-source-line="(\d+)"', html)] == \
        [6, 8, 10, 12]


def test_options_map_hugo_markup_settings():
    config = {"title": "Old Site", "baseurl": "https://example.org/",
              "permalinks": {"posts": "/:slug/", "broken": 3},
              "markup": {"goldmark": {
                  "extensions": {"typographer": False, "linkify": False, "linkifyprotocol": "http",
                                 "footnote": False, "definitionlist": False, "table": False,
                                 "strikethrough": False, "tasklist": False},
                  "renderer": {"hardwraps": True, "unsafe": True},
                  "parser": {"autoheadingid": False}}}}
    options = options_from_hugo_config(config, site_root=Path("/s"), static_dir=Path("/s/static"),
                                       content_dir=Path("/s/content"), unsafe=False)
    assert options.site_title == "Old Site" and options.base_url == "https://example.org/"
    assert options.permalinks == {"posts": "/:slug/"}
    # `unsafe` is the caller's decision (the site profile's), not the config's.
    assert options.unsafe is False and options.hard_wraps is True
    assert options.linkify_protocol == "http" and not options.auto_heading_id
    assert not any((options.typographer, options.linkify, options.footnote,
                    options.definition_list, options.table, options.strikethrough,
                    options.task_list))
    html = render_fragment('"Hi" see www.example.com\nnext\n', options)
    assert html == "<p>&quot;Hi&quot; see www.example.com<br />\nnext</p>\n"
    defaults = options_from_hugo_config({}, site_root=None, static_dir=None, content_dir=None,
                                        unsafe=True, permalinks={"x": "/:title/"})
    assert defaults.permalinks == {"x": "/:title/"} and defaults.site_title == ""
    assert defaults.typographer and defaults.linkify and defaults.auto_heading_id
    assert not defaults.hard_wraps and defaults.linkify_protocol == "https"


def test_python_markdown_dialect(tmp_path):
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'x'\n", encoding="utf-8")
    options = load_profile(tmp_path).render_options()
    assert options.dialect == PYTHON_MARKDOWN
    html = render_fragment("# Title\n\n```python\nx = 1\n```\n\nA | B\n--|--\n1 | 2\n", options)
    assert '<h1 id="title">Title</h1>' in html
    assert '<span class="n">x</span>' in html and "<table>" in html


def test_balance_check():
    assert is_balanced('<div class="row"><img src="x"><br></div>')
    assert not is_balanced('<div class="container">')
    assert not is_balanced("</div>")


def test_auto_heading_id_off_keeps_only_explicit_ids():
    options = RenderOptions(auto_heading_id=False)
    html = render_fragment("## Talks\n\n## Agenda {#plan}\n", options)
    assert "<h2>Talks</h2>" in html and '<h2 id="plan">Agenda</h2>' in html
    assert '<h2 id="talks">Talks</h2>' in render_fragment("## Talks\n", RenderOptions())
