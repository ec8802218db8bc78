"""Photos in the window: drop/Add Photos import, progress and cancel, errors, and the gallery panel."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
from PIL import Image  # noqa: E402
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl, Signal  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit  # noqa: E402

from recap_editor.document.post import Post  # noqa: E402
from recap_editor.photos.gallery import find_galleries  # noqa: E402
from recap_editor.site.profile import profile_for  # noqa: E402
from recap_editor.ui.host import HostWindow  # noqa: E402
from recap_editor.ui import photo_import  # noqa: E402
from recap_editor.photos.placement import body_start_index, droppable_photos, place_gallery  # noqa: E402

from conftest import open_post  # noqa: E402

pytestmark = pytest.mark.timeout(60)

POST = """+++
title = "Drop Test"
slug = "drop-test"
date = "2024-05-01T10:00:00Z"
+++

First paragraph.

Second paragraph.
"""


class ContractWindow(HostWindow):
    """The least a main window offers the photo widgets (the ExtensionHost of ui/host.py)."""

    def __init__(self, post_path: Path, profile=None) -> None:
        super().__init__()
        self.editor = QPlainTextEdit()
        self.setCentralWidget(self.editor)
        self._post = Post.load(post_path)
        self._profile = profile
        self.editor.setPlainText(self._post.text)
        self.editor.textChanged.connect(lambda: self._post.set_text(self.editor.toPlainText()))
        self.resize(900, 600)

    def current_post(self) -> Post:
        return self._post

    def site_profile(self):
        return self._profile


def make_jpeg(path: Path, size=(640, 480), orientation: int = 1, gps: bool = True, mark: int = 0) -> Path:
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    im.paste((200, 30 + mark * 5 % 200, 40), (mark % 50, 10, mark % 50 + 40, 50))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TestCam"
    if gps:
        exif[0x8825] = {1: "N", 2: (34.0, 3.0, 7.5), 3: "W", 4: (118.0, 14.0, 37.3)}
    im.save(path, "JPEG", quality=80, exif=exif)
    return path


@pytest.fixture
def loose_post(tmp_path: Path) -> Path:
    post = tmp_path / "drafts" / "drop-test.md"
    post.parent.mkdir()
    post.write_text(POST, encoding="utf-8")
    return post


@pytest.fixture
def window(qtbot, loose_post):
    win = ContractWindow(loose_post)
    qtbot.addWidget(win)
    win.show()
    return win


def _wait_job(qtbot, controller, job):
    with qtbot.waitSignal(controller.job_finished, timeout=20000) as blocker:
        pass
    assert blocker.args[0] is job
    return job


def _drop(editor: QPlainTextEdit, paths: list[Path], text_position: int):
    cursor = editor.textCursor()
    cursor.setPosition(text_position)
    point = editor.cursorRect(cursor).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(editor.viewport(), enter)
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(editor.viewport(), drop)
    return enter, drop


def test_drop_inserts_rows_at_the_drop_position_as_one_undo_step(qtbot, window, tmp_path, loose_post):
    photos = [make_jpeg(tmp_path / f"IMG {i:04d}.JPG", orientation=6 if i == 1 else 1, mark=i) for i in range(3)]
    controller = photo_import.attach(window)
    editor = window.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)       # the drop, not the cursor, decides
    drop_at = POST.index("Second paragraph.")
    with qtbot.waitSignal(controller.job_finished, timeout=20000) as blocker:
        enter, drop = _drop(editor, photos, drop_at)
    assert enter.isAccepted() and drop.isAccepted()
    indicator = controller.drop_filter.indicator          # shown while dragging, gone after
    assert indicator is not None and not indicator.isVisible()
    job = blocker.args[0]
    assert job.inserted_rows >= 2

    text = editor.toPlainText()
    head, tail = text.split("Second paragraph.")
    assert head.startswith(POST[:drop_at].rstrip("\n"))
    spans = find_galleries(text)
    assert len(spans) == 1
    gallery = spans[0].gallery
    assert [p.src for p in gallery.photos()] == [f"images/drop-test/img-{i:04d}.jpg" for i in range(3)]
    assert spans[0].end <= text.index("Second paragraph.") and spans[0].start > text.index("First paragraph.")
    assert "First paragraph.\n\n<br>" in text and "<br>\n\nSecond paragraph." in text
    folder = loose_post.parent / "images" / "drop-test"
    assert sorted(p.name for p in folder.iterdir()) == [f"img-{i:04d}.jpg" for i in range(3)]
    with Image.open(folder / "img-0001.jpg") as im:        # orientation 6: stored upright, portrait
        assert im.size[1] > im.size[0]
        assert not im.getexif().get_ifd(0x8825)
    assert window.current_post().text == text             # the post follows the editor

    editor.undo()                                          # one step removes every row
    assert editor.toPlainText() == POST


def test_typing_during_an_import_works_and_the_rows_follow_the_drop_point(qtbot, window, tmp_path):
    photos = [make_jpeg(tmp_path / f"p{i:02d}.jpg", size=(2400, 1600), gps=False, mark=i) for i in range(8)]
    controller = photo_import.attach(window)
    editor = window.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    drop_at = POST.index("Second paragraph.")
    with qtbot.waitSignal(controller.job_finished, timeout=30000) as blocker:
        _drop(editor, photos, drop_at)
        job = controller.jobs[0]
        qtbot.keyClicks(editor, "Typed while importing.")   # the GUI thread is free
        assert editor.toPlainText().endswith("Typed while importing.")
        assert not job.results, "the import finished before the typing: the test proves nothing"
        cursor = editor.textCursor()
        cursor.setPosition(POST.index("First"))
        cursor.insertText("Intro. ")                          # an edit above the drop point
    text = editor.toPlainText()
    assert blocker.args[0].inserted_rows > 0
    assert text.startswith(POST[:POST.index("First")] + "Intro. First paragraph.\n\n<br>")
    assert text.endswith("<br>\n\nSecond paragraph.\nTyped while importing.")
    editor.undo()
    assert "<br>" not in editor.toPlainText() and "Typed while importing." in editor.toPlainText()


def test_cancel_leaves_no_files_and_no_rows(qtbot, window, tmp_path, loose_post):
    photos = [make_jpeg(tmp_path / f"c{i:02d}.jpg", size=(2000, 1500), mark=i) for i in range(10)]
    controller = photo_import.attach(window)
    with qtbot.waitSignal(controller.job_finished, timeout=30000) as blocker:
        job = controller.import_paths(photos, position=len(POST))
        qtbot.waitUntil(lambda: job.dialog.bar.value() >= 1, timeout=10000)
        job.dialog.cancel_button.click()
    assert blocker.args[0].message.startswith("Photo import cancelled")
    assert window.editor.toPlainText() == POST
    folder = loose_post.parent / "images" / "drop-test"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert job.error_dialog is None       # a cancel is not an error


def test_broken_files_are_listed_after_the_batch_and_the_rest_import(qtbot, window, tmp_path):
    good = [make_jpeg(tmp_path / "good-1.jpg"), make_jpeg(tmp_path / "good-2.jpg", mark=7)]
    text_file = tmp_path / "notes.jpg"
    text_file.write_text("this is not a photo")
    data = io.BytesIO()
    Image.new("RGB", (800, 600), "red").save(data, "JPEG")
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(data.getvalue()[:300])
    controller = photo_import.attach(window)
    with qtbot.waitSignal(controller.job_finished, timeout=20000) as blocker:
        controller.import_paths([good[0], text_file, truncated, good[1]], position=len(POST))
    job = blocker.args[0]
    dialog = job.error_dialog
    assert dialog is not None and dialog.isVisible()
    assert [line.split(":")[0] for line in dialog.lines] == ["notes.jpg", "truncated.jpg"]
    assert all(len(line.split(": ", 1)[1]) > 5 for line in dialog.lines)     # a reason, not blank
    srcs = [p.src for p in find_galleries(window.editor.toPlainText())[0].gallery.photos()]
    assert srcs == ["images/drop-test/good-1.jpg", "images/drop-test/good-2.jpg"]
    dialog.close()


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "Test"\n'
                                      '[markup.goldmark.renderer]\nunsafe = true\n')
    post = root / "content" / "posts" / "drop-test.md"
    post.write_text(POST, encoding="utf-8")
    return post


def test_add_photos_with_a_site_profile_uses_its_folder_urls_and_layout(qtbot, tmp_path, monkeypatch):
    post_path = _site(tmp_path)
    profile = profile_for(post_path)
    win = ContractWindow(post_path, profile)
    qtbot.addWidget(win)
    photos = [make_jpeg(tmp_path / f"wide-{i}.jpg", size=(800, 500), mark=i) for i in range(3)]
    monkeypatch.setattr(photo_import, "ask_photo_files", lambda parent: photos)
    controller = photo_import.attach(win)
    menu_actions = [a.text() for a in win.menuBar().actions()]
    assert any(t.replace("&", "") == "Photos" for t in menu_actions)
    controller.set_layout_mode("single")
    cursor = win.editor.textCursor()
    cursor.setPosition(POST.index("First") + 3)             # mid-line: rows go after that line
    win.editor.setTextCursor(cursor)
    with qtbot.waitSignal(controller.job_finished, timeout=20000):
        controller.add_action.trigger()
    text = win.editor.toPlainText()
    gallery = find_galleries(text)[0].gallery
    assert [len(r.photos) for r in gallery.rows] == [1, 1, 1]          # "single" was chosen
    assert [p.src for p in gallery.photos()] == [f"/images/drop-test/wide-{i}.jpg" for i in range(3)]
    assert text.index("First paragraph.") < find_galleries(text)[0].start
    folder = profile.image_dir("drop-test")
    assert sorted(p.name for p in folder.iterdir()) == [f"wide-{i}.jpg" for i in range(3)]
    controller.set_layout_mode("auto")


def test_add_photos_makes_them_the_sites_web_size(qtbot, tmp_path, monkeypatch):
    """The batch's options come from the site's profile (built on the import's worker, where the
    importer loads)."""
    post_path = _site(tmp_path)
    (post_path.parents[2] / "recap-editor.toml").write_text("web_size = 500\n")
    profile = profile_for(post_path)
    assert profile.web_size == 500
    win = ContractWindow(post_path, profile)
    qtbot.addWidget(win)
    monkeypatch.setattr(photo_import, "ask_photo_files",
                        lambda parent: [make_jpeg(tmp_path / "wide.jpg", size=(800, 400))])
    controller = photo_import.attach(win)
    with qtbot.waitSignal(controller.job_finished, timeout=20000) as finished:
        controller.add_action.trigger()
    [result] = finished.args[0].results
    assert result.ok and result.output_size == (500, 250)
    with Image.open(profile.image_dir("drop-test") / "wide.jpg") as written:
        assert written.size == (500, 250)


def test_dragging_shows_where_the_rows_will_go(qtbot, window, tmp_path):
    controller = photo_import.attach(window)
    editor = window.editor
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(make_jpeg(tmp_path / "a.jpg")))])
    for needle in ("Second", "irst paragraph"):             # a line start; inside a line: below it
        cursor = editor.textCursor()
        cursor.setPosition(POST.index(needle))
        rect = editor.cursorRect(cursor)
        enter = QDragEnterEvent(rect.center(), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(editor.viewport(), enter)
        indicator = controller.drop_filter.indicator
        assert enter.isAccepted() and indicator.isVisible()
        expected = rect.top() if needle == "Second" else rect.bottom()
        assert abs(indicator.geometry().center().y() - expected) <= 2
    assert "<br>" not in editor.toPlainText()


def test_drop_filter_leaves_posts_and_other_files_alone(qtbot, window, tmp_path):
    photo_import.attach(window)
    other = tmp_path / "readme.md"
    other.write_text("# hi")
    enter, drop = _drop(window.editor, [other, make_jpeg(tmp_path / "a.jpg")], 5)
    assert droppable_photos([other]) == []
    assert droppable_photos([tmp_path, tmp_path / "x.txt"]) == [tmp_path]
    assert "<br>" not in window.editor.toPlainText()


def test_unsaved_post_without_a_site_asks_to_save_first(qtbot, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(photo_import.QMessageBox, "information",
                        lambda parent, title, text: shown.append(text))
    post = tmp_path / "p.md"
    post.write_text(POST)
    win = ContractWindow(post)
    qtbot.addWidget(win)
    win._post = Post.from_text(POST)                          # never saved: no folder to use
    controller = photo_import.attach(win)
    assert controller.import_paths([make_jpeg(tmp_path / "a.jpg")]) is None
    assert shown and "save the post first" in shown[0]


@pytest.mark.parametrize("index_of, expect", [
    ("+++\n\nFirst", "Second paragraph.\n\n<G>\n"),                # in the front matter: body end
    ("irst paragraph", "First paragraph.\n\n<G>\n\nSecond"),       # mid-line: after the line
    ("\nSecond", "First paragraph.\n\n<G>\n\nSecond"),             # end of a line
    ("Second", "First paragraph.\n\n<G>\n\nSecond"),               # start of a line
])
def test_place_gallery_keeps_the_gallery_its_own_block(index_of, expect):
    post = Post.from_text(POST)
    index = POST.index(index_of) if index_of != "+++\n\nFirst" else 4
    at, insertion = place_gallery(POST, index, "<G>", body_start_index(post, POST))
    result = POST[:at] + insertion + POST[at:]
    assert expect in result
    assert place_gallery("a", 1, "<G>")[1] == "\n\n<G>\n"
    assert re.fullmatch(r"<G>\n", place_gallery("", 0, "<G>")[1])


# ------------------------------------------------------------------------------ the gallery panel

GALLERY_POST = """+++
title = "Gallery Test"
slug = "g"
+++

