"""Window glue for working on existing posts (issue 10); the logic lives in the core.

- **Photos › Optimise Images…** re-encodes the post's over-budget images in place, same names
  (:mod:`recap_editor.site.optimise`); **Undo Optimise Images** puts every old file back at once.
  Edit › Undo (Ctrl+Z) offers the same while the optimise is the window's last operation: the
  editor's undo stack is where it was when the optimise ran (no newer edit; one undone back to
  there counts as none). Otherwise Undo is the editor's, as always.
- **Discard removes the imports**: the photos each import created since the post was last saved
  are remembered; when the writer discards the edit, those the saved post does not refer to
  (:func:`recap_editor.site.orphans.orphaned_imports`) are listed and removed if they agree.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox


SHOWN_NAMES = 12


class ExistingPostTools(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.imported: list[Path] = []          # created by imports since the last save
        self.last_optimised: list = []          # site.optimise.Optimised of the last run, for undo
        self._undo_mark: int | None = None      # the editor's undo steps when that run happened
        self._backups = tempfile.TemporaryDirectory(prefix="recap-editor-optimise-")
        self.optimise_action = QAction("&Optimise Images…", window)
        self.optimise_action.setStatusTip("Re-encode the post's images that are over the site's budget, "
                                          "in place (same names, so no link changes)")
        self.optimise_action.triggered.connect(self.optimise)
        self.undo_action = QAction("&Undo Optimise Images", window)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_optimise)
        window.add_menu_action("Photos", self.optimise_action)
        window.add_menu_action("Photos", self.undo_action)
        photo_import = getattr(window, "photo_import", None)
        if photo_import is not None:
            photo_import.job_finished.connect(self._on_import_done)
        session = getattr(window, "session", None)
        if session is not None:
            session.saved.connect(self.forget_imports)
            session.post_replaced.connect(self.forget_imports)
            session.post_replaced.connect(self._forget_optimise_undo)
        editor = getattr(window, "editor", None)
        if editor is not None and hasattr(editor, "document"):
            # The editor takes Ctrl+Z itself (a shortcut override): the route has to start there.
            editor.installEventFilter(self)
            editor.undoAvailable.connect(self._sync_window_undo)

    # -- optimise ------------------------------------------------------------------------------
    def optimise(self) -> list:
        from recap_editor.site.optimise import optimise_images

        profile = self.window.site_profile()
        if profile is None:
            QMessageBox.information(self.window, "Optimise Images",
                                    "The post is not in a site: there is no image budget to meet.")
            return []
        slot = Path(self._backups.name) / str(len(list(Path(self._backups.name).iterdir())))
        results = optimise_images(self.window.current_post(), profile, backup_dir=slot)
        changed = [r for r in results if r.changed]
        if changed:
            self.last_optimised = changed
            self.undo_action.setEnabled(True)
            self._undo_mark = self._editor_undo_steps()
            self._sync_window_undo()
        saved = sum(r.before - r.after for r in changed)
        left = [f"{r.path.name}: {r.note}" for r in results if not r.changed]
        text = (f"Optimised {len(changed)} image(s) in place, {saved / 1_000_000:.1f} MB smaller."
                if changed else "No image of this post is over the site's budget or web size.")
        self.window.show_status(text)
        if left:
            QMessageBox.information(self.window, "Optimise Images", text + "\n\nLeft as they are:\n"
                                    + "\n".join(left[:SHOWN_NAMES]))
        return results

    def undo_optimise(self) -> None:
        from recap_editor.site.optimise import restore

        restore(self.last_optimised)
        self.window.show_status(f"Restored {len(self.last_optimised)} image(s) as they were")
        self.last_optimised = []
        self.undo_action.setEnabled(False)
        self._forget_optimise_undo()

    # -- Edit › Undo reaches the optimise while it is the last operation -------------------------
    def _editor_undo_steps(self) -> int | None:
        editor = getattr(self.window, "editor", None)
        return editor.document().availableUndoSteps() if editor is not None else None

    def optimise_is_last(self) -> bool:
        return bool(self.last_optimised) and self._undo_mark is not None \
            and self._editor_undo_steps() == self._undo_mark

    def undo_last_operation(self) -> bool:
        """Edit › Undo: when the optimise is newer than any edit in the editor, offer to put its
        images back. True when Undo was about the optimise (answered either way): the editor's
        older edit is then not undone behind the writer's back."""
        if not self.optimise_is_last():
            return False
        names = [r.path.name for r in self.last_optimised[:SHOWN_NAMES]]
        more = len(self.last_optimised) - len(names)
        text = (f"The last change was Optimise Images. Put back the {len(self.last_optimised)} "
                "image(s) it re-encoded, as they were?\n\n" + "\n".join(names)
                + (f"\n… and {more} more" if more else ""))
        answer = QMessageBox.question(self.window, "Undo Optimise Images?", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.undo_optimise()
        return True

    def eventFilter(self, watched, event) -> bool:   # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Undo) \
                and self.optimise_is_last():
            self.undo_last_operation()
            return True
        return False

    def _forget_optimise_undo(self, *_args) -> None:
        self._undo_mark = None
        self._sync_window_undo()

    def _sync_window_undo(self, *_args) -> None:
        """The window's Undo is enabled for the editor's own steps, or for the optimise."""
        action, editor = getattr(self.window, "undo_action", None), getattr(self.window, "editor", None)
        if action is not None and editor is not None:
            action.setEnabled(editor.document().isUndoAvailable() or self.optimise_is_last())

    # -- imports a discard leaves behind -------------------------------------------------------
    def _on_import_done(self, job) -> None:
        # only a batch whose rows went into this post: one that found its post gone removed its
        # copies itself (photo_import), and they are no business of the post shown now
        if getattr(job, "inserted_rows", 0):
            self.imported += [r.dest for r in getattr(job, "results", []) if r.ok and not r.reused]

    def forget_imports(self, *_args) -> None:
        self.imported = []

    def discard(self) -> bool:
        """The writer discards the edit: offer to remove the photos it imported that the saved post
        does not use. Always True (the discard goes on either way)."""
        from recap_editor.site.orphans import orphaned_imports, remove_files

        from recap_editor.ui.workers import BackgroundError, file_pool, wait_for

        session = getattr(self.window, "session", None)
        post_path = getattr(session, "path", None)
        imported, self.imported = self.imported, []
        if not imported:
            return True   # nothing imported since the save: nothing to read
        try:   # reads the saved post: on a worker (input waits; the question comes before leaving)
            orphans = wait_for(orphaned_imports, imported, post_path, self.window.site_profile(),
                               pool=file_pool(), parent=self)
        except BackgroundError as exc:
            self.window.show_status(f"Imported photos were kept: {exc}")
            return True
        if not orphans:
            return True
        names = [p.name for p in orphans[:SHOWN_NAMES]]
        more = len(orphans) - len(names)
        text = (f"{len(orphans)} photo(s) imported since the post was last saved are not in the saved "
                f"post. Remove them from {orphans[0].parent}?\n\n" + "\n".join(names)
                + (f"\n… and {more} more" if more else ""))
        answer = QMessageBox.question(self.window, "Remove imported photos?", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            removed, errors = wait_for(remove_files, orphans, pool=file_pool(), parent=self)
            self.window.show_status(f"Removed {len(removed)} imported photo(s)")
            if errors:
                QMessageBox.warning(self.window, "Some photos stayed", "\n".join(errors))
        return True


def attach(window) -> ExistingPostTools:
    window.existing_posts = ExistingPostTools(window)
    return window.existing_posts


def discard_imports(window) -> bool:
    """The hook for the window's discard: True, after offering to remove orphaned imports."""
    tools = getattr(window, "existing_posts", None)
    return tools.discard() if tools is not None else True


def undo_last_operation(window) -> bool:
    """The hook for the window's Edit › Undo: True when it was the last optimise's to answer."""
    tools = getattr(window, "existing_posts", None)
    return tools.undo_last_operation() if tools is not None else False
