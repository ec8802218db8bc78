"""What the photo, gallery, checks and export widgets may use of the window they attach to.

`ExtensionHost` is the whole contract, typed: the widgets call these methods and connect these
signals directly (no probing for names).  `HostWindow` implements the generic half (menus by
title, docks, the status line) for any QMainWindow; the main window and the tests' small windows
derive from it and add the post and its site.
"""

from __future__ import annotations

from typing import Callable, Protocol, runtime_checkable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QPlainTextEdit, QWidget

from recap_editor.document.post import Post
from recap_editor.workspace.epochs import EpochClock
from recap_editor.workspace.site import NO_SITE, SiteState


@runtime_checkable
class ExtensionHost(Protocol):
    editor: QPlainTextEdit
    post_opened: Signal     # (Post) another post is shown: opened, new, reloaded
    post_saved: Signal      # (Path)
    post_edited: Signal     # () the text changed: typing or a form edit
    site_changed: Signal    # (SiteState) the post's site loaded, failed or changed

    def current_post(self) -> Post: ...
    def site_profile(self): ...
    def site_state(self) -> SiteState: ...
    def site_pending(self) -> bool: ...
    def after_site_loads(self, callback: Callable[[], None]) -> None: ...
    def epoch_clock(self) -> EpochClock: ...
    def menu(self, title: str) -> QMenu: ...
    def add_menu_action(self, menu: QMenu | str, action: QAction) -> None: ...
    def add_dock_panel(self, widget: QWidget, title: str,
                       area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea) -> QDockWidget: ...
    def show_status(self, text: str, timeout_ms: int = 8000) -> None: ...


class HostWindow(QMainWindow):
    """A QMainWindow with the generic half of `ExtensionHost`; subclasses give the post."""

    post_opened = Signal(object)
    post_saved = Signal(object)
    post_edited = Signal()
    site_changed = Signal(object)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clock = EpochClock()
        # the clock moves on before anyone else hears of the change (connected first)
        self.post_opened.connect(lambda *_: self._clock.new_post())
        self.post_edited.connect(self._clock.edited)

    def epoch_clock(self) -> EpochClock:
        """The clock results of background work are stamped with (see workspace.epochs)."""
        return self._clock

    def current_post(self) -> Post:
        raise NotImplementedError

    def site_state(self) -> SiteState:
        return NO_SITE

    def site_profile(self):
        return self.site_state().profile

    def site_pending(self) -> bool:
        """True while the post's site is still being read (its profile is not known yet)."""
        return False

    def after_site_loads(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the post's site is read (at once when it is)."""
        callback()

    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` ("Photos", "Post"), created when there is none."""
        bar = self.menuBar()
        for action in bar.actions():
            if action.menu() is not None and action.text().replace("&", "") == title:
                return action.menu()
        return bar.addMenu(title)

    def add_menu_action(self, menu: QMenu | str, action: QAction) -> None:
        """Add ``action`` to ``menu`` (or the menu of that title) and make sure it is shown."""
        target = self.menu(menu) if isinstance(menu, str) else menu
        target.addAction(action)
        target.menuAction().setVisible(True)

    def add_dock_panel(self, widget: QWidget, title: str,
                       area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def show_status(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)