Intro.

<br>
  <div class="row text-center">
    <div class="col-xs-offset-2 col-xs-8">
      <div>
        <a href="images/g/first.jpg">
	        <img src="images/g/first.jpg" class="img-responsive center-block"/>
	    </a>
	      <br>
	      <figcaption>(<i>First one</i>)</figcaption>
      </div>
    </div>
  </div>
<br>

Middle text.

<br>
<div class="container">
  <div class="row text-center">
    <div class="col-xs-6 col-sm-5 nopadding">
		  <a href="images/g/left.jpg"><img src="images/g/left.jpg" class="img-responsive"/></a>
		  <br>
		  <figcaption>(<i>Left</i>)</figcaption>
	  </div>
    <div class="col-xs-6 col-sm-5 nopadding">
	  <a href="images/g/right.jpg"><img src="images/g/right.jpg" class="img-responsive"/></a>
	  <br>
	  <figcaption>(<i>Right</i>)</figcaption>
    </div>
  </div>
</div>
<br>

<br>
  <div class="row text-center">
    <div class="col-xs-offset-2 col-xs-8">
      <div>
        <a href="images/g/last.jpg">
	        <img src="images/g/last.jpg" class="img-responsive center-block"/>
	    </a>
      </div>
    </div>
  </div>
<br>

