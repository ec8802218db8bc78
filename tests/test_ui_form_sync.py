"""Form and source are one document: a field edit changes one line; typing updates the form."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from recap_editor.document.schema import DEFAULT_SCHEMA  # noqa: E402
from recap_editor.ui.editor import MarkdownEditor  # noqa: E402
from recap_editor.ui.form import FrontMatterForm  # noqa: E402
from recap_editor.ui.session import PostSession  # noqa: E402

pytestmark = pytest.mark.timeout(60)

SEED_LIKE = """+++
date = "2016-05-12T16:00:00-08:00"
tags = ["Meetup", "SoCal"]
title = "Kubernetes SoCal Meetup - May 2016"
slug = "k8s-socal-may-2016"
authors = "Mike Metral"
custom_thing = "kept"
+++

Body text.
"""


@pytest.fixture
def bound(qtbot):
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    session = PostSession(editor, autosave_ms=60_000)
    form = FrontMatterForm(DEFAULT_SCHEMA, {"tags": ["Meetup", "SoCal", "KubeCon"]})
    qtbot.addWidget(form)
    session.attach_form(form)
    session.new(SEED_LIKE)
    yield editor, session, form
    session.close_cleanly()


def _line_edit(form, name):
    row = form.rows[name]
    return getattr(row, "line_edit", None) or row.editor


def test_form_shows_fields_including_unknown_ones(bound):
    _editor, _session, form = bound
    assert _line_edit(form, "title").text() == "Kubernetes SoCal Meetup - May 2016"
    assert _line_edit(form, "tags").text() == "Meetup, SoCal"
    assert _line_edit(form, "date").text() == "2016-05-12T16:00:00-08:00"
    assert "custom_thing" in form.rows and _line_edit(form, "custom_thing").text() == "kept"


def _retype(qtbot, line_edit, text: str) -> None:
    """Replace a field's text by typing, as the writer would."""
    line_edit.setFocus()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)


def test_editing_a_field_changes_only_its_line(bound, qtbot):
    editor, session, form = bound
    title = _line_edit(form, "title")
    _retype(qtbot, title, "SoCal Meetup")
    before = SEED_LIKE.splitlines()
    after = editor.toPlainText().splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(before) == len(after)
    assert changed == [3]
    assert after[3] == 'title = "SoCal Meetup"'
    assert session.post.get("title") == "SoCal Meetup"
    assert session.modified
    # undo in the editor brings the old title back, and the form follows
    editor.setFocus()
    while editor.document().isUndoAvailable() and editor.toPlainText() != SEED_LIKE:
        editor.undo()
    assert editor.toPlainText() == SEED_LIKE
    assert title.text() == "Kubernetes SoCal Meetup - May 2016"


def test_tags_edit_keeps_list_type(bound, qtbot):
    editor, session, form = bound
    tags = _line_edit(form, "tags")
    tags.setFocus()
    tags.end(False)
    qtbot.keyClicks(tags, ", KubeCon")
    assert session.post.get("tags") == ["Meetup", "SoCal", "KubeCon"]
    assert 'tags = ["Meetup", "SoCal", "KubeCon"]' in editor.toPlainText().splitlines()


def test_typing_front_matter_updates_the_form(bound):
    editor, _session, form = bound
    editor.apply_text(editor.toPlainText().replace('slug = "k8s-socal-may-2016"', 'slug = "new-slug"'))
    assert _line_edit(form, "slug").text() == "new-slug"


def test_parse_error_shows_in_form_and_keeps_both(bound, qtbot):
    editor, session, form = bound
    broken = editor.toPlainText().replace('title = "Kubernetes', 'title = Kubernetes')
    editor.apply_text(broken)
    assert session.post.error is not None
    assert not form.banner.isHidden()
    assert "line 4" in form.banner.text() or ":4:" in form.banner.text()
    assert _line_edit(form, "title").text() == "Kubernetes SoCal Meetup - May 2016"  # last good value kept
    assert not form.rows["title"].editor.isEnabled()
    assert editor.toPlainText() == broken                                            # source untouched
    editor.apply_text(SEED_LIKE)
    assert form.banner.isHidden()
    assert form.rows["title"].editor.isEnabled()


def test_invalid_value_is_flagged_inline_and_not_written(bound, qtbot):
    editor, _session, form = bound
    date = _line_edit(form, "date")
    _retype(qtbot, date, "next tuesday")
    row = form.rows["date"]
    assert not row.problem.isHidden()
    assert "ISO 8601" in row.problem.text()
    assert 'date = "2016-05-12T16:00:00-08:00"' in editor.toPlainText()


def test_required_field_missing_is_flagged(qtbot):
    editor = MarkdownEditor()
    qtbot.addWidget(editor)
    session = PostSession(editor, autosave_ms=60_000)
    form = FrontMatterForm(DEFAULT_SCHEMA)
    qtbot.addWidget(form)
    session.attach_form(form)
    session.new('+++\ntitle = "Only a title"\n+++\n\nBody\n')
    assert not form.rows["slug"].problem.isHidden()
    assert "required" in form.rows["slug"].problem.text()
    assert form.rows["title"].problem.isHidden()
    # filling it in from the form adds the line and clears the flag
    slug = _line_edit(form, "slug")
    slug.setFocus()
    qtbot.keyClicks(slug, "only-a-title")
    assert 'slug = "only-a-title"' in editor.toPlainText()
    assert form.rows["slug"].problem.isHidden()
    session.close_cleanly()


def test_calendar_pick_changes_the_day_and_keeps_time_and_offset(bound):
    from PySide6.QtCore import QDate
    editor, session, form = bound
    form.rows["date"].calendar.clicked.emit(QDate(2016, 6, 1))
    assert 'date = "2016-06-01T16:00:00-08:00"' in editor.toPlainText().splitlines()
    assert session.post.get("date") == "2016-06-01T16:00:00-08:00"
