"""Hugo's built-in shortcodes, emoji and highlight settings: what the fidelity suite cannot
compare with Hugo (cards for embeds in the preview, shortcodes Hugo removed, option parsing)."""

from __future__ import annotations

from recap_editor.render.highlight import HighlightConfig, config_from_hugo, highlight_code
from recap_editor.render.incremental import render_preview
from recap_editor.render.markdown import document_heading_ids, render_fragment
from recap_editor.render.options import RenderOptions, options_from_hugo_config
from recap_editor.render.page import render_page
from recap_editor.document.post import Post

OPTIONS = RenderOptions(unsafe=True)


def test_published_youtube_is_hugos_iframe_and_the_preview_shows_a_card():
    text = '{{< youtube id="abc123" title="Keynote" >}}\n'
    published = render_fragment(text, OPTIONS)
    assert 'src="https://www.youtube.com/embed/abc123?autoplay=0&amp;controls=1' in published
    assert 'title="Keynote"' in published and "<iframe" in published
    preview = render_preview(text, OPTIONS)
    assert "<iframe" not in preview
    assert 'href="https://www.youtube.com/watch?v=abc123">Keynote</a>' in preview


def test_preview_never_embeds_vimeo_or_instagram():
    preview = render_preview("{{< vimeo 19899678 >}}\n\n{{< instagram CxOWiQNP2MO >}}\n", OPTIONS)
    assert "<iframe" not in preview and "<script" not in preview
    assert "https://vimeo.com/19899678" in preview
    assert "https://www.instagram.com/p/CxOWiQNP2MO" in preview


def test_removed_shortcodes_say_so_and_x_is_a_card_in_both():
    for name in ("tweet", "twitter", "gist"):
        html = render_fragment(f'{{{{< {name} user="golang" id="123" >}}}}\n', OPTIONS)
        assert "removed in Hugo 0.156" in html, name
    html = render_fragment('{{< x user="golang" id="123" >}}\n', OPTIONS)
    assert 'href="https://x.com/golang/status/123"' in html and "removed" not in html


def test_param_reads_the_post_then_the_site(tmp_path):
    post = tmp_path / "p.md"
    post.write_text('+++\ntitle = "t"\nevent = "KubeCon"\n[venue]\n  city = "London"\n+++\nx\n')
    options = options_from_hugo_config({"params": {"org": "CoreKube", "event": "site"}},
                                       site_root=tmp_path, static_dir=None, content_dir=tmp_path,
                                       post_path=post, unsafe=True)
    html = render_fragment("{{< param event >}} {{< param venue.city >}} {{< param org >}}\n",
                           options)
    assert html == "<p>KubeCon London CoreKube</p>\n"


def test_details_renders_summary_inline_and_body_as_blocks():
    html = render_fragment('{{< details summary="See *more*" open=true >}}\n- a\n- b\n'
                           "{{< /details >}}\n", OPTIONS)
    assert html.startswith("<details open>\n\t<summary>See <em>more</em></summary>")
    assert "<ul>\n<li>a</li>" in html and html.rstrip().endswith("</details>")


def test_emoji_only_when_the_site_enables_it():
    text = "Party :tada: and :nope: and `:tada:`\n"
    assert ":tada:" in render_fragment(text, OPTIONS)
    html = render_fragment(text, RenderOptions(enable_emoji=True))
    assert html == "<p>Party \U0001F389 and :nope: and <code>:tada:</code></p>\n"
    assert options_from_hugo_config({"enableemoji": True}, site_root=None, static_dir=None,
                                    content_dir=None, unsafe=True).enable_emoji


def test_heading_ids_use_emoji_short_names():
    ids = document_heading_ids("# Ship it :rocket:\n", RenderOptions(enable_emoji=True))
    assert ids == ["ship-it-rocket"]


def test_highlight_settings_from_the_site_config():
    config = config_from_hugo({"noClasses": False, "style": "dracula", "lineNos": "table",
                               "hl_Lines": "2-3", "lineNoStart": 5, "codeFences": True})
    assert config == HighlightConfig(style="dracula", no_classes=False, line_nos=True,
                                     line_numbers_in_table=True, line_no_start=5,
                                     hl_lines=((6, 7),))


