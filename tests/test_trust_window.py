"""Window bugs of issue #9, through the real main window: the preview never shows another post's
render, the Checks panel follows edits and drops stale results, Close closes the post (Quit quits),
and a broken recap-editor.toml is shown with its file and line."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QSettings, Qt  # noqa: E402

from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import discard_edits, open_post, refuse_window_dialogs  # noqa: E402

pytestmark = pytest.mark.timeout(90)

POST_A = """+++
date = "2016-05-12T16:00:00-08:00"
tags = ["Meetup"]
title = "Alpha Title"
slug = "alpha"
authors = "Mike Metral"
+++

Alpha paragraph.
"""

POST_B = """+++
date = "2016-06-12T16:00:00-08:00"
tags = ["Meetup"]
title = "Bravo Title"
slug = "bravo"
authors = "Mike Metral"
+++

Bravo paragraph.
"""


def make_site(root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "Test"\n'
                                      '[markup.goldmark.renderer]\nunsafe = true\n')
    return root


@pytest.fixture(autouse=True)
def no_unexpected_questions(monkeypatch):
    refuse_window_dialogs(monkeypatch)




@pytest.fixture
def win(qtbot, tmp_path):
    window = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window, before_close_func=discard_edits)
    window.resize(1200, 800)
    return window


def js(qtbot, win, script):
    results = []
    win.preview.run_script(script, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return results[0]


def _shown(qtbot, win):
    preview = win.ensure_preview()
    with qtbot.waitSignal(preview.loaded, timeout=20000):
        win.show()


def test_switching_posts_mid_render_never_shows_the_old_post(qtbot, win, tmp_path, monkeypatch):
    from recap_editor.ui import live_preview

    site = make_site(tmp_path / "site")
    a = site / "content" / "posts" / "a.md"
    b = site / "content" / "posts" / "b.md"
    a.write_text(POST_A)
    b.write_text(POST_B)
    assert open_post(qtbot, win, a)
    _shown(qtbot, win)
    qtbot.waitUntil(lambda: "Alpha paragraph." in js(qtbot, win, "document.body.innerText"), timeout=5000)
    monkeypatch.setattr(live_preview, "BACKGROUND_ABOVE_CHARS", 0)   # every render on a worker
    release = threading.Event()
    started = threading.Event()
    real_update = win.live._renderer.update

    def slow_update(body):
        started.set()
        release.wait(10)
        return real_update(body)

    monkeypatch.setattr(win.live._renderer, "update", slow_update)
    win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
    win.editor.insertPlainText("Edited alpha words.\n")
    win.live.debounce.stop()
    win.live.render_now()                              # A's render is now in flight
    assert started.wait(5)
    win.session._set_modified(False)                   # switch without being asked about A's edit
    with qtbot.waitSignal(win.preview.loaded, timeout=10000):
        assert open_post(qtbot, win, b)
    qtbot.waitUntil(lambda: "Bravo paragraph." in js(qtbot, win, "document.body.innerText"), timeout=5000)
    release.set()                                      # A's render finishes now, too late
    qtbot.wait(600)
    text = js(qtbot, win, "document.body.innerText")
    assert "Edited alpha words." not in text and "Alpha" not in text
    assert "Bravo paragraph." in text and "Bravo Title" in text
    # and B's own edits still reach the preview
    win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
    win.editor.insertPlainText("Bravo edit.\n")
    qtbot.waitUntil(lambda: "Bravo edit." in js(qtbot, win, "document.body.innerText"), timeout=5000)


def test_block_keys_differ_between_renderers():
    from recap_editor.render.incremental import IncrementalRenderer
    from recap_editor.render.options import RenderOptions

    one = IncrementalRenderer(RenderOptions()).update("Para one.\n\nPara two.\n")
    two = IncrementalRenderer(RenderOptions()).update("Para one.\n\nPara two.\n")
    assert not {k for k, _ in one.order} & {k for k, _ in two.order}


BAD_AUTHORS = POST_A.replace('authors = "Mike Metral"', 'authors = ""')


def test_checks_rerun_after_edits_and_stale_results_are_dropped(qtbot, win, tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    a = site / "content" / "posts" / "2016_05_12-alpha.md"
    a.write_text(BAD_AUTHORS)
    assert open_post(qtbot, win, a)
    win.show()
    win.attach_extensions()
    panel = win.checks_panel
    qtbot.waitUntil(lambda: win.site_profile() is not None, timeout=10000)
    with qtbot.waitSignal(panel.checked, timeout=15000) as first:
        panel.run_action.trigger()
    assert any("authors" in p.message for p in first.args[0])
    # fill in the authors in the form: the panel marks its list out of date, then re-runs by itself
    row = win.form.rows["authors"]
    edit = getattr(row, "line_edit", None) or row.editor
    edit.setFocus()
    with qtbot.waitSignal(panel.checked, timeout=15000) as again:
        qtbot.keyClicks(edit, "Jane Doe")
        assert panel.stale and "Out of date" in panel.status.text()
    assert not any("authors" in p.message for p in again.args[0])
    assert "authors" not in panel.status.text()


def test_a_check_result_for_an_older_text_is_never_shown(qtbot, win, tmp_path, monkeypatch):
    from recap_editor.workspace import jobs

    site = make_site(tmp_path / "site")
    a = site / "content" / "posts" / "2016_05_12-alpha.md"
    a.write_text(BAD_AUTHORS)
    assert open_post(qtbot, win, a)
    win.show()
    win.attach_extensions()
    panel = win.checks_panel
    panel.dock.show()
    qtbot.waitUntil(lambda: win.site_profile() is not None, timeout=10000)
    qtbot.waitUntil(lambda: not panel.running, timeout=15000)
    release = threading.Event()
    real = jobs.check_text
    texts = []

    def slow_check(text, *args, **kwargs):
        texts.append(text)
        if len(texts) == 1:
            release.wait(10)
            raise RuntimeError("a failure of the old run")
        return real(text, *args, **kwargs)

    monkeypatch.setattr("recap_editor.ui.checks_panel.check_text", slow_check)
    panel.run_checks()                                   # the old text's run, stuck
    win.editor.apply_text(win.editor.toPlainText().replace('authors = ""', 'authors = "Jane Doe"'))
    release.set()
    with qtbot.waitSignal(panel.checked, timeout=15000) as blocker:
        pass
    assert "could not run" not in panel.status.text()
    assert not any("authors" in p.message for p in blocker.args[0])
    assert len(texts) == 2 and 'authors = "Jane Doe"' in texts[1]


def test_file_close_closes_the_post_and_quit_quits(qtbot, win, tmp_path):
    post = tmp_path / "post.md"
    post.write_text(POST_A)
    assert open_post(qtbot, win, post)
    win.show()
    actions = {a.text().replace("&", ""): a for a in win.menuBar().actions()[0].menu().actions()}
    assert actions["Close"].shortcut().toString() == "Ctrl+W"
    actions["Close"].trigger()
    assert win.isVisible()
    assert win.session.path is None and win.editor.toPlainText() == "" and not win.session.modified
    actions["Quit"].trigger()
    assert not win.isVisible()


def test_a_broken_site_config_is_shown_with_file_and_line(qtbot, win, tmp_path):
    site = make_site(tmp_path / "site")
    (site / "recap-editor.toml").write_text('[photos]\nweb_size = 1600\n\nimage_dir = "unclosed\n')
    a = site / "content" / "posts" / "a.md"
    a.write_text(POST_A)
    assert open_post(qtbot, win, a)
    win.show()
    qtbot.waitUntil(lambda: win.site_banner.isVisible(), timeout=10000)
    text = win.site_banner.text()
    assert "recap-editor.toml:4" in text
    assert win.site_state().broken and win.site_profile() is None


def test_saving_or_opening_another_post_of_the_site_keeps_the_form(qtbot, win, tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    a = site / "content" / "posts" / "a.md"
    b = site / "content" / "posts" / "b.md"
    a.write_text(POST_A)
    b.write_text(POST_B)
    assert open_post(qtbot, win, a)
    _shown(qtbot, win)
    qtbot.waitUntil(lambda: win.site_profile() is not None and not win.binding.loading, timeout=10000)
    form = win.form
    loads = []
    real_load = win.live.load
    monkeypatch.setattr(win.live, "load", lambda *args, **kw: (loads.append(args), real_load(*args, **kw)))
    field = form.rows["title"].editor
    field.setFocus()
    qtbot.keyClicks(field, " again")
    assert win.save()
    qtbot.wait(300)
    assert win.form is form and field.hasFocus() and loads == []     # no rebuild, no reload
    assert open_post(qtbot, win, b)
    qtbot.waitUntil(lambda: not win.binding.loading, timeout=10000)
    qtbot.wait(200)
    assert win.form is form and len(loads) == 1                      # the new post's page, once


def test_open_site_lists_posts_off_the_gui_thread_and_handles_each_answer(qtbot, win, tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    (site / "content" / "posts" / "a.md").write_text(POST_A)
    (site / "content" / "posts" / "b.md").write_text(POST_B)
    threads, answers = [], [None, site / "content" / "posts" / "a.md"]

    def choose(parent, name, rows):
        threads.append(threading.current_thread() is threading.main_thread())
        assert [title for _p, title, _d in rows] == ["Bravo Title", "Alpha Title"]   # newest first
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "choose_post", choose)
    assert win.open_site(site)                    # cancelled on a blank window: a new post there
    qtbot.waitUntil(lambda: win.session.post.get("title") == "New event recap", timeout=10000)
    assert win.site_profile() is not None and win.site_profile().root == site.resolve()
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
    assert win.open_site(site)                    # a post picked: it opens (the new one discarded)
    qtbot.waitUntil(lambda: win.session.path == (site / "content" / "posts" / "a.md").resolve(), timeout=10000)
    assert threads == [True, True]                # the dialog on the GUI thread, the listing not

    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    assert win.open_site(tmp_path / "nowhere")    # found (or not) on a worker, said in a dialog
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10000)
    assert "no Hugo site configuration" in errors[0] and str(tmp_path / "nowhere") in errors[0]
    (site / "recap-editor.toml").write_text("web_size = \n")
    assert win.open_site(site)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=10000)
    assert "recap-editor.toml:1" in errors[1]


def test_the_first_preview_waits_for_the_site_and_loads_once(qtbot, win, tmp_path, monkeypatch):
    from recap_editor.ui.live_preview import LivePreview

    site = make_site(tmp_path / "site")
    a = site / "content" / "posts" / "a.md"
    a.write_text(POST_A)
    loads = []
    real = LivePreview.load
    monkeypatch.setattr(LivePreview, "load", lambda self, post, options, background=None:
                        (loads.append(options), real(self, post, options, background))[1])
    loading_when_shown = []
    win.session.opened.connect(lambda _path: loading_when_shown.append(win.binding.loading))
    assert open_post(qtbot, win, a)
    assert loading_when_shown == [True]             # the site reads on a worker
    _shown(qtbot, win)
    qtbot.waitUntil(lambda: not win.binding.loading, timeout=10000)
    qtbot.wait(200)
    assert len(loads) == 1 and loads[0] == win.workspace.render_options(a.resolve())


def test_ctrl_z_in_a_field_undoes_the_whole_field_edit(qtbot, win, tmp_path):
    site = make_site(tmp_path / "site")
    post = site / "content" / "posts" / "a.md"
    post.write_text(POST_A)
    (site / "content" / "posts" / "b.md").write_text(POST_B.replace('["Meetup"]', '["Meetup", "SoCal"]'))
    assert open_post(qtbot, win, post)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)   # activation is asynchronous: before typing
    qtbot.waitUntil(lambda: win.site_profile() is not None, timeout=10000)
    tags = win.form.rows["tags"].editor
    tags.setFocus()
    tags.end(False)
    qtbot.keyClicks(tags, ", So")                      # typed, then picked from the completer
    popup = win.form.rows["tags"].completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert win.session.post.get("tags") == ["Meetup", "SoCal"] and tags.hasFocus()
    qtbot.keyClick(tags, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.session.post.get("tags") == ["Meetup"] and win.editor.toPlainText() == POST_A
    assert tags.text() == "Meetup"
    qtbot.keyClick(tags, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.session.post.get("tags") == ["Meetup", "SoCal"]


def test_a_patch_answer_for_a_closed_preview_is_dropped(qtbot, win, tmp_path):
    """Chromium may answer a patch after the window (and its preview page) went: the answer must
    not try to reload a page that no longer exists (it raised in the Qt event loop)."""
    site = make_site(tmp_path / "site")
    post = site / "content" / "posts" / "2026_01_01-a.md"
    post.write_text(POST_A, encoding="utf-8")
    assert open_post(qtbot, win, post)
    _shown(qtbot, win)
    live, view = win.live, win.preview
    generation = live._generation
    view.page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(view.page), timeout=5000)
    live._on_patched(False, 1, generation)   # "not the page the patch expected": it would reload


def test_a_small_posts_edits_render_off_the_gui_thread(qtbot, win, tmp_path, monkeypatch):
    """Render off the GUI thread at every size (issue #11): a few KB of pathological Markdown
    can take a noticeable moment, and typing must never wait for it."""
    import threading

    site = make_site(tmp_path / "site")
    post = site / "content" / "posts" / "2026_01_01-a.md"
    post.write_text(POST_A, encoding="utf-8")
    assert open_post(qtbot, win, post)
    _shown(qtbot, win)
    from recap_editor.render.incremental import IncrementalRenderer

    threads = []
    real_update = IncrementalRenderer.update

    def update(self, body):
        threads.append(threading.current_thread())
        return real_update(self, body)
    monkeypatch.setattr(IncrementalRenderer, "update", update)
    with qtbot.waitSignal(win.live.rendered, timeout=10000):
        win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
        win.editor.insertPlainText("More words.")
    assert threads and threading.main_thread() not in threads
