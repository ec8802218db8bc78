"""The Checks dock and the Export dialog, on sites and git repositories built in the test."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt, Signal  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit  # noqa: E402

from recap_editor.document.post import Post  # noqa: E402
from recap_editor.site.profile import profile_for  # noqa: E402
from recap_editor.ui.host import HostWindow  # noqa: E402
from recap_editor.ui import checks_panel, export_dialog  # noqa: E402

pytestmark = pytest.mark.timeout(60)

BAD_POST = """+++
title = "Bad Post"
date = "not a date"
slug = "Bad Slug"
+++

Some text.

![missing](/images/nowhere/x.jpg)
"""

GOOD_POST = """+++
title = "Meetup Recap"
date = "2024-05-01T10:00:00Z"
slug = "meetup-recap"
+++

What happened at the meetup.

<br>
<div class="row text-center">
  <div class="col-xs-offset-2 col-xs-8">
    <div>
      <a href="/images/meetup-recap/stage.jpg">
        <img src="/images/meetup-recap/stage.jpg" alt="The stage" class="img-responsive center-block"/>
      </a>
      <br>
      <figcaption>(<i>The stage</i>)</figcaption>
    </div>
  </div>
</div>
<br>
"""


class ContractWindow(HostWindow):
    """The least a main window offers these widgets (the ExtensionHost of ui/host.py)."""

    def __init__(self, post_path: Path) -> None:
        super().__init__()
        self.editor = QPlainTextEdit()
        self.setCentralWidget(self.editor)
        self._post = Post.load(post_path)
        self._profile = profile_for(post_path)
        self.editor.setPlainText(self._post.text)
        self.editor.textChanged.connect(lambda: self._post.set_text(self.editor.toPlainText()))

    def current_post(self) -> Post:
        return self._post

    def site_profile(self):
        return self._profile


def make_site(root: Path, name: str, text: str) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "Test"\n'
                                      '[markup.goldmark.renderer]\nunsafe = true\n')
    post = root / "content" / "posts" / name
    post.write_text(text, encoding="utf-8")
    return post


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def git_identity(monkeypatch):
    for key, value in (("GIT_AUTHOR_NAME", "Writer"), ("GIT_AUTHOR_EMAIL", "w@example.org"),
                       ("GIT_COMMITTER_NAME", "Writer"), ("GIT_COMMITTER_EMAIL", "w@example.org")):
        monkeypatch.setenv(key, value)


def test_checks_panel_lists_problems_and_jumps_to_their_line(qtbot, tmp_path):
    win = ContractWindow(make_site(tmp_path, "bad.md", BAD_POST))
    qtbot.addWidget(win)
    panel = checks_panel.attach(win)
    with qtbot.waitSignal(panel.checked, timeout=15000) as blocker:
        panel.run_action.trigger()
    problems = blocker.args[0]
    rows = [(panel.list.topLevelItem(i).text(0), panel.list.topLevelItem(i).text(1))
            for i in range(panel.list.topLevelItemCount())]
    assert [line for line, _ in rows][:3] == ["3", "4", "9"]
    assert "not a date" in rows[0][1] and "kebab-case" in rows[1][1] and "/images/nowhere/x.jpg" in rows[2][1]
    assert panel.list.topLevelItem(1).text(2) == 'slug = "bad-slug"'          # the fix, shown
    assert panel.status.text().startswith("3 errors")
    assert len(problems) == len(rows)
    item = panel.list.topLevelItem(2)
    panel.list.itemClicked.emit(item, 1)
    assert win.editor.textCursor().blockNumber() + 1 == 9
    assert win.editor.textCursor().block().text() == "![missing](/images/nowhere/x.jpg)"


def test_checks_rerun_on_save_over_the_editor_text_and_without_a_site(qtbot, tmp_path):
    win = ContractWindow(make_site(tmp_path / "site", "bad.md", BAD_POST))
    qtbot.addWidget(win)
    panel = checks_panel.attach(win)
    win.show()
    qtbot.waitUntil(lambda: not panel.run_button.isEnabled() or panel.problems, timeout=3000)
    qtbot.waitUntil(lambda: panel.run_button.isEnabled(), timeout=15000)   # the run on showing
    cursor = win.editor.textCursor()
    text = win.editor.toPlainText()
    cursor.setPosition(text.index('"not a date"'))
    cursor.setPosition(text.index('"not a date"') + len('"not a date"'), cursor.MoveMode.KeepAnchor)
    cursor.insertText('"2024-05-01T10:00:00Z"')            # fixed in the editor, not on disk
    with qtbot.waitSignal(panel.checked, timeout=15000) as blocker:
        win.post_saved.emit(win.current_post().path)
    assert not any("not a date" in p.message for p in blocker.args[0])
    assert any("kebab-case" in p.message for p in blocker.args[0])
    panel.dock.hide()
    win.post_saved.emit(win.current_post().path)             # hidden: no run, until shown again
    assert panel.stale and panel.run_button.isEnabled()
    with qtbot.waitSignal(panel.checked, timeout=15000):
        panel.dock.show()

    loose = tmp_path / "elsewhere" / "post.md"
    loose.parent.mkdir()
    loose.write_text(BAD_POST)
    outside = ContractWindow(loose)
    qtbot.addWidget(outside)
    other = checks_panel.attach(outside)
    assert outside.site_profile() is None
    assert other.run_checks() is None
    assert "not inside a site" in other.status.text() and other.list.topLevelItemCount() == 0


def _good_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    post = make_site(root, "meetup-recap.md", GOOD_POST)
    (root / "static" / "images" / "meetup-recap").mkdir(parents=True)
    Image.new("RGB", (800, 500), (90, 120, 160)).save(root / "static" / "images" / "meetup-recap" / "stage.jpg",
                                                      "JPEG", quality=80)
    return post


@pytest.fixture
def export_window(qtbot, tmp_path, git_identity):
    post = _good_site(tmp_path)
    root = post.parents[2]
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("site\n")
    git(root, "add", "config.toml", "README.md")
    git(root, "commit", "-q", "-m", "Initial")
    win = ContractWindow(post)
    qtbot.addWidget(win)
    return win, root


def _prepared(qtbot, win) -> export_dialog.ExportDialog:
    dialog = export_dialog.ExportDialog(win, win.current_post(), win.site_profile())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
    return dialog


def test_export_dialog_commits_a_branch_and_shows_the_next_steps(qtbot, export_window):
    win, root = export_window
    action = export_dialog.attach(win)
    action.trigger()                                      # Post > Export...
    dialog = win.findChild(export_dialog.ExportDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
    assert dialog.kind() == "branch" and dialog.branch_edit.text() == "recap/meetup-recap"
    assert not dialog.branch_note.isHidden()       # the note about the branch shows with it...
    dialog.radios["folder"].setChecked(True)
    assert dialog.branch_note.isHidden()           # ...and not while a folder is the target
    dialog.radios["branch"].setChecked(True)
    files = [dialog.files_list.topLevelItem(i).text(0) for i in range(dialog.files_list.topLevelItemCount())]
    assert files == ["content/posts/meetup-recap.md", "static/images/meetup-recap/stage.jpg"]
    assert not any(p.is_error for p in dialog.preview.problems)
    assert dialog.export_button.isEnabled()
    head_before = git(root, "rev-parse", "HEAD")
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    result = blocker.args[0]
    assert result is not None and result.kind == "branch"
    shown = dialog.result_view.toPlainText()
    assert "git push -u origin recap/meetup-recap" in shown or "git remote add origin" in shown
    assert "recap/meetup-recap" in shown
    changed = git(root, "diff-tree", "--no-commit-id", "--name-only", "-r", "recap/meetup-recap").split()
    assert sorted(changed) == ["content/posts/meetup-recap.md", "static/images/meetup-recap/stage.jpg"]
    assert git(root, "rev-list", "--count", "main..recap/meetup-recap").strip() == "1"
    assert git(root, "rev-parse", "HEAD") == head_before                  # the checkout stays
    assert not dialog.export_button.isEnabled()                           # no double export
    # the pull request's text (PR.md in a folder or zip) is one click from the clipboard
    assert dialog.copy_pr_button.isVisible()
    QGuiApplication.clipboard().clear()
    dialog.copy_pr_button.click()
    assert QGuiApplication.clipboard().text() == result.pr and result.pr.startswith("# Add recap:")
    assert dialog.copy_pr_button.text() == "Copied"


def test_export_dialog_folder_and_zip_targets(qtbot, tmp_path, monkeypatch):
    win = ContractWindow(_good_site(tmp_path))
    qtbot.addWidget(win)
    dialog = _prepared(qtbot, win)
    assert not dialog.radios["branch"].isEnabled()          # not a git checkout
    assert "not a git checkout" in dialog.branch_note.text()
    out = tmp_path / "out"
    monkeypatch.setattr(export_dialog, "ask_folder", lambda parent, start: str(out))
    dialog._choose_folder()
    assert dialog.kind() == "folder"
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    assert (out / "content" / "posts" / "meetup-recap.md").read_text() == GOOD_POST
    assert (out / "static" / "images" / "meetup-recap" / "stage.jpg").is_file()
    assert (out / "PR.md").is_file() and "Next:" in dialog.result_view.toPlainText()
    assert dialog.copy_pr_button.isHidden()                 # the folder holds the text as PR.md

    second = _prepared(qtbot, win)
    monkeypatch.setattr(export_dialog, "ask_zip", lambda parent, start: str(tmp_path / "recap"))
    second._choose_zip()
    with qtbot.waitSignal(second.exported, timeout=20000):
        second.export_button.click()
    with zipfile.ZipFile(tmp_path / "recap.zip") as archive:
        assert sorted(archive.namelist()) == ["PR.md", "content/posts/meetup-recap.md",
                                              "static/images/meetup-recap/stage.jpg"]


def test_errors_block_the_export_until_forced_and_refusals_are_shown(qtbot, tmp_path):
    win = ContractWindow(make_site(tmp_path, "bad.md", BAD_POST))
    qtbot.addWidget(win)
    dialog = _prepared(qtbot, win)
    assert dialog.checks_label.text().startswith("3 errors")
    assert dialog.preview.plan is None and "kebab-case" in dialog.files_note.text()
    assert not dialog.export_button.isEnabled()
    dialog.force_box.setChecked(True)
    assert not dialog.export_button.isEnabled()              # an unsafe slug cannot be forced

    good = ContractWindow(_good_site(tmp_path / "two"))
    qtbot.addWidget(good)
    existing = tmp_path / "taken"
    (existing / "content" / "posts").mkdir(parents=True)
    (existing / "content" / "posts" / "meetup-recap.md").write_text("someone else's post\n")
    refused = _prepared(qtbot, good)
    refused.folder_edit.setText(str(existing))
    refused.radios["folder"].setChecked(True)
    with qtbot.waitSignal(refused.exported, timeout=20000) as blocker:
        refused.export_button.click()
    assert blocker.args[0] is None
    assert refused.result_view.toPlainText().startswith("Nothing was exported:")
    assert "already exists" in refused.result_view.toPlainText()
    assert (existing / "content" / "posts" / "meetup-recap.md").read_text() == "someone else's post\n"
    assert refused.export_button.isEnabled()                 # the writer can pick another folder


def test_export_dialog_shows_a_moved_post(qtbot, tmp_path):
    """A site post whose slug changed: the old file is listed as deleted, the note says why."""
    post = _good_site(tmp_path)
    old = post.with_name("old-recap.md")
    post.rename(old)
    win = ContractWindow(old)
    qtbot.addWidget(win)
    dialog = _prepared(qtbot, win)
    rows = [(dialog.files_list.topLevelItem(i).text(0), dialog.files_list.topLevelItem(i).text(1))
            for i in range(dialog.files_list.topLevelItemCount())]
    assert rows == [("content/posts/meetup-recap.md", "post, moved"),
                    ("static/images/meetup-recap/stage.jpg", "image"),
                    ("content/posts/old-recap.md", "deleted (moved)")]
    assert "moves content/posts/old-recap.md → content/posts/meetup-recap.md" in dialog.files_note.text()


def test_the_problem_column_stays_readable_in_a_narrow_checks_dock(qtbot):
    """In the Checks dock (about 300 px wide) the fixed 260 px "How to fix" column left the
    Problem column a few pixels: every message showed as "t…"."""
    from recap_editor.site.checks import Problem

    problems = checks_panel.ProblemList()
    qtbot.addWidget(problems)
    problems.resize(320, 300)
    problems.show()
    qtbot.waitExposed(problems)
    problems.set_problems([Problem("p.md", 12, "warning", "template text left in the post: \"Write a summary\"",
                                   "replace it with your own words, or delete it")])
    header = problems.header()
    qtbot.waitUntil(lambda: header.sectionSize(1) >= header.sectionSize(2), timeout=2000)
    assert header.sectionSize(1) >= 100
    problems.resize(1000, 300)                       # wide: the fix keeps its comfortable width
    qtbot.waitUntil(lambda: header.sectionSize(2) == 260, timeout=2000)
    assert header.sectionSize(1) > 500


def test_enter_in_the_export_dialog_exports_and_never_opens_a_chooser(qtbot, export_window, monkeypatch):
    """Enter in Post › Export… pressed the Folder target's "Choose…": Export was made the default
    before the dialog held it, so on showing the dialog made the first button in the focus chain
    the default, opening a folder chooser over a branch export."""
    win, root = export_window
    asked = []
    monkeypatch.setattr(export_dialog, "ask_folder", lambda parent, start: asked.append("folder") or "")
    monkeypatch.setattr(export_dialog, "ask_zip", lambda parent, start: asked.append("zip") or "")
    export_dialog.attach(win).trigger()
    dialog = win.findChild(export_dialog.ExportDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.export_button.isEnabled(), timeout=15000)
    qtbot.waitExposed(dialog)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is dialog
    with qtbot.waitSignal(dialog.exported, timeout=20000):   # Enter, wherever the focus starts
        qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert asked == []
    assert git(root, "rev-list", "--count", "main..recap/meetup-recap").strip() == "1"