Outro 🎉 with an emoji before nothing.
"""

SECOND_ROW = GALLERY_POST[GALLERY_POST.index("<br>\n<div class=\"container\">"):GALLERY_POST.index("<br>\n\n<br>\n  <div class=\"row text-center\">\n    <div class=\"col-xs-offset-2 col-xs-8\">\n      <div>\n        <a href=\"images/g/last") + 4]


@pytest.fixture
def gallery_window(qtbot, tmp_path):
    from recap_editor.ui import gallery_panel
    post = tmp_path / "g.md"
    post.write_text(GALLERY_POST, encoding="utf-8")
    (tmp_path / "images" / "g").mkdir(parents=True)
    for i, name in enumerate(("first", "left", "right", "last")):
        make_jpeg(tmp_path / "images" / "g" / f"{name}.jpg", size=(900, 600), gps=False, mark=i)
    win = ContractWindow(post)
    qtbot.addWidget(win)
    panel = gallery_panel.attach(win)
    win.show()
    return win, panel


def _put_cursor(qtbot, win, panel, needle: str) -> None:
    cursor = win.editor.textCursor()
    cursor.setPosition(win.editor.toPlainText().index(needle))
    win.editor.setTextCursor(cursor)
    panel.refresh()


def _captions(panel) -> list[str]:
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def _split_around_second_gallery(text: str) -> tuple[str, str]:
    start = text.index("Middle text.\n\n") + len("Middle text.\n\n")
    end = text.index("\n\nOutro")
    return text[:start], text[end:]


def test_panel_follows_the_cursor_and_loads_thumbnails_off_the_gui_thread(qtbot, gallery_window):
    win, panel = gallery_window
    _put_cursor(qtbot, win, panel, "Intro.")
    assert panel.list.count() == 0 and "Put the cursor" in panel.header.text()
    _put_cursor(qtbot, win, panel, "images/g/right.jpg")
    assert _captions(panel) == ["Left", "Right", ""]
    assert panel.list.currentRow() == 1                     # the photo under the cursor
    assert panel.swap_button.isEnabled() and panel.remove_button.isEnabled()
    assert "3 photo(s) in 2 row(s)" in panel.header.text()
    qtbot.waitUntil(lambda: panel.thumbnails_pending() == 0, timeout=5000)
    thumbs = {src: img for src, img in panel._thumbs.items() if not img.isNull()}
    assert set(thumbs) == {"images/g/left.jpg", "images/g/right.jpg", "images/g/last.jpg"}
    assert all(max(img.width(), img.height()) <= 224 for img in thumbs.values())   # decoded small
    _put_cursor(qtbot, win, panel, "(<i>Left")
    assert panel.list.currentRow() == 0
    _put_cursor(qtbot, win, panel, "First one")
    assert _captions(panel) == ["First one"]


def test_caption_edit_rewrites_only_that_gallery_as_one_undo_step(qtbot, gallery_window):
    win, panel = gallery_window
    _put_cursor(qtbot, win, panel, "images/g/last.jpg")
    before_head, before_tail = _split_around_second_gallery(GALLERY_POST)
    panel.list.item(2).setText("Closing <slide> & \"thanks\"")
    text = win.editor.toPlainText()
    head, tail = _split_around_second_gallery(text)
    assert (head, tail) == (before_head, before_tail)         # nothing outside the gallery moved
    assert SECOND_ROW in text                                 # the untouched row keeps its bytes
    assert "<figcaption>(<i>Closing &lt;slide&gt; &amp; \"thanks\"</i>)</figcaption>" in text
    assert 'alt="Closing &lt;slide&gt; &amp; &quot;thanks&quot;"' in text
    assert _captions(panel) == ["Left", "Right", 'Closing <slide> & "thanks"']
    assert win.current_post().text == text
    win.editor.undo()
    assert win.editor.toPlainText() == GALLERY_POST


def test_drag_reorder_keeps_the_row_shapes(qtbot, gallery_window):
    win, panel = gallery_window
    _put_cursor(qtbot, win, panel, "images/g/left.jpg")
    with qtbot.waitSignal(panel.gallery_written, timeout=3000):
        assert panel.list.model().moveRow(panel.list.rootIndex(), 2, panel.list.rootIndex(), 0)
    spans = find_galleries(win.editor.toPlainText())
    gallery = spans[1].gallery
    assert [[p.src.rsplit("/", 1)[1] for p in row.photos] for row in gallery.rows] == \
        [["last.jpg", "left.jpg"], ["right.jpg"]]
    assert spans[0].original_html in GALLERY_POST                # the first gallery untouched
    win.editor.undo()
    assert win.editor.toPlainText() == GALLERY_POST


def test_swap_single_and_pair(qtbot, gallery_window):
    win, panel = gallery_window
    _put_cursor(qtbot, win, panel, "images/g/left.jpg")
    panel.list.setCurrentRow(0)
    assert panel.toggle_selected()                              # the pair splits
    assert [len(r.photos) for r in find_galleries(win.editor.toPlainText())[1].gallery.rows] == [1, 1, 1]
    panel.list.setCurrentRow(1)
    assert panel.toggle_selected()                              # "right" joins "last"
    rows = find_galleries(win.editor.toPlainText())[1].gallery.rows
    assert [[p.src.rsplit("/", 1)[1] for p in r.photos] for r in rows] == [["left.jpg"], ["right.jpg", "last.jpg"]]
    assert "Right" in win.editor.toPlainText() and _captions(panel) == ["Left", "Right", ""]
    win.editor.undo()
    win.editor.undo()
    assert win.editor.toPlainText() == GALLERY_POST


def test_remove_asks_and_deletes_the_file_only_when_told(qtbot, gallery_window, monkeypatch, tmp_path):
    from recap_editor.ui import gallery_panel
    win, panel = gallery_window
    answers = iter(["gallery", "delete", None])
    asked = []
    monkeypatch.setattr(gallery_panel, "ask_remove",
                        lambda parent, name, deletable: asked.append((name, deletable)) or next(answers))
    _put_cursor(qtbot, win, panel, "images/g/left.jpg")
    panel.list.setCurrentRow(0)
    assert panel.remove_selected()                              # "left": gallery only
    assert (tmp_path / "images" / "g" / "left.jpg").is_file()
    assert "images/g/left.jpg" not in win.editor.toPlainText()
    panel.list.setCurrentRow(1)
    assert panel.remove_selected()                              # "last": and the file
    assert not (tmp_path / "images" / "g" / "last.jpg").exists()
    assert asked == [("left.jpg", True), ("last.jpg", True)]
    panel.list.setCurrentRow(0)
    assert not panel.remove_selected()                          # cancelled: nothing changes
    text = win.editor.toPlainText()
    assert [p.src for p in find_galleries(text)[1].gallery.photos()] == ["images/g/right.jpg"]
    assert text.startswith(GALLERY_POST[:GALLERY_POST.index("<br>\n<div class=\"container\">")])
    assert text.endswith("\n\nOutro 🎉 with an emoji before nothing.\n")


def test_edits_after_an_emoji_land_at_the_right_offsets(qtbot, tmp_path):
    from recap_editor.ui import gallery_panel
    post = tmp_path / "e.md"
    text = "Emoji 🎉🎉 first.\n\n" + GALLERY_POST[GALLERY_POST.index("<br>\n<div class=\"container\">"):]
    post.write_text(text, encoding="utf-8")
    win = ContractWindow(post)
    qtbot.addWidget(win)
    panel = gallery_panel.attach(win)
    _put_cursor(qtbot, win, panel, "images/g/right.jpg")
    assert _captions(panel) == ["Left", "Right", ""]
    panel.list.item(0).setText("Links")
    new = win.editor.toPlainText()
    assert new.startswith("Emoji 🎉🎉 first.\n\n<br>\n<div class=\"container\">")
    assert "(<i>Links</i>)" in new and new.endswith("Outro 🎉 with an emoji before nothing.\n")


def test_attached_to_the_real_main_window(qtbot, tmp_path, loose_post):
    """The window's own attach_extensions() wiring: menus, docks, drops on and off the editor."""
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    from PySide6.QtCore import QSettings
    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    assert open_post(qtbot, win, loose_post)
    try:
        win.resize(1200, 800)
        win.show()
        win.attach_extensions()
        controller, panel, checks = win.photo_import, win.gallery_panel, win.checks_panel
        assert win.photos_menu.menuAction().isVisible() and win.post_menu.menuAction().isVisible()
        assert [a.text() for a in win.post_menu.actions()][:2] == ["Run &Checks", "Checks &Panel"]
        assert panel.dock.parent() is win and checks.dock.parent() is win
        photos = [make_jpeg(tmp_path / f"r{i}.jpg", mark=i) for i in range(2)]
        with qtbot.waitSignal(controller.job_finished, timeout=20000):
            _drop(win.editor, photos, POST.index("Second"))
        text = win.editor.toPlainText()
        assert win.current_post().text == text and win.session.modified
        assert [p.src for p in find_galleries(text)[0].gallery.photos()] == \
            ["images/drop-test/r0.jpg", "images/drop-test/r1.jpg"]
        with qtbot.waitSignal(controller.job_finished, timeout=20000):   # dropped off the editor
            assert win.handle_dropped_files([make_jpeg(tmp_path / "r9.jpg", mark=9)])
        assert "images/drop-test/r9.jpg" in win.editor.toPlainText()
        panel.dock.show()
        cursor = win.editor.textCursor()
        cursor.setPosition(win.editor.toPlainText().index("images/drop-test/r1.jpg"))
        win.editor.setTextCursor(cursor)
        qtbot.waitUntil(lambda: panel.list.count() == 2 and panel.list.currentRow() == 1, timeout=3000)
    finally:
        win.session.close_cleanly()
        win.session._set_modified(False)
        win.close()


