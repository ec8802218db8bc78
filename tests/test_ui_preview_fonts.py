"""The preview's face comes with the app (bundled Lato, not whatever the machine has), and a missing
image shows a drawn icon, never an emoji glyph a font may lack."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from recap_editor.document.post import Post
from recap_editor.paths import resource_path
from recap_editor.render.options import RenderOptions
from recap_editor.render.page import render_page

from conftest import open_post

POST = '+++\ntitle = "Fonts"\n+++\n\nSome *italic*, **bold** and plain words.\n\n![Gone](missing.jpg)\n'


def _page(tmp_path: Path) -> str:
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    return render_page(Post.load(path), RenderOptions(unsafe=True).with_post(path))


def test_the_page_declares_the_bundled_lato_and_every_file_exists(tmp_path):
    page = _page(tmp_path)
    faces = re.findall(r"@font-face\{font-family:'Lato';font-style:(\w+);font-weight:(\d+);[^}]*"
                       r"src:url\(\"([^\"]+)\"\) format\('woff2'\)", page)
    assert {(style, weight) for style, weight, _ in faces} == {
        ("normal", "400"), ("italic", "400"), ("normal", "700"), ("italic", "700")}
    inline = []
    for _style, _weight, url in faces:
        if url.startswith("data:font/woff2;base64,"):
            inline.append(base64.b64decode(url.split(",", 1)[1]))
            continue
        assert url.startswith("file:///")
        file = Path(unquote(urlparse(url).path))
        assert file.parent == resource_path("fonts") and file.read_bytes()[:4] == b"wOF2"
    # the everyday faces (Latin, regular and bold) are in the page itself: Chromium has them as it
    # parses, so the first paint has its text (a fetched file arrives after it: painted twice)
    assert sorted(inline) == sorted((resource_path("fonts") / name).read_bytes()
                                    for name in ("lato-latin-400-normal.woff2", "lato-latin-700-normal.woff2"))
    assert (resource_path("fonts") / "OFL.txt").read_text().count("SIL Open Font License") >= 1
    assert "font-family:Lato," in page                      # the body asks for it first


def test_a_missing_image_has_a_drawn_icon_not_an_emoji(tmp_path):
    page = _page(tmp_path)
    body = page.split("<body", 1)[1]
    assert '<span class="recap-broken-image-icon" aria-hidden="true"></span>' in body
    assert not re.search("[\U0001F300-\U0001FAFF]", page)    # no pictograph anywhere in the page
    rule = re.search(r"\.recap-broken-image-icon\{[^}]*\}", page).group(0)
    assert "data:image/svg+xml,<svg" in rule and "width:40px" in rule


def test_the_preview_renders_in_the_bundled_lato(qtbot, tmp_path):
    """Chromium really loads the shipped files (the machine has no Lato installed to fall back on)."""
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    from PySide6.QtCore import QSettings

    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    win = MainWindow(Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(win)
    assert open_post(qtbot, win, path)
    preview = win.ensure_preview()
    with qtbot.waitSignal(preview.loaded, timeout=20000):
        win.show()
    results = []

    def loaded_faces():
        results.clear()
        win.preview.run_script("[...document.fonts].filter(f => f.family.replace(/[\"']/g, '') === 'Lato'"
                               " && f.status === 'loaded').map(f => f.style + ' ' + f.weight).sort()"
                               ".join(',')", results.append)
        qtbot.waitUntil(lambda: bool(results), timeout=5000)
        return results[0]

    # the regular, italic and bold faces the text uses are loaded from resources/fonts
    qtbot.waitUntil(lambda: {"normal 400", "italic 400", "normal 700"} <= set(loaded_faces().split(",")),
                    timeout=10000)
    icon = []
    win.preview.run_script("(function(){var e=document.querySelector('.recap-broken-image-icon');"
                           "if (!e) { return 'no icon'; } var s=getComputedStyle(e);"
                           "return e.offsetWidth + 'x' + e.offsetHeight + ' ' +"
                           " (s.backgroundImage.indexOf('data:image/svg+xml') >= 0);})()", icon.append)
    qtbot.waitUntil(lambda: bool(icon), timeout=5000)
    assert icon[0] == "40x32 true"
    win.session.close_cleanly()
    win.session._set_modified(False)
