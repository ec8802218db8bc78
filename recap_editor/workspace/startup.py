"""What the first window needs from the disk, read on a thread while Qt loads.

Importing Qt and starting it takes ~0.3 s in which the disk sits idle. `StartupReads` uses that
time: it looks for unsaved work a crash left behind, finds the post the window opens (the one asked
for, else the sample post's working copy), and reads the post and its site, so the window is built
with the site's form (its rows never jump from the default order to the site's) and shows the post
in its first paint. None of it runs on the GUI thread, which only collects the results (`wait`).

It reads; it does not render. Rendering is CPU work, and a thread doing it competes with the GUI
thread's own imports for the interpreter lock: measured, the window appeared ~0.1 s later and the
preview no sooner. The first page renders on a worker once the window has been painted.

Everything here is a snapshot: the window still watches the file and the site like any post's.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class StartupReads:
    """Reads started at once on their own thread; `wait()` before using any attribute."""

    def __init__(self, path: str | Path | None) -> None:
        self.asked: Path | None = Path(path).expanduser() if path else None
        self.orphans: list = []                 # workspace.recovery.RecoveredWork
        self.post_path: Path | None = None      # the post read below (None: the window decides)
        self.post: Any = None                   # document.post.Post
        self.post_error: str | None = None      # why it could not be read (the window says it)
        self.site: Any = None                   # workspace.site.SiteState
        self._orphans_found = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="startup-reads", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the reads (at most `timeout` seconds); True when they are done. A post on a
        dead network mount must not keep the window from appearing: past the timeout the window
        opens it the usual way, on a worker, and says what happens."""
        return self._done.wait(timeout)

    def wait_for_orphans(self) -> list:
        """The unsaved work a crash left behind (the recovery folder is read first, and is local)."""
        self._orphans_found.wait()
        return self.orphans

    def _run(self) -> None:
        try:
            self._read()
        except Exception:  # noqa: BLE001 - the window then reads what it needs itself
            log.exception("reading ahead at startup failed")
        finally:
            self._done.set()

    def _read(self) -> None:
        from recap_editor.workspace.recovery import find_orphans

        try:
            self.orphans = find_orphans()
        finally:
            self._orphans_found.set()
        target = self.asked
        if target is None:
            from recap_editor.sample import working_copy

            target = working_copy()
        elif target.suffix.lower() not in (".md", ".markdown") or not target.is_file():
            return   # a site folder or a post yet to be written: the window's own paths handle those
        target = target.resolve()
        self.post_path = target
        from recap_editor.document.post import Post
        from recap_editor.workspace.disk import read_post
        from recap_editor.workspace.site import load_site

        self.site = load_site(target)
        post = read_post(target)   # as the window reads a post it opens
        if not isinstance(post, Post):
            self.post_error = str(post)
            return
        self.post = post


def release_startup_garbage() -> None:
    """Give back what starting up leaves behind, once the window is complete.

    Source text read into `linecache` at startup (PySide6's import check kept every module's there,
    ~7 MB, until `ui.pyside_imports` answered it from the bytes; a logged warning or traceback still
    adds some) is dropped: a traceback reads what it needs anew. And the parsing, rendering and
    imports of the start leave free pages in glibc's heap that `malloc_trim` returns to the system.
    """
    import ctypes
    import gc
    import linecache

    linecache.clearcache()
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):   # not glibc: nothing to trim this way
        pass
