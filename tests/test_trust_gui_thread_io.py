"""Issue #9's last rule: no file I/O or profile building on the GUI thread except the final rename
of a save.

A writer's session through the real window (open a post, type, save, another program changes the
file, switch posts, open a site folder, start a new post in another site) while a Python audit hook
notes every file the GUI thread opens, lists, removes or renames under the sites.  The audit
events see what `open()`, `io.open`, `os.open`, `Path.read_bytes`, `os.scandir` and `rglob` do,
whichever module calls them.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QSettings  # noqa: E402

from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import discard_edits, open_post, refuse_window_dialogs, wait_until_opened  # noqa: E402

pytestmark = pytest.mark.timeout(120)

# The file events of the audit table (https://docs.python.org/3/library/audit_events.html) that
# touch a file by name: their first argument is the path (os.rename: source, destination).
FILE_EVENTS = {"open", "os.listdir", "os.scandir", "os.remove", "os.rmdir", "os.rename", "os.mkdir",
               "os.chmod", "os.truncate", "os.utime", "os.link", "os.symlink", "shutil.copyfile",
               "shutil.rmtree"}


class GuiThreadFiles:
    """Records (event, path) for file events on the main (GUI) thread under `roots`.

    An audit hook cannot be removed: one is installed for the test run and records only while a
    recorder is active (and not paused for the test's own writes)."""

    active: "GuiThreadFiles | None" = None
    _installed = False

    def __init__(self, *roots: Path) -> None:
        self.roots = [str(Path(r).resolve()) for r in roots]
        self.events: list[tuple[str, str]] = []
        self.paused = False
        if not GuiThreadFiles._installed:
            sys.addaudithook(GuiThreadFiles._hook)
            GuiThreadFiles._installed = True

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        recorder = GuiThreadFiles.active
        if recorder is None or recorder.paused or event not in FILE_EVENTS:
            return
        if threading.current_thread() is not threading.main_thread():
            return
        # a rename is noted by where it lands (the post), the other events by their path
        arg = args[1] if event in ("os.rename", "os.link", "shutil.copyfile") else args[0]
        if isinstance(arg, (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(arg))
            if any(path == root or path.startswith(root + os.sep) for root in recorder.roots):
                recorder.events.append((event, path))

    def __enter__(self) -> "GuiThreadFiles":
        GuiThreadFiles.active = self
        return self

    def __exit__(self, *exc) -> None:
        GuiThreadFiles.active = None

    @contextlib.contextmanager
    def test_io(self):
        """The test's own reads and writes (on the main thread, too) are not the window's."""
        self.paused = True
        try:
            yield
        finally:
            self.paused = False


POST = """+++
date = "2016-05-12T16:00:00-08:00"
tags = ["Meetup"]
title = "{title}"
slug = "{slug}"
authors = "Mike Metral"
+++

{title} paragraph.
"""


def make_site(root: Path, fmt: str = "toml") -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "archetypes").mkdir()
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "Test"\n'
                                      '[markup.goldmark.renderer]\nunsafe = true\n')
    (root / "recap-editor.toml").write_text(f'front_matter_format = "{fmt}"\n')
    return root


