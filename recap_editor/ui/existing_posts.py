"""Window glue for working on existing posts (issue 10); the logic lives in the core.

- **Photos › Optimise Images…** re-encodes the post's over-budget images in place, same names
  (:mod:`recap_editor.site.optimise`); **Undo Optimise Images** puts every old file back at once.
- **Discard removes the imports**: the photos each import created since the post was last saved
  are remembered; when the writer discards the edit, those the saved post does not refer to
  (:func:`recap_editor.site.orphans.orphaned_imports`) are listed and removed if they agree.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox


SHOWN_NAMES = 12


class ExistingPostTools(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.imported: list[Path] = []          # created by imports since the last save
        self.last_optimised: list = []          # site.optimise.Optimised of the last run, for undo
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

    # -- imports a discard leaves behind -------------------------------------------------------
    def _on_import_done(self, job) -> None:
        self.imported += [r.dest for r in getattr(job, "results", []) if r.ok and not r.reused]

    def forget_imports(self, *_args) -> None:
        self.imported = []

    def discard(self) -> bool:
        """The writer discards the edit: offer to remove the photos it imported that the saved post
        does not use. Always True (the discard goes on either way)."""
        from recap_editor.site.orphans import orphaned_imports, remove_files

        session = getattr(self.window, "session", None)
        post_path = getattr(session, "path", None)
        orphans = orphaned_imports(self.imported, post_path, self.window.site_profile())
        self.imported = []
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
            removed, errors = remove_files(orphans)
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