def test_unknown_language_and_chroma_only_alias():
    assert highlight_code("a < b\n", "nosuchlang") == \
        '<pre tabindex="0"><code class="language-nosuchlang" data-lang="nosuchlang">' \
        "a &lt; b\n</code></pre>"
    # Pygments has no "dns" name, Chroma does: the zone-file lexer colours it.
    html = highlight_code("example.com. IN A 1.2.3.4\n", "dns")
    assert html.startswith('<div class="highlight">') and "<span style=" in html.split("<code", 1)[1]


def test_preview_page_carries_the_class_stylesheet_only_for_classes(tmp_path):
    post = Post.from_text("+++\ntitle = \"t\"\n+++\n```go\nx := 1\n```\n", tmp_path / "p.md")
    inline = render_page(post, RenderOptions())
    classes = render_page(post, RenderOptions(highlight=HighlightConfig(no_classes=False,
                                                                       style="dracula")))
    assert ".chroma .k {" not in inline
    assert ".chroma .k { color:#ff79c6 }" in classes


def test_cards_give_the_published_html_back():
    from recap_editor.render.preview import strip_preview
    text = '{{< youtube abc >}}\n\n<div class="row">\n<iframe src="https://player.vimeo.com/video/9">' \
           "\n</iframe>\n</div>\n\n{{< instagram XyZ >}}\n"
    preview = render_preview(text, RenderOptions(unsafe=True, resolve_urls=False))
    assert preview.count('class="recap-embed ') == 3 and "<iframe" not in preview
    assert strip_preview(preview) == render_fragment(text, RenderOptions(unsafe=True))