def test_a_writers_session_opens_no_post_or_site_file_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    refuse_window_dialogs(monkeypatch)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "state" / "data"))
    site = make_site(tmp_path / "site")
    other_site = make_site(tmp_path / "other-site", fmt="yaml")
    posts = site / "content" / "posts"
    a, b = posts / "2016_05_12-alpha.md", posts / "2016_06_12-bravo.md"
    a.write_text(POST.format(title="Alpha", slug="alpha"))
    b.write_text(POST.format(title="Bravo", slug="bravo"))
    (other_site / "content" / "posts" / "2017_01_01-old.md").write_text(
        "---\ntitle: Old\ndate: 2017-01-01\n---\n\nOld words.\n")
    win = MainWindow(Settings(QSettings(str(tmp_path / "state" / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    win.resize(1100, 700)

    with GuiThreadFiles(site, other_site) as recorded:
        # open a post, the window and its preview come up, the site's profile arrives
        assert open_post(qtbot, win, a)
        preview = win.ensure_preview()
        with qtbot.waitSignal(preview.loaded, timeout=20000):
            win.show()
        qtbot.waitUntil(lambda: win.site_profile() is not None and not win.binding.loading, timeout=15000)
        win.attach_extensions()
        # type and save (Ctrl+S); the file watcher sees the save
        editor = win.editor
        editor.setFocus()
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        qtbot.keyClicks(editor, "Typed words.")
        win.save_action.trigger()
        qtbot.waitUntil(lambda: not win.session.saving and not win.session.modified, timeout=10000)
        with recorded.test_io():
            assert a.read_text().endswith("Typed words.")
        qtbot.wait(400)
        # another program changes the file: the window reloads it quietly
        with recorded.test_io():
            a.write_text(POST.format(title="Alpha", slug="alpha") + "Their words.\n")
        qtbot.waitUntil(lambda: editor.toPlainText().endswith("Their words.\n"), timeout=10000)
        # switch posts
        assert open_post(qtbot, win, b)
        assert editor.toPlainText() == POST.format(title="Bravo", slug="bravo")
        # File › Open Post from Site…: the site folder, its posts listed, one picked
        monkeypatch.setattr(dialogs, "choose_post", lambda parent, name, rows: a.resolve())
        assert win.open_site(site)
        qtbot.waitUntil(lambda: win.session.path == a.resolve(), timeout=10000)
        wait_until_opened(qtbot, win)
        # a new post where another site's posts go: the template follows that site's format
        new = other_site / "content" / "posts" / "2026_01_01-new.md"
        win.new_post(path=new)
        qtbot.waitUntil(lambda: win.site_profile() is not None
                        and win.site_profile().root == other_site.resolve(), timeout=15000)
        qtbot.waitUntil(lambda: editor.toPlainText().startswith("---\n"), timeout=10000)
        qtbot.wait(300)

    renames = [(event, path) for event, path in recorded.events if event == "os.rename"]
    others = [(event, path) for event, path in recorded.events if event != "os.rename"]
    assert others == [], "file I/O on the GUI thread:\n" + "\n".join(f"  {e} {p}" for e, p in others)
    # the save's last step, and nothing else: the temporary renamed over the post
    assert renames == [("os.rename", str(a.resolve()))]


@pytest.fixture
def win(qtbot, tmp_path, monkeypatch):
    refuse_window_dialogs(monkeypatch)
    window = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window, before_close_func=discard_edits)
    return window


class SlowReads:
    """Holds the worker's read of chosen posts until released, like a slow or network disk."""

    def __init__(self, monkeypatch, *held: Path) -> None:
        from recap_editor.ui import arrivals as arrivals_module

        self.held = {p.resolve() for p in held}
        self.gate = threading.Event()
        self.started: list[Path] = []
        real = arrivals_module.read_post

        def read(path):
            self.started.append(path)
            if Path(path).resolve() in self.held:
                self.gate.wait(10)
            return real(path)
        monkeypatch.setattr(arrivals_module, "read_post", read)


def test_while_a_post_opens_the_shown_one_stays_read_only_and_the_status_says_so(qtbot, win, tmp_path,
                                                                                 monkeypatch):
    from recap_editor.ui import file_commands

    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(POST.format(title="Alpha", slug="alpha"))
    b.write_text(POST.format(title="Bravo", slug="bravo"))
    assert open_post(qtbot, win, a)
    win.show()
    slow = SlowReads(monkeypatch, b)
    assert win.open_path(b)
    qtbot.waitUntil(lambda: bool(slow.started), timeout=5000)
    # the post shown stays (no blank flash), but nothing typed can land in the post being left
    assert win.editor.toPlainText() == POST.format(title="Alpha", slug="alpha")
    assert win.editor.isReadOnly() and win.session.path == a.resolve()
    win.form.rows["title"].editor.setText("Typed while opening")
    win.session.set_field("title", "Typed while opening")
    assert win.session.post.get("title") == "Alpha"
    qtbot.waitUntil(lambda: win.statusBar().currentMessage() == "Opening b.md…",
                    timeout=file_commands.OPENING_NOTICE_MS + 3000)
    assert not win.save()                            # Ctrl+S now would save the post being left
    slow.gate.set()
    wait_until_opened(qtbot, win)
    assert win.session.path == b.resolve() and not win.editor.isReadOnly()
    assert win.editor.toPlainText() == POST.format(title="Bravo", slug="bravo")
    assert win.form.rows["title"].editor.text() == "Bravo"
    assert win.statusBar().currentMessage() == ""    # the notice went with the read
    assert win.windowTitle().startswith("b.md")


def test_a_post_opened_after_another_wins_whichever_read_ends_first(qtbot, win, tmp_path, monkeypatch):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(POST.format(title="Alpha", slug="alpha"))
    b.write_text(POST.format(title="Bravo", slug="bravo"))
    slow = SlowReads(monkeypatch, a)
    opened: list[Path] = []
    win.session.opened.connect(opened.append)
    replaced: list[str] = []
    win.session.post_replaced.connect(lambda: replaced.append(win.session.post.get("title")))
    assert win.open_path(a)                          # A's read is slow ...
    qtbot.waitUntil(lambda: bool(slow.started), timeout=5000)
    assert win.open_path(b)                          # ... the writer opens B meanwhile
    qtbot.waitUntil(lambda: win.session.path == b.resolve(), timeout=5000)
    slow.gate.set()                                  # A's read ends last: dropped by its epoch
    qtbot.waitUntil(lambda: len(slow.started) == 2, timeout=5000)
    qtbot.wait(300)
    assert opened == [b.resolve()] and replaced == ["Bravo"]
    assert win.editor.toPlainText() == POST.format(title="Bravo", slug="bravo")
    assert not win.editor.isReadOnly() and win.session.opening is None


@pytest.mark.parametrize("kind", ["missing", "not utf-8", "folder", "fifo", "too big"])
def test_a_post_that_cannot_be_read_says_why_naming_the_file_and_keeps_the_shown_one(
        qtbot, win, tmp_path, monkeypatch, kind):
    from recap_editor.document import post as post_module

    shown = tmp_path / "shown.md"
    shown.write_text(POST.format(title="Shown", slug="shown"))
    assert open_post(qtbot, win, shown)
    bad = tmp_path / "bad.md"
    if kind == "not utf-8":
        bad.write_bytes(b"+++\ntitle = \"x\"\n+++\n\n\xff\xfe words\n")
    elif kind == "folder":
        bad.mkdir()
    elif kind == "fifo":
        os.mkfifo(bad)
    elif kind == "too big":
        bad.write_text(POST.format(title="Big", slug="big"))
        monkeypatch.setattr(post_module, "MAX_POST_BYTES", 10)
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append((title, text)))
    expected = {"missing": "no such file", "not utf-8": "not UTF-8", "folder": "is a folder",
                "fifo": "named pipe", "too big": "not opened"}[kind]
    assert not open_post(qtbot, win, bad)
    assert len(errors) == 1
    title, text = errors[0]
    assert title == "Cannot open post" and str(bad.resolve()) in text and expected in text
    assert win.session.path == shown.resolve() and not win.editor.isReadOnly()
    assert win.editor.toPlainText() == POST.format(title="Shown", slug="shown")


def test_opening_never_waits_for_the_shared_pool(qtbot, win, tmp_path):
    """A photo import and a big render busy on every thread of the shared pool: a post still opens."""
    from PySide6.QtCore import QThreadPool

    from recap_editor.ui.workers import run_in_background

    post = tmp_path / "post.md"
    post.write_text(POST.format(title="Alpha", slug="alpha"))
    busy = threading.Event()
    for _ in range(QThreadPool.globalInstance().maxThreadCount()):
        run_in_background(busy.wait, 10)
    try:
        assert open_post(qtbot, win, post, timeout=3000)
    finally:
        busy.set()


def test_the_first_window_shows_the_sample_post_copied_and_read_off_the_gui_thread(qtbot, tmp_path,
                                                                                    monkeypatch):
    from recap_editor.sample import SAMPLE_POST, shipped_site
    from recap_editor.ui.app import open_start_window

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))   # a first start: no copy yet
    copy = tmp_path / "data" / "recap-editor" / "sample-site"
    with GuiThreadFiles(copy, shipped_site()) as recorded:
        win = open_start_window(None)
    qtbot.addWidget(win, before_close_func=discard_edits)
    # shown before the window's first paint, as when the GUI thread read it
    assert win.session.path == copy / SAMPLE_POST and win.session.opening is None
    assert win.editor.toPlainText() == (shipped_site() / SAMPLE_POST).read_text(encoding="utf-8")
    assert not win.session.modified and not win.editor.isReadOnly()
    assert recorded.events == []


def test_discarding_an_edit_that_imported_photos_reads_the_saved_post_off_the_gui_thread(
        qtbot, tmp_path, monkeypatch):
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from recap_editor.sample import SAMPLE_POST, shipped_site
    from test_ui_existing_posts import _import, _photo

    refuse_window_dialogs(monkeypatch)
    site = tmp_path / "site"
    shutil.copytree(shipped_site(), site)
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    assert open_post(qtbot, win, site / SAMPLE_POST)
    win.attach_extensions()
    win.show()
    qtbot.waitUntil(lambda: win.site_profile() is not None, timeout=15000)
    created = [r.dest for r in _import(qtbot, win, [_photo(tmp_path / "Stage.jpg")]).results]
    other = site / "content" / "posts" / "2026_11_01-other.md"
    other.write_text(POST.format(title="Other", slug="other"))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    with GuiThreadFiles(site) as recorded:
        assert open_post(qtbot, win, other)          # leave the edit: its photo is offered for removal
    assert len(asked) == 1 and created[0].name in asked[0]
    assert not created[0].exists()
    assert recorded.events == []
