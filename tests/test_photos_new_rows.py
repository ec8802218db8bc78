"""Where new gallery rows go in the text (the template's photo line, a heading's section, the cursor's
section, the end) and captions from a file, in the core and through ``recap-editor photos``."""

from __future__ import annotations

from pathlib import Path

import pytest

from recap_editor.cli import main
from recap_editor.document.new_post import new_post_text
from recap_editor.document.post import Post
from recap_editor.photos.captions import CaptionsError, parse_captions
from recap_editor.photos.gallery import find_galleries
from recap_editor.photos.new_rows import (
    find_heading, gallery_insertion, headings, placeholder_span, section_end,
)
from recap_editor.site.checks import check_post
from recap_editor.site.profile import load_profile
from sitedata import broken_photo, camera_jpeg

ROWS = "<br>\n<div>rows</div>\n<br>"
BODY = """Summary.

<!--more-->

# **Talks**

 - A talk

# **Highlights**

Drop your photos onto the editor to add them here as gallery rows.

## Lightning talks

Five of them.

# **Conclusion**

Thanks!
"""


def test_the_template_line_is_replaced_wherever_the_photos_came_from():
    expected = BODY.replace("Drop your photos onto the editor to add them here as gallery rows.\n", ROWS + "\n")
    for where in ({}, {"cursor_at": 0}, {"cursor_at": len(BODY)}, {"drop_at": BODY.index("Thanks")}):
        assert gallery_insertion(BODY, ROWS, **where).apply(BODY) == expected, where


def test_the_template_line_is_still_found_after_small_edits_but_not_in_code():
    edited = BODY.replace("as gallery rows.", "as gallery rows (three or four).")
    assert placeholder_span(edited) is not None
    fenced = BODY.replace("Drop your photos", "```\nDrop your photos").replace(
        "gallery rows.\n", "gallery rows.\n```\n")
    assert placeholder_span(fenced) is None
    quoted = BODY.replace("Drop your photos", "Then: Drop your photos")   # part of a sentence
    assert placeholder_span(quoted) is None


def test_without_the_line_rows_go_after_the_cursors_section_or_at_the_end():
    body = BODY.replace("Drop your photos onto the editor to add them here as gallery rows.\n\n", "")
    at_talks = gallery_insertion(body, ROWS, cursor_at=body.index("A talk")).apply(body)
    assert at_talks.index("A talk") < at_talks.index(ROWS) < at_talks.index("# **Highlights**")
    assert " - A talk\n\n" + ROWS + "\n\n# **Highlights**" in at_talks
    # in a sub-section: the end of that sub-section (the next heading of its level or higher)
    in_sub = gallery_insertion(body, ROWS, cursor_at=body.index("Five")).apply(body)
    assert "Five of them.\n\n" + ROWS + "\n\n# **Conclusion**" in in_sub
    # in Highlights, above its sub-section: the whole section, sub-sections included
    in_top = gallery_insertion(body, ROWS, cursor_at=body.index("# **Highlights**") + 3).apply(body)
    assert "Five of them.\n\n" + ROWS + "\n\n# **Conclusion**" in in_top
    assert gallery_insertion(body, ROWS).apply(body) == body + "\n" + ROWS + "\n"
    # a drop points at an exact place: the rows go there (moved out of the paragraph)
    dropped = gallery_insertion(body, ROWS, drop_at=body.index("talk")).apply(body)
    assert " - A talk\n\n" + ROWS + "\n\n# **Highlights**" in dropped


def test_after_a_heading_wins_and_names_the_headings_when_missing():
    done = gallery_insertion(BODY, ROWS, after="talks").apply(BODY)
    assert " - A talk\n\n" + ROWS + "\n\n# **Highlights**" in done
    assert "Drop your photos" in done                     # the writer chose another place
    assert find_heading(BODY, "## Lightning Talks").line == 13
    with pytest.raises(ValueError, match=r"no heading 'Venue' in the post \(its headings: 'Talks', "
                                         r"'Highlights', 'Lightning talks', 'Conclusion'\)"):
        gallery_insertion(BODY, ROWS, after="Venue")


def test_headings_skip_code_and_front_matter_and_count_setext():
    text = "+++\ntitle = 'x'\n+++\n# Real\n\n```\n# not one\n```\n\nSetext\n======\n"
    body_start = text.index("# Real")
    assert [(h.title, h.level, h.line) for h in headings(text, body_start)] == [("Real", 1, 4), ("Setext", 1, 10)]
    assert section_end(text, body_start + 2, body_start) == text.index("Setext")


