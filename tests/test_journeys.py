"""Writer journeys through the real window (issue #9), each a whole task as a writer does it.

They run on the bundled sample site (resources/sample/site) with photos generated here, copied into
a real git repository; journey 2 uses the real corekube-web corpus when it sits beside the checkout
and the sample post otherwise.  Only the operating system's dialogs are answered by the test.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402

from recap_editor.paths import resource_path  # noqa: E402
from recap_editor.ui import dialogs  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import (CORPUS, discard_edits, open_post, refuse_window_dialogs,  # noqa: E402
                      wait_until_opened, writable_copy)

pytestmark = pytest.mark.timeout(180)

SAMPLE_SITE = resource_path("sample", "site")


# ------------------------------------------------------------------------------------ helpers
def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def git_identity(monkeypatch):
    for key, value in (("GIT_AUTHOR_NAME", "Writer"), ("GIT_AUTHOR_EMAIL", "w@example.org"),
                       ("GIT_COMMITTER_NAME", "Writer"), ("GIT_COMMITTER_EMAIL", "w@example.org")):
        monkeypatch.setenv(key, value)


def site_repo(tmp_path: Path, source: Path = SAMPLE_SITE, only: list[Path] | None = None) -> Path:
    """A git checkout of a site: all of `source`, or its config plus the files in `only`."""
    root = tmp_path / "site"
    if only is None:
        writable_copy(source, root)
    else:
        root.mkdir()
        for name in ("config.toml", "hugo.toml", "CONTRIBUTING.md"):
            if (source / name).is_file():
                shutil.copy2(source / name, root / name)
        for path in only:
            target = root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            target.chmod(target.stat().st_mode | 0o200)   # a checkout is writable (../shared is not)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The site")
    return root


def camera_photo(path: Path, mark: int, size=(2400, 1600)) -> Path:
    """A camera-like JPEG: big, EXIF orientation and GPS that the import must scrub."""
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    im.paste((200, 40 + mark * 40 % 200, 60), (100 + mark * 50, 100, 600 + mark * 50, 500))
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x010F] = "TestCam"
    exif[0x8825] = {1: "N", 2: (45.0, 31.0, 7.5), 3: "W", 4: (122.0, 39.0, 37.3)}
    im.save(path, "JPEG", quality=85, exif=exif)
    return path


@pytest.fixture(autouse=True)
def no_unexpected_questions(monkeypatch):
    refuse_window_dialogs(monkeypatch)




@pytest.fixture
def window(qtbot, tmp_path):
    win = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    win.resize(1300, 850)
    return win


def field(win, name):
    row = win.form.rows[name]
    return getattr(row, "line_edit", None) or row.editor


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def pick_completion(qtbot, edit, completer, typed: str, choice: str, click: bool = False) -> None:
    """Type `typed` at the end of the field and pick `choice` from the completer's popup."""
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, typed)
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    model = popup.model()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    index = next(i for i in rows if i.data() == choice)
    if click:
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
    else:
        for _ in range(rows.index(index) + 1):
            qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)


