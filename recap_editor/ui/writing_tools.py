"""The writer's tools, hooked into the main window with one call (`attach(window)`): spell marks,
the Outline dock, focus mode, full screen, themes, Go to Line, the help dialogs and sharing a draft
(Export as HTML, Print, Export as PDF). Menus are found by their titles and extended, not rebuilt."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu

from recap_editor.ui import help_dialogs, share
from recap_editor.ui.focus_mode import FocusMode
from recap_editor.ui.outline_dock import OutlineView
from recap_editor.ui.spell_marks import SpellMarks
from recap_editor.ui.theme import THEMES, set_theme, theme_choice
from recap_editor.ui.window_menus import add_action

SPELLER_DELAY_MS = 300   # after opening another post: the dictionary is loaded already


def _clean(text: str) -> str:
    return text.replace("&", "").rstrip("…. ")


def find_menu(window, title: str) -> QMenu:
    """The menu bar's menu called `title` (ignoring the & mnemonic), made when missing."""
    for action in window.menuBar().actions():
        if action.menu() is not None and _clean(action.text()) == title:
            return action.menu()
    return window.menuBar().addMenu(f"&{title}")


def _before(menu: QMenu, title: str) -> QAction | None:
    return next((a for a in menu.actions() if _clean(a.text()) == title), None)


def _speller_for(profile, language: str, post_path, personal, ignored: set[str]):
    from recap_editor.site.spelling import speller_for

    speller = speller_for(profile, language=None if language == "auto" else language, personal=personal,
                          post_path=post_path)
    speller.ignored = ignored   # "Ignore" lasts for the window's session, whichever speller is current
    return speller


