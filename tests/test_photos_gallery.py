"""Gallery rows: the site's exact HTML shape, parsing every gallery of the test sites (the
repository's own, the sample and, where present, the corpus), layout of a batch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import corpus_posts
from recap_editor.sample import SAMPLE_POST, shipped_site
from sitedata import HARBOR_SITE
from recap_editor.photos.gallery import (
    Gallery, GalleryPhoto, GalleryRow, find_galleries, write_gallery, write_row,
)
from recap_editor.photos.importer import PhotoResult
from recap_editor.photos.layout import gallery_for_import, layout_gallery

POSTS = [*sorted((HARBOR_SITE / "content").rglob("*.md")), shipped_site() / SAMPLE_POST, *corpus_posts()]


def _normalised(html: str) -> list[str]:
    """Lines without indentation and without the alt text the seed lacks: the shape only."""
    return [re.sub(r' alt="[^"]*"', "", line.strip()) for line in html.splitlines() if line.strip()]


# ----------------------------------------------------------------------- the test sites

@pytest.mark.parametrize("post", POSTS, ids=[p.name for p in POSTS])
def test_every_site_gallery_parses_and_writes_back_byte_identical(post: Path):
    text = post.read_text(encoding="utf-8")
    spans = find_galleries(text)
    photos = [photo for span in spans for photo in span.gallery.photos()]
    # Every <img> of the sites sits in a gallery row; a video row is not a gallery.
    assert len(photos) == text.count("<img ")
    rebuilt, pos = [], 0
    for span in spans:
        assert text[span.start:span.end] == span.original_html
        assert write_gallery(span.gallery) == span.original_html
        for row in span.gallery.rows:
            assert 1 <= len(row.photos) <= 2 and write_row(row) == row.original_html
        rebuilt += [text[pos:span.start], write_gallery(span.gallery)]
        pos = span.end
    assert "".join(rebuilt) + text[pos:] == text
    for span in spans:  # each span is a whole gallery: <br> first and last where the post has them
        assert span.original_html.lstrip().startswith(("<br>", "<div"))
        assert span.original_html.rstrip().endswith(("<br>", "</div>"))


# Per site: the first photo of the seed post and the second row's first caption.
SEED_GALLERY = {
    "harbor": (GalleryPhoto("/images/harbor-kube/april-2019/state.JPG", "/images/harbor-kube/april-2019/state.JPG",
                            "Clusters in production, by number of nodes"),
               "Individual & Company Contributors", "Questions Asked per Month"),
    "corpus": (GalleryPhoto("/images/k8s-socal/may-2016/jj.JPG", "/images/k8s-socal/may-2016/jj.JPG",
                            "Companies running Kubernetes in Production with 100+ and 1000+ Nodes"),
               "Individual & Organizational Contributors", "StackOverflow Questions/Interest vs. Time"),
}


def test_the_seed_post_galleries_in_detail(site_seed, recap_site):
    text = site_seed.read_text(encoding="utf-8")
    spans = find_galleries(text)
    assert [len(s.gallery.rows) for s in spans] == [3, 1, 1]
    first = spans[0].gallery
    assert [len(r.photos) for r in first.rows] == [1, 2, 1]
    photo, caption, _ = SEED_GALLERY[recap_site.name]
    assert first.rows[0].photos[0] == photo
    assert first.rows[1].photos[0].caption == caption
    assert spans[0].original_html.startswith("<br>\n  <div class=\"row text-center\">")
    assert spans[0].original_html.endswith("  </div>\n<br>")


def test_our_rows_have_exactly_the_seed_shape_plus_alt(site_seed):
    text = site_seed.read_text(encoding="utf-8")
    seed_rows = [row for span in find_galleries(text) for row in span.gallery.rows]
    for row in seed_rows:
        fresh = GalleryRow([GalleryPhoto(p.src, p.href, p.caption) for p in row.photos])
        written = write_row(fresh)
        assert _normalised(written) == _normalised(row.original_html.replace("&", "&amp;"))
        lines = written.splitlines()
        indents = [len(line) - len(line.lstrip(" ")) for line in lines]
        assert "\t" not in written and all(i % 2 == 0 for i in indents)
        for photo in row.photos:  # the caption is repeated as alt text
            assert f'alt="{photo.caption.replace("&", "&amp;")}"' in written


# Per site: (post with an architecture diagram, its caption, post linking a photo elsewhere, which
# gallery, the link, post with a video row only).
VARIANTS = {
    "harbor": ("2019_02_04-building-a-lab-cluster-part-1.md", "lab-architecture.png",
               "The Lab's Architecture (click to enlarge)", "2019_03_14_storage-day-volumes.md", 0,
               "https://social.example.org/@harborkube/101", "2019_05_23-cluster-videos-1.md"),
    "corpus": ("2016_03_06-building-corekube-on-kubernetes-part-1.md", "corekube-architecture.png",
               "CoreKube's Architecture (click to enhance)", "2016_03_14_volumes.md", 1,
               "https://twitter.com/chuhnk/status/708364568175747072", "2016_05_26-kubernetes-vids-1.md"),
}


def test_variants_of_other_posts_are_modelled(recap_site):
    posts = recap_site.root / "content" / "posts"
    diagram_post, diagram, caption, linked_post, index, link, video_post = VARIANTS[recap_site.name]
    part1 = find_galleries((posts / diagram_post).read_text())
    arch = part1[0].gallery.rows[0].photos[0]
    assert arch.src.endswith(diagram) and arch.href.endswith("-xl.png")
    assert arch.caption == caption
    assert part1[1].gallery.rows[0].photos[0].href is None  # no link around the image
    linked = find_galleries((posts / linked_post).read_text())
    assert linked[index].gallery.rows[0].photos[0].href == link
    assert find_galleries((posts / video_post).read_text()) == []


# ------------------------------------------------------------------------ write and edit

def sample_gallery() -> Gallery:
    return Gallery([
        GalleryRow([GalleryPhoto("/images/x/a.jpg", "/images/x/a.jpg", 'Talk <one> & "two"')]),
        GalleryRow([GalleryPhoto("/images/x/b.jpg", "/images/x/b.jpg", "B"),
                    GalleryPhoto("/images/x/c d.jpg", None, "")]),
    ])


def test_written_galleries_parse_back_to_the_same_model_and_bytes():
    html = write_gallery(sample_gallery())
    [span] = find_galleries("Intro\n\n" + html + "\n\nMore text.\n")
    assert span.gallery == sample_gallery()
    assert span.original_html == html and write_gallery(span.gallery) == html
    assert '<figcaption>(<i>Talk &lt;one&gt; &amp; "two"</i>)</figcaption>' in html
    assert 'alt="Talk &lt;one&gt; &amp; &quot;two&quot;"' in html
    assert html.count("\n\n") == 1  # rows separated by one blank line, none inside a row


def test_only_the_edited_row_is_rewritten(site_seed, recap_site):
    text = site_seed.read_text(encoding="utf-8")
    span = find_galleries(text)[0]
    rows = span.gallery.rows
    rows[1].photos[1].caption = "New caption"
    out = write_gallery(span.gallery)
    assert out != span.original_html
    assert out.startswith(rows[0].original_html) and out.endswith(rows[2].original_html)
    assert "(<i>New caption</i>)" in out and "\t" not in write_row(rows[1])
    rows[1].photos[1].caption = SEED_GALLERY[recap_site.name][2]  # edit undone
    assert write_gallery(span.gallery) == span.original_html
    del rows[2]  # removing a row rewrites the gallery, unedited rows keep their bytes
    assert write_gallery(span.gallery) == rows[0].original_html + "\n\n" + rows[1].original_html


def test_a_row_holds_one_or_two_photos():
    with pytest.raises(ValueError, match="one or two"):
        write_row(GalleryRow([GalleryPhoto(str(i)) for i in range(3)]))


# --------------------------------------------------------------------------------- layout

def result(name: str, orientation: str, ok: bool = True) -> PhotoResult:
    return PhotoResult(source=Path(name), dest=Path("/site/images/post") / name if ok else None,
                       error=None if ok else f"{name}: damaged", orientation=orientation)


def shape(gallery: Gallery) -> list[list[str]]:
    return [[p.src.rsplit("/", 1)[-1] for p in row.photos] for row in gallery.rows]


def test_auto_layout_pairs_matching_neighbours_and_keeps_the_order():
    items = [result("p1.jpg", "portrait"), result("p2.jpg", "portrait"),
             result("l1.jpg", "landscape"), result("pan.jpg", "panorama"),
             result("l2.jpg", "landscape"), result("l3.jpg", "landscape"),
             result("l4.jpg", "landscape"), result("p3.jpg", "portrait"),
             result("sq.jpg", "square"), result("bad.jpg", "", ok=False), result("l5.jpg", "landscape")]
    assert shape(layout_gallery(items)) == [
        ["p1.jpg", "p2.jpg"], ["l1.jpg"], ["pan.jpg"], ["l2.jpg", "l3.jpg"], ["l4.jpg"],
        ["p3.jpg", "sq.jpg"], ["l5.jpg"]]


def test_single_and_pair_modes():
    items = [result(f"{i}.jpg", o) for i, o in enumerate(["landscape", "portrait", "panorama"])]
    assert shape(layout_gallery(items, "single")) == [["0.jpg"], ["1.jpg"], ["2.jpg"]]
    assert shape(layout_gallery(items, "pair")) == [["0.jpg", "1.jpg"], ["2.jpg"]]
    with pytest.raises(ValueError, match="unknown layout"):
        layout_gallery(items, "grid")


def test_gallery_for_import_uses_the_url_prefix_and_links_to_the_image():
    gallery = gallery_for_import([result("a b.jpg", "landscape")], "/images/my-slug")
    [[photo]] = [row.photos for row in gallery.rows]
    assert photo == GalleryPhoto("/images/my-slug/a%20b.jpg", "/images/my-slug/a%20b.jpg", "")
    html = write_gallery(gallery)
    assert 'col-xs-offset-2 col-xs-8' in html and 'class="img-responsive center-block"' in html
    assert "<figcaption>" not in html  # no caption yet: nothing empty is written


def test_written_rows_stay_raw_html_blocks_in_markdown():
    """No row may turn into a paragraph or an indented code block (blank lines would do that)."""
    from markdown_it import MarkdownIt

    text = "Intro.\n\n" + write_gallery(sample_gallery()) + "\n\nAfter.\n"
    tokens = MarkdownIt("commonmark").parse(text)
    blocks = [t.type for t in tokens if t.level == 0 and not t.type.endswith("_close")]
    assert blocks == ["paragraph_open", "html_block", "html_block", "paragraph_open"]
    html = "".join(t.content for t in tokens if t.type == "html_block")
    assert html.count("<img ") == 3 and html.count("<figcaption>") == 2


def test_rows_shown_as_code_examples_are_not_galleries():
    row = write_gallery(sample_gallery())
    text = f"How we write photos:\n\n```html\n{row}\n```\n\n~~~~\n{row}\n~~~~\n\nA real one:\n\n{row}\n"
    [span] = find_galleries(text)
    assert span.start == text.rindex(row) and span.original_html == row
    unclosed = f"```\n{row}\n"  # an unclosed fence runs to the end of the document
    assert find_galleries(unclosed) == []
