"""The few things the photo, gallery, checks and export widgets need from a main window.

They are attached to a window they do not own (``attach(window)``), so every access goes through
here: one place that knows the window's hook names (``photos_menu``/``add_menu_action``,
``add_dock_panel``, ``site_profile``, ``post_saved``...) and falls back to plain QMainWindow calls
when a hook is missing, so a test window only needs ``editor``, ``current_post()`` and a menu bar.
Offsets between Python strings and Qt text positions are converted here too: Qt counts UTF-16
code units, Python code points, and the two differ after every emoji.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from recap_editor.document.post import Post


def current_post(window) -> Post:
    return window.current_post()


def current_profile(window):
    """The site profile of the open post, or None (outside a site, or a window without one)."""
    for name in ("current_profile", "site_profile"):
        getter = getattr(window, name, None)
        if callable(getter):
            return getter()
    return getattr(window, "profile", None)


def menu(window: QMainWindow, title: str) -> QMenu:
    """The window's menu called ``title`` ("Photos", "Post"), created when it has none."""
    getter = getattr(window, "menu", None)
    if callable(getter):
        return getter(title)
    hook = getattr(window, f"{title.lower()}_menu", None)
    if isinstance(hook, QMenu):
        return hook
    bar = window.menuBar()
    for action in bar.actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    return bar.addMenu(title)


def add_action(window: QMainWindow, title: str, action: QAction) -> None:
    """Put ``action`` into the menu ``title`` and make sure that menu is shown."""
    target = menu(window, title)
    adder = getattr(window, "add_menu_action", None)
    if callable(adder):
        adder(target, action)
    else:
        target.addAction(action)
        target.menuAction().setVisible(True)


def add_dock(window: QMainWindow, widget: QWidget, title: str,
             area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
    adder = getattr(window, "add_dock_panel", None)
    if callable(adder):
        return adder(widget, title, area)
    dock = QDockWidget(title, window)
    dock.setObjectName(f"dock-{title}")
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def connect_first(window, names: tuple[str, ...], slot) -> bool:
    """Connect ``slot`` to the first of the window's signals called ``names``; False if none."""
    for name in names:
        signal = getattr(window, name, None)
        if signal is not None and hasattr(signal, "connect"):
            signal.connect(slot)
            return True
    return False


def on_post_saved(window, slot) -> bool:
    return connect_first(window, ("postSaved", "post_saved"), slot)


def on_post_changed(window, slot) -> bool:
    """Another post is shown (opened, new, reloaded)."""
    return connect_first(window, ("postChanged", "post_opened"), slot)


def show_status(window, text: str, timeout_ms: int = 8000) -> None:
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, timeout_ms)


# ------------------------------------------------------------------------------ text offsets

def qt_position(text: str, index: int) -> int:
    """The Qt document position of Python index ``index`` in ``text``."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


def py_index(text: str, position: int) -> int:
    """The Python index in ``text`` of Qt document position ``position``."""
    if text.isascii():
        return min(position, len(text))
    units = 0
    for index, ch in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def replace_span(editor, text: str, start: int, end: int, replacement: str) -> QTextCursor:
    """Replace ``text[start:end]`` (Python indexes into the editor's text) as ONE undo step.

    Returns the cursor, left just after the inserted text.
    """
    cursor = QTextCursor(editor.document())
    cursor.setPosition(qt_position(text, start))
    cursor.setPosition(qt_position(text, end), QTextCursor.MoveMode.KeepAnchor)
    cursor.beginEditBlock()
    cursor.insertText(replacement)
    cursor.endEditBlock()
    return cursor
