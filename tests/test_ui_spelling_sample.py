"""A newcomer's first screen: the sample post opened in the real window underlines nothing that
is spelled right (its speakers, its place names, "roadmap"), and a typo typed into it is."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QSettings  # noqa: E402

from recap_editor.paths import resource_path  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402

from conftest import shown_window, spell_checked  # noqa: E402

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))   # no personal dictionary
    site = shutil.copytree(resource_path("sample", "site"), tmp_path / "site")
    win = shown_window(qtbot, Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)),
                       next((site / "content/posts").glob("*.md")))
    spell_checked(qtbot, win)
    return win


def test_the_sample_post_shows_no_false_alarm_and_a_typed_typo_is_underlined(qtbot, window):
    spell = window.writing.spell
    text = window.editor.toPlainText()
    assert "Natarajan" in text and "Díaz" in text and "Eastside" in text and "roadmap" in text
    assert spell.misspelled() == []
    cursor = window.editor.textCursor()
    cursor.setPosition(text.index("Last Wednesday"))
    window.editor.setTextCursor(cursor)
    with qtbot.waitSignal(spell.checked, timeout=10000):
        qtbot.keyClicks(window.editor, "Thsi paragrph teh Kuberentes. ")
    assert spell.misspelled() == ["Thsi", "paragrph", "teh", "Kuberentes"]
    menu = spell.context_menu(window.editor.cursorRect(_cursor_in(window.editor, "Kuberentes")).center())
    assert menu.actions()[0].text() == "Kubernetes"


def _cursor_in(editor, word):
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index(word) + 2)
    return cursor