def js(qtbot, win, script):
    results = []
    win.preview.run_script(script, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return results[0]


def preview_text(qtbot, win) -> str:
    return js(qtbot, win, "document.body.innerText")


def show_with_preview(qtbot, win) -> None:
    preview = win.ensure_preview()
    with qtbot.waitSignal(preview.loaded, timeout=30000):
        win.show()
    win.attach_extensions()


def run_checks(qtbot, win) -> list:
    panel = win.checks_panel
    with qtbot.waitSignal(panel.checked, timeout=30000) as blocker:
        panel.run_action.trigger()                        # Post › Run Checks (F7)
    return blocker.args[0]


def export_to_branch(qtbot, win):
    from recap_editor.ui.export_dialog import ExportDialog

    win.export_action.trigger()                           # Post › Export… (Ctrl+E)
    dialog = win.findChild(ExportDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=30000)
    assert dialog.kind() == "branch"
    assert dialog.export_button.isEnabled(), [str(p) for p in dialog.preview.problems if p.is_error]
    with qtbot.waitSignal(dialog.exported, timeout=60000) as blocker:
        dialog.export_button.click()
    result = blocker.args[0]
    assert result is not None, dialog.result_view.toPlainText()
    return dialog, result


def branch_files(root: Path, branch: str) -> list[str]:
    return sorted(git(root, "diff", "--name-only", f"main...{branch}").split())


def build_with_hugo(root: Path, branch: str, tmp_path: Path) -> Path:
    """Build the exported branch's tree with today's Hugo; the public folder."""
    from recap_editor.site.hugo_binary import find_hugo

    hugo = find_hugo()
    if hugo is None:
        pytest.skip("no Hugo binary (install the test extra): the branch was checked, not built")
    tree = tmp_path / "built-tree"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(root), "archive", branch], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    if not (tree / "layouts").is_dir() and not (tree / "themes").is_dir():
        # the sample site ships without a theme: a page layout that prints the content
        (tree / "layouts" / "_default").mkdir(parents=True)
        (tree / "layouts" / "_default" / "single.html").write_text(
            "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n")
    public = tmp_path / "public"
    out = subprocess.run([str(hugo), "--source", str(tree), "--destination", str(public), "--quiet"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return public


# ----------------------------------------------------------------------------------- journeys
def test_journey_1_new_post_to_an_exported_branch_that_hugo_builds(qtbot, window, tmp_path, monkeypatch,
                                                                     git_identity):
    from recap_editor.ui import photo_import

    site = site_repo(tmp_path)
    win = window
    show_with_preview(qtbot, win)
    # File › Open Post from Site…: the site's posts are listed on a worker; the writer picks "New"
    monkeypatch.setattr(dialogs, "choose_post", lambda parent, name, rows: "new")
    assert win.open_site(site)
    qtbot.waitUntil(lambda: win.session.post.get("title") == "New event recap", timeout=10000)
    assert win.site_profile() is not None and win.site_profile().root == site.resolve()

    # the form, as a writer fills it: the slug follows the title; tags and authors by completion
    retype(qtbot, field(win, "title"), "PDX Cloud Native - November 2026")
    assert field(win, "slug").text() == "pdx-cloud-native-november-2026"
    tags = field(win, "tags")
    pick_completion(qtbot, tags, win.form.rows["tags"].completer, "Mee", "Meetup")
    pick_completion(qtbot, tags, win.form.rows["tags"].completer, ", Port", "Portland")
    authors = field(win, "authors")
    pick_completion(qtbot, authors, authors.completer(), "Ril", "Riley Chen", click=True)
    win.editor.setFocus()
    assert win.session.post.get("tags") == ["Meetup", "Portland"]
    assert win.session.post.get("authors") == "Riley Chen"

    # the body: the template's instructions are replaced by the writer's words
    text = win.editor.toPlainText()
    cursor = win.editor.textCursor()
    cursor.setPosition(text.index("Write a two"))
    cursor.setPosition(len(text), cursor.MoveMode.KeepAnchor)
    win.editor.setTextCursor(cursor)
    qtbot.keyClicks(win.editor, "About 60 people came to the November meetup in Portland.")
    win.editor.insertPlainText("\n<!--more-->\n\n# **Talks**\n\n - Jane Doe ([Acme](https://acme.example)) - "
                               "\"Shipping on Fridays\"\n\n# **Highlights**\n\n")
    highlights_end = win.editor.textCursor().position()
    win.editor.insertPlainText("\n# **Conclusion**\n\nThanks to Acme for the room and the pizza.\n")
    qtbot.waitUntil(lambda: "Shipping on Fridays" in preview_text(qtbot, win), timeout=5000)

    # File › Save: the suggested name comes from the site's pattern and the slug
    suggested = []
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, path: suggested.append(path) or path)
    win.save_action.trigger()
    post_path = win.session.path
    assert post_path is not None and post_path.name.endswith("-pdx-cloud-native-november-2026.md")
    assert post_path.parent == (site / "content" / "posts").resolve()

    # Photos › Add Photos… at the Highlights line
    photos = [camera_photo(tmp_path / f"IMG_{1000 + i}.JPG", i) for i in range(3)]
    monkeypatch.setattr(photo_import, "ask_photo_files", lambda parent: photos)
    cursor = win.editor.textCursor()
    cursor.setPosition(highlights_end)
    win.editor.setTextCursor(cursor)
    with qtbot.waitSignal(win.photo_import.job_finished, timeout=60000):
        win.photo_import.add_action.trigger()
    images = sorted((site / "static" / "images" / "pdx-cloud-native-november-2026").iterdir())
    assert [p.name for p in images] == ["img-1000.jpg", "img-1001.jpg", "img-1002.jpg"]
    assert all(Image.open(p).size[0] <= 1600 and not Image.open(p).getexif().get(0x8825) for p in images)

    # caption the first photo in the Gallery panel
    panel = win.gallery_panel
    panel.dock.show()
    cursor = win.editor.textCursor()
    cursor.setPosition(win.editor.toPlainText().index("img-1000.jpg"))
    win.editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=5000)
    for row, caption in enumerate(("The opening keynote", "Live demo", "Lightning talks")):
        panel.list.item(row).setText(caption)               # every photo gets its caption
    assert "The opening keynote" in win.editor.toPlainText()
    win.save_action.trigger()
    assert not win.session.modified

    # Post › Run Checks: clean
    problems = run_checks(qtbot, win)
    assert problems == [], [str(p) for p in problems]

    # Post › Export… to a branch: exactly the post and its images, and Hugo builds it
    dialog, result = export_to_branch(qtbot, win)
    branch = dialog.branch_edit.text()
    relative_post = post_path.relative_to(site.resolve()).as_posix()
    assert branch_files(site, branch) == sorted(
        [relative_post] + [f"static/images/pdx-cloud-native-november-2026/{p.name}" for p in images])
    assert git(site, "show", f"{branch}:{relative_post}") == post_path.read_text()
    dialog.close()
    public = build_with_hugo(site, branch, tmp_path)
    pages = [p for p in public.rglob("index.html") if "pdx-cloud-native-november-2026" in p.as_posix()]
    assert pages, sorted(str(p.relative_to(public)) for p in public.rglob("index.html"))
    html = pages[0].read_text()
    assert "Shipping on Fridays" in html and "The opening keynote" in html and "img-1000.jpg" in html