def test_figure_of_a_bundle_resource_links_the_page_url_and_previews_the_file(tmp_path):
    from recap_editor.site.profile import load_profile
    site = tmp_path / "site"
    bundle = site / "content" / "posts" / "mybundle"
    bundle.mkdir(parents=True)
    (site / "static").mkdir()
    (site / "config.toml").write_text(
        'baseURL = "https://example.org/"\n[permalinks]\n  posts = "/:year/:month/:day/:slug/"\n')
    (bundle / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    post = bundle / "index.md"
    post.write_text('+++\ntitle = "B"\nslug = "bee"\ndate = "2016-01-01"\n+++\n'
                    '{{< figure src="photo.jpg" >}}\n')
    options = load_profile(site).render_options(post)
    body = '{{< figure src="photo.jpg" >}}\n\n{{< figure src="gone.jpg" >}}\n'
    html = render_fragment(body, options)
    assert '<img src="/2016/01/01/bee/photo.jpg"' in html   # Hugo's RelPermalink of the resource
    assert '<img src="gone.jpg"' in html
    preview = render_preview(body, options)
    assert (bundle / "photo.jpg").resolve().as_uri() in preview


def test_legacy_pygments_settings_apply_where_markup_highlight_is_silent():
    options = options_from_hugo_config(
        {"pygmentsstyle": "dracula", "pygmentsuseclasses": True,
         "markup": {"highlight": {"linenos": True}}},
        site_root=None, static_dir=None, content_dir=None, unsafe=True)
    assert options.highlight.style == "dracula" and not options.highlight.no_classes
    assert options.highlight.line_nos
    options = options_from_hugo_config({"pygmentsstyle": "dracula",
                                        "markup": {"highlight": {"style": "github"}}},
                                       site_root=None, static_dir=None, content_dir=None,
                                       unsafe=True)
    assert options.highlight.style == "github"


def test_code_fences_off_prints_goldmarks_own_block():
    # Hugo 0.168 with markup.highlight.codeFences = false
    html = render_fragment("```go\nx := 1\n\n\n```\n",
                           RenderOptions(highlight=HighlightConfig(code_fences=False)))
    assert html == '<pre><code class="language-go">x := 1\n\n\n</code></pre>\n'


def test_heading_anchor_of_markdown_text():
    from recap_editor.render.markdown import heading_anchor
    assert heading_anchor("**Don't panic** now", RenderOptions()) == "don-now"
    assert heading_anchor("Crème brûlée", RenderOptions(auto_id_type="github-ascii")) == \
        "creme-brulee"
    assert heading_anchor("", RenderOptions()) is None


def test_line_anchors_stay_numbered_by_document_order_while_editing():
    from recap_editor.render.incremental import IncrementalRenderer
    options = RenderOptions(highlight=HighlightConfig(line_nos=True, anchor_line_nos=True))
    text = "Intro\n\n```sql\nSELECT 1;\n```\n\nMiddle\n\n```sql\nSELECT 2;\n```\n"
    renderer = IncrementalRenderer(options)
    renderer.update(text)
    edited = text.replace("Middle\n", "Middle\n\n```sql\nSELECT 'new';\n```\n")
    update = renderer.update(edited)
    assert update.fragment == render_fragment(edited, options)
    assert 'id="hl-2-1"' in update.fragment and 'id="hl-0-1"' in update.fragment


def test_render_command_exports_hugos_embeds_and_the_fragment(tmp_path, capsys):
    from recap_editor.cli import main
    post = tmp_path / "p.md"
    post.write_text('+++\ntitle = "t"\n+++\n{{< youtube abc >}}\n')
    assert main(["render", str(post)]) == 0
    page = capsys.readouterr().out
    assert "<iframe" in page and "https://www.youtube.com/embed/abc" in page
    assert 'class="recap-embed' not in page
    assert main(["render", "--fragment", str(post)]) == 0
    assert capsys.readouterr().out == render_fragment("{{< youtube abc >}}\n", RenderOptions(
        post_path=post))


def test_typographer_and_footnote_tables_of_todays_hugo():
    config = {"markup": {"goldmark": {"extensions": {
        "typographer": {"leftdoublequote": "&laquo;", "rightdoublequote": "&raquo;",
                        "apostrophe": "&#39;"},
        "footnote": {"backlinkhtml": "back"}}}}}
    options = options_from_hugo_config(config, site_root=None, static_dir=None,
                                       content_dir=None, unsafe=True)
    html = render_fragment('"Hi" it\'s[^1]\n\n[^1]: x\n', options)
    assert "\u00abHi\u00bb it&#x27;s" in html or "\u00abHi\u00bb it's" in html
    assert 'role="doc-backlink">back</a>' in html
    off = {"markup": {"goldmark": {"extensions": {"typographer": {"disable": True},
                                                  "footnote": {"enable": False}}}}}
    options = options_from_hugo_config(off, site_root=None, static_dir=None, content_dir=None,
                                       unsafe=True)
    assert not options.typographer and not options.footnote


def test_qr_preview_shows_the_picture_and_export_gives_hugos_img():
    from recap_editor.render.preview import strip_preview
    text = 'Scan {{< qr text="https://example.org" alt="Our site" />}} here.\n'
    options = RenderOptions(unsafe=True, resolve_urls=False, base_url="https://example.org/blog/")
    published = render_fragment(text, options)
    assert published.startswith('<p>Scan <img src="/blog/qr_')
    assert 'width="132" height="132" alt="Our site">' in published
    preview = render_preview(text, options)
    assert 'src="data:image/png;base64,iVBOR' in preview and "/blog/qr_" not in preview
    assert strip_preview(preview) == published


def test_qr_with_bad_options_says_why_hugo_fails():
    for call in ('{{< qr />}}', '{{< qr text="x" level="top" />}}', '{{< qr text="x" scale=1 />}}'):
        html = render_fragment(call + "\n", OPTIONS)
        assert "Hugo fails to build this post" in html and "<img" not in html, call


def test_guess_syntax_runs_chromas_analysers_not_pygments_guess():
    from recap_editor.render.chroma_guess import guess_lexer_name
    assert guess_lexer_name("#!/usr/bin/env bash\necho hi\n") == "Bash"
    assert guess_lexer_name('package main\n\nimport "fmt"\n') == "Go"
    assert guess_lexer_name("import os\nprint(os.getcwd())\n") is None   # Chroma: no Python analyser
    assert guess_lexer_name("<p><%= @title %></p>\n") is None            # ERB's analyser is never asked
    assert guess_lexer_name("Then we load the tools.\n") == "GDScript3"  # Chroma's own quirk
    config = HighlightConfig(guess_syntax=True)
    assert 'data-lang="go"' in highlight_code("package x\n", "", config)
    assert 'data-lang="fallback"' in highlight_code("Just prose.\n", "", config)


def test_render_command_exports_hugos_qr_img(tmp_path, capsys):
    from recap_editor.cli import main
    post = tmp_path / "p.md"
    post.write_text('+++\ntitle = "t"\n+++\n{{< qr text="https://example.org" alt="A" />}}\n')
    assert main(["render", str(post)]) == 0
    page = capsys.readouterr().out
    assert '<img src="/qr_' in page and 'alt="A">' in page
    assert "data:image/png" not in page and "data-recap-original" not in page
