"""QA pass 3: a newcomer's first hour. The mistakes a first-time writer makes get an answer that
names the file and what to do, and the window can reach the writer's own site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from recap_editor.paths import resource_path  # noqa: E402
from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import discard_edits, open_post, refuse_window_dialogs, writable_copy  # noqa: E402

pytestmark = pytest.mark.timeout(90)

POST = '+++\ntitle = "Meetup"\nslug = "meetup"\n+++\n\nHello.\n'


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    refuse_window_dialogs(monkeypatch)
    win = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    win.show()
    win.attach_extensions()
    return win


def field(win, name):
    row = win.form.rows[name]
    return getattr(row, "line_edit", None) or row.editor


def drop_on(target, paths: list[Path], point) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop


def test_a_dropped_pdf_is_not_silently_ignored(qtbot, window, tmp_path):
    post = tmp_path / "post.md"
    post.write_text(POST)
    assert open_post(qtbot, window, post)
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    for target, point in ((window.editor.viewport(), window.editor.viewport().rect().center()),
                          (window, window.rect().center())):
        window.statusBar().clearMessage()
        drop_on(target, [pdf], point)
        qtbot.wait(50)
        message = window.statusBar().currentMessage()
        assert "agenda.pdf" in message and "not a photo" in message, message
        assert window.editor.toPlainText() == POST and not window.session.modified


def test_file_open_site_folder_reaches_the_writers_own_site(qtbot, window, tmp_path, monkeypatch):
    site = writable_copy(resource_path("sample", "site"), tmp_path / "my-site")
    asked, listed = [], []
    monkeypatch.setattr(dialogs, "ask_site_folder",
                        lambda parent, start: asked.append(start) or site, raising=False)
    monkeypatch.setattr(dialogs, "choose_post",
                        lambda parent, name, rows: listed.append((name, rows)) or "new")
    action = next(a for a in window.menuBar().actions() if a.text() == "&File").menu()
    open_site = next((a for a in action.actions() if a.text().replace("&", "") == "Open Site Folder…"), None)
    assert open_site is not None, [a.text() for a in action.actions()]
    open_site.trigger()
    qtbot.waitUntil(lambda: bool(listed), timeout=10000)
    assert listed[0][0] == "my-site" and listed[0][1], "the site's posts are offered"
    qtbot.waitUntil(lambda: window.session.post.get("title") == "New event recap", timeout=10000)
    assert window.site_profile() is not None and window.site_profile().root == site.resolve()


def test_the_site_folder_chooser_asks_for_a_folder(qtbot, window, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *args, **kwargs: calls.append(args) or str(tmp_path)))
    assert dialogs.ask_site_folder(window, None) == tmp_path
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *args, **kwargs: ""))
    assert dialogs.ask_site_folder(window, tmp_path) is None
    assert "site" in calls[0][1].lower()


def test_opening_a_pdf_as_a_post_says_it_is_not_a_markdown_post(qtbot, window, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: errors.append(message))
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    window.open_path(pdf)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert "agenda.pdf" in errors[0] and "Markdown" in errors[0], errors[0]
    assert "save it as UTF-8" not in errors[0], "a PDF cannot be saved as UTF-8"


def test_a_photo_that_cannot_be_imported_is_said_in_words_in_the_status_bar(qtbot, window, tmp_path, monkeypatch):
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    post = next((site / "content" / "posts").glob("*.md"))
    assert open_post(qtbot, window, post)
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    broken = tmp_path / "IMG_0001.JPG"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)   # a JPEG cut short on the card
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000) as blocker:
        window.handle_dropped_files([broken])
    job = blocker.args[0]
    assert job.error_dialog is not None
    job.error_dialog.close()
    message = window.statusBar().currentMessage()
    assert message == "1 photo(s) could not be imported", message


def test_the_first_launch_on_the_sample_post_says_what_it_is_and_how_to_reach_your_site(qtbot, tmp_path, monkeypatch):
    from recap_editor.ui.app import open_start_window

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    win = open_start_window(None)
    qtbot.addWidget(win, before_close_func=discard_edits)
    qtbot.waitUntil(lambda: win.session.path is not None, timeout=10000)
    assert "sample-site" in str(win.session.path)
    message = win.statusBar().currentMessage()
    assert "sample post" in message and "Open Site Folder" in message, message
    file_menu = next(a for a in win.menuBar().actions() if a.text() == "&File").menu()
    assert "Open Site &Folder…" in [a.text() for a in file_menu.actions()], "the hint names a real command"


def test_the_site_folder_chooser_starts_at_home_from_the_sample_and_beside_your_own_site(
        qtbot, window, tmp_path, monkeypatch):
    from recap_editor.sample import working_copy

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    starts = []
    monkeypatch.setattr(dialogs, "ask_site_folder", lambda parent, start: starts.append(start))
    assert open_post(qtbot, window, working_copy())
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    window.open_site_dialog()
    # the sample's copy sits in the app's data folder: the writer's own site is not there
    assert starts[-1] is None
    site = writable_copy(resource_path("sample", "site"), tmp_path / "src" / "my-site")
    assert open_post(qtbot, window, next((site / "content" / "posts").glob("*.md")))
    qtbot.waitUntil(lambda: window.site_profile() is not None
                    and window.site_profile().root == site.resolve(), timeout=10000)
    window.open_site_dialog()
    assert starts[-1] == (tmp_path / "src").resolve()


def test_a_new_post_starts_in_its_title_ready_to_be_typed_over(qtbot, window, tmp_path, monkeypatch):
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    assert open_post(qtbot, window, next((site / "content" / "posts").glob("*.md")))
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    window.activateWindow()
    for start in ("file_new", "site_new"):
        if start == "file_new":
            window.new_post()                                  # File › New (Ctrl+N)
        else:                                                  # File › Open Site Folder… › New post
            monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
            monkeypatch.setattr(dialogs, "choose_post", lambda parent, name, rows: "new")
            window.open_site(site)
            qtbot.waitUntil(lambda: not window.session.modified or window.session.path is None, timeout=5000)
        qtbot.waitUntil(lambda: window.session.post.get("title") == "New event recap"
                        and window.session.path is None, timeout=10000)
        edit = field(window, "title")
        qtbot.waitUntil(edit.hasFocus, timeout=3000)
        qtbot.keyClicks(edit, "Irvine Meetup")             # typing replaces the template's title
        assert window.session.post.get("title") == "Irvine Meetup", start
        assert field(window, "slug").text() == "irvine-meetup"


def test_new_without_site_inside_a_site_says_where_the_post_went_and_how_to_place_it(tmp_path):
    import os
    import subprocess
    import sys

    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))

    def new(*args):
        return subprocess.run([sys.executable, "-m", "recap_editor", "new", *args], cwd=site, env=env,
                              capture_output=True, text=True, timeout=120)
    loose = new("Test Meetup", "--date", "2026-12-02T18:00:00-08:00")
    assert loose.returncode == 0, loose.stderr
    assert (site / loose.stdout.strip()).parent == site   # as documented: the folder it ran in ...
    assert "--site" in loose.stderr and str(site.resolve()) in loose.stderr, loose.stderr   # ... and said
    placed = new("Placed Meetup", "--date", "2026-12-02T18:00:00-08:00", "--site", ".")
    assert placed.returncode == 0 and placed.stderr == "", placed.stderr
    outside = subprocess.run([sys.executable, "-m", "recap_editor", "new", "Outside", "--dir", str(tmp_path)],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert outside.returncode == 0 and outside.stderr == "", outside.stderr


def test_the_checks_summary_is_not_cut_off_in_the_checks_panel(qtbot, window, tmp_path):
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    post = site / "content" / "posts" / "2026_12_01-broken.md"
    post.write_text("No front matter and no fold.\n")   # errors: the longest summary there is
    assert open_post(qtbot, window, post)
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    window.resize(1400, 880)
    panel = window.checks_panel
    with qtbot.waitSignal(panel.checked, timeout=30000):
        panel.run_action.trigger()                        # Post › Run Checks (F7): the dock opens
    qtbot.wait(100)
    label = panel.status
    assert "errors block the export" in label.text()
    assert label.isVisible() and label.width() > 0
    # the summary has the panel's width (it was squeezed beside the Hugo box and the button into a
    # column a word wide, its last words cut off) and the height its wrapped text needs
    assert label.width() >= panel.width() * 0.8, (label.width(), panel.width())
    assert label.height() >= label.heightForWidth(label.width())


def test_ctrl_z_in_the_caption_prompt_right_after_a_drop_takes_the_photos_out_again(qtbot, window, tmp_path):
    from PIL import Image
    from PySide6.QtWidgets import QLineEdit

    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    assert open_post(qtbot, window, next((site / "content" / "posts").glob("*.md")))
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    before = window.editor.toPlainText()
    photos = []
    for i in range(2):
        photos.append(tmp_path / f"IMG_000{i}.JPG")
        Image.new("RGB", (1200, 800), (40 * i, 90, 160)).save(photos[-1], "JPEG")
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000):
        window.handle_dropped_files(photos)
    assert "img-0000.jpg" in window.editor.toPlainText()

    def caption_editor():
        shown = [e for e in window.gallery_panel.list.findChildren(QLineEdit) if e.isVisible()]
        return shown[0] if shown else None
    qtbot.waitUntil(lambda: caption_editor() is not None, timeout=5000)   # the prompt has the keys
    edit = caption_editor()
    # the import's progress dialog has closed: the window is active again (the window manager's
    # part, which the offscreen platform leaves to the test); shortcuts reach an active window only
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    edit.setFocus()
    # typing in the caption, Ctrl+Z undoes the typing first (the caption's own undo) ...
    qtbot.keyClicks(edit, "Oops")
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "" and "img-0000.jpg" in window.editor.toPlainText()
    # ... and then, like everywhere else in the window, the drop: the photos' rows are gone
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.editor.toPlainText() == before, timeout=3000)


def test_the_caption_prompt_hint_is_not_cut_off_in_the_gallery_panel(qtbot, window, tmp_path):
    from PIL import Image
    from PySide6.QtWidgets import QLineEdit

    window.resize(1400, 880)
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    assert open_post(qtbot, window, next((site / "content" / "posts").glob("*.md")))
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    photo = tmp_path / "IMG_0001.JPG"
    Image.new("RGB", (1200, 800), (40, 90, 160)).save(photo, "JPEG")
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=30000):
        window.handle_dropped_files([photo])
    qtbot.waitUntil(lambda: any(e.isVisible() for e in window.gallery_panel.list.findChildren(QLineEdit)),
                    timeout=5000)
    edit = next(e for e in window.gallery_panel.list.findChildren(QLineEdit) if e.isVisible())
    hint = edit.placeholderText()
    assert "caption" in hint.lower()
    room = edit.contentsRect().width() - 8   # QLineEdit's own side margins
    assert edit.fontMetrics().horizontalAdvance(hint) <= room, (hint, room)


def test_a_folder_that_is_not_a_site_says_what_a_site_folder_holds(qtbot, window, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: errors.append((title, message)))
    monkeypatch.setattr(dialogs, "ask_site_folder", lambda parent, start: tmp_path / "Pictures")
    (tmp_path / "Pictures").mkdir()
    window.open_site_dialog()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    title, message = errors[0]
    assert title == "Not a site" and str(tmp_path / "Pictures") in message
    assert "hugo.toml" in message and "config.toml" in message, message   # what to look for


def test_a_problem_is_wrapped_not_cut_off_in_a_narrow_checks_panel(qtbot, window, tmp_path):
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    post = site / "content" / "posts" / "2026_12_01-broken.md"
    post.write_text("No front matter and no fold.\n")
    assert open_post(qtbot, window, post)
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    window.resize(1400, 880)
    panel = window.checks_panel
    with qtbot.waitSignal(panel.checked, timeout=30000):
        panel.run_action.trigger()
    qtbot.wait(100)
    tree = panel.list
    item = tree.topLevelItem(0)
    column = tree.header().sectionSize(1)
    needed = tree.fontMetrics().horizontalAdvance(item.text(1))
    assert needed > column, "the message is longer than its column: it must wrap"
    rect = tree.visualItemRect(item)
    lines = -(-needed // max(1, column - 12))
    assert rect.height() >= min(lines, 2) * tree.fontMetrics().lineSpacing(), (rect.height(), lines)


def test_photos_dropped_on_a_new_untitled_post_ask_for_its_title_first(qtbot, window, tmp_path, monkeypatch):
    """A new post still titled "New event recap" put its photos in static/images/new-event-recap/,
    kept there when the post was named, and shared by the next new post: the writer names it first."""
    from PIL import Image

    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    assert open_post(qtbot, window, next((site / "content" / "posts").glob("*.md")))
    qtbot.waitUntil(lambda: window.site_profile() is not None, timeout=10000)
    window.new_post()
    qtbot.waitUntil(lambda: window.session.post.get("title") == "New event recap", timeout=10000)
    photo = tmp_path / "stage.jpg"
    Image.new("RGB", (640, 480), (30, 60, 90)).save(photo, quality=80)
    asked = []
    monkeypatch.setattr(dialogs, "ask_recap_title", lambda parent, count: asked.append(count) or None)
    assert window.photo_import.import_paths([photo]) is None        # cancelled: nothing imported
    assert asked == [1] and window.session.post.get("title") == "New event recap"
    assert not (site / "static" / "images" / "new-event-recap").exists()
    assert "give the post its title first" in window.statusBar().currentMessage()
    monkeypatch.setattr(dialogs, "ask_recap_title", lambda parent, count: "Harbor Night")
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=20000):
        assert window.photo_import.import_paths([photo]) is not None
    post = window.session.post
    assert post.get("title") == "Harbor Night" and post.get("slug") == "harbor-night"
    assert (site / "static" / "images" / "harbor-night" / "stage.jpg").is_file()
    assert "/images/harbor-night/stage.jpg" in window.editor.toPlainText()
    asked.clear()
    monkeypatch.setattr(dialogs, "ask_recap_title", lambda parent, count: asked.append(count) or "x")
    with qtbot.waitSignal(window.photo_import.job_finished, timeout=20000):
        window.photo_import.import_paths([photo])                  # named now: not asked again
    assert asked == []


def test_an_untouched_new_post_is_left_without_a_save_question(qtbot, window, tmp_path, monkeypatch):
    """File › New, then opening a post (or another new one) asked to save "Untitled post" though
    nothing was typed: the template is not the writer's work until they change it."""
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    post = next((site / "content" / "posts").glob("*.md"))
    assert open_post(qtbot, window, post)
    window.new_post()
    qtbot.waitUntil(lambda: window.session.post.get("title") == "New event recap", timeout=10000)
    assert not window.session.modified and not window.windowTitle().startswith("*")
    assert open_post(qtbot, window, post)          # no question: ask_save_changes refuses to be asked
    window.new_post()
    qtbot.waitUntil(lambda: window.session.post.get("title") == "New event recap", timeout=10000)
    field(window, "title").setFocus()
    qtbot.keyClicks(field(window, "title"), "Irvine")  # now it is the writer's: leaving asks
    assert window.session.modified
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": asked.append(name) or "cancel")
    window.new_post()
    assert asked and window.session.post.get("title") == "Irvine"


