"""The wheel ships every package and resources/, and the sample is never modified by use."""

from __future__ import annotations

import tomlkit
from pathlib import Path

from recap_editor import sample
from recap_editor.paths import resource_path

REPO = Path(__file__).resolve().parent.parent


def test_pyproject_lists_every_package():
    config = tomlkit.parse((REPO / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts)
               for p in (REPO / "recap_editor").rglob("__init__.py") if "__pycache__" not in p.parts}
    assert on_disk | {"recap_editor.resources"} == listed


def test_resources_are_found():
    for parts in (("templates", "new_post.md"), ("sample", "site", "config.toml"),
                  ("sample", "site", sample.SAMPLE_POST.as_posix())):
        assert resource_path(*parts).is_file(), parts


def test_sample_working_copy_leaves_the_shipped_post_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    shipped = resource_path("sample", "site", sample.SAMPLE_POST.as_posix())
    original = shipped.read_bytes()
    copy = sample.working_copy()
    assert copy.is_file() and tmp_path in copy.parents and copy.read_bytes() == original
    copy.write_text("the writer's experiment")
    assert sample.working_copy().read_text() == "the writer's experiment"  # kept across starts
    assert sample.working_copy(fresh=True).read_bytes() == original
    assert shipped.read_bytes() == original
    images = copy.parents[2] / "static" / "images" / "pdx-cloud-native-october-2026"
    assert len(list(images.glob("*.jpg"))) == 3


def test_sample_post_is_a_clean_example(tmp_path, monkeypatch):
    """The sample shows off what the app makes: TOML front matter, two gallery rows, no problems."""
    from recap_editor.document.post import Post
    from recap_editor.photos.gallery import find_galleries
    from recap_editor.site.checks import check_post
    from recap_editor.site.profile import profile_for

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path = sample.working_copy()
    post = Post.load(path)
    assert post.error is None and post.format == "toml"
    rows = [row for span in find_galleries(post.text) for row in span.gallery.rows]
    assert [len(row.photos) for row in rows] == [1, 2]
    assert check_post(post, profile_for(path)) == []
