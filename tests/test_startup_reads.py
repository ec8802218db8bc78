"""Startup reads ahead (workspace/startup.py): while Qt loads, a thread finds unsaved work and reads
the first post and its site; the window uses them instead of reading again, so its first paint has
the post and the site's form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recap_editor.document.schema import DEFAULT_SCHEMA
from recap_editor.workspace.startup import StartupReads

SITE_POST = """---
title: "Harbor Night"
date: 2019-05-01T18:00:00-07:00
tags: ["Meetup"]
authors: ["Ada Lovelace"]
---

Harbor Night paragraph.
"""


def _read(path) -> StartupReads:
    reads = StartupReads(path)
    assert reads.wait(timeout=30)
    return reads


def make_site(root: Path) -> Path:
    """A site whose posts put `date` first: its form's rows come in that order, not the default's."""
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "Harbor"\nlanguageCode = "en-us"\n')
    (root / "content" / "posts" / "older.md").write_text(
        '---\ndate: 2019-01-01\ntitle: "Older"\nslug: "older"\ntags: ["Meetup"]\nauthors: ["Ada Lovelace"]\n---\n\nOlder.\n')
    post = root / "content" / "posts" / "harbor-night.md"
    post.write_text(SITE_POST)
    return post


def test_reads_the_post_and_its_site(tmp_path):
    post = make_site(tmp_path / "site")
    reads = _read(str(post))
    assert reads.post_path == post.resolve() and reads.post_error is None
    assert reads.post.text == SITE_POST
    assert reads.site.root == (tmp_path / "site").resolve() and reads.site.profile is not None


def test_a_folder_or_a_post_yet_to_be_written_is_left_to_the_window(tmp_path):
    make_site(tmp_path / "site")
    for asked in (tmp_path / "site", tmp_path / "site" / "content" / "posts" / "new.md"):
        reads = _read(str(asked))
        assert reads.post_path is None and reads.post is None and reads.site is None


def test_a_post_that_cannot_be_read_is_said_by_the_window_naming_the_file(tmp_path):
    post = make_site(tmp_path / "site")
    post.write_bytes(b"---\ntitle: \xff\xfe\n---\n")   # not UTF-8
    reads = _read(str(post))
    assert reads.post is None
    assert str(post.resolve()) in reads.post_error


def test_without_a_path_it_reads_the_sample_posts_working_copy(tmp_path, monkeypatch):
    from recap_editor.sample import SAMPLE_POST, shipped_site

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    reads = _read(None)
    assert reads.post_path == (tmp_path / "data" / "recap-editor" / "sample-site" / SAMPLE_POST).resolve()
    assert reads.post.text == (shipped_site() / SAMPLE_POST).read_text(encoding="utf-8")


def test_it_finds_the_unsaved_work_a_dead_session_left(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from recap_editor.workspace.recovery import recovery_dir

    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    dead = 2 ** 22 + 12345   # above Linux's default pid_max: no such process
    (folder / f"session-{dead}-abcd.json").write_text(json.dumps(
        {"version": 1, "pid": dead, "started": None, "post_path": None, "saved_at": 1.0, "text": "lost words"}))
    reads = _read(None)
    assert [work.text for work in reads.orphans] == ["lost words"]


# -- the window built from them --------------------------------------------------------------------

pytest.importorskip("PySide6.QtWebEngineWidgets")


def test_the_first_window_uses_what_was_read_ahead_and_reads_nothing_again(qtbot, tmp_path, monkeypatch):
    from test_trust_gui_thread_io import GuiThreadFiles

    from conftest import discard_edits
    from recap_editor.ui import live_preview
    from recap_editor.ui.app import open_start_window
    from recap_editor.workspace import workspace as workspace_module

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    post = make_site(tmp_path / "site")
    reads = _read(str(post))
    renders, site_loads = [], []
    real_prepare = live_preview.prepare_page
    monkeypatch.setattr(live_preview, "prepare_page", lambda *a: renders.append(a) or real_prepare(*a))
    real_load_site = workspace_module.Workspace.load_site
    monkeypatch.setattr(workspace_module.Workspace, "load_site",
                        staticmethod(lambda path: site_loads.append(path) or real_load_site(path)))
    from recap_editor.ui import form as form_module, main_window as window_module
    forms = []
    real_form = form_module.FrontMatterForm
    monkeypatch.setattr(window_module, "FrontMatterForm", lambda *a: forms.append(a) or real_form(*a))
    with GuiThreadFiles(tmp_path / "site") as recorded:
        win = open_start_window(str(post), reads)
        qtbot.addWidget(win, before_close_func=discard_edits)
        # before the first paint: the post, and the site's form (date first, as its posts have it)
        assert win.session.path == post.resolve() and win.editor.toPlainText() == SITE_POST
        assert win.workspace.profile is reads.site.profile and not win.site_pending()
        site_order = reads.site.profile.schema.names
        assert list(win.form.rows) == site_order and site_order != DEFAULT_SCHEMA.names
        assert len(forms) == 1                     # built with the site's fields, not rebuilt for them
        win.show()
        qtbot.waitUntil(lambda: win.preview is not None and win.preview.is_loaded, timeout=20000)
    assert site_loads == []                        # the site was not read again
    assert len(renders) == 1                       # and the page rendered once, with its options
    assert recorded.events == []                   # and the GUI thread read nothing of the site
    html = []
    win.preview.page.toHtml(html.append)
    qtbot.waitUntil(lambda: bool(html), timeout=5000)
    assert "Harbor Night paragraph." in html[0]


def test_a_window_closed_right_after_its_first_paint_builds_nothing_afterwards(qtbot, tmp_path):
    """Its deferred preview and menus are dropped with it (they used to run on a deleted window)."""
    from PySide6.QtWidgets import QApplication

    from recap_editor.ui.main_window import MainWindow

    post = make_site(tmp_path / "site")
    win = MainWindow()   # not given to qtbot: the test deletes it itself
    assert win.open_path(post, loaded=_read(post).post)
    win.show()
    qtbot.waitUntil(lambda: win._first_paint_watch is not None, timeout=5000)
    QApplication.processEvents()        # the first paint: the preview is now due on the next turn
    win.deleteLater()
    qtbot.wait(300)                     # a deferred call on the deleted window would raise here


def test_the_photos_and_post_menus_are_there_from_the_first_paint_and_fill_when_opened(qtbot, tmp_path):
    """The menu bar does not change when the menus' widgets attach; opened before that, a menu
    attaches them there and then."""
    from PySide6.QtCore import QSettings

    from conftest import discard_edits
    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    post = make_site(tmp_path / "site")
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    assert win.open_path(post, loaded=_read(post).post)
    titles = [a.text().replace("&", "") for a in win.menuBar().actions() if a.isVisible()]
    assert titles == ["File", "Edit", "View", "Photos", "Post", "Help"]
    assert not win._extensions_attached and win.post_menu.actions() == []
    win.post_menu.aboutToShow.emit()            # what opening the menu does first
    assert win._extensions_attached
    assert [a.text() for a in win.post_menu.actions()][:2] == ["Run &Checks", "Checks &Panel"]
    assert [a.text().replace("&", "") for a in win.menuBar().actions() if a.isVisible()] == titles


def test_reads_that_hang_do_not_keep_the_window_from_appearing(qtbot, tmp_path, monkeypatch):
    """A post or site on a dead network mount: past a short wait the window is built without the
    startup reads and opens the post the usual way, on a worker."""
    import threading

    from conftest import discard_edits, wait_until_opened
    from recap_editor.ui import app
    from recap_editor.workspace import site as site_module

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    post = make_site(tmp_path / "site")
    release = threading.Event()
    real_load_site = site_module.load_site

    def hanging(path):
        if threading.current_thread().name == "startup-reads":
            release.wait(30)   # the startup thread hangs on the site; the window's worker does not
        return real_load_site(path)

    monkeypatch.setattr(site_module, "load_site", hanging)
    monkeypatch.setattr(app, "FIRST_READS_WAIT_S", 0.2)
    reads = StartupReads(str(post))
    try:
        win = app.open_start_window(str(post), reads)
        qtbot.addWidget(win, before_close_func=discard_edits)
        assert not reads.wait(timeout=0)          # built while the reads still hang
        wait_until_opened(qtbot, win)
        assert win.session.path == post.resolve() and win.editor.toPlainText() == SITE_POST
        assert not reads.wait(timeout=0)
    finally:
        release.set()
