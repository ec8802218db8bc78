"""Bounded parsing (issue #11): a YAML alias bomb fails fast with a clear error in every command,
one bad post never slows or breaks the commands on the other posts of its site, and the scanners
that replaced backtracking patterns find what the patterns found."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recap_editor.document.post import Post
from recap_editor.site import references
from recap_editor.site.profile import load_profile

REPO = Path(__file__).resolve().parent.parent

# 411 bytes that stand for 9^9 (387 million) strings once the aliases are expanded.
BOMB = """---
title: bomb
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
Body.
"""
GOOD = '+++\ntitle = "Good"\ndate = "2016-05-12"\nslug = "good"\n+++\n\nSummary.\n\n<!--more-->\n\nText.\n'


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "recap_editor", *args], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "T"\n')
    (tmp_path / "content" / "posts" / "2016_05_12-good.md").write_text(GOOD)
    (tmp_path / "content" / "posts" / "2016_05_13-bomb.md").write_text(BOMB)
    return tmp_path


def test_the_alias_bomb_is_refused_fast_in_every_command(site: Path):
    bomb = site / "content" / "posts" / "2016_05_13-bomb.md"
    t0 = time.monotonic()
    for command in (("meta", str(bomb)), ("render", str(bomb)),
                    ("meta", str(bomb), "--set", "title=x")):
        result = run(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert f"{bomb}:" in result.stderr and "aliases" in result.stderr
        assert "Traceback" not in result.stderr
    checked = run("check", str(bomb))   # a finding of the check: exit 1, the error listed
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert f"{bomb}:2: error:" in checked.stdout and "aliases" in checked.stdout
    assert time.monotonic() - t0 < 50   # was: ~52 s and a MemoryError, per command
    assert bomb.read_text() == BOMB


def test_one_bomb_in_a_site_does_not_break_its_other_posts(site: Path):
    good = site / "content" / "posts" / "2016_05_12-good.md"
    for command in (("meta", str(good)), ("render", str(good), "--fragment"), ("check", str(good))):
        result = run(*command)
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "Traceback" not in result.stderr
    profile = load_profile(site)
    assert any("2016_05_13-bomb.md" in note and "aliases" in note for note in profile.notes)


def test_the_profile_scan_names_posts_too_big_to_learn_from(site: Path, monkeypatch):
    from recap_editor.site import infer

    monkeypatch.setattr(infer, "SCAN_MAX_BYTES", 10)
    profile = load_profile(site)
    assert any("2016_05_12-good.md" in note and "too big" in note for note in profile.notes)


def test_the_profile_scan_stops_at_its_time_budget_and_says_so(site: Path, monkeypatch):
    from recap_editor.site import infer

    monkeypatch.setattr(infer, "SCAN_BUDGET_SECONDS", -1.0)
    profile = load_profile(site)
    assert any("ran out of time" in note for note in profile.notes)


def test_self_referring_yaml_is_refused_or_read_never_hangs():
    post = Post.from_text("---\na: &a [1, *a]\nb: &b {x: *b}\n---\n")
    assert post.error is None or "alias" in post.error.message
    shared = Post.from_text("---\na: &a {x: 1}\nb: *a\n---\n")
    assert shared.error is None and shared.fields["b"] == {"x": 1}


# ------------------------------------------------------------------------------ the scanners

def test_scanners_find_what_the_patterns_found():
    body = ("# Title {#custom}\n\nSetext heading\n---\n\n```\n![not](/in/code.jpg)\n```\n\n"
            "Text `![not](/inline.jpg)` and ![alt](/images/a.jpg \"t\") and [l](/x/) "
            "<img src=\"/images/b.jpg\" alt=\"B\"> <!-- ![c](/comment.jpg) -->\n"
            "{{< figure src=\"/images/c.jpg\" caption=\"C\" >}} {{< ref \"other.md\" >}}\n"
            "## Closing ##\n")
    refs = [(r.kind, r.url, r.line) for r in references.find_references(body)]
    assert refs == [("image", "/images/a.jpg", 10), ("link", "/x/", 10),
                    ("image", "/images/b.jpg", 10), ("image", "/images/c.jpg", 11),
                    ("ref", "other.md", 11)]
    assert references.heading_ids(body) == {"custom", "setext-heading", "closing"}
    assert references.first_raw_html_line(body) == 10


def test_an_unclosed_code_span_or_fence_masks_nothing_or_to_the_end():
    assert references.mask_code("a `b c") == "a `b c"
    assert references.mask_code("a ``b`` c") == "a       c"
    assert references.mask_code("a `b\n\nc` d") == "a `b\n\nc` d"   # not across paragraphs
    assert references.mask_code("x\n```\ncode\n") == "x\n   \n    \n"


def test_gallery_div_pairs_match_the_depth_scan():
    import random

    from recap_editor.photos import gallery

    rng = random.Random(11)
    for _ in range(300):
        text = "".join(rng.choice(['<div class="row">', "</div>", "x", "<div ", "\n"])
                       for _ in range(rng.randint(0, 40)))
        pairs = gallery._div_pairs(text)
        for match in gallery._DIV_OPEN.finditer(text):
            assert pairs.get(match.end()) == gallery._matching_close(text, match.end())


def test_rows_in_fences_are_examples_and_unclosed_rows_are_not_galleries():
    from recap_editor.photos.gallery import find_galleries

    row = ('<div class="row text-center"><div class="col-md-12">'
           '<img src="/images/a.jpg" class="img-responsive"></div></div>\n')
    text = "```\n" + row + "```\n\n" + '<div class="row text-center">\n' * 50 + "\n" + row
    spans = find_galleries(text)
    assert len(spans) == 1 and spans[0].original_html.strip() == row.strip()


def test_typographer_quote_runs_render_as_with_a_full_line_scan(monkeypatch):
    """The remembered run end gives the same smart quotes as scanning the rest of the line."""
    import random

    from recap_editor.render import goldmark
    from recap_editor.render.markdown import render_fragment
    from recap_editor.render.options import RenderOptions

    options = RenderOptions(unsafe=True)
    rng = random.Random(5)
    texts = ["".join(rng.choice(["'", '"', "a", " ", "9", "s", "\n", ".", "(", "-", "t"])
                     for _ in range(rng.randint(1, 40))) for _ in range(300)]
    fast = [render_fragment(t, options) for t in texts]

    def full_scan(state, c):
        line = goldmark._line_from(state, state.pos)
        j = 0
        while j < len(line) and line[j] == c:
            j += 1
        return line[j] if j < len(line) else " "

    monkeypatch.setattr(goldmark, "_after_run", full_scan)
    assert [render_fragment(t, options) for t in texts] == fast


def test_a_big_render_leaves_the_garbage_collector_as_it_found_it():
    import gc

    from recap_editor.render.markdown import render_fragment
    from recap_editor.render.options import RenderOptions

    big = "Paragraph with *emphasis*.\n\n" * 10_000
    assert gc.isenabled()
    render_fragment(big, RenderOptions())
    assert gc.isenabled()
    gc.disable()
    try:
        render_fragment(big, RenderOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()