def test_journey_2_existing_post_two_photos_exported(qtbot, window, tmp_path, monkeypatch, git_identity):
    from recap_editor.ui import photo_import

    if (CORPUS / "config.toml").is_file():
        seed = CORPUS / "content" / "posts" / "2016_05_12-k8s-socal-may-2016.md"
        # the site's posts (for its conventions and vocabulary) and the seed's own images
        images = [CORPUS / "static" / ref.lstrip("/") for ref in
                  re.findall(r'(?:src="|\]\()(/images/[^")\s]+)', seed.read_text(encoding="utf-8"))]
        site = site_repo(tmp_path, CORPUS, only=sorted((CORPUS / "content").rglob("*.md")) +
                         [p for p in images if p.is_file()])
    else:
        site = site_repo(tmp_path)
        seed = SAMPLE_SITE / "content" / "posts" / "2026_10_14-pdx-cloud-native-october-2026.md"
    post = site / seed.relative_to(seed.parents[2])
    original = post.read_bytes()
    win = window
    show_with_preview(qtbot, win)
    assert open_post(qtbot, win, post)
    qtbot.waitUntil(lambda: win.site_profile() is not None, timeout=15000)
    slug = win.session.post.get("slug")
    photos = [camera_photo(tmp_path / f"extra-{i}.jpg", i) for i in range(2)]
    monkeypatch.setattr(photo_import, "ask_photo_files", lambda parent: photos)
    win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(win.photo_import.job_finished, timeout=60000):
        win.photo_import.add_action.trigger()
    text = win.editor.toPlainText()
    assert "extra-0.jpg" in text and "extra-1.jpg" in text
    win.save_action.trigger()
    assert post.read_bytes().startswith(original.rstrip(b"\n"))   # everything before is kept as it was
    dialog, _result = export_to_branch(qtbot, win)
    files = branch_files(site, dialog.branch_edit.text())
    relative_post = post.relative_to(site).as_posix()
    assert relative_post in files
    new_images = [f for f in files if f != relative_post]
    assert len(new_images) == 2 and all(slug in f or "extra-" in f for f in new_images)
    dialog.close()


