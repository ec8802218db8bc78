"""Photos › Choose from a Folder…: triage a whole camera roll, pick the dozen worth publishing.

The roll is analysed off the GUI thread (the core's ``triage`` on a worker, with its own thread
pool) behind a progress bar with Cancel; the grid (:mod:`triage_grid`) then shows moments and
stacks with the suggested shots outlined. Picks are imported through the window's photo import
(``window.photo_import.import_paths``: resize, upright, scrub, gallery rows), in capture order or
in the order picked; screenshots and slides go in a batch of their own (their own rows) or stay out.

Hooked into the window by ``attach(window)``: the menu action, and drops of a folder or of more
than DROP_TRIAGE_COUNT photos open the triage instead of importing everything.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel,
                               QMessageBox, QProgressBar, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from recap_editor.photos.placement import droppable_photos
from recap_editor.ui.triage_grid import TriageGrid
from recap_editor.ui.triage_large import LargeView
from recap_editor.ui.workers import Task, submit

if TYPE_CHECKING:   # the triage core (Pillow, its sqlite cache) loads when a roll is opened
    from recap_editor.photos.triage import TriageResult
    from recap_editor.photos.triage_cache import TriageCache

# Dropping more photos than this at once (or a folder) means "a roll to choose from".
DROP_TRIAGE_COUNT = 20
ORDERS = (("capture", "In capture order"), ("picked", "In the order picked"))
SCREENS = (("row", "Screenshots and slides: their own row"), ("omit", "Screenshots and slides: leave out"))


def _run_triage(paths: list[Path], cancel: threading.Event, progress, token) -> TriageResult:
    """On a worker thread."""
    from recap_editor.photos.triage import triage

    return triage(paths, progress=progress, cancel=cancel)


def wants_triage(paths: list[Path]) -> bool:
    """A dropped folder, or a big handful of photos, is a roll to choose from."""
    photos = droppable_photos(paths)
    return bool(photos) and (any(p.is_dir() for p in photos) or len(photos) > DROP_TRIAGE_COUNT)



class TriageDialog(QDialog):
    """The roll, its analysis and the picks; ``import_requested(photos, screens)`` on Import."""

    import_requested = Signal(list, list)   # photo paths in import order, screen paths
    analysed = Signal(object)               # TriageResult

    def __init__(self, parent: QWidget | None, paths: list[Path]) -> None:
        super().__init__(parent)
        self.setObjectName("triageDialog")
        self.setWindowTitle("Choose photos")
        self.setModal(False)
        self.paths = [Path(p) for p in paths]
        self.cancel = threading.Event()
        self.result: TriageResult | None = None
        self.large: LargeView | None = None
        self._build()
        self.resize(1180, 820)
        # Quitting or closing the window mid-analysis stops the workers too (the cache keeps
        # what is done); the lambdas hold the event, not this dialog, which may be gone by then.
        cancel = self.cancel
        self.destroyed.connect(lambda *_: cancel.set())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(cancel.set)

    def _build(self) -> None:
        where = self.paths[0] if len(self.paths) == 1 else self.paths[0].parent
        self.title = QLabel(f"Choosing from <b>{where}</b>")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.request_cancel)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)

        self.grid = TriageGrid()
        self.grid.picks_changed.connect(self._update_counter)
        self.grid.picks_changed.connect(self._save_picks)
        self.grid.open_requested.connect(self.open_large)
        self.grid.stars_changed.connect(self._save_stars)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid)
        self.grid.current_changed.connect(self._ensure_visible)

        self.counter = QLabel()
        self.counter.setObjectName("triageCounter")
        self.suggest_button = QPushButton("Pick the &Suggested")
        self.suggest_button.setToolTip("Add the best shot of every stack (outlined in yellow)")
        self.suggest_button.clicked.connect(self.pick_suggested)
        self.clear_button = QPushButton("C&lear Picks")
        self.clear_button.clicked.connect(self.grid.clear_picks)
        self.save_button = QPushButton("Save &List…")
        self.save_button.setToolTip("Save the picks as a list for `recap-editor photos POST --from-triage FILE`")
        self.save_button.clicked.connect(self.save_pick_list)
        self.expand_box = QCheckBox("Show &stacks open")
        self.expand_box.toggled.connect(self.grid.set_expand_all)
        self.order_choice = QComboBox()
        for key, label in ORDERS:
            self.order_choice.addItem(label, key)
        self.screens_choice = QComboBox()
        for key, label in SCREENS:
            self.screens_choice.addItem(label, key)
        self.import_button = QPushButton("&Import")
        self.import_button.setDefault(False)
        self.import_button.setAutoDefault(False)   # Enter opens the large view, never imports
        self.import_button.clicked.connect(self.import_picks)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        for button in (self.suggest_button, self.clear_button, self.save_button, self.cancel_button):
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        for widget in (self.counter, self.suggest_button, self.clear_button, self.expand_box):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        for widget in (self.order_choice, self.screens_choice, self.save_button, self.import_button, close):
            bottom.addWidget(widget)
        hint = QLabel("Arrows move · Space picks · Enter opens large · 1–5 stars · E opens a stack")
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(hint)
        layout.addLayout(bottom)
        self._set_busy(True)
        self._update_counter()

    # -- analysis -----------------------------------------------------------------------------------
    def start(self) -> Task:
        self.status.setText("Reading the roll…")
        task = Task(_run_triage, self.paths, self.cancel, wants_progress=True)
        task.progress.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)
        self._task = submit(task)
        return task

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        for widget in (self.suggest_button, self.clear_button, self.import_button, self.expand_box,
                       self.save_button):
            widget.setEnabled(not busy)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(f"Analysing {done} of {total}…")

    def request_cancel(self) -> None:
        self.cancel.set()
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling…")

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.status.setText(f"Triage failed: {message}")

    def _on_finished(self, result: TriageResult) -> None:
        self.result = result
        self._set_busy(False)
        from recap_editor.photos.triage import count, roll_summary

        parts = [roll_summary(result)]
        if result.cancelled:
            parts.insert(0, "Cancelled: showing the photos analysed so far.")
        if result.errors:
            parts.append(f"{len(result.errors)} file(s) could not be read: "
                         + "; ".join(result.errors[:3]) + (" …" if len(result.errors) > 3 else ""))
            self.status.setToolTip("\n".join(result.errors))
        self.status.setText(" ".join(parts))
        self.grid.set_result(result)
        restored = self._restore_picks()
        if restored:
            self.status.setText(f"Your {count(restored, 'pick', 'picks')} from last time are back "
                                "(Clear Picks starts over). " + self.status.text())
        self._update_counter()
        self.grid.setFocus()
        self.analysed.emit(result)

    # -- picking --------------------------------------------------------------------------------------
    def _update_counter(self) -> None:
        total = len(self.result.photos) if self.result else 0
        picked = len(self.grid.picked)
        self.counter.setText(f"{picked} picked of {total}")
        self.import_button.setText(f"&Import {picked} Photo{'s' * (picked != 1)}")
        self.import_button.setEnabled(picked > 0 and self.result is not None)
        self.save_button.setEnabled(picked > 0 and self.result is not None)

    def _ensure_visible(self, index: int) -> None:
        rect = self.grid.tile_rect(index)
        if rect is not None:
            self.scroll.ensureVisible(rect.center().x(), rect.center().y(), rect.width() // 2 + 8,
                                      rect.height() // 2 + 8)

    def pick_suggested(self) -> None:
        if self.result is not None:
            self.grid.pick(self.result.suggested)

    def open_large(self, index: int) -> None:
        if self.large is None:
            self.large = LargeView(self)
        self.large.show()
        self.large.show_photo(index)

    def import_order(self) -> tuple[list[Path], list[Path]]:
        """(photos, screens) to import, in the chosen order; screens empty when left out."""
        picked = list(self.grid.picked)
        if self.order_choice.currentData() == "capture":
            picked.sort()   # roll indexes are capture order
        photos = [self.result.photos[i] for i in picked]
        screens = [p.path for p in photos if p.is_screen] if self.screens_choice.currentData() == "row" else []
        return [p.path for p in photos if not p.is_screen], screens

    def _save_stars(self, index: int, stars: int) -> None:
        self._choices().set_stars(self.result.photos[index].digest, stars)

    def _choices(self) -> TriageCache:
        """Where the writer's stars and picks are kept (the triage cache)."""
        if self._ratings is None:
            from recap_editor.photos.triage_cache import TriageCache

            self._ratings = TriageCache()
        return self._ratings

    _ratings: TriageCache | None = None

    def _restore_picks(self) -> int:
        """Pick again what was picked in this roll and not imported (the dialog was closed, or
        the app with it); the number restored."""
        digests = [photo.digest for photo in self.result.photos]
        saved = self._choices().picks_among(digests)
        where = {}
        for index, digest in enumerate(digests):
            where.setdefault(digest, index)
        indexes = [where[digest] for digest in saved if digest in where]
        if indexes and not self.grid.picked:
            self.grid.pick(indexes)
            return len(indexes)
        return 0

    def _save_picks(self) -> None:
        if self.result is not None:
            self._choices().set_picks([p.digest for p in self.result.photos],
                                      [self.result.photos[i].digest for i in self.grid.picked])

    def save_pick_list(self, path: Path | None = None) -> Path | None:
        """Save the picks (photos, then screens kept as their own row) in the chosen order."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Save Pick List", str(self.paths[0] / "picks.json")
                                                  if self.paths[0].is_dir() else "picks.json",
                                                  "Pick lists (*.json)")
            if not name:
                return None
            path = Path(name)
        from recap_editor.photos.triage_picks import write_pick_list

        photos, screens = self.import_order()
        try:
            write_pick_list(path, photos + screens)
        except OSError as exc:
            QMessageBox.warning(self, "Cannot save the list", f"{path}: {exc.strerror or exc}")
            return None
        self.status.setText(f"Saved {len(photos) + len(screens)} picks to {path}")
        return path

    def import_picks(self) -> None:
        photos, screens = self.import_order()
        if not photos and not screens:
            return
        self._choices().set_picks([p.digest for p in self.result.photos], [])   # in the post now
        self.import_requested.emit(photos, screens)
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.cancel.set()   # a closed triage stops analysing (the cache keeps what was done)
        if self._ratings is not None:
            self._ratings.close()
            self._ratings = None
        super().closeEvent(event)


# ---------------------------------------------------------------------------------- the window

def import_picks(window, photos: list[Path], screens: list[Path]):
    """Import through the window's photo import; screens as a batch of their own after the photos."""
    controller = getattr(window, "photo_import", None)
    if controller is None:
        QMessageBox.information(window, "Cannot import yet", "The photo import is not ready yet.")
        return None
    if window.site_pending():   # both batches wait for the site, so the screens still follow the photos
        window.after_site_loads(lambda: import_picks(window, photos, screens))
        return None
    job = controller.import_paths(photos) if photos else None
    if screens:
        if job is None:
            return controller.import_paths(screens)
        job.done.connect(lambda finished: controller.import_paths(screens, finished.anchor.position()))
    return job


