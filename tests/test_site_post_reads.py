"""A site load parses each post once (site/post_reads.py), for its conventions and its page index."""

from __future__ import annotations

import os
from pathlib import Path

from recap_editor.document import post as post_module
from recap_editor.site.post_reads import one_read_each, read_site_post

POST = '+++\ntitle = "Harbor"\ndate = "2019-05-01"\ntags = ["Meetup"]\n+++\n\nBody.\n'


def counting(monkeypatch) -> list[Path]:
    loads: list[Path] = []
    real = post_module.Post.load.__func__
    monkeypatch.setattr(post_module.Post, "load",
                        classmethod(lambda cls, path, tidy=True: loads.append(Path(path)) or real(cls, path, tidy)))
    return loads


def test_loading_a_site_parses_each_post_once(tmp_path, monkeypatch):
    from recap_editor.workspace.site import load_site

    posts = tmp_path / "site" / "content" / "posts"
    posts.mkdir(parents=True)
    (tmp_path / "site" / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "T"\n')
    for number in range(5):
        (posts / f"2019_05_0{number + 1}-harbor-{number}.md").write_text(POST)
    loads = counting(monkeypatch)
    state = load_site(posts)
    assert state.profile is not None and len(state.content_urls) == 5
    assert sorted(loads) == sorted(posts.glob("*.md"))           # each once (it was twice)


def test_a_changed_post_is_read_again_and_nothing_is_kept_outside_a_load(tmp_path, monkeypatch):
    path = tmp_path / "post.md"
    path.write_text(POST)
    loads = counting(monkeypatch)
    with one_read_each():
        first = read_site_post(path)
        assert read_site_post(path) is first and len(loads) == 1
        path.write_text(POST.replace("Harbor", "Harbour night"))
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        assert read_site_post(path).get("title") == "Harbour night" and len(loads) == 2
    read_site_post(path)
    read_site_post(path)
    assert len(loads) == 4                                        # outside a load: read each time
