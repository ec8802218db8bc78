"""The window loads what the writer uses, when it is used: a launch that only shows and edits text
never loads Pillow, the HEIC codecs, sqlite, qrcode, git, export or triage (issue 12: the app's
memory against its peers'). The Photos and Post widgets still attach after the first paint; the
core they call loads on first use.

Run in a fresh interpreter: in the test process other tests have imported everything already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

# What the window must not have loaded once it has settled, if the writer has not used it yet.
HEAVY = ("PIL", "pillow_heif", "sqlite3", "qrcode",
         "recap_editor.photos.importer", "recap_editor.photos.pipeline", "recap_editor.photos.pillow_setup",
         "recap_editor.photos.metadata",
         "recap_editor.photos.triage", "recap_editor.photos.triage_cache", "recap_editor.photos.triage_picks",
         "recap_editor.site.export", "recap_editor.site.git", "recap_editor.site.changes",
         "recap_editor.site.deletions")

# The real start (the `recap-editor POST` entry); once the extensions have attached, the site has
# loaded and the preview is up, and a moment later (spelling, outline, gallery panel), the modules
# are listed; then the writer uses Post › Run Checks (USE=checks) or Post › Export… (USE=export),
# and they are listed again with what it showed.
LAUNCH = r"""
import json, os, sys
from PySide6.QtCore import QTimer
from recap_editor.ui.main_window import MainWindow

HEAVY = json.loads(os.environ["HEAVY"])
attach = MainWindow.attach_extensions

def loaded():
    return sorted(m for m in sys.modules if m in HEAVY or m.split(".")[0] in HEAVY)

def say(**what):
    print(json.dumps(what), flush=True)

def attach_then_watch(self):
    first = not self._extensions_attached
    attach(self)
    if first:
        QTimer.singleShot(0, self, lambda: settle(self))

def settle(window):
    if window.site_pending() or window.preview is None or window.profile is None:
        QTimer.singleShot(100, window, lambda: settle(window))
        return
    QTimer.singleShot(1500, window, lambda: settled(window))

def settled(window):
    say(phase="settled", attached=window._extensions_attached, modules=loaded())
    QTimer.singleShot(30000, lambda: (say(phase="timeout"), os._exit(1)))
    if os.environ["USE"] == "checks":   # Post › Run Checks
        window.checks_panel.checked.connect(lambda problems: used(problems=[p.message for p in problems]))
        window.checks_panel.run_action.trigger()
    else:                               # Post › Export…
        from recap_editor.ui.export_dialog import ExportDialog
        window.export_action.trigger()
        dialog = window.findChild(ExportDialog)
        dialog.prepared.connect(lambda: used(
            problems=[p.message for p in dialog.preview.problems], plan_error=dialog.preview.plan_error,
            files=[target for target, _kind, _size in dialog.preview.files]))

def used(**what):
    say(phase="used", modules=loaded(), **what)
    os._exit(0)

MainWindow.attach_extensions = attach_then_watch
from recap_editor.cli import main
sys.exit(main([os.environ["POST"]]))
"""

POST = """+++
title = "Harbor Night"
date = 2019-05-01T18:00:00-07:00
tags = ["Meetup"]
+++

Harbor Night paragraph, with the stage and a phone's photo.

![The stage](/images/night/stage.jpg)

![From a phone](/images/night/phone.heic)
"""


def make_site(root: Path) -> Path:
    from PIL import Image
    import pillow_heif

    pillow_heif.register_heif_opener()
    images = root / "static" / "images" / "night"
    images.mkdir(parents=True)
    (root / "content" / "posts").mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "Harbor"\n')
    Image.new("RGB", (640, 480), (30, 60, 90)).save(images / "stage.jpg", quality=80)
    # Wider than the web size (1600 px): the checks can only say so if they read the HEIC file.
    Image.new("RGB", (1800, 64), (90, 60, 30)).save(images / "phone.heic", quality=50)
    post = root / "content" / "posts" / "harbor-night.md"
    post.write_text(POST, encoding="utf-8")
    return post


def launch(tmp_path, use: str) -> tuple[dict, dict]:
    """The window's modules once settled, and after the writer used the Post menu's ``use``."""
    post = make_site(tmp_path / "site")
    env = dict(os.environ, HEAVY=json.dumps(HEAVY), POST=str(post), USE=use,
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"))
    result = subprocess.run([sys.executable, "-c", LAUNCH], env=env, capture_output=True, text=True,
                            timeout=120)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    phases = {line["phase"]: line for line in lines}
    assert "settled" in phases and "used" in phases, (result.stdout, result.stderr[-3000:])
    return phases["settled"], phases["used"]


HEIC_TOO_WIDE = "/images/night/phone.heic is 1800x64, larger than the web size 1600 px"


@pytest.mark.slow
def test_a_settled_window_has_not_loaded_what_the_writer_has_not_used(tmp_path):
    settled, checked = launch(tmp_path, "checks")
    assert settled["attached"]   # the Photos and Post widgets are there
    assert settled["modules"] == []

    # Used, the checks read images as they did when the importer loaded with the window: the HEIC
    # photo is read (Pillow with the importer's HEIC opener), not called unreadable.
    problems = checked["problems"]
    assert any(HEIC_TOO_WIDE in p for p in problems), problems
    assert not any("unreadable" in p for p in problems), problems
    assert {"PIL", "pillow_heif", "recap_editor.photos.pillow_setup"} <= set(checked["modules"])


@pytest.mark.slow
def test_the_export_dialog_loads_the_export_core_and_reads_a_heic_photo(tmp_path):
    settled, exported = launch(tmp_path, "export")
    assert settled["modules"] == []
    assert any(HEIC_TOO_WIDE in p for p in exported["problems"]), exported["problems"]
    assert exported["plan_error"] is None   # not "phone.heic: not an image file"
    assert "static/images/night/phone.heic" in exported["files"], exported["files"]
    assert {"recap_editor.site.export", "recap_editor.site.git", "recap_editor.photos.pillow_setup"} \
        <= set(exported["modules"])


def test_the_cli_check_reads_a_heic_photo_as_the_window_does(tmp_path):
    """`recap-editor check` called the phone's HEIC photo unreadable (Pillow without the importer's
    HEIC opener) while the window reported its size. A fresh process: nothing loaded it before."""
    post = make_site(tmp_path / "site")
    result = subprocess.run([sys.executable, "-m", "recap_editor", "check", "--no-spelling", str(post)],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache")))
    assert HEIC_TOO_WIDE in result.stdout, result.stdout + result.stderr
    assert "unreadable" not in result.stdout
