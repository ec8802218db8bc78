"""The Checks panel's spelling group: the misspellings `recap-editor check` would report, as one
collapsed row under the site's problems.

The editor already underlines these words, so they must not bury what only the panel shows (a
missing image, a bad date). They come last, folded into "N possible misspellings — underlined in
the editor"; opened, each row is a word and its likeliest correction, and clicking one selects
the word in the editor. The words are the editor's: its speller, with the writer's dictionary,
the words ignored this session and the chosen language; with spell check off there is no group.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QStyle, QTreeWidgetItem
from shiboken6 import isValid

log = logging.getLogger(__name__)

WORD_ROLE = Qt.ItemDataRole.UserRole + 1


def editor_speller(window):
    """The speller behind the editor's underlines, or None (spell check off or still loading)."""
    spell = getattr(getattr(window, "writing", None), "spell", None)
    if spell is None or not spell.enabled:
        return None
    return spell.speller


def group_title(count: int) -> str:
    return f"{count} possible misspelling{'s' * (count != 1)} — underlined in the editor"


def status_suffix(count: int) -> str:
    return f" {group_title(count)}." if count else ""


def check_after(panel, epoch) -> None:
    """The site's problems of the text of `epoch` are shown: find its misspellings on a worker
    and add them (dropped if the text, the post or the run changed meanwhile)."""
    panel.misspellings = []
    run = panel._spelling_run = object()   # two runs of one text (F7 as the dock opens): the last wins
    speller = editor_speller(panel.window_)
    post = panel.window_.current_post()
    if speller is None or post is None:
        panel.spelling_checked.emit([])
        return
    from recap_editor.ui.workers import Task, submit
    from recap_editor.workspace.jobs import misspellings_in_text
    from recap_editor.workspace.workspace import stamped

    task = Task(stamped, epoch, misspellings_in_text, post.text, post.path, speller)
    task.finished.connect(lambda result: _arrived(panel, result, run))
    submit(task)


def _arrived(panel, result, run) -> None:
    if not isValid(panel) or panel.running or run is not panel._spelling_run or not panel.clock.is_current(result):
        return   # a closed window, a newer run, or an edit (whose run finds the words anew)
    if not result.ok:
        log.error("spelling for the Checks panel failed: %s", result.error)
        return
    panel.misspellings = list(result.value)
    show(panel)
    panel.spelling_checked.emit(panel.misspellings)


def show(panel) -> None:
    """Show `panel.misspellings` under its problems, and the count in its status line; a word
    added to the dictionary or ignored in the editor leaves the list at once."""
    from recap_editor.ui.checks_panel import summary

    panel.status.setText(summary(panel.problems) + status_suffix(len(panel.misspellings)))
    old = _group(panel.list)
    if old is not None:
        panel.list.takeTopLevelItem(panel.list.indexOfTopLevelItem(old))
    add_group(panel.list, panel.misspellings, panel.window_.editor)
    spell = getattr(getattr(panel.window_, "writing", None), "spell", None)
    if spell is not None and not getattr(panel, "_spelling_pruned", False):
        panel._spelling_pruned = True
        spell.words_accepted.connect(lambda _word: _prune(panel, spell.speller))


def _group(problem_list) -> QTreeWidgetItem | None:
    """The spelling group: the one row with rows under it (it is always the last)."""
    count = problem_list.topLevelItemCount()
    last = problem_list.topLevelItem(count - 1) if count else None
    return last if last is not None and last.childCount() else None


def _prune(panel, speller) -> None:
    old = _group(panel.list)
    if speller is None or old is None or panel.running or panel.stale:
        return   # nothing shown, or a run on its way will list the words anew
    kept = [m for m in panel.misspellings if not speller.is_correct(m.word)]
    if len(kept) == len(panel.misspellings):
        return
    expanded = old.isExpanded()
    panel.misspellings = kept
    show(panel)
    new = _group(panel.list)
    if expanded and new is not None:
        new.setExpanded(True)


def add_group(problem_list, misspellings: list, editor) -> QTreeWidgetItem | None:
    """Append the collapsed group of `misspellings` (site.spelling.Misspelling) to `problem_list`."""
    if not misspellings:
        return None
    group = QTreeWidgetItem([f"▸ {group_title(len(misspellings))}"])
    group.setIcon(0, problem_list.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView))
    group.setToolTip(0, "Click to list them; right-click a word in the editor for suggestions. "
                        "`recap-editor check` reports the same words as warnings.")
    group.setData(0, Qt.ItemDataRole.UserRole, None)   # a heading: no line to jump to
    for found in misspellings:
        hint = f"did you mean “{found.suggestion}”?" if found.suggestion else "no suggestion"
        row = QTreeWidgetItem([str(found.line), f"“{found.word}”", hint])
        row.setData(0, Qt.ItemDataRole.UserRole, found.line)
        row.setData(0, WORD_ROLE, found.word)
        row.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        group.addChild(row)
    problem_list.addTopLevelItem(group)
    group.setFirstColumnSpanned(True)   # one line across the columns: a heading, not a problem
    group.setExpanded(False)
    if not getattr(problem_list, "_spelling_hooked", False):
        problem_list._spelling_hooked = True
        problem_list.setExpandsOnDoubleClick(False)
        problem_list.itemClicked.connect(lambda item, _c=0: _clicked(item, editor))
        problem_list.itemActivated.connect(lambda item, _c=0: _activated(item, editor))
        # the list draws no branch arrows (its rows are flat), so the heading's text shows the
        # state, however it changes: a click, the arrow keys, + and -
        problem_list.itemExpanded.connect(lambda item: _mark(item, "▾"))
        problem_list.itemCollapsed.connect(lambda item: _mark(item, "▸"))
    return group


def _mark(item: QTreeWidgetItem, mark: str) -> None:
    if item.childCount():
        item.setText(0, mark + item.text(0)[1:])


def _clicked(item: QTreeWidgetItem, editor) -> None:
    if item.childCount():
        item.setExpanded(not item.isExpanded())
    else:
        _activated(item, editor)


def _activated(item: QTreeWidgetItem, editor) -> None:
    """A word's row (clicked, or Enter): select the word. The heading opens on a click or the
    arrow keys (not on a double click: it would open and close again)."""
    word = item.data(0, WORD_ROLE)
    if word:
        select_word(editor, int(item.data(0, Qt.ItemDataRole.UserRole)), word)


def select_word(editor, line: int, word: str) -> None:
    """Select the first `word` (a whole word) on 1-based `line`."""
    block = editor.document().findBlockByNumber(line - 1)
    found = re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", block.text()) if block.isValid() else None
    if found is None:
        return   # edited away since the check
    start = block.position() + _utf16_len(block.text()[:found.start()])   # Qt counts UTF-16 units
    cursor = QTextCursor(block)
    cursor.setPosition(start)
    cursor.setPosition(start + _utf16_len(word), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.centerCursor()


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
