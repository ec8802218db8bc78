"""Nothing the writer typed is ever changed: open + save is byte-identical, one edit changes one field.

Covers every post of the repository's test site, the sample post and (where present) the corpus, generated variants of them (CRLF, BOM, no final newline, YAML, comments,
multi-line strings, unicode), and random posts and edits from hypothesis.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import string

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import corpus_posts
from recap_editor.document.post import Post
from recap_editor.sample import SAMPLE_POST, shipped_site
from sitedata import HARBOR_SITE

# Text only (no images needed): read straight from the checkout.
POSTS = [*sorted((HARBOR_SITE / "content").rglob("*.md")), shipped_site() / SAMPLE_POST, *corpus_posts()]


def _variants(data: bytes) -> dict[str, bytes]:
    text = data.decode("utf-8")
    return {
        "as-is": data,
        "crlf": text.replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + data,
        "bom-crlf": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
        "no-final-newline": text.rstrip("\n").encode(),
        "extra-final-newlines": (text + "\n\n").encode(),
        "mixed-endings": text.replace("\n", "\r\n", 3).encode(),
    }


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_site_post_round_trips_byte_identical(path):
    for name, data in _variants(path.read_bytes()).items():
        post = Post.from_bytes(data, path)
        assert post.error is None, (name, post.error)
        assert post.to_bytes() == data, name


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_site_post_one_field_edit_changes_one_line(path):
    for name, data in _variants(path.read_bytes()).items():
        post = Post.from_bytes(data, path)
        for key in list(post.fields):
            edited = Post.from_bytes(data, path)
            value = post.fields[key]
            new_value = [*value, "Extra"] if isinstance(value, list) else f"{value} (edited)"
            edited.set(key, new_value)
            assert edited.get(key) == new_value
            assert {k: v for k, v in edited.fields.items() if k != key} == \
                   {k: v for k, v in post.fields.items() if k != key}
            old_lines = data.decode("utf-8-sig").splitlines(keepends=True)
            new_lines = edited.to_bytes().decode("utf-8-sig").splitlines(keepends=True)
            changed = [line for line in difflib.ndiff(old_lines, new_lines) if line[:1] in "+-"]
            assert len(changed) == 2, (name, key, changed)
            assert changed[0].lstrip("- ").startswith(key)
            assert edited.to_bytes().startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")


def test_seed_date_stays_a_string_and_datetime_stays_datetime():
    post = Post.from_text('+++\ndate = "2016-05-12T16:00:00-08:00"\n+++\nbody\n')
    post.set("date", dt.datetime(2017, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    assert post.text.splitlines()[1] == 'date = "2017-01-02T03:04:05+00:00"'
    native = Post.from_text("+++\ndate = 2016-05-12T16:00:00-08:00\n+++\nbody\n")
    assert isinstance(native.get("date"), dt.datetime)
    native.set("date", "2017-01-02T03:04:05Z")
    assert isinstance(native.get("date"), dt.datetime)
    assert native.text.splitlines()[1] == "date = 2017-01-02T03:04:05Z"


YAML_POST = (
    "---\n"
    "# the post's fields\n"
    'title: "Café ☕ meetup"   # shown as the heading\n'
    "date: 2016-05-12T16:00:00-08:00\n"
    "tags: [Meetup, SoCal]\n"
    "authors:\n"
    "  - Ann\n"
    "  - Bob\n"
    "summary: |\n"
    "  Two lines\n"
    "  of summary.\n"
    "\n"
    "draft: false\n"
    "---\n"
    "Body with ünïcödé.\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_yaml_post_round_trip_and_edits(newline):
    data = YAML_POST.replace("\n", newline).encode()
    post = Post.from_bytes(data)
    assert post.format == "yaml" and post.error is None
    assert post.to_bytes() == data
    assert post.fields["authors"] == ["Ann", "Bob"]
    assert post.fields["summary"] == "Two lines\nof summary.\n"

    post.set("title", "New title")
    lines = post.to_bytes().decode().split(newline)
    assert lines[2] == 'title: "New title"   # shown as the heading'
    assert post.to_bytes().decode().replace('"New title"', '"Café ☕ meetup"') == data.decode()

    post.set("authors", ["Cleo"])
    assert "authors:" + newline + "  - Cleo" + newline + "summary: |" in post.to_bytes().decode()
    post.set("slug", "cafe-meetup")
    assert post.to_bytes().decode().split(newline)[-4] == "slug: cafe-meetup"
    post.unset("draft")
    assert "draft" not in post.text and post.body == "Body with ünïcödé.\n"


def test_toml_comments_multiline_and_tables_survive_edits():
    text = ('+++\n# fields\ntitle = "A"  # keep me\ndescription = """\nline one\nline two"""\n'
            'tags = [\n  "a",\n  "b",\n]\n\n[params]\nx = 1\n+++\nbody')
    post = Post.from_text(text)
    assert post.text == text and post.fields["params"] == {"x": 1}
    post.set("title", "B")
    assert post.text == text.replace('title = "A"', 'title = "B"')
    post.set("slug", "b")
    assert 'tags = [\n  "a",\n  "b",\n]\nslug = "b"\n\n[params]' in post.text
    post.unset("description")
    assert "line one" not in post.text and 'title = "B"  # keep me' in post.text


def test_setting_the_same_value_keeps_every_byte():
    text = "+++\ntags = [ 'x' ,'y' ]\ntitle='T'\n+++\nbody"
    post = Post.from_text(text)
    post.set("tags", ["x", "y"])
    post.set("title", "T")
    assert post.text == text


def test_post_without_front_matter_gets_toml_block_on_first_field():
    post = Post.from_text("Just a body.\n")
    assert post.format is None and post.fields == {} and post.body == "Just a body.\n"
    post.set("title", "Hello")
    assert post.text == '+++\ntitle = "Hello"\n+++\nJust a body.\n'


# ------------------------------------------------------------------------------- property tests

_keys = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10)
_scalars = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.integers(-10**6, 10**6),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=dt.timezone.utc)),
)
_values = st.one_of(_scalars, st.lists(st.text(alphabet=string.ascii_letters + " -", max_size=12), max_size=4))
_fields = st.dictionaries(_keys, _values, min_size=1, max_size=6)
_bodies = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=200)


def _render(fmt: str, fields: dict) -> str:
    if fmt == "toml":
        return "+++\n" + tomlkit.dumps(fields) + "+++\n"
    out = io.StringIO()
    yaml = YAML()
    yaml.dump(fields, out)
    return "---\n" + out.getvalue() + "---\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(["toml", "yaml"]), fields=_fields, body=_bodies,
       crlf=st.booleans(), bom=st.booleans(), final_newline=st.booleans())
def test_random_posts_round_trip(fmt, fields, body, crlf, bom, final_newline):
    text = _render(fmt, fields) + body
    text = text if final_newline or not text.endswith("\n") else text.rstrip("\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    post = Post.from_bytes(data)
    assert post.error is None
    assert post.to_bytes() == data
    assert post.fields.keys() == fields.keys()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(["toml", "yaml"]), fields=_fields, body=_bodies,
       data=st.data(), new_value=_values, crlf=st.booleans())
def test_random_single_field_edit_changes_only_that_field(fmt, fields, body, data, new_value, crlf):
    text = _render(fmt, fields) + body
    if crlf:
        text = text.replace("\n", "\r\n")
    post = Post.from_bytes(text.encode())
    key = data.draw(st.sampled_from(sorted(fields)))
    before_other = {k: v for k, v in post.fields.items() if k != key}
    head_before = post.text[: post.text.index(post.front_matter_text)] if post.front_matter_text else ""
    post.set(key, new_value)
    after = Post.from_bytes(post.to_bytes())
    assert after.error is None
    assert {k: v for k, v in after.fields.items() if k != key} == before_other
    assert after.body == Post.from_bytes(text.encode()).body
    assert after.text.startswith(head_before)
    assert (b"\r\n" in post.to_bytes()) == crlf or "\n" not in post.text
    old_lines = text.replace("\r\n", "\n").splitlines()
    new_lines = post.text.splitlines()
    removed = [l[2:] for l in difflib.ndiff(old_lines, new_lines) if l.startswith("- ")]
    # every removed line belongs to the edited key (its own line or a continuation of it)
    key_lines = _lines_of_key(old_lines, key, fmt)
    assert set(removed) <= set(key_lines), (key, removed, key_lines)


def _lines_of_key(lines: list[str], key: str, fmt: str) -> list[str]:
    closing = "+++" if fmt == "toml" else "---"
    inside = lines[1: lines.index(closing, 1)]
    owned, current = [], None
    for line in inside:
        starts_key = line and not line[0].isspace() and not line.startswith(("-", "]", '"""', "'''"))
        if starts_key:
            current = line.split("=" if fmt == "toml" else ":", 1)[0].strip().strip("'\"")
        if current == key:
            owned.append(line)
    return owned