def test_the_save_question_names_what_the_writer_asked_for(qtbot, window, tmp_path, monkeypatch):
    """It always said "before closing?", also when the writer was opening another post."""
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    posts = sorted((site / "content" / "posts").glob("*.md"))
    assert open_post(qtbot, window, posts[0])
    window.editor.insertPlainText("An edit. ")
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes",
                        lambda parent, name, doing="": asked.append((name, doing)) or "cancel")
    window.new_post()
    window.files.open_path(site / "content" / "posts" / "other.md")
    assert [doing for _name, doing in asked] == ["start a new post", "open “other.md”"]


def test_the_save_question_says_it_in_words(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or QMessageBox.StandardButton.Cancel)
    assert dialogs.ask_save_changes(parent, "a.md", "open “b.md”") == "cancel"
    assert shown == ["Save the changes to “a.md” before you open “b.md”?"]


def test_the_empty_window_after_file_close_says_where_to_go(qtbot, window, tmp_path):
    site = writable_copy(resource_path("sample", "site"), tmp_path / "site")
    assert open_post(qtbot, window, next((site / "content" / "posts").glob("*.md")))
    assert window.files.close_post()
    assert window.editor.toPlainText() == ""
    hint = window.editor.placeholderText()
    assert "File › New" in hint and "Open Site Folder" in hint
