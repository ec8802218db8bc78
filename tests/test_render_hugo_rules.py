"""Rules of today's Hugo (0.168) the renderer follows, each pinned by a small example whose
expected HTML was read from the real Hugo (the fidelity suite compares whole pages)."""

from __future__ import annotations

import pytest

from recap_editor.render.headings import anchor
from recap_editor.render.markdown import document_heading_ids, render_fragment
from recap_editor.render.options import RenderOptions


@pytest.mark.parametrize("markdown, expected", [
    ("# **...And, we're back!**", "heading"),            # ellipsis starts a String node
    ("# **Don't panic** now", "don-now"),                 # only the first node of the <strong>
    ("# [Link](http://x.com/y) `code` Ünïcode", "link-code-ünïcode"),   # no URL in the id
    ("## a *b* ~~c~~", "a-b-c"),
])
def test_heading_ids_come_from_the_rendered_text(markdown, expected):
    assert document_heading_ids(markdown, RenderOptions()) == [expected]


def test_headings_without_text_get_no_id():
    html = render_fragment("#\n\n# <http://x.com>\n", RenderOptions())
    assert "id=" not in html


@pytest.mark.parametrize("id_type, expected", [
    ("github", "ünïcode-über--a_b"), ("github-ascii", "unicode-uber--a_b"),
    ("blackfriday", "ünïcode-über-a-b")])
def test_heading_id_types(id_type, expected):
    assert anchor("Ünïcode Über & a_b", id_type) == expected


def test_explicit_ids_take_their_place_in_document_order():
    ids = document_heading_ids("# Dup\n# Dup {#dup-1}\n# Dup\n", RenderOptions())
    assert ids == ["dup", "dup-1", "dup-2"]


def test_table_with_more_delimiter_cells_than_header_is_a_table():
    html = render_fragment("|a|b|\n|:-|-:|:-:|\n|1|2|3|4|\n|5|\n", RenderOptions())
    assert html.count("</th>") == 3 and "<th></th>" in html          # padded header cell
    assert '<td style="text-align: center">3</td>' in html            # Hugo's table hook style
    assert "4" not in html                                           # extra body cells dropped
    assert html.count("<td></td>") == 2                              # filler cells: no alignment


def test_table_without_rows_has_an_empty_tbody():
    assert "<tbody></tbody>" in render_fragment("|h|\n|-|\n", RenderOptions())


def test_single_tilde_strikes_through_and_three_do_not():
    html = render_fragment("~x~ ~~y~~ ~~~z~~~\n", RenderOptions())
    assert html == "<p><del>x</del> <del>y</del> ~~~z~~~</p>\n"


def test_a_closing_quote_after_a_digit_curls_unless_an_inch_mark_follows():
    html = render_fragment('It is 5" tall and "21"" wide and "5"\n', RenderOptions())
    assert html == "<p>It is 5&quot; tall and \u201c21&quot;\u201d wide and \u201c5\u201d</p>\n"


@pytest.mark.parametrize("text, url", [
    ("x https://a.com/b/c.) y", "https://a.com/b/c."),
    ("x https://a.com/b/c)). y", "https://a.com/b/c"),
    ("x https://a.com/b/c&amp;. y", "https://a.com/b/c"),
    ("(see https://k8s.io/docs/). And", "https://k8s.io/docs/"),
    ("x https://a.com/b/c); y", "https://a.com/b/c);"),
])
def test_linkify_trims_punctuation_before_parens_and_entities(text, url):
    html = render_fragment(text + "\n", RenderOptions())
    assert f'<a href="{url}">{url}</a>' in html


def test_linkify_fires_right_after_another_inline_node_but_not_after_an_escape():
    html = render_fragment('See "https://example.org/" and a\\*https://v.com\n', RenderOptions())
    assert '\u201c<a href="https://example.org/%22">https://example.org/&quot;</a>' in html
    assert 'a*https://v.com' in html


def test_every_line_above_a_definition_is_a_term():
    html = render_fragment("one\ntwo *em*\n: d1\n: d2\n", RenderOptions())
    assert html == ("<dl>\n<dt>one</dt>\n<dt>two <em>em</em></dt>\n<dd>d1</dd>\n<dd>d2</dd>\n"
                    "</dl>\n")


def test_dashes_under_a_line_with_a_pipe_make_a_heading_not_a_table():
    html = render_fragment('word 21" |\n--\n', RenderOptions())
    assert html.startswith('<h2 id="word-21-">')


def test_a_header_without_pipes_is_one_cell():
    html = render_fragment("Name\n---|---\n1|2\n", RenderOptions())
    assert "<th>Name</th>\n<th></th>" in html and "<td>1</td>\n<td>2</td>" in html


def test_code_in_a_list_item_gets_its_blank_lines_empty_and_a_newline_after_tight_text():
    html = render_fragment("1. x\n   ```\n   p\n        \n   q\n   ```\n", RenderOptions())
    assert html == ('<ol>\n<li>x\n<pre tabindex="0"><code>p\n\nq\n</code></pre></li>\n</ol>\n')


def test_no_linkify_inside_a_link_label():
    html = render_fragment("[https://a.org/](https://a.org/). End\n", RenderOptions())
    assert html == '<p><a href="https://a.org/">https://a.org/</a>. End</p>\n'


def test_a_paragraph_keeps_a_trailing_no_break_space():
    assert render_fragment("end\u00a0\n", RenderOptions()) == "<p>end\u00a0</p>\n"
