"""Issue #9: `{{< ref >}}` in the preview looks pages up in the site's page table (read with the
site on a worker), never on disk on the GUI thread; it finds the same pages as the disk search."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from recap_editor.render import shortcodes
from recap_editor.render.shortcodes import resolve_ref
from recap_editor.workspace.site import load_site

from conftest import discard_edits, open_post

POST = '+++\ntitle = "{title}"\ndate = 2016-05-12\nslug = "{slug}"\n+++\n\nBody.\n'


def make_site(root: Path) -> Path:
    posts = root / "content" / "posts"
    (posts / "bundle").mkdir(parents=True)
    (root / "content" / "about").mkdir()
    (root / "static").mkdir()
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "T"\n'
                                      '[permalinks]\nposts = "/:year/:month/:slug/"\n')
    (posts / "a.md").write_text(POST.format(title="Alpha", slug="alpha"))
    (posts / "b.md").write_text(POST.format(title="Bravo", slug="bravo"))
    (posts / "bundle" / "index.md").write_text(POST.format(title="Bundle", slug="bundled"))
    (root / "content" / "about" / "_index.md").write_text('+++\ntitle = "About"\n+++\n')
    (root / "content" / "about" / "b.md").write_text(POST.format(title="Other B", slug="other-b"))
    (posts / "unique-name.md").write_text(POST.format(title="U", slug="u"))
    return root


REFS = ["b", "b.md", "/posts/b.md", "posts/b", "bundle", "posts/bundle", "about", "/about/b",
        "unique-name", "a#part", "missing", "nope/b"]


@pytest.mark.parametrize("kind", ["ref", "relref"])
def test_the_page_table_answers_as_the_disk_search_does_without_touching_the_disk(
        tmp_path, monkeypatch, kind):
    site = make_site(tmp_path / "site")
    post = site / "content" / "posts" / "a.md"
    state = load_site(post)
    assert state.content_urls is not None and "posts/bundle/index.md" in state.content_urls
    on_disk = state.profile.render_options(post)
    from_table = state.profile.render_options(post)
    from_table.content_urls = state.content_urls
    expected = {ref: resolve_ref(kind, [ref], on_disk) for ref in REFS}
    assert expected["b"].endswith("/2016/05/bravo/")          # beside the post first
    assert expected["missing"].startswith("#ref-not-found")

    def no_disk(*args, **kwargs):
        raise AssertionError("ref looked at the disk")
    with monkeypatch.context() as patched:
        for name in ("rglob", "is_file", "exists", "stat"):
            patched.setattr(Path, name, no_disk)
        patched.setattr(shortcodes, "_find_page", no_disk)
        try:
            answers = {ref: resolve_ref(kind, [ref], from_table) for ref in REFS}
        except AssertionError as exc:
            answers = str(exc)
    assert answers == expected
    # "../" from the post's folder is the same page as "/about/b" (the disk search gave it the
    # posts' permalink, as it kept "posts/../" in the page's section)
    assert resolve_ref(kind, ["../about/b.md"], from_table) == expected["/about/b"]


def test_a_small_post_renders_its_refs_without_searching_the_disk_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    from PySide6.QtCore import QSettings

    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    site = make_site(tmp_path / "site")
    post = site / "content" / "posts" / "a.md"
    post.write_text(post.read_text() + '\nSee [Bravo]({{< ref "b" >}}).\n')
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))

    qtbot.addWidget(win, before_close_func=discard_edits)
    on_gui_thread: list[str] = []
    real_find = shortcodes._find_page

    def find_page(ref, options):
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append(ref)
        return real_find(ref, options)
    monkeypatch.setattr(shortcodes, "_find_page", find_page)
    rendered: list[str] = []
    real_resolve = shortcodes.resolve_ref
    def resolve(kind, args, options):
        url = real_resolve(kind, args, options)
        rendered.append((url, threading.current_thread() is threading.main_thread()))
        return url
    monkeypatch.setattr(shortcodes, "resolve_ref", resolve)
    assert open_post(qtbot, win, post)
    preview = win.ensure_preview()
    with qtbot.waitSignal(preview.loaded, timeout=20000):
        win.show()
    qtbot.waitUntil(lambda: not win.binding.loading, timeout=10000)
    editor = win.session.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.setFocus()
    qtbot.keyClicks(editor, "More.")
    # the edited paragraph (the ref's) renders again (on a worker: every render does) from the table
    qtbot.waitUntil(lambda: ("http://example.org/2016/05/bravo/", False) in rendered, timeout=10000)
    assert on_gui_thread == []
