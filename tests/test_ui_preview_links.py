"""Clicked preview links: http(s) and mailto go to the system browser; a local file never opens."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtGui import QDesktopServices  # noqa: E402

from recap_editor.ui.preview import PreviewView, opens_in_browser  # noqa: E402


@pytest.mark.parametrize("url, opens", [
    ("https://example.com/x", True), ("http://example.com", True), ("mailto:a@example.com", True),
    ("file:///etc/passwd", False), ("javascript:alert(1)", False), ("#anchor", False),
    ("ftp://example.com/f", False), ("smb://host/share", False), ("https:relative", False),
])
def test_policy(url: str, opens: bool) -> None:
    assert opens_in_browser(QUrl(url)) is opens


def test_a_local_file_link_never_reaches_the_os(qtbot, tmp_path, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    view = PreviewView()
    qtbot.addWidget(view)
    script = tmp_path / "run-me.sh"
    script.write_text("#!/bin/sh\necho pwned\n")
    view._open_externally(QUrl.fromLocalFile(str(script)))
    view._open_externally(QUrl("https://example.com/talk"))
    assert opened == ["https://example.com/talk"]
