"""Fusion style with a light or dark palette, plus the few style rules the form needs (inline
problems, the parse-error banner). The writer chooses System (the default: follows the system's
colour scheme), Light or Dark in View › Theme; the choice is remembered. The preview keeps the
site's own look in both."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_STYLE = """
QLabel#fieldProblem { color: %(error)s; font-size: 9pt; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"] {
    border: 1px solid %(error)s; border-radius: 3px; }
QLabel#formBanner { background: %(banner_bg)s; color: %(banner_fg)s; border: 1px solid %(error)s;
    border-radius: 4px; padding: 6px 8px; }
QScrollArea#formScroll, QWidget#frontMatterForm { background: %(form_bg)s; }
QPlainTextEdit#sourceEditor { border: none; }
QStatusBar QLabel { color: %(dim)s; }
"""


def is_dark(app: QApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _dark_palette() -> QPalette:
    p = QPalette()
    c = QColor
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#24272b"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1b1d20"),
                        (roles.AlternateBase, "#26292d"), (roles.ToolTipBase, "#2f3338"),
                        (roles.ToolTipText, "#e6e6e6"), (roles.Text, "#e3e3e3"), (roles.Button, "#2d3136"),
                        (roles.ButtonText, "#e6e6e6"), (roles.BrightText, "#ff6b6b"), (roles.Link, "#8ab4f8"),
                        (roles.Highlight, "#3d6fb6"), (roles.HighlightedText, "#ffffff"),
                        (roles.PlaceholderText, "#80868e"), (roles.Mid, "#3a3e44"), (roles.Dark, "#141518")):
        p.setColor(role, c(color))
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, c("#7b8088"))
    return p


def _light_palette(app: QApplication) -> QPalette:
    p = app.style().standardPalette()
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f4f5f7"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fca"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9aa0a6"))
    return p


THEMES = {"system": "&System", "light": "&Light", "dark": "&Dark"}
_THEME_KEY = "theme"


def theme_choice(settings=None) -> str:
    """The remembered choice: "system", "light" or "dark"."""
    from recap_editor.ui.settings import Settings

    value = (settings or Settings()).value(_THEME_KEY, "system")
    return value if value in THEMES else "system"


def set_theme(app: QApplication, choice: str, settings=None) -> None:
    """Apply and remember `choice`."""
    from recap_editor.ui.settings import Settings

    settings = settings or Settings()
    settings.set_value(_THEME_KEY, choice if choice in THEMES else "system")
    apply_theme(app, settings=settings)


def apply_theme(app: QApplication, dark: bool | None = None, settings=None) -> None:
    """Fusion with the light or dark palette; `dark=None` applies the remembered choice (by
    default the system's colour scheme)."""
    app.setStyle("Fusion")
    if dark is None:
        choice = theme_choice(settings)
        dark = is_dark(app) if choice == "system" else choice == "dark"
    app.setPalette(_dark_palette() if dark else _light_palette(app))
    app.setStyleSheet(_STYLE % {
        "error": "#ff7b72" if dark else "#c0392b",
        "banner_bg": "#3b2222" if dark else "#fdecea",
        "banner_fg": "#ffd7d2" if dark else "#7a1f16",
        "form_bg": "#212428" if dark else "#f7f8fa",
        "dim": "#a0a6ad" if dark else "#5f6368",
    })
