"""Fuzzing (issue #11): random bytes, random front matter and pathological Markdown through the post
model, the renderer, the checks and the gallery parser.

What must hold for every input: nothing raises but the documented errors (a DocumentError for bytes
that are not text, a FrontMatterError for an edit the front matter refuses), an unedited post writes
back its exact bytes, an edit that succeeds reads back, and every case finishes inside a time budget
(cost grows linearly: the backtracking patterns these inputs were made for took tens of seconds).

Budgets are generous on purpose (a shared CI machine is slow); a super-linear path at these sizes
takes many times longer. The whole file runs in well under a minute.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recap_editor.document.post import DocumentError, FrontMatterError, Post
from recap_editor.photos.gallery import find_galleries
from recap_editor.render.incremental import IncrementalRenderer
from recap_editor.render.markdown import render_fragment
from recap_editor.render.options import RenderOptions
from recap_editor.render.preview import without_keys
from recap_editor.site import references
from recap_editor.site.checks import check_post
from recap_editor.site.profile import load_profile

BUDGET_S = 6.0   # per case, for every stage together
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzzsite")
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static" / "images").mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Fuzz"\n'
                                      "[markup.goldmark.renderer]\nunsafe = true\n")
    (root / "content" / "posts" / "2016_01_01-other.md").write_text(
        '+++\ntitle = "Other"\ndate = "2016-01-01"\n+++\n\nText.\n')
    return root


@pytest.fixture(scope="module")
def profile(site: Path):
    return load_profile(site)


class Budget:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def check(self, what: str, size: int) -> None:
        spent = time.perf_counter() - self.start
        assert spent < BUDGET_S, f"{what}: {spent:.1f} s for {size} characters (budget {BUDGET_S} s)"


# ------------------------------------------------------------------------------ random bytes

@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes_load_or_fail_cleanly_and_round_trip(data: bytes):
    try:
        post = Post.from_bytes(data)
    except DocumentError:
        return
    assert post.to_bytes() == data


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_behind_front_matter_round_trip(data: bytes):
    raw = b"+++\ntitle = \"x\"\n+++\n" + data
    try:
        post = Post.from_bytes(raw)
    except DocumentError:
        return
    assert post.to_bytes() == raw


# ------------------------------------------------------------------------------ front matter

_FM_LINE = st.one_of(
    st.sampled_from(['title = "A"', "title: A", 'tags = ["a", "b"]', "tags: [a, b]", "date = 2016-05-12",
                     "a: &x [1, 2]", "b: *x", "c: [*x, *x]", "+++", "---", "", "# comment",
                     'x = """', '"""', "key = 'lit'", "[table]", "- item", "  nested: 1",
                     "draft = true", "weight: 3", "bad = ", "= bad", "\ufeff", "title = \"\u2028\""]),
    st.text(max_size=30))


@FUZZ
@given(delimiter=st.sampled_from(["+++", "---"]), lines=st.lists(_FM_LINE, max_size=12),
       body=st.text(max_size=200), key=st.sampled_from(["title", "tags", "new_key", "a"]),
       value=st.one_of(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=3)),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_random_front_matter_never_raises_and_edits_read_back(delimiter, lines, body, key, value,
                                                             newline):
    text = newline.join([delimiter, *lines, delimiter, body])
    post = Post.from_text(text)
    assert post.to_bytes() == text.encode("utf-8")
    try:
        post.set(key, value)
    except FrontMatterError:
        return
    again = Post.from_bytes(post.to_bytes())
    assert again.error is None, again.error
    assert key in again.fields


# ------------------------------------------------------------------------------ pathological Markdown

_PIECE = st.sampled_from([
    "`", "``", "```", "*", "**", "_", "__", "[", "]", "![", "](", "(", ")", "<", ">", "<a ",
    "<!--", "-->", "{{<", ">}}", "{{% ", " %}}", "{{< figure ", 'src="/images/a.jpg" ', "{#",
    "}", "#", "## ", "\n---\n", "\n===\n", "\n", "\n\n", "> ", "- ", "1. ", "    ", "|", "\\",
    "http://a.", "www.", "a@b.", "&amp;", "data:image/png;base64,iVBOR", "word ", "ü", "😀",
    "<div class=\"row\">", "</div>", "<img src=\"/images/x.jpg\">", "~~~", "[^1]", "[^1]: n\n",
    "<div class=\"row text-center\">", "<div ", "<div class=\"col-md-6\">",
    "\"", "'", "--", "...", "<<", "a=\"b\" ",
])


@st.composite
def hostile_markdown(draw) -> str:
    """A few pieces, each repeated many times: nesting, long runs and long lines."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        piece = "".join(draw(st.lists(_PIECE, min_size=1, max_size=4)))
        length = draw(st.sampled_from([10, 1_000, 10_000, 30_000]))   # characters, about
        parts.append(piece * max(1, length // len(piece)))
    return "".join(parts)[:40_000]


@FUZZ
@given(body=hostile_markdown())
def test_pathological_markdown_renders_checks_and_parses_in_budget(body, site, profile):
    budget = Budget()
    options = profile.render_options(site / "content" / "posts" / "2016_05_12-fuzz.md")
    html = render_fragment(body, options)
    assert isinstance(html, str)
    budget.check("render", len(body))
    references.find_references(body)
    references.heading_ids(body)
    references.first_raw_html_line(body)
    budget.check("references", len(body))
    find_galleries(body)
    budget.check("galleries", len(body))
    post = Post.from_text('+++\ntitle = "Fuzz"\ndate = "2016-05-12"\n+++\n\n' + body,
                          site / "content" / "posts" / "2016_05_12-fuzz.md")
    problems = check_post(post, profile)
    assert all(p.line >= 1 for p in problems)
    budget.check("checks", len(body))


@FUZZ
@given(body=hostile_markdown(), at=st.floats(0, 1), typed=st.text(alphabet="`*[]<>{}#\n x", max_size=3))
def test_incremental_render_equals_a_full_render_on_hostile_text(body, at, typed):
    options = RenderOptions(unsafe=True)
    body = body[:8000]
    renderer = IncrementalRenderer(options)
    renderer.update(body)
    cut = round(at * len(body))
    edited = body[:cut] + typed + body[cut:]
    budget = Budget()
    update = renderer.update(edited)
    budget.check("incremental render", len(edited))
    assert without_keys(update.html) == without_keys(IncrementalRenderer(options).update(edited).html)