def open_triage(window, paths: list[Path]) -> TriageDialog:
    dialog = TriageDialog(window, paths)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.import_requested.connect(lambda photos, screens: import_picks(window, photos, screens))
    window.triage_dialog = dialog
    dialog.show()
    dialog.raise_()   # above the window even where no window manager keeps dialogs on top
    dialog.activateWindow()
    dialog.start()
    return dialog


def choose_folder(window) -> TriageDialog | None:
    settings = window.settings
    folder = QFileDialog.getExistingDirectory(window, "Choose from a Folder",
                                              settings.chooser_folder("triage_folder"))
    if not folder:
        return None
    settings.set_chooser_folder("triage_folder", Path(folder))
    return open_triage(window, [Path(folder)])


class _DropRouter(QObject):
    """Before the photo import's own filter on the editor: a roll goes to the triage instead."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Drop and event.mimeData() is not None and event.mimeData().hasUrls():
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            if wants_triage(paths):
                event.acceptProposedAction()
                open_triage(self.window, droppable_photos(paths))
                return True
        return False


def _add_beside_add_photos(window, action: QAction) -> None:
    """Right under "Add Photos…" when the photo import is there (else at the menu's end)."""
    add_photos = getattr(getattr(window, "photo_import", None), "add_action", None)
    menu = window.menu("Photos")
    actions = menu.actions()
    if add_photos not in actions:
        window.add_menu_action("Photos", action)
        return
    after = actions.index(add_photos) + 1
    menu.insertAction(actions[after] if after < len(actions) else None, action)
    menu.menuAction().setVisible(True)


def attach(window) -> QAction:
    """Photos › Choose from a Folder…, and roll-sized drops (call after the photo import attached)."""
    action = QAction("Choose from a &Folder…", window)
    action.setShortcut("Ctrl+Alt+I")   # beside Add Photos… (Ctrl+Shift+I)
    action.setStatusTip("Pick the best photos of a whole camera roll")
    action.triggered.connect(lambda: choose_folder(window))
    _add_beside_add_photos(window, action)
    router = _DropRouter(window)
    window.editor.viewport().installEventFilter(router)   # runs before the photo import's own filter
    action.drop_router = router   # keep the Python side (its eventFilter override) alive
    previous = getattr(window, "image_drop_handler", None)
    if previous is not None:
        window.image_drop_handler = lambda paths: open_triage(window, droppable_photos(paths)) \
            if wants_triage(paths) else previous(paths)
    return action
