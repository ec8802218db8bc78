"""The Checks panel lists the misspellings `recap-editor check` reports, folded into one row under
the site's problems; opened, a click on a word selects it in the editor."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QSettings, Qt  # noqa: E402

from recap_editor.cli import main  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import shown_window, spell_checked  # noqa: E402

pytestmark = pytest.mark.timeout(90)

FRONT = '+++\ndate = "{date}"\ntags = ["Meetup"]\ntitle = "{title}"\nslug = "{slug}"\nauthors = "Mike Metral"\n+++\n\n'
DRAFT = (FRONT.format(date="2020-02-01T18:00:00-08:00", title="Second Meetup", slug="second-meetup")
         + "Thsi paragrph on Kubernetes, hosted by Metral.\n\n"
         + "![gone](/images/second-meetup/nowhere.png)\n\n"
         + "A last line with teh typo.\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))   # no personal dictionary
    root = tmp_path / "site"
    (root / "content/posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "config.toml").write_text('title = "T"\nlanguageCode = "en-us"\n')
    (root / "content/posts/2020_01_01-first-meetup.md").write_text(
        FRONT.format(date="2020-01-01T18:00:00-08:00", title="First Meetup", slug="first-meetup")
        + "We ran Kubernetes with the Kismatic folks.\n", encoding="utf-8")
    (root / "content/posts/2020_02_01-second-meetup.md").write_text(DRAFT, encoding="utf-8")
    return root


@pytest.fixture
def window(qtbot, tmp_path, site):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = shown_window(qtbot, settings, site / "content/posts/2020_02_01-second-meetup.md")
    spell_checked(qtbot, win)
    win.attach_extensions()
    return win


def run_checks(qtbot, win) -> list:
    """Post › Run Checks (F7): the site's problems, then the misspellings."""
    panel = win.checks_panel
    with qtbot.waitSignal(panel.checked, timeout=30000) as blocker:
        with qtbot.waitSignal(panel.spelling_checked, timeout=30000):
            panel.run_action.trigger()
    return blocker.args[0]


def test_misspellings_are_one_folded_row_under_the_site_problems(qtbot, window, site, capsys):
    problems = run_checks(qtbot, window)
    panel = window.checks_panel
    assert problems and all(p.kind != "spelling" for p in problems)   # the site's problems, as before
    rows = panel.list
    assert rows.topLevelItemCount() == len(problems) + 1
    group = rows.topLevelItem(rows.topLevelItemCount() - 1)            # last: never buries them
    assert group.text(0) == "▸ 3 possible misspellings — underlined in the editor"
    assert not group.isExpanded()
    assert "3 possible misspellings — underlined in the editor." in panel.status.text()
    assert panel.status.text().startswith("1 error")                  # the missing image first
    # the same words as `recap-editor check`
    main(["check", str(site / "content/posts/2020_02_01-second-meetup.md")])
    out = capsys.readouterr().out
    cli_words = [w for w in ("Thsi", "paragrph", "teh") if f"'{w}'" in out]
    assert [group.child(i).text(1) for i in range(group.childCount())] == [f"“{w}”" for w in cli_words]
    assert out.count("possible misspelling") == 2                      # per line there: 2 lines, 3 words
    rows.itemClicked.emit(group, 1)
    assert group.isExpanded() and group.text(0).startswith("▾ 3 possible")
    assert group.child(0).text(2) == "did you mean “This”?"
    rows.itemClicked.emit(group.child(2), 1)                          # "teh", on the last line
    cursor = window.editor.textCursor()
    assert cursor.selectedText() == "teh"
    assert cursor.block().text() == "A last line with teh typo."
    rows.setFocus()
    rows.setCurrentItem(group)
    qtbot.keyClick(rows, Qt.Key.Key_Left)                              # the keyboard closes it too
    assert not group.isExpanded() and group.text(0).startswith("▸ 3 possible")
    qtbot.keyClick(rows, Qt.Key.Key_Right)
    assert group.isExpanded() and group.text(0).startswith("▾")
    rows.setCurrentItem(group.child(0))
    qtbot.keyClick(rows, Qt.Key.Key_Return)                            # Enter on a word selects it
    assert window.editor.textCursor().selectedText() == "Thsi"


def test_with_spell_check_off_the_panel_lists_no_misspellings(qtbot, window):
    window.writing.spell_action.setChecked(False)
    problems = run_checks(qtbot, window)
    panel = window.checks_panel
    assert panel.list.topLevelItemCount() == len(problems)
    assert "misspelling" not in panel.status.text() and panel.misspellings == []


def test_a_word_added_to_the_dictionary_leaves_the_panel_at_once(qtbot, window):
    run_checks(qtbot, window)
    panel = window.checks_panel
    group = panel.list.topLevelItem(panel.list.topLevelItemCount() - 1)
    panel.list.itemClicked.emit(group, 1)
    with qtbot.waitSignal(window.writing.spell.checked, timeout=10000):
        window.writing.spell.add_to_dictionary("paragrph")
    group = panel.list.topLevelItem(panel.list.topLevelItemCount() - 1)
    assert group.text(0) == "▾ 2 possible misspellings — underlined in the editor" and group.isExpanded()
    assert [group.child(i).text(1) for i in range(group.childCount())] == ["“Thsi”", "“teh”"]
    assert "2 possible misspellings" in panel.status.text()
    with qtbot.waitSignal(window.writing.spell.checked, timeout=10000):
        window.writing.spell.ignore("Thsi")
    with qtbot.waitSignal(window.writing.spell.checked, timeout=10000):
        window.writing.spell.ignore("teh")
    assert all(panel.list.topLevelItem(i).childCount() == 0 for i in range(panel.list.topLevelItemCount()))
    assert "misspelling" not in panel.status.text() and panel.misspellings == []