def test_remove_keeps_a_file_the_post_still_shows(qtbot, tmp_path, monkeypatch):
    from recap_editor.ui import gallery_panel
    post = tmp_path / "twice.md"
    post.write_text(GALLERY_POST.replace("images/g/last.jpg", "images/g/first.jpg"), encoding="utf-8")
    (tmp_path / "images" / "g").mkdir(parents=True)
    make_jpeg(tmp_path / "images" / "g" / "first.jpg")
    win = ContractWindow(post)
    qtbot.addWidget(win)
    panel = gallery_panel.attach(win)
    monkeypatch.setattr(gallery_panel, "ask_remove", lambda parent, name, deletable: "delete")
    _put_cursor(qtbot, win, panel, "First one")
    panel.list.setCurrentRow(0)
    assert panel.remove_selected()
    assert "(<i>First one</i>)" not in win.editor.toPlainText()
    assert (tmp_path / "images" / "g" / "first.jpg").is_file()     # the second gallery still shows it


def test_a_dropped_folder_imports_its_photos_in_natural_order(qtbot, window, tmp_path, loose_post):
    folder = tmp_path / "camera roll"
    folder.mkdir()
    for name in ("img10.jpg", "img2.jpg", "img1.jpg"):
        make_jpeg(folder / name, mark=len(name) + int(name[3:-4]))
    (folder / "notes.txt").write_text("skipped: not a photo")
    controller = photo_import.attach(window)
    with qtbot.waitSignal(controller.job_finished, timeout=20000) as blocker:
        _drop(window.editor, [folder], len(POST))
    assert blocker.args[0].error_dialog is None
    srcs = [p.src for p in find_galleries(window.editor.toPlainText())[0].gallery.photos()]
    assert srcs == ["images/drop-test/img1.jpg", "images/drop-test/img2.jpg", "images/drop-test/img10.jpg"]


