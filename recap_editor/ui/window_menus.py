"""The main window's menu bar: File, Edit and View with their actions; Photos and Post, there from
the first paint and filled by their widgets once the first page is painted; Help."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from recap_editor.ui import dialogs


def add_action(window, menu: QMenu, text: str, slot, shortcut=None, checkable=False, checked=False,
               before: QAction | None = None) -> QAction:
    """An action of `window` in `menu` (before `before`, else at the end): `shortcut` a key string,
    a QKeySequence or a platform's StandardKey; `checkable` ones call `slot` with their state."""
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)   # every binding of the platform (Redo: Ctrl+Y, Ctrl+Shift+Z)
    elif shortcut is not None:
        action.setShortcut(shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut))
    if checkable:
        action.setCheckable(True)
        action.setChecked(checked)
        action.toggled.connect(slot)
    else:
        action.triggered.connect(slot)
    if before is not None:
        menu.insertAction(before, action)
    else:
        menu.addAction(action)
    return action


def build(window) -> None:
    """File, Edit, View, Photos, Post and Help, on `window` (a MainWindow being built)."""
    K = QKeySequence.StandardKey
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    add_action(window, file_menu, "&New", window.new_post, K.New)
    add_action(window, file_menu, "&Open…", window.open_dialog, K.Open)
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.site_action = add_action(window, file_menu, "Open Post from &Site…", window.open_site_post)
    window.site_action.setEnabled(False)   # until the post's site has loaded
    add_action(window, file_menu, "Open Site &Folder…", window.open_site_dialog)
    file_menu.addSeparator()
    window.save_action = add_action(window, file_menu, "&Save", window.save, K.Save)
    add_action(window, file_menu, "Save &As…", window.save_as, K.SaveAs)
    close = add_action(window, file_menu, "&Close", window.close_post)
    keys = [QKeySequence("Ctrl+W")]
    keys += [k for k in QKeySequence.keyBindings(K.Close) if k not in keys]
    close.setShortcuts(keys)
    file_menu.addSeparator()
    window.quit_action = add_action(window, file_menu, "&Quit", window.close, K.Quit)
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    edit = bar.addMenu("&Edit")
    window.undo_action = add_action(window, edit, "&Undo", window.undo, K.Undo)
    window.redo_action = add_action(window, edit, "&Redo", window.editor.redo, K.Redo)
    window.undo_action.setEnabled(False)
    window.redo_action.setEnabled(False)
    edit.addSeparator()
    add_action(window, edit, "Cu&t", window.editor.cut, K.Cut)
    add_action(window, edit, "&Copy", window.editor.copy, K.Copy)
    add_action(window, edit, "&Paste", window.editor.paste, K.Paste)
    add_action(window, edit, "Select &All", window.editor.selectAll, K.SelectAll)
    edit.addSeparator()
    add_action(window, edit, "&Find…", lambda: window.find_bar.open_find(False), K.Find)
    add_action(window, edit, "Find and &Replace…", lambda: window.find_bar.open_find(True), QKeySequence("Ctrl+H"))
    add_action(window, edit, "Find &Next", window.find_bar.find_next, K.FindNext)
    add_action(window, edit, "Find Pre&vious", window.find_bar.find_previous, K.FindPrevious)

    view = bar.addMenu("&View")
    s = window.settings
    window.form_action = add_action(window, view, "Front Matter &Form", window.form_pane.setVisible,
                                    "Ctrl+Shift+F", True, s.flag("show_form", True))
    window.preview_action = add_action(window, view, "&Preview", lambda on: (window.preview or window.preview_slot).setVisible(on),
                                       "Ctrl+Shift+P", True, s.flag("show_preview", True))
    window.sync_action = add_action(window, view, "&Scroll Sync", lambda _on: None, None, True, s.flag("scroll_sync", True))
    view.addSeparator()
    window.numbers_action = add_action(window, view, "&Line Numbers", window.editor.set_line_numbers, None, True,
                                       s.flag("line_numbers", True))
    window.wrap_action = add_action(window, view, "Soft &Wrap", window.editor.set_soft_wrap, None, True,
                                    s.flag("soft_wrap", True))
    window.form_pane.setVisible(window.form_action.isChecked())
    window.preview_slot.setVisible(window.preview_action.isChecked())
    window.editor.set_line_numbers(window.numbers_action.isChecked())
    window.editor.set_soft_wrap(window.wrap_action.isChecked())

    # Filled by the photo and export widgets once the first page is painted (attach_extensions);
    # in the menu bar from the first paint, so the bar never changes under the writer. Opened
    # before then, a menu attaches them at once and shows them.
    window.photos_menu = bar.addMenu("P&hotos")
    window.post_menu = bar.addMenu("P&ost")
    for menu in (window.photos_menu, window.post_menu):
        menu.aboutToShow.connect(window.attach_extensions)
    help_menu = bar.addMenu("&Help")
    window.help_menu = help_menu
    add_action(window, help_menu, "Open &Log Folder", window.open_log_folder)
    help_menu.addSeparator()
    add_action(window, help_menu, "&About Recap Editor", lambda: dialogs.show_about(window))
