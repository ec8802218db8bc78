"""The pane above the source: a banner for a site that cannot be read, and the scrolling form.

The form scrolls inside the pane and the pane never shrinks below about three rows, so docks and
a small screen take their room from the source, not from the form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from recap_editor.workspace.site import SiteState

MIN_FORM_HEIGHT = 96


class FormPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.site_banner = QLabel()
        self.site_banner.setObjectName("siteBanner")
        self.site_banner.setWordWrap(True)
        self.site_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.site_banner.setStyleSheet("QLabel#siteBanner { background: #fdecea; color: #8a1f11;"
                                       " padding: 6px; border-bottom: 1px solid #e0b4ae; }")
        self.site_banner.hide()
        self.scroll = QScrollArea()
        self.scroll.setObjectName("formScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setMinimumHeight(MIN_FORM_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.site_banner)
        layout.addWidget(self.scroll, 1)

    def set_form(self, form: QWidget) -> None:
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(form)

    def show_site(self, state: SiteState) -> None:
        """The banner says why the site's settings cannot be read (file and line), or hides."""
        if state.error:
            self.site_banner.setText(f"⚠ The site's settings cannot be read, so its rules, folders "
                                     f"and export are off until this is fixed:\n{state.error}")
            self.site_banner.setToolTip(str(state.error_file or ""))
            self.site_banner.show()
        else:
            self.site_banner.hide()