def test_rows_are_not_inserted_into_another_post(qtbot, window, tmp_path):
    controller = photo_import.attach(window)
    with qtbot.waitSignal(controller.job_finished, timeout=20000) as blocker:
        controller.import_paths([make_jpeg(tmp_path / "a.jpg")], position=len(POST))
        window._post = Post.from_text("Another post\n")         # the writer opened another post
        window.post_opened.emit(window._post)                   # (the host says so: a new epoch)
    message = blocker.args[0].message
    assert "not added to “drop-test.md”: it was closed" in message and "no gallery inserted" in message
    assert window.editor.toPlainText() == POST
    folder = tmp_path / "drafts" / "images" / "drop-test"     # the copy made for it is removed again
    qtbot.waitUntil(lambda: not folder.exists() or list(folder.iterdir()) == [], timeout=10000)


def test_place_gallery_never_splits_a_paragraph_a_fence_or_a_gallery_row():
    text = "Para line one\nline two\n\n```\ncode\n\nmore\n```\n\nEnd\n"

    def put(source: str, index: int) -> str:
        at, insertion = place_gallery(source, index, "<G>")
        return source[:at] + insertion + source[at:]

    for needle in ("one", "line two"):                       # inside a paragraph: after it
        assert put(text, text.index(needle)) == text.replace("line two\n\n", "line two\n\n<G>\n\n")
    for needle in ("\nmore", "code", "```\n\nEnd"):          # inside a fence: after it
        assert put(text, text.index(needle) + 1) == text.replace("```\n\nEnd", "```\n\n<G>\n\nEnd")
    assert put(text, text.index("```")) == text.replace("\n\n```\ncode", "\n\n<G>\n\n```\ncode")

    inside_pair = GALLERY_POST.index("images/g/right.jpg")
    result = put(GALLERY_POST, inside_pair)
    assert result == GALLERY_POST.replace(SECOND_ROW + "\n\n", SECOND_ROW + "\n\n<G>\n\n")
    for span in find_galleries(GALLERY_POST):
        for row in span.gallery.rows:
            assert row.original_html in result                 # every row intact


