"""The main window's layout memory (geometry, docks, splitters, view toggles), its first paint,
and files dropped anywhere on it."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QWidget

from recap_editor.workspace import naming


class FirstPaint(QObject):
    """Calls `callback` once, after `widget` has painted for the first time."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._callback)   # dropped if the widget is gone by then
        return False


class WindowDrops(QObject):
    """Files dropped on the window (outside the editor): a post opens, photos go to its handler."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    @staticmethod
    def _files(event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.DragEnter:
            posts, others = naming.split_dropped(self._files(event))
            if posts or (others and self.window.image_drop_handler):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.DragMove and self._files(event):
            event.acceptProposedAction()
            return True
        elif kind == QEvent.Type.Drop and self.window.handle_dropped_files(self._files(event)):
            event.acceptProposedAction()
            return True
        return False


def default_size(window) -> QSize:
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is None:
        return QSize(1320, 840)
    return QSize(min(1600, int(screen.width() * 0.96)), min(1000, int(screen.height() * 0.94)))


def restore(window) -> None:
    settings = window.settings
    geometry = settings.window_geometry()
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(default_size(window))
        screen = window.screen().availableGeometry() if window.screen() else None
        if screen is not None and screen.width() <= 1680:
            # first run on a laptop-sized screen: three panes need all the room there is
            window.setGeometry(screen)
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    state = settings.window_state()
    if state is not None:
        window.restoreState(state)
    form = window.form_scroll.widget()
    form_height = form.sizeHint().height() + 4 if form else 220
    width = default_size(window).width()
    for splitter, sizes in ((window.main_splitter, [width * 46 // 100, width * 54 // 100]),
                            (window.left_splitter, [form_height, 1000])):
        saved = settings.splitter_state(splitter.objectName())
        if saved is None or not splitter.restoreState(saved):
            splitter.setSizes(sizes)


def save(window) -> None:
    s = window.settings
    s.set_window_geometry(window.saveGeometry())
    s.set_window_state(window.saveState())
    for splitter in (window.main_splitter, window.left_splitter):
        s.set_splitter_state(splitter.objectName(), splitter.saveState())
    for name, action in _VIEW_TOGGLES.items():
        s.set_flag(name, getattr(window, action).isChecked())
    s.sync()


class LayoutKeeper(QObject):
    """Saves the layout a moment after the writer changes it (a panel shown, hidden or moved, a
    splitter dragged, a view toggle, the window resized), not only when the window closes cleanly:
    after a crash or a killed session the window comes back as the writer left it."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self, singleShot=True, interval=LAYOUT_SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)
        for splitter in (window.main_splitter, window.left_splitter):
            splitter.splitterMoved.connect(self.changed)
        for action in _VIEW_TOGGLES.values():
            getattr(window, action).toggled.connect(self.changed)
        from PySide6.QtWidgets import QDockWidget

        for dock in window.findChildren(QDockWidget):
            dock.visibilityChanged.connect(self.changed)
            dock.dockLocationChanged.connect(self.changed)
            dock.topLevelChanged.connect(self.changed)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Move,
                                                        QEvent.Type.WindowStateChange):
            self.changed()
        return False

    def changed(self, *_args) -> None:
        self.timer.start()

    def save_now(self) -> None:
        # A closed (hidden) window was saved by its close; its docks hide with it, which is no
        # change of the writer's.
        if self.window.isVisible():
            save(self.window)


LAYOUT_SAVE_DELAY_MS = 1500   # a drag or a run of toggles is saved once, when it is over
_VIEW_TOGGLES = {"show_form": "form_action", "show_preview": "preview_action", "scroll_sync": "sync_action",
                 "line_numbers": "numbers_action", "soft_wrap": "wrap_action"}