class WritingTools(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        editor = window.editor
        settings = window.settings
        self.focus = FocusMode(editor)
        self.spell = SpellMarks(editor)
        self.spell.enabled = settings.flag("spell_check", True)
        self.language = settings.value("spelling_language", "auto")
        self.personal = None        # the PersonalDictionary, read when the first speller is built
        self.ignored: set[str] = set()
        self._speller_epoch = 0
        self.outline = OutlineView(editor, self._scroll_preview)
        self.outline_dock = window.add_dock_panel(self.outline, "Outline", Qt.DockWidgetArea.LeftDockWidgetArea)
        if window.settings.window_state() is None:
            self.outline_dock.hide()    # first run: three clean panes; View › Outline shows it
        self._speller_timer = QTimer(self, singleShot=True, interval=SPELLER_DELAY_MS)
        self._speller_timer.timeout.connect(self.load_speller)
        # at start the speller is built once the preview exists (the first paint comes first)
        window.post_opened.connect(lambda _post: window.preview is not None and self._speller_timer.start())
        window.preview_ready.connect(lambda: self._speller_timer.start(0))
        window.post_opened.connect(lambda _post: self.outline.refresh())
        # the site's words (its posts, tags, authors) and language come with its profile
        window.site_changed.connect(lambda _state: window.preview is not None and self._speller_timer.start(0))
        self._build_menus()

    # -- menus -----------------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: str, slot, keys: str | QKeySequence | None = None,
             before: QAction | None = None, checkable: bool = False, checked: bool = False) -> QAction:
        return add_action(self.window, menu, text, slot, keys, checkable, checked, before)

    def _build_menus(self) -> None:
        w = self.window
        file_menu = find_menu(w, "File")
        close = _before(file_menu, "Close")
        self.export_html_action = self._add(file_menu, "Export as &HTML…", lambda: share.export_html(w), None, close)
        self.export_pdf_action = self._add(file_menu, "Export as P&DF…", lambda: share.export_pdf(w), None, close)
        self.print_action = self._add(file_menu, "&Print…", lambda: share.print_preview(w),
                                      QKeySequence.StandardKey.Print, close)
        if close is not None:
            file_menu.insertSeparator(close)

        edit = find_menu(w, "Edit")
        edit.addSeparator()
        self.go_to_line_action = self._add(edit, "&Go to Line…", self.ask_go_to_line, "Ctrl+L")
        self.go_to_line_action.setShortcuts([QKeySequence("Ctrl+L"), QKeySequence("Ctrl+G")])
        spelling = edit.addMenu("S&pelling")
        self.spell_action = self._add(spelling, "&Check Spelling", self.set_spell_check, None,
                                      checkable=True, checked=self.spell.enabled)
        spelling.addSeparator()
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        from recap_editor.spelling.speller import LANGUAGE_NAMES, available_languages

        for code in ["auto", *available_languages()]:
            label = "&Site or System Language" if code == "auto" else LANGUAGE_NAMES.get(code, code)
            action = self._add(spelling, label, lambda on, c=code: on and self.set_language(c),
                               checkable=True, checked=code == self.language)
            group.addAction(action)
            self.language_actions[code] = action

        view = find_menu(w, "View")
        view.addSeparator()
        self.outline_action = self.outline_dock.toggleViewAction()
        self.outline_action.setText("&Outline")
        self.outline_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        view.addAction(self.outline_action)
        self.focus_action = self._add(view, "F&ocus Mode", self.focus.set_active, "F8", checkable=True)
        self.full_screen_action = self._add(view, "F&ull Screen", self.set_full_screen, "F11", checkable=True)
        themes = view.addMenu("&Theme")
        theme_group = QActionGroup(self)
        current = theme_choice(w.settings)
        self.theme_actions: dict[str, QAction] = {}
        for choice, label in THEMES.items():
            action = self._add(themes, label, lambda on, c=choice: on and self.set_theme(c),
                               checkable=True, checked=choice == current)
            theme_group.addAction(action)
            self.theme_actions[choice] = action

        help_menu = find_menu(w, "Help")
        first = help_menu.actions()[0] if help_menu.actions() else None
        self.shortcuts_action = self._add(help_menu, "&Keyboard Shortcuts", lambda: self._show(help_dialogs.shortcuts_dialog),
                                          "Ctrl+/", first)
        self._add(help_menu, "Markdown && Gallery &Cheat Sheet", lambda: self._show(help_dialogs.cheat_sheet_dialog),
                  None, first)
        self._add(help_menu, "Co&mmand Line", lambda: self._show(help_dialogs.command_line_dialog), None, first)
        if first is not None:
            help_menu.insertSeparator(first)

    def _show(self, make_dialog) -> None:
        dialog = make_dialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.last_dialog = dialog

    # -- actions -----------------------------------------------------------------------------------
    def ask_go_to_line(self) -> None:
        editor = self.window.editor
        count = editor.document().blockCount()
        line, ok = QInputDialog.getInt(self.window, "Go to Line", f"Line (1–{count}):",
                                       editor.textCursor().blockNumber() + 1, 1, count)
        if ok:
            self.go_to_line(line)

    def go_to_line(self, line: int) -> None:
        self.window.editor.go_to_line(line)
        self.window.editor.setFocus()
        self._scroll_preview(line)

    def _scroll_preview(self, line: int) -> None:
        preview = self.window.preview
        if preview is not None:
            preview.scroll_to_source_line(line)

    def set_full_screen(self, on: bool) -> None:
        w = self.window
        if on:
            self._was_maximized = w.isMaximized()
            w.showFullScreen()
        elif getattr(self, "_was_maximized", False):
            w.showMaximized()
        else:
            w.showNormal()

    def set_theme(self, choice: str) -> None:
        set_theme(QApplication.instance(), choice, self.window.settings)

    def set_spell_check(self, on: bool) -> None:
        self.window.settings.set_flag("spell_check", on)
        self.spell.set_enabled(on)
        if on and self.spell.speller is None:
            self.load_speller()

    def set_language(self, code: str) -> None:
        self.language = code
        self.window.settings.set_value("spelling_language", code)
        self.load_speller()

    def load_speller(self, wait: bool = False) -> None:
        """Build the speller for the open post's site and language on a worker (`wait`: here)."""
        self._speller_timer.stop()
        if not self.spell.enabled:
            return   # spell check is off: no dictionary in memory until it is turned on
        if self.window.site_pending() and not wait:
            return   # site_changed builds it with the site's vocabulary, without site words flagged meanwhile
        if self.personal is None:
            from recap_editor.spelling.speller import PersonalDictionary, personal_dictionary_path

            self.personal = PersonalDictionary(personal_dictionary_path())   # one per window, shared
        self._speller_epoch += 1
        epoch = self._speller_epoch
        args = (self.window.profile, self.language, self.window.session.path, self.personal, self.ignored)
        if wait:
            self.spell.set_speller(_speller_for(*args))
            return
        from recap_editor.ui.workers import run_in_background

        def adopt(speller) -> None:
            if epoch == self._speller_epoch:   # an older request (another post, language) is dropped
                self.spell.set_speller(speller)

        run_in_background(_speller_for, *args, on_done=adopt,
                          on_error=lambda text: self.window.statusBar().showMessage(f"Spelling: {text}", 8000),
                          parent=self)


def attach(window) -> WritingTools:
    tools = WritingTools(window)
    window.writing = tools
    return tools