def test_gallery_edits_pairing_rules():
    from recap_editor.photos.gallery import Gallery, GalleryPhoto, GalleryRow
    from recap_editor.photos.gallery_edits import remove_photo, reorder_photos, toggle_pair

    def shape(g):
        return [[p.src for p in r.photos] for r in g.rows]

    g = Gallery([GalleryRow([GalleryPhoto("a")]), GalleryRow([GalleryPhoto("b"), GalleryPhoto("c")])])
    assert toggle_pair(g, 0) and shape(g) == [["a", "b"], ["c"]]       # a single takes the next photo
    g = Gallery([GalleryRow([GalleryPhoto("a")]), GalleryRow([GalleryPhoto("b")])])
    assert toggle_pair(g, 1) and shape(g) == [["a", "b"]]               # the last joins the previous
    g = Gallery([GalleryRow([GalleryPhoto("a"), GalleryPhoto("b")]), GalleryRow([GalleryPhoto("c")])])
    assert not toggle_pair(g, 2) and shape(g) == [["a", "b"], ["c"]]   # no single to join
    reorder_photos(g, [2, 0, 1])
    assert shape(g) == [["c", "a"], ["b"]]
    with pytest.raises(ValueError):
        reorder_photos(g, [0, 0, 1])
    assert remove_photo(g, 2).src == "b" and shape(g) == [["c", "a"]]
