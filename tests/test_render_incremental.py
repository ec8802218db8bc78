"""Incremental rendering equals a full render, and re-renders only what an edit touched."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recap_editor.document.post import Post
from recap_editor.render.incremental import IncrementalRenderer, render_preview
from recap_editor.render.markdown import render_fragment
from recap_editor.render.options import RenderOptions
from recap_editor.render.preview import strip_preview, without_keys

from conftest import corpus_posts
from recap_editor.sample import SAMPLE_POST, shipped_site
from sitedata import HARBOR_SITE

OPTIONS = RenderOptions(unsafe=True, resolve_urls=False)
# The repository's own posts always; the corpus's too where present.
POSTS = [*sorted((HARBOR_SITE / "content" / "posts").glob("*.md")), shipped_site() / SAMPLE_POST,
         *(p for p in corpus_posts() if p.parent.name == "posts")]
BODIES = {p.name: Post.load(p).body for p in POSTS}

# Pieces that stress what can reach beyond one block: fences, definitions, footnotes, HTML,
# headings (duplicate ids), lists, tables, setext underlines, quotes (goldmark counts them per
# document), shortcodes and the summary divider.
PIECES = ["x", " ", "\n", "\n\n", "```\n", "```", "~~~\n", "# Talks\n", "## Talks", "- a\n",
          "1. b\n", "> ", "    ", "[ref]: http://example.com/r\n", "[ref]", "[^1]", "[^1]: note\n",
          "<div class=\"row\">\n", "</div>\n", "<br>\n", "<!-- c -->", "---\n", "===\n", '"',
          "'", "|a|b|\n|-|-|\n", "*", "**", "{{< ref \"#x\" >}}", "{{<", ">}}", "<!--more-->",
          "Talks\n", ":"]

edits = st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace"]),
              st.sampled_from(PIECES), st.integers(1, 40)),
    min_size=1, max_size=6)


def _apply(text: str, edit) -> str:
    where, kind, piece, length = edit
    pos = int(where * len(text))
    if kind == "insert":
        return text[:pos] + piece + text[pos:]
    if kind == "delete":
        return text[:pos] + text[pos + length:]
    return text[:pos] + piece + text[pos + length:]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(BODIES)), edits=edits)
def test_random_edits_equal_full_render(name, edits):
    text = BODIES[name]
    renderer = IncrementalRenderer(OPTIONS, line_offset=7)
    renderer.update(text)
    for edit in edits:
        text = _apply(text, edit)
        update = renderer.update(text)
        assert update.fragment == render_fragment(text, OPTIONS)
    assert without_keys(update.html) == without_keys(render_preview(text, OPTIONS, 7))
    assert strip_preview(update.html) == update.fragment
    assert len({b.key for b in update.blocks}) == len(update.blocks)


def test_typing_in_a_paragraph_renders_one_block():
    text = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n- a\n- b\n"
    renderer = IncrementalRenderer(OPTIONS)
    first = renderer.update(text)
    assert first.full and len(first.changed) == 4
    keys = [b.key for b in first.blocks]
    update = renderer.update(text.replace("Second", "Secondly"))
    assert not update.full
    assert [b.html for b in update.changed] == [
        '<!--block %s--><p data-source-line="5">Secondly paragraph.</p>\n' % update.changed[0].key]
    assert [b.key for b in update.blocks] == [keys[0], keys[1], update.changed[0].key, keys[3]]


def test_lines_shift_without_re_rendering():
    renderer = IncrementalRenderer(OPTIONS, line_offset=10)
    renderer.update("A\n\nB\n\nC\n")
    update = renderer.update("A\n\n\n\nB\n\nC\n")
    assert update.changed == []
    assert [b.line for b in update.blocks] == [11, 15, 17]
    assert 'data-source-line="15"' in update.html


def test_duplicate_heading_ids_re_render_the_other_heading():
    renderer = IncrementalRenderer(OPTIONS)
    renderer.update("# Talks\n\ntext\n\n# Talks\n")
    assert 'id="talks-1"' in renderer.update("# Talks\n\ntext\n\n# Talks\n").html
    update = renderer.update("# Other\n\ntext\n\n# Talks\n")
    assert not update.full
    assert {b.line for b in update.changed} == {1, 5}
    assert 'id="talks"' in update.changed[-1].html


def test_opening_a_fence_swallows_the_rest_and_closing_it_restores():
    text = "Intro\n\n# Head\n\nPara one\n\nPara two\n"
    renderer = IncrementalRenderer(OPTIONS)
    renderer.update(text)
    opened = text.replace("# Head", "```\n# Head")
    assert renderer.update(opened).fragment == render_fragment(opened, OPTIONS)
    assert "<h1" not in renderer.update(opened).fragment
    closed = opened.replace("Para one", "```\nPara one")
    assert renderer.update(closed).fragment == render_fragment(closed, OPTIONS)


def test_reference_definitions_and_footnotes_render_fully():
    renderer = IncrementalRenderer(OPTIONS)
    renderer.update("See [x].\n\nMore.\n")
    update = renderer.update("See [x].\n\nMore.\n\n[x]: http://example.com\n")
    assert update.full and '<a href="http://example.com">x</a>' in update.fragment
    update = renderer.update("See [x] and[^1].\n\nMore.\n\n[x]: http://example.com\n\n[^1]: n\n")
    assert update.full and 'class="footnote-ref"' in update.fragment


def test_an_unclosed_quote_reaches_later_paragraphs_as_in_goldmark():
    renderer = IncrementalRenderer(OPTIONS)
    renderer.update("Start\n\nfoo\"bar\" x\n")
    assert "bar&quot; x" in renderer.update("Start\n\nfoo\"bar\" x\n").fragment
    text = "\"Start\n\nfoo\"bar\" x\n"
    assert renderer.update(text).fragment == render_fragment(text, OPTIONS)
    assert "bar\u201d" in render_fragment(text, OPTIONS)


def test_raw_html_spanning_blocks_asks_for_a_whole_body_replace():
    renderer = IncrementalRenderer(OPTIONS)
    assert not renderer.update("<div>\n\ntext\n\n</div>\n").changed[0].html.count("</div>")
    assert renderer.update("<div>\n\ntext\n\n</div>\n").replace_all
    assert not renderer.update("<div>x</div>\n\ntext\n").replace_all
