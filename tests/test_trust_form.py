"""Form bugs of issue #9: completer picks reach the post, one undo step per field edit, the slug
follows a new post's title, rows do not move when a problem shows."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402

from recap_editor.document.new_post import new_post_text  # noqa: E402
from recap_editor.document.schema import DEFAULT_SCHEMA  # noqa: E402
from recap_editor.ui.editor import MarkdownEditor  # noqa: E402
from recap_editor.ui.form import FrontMatterForm  # noqa: E402
from recap_editor.ui.session import PostSession  # noqa: E402

from conftest import wait_until_opened  # noqa: E402

pytestmark = pytest.mark.timeout(60)

POST = """+++
date = "2016-05-12T16:00:00-08:00"
tags = ["KubeCon"]
title = "Kubernetes SoCal Meetup - May 2016"
slug = "k8s-socal-may-2016"
authors = ""
+++

Body text.
"""

VOCAB = {"tags": ["Meetup", "SoCal", "KubeCon", "Metrics"], "authors": ["Jane Doe", "Mike Metral"]}


@pytest.fixture
def bound(qtbot):
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    session = PostSession(editor, autosave_ms=60_000)
    form = FrontMatterForm(DEFAULT_SCHEMA, VOCAB)
    qtbot.addWidget(form)
    session.attach_form(form)
    session.new(POST)
    form.show()
    yield editor, session, form
    session.close_cleanly()


def _edit(form, name):
    row = form.rows[name]
    return getattr(row, "line_edit", None) or row.editor


def _type_at_end(qtbot, edit, text):
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, text)


def _popup(qtbot, completer):
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    return popup


def test_tag_picked_from_the_completer_with_keys_reaches_the_post(bound, qtbot):
    _editor, session, form = bound
    tags = _edit(form, "tags")
    _type_at_end(qtbot, tags, ", Mee")
    assert session.post.get("tags") == ["KubeCon", "Mee"]
    popup = _popup(qtbot, form.rows["tags"].completer)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert tags.text() == "KubeCon, Meetup"
    assert session.post.get("tags") == ["KubeCon", "Meetup"]
    assert 'tags = ["KubeCon", "Meetup"]' in session.editor.toPlainText()


def test_author_clicked_in_the_completer_reaches_the_post_and_stays(bound, qtbot):
    _editor, session, form = bound
    authors = _edit(form, "authors")
    _type_at_end(qtbot, authors, "Jan")
    completer = authors.completer()
    popup = _popup(qtbot, completer)
    index = popup.model().index(0, 0)
    assert index.data() == "Jane Doe"
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
    assert authors.text() == "Jane Doe"
    assert session.post.get("authors") == "Jane Doe"
    # a later refresh of the form (typing in the body) keeps the picked name
    session.editor.moveCursor(session.editor.textCursor().MoveOperation.End)
    session.editor.insertPlainText("More.")
    assert authors.text() == "Jane Doe" and session.post.get("authors") == "Jane Doe"


def test_editing_finished_writes_what_the_field_shows(bound, qtbot):
    _editor, session, form = bound
    title = _edit(form, "title")
    title.setText("Set by a program, not typed")   # no textEdited: only editingFinished tells
    title.editingFinished.emit()
    assert session.post.get("title") == "Set by a program, not typed"


def test_one_undo_step_per_field_edit(bound, qtbot):
    editor, session, form = bound
    before = editor.toPlainText()
    _type_at_end(qtbot, _edit(form, "tags"), ", SoCal")
    assert session.post.get("tags") == ["KubeCon", "SoCal"]
    _edit(form, "title").setFocus()    # leaving the field ends its edit
    _type_at_end(qtbot, _edit(form, "title"), "!")
    editor.undo()
    assert session.post.get("title") == "Kubernetes SoCal Meetup - May 2016"
    assert session.post.get("tags") == ["KubeCon", "SoCal"]
    editor.undo()                      # the whole tag, not one character of it
    assert editor.toPlainText() == before


def test_typing_in_the_body_between_field_edits_is_its_own_step(bound, qtbot):
    editor, session, form = bound
    _type_at_end(qtbot, _edit(form, "title"), " A")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText("x")
    _type_at_end(qtbot, _edit(form, "title"), "B")
    editor.undo()
    assert session.post.get("title") == "Kubernetes SoCal Meetup - May 2016 A"
    assert editor.toPlainText().endswith("x")


def test_slug_follows_the_title_of_a_new_post_until_the_slug_is_edited(bound, qtbot):
    _editor, session, form = bound
    session.new(new_post_text("New event recap"))
    assert session.post.get("slug") == "new-event-recap"
    title = _edit(form, "title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "PDX Cloud Native")
    assert session.post.get("slug") == "pdx-cloud-native"
    assert _edit(form, "slug").text() == "pdx-cloud-native"
    slug = _edit(form, "slug")
    slug.setFocus()
    slug.selectAll()
    qtbot.keyClicks(slug, "pdx-october")
    _type_at_end(qtbot, title, " October")
    assert session.post.get("title") == "PDX Cloud Native October"
    assert session.post.get("slug") == "pdx-october"


def test_slug_of_a_post_on_disk_does_not_follow(bound, qtbot, tmp_path):
    _editor, session, form = bound
    path = tmp_path / "post.md"
    path.write_text(new_post_text("Old title"), encoding="utf-8")
    session.open(path)
    wait_until_opened(qtbot, session)
    _type_at_end(qtbot, _edit(form, "title"), " renamed")
    assert session.post.get("slug") == "old-title"


def test_rows_do_not_move_when_a_problem_shows(bound, qtbot):
    _editor, session, form = bound
    form.resize(500, form.sizeHint().height())
    qtbot.wait(50)
    rows = ["title", "slug", "authors"]
    before = {name: form.rows[name].mapTo(form, form.rows[name].rect().topLeft()).y() for name in rows}
    date = _edit(form, "date")
    date.setFocus()
    date.selectAll()
    qtbot.keyClicks(date, "not a date")
    assert "ISO 8601" in form.rows["date"].problem.text() and not form.rows["date"].problem.isHidden()
    qtbot.wait(50)
    after = {name: form.rows[name].mapTo(form, form.rows[name].rect().topLeft()).y() for name in rows}
    assert after == before