def test_a_new_post_gets_its_rows_under_highlights():
    text = new_post_text("Meetup", date="2026-01-02T18:00:00-08:00")
    post = Post.from_text(text)
    done = gallery_insertion(post.body, ROWS).apply(post.body)
    assert done.index("# **Highlights**") < done.index(ROWS) < done.index("# **Conclusion**")
    assert "Drop your photos" not in done and "\n\n\n" not in done


# ------------------------------------------------------------------------------- captions

def test_captions_file_format_and_its_errors(tmp_path):
    captions = parse_captions("# the night\n\nIMG_0001.JPG: The stage: full\n img_0002 :  Pizza \n",
                              tmp_path / "c.txt")
    assert captions.by_name == {"img_0001.jpg": ("The stage: full", 3), "img_0002": ("Pizza", 4)}
    for text, line, words in [("just words\n", 1, "expected 'photo name: caption'"),
                              ("# c\n: no name\n", 2, "no photo name"),
                              ("a.jpg: x\nA.JPG: y\n", 2, "already has a caption on line 1")]:
        with pytest.raises(CaptionsError) as info:
            parse_captions(text, tmp_path / "c.txt")
        assert info.value.line == line and words in info.value.message


def _new_post(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "config.toml").write_text('title = "S"\n[markup.goldmark.renderer]\nunsafe = true\n')
    assert main(["new", "Harbor Meetup - May 2026", "--site", str(site), "--date", "2026-05-14T18:00:00-07:00",
                 "--tags", "Meetup", "--authors", "Sam Ortiz"]) == 0
    return next((site / "content" / "posts").iterdir())


def test_cli_rows_replace_the_template_line_with_captions_as_alt_text(tmp_path, capsys):
    post = _new_post(tmp_path)
    photos = [camera_jpeg(tmp_path / "card" / f"IMG_{i:04d}.JPG", (1200, 900), seed=i, orientation=o)
              for i, o in enumerate([1, 6, 1], start=1)]
    broken = broken_photo(tmp_path / "card" / "IMG_0009.JPG")
    captions = tmp_path / "captions.txt"
    captions.write_text("IMG_0001.JPG: Ines on the state of the project\n"
                        "img_0002: Questions & answers\nIMG_0007: not in this batch\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["photos", str(post), *map(str, photos), str(broken), "--captions", str(captions)])
    out, err = capsys.readouterr()
    assert code == 1 and "IMG_0009.JPG: error:" in err              # the broken one; the rest went in
    assert f"{captions}:3: warning: no photo 'img_0007' in this import" in err
    assert "without a caption (alt text)" in err                    # IMG_0003 has none
    assert "in place of the template's photo line" in out
    text = post.read_text(encoding="utf-8")
    assert "Drop your photos" not in text
    assert text.index("# **Highlights**") < text.index("<br>") < text.index("# **Conclusion**")
    photos_in = [p for span in find_galleries(text) for p in span.gallery.photos()]
    assert [p.caption for p in photos_in] == ["Ines on the state of the project", "Questions & answers", ""]
    assert 'alt="Questions &amp; answers"' in text and "<figcaption>(<i>Questions &amp; answers</i>)" in text
    alt_warnings = [p for p in check_post(post, load_profile(post.parents[2])) if "no alt text" in p.message]
    assert [p.message.split()[1].rsplit("/", 1)[1] for p in alt_warnings] == ["img-0003.jpg"]


def test_cli_after_heading_and_its_errors(tmp_path, capsys):
    post = _new_post(tmp_path)
    photo = camera_jpeg(tmp_path / "IMG_0001.JPG", (900, 600))
    before = post.read_bytes()
    assert main(["photos", str(post), str(photo), "--after", "Venue"]) == 2
    assert "no heading 'Venue' in the post" in capsys.readouterr().err
    assert post.read_bytes() == before and not (post.parents[2] / "static" / "images").exists()
    bad = tmp_path / "bad.txt"
    bad.write_text("no colon here\n")
    assert main(["photos", str(post), str(photo), "--captions", str(bad)]) == 2
    assert f"{bad}:1: error: expected 'photo name: caption'" in capsys.readouterr().err
    assert main(["photos", str(post), str(photo), "--after", "**Talks**"]) == 0
    text = post.read_text(encoding="utf-8")
    assert text.index("# **Talks**") < text.index("<br>") < text.index("# **Highlights**")
    assert "Drop your photos" in text                               # --after chose another place
    assert main(["photos", str(post), str(photo)]) == 0             # the line is still there: replaced
    assert "Drop your photos" not in post.read_text(encoding="utf-8")
