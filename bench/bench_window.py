"""What the window benchmarks share: the post they type into and an isolated app to type in.

The seed post is the corpus's SoCal recap where ../shared is present (RECAP_EDITOR_CORPUS points
elsewhere), else the bundled sample post, so a fresh clone runs the benchmarks too. The post is
opened from a writable copy of its whole site, so images and site settings resolve as they would,
and the app's data, config and cache folders are temporary, so a run never touches the user's.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("RECAP_EDITOR_CORPUS") or REPO.parent / "shared" / "corpus" / "corekube-web")
CORPUS_SEED = CORPUS / "content" / "posts" / "2016_05_12-k8s-socal-may-2016.md"
SAMPLE_SEED = REPO / "resources" / "sample" / "site" / "content" / "posts" / "2026_10_14-pdx-cloud-native-october-2026.md"
SEED = CORPUS_SEED if CORPUS_SEED.is_file() else SAMPLE_SEED


def isolated_app(prefix: str):
    """(the QApplication, the seed post's path in a temporary copy of its site, the temporary
    folder to remove when done)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        Path(tmp, var).mkdir()
        os.environ[var] = str(Path(tmp, var))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO))
    from recap_editor.ui.app import make_application

    app = make_application([])
    site = Path(tmp, "site")
    shutil.copytree(SEED.parents[2], site)
    for path in (site, *site.rglob("*")):   # the corpus is read-only; a checkout is writable
        path.chmod(path.stat().st_mode | 0o200)
    return app, site / "content" / "posts" / SEED.name, Path(tmp)



def open_post(window, path: Path, timeout_s: float = 60) -> bool:
    """Open `path` in the window and wait until it is shown: the window reads a post on a worker."""
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    if not window.open_path(path):
        return False
    deadline = time.monotonic() + timeout_s
    while window.session.opening is not None and time.monotonic() < deadline:
        loop = QEventLoop()
        window.session.opening_changed.connect(loop.quit)
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        window.session.opening_changed.disconnect(loop.quit)
    return window.session.path == Path(path).resolve()


def close_window(window) -> None:
    """Close the bench's window without the "save changes?" question (its edits are throwaway):
    that modal, with nobody to answer it, kept the benchmarks from ever returning."""
    window.session.close_cleanly()
    window.session._set_modified(False)
    window.close()
