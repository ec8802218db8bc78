"""Photos into the post: drop them on the editor (or "Add Photos…"), get gallery rows.

The import runs on a worker thread (the photos core uses its own pool inside it), with a small
non-modal progress dialog holding Cancel and the layout choice, so the writer keeps typing. The
drop position is held by a QTextCursor, which Qt moves along with edits made meanwhile; when the
batch ends the rows go in there as ONE undoable edit (photos/new_rows.py: in place of the new-post
template's "Drop your photos…" line while it is there; "Add Photos…" puts them after the cursor's
section). Failures are listed once, after the batch; then the Gallery panel asks for captions.
Rows go in only while the post is on screen and not being left for another (its text is replaced
when that one arrives): leaving mid-import asks first (`leaving_imports`); a batch that finds its
post gone anyway removes the copies it made and says so, naming the post.

Where the photos go: with a site profile, ``profile.image_dir(slug)`` and ``profile.image_url``;
without one, ``images/<slug>/`` beside the post with relative URLs (as ``recap-editor photos``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QTextCursor
from PySide6.QtWidgets import QFrame, QMessageBox, QWidget

from recap_editor.document.post import Post
from recap_editor.photos.gallery import write_gallery
from recap_editor.photos.layout import LAYOUT_MODES, layout_gallery
from recap_editor.ui.text_offsets import py_index, qt_position, replace_span
from recap_editor.ui.photo_dialogs import (LAYOUT_LABELS, ImportErrorsDialog, ImportProgressDialog,
                                           ask_photo_files)
from recap_editor.photos.new_rows import gallery_insertion
from recap_editor.photos.placement import (PhotoTarget, body_start_index, droppable_photos,
                                             photo_target)
from recap_editor.ui.leaving_imports import LeaveGuard
from recap_editor.ui.settings import APPLICATION, ORGANIZATION
from recap_editor.site.orphans import orphaned_imports, remove_files
from recap_editor.ui.workers import Task, file_pool, run_in_pool, submit

if TYPE_CHECKING:
    from recap_editor.photos.importer import PhotoResult

SETTINGS_KEY = "photos/layout"



def failed_results(results: list[PhotoResult]) -> list[PhotoResult]:
    from recap_editor.photos.importer import CANCELLED

    return [r for r in results if not r.ok and not (r.error or "").endswith(f": {CANCELLED}")]


def _settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def post_name(post: Post) -> str:
    return post.path.name if post.path is not None else "the untitled post"


def post_on_its_way(window) -> Path | None:
    """The post being opened in place of the shown one (which the writer chose to leave), or None."""
    return getattr(getattr(window, "session", None), "opening", None)


def _remove_copies(created: list[Path], post_path: Path | None, profile) -> tuple[list[Path], list[str]]:
    """On a worker: remove the photos an abandoned batch created, but never one the post on disk
    shows (its file may have been changed meanwhile)."""
    return remove_files(orphaned_imports(created, post_path, profile))


def _run_import(paths, dest_dir, profile, cancel, progress, token):
    """On a worker thread: the whole batch (the core fans out to its own pool), with the site's
    web size and budget. The importer (Pillow, the HEIC codecs) loads here, with the first batch:
    not with the window, nor on the GUI thread."""
    from recap_editor.photos.importer import ImportOptions, import_photos

    options = ImportOptions.for_site(profile)
    return import_photos(paths, dest_dir, options, progress=lambda done, total, _r: progress(done, total),
                         cancel=cancel)


# ------------------------------------------------------------------------------ one batch

class ImportJob(QObject):
    """One batch: the worker task, its progress dialog, and where its rows go."""

    done = Signal(object)   # this job, after the rows went in (or not)
    dropped = False         # rows go where a drop pointed (else after the cursor's section)
    inserted_at: int | None = None          # where the new rows' text starts (Python index)
    inserted_gallery = None                 # the Gallery written there (its photos: the batch)

    def __init__(self, controller: "PhotoImportController", paths: list[Path], anchor: QTextCursor,
                 target: PhotoTarget, post: Post) -> None:
        super().__init__(controller)
        self.controller, self.paths, self.anchor, self.target, self.post = (
            controller, paths, anchor, target, post)
        # the epoch the batch was started for: its rows go in only while that post is on screen
        self.epoch = controller.window.epoch_clock().now()
        self.profile = controller.window.site_profile()   # the batch's web size; to check a removal
        self.progress = (0, len(paths))                     # photos done, of how many
        self.cancel = threading.Event()
        self.results: list[PhotoResult] = []
        self.inserted_rows = 0
        self.error_dialog: ImportErrorsDialog | None = None
        self.message = ""
        window = controller.window
        self.dialog = ImportProgressDialog(window, len(paths), target.describe(), controller.layout_mode)
        self.dialog.cancel_requested.connect(self.request_cancel)
        self.task = Task(_run_import, paths, target.dest_dir, self.profile, self.cancel, wants_progress=True)
        self.task.progress.connect(self._on_progress)
        self.task.finished.connect(self._on_finished)
        self.task.failed.connect(self._on_failed)

    def start(self) -> None:
        self.dialog.show()
        submit(self.task)

    def request_cancel(self) -> None:
        self.cancel.set()
        self.dialog.cancel_button.setEnabled(False)
        self.dialog.label.setText("Cancelling: removing the photos already written…")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress = (done, total)
        self.dialog.set_progress(done, total)

    def _on_failed(self, message: str) -> None:
        self.dialog.close()
        self.message = f"Photo import failed: {message}"
        QMessageBox.warning(self.controller.window, "Photo import failed", message)
        self._finish()

    def _on_finished(self, results: list[PhotoResult]) -> None:
        self.results = results
        mode = self.dialog.layout_mode()
        self.dialog.hide()
        self.dialog.deleteLater()
        window = self.controller.window
        imported = [r for r in results if r.ok]
        # Rows go in only while their post is on screen and not being left for another: the text
        # of a post being left is replaced when the other arrives, and rows in it would be lost.
        on_its_way = post_on_its_way(window)
        if self.cancel.is_set():
            self.message = f"Photo import cancelled: nothing was added to “{post_name(self.post)}”"
        elif imported and not window.epoch_clock().same_post(self.epoch):
            shown = window.current_post().path
            self._abandon(imported, "it was reloaded from disk (changed by another program) before they "
                          "were ready; add them again" if shown is not None and shown == self.post.path
                          else "it was closed before they were ready")
        elif imported and on_its_way is not None:
            self._abandon(imported, f"it is being replaced by “{on_its_way.name}”")
        elif imported:
            self.inserted_rows = self._insert(imported, mode)
            saved = sum(max(0, r.original_bytes - r.output_bytes) for r in imported)
            self.message = (f"Added {len(imported)} photo(s) in {self.inserted_rows} gallery row(s) "
                            f"({saved / 1e6:.1f} MB saved)")
        failures = failed_results(results)
        if failures:
            self.error_dialog = ImportErrorsDialog(window, failures, len(imported))
            self.error_dialog.open()
            self.message += ("; " if self.message else "") + f"{len(failures)} photo(s) could not be imported"
        self._finish()

    def _abandon(self, imported: list[PhotoResult], why: str) -> None:
        """The post these photos were for is gone: no rows; the copies made for them are removed
        (on a worker) rather than left in the site with nothing showing them, and the writer is told."""
        name = post_name(self.post)
        self.message = f"{len(imported)} photo(s) not added to “{name}”: {why}; no gallery inserted"
        created = [r.dest for r in imported if not r.reused and r.dest is not None]
        if not created:
            return
        self.message += f"; removing the copies from {self.target.dest_dir}"
        window = self.controller.window

        def removed(outcome) -> None:
            gone, errors = outcome
            window.show_status(f"Removed the {len(gone)} photo(s) copied for “{name}” from "
                               f"{self.target.dest_dir}: they were not added to it", 15000)
            if errors:
                QMessageBox.warning(window, "Some photos stayed", "\n".join(errors))
        run_in_pool(file_pool(), _remove_copies, created, self.post.path, self.profile, on_done=removed,
                    on_error=lambda message: QMessageBox.warning(
                        window, "Photos stayed", f"The photos copied for “{name}” stayed in "
                        f"{self.target.dest_dir}: {message}"), parent=self.controller)

    def _insert(self, imported: list[PhotoResult], mode: str) -> int:
        editor = self.controller.window.editor
        gallery = layout_gallery(imported, mode, url_for=self.target.url_for)
        text = editor.toPlainText()
        index = py_index(text, self.anchor.position())
        where = {"drop_at": index} if self.dropped else {"cursor_at": index}
        insertion = gallery_insertion(text, write_gallery(gallery), body_start_index(self.post, text), **where)
        replace_span(editor, text, insertion.start, insertion.end, insertion.replacement)
        self.inserted_at, self.inserted_gallery = insertion.start, gallery
        return len(gallery.rows)

    def _finish(self) -> None:
        self.controller.window.show_status(self.message)
        self.done.emit(self)


# ------------------------------------------------------------------------------ the controller

class PhotoImportController(QObject):
    """Owns the Photos actions, the drop filter on the editor and the running batches."""

    job_finished = Signal(object)   # ImportJob

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.jobs: list[ImportJob] = []
        stored = _settings().value(SETTINGS_KEY, "auto")
        self.layout_mode = stored if stored in LAYOUT_MODES else "auto"
        self.add_action = QAction("&Add Photos…", window)
        self.add_action.setShortcut("Ctrl+Shift+I")
        self.add_action.setStatusTip("Import photos into the post's image folder and insert gallery rows")
        self.add_action.triggered.connect(self.add_photos)
        self.layout_group = QActionGroup(self)
        self.layout_actions: dict[str, QAction] = {}
        for mode in LAYOUT_MODES:
            action = QAction(f"Layout: {LAYOUT_LABELS[mode]}", window, checkable=True)
            action.setChecked(mode == self.layout_mode)
            action.triggered.connect(lambda _c=False, m=mode: self.set_layout_mode(m))
            self.layout_group.addAction(action)
            self.layout_actions[mode] = action
        self.drop_filter = PhotoDropFilter(self)
        app = QCoreApplication.instance()
        if app is not None:   # quitting mid-import: roll the batch back rather than leave half of it
            app.aboutToQuit.connect(self.cancel_all)

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.request_cancel()

    def set_layout_mode(self, mode: str) -> None:
        if mode not in LAYOUT_MODES:
            raise ValueError(f"unknown layout {mode!r}")
        self.layout_mode = mode
        self.layout_actions[mode].setChecked(True)
        _settings().setValue(SETTINGS_KEY, mode)

    def add_photos(self) -> ImportJob | None:
        paths = ask_photo_files(self.window)
        return self.import_paths(paths) if paths else None

    def import_paths(self, paths: list[Path], position: int | None = None,
                     epoch=None) -> ImportJob | None:
        """Import ``paths`` for the current post; rows go at Qt text ``position`` (else the cursor).

        ``epoch``: the post they were dropped on (when the import waited for the site); if another
        post is on screen by now, nothing is imported."""
        window = self.window
        clock = window.epoch_clock()
        if epoch is not None and not clock.same_post(epoch):
            window.show_status(f"{len(paths)} photo(s) not added: the post they were dropped on "
                               "was closed while its site was being read")
            return None
        on_its_way = post_on_its_way(window)
        if on_its_way is not None:   # the post shown is being left: its text goes when the other arrives
            window.show_status(f"{len(paths)} photo(s) not added: this post is being replaced by "
                               f"“{on_its_way.name}”; add them once it is open", 15000)
            return None
        if window.site_pending():
            # Where the photos go and how big they may be come from the site: wait for it, never
            # fall back to "outside a site" (the photos would land in the wrong folder).
            window.show_status("Adding the photos as soon as the site has been read…")
            dropped_on = clock.now()
            window.after_site_loads(lambda: self.import_paths(paths, position, dropped_on))
            return None
        post = window.current_post()
        if not self._named_for(post, len(paths)):
            return None
        post = window.current_post()
        profile = window.site_profile()
        if window.site_state().broken:   # not "outside a site": the photos would go to the wrong folder
            QMessageBox.information(window, "Cannot add photos yet", window.site_state().error)
            return None
        try:
            target = photo_target(post, profile)
        except ValueError as exc:
            QMessageBox.information(window, "Cannot add photos yet", str(exc))
            return None
        editor = window.editor
        anchor = QTextCursor(editor.document())
        anchor.setPosition(editor.textCursor().position() if position is None else position)
        job = ImportJob(self, [Path(p) for p in paths], anchor, target, post)
        job.dropped = position is not None
        job.done.connect(self._on_job_done)
        self.jobs.append(job)
        job.start()
        return job

    def _named_for(self, post, count: int) -> bool:
        """A new post still titled as the template would put its photos in a folder named after
        that title (static/images/new-event-recap/), kept when the post is named later, and shared
        by the next new post: the writer names it first. False: not named, nothing imported."""
        from recap_editor.document.slug import slugify
        from recap_editor.workspace.naming import NEW_POST_TITLE

        window = self.window
        if post.path is not None or post.get("title") != NEW_POST_TITLE \
                or str(post.get("slug") or slugify(NEW_POST_TITLE)) != slugify(NEW_POST_TITLE):
            return True
        from recap_editor.ui import dialogs

        title = dialogs.ask_recap_title(window, count)
        if title is None:
            window.show_status(f"{count} photo(s) not added: give the post its title first "
                               "(the photos' folder is named after it)", 15000)
            return False
        window.session.set_field("title", title)   # a new post's slug follows its title
        window.session.end_field_edit()
        return True

    def jobs_for_shown_post(self) -> list[ImportJob]:
        """The batches still running for the post on screen (not cancelled)."""
        clock = self.window.epoch_clock()
        return [job for job in self.jobs if not job.cancel.is_set() and clock.same_post(job.epoch)]

    def _on_job_done(self, job: ImportJob) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        self.job_finished.emit(job)


class PhotoDropFilter(QObject):
    """Installed on the editor's viewport: image files and folders dropped there are imported."""

    def __init__(self, controller: PhotoImportController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.indicator: QFrame | None = None

    @staticmethod
    def _paths(mime) -> list[Path]:
        if mime is None or not mime.hasUrls():
            return []
        urls = mime.urls()
        if not all(url.isLocalFile() for url in urls):
            return []
        return droppable_photos([Path(url.toLocalFile()) for url in urls])

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._paths(event.mimeData()):
                event.acceptProposedAction()
                self._show_indicator(watched, event.position().toPoint())
                return True
        elif kind == QEvent.Type.DragLeave:
            self._hide_indicator()
        elif kind == QEvent.Type.Drop:
            self._hide_indicator()
            paths = self._paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.handle_drop(paths, event.position().toPoint())
                return True
        return False

    def _show_indicator(self, viewport: QWidget, point) -> None:
        """A line where the rows will go (the template's photo line while it is there; else near
        the drop, moved out of a paragraph, fence or row)."""
        editor = self.controller.window.editor
        text = editor.toPlainText()
        post = self.controller.window.current_post()
        index = py_index(text, editor.cursorForPosition(point).position())
        at = gallery_insertion(text, "", body_start_index(post, text), drop_at=index).start
        cursor = QTextCursor(editor.document())
        cursor.setPosition(qt_position(text, at))
        rect = editor.cursorRect(cursor)
        at_line_start = cursor.atBlockStart() and at < len(text)
        y = rect.top() if at_line_start else rect.bottom()
        if self.indicator is None or self.indicator.parent() is not viewport:
            self.indicator = QFrame(viewport)
            self.indicator.setObjectName("photoDropIndicator")
            self.indicator.setStyleSheet("background: palette(highlight);")
            self.indicator.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.indicator.setGeometry(4, max(0, y - 1), viewport.width() - 8, 3)
        self.indicator.show()
        self.indicator.raise_()

    def _hide_indicator(self) -> None:
        if self.indicator is not None:
            self.indicator.hide()

    def handle_drop(self, paths: list[Path], viewport_point) -> ImportJob | None:
        editor = self.controller.window.editor
        position = editor.cursorForPosition(viewport_point).position()
        return self.controller.import_paths(paths, position)


def attach(window) -> PhotoImportController:
    """Add "Add Photos…" and the layout choice to the Photos menu, and photo drops to the editor."""
    controller = PhotoImportController(window)
    controller.leave_guard = LeaveGuard(controller)   # leaving the post mid-import asks first
    window.add_menu_action("Photos", controller.add_action)
    photos_menu = window.menu("Photos")
    photos_menu.addSeparator()
    for action in controller.layout_actions.values():
        photos_menu.addAction(action)
    window.editor.viewport().installEventFilter(controller.drop_filter)
    if hasattr(window, "image_drop_handler"):   # drops elsewhere in the window go at the cursor
        window.image_drop_handler = lambda paths: controller.import_paths(droppable_photos(paths)) \
            if droppable_photos(paths) else window.show_status(not_photos_message(paths), 15000)
    return controller


def not_photos_message(paths: list[Path]) -> str:
    """Dropped files that are no photo (a PDF, a video): said, rather than a drop that does nothing."""
    names = ", ".join(f"“{p.name}”" for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return (f"Nothing added: {names} {'is' if len(paths) == 1 else 'are'} not a photo "
            "(JPEG, PNG, WebP or HEIC)")
