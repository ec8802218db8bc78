"""Help › Keyboard Shortcuts (from the window's real actions), the Markdown & gallery cheat sheet
and the command line's --help."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QMenu, QMenuBar, QPlainTextEdit,
                               QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


DYNAMIC_MENUS = {"Open Recent"}   # lists of files, not commands


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu path, action, keys) for every action in the menus, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible() and action.menu() is None:
                continue
            sub = action.menu()
            if sub is not None:
                if _clean(action.text()) not in DYNAMIC_MENUS:
                    walk(sub, f"{path} › {_clean(action.text())}")
                continue
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in action.shortcuts() if _on_a_keyboard(k))
            rows.append((path, _clean(action.text()), keys))

    for action in menu_bar.actions():
        if action.menu() is not None and action.isVisible():
            walk(action.menu(), _clean(action.text()))
    return rows


def _on_a_keyboard(keys: QKeySequence) -> bool:
    """False for the platform's extra bindings to media keys (Qt lists the "Save" and "Open" keys
    of some keyboards beside Ctrl+S): a list of shortcuts shows what any keyboard can type."""
    if keys.isEmpty():
        return False
    key = keys[0].key().value
    # F13-F35: Qt's X11 bindings to old Sun keyboards' Undo, Copy, Paste and Cut keys ("Ctrl+Z, F14")
    return key < Qt.Key.Key_Back.value and not Qt.Key.Key_F13.value <= key <= Qt.Key.Key_F35.value


def _dialog(parent: QWidget, title: str, body: QWidget, size=(640, 560)) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(*size)
    return dialog


def shortcuts_dialog(window) -> QDialog:
    rows = shortcut_rows(window.menuBar())
    table = QTableWidget(len(rows), 3)
    table.setObjectName("shortcutsTable")
    table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnsToContents()
    return _dialog(window, "Keyboard Shortcuts", table)


CHEAT_SHEET = """
<h3>Markdown</h3>
<table cellpadding="3">
<tr><td><code># Title</code>, <code>## Section</code></td><td>headings (they make the Outline)</td></tr>
<tr><td><code>**bold**</code>, <code>*italic*</code>, <code>~~struck~~</code></td><td>emphasis</td></tr>
<tr><td><code>[text](https://example.com)</code></td><td>a link</td></tr>
<tr><td><code>![alt text](/images/slug/photo.jpg)</code></td><td>an image (site-root path)</td></tr>
<tr><td><code>- item</code> or <code>1. item</code></td><td>lists</td></tr>
<tr><td><code>&gt; quoted</code></td><td>a block quote</td></tr>
<tr><td><code>`code`</code> and <code>```</code> fences</td><td>code (never spell-checked)</td></tr>
<tr><td><code>| a | b |</code> / <code>|---|---|</code></td><td>a table</td></tr>
<tr><td><code>&lt;!--more--&gt;</code></td><td>the fold: the summary ends here</td></tr>
</table>
<h3>Hugo shortcodes</h3>
<p><code>{{&lt; figure src="/images/slug/a.jpg" caption="…" &gt;}}</code>,
<code>{{&lt; ref "other-post.md" &gt;}}</code></p>
<h3>Photo galleries</h3>
<p>Drop photos on the editor (or Photos › Import): they are resized, stripped of GPS and written
into the site's image folder, and a gallery row is inserted — one or two photos per row, each with
a caption. Edit the rows in the Gallery panel; the preview shows them as the site will.</p>
<h3>Spelling</h3>
<p>Unknown words are underlined; right-click one for suggestions, <i>Add to Dictionary</i> or
<i>Ignore</i>. Words the site already uses (posts, tags, authors) are known.</p>
"""


def cheat_sheet_dialog(window) -> QDialog:
    browser = QTextBrowser()
    browser.setObjectName("cheatSheet")
    browser.setHtml(CHEAT_SHEET)
    return _dialog(window, "Markdown & Gallery Cheat Sheet", browser)


HELP_COLUMNS = 100   # the width argparse wraps the command line's help at


def command_line_text() -> str:
    """`recap-editor --help` and every command's --help, as the terminal prints them: asked of
    the CLI itself (``--help-all``) in a process of its own, since the window may not import it."""
    import subprocess
    import sys

    env = dict(os.environ, COLUMNS=str(HELP_COLUMNS))
    try:
        done = subprocess.run([sys.executable, "-m", "recap_editor", "--help-all"], env=env,
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"The command line's help could not be read: {exc}"
    if done.returncode != 0:
        return f"The command line's help could not be read:\n{done.stderr}"
    return done.stdout


def command_line_dialog(window) -> QDialog:
    text = QPlainTextEdit()
    text.setObjectName("commandLineHelp")
    text.setReadOnly(True)
    from recap_editor.ui.editor import editor_font

    text.setFont(editor_font())
    # argparse already wrapped the text at COLUMNS: wrapping it again broke its lines mid-sentence.
    text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    text.setPlainText(command_line_text())
    width = text.fontMetrics().horizontalAdvance("x" * (HELP_COLUMNS + 2)) + 60   # + scroll bar, margins
    return _dialog(window, "Command Line", text, (max(760, width), 600))
