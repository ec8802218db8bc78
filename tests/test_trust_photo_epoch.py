"""Issue #9: the photo import decides "same post" by the window's epoch clock, not by which Post
object is on screen; photos dropped while the site was still being read never go into the post
opened meanwhile."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from recap_editor.sample import SAMPLE_POST, shipped_site  # noqa: E402
from recap_editor.ui.main_window import MainWindow  # noqa: E402
from recap_editor.ui.settings import Settings  # noqa: E402
from recap_editor.workspace.workspace import Workspace  # noqa: E402

from conftest import discard_edits, open_post  # noqa: E402

pytestmark = pytest.mark.timeout(90)


def _photo(path: Path) -> Path:
    Image.linear_gradient("L").resize((1200, 800)).convert("RGB").save(path, "JPEG", quality=90)
    return path


def _images(root: Path) -> set[str]:
    return {p.name for p in root.rglob("Early*.jpg")}


def test_photos_dropped_while_the_site_loads_never_land_in_the_post_opened_meanwhile(
        qtbot, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(shipped_site(), site)
    first = site / SAMPLE_POST
    other = first.with_name("another-post.md")
    shutil.copy(first, other)
    gate = threading.Event()
    real_load = Workspace.load_site
    monkeypatch.setattr(Workspace, "load_site",
                        staticmethod(lambda path: (gate.wait(20), real_load(path))[1]))
    win = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win, before_close_func=discard_edits)
    assert open_post(qtbot, win, first)
    win.attach_extensions()
    win.show()
    assert win.site_pending()
    started = []
    win.photo_import.job_finished.connect(started.append)
    assert win.photo_import.import_paths([_photo(tmp_path / "Early.jpg")],
                                         position=len(win.editor.toPlainText())) is None
    assert open_post(qtbot, win, other)                 # the writer moves on before the site is read
    other_text = win.editor.toPlainText()
    gate.set()
    qtbot.waitUntil(lambda: not win.site_pending(), timeout=30000)
    qtbot.wait(500)
    assert started == []
    assert win.editor.toPlainText() == other_text
    assert _images(site) == set()
    assert "not added" in win.statusBar().currentMessage()
