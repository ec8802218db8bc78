"""The Export dialog on an existing post (issue 10): what changed before anything is written,
targets beside the site, columns that show their text, and a taken branch name."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QPlainTextEdit  # noqa: E402

from recap_editor.document.post import Post  # noqa: E402
from recap_editor.sample import SAMPLE_POST, shipped_site  # noqa: E402
from recap_editor.site.profile import profile_for  # noqa: E402
from recap_editor.ui import export_dialog  # noqa: E402
from recap_editor.ui.host import HostWindow  # noqa: E402

pytestmark = pytest.mark.timeout(90)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


class Window(HostWindow):
    def __init__(self, post: Post) -> None:
        super().__init__()
        self.editor = QPlainTextEdit(post.text)
        self.setCentralWidget(self.editor)
        self._post, self._profile = post, profile_for(post.path)

    def current_post(self) -> Post:
        return self._post

    def site_profile(self):
        return self._profile


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in (("GIT_AUTHOR_NAME", "Writer"), ("GIT_AUTHOR_EMAIL", "w@example.org"),
                       ("GIT_COMMITTER_NAME", "Writer"), ("GIT_COMMITTER_EMAIL", "w@example.org")):
        monkeypatch.setenv(key, value)
    root = tmp_path / "checkouts" / "site"
    shutil.copytree(shipped_site(), root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    export_dialog._settings().remove(export_dialog.LAST_DIR_KEY)
    return root


def _edited(site: Path) -> Post:
    post = Post.load(site / SAMPLE_POST)
    post.set("title", "Portland Cloud Native Meetup - October 2026 (updated)")
    post.body = post.body.replace("# **Talks**", "# **Talks**\n\nSlides are online now.", 1)
    return post


def _dialog(qtbot, post: Post) -> export_dialog.ExportDialog:
    win = Window(post)
    qtbot.addWidget(win)
    dialog = export_dialog.ExportDialog(win, post, win.site_profile())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
    return dialog


def test_what_changed_is_shown_before_anything_is_written(qtbot, site) -> None:
    head = git(site, "rev-parse", "HEAD")
    dialog = _dialog(qtbot, _edited(site))
    assert dialog.tabs.tabText(1) == "What changed"
    shown = dialog.changes_view.toPlainText()
    assert shown.startswith("Update recap against main:")
    assert "Fields: title" in shown and "Sections edited: “Talks”" in shown
    assert f"--- a/{SAMPLE_POST.as_posix()}" in shown and "+Slides are online now." in shown
    assert '-title = "Portland Cloud Native Meetup - October 2026"' in shown
    rows = [dialog.files_list.topLevelItem(i).text(1) for i in range(dialog.files_list.topLevelItemCount())]
    assert rows[0] == "post, updated"
    # the post's photos are the site's, unchanged: no export writes them, the list says so
    assert len(rows) > 1 and set(rows[1:]) == {"image, unchanged"}
    assert git(site, "rev-parse", "HEAD") == head and git(site, "branch", "--list") == "* main"


def test_columns_fit_their_text(qtbot, site) -> None:
    post = _edited(site)
    post.set("slug", "pdx-october-2026")   # a move: "deleted (moved)" must show whole
    dialog = _dialog(qtbot, post)
    dialog.resize(640, 600)
    dialog.show()
    tree = dialog.files_list
    metrics = tree.fontMetrics()
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        for column in (1, 2):
            assert tree.columnWidth(column) >= metrics.horizontalAdvance(item.text(column)), item.text(column)
    assert "deleted (moved)" in [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]


def test_folder_and_zip_default_beside_the_site_then_the_last_folder(qtbot, site, tmp_path) -> None:
    dialog = _dialog(qtbot, _edited(site))
    slug = "pdx-cloud-native-october-2026"
    assert dialog.folder_edit.text() == str(site.parent / f"recap-{slug}")
    assert dialog.zip_edit.text() == str(site.parent / f"recap-{slug}.zip")
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    dialog.radios["zip"].setChecked(True)
    dialog.zip_edit.setText(str(elsewhere / "mine.zip"))
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0] is not None
    again = _dialog(qtbot, _edited(site))
    assert again.folder_edit.text() == str(elsewhere / f"recap-{slug}")


def test_a_taken_branch_name_offers_a_new_name_or_replacing_it(qtbot, site) -> None:
    git(site, "branch", "recap/pdx-cloud-native-october-2026")
    old = git(site, "rev-parse", "recap/pdx-cloud-native-october-2026")
    dialog = _dialog(qtbot, _edited(site))
    assert dialog.kind() == "branch"
    assert dialog.branch_edit.text() == "recap/pdx-cloud-native-october-2026-2"   # suggested
    assert dialog.replace_box.isHidden() and dialog.export_button.isEnabled()
    assert "is taken" in dialog.branch_note.text()
    dialog.branch_edit.setText("recap/pdx-cloud-native-october-2026")
    assert not dialog.replace_box.isHidden() and not dialog.export_button.isEnabled()
    assert "already exists" in dialog.branch_note.text()
    dialog.replace_box.setChecked(True)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    result = blocker.args[0]
    assert result is not None and "replaced branch" in result.message
    new = git(site, "rev-parse", "recap/pdx-cloud-native-october-2026")
    assert new != old and git(site, "rev-parse", f"{new}^") == git(site, "rev-parse", "main")
    assert git(site, "log", "-1", "--format=%s", new).startswith("Update recap: ")


def test_folder_export_result_says_which_site_files_to_delete(qtbot, site, tmp_path) -> None:
    import re

    post = Post.load(site / SAMPLE_POST)
    url = re.search(r'<a href="(/images/[^"]+\.jpg)">', post.body)[1]
    post.body = re.sub(rf'(?s)<a href="{re.escape(url)}">.*?</a>', "", post.body)
    dialog = _dialog(qtbot, post)
    dialog.radios["folder"].setChecked(True)
    dialog.folder_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].to_delete == [f"static{url}"]
    shown = dialog.result_view.toPlainText()
    assert "Delete 1 file from your fork, in the same commit" in shown
    assert f"\n  static{url}   (the post no longer shows it)\n" in shown
    assert (tmp_path / "out/DELETE.txt").read_text() == f"static{url}\n"
    assert (site / f"static{url}").is_file()