def test_journey_3_switching_posts_mid_render_and_mid_check(qtbot, window, tmp_path, monkeypatch):
    from recap_editor.ui import checks_panel, live_preview
    from recap_editor.workspace import jobs

    site = site_repo(tmp_path)
    a = next((site / "content" / "posts").glob("*.md"))
    b = a.with_name("2026_11_20-second-post.md")
    b.write_text(a.read_text(encoding="utf-8").replace("Portland Cloud Native Meetup - October 2026",
                                                      "Bravo Meetup").replace(
        'slug = "pdx-cloud-native-october-2026"', 'slug = "second-post"')
        .replace('date = "2026-10-14', 'date = "2026-11-20'), encoding="utf-8")
    win = window
    assert open_post(qtbot, win, a)
    show_with_preview(qtbot, win)
    panel = win.checks_panel
    panel.dock.show()
    qtbot.waitUntil(lambda: win.site_profile() is not None and not panel.running, timeout=20000)

    # slow down the render and the check of post A's edit, so both are in flight at the switch
    monkeypatch.setattr(live_preview, "BACKGROUND_ABOVE_CHARS", 0)
    release = threading.Event()
    real_update = win.live._renderer.update
    monkeypatch.setattr(win.live._renderer, "update", lambda body: (release.wait(10), real_update(body))[1])
    checked_texts = []

    def slow_check(text, path, *args, **kwargs):
        checked_texts.append(path)
        if path == a.resolve():
            release.wait(10)
        return jobs.check_text(text, path, *args, **kwargs)

    monkeypatch.setattr(checks_panel, "check_text", slow_check)
    win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
    win.editor.insertPlainText("\nAlpha's unsaved sentence.\n")
    win.live.debounce.stop()
    win.live.render_now()
    panel.run_checks()
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name, doing="": "discard")
    with qtbot.waitSignal(win.preview.loaded, timeout=20000):
        assert open_post(qtbot, win, b)                               # File › Open, another post
    release.set()
    qtbot.waitUntil(lambda: not panel.running and panel.problems is not None
                    and panel.status.text() and "Checking" not in panel.status.text(), timeout=20000)
    qtbot.wait(500)
    shown = preview_text(qtbot, win)
    assert "Bravo Meetup" in shown and "Alpha's unsaved sentence." not in shown
    assert "Portland Cloud Native Meetup - October 2026" not in shown
    assert all(p.path == str(b.resolve()) for p in panel.problems)
    assert not panel.stale


def test_journey_4_broken_site_settings_are_shown_with_file_and_line(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from recap_editor.ui.app import open_start_window

    site = site_repo(tmp_path)
    (site / "recap-editor.toml").write_text("# photo size for this site\nweb_size = 1600\n"
                                            "image_budget_bytes = \"a lot\"\n")
    post = next((site / "content" / "posts").glob("*.md"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))   # no recovery files from elsewhere
    win = open_start_window(str(post))
    qtbot.addWidget(win, before_close_func=discard_edits)
    win.show()
    qtbot.waitUntil(win.site_banner.isVisible, timeout=15000)
    assert "recap-editor.toml:3" in win.site_banner.text() and "image_budget_bytes" in win.site_banner.text()
    win.attach_extensions()
    run_checks(qtbot, win)
    assert "recap-editor.toml:3" in win.checks_panel.status.text()
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    assert win.photo_import.import_paths([camera_photo(tmp_path / "p.jpg", 1)]) is None
    win.export_action.trigger()
    assert len(told) == 2 and all("recap-editor.toml:3" in t for t in told)
    # the writer fixes the file and opens the post again: the site's rules are back
    (site / "recap-editor.toml").write_text("# photo size for this site\nweb_size = 1600\n")
    assert open_post(qtbot, win, post)
    qtbot.waitUntil(lambda: win.site_profile() is not None, timeout=15000)
    assert not win.site_banner.isVisible()


def test_journey_5_killed_while_editing_then_restored_though_the_file_became_unreadable(
        qtbot, tmp_path, monkeypatch):
    from test_ui_crash import EDIT_DRIVER, _env, _start, _wait_for_line

    env = _env(tmp_path)
    site = site_repo(tmp_path)
    post = next((site / "content" / "posts").glob("*.md"))
    proc = _start(EDIT_DRIVER, [str(post)], env)
    try:
        _wait_for_line(proc, "READY")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    post.write_bytes(b"\xff\xfe" + post.read_bytes())      # meanwhile the file became unreadable
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, env[var])
    from recap_editor.ui.app import open_start_window
    offered = []
    monkeypatch.setattr(dialogs, "offer_recovery", lambda parent, work: offered.append(work) or "restore")
    win = open_start_window(str(post))                     # the next start: no crash, words back
    qtbot.addWidget(win, before_close_func=discard_edits)
    wait_until_opened(qtbot, win)                          # the post is read on a worker: it fails
    assert [w.post_path for w in offered] == [post]
    assert win.editor.toPlainText().endswith("\nWords typed but never saved.\n")
    assert win.session.modified and win.session.path is None
    assert str(post) in win.statusBar().currentMessage() and "UTF-8" in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not offered[0].file.exists(), timeout=5000)   # once protected again:
    assert win.session.recovery.path.exists()                             # the words are in ours
