"""The preview: one sandboxed QWebEngineView, loaded once, then patched block by block.

The sandbox: an off-the-record profile whose request interceptor lets only ``file:``, ``data:`` and
``qrc:`` through (nothing reaches the network); page JavaScript is off (our own patches run in an
isolated world, which that switch does not affect); links and drops never navigate the view, clicked
links go to the system browser instead.  HTML over Chromium's 2 MB ``setHtml`` limit is loaded from
a private temporary file with a ``<base>`` pointing at the post's folder.
"""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebEngineCore import (QWebEnginePage, QWebEngineProfile, QWebEngineScript,
                                     QWebEngineSettings, QWebEngineUrlRequestInfo,
                                     QWebEngineUrlRequestInterceptor)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

ALLOWED_SCHEMES = frozenset({"file", "data", "qrc"})
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
SET_HTML_LIMIT = 2 * 1024 * 1024 - 64 * 1024   # Chromium's data: URL cap, minus headroom
APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld

# Finds the block nearest a source line and scrolls it to the top (editor -> preview).
_SCROLL_TO_LINE_JS = """
(function(line){
  var els = document.querySelectorAll('[data-source-line]');
  var best = null, next = null;
  for (var i = 0; i < els.length; i++) {
    var l = parseInt(els[i].getAttribute('data-source-line'), 10);
    if (l <= line) { if (!best || l >= parseInt(best.getAttribute('data-source-line'), 10)) best = els[i]; }
    else if (!next || l < parseInt(next.getAttribute('data-source-line'), 10)) next = els[i];
  }
  if (!best) { window.scrollTo(0, 0); return 0; }
  var top = best.getBoundingClientRect().top + window.scrollY;
  var bl = parseInt(best.getAttribute('data-source-line'), 10);
  if (next) {  // interpolate between this block and the next for smooth following
    var nl = parseInt(next.getAttribute('data-source-line'), 10);
    var ntop = next.getBoundingClientRect().top + window.scrollY;
    if (nl > bl) top += (ntop - top) * (line - bl) / (nl - bl);
  }
  window.scrollTo(0, Math.max(0, top - 8));
  return bl;
})(%d)
"""

# The source line of the first block visible at the top of the view (preview -> editor).
_VISIBLE_LINE_JS = """
(function(){
  var els = document.querySelectorAll('[data-source-line]');
  for (var i = 0; i < els.length; i++) {
    var r = els[i].getBoundingClientRect();
    if (r.bottom > 4) return parseInt(els[i].getAttribute('data-source-line'), 10);
  }
  return -1;
})()
"""

class SandboxInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request whose scheme is not local; keeps a log (url, allowed) for inspection."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()  # interceptRequest runs on Chromium's IO thread
        self._log: list[tuple[str, bool]] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        allowed = url.scheme().lower() in ALLOWED_SCHEMES
        if not allowed:
            info.block(True)
        with self._lock:
            self._log.append((url.toString()[:300], allowed))
            del self._log[:-500]

    @property
    def log(self) -> list[tuple[str, bool]]:
        with self._lock:
            return list(self._log)

    def blocked(self) -> list[str]:
        return [url for url, allowed in self.log if not allowed]


class SandboxPage(QWebEnginePage):
    """A page that only ever shows what we load into it."""

    link_clicked = Signal(QUrl)

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self._expected_loads: list[QUrl] = []
        self.navigation_log: list[tuple[str, str, bool]] = []   # (url, type, allowed)

    def expect_load(self, url: QUrl) -> None:
        self._expected_loads.append(url)

    def acceptNavigationRequest(self, url: QUrl, nav_type, is_main_frame: bool) -> bool:  # noqa: N802
        allowed = False
        if is_main_frame and nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            self.link_clicked.emit(url)
        elif is_main_frame and self._expected_loads and (
                url.scheme() == "data" or url in self._expected_loads):
            # setHtml() arrives as a data: URL; a temp-file load as the file we named
            self._expected_loads.pop(0)
            allowed = True
        self.navigation_log.append((url.toString()[:300], str(nav_type), allowed))
        return allowed

    def createWindow(self, _type):  # noqa: N802 - no pop-ups, ever
        return None

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802 - keep quiet
        pass


def _harden(settings: QWebEngineSettings) -> None:
    A = QWebEngineSettings.WebAttribute
    for attribute, value in (
        (A.JavascriptEnabled, False), (A.JavascriptCanOpenWindows, False),
        (A.JavascriptCanAccessClipboard, False), (A.JavascriptCanPaste, False),
        (A.NavigateOnDropEnabled, False), (A.LocalContentCanAccessRemoteUrls, False),
        (A.LocalContentCanAccessFileUrls, True), (A.PluginsEnabled, False),
        (A.AllowRunningInsecureContent, False), (A.ErrorPageEnabled, False),
        (A.AutoLoadIconsForPage, False), (A.WebGLEnabled, False), (A.PdfViewerEnabled, False),
        (A.FullScreenSupportEnabled, False), (A.ScreenCaptureEnabled, False),
        (A.AllowWindowActivationFromJavaScript, False), (A.DnsPrefetchEnabled, False),
    ):
        settings.setAttribute(attribute, value)


class PreviewView(QWidget):
    """The sandboxed preview.  Owns its profile; the page dies with the view, before the profile."""

    loaded = Signal(bool)
    painted = Signal(int)               # sequence number passed to `mark_painted`
    scrolled_to_line = Signal(int)      # the user scrolled the preview; source line now at the top

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Creation order is destruction order for Qt children: the view (and its page) first,
        # then the profile, which must outlive every page using it.
        self.view = QWebEngineView(self)
        self.profile = QWebEngineProfile(self)          # no storage name: off the record
        self.interceptor = SandboxInterceptor(self.profile)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
        _harden(self.profile.settings())
        self.page = SandboxPage(self.profile, self.view)
        _harden(self.page.settings())
        self.view.setPage(self.page)
        self.view.setAcceptDrops(False)   # drops go to the main window (which opens .md files)
        self.page.link_clicked.connect(self._open_externally)
        self.page.loadFinished.connect(self._on_load_finished)
        self.page.scrollPositionChanged.connect(self._on_scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.is_loaded = False
        self._loading = False
        self._temp_dir: tempfile.TemporaryDirectory | None = None
        self._programmatic_scroll_until = 0
        self._scroll_timer = QTimer(self, singleShot=True, interval=60)
        self._scroll_timer.timeout.connect(self._report_visible_line)
        self.opened_links: list[QUrl] = []
        self._painted_target = None
        self._paint_waiting: int | None = None

    # -- loading -----------------------------------------------------------------------------
    def load_html(self, html: str, base_url: QUrl) -> None:
        """Load a whole document once; later changes go through `run_script` patches."""
        self.is_loaded = False
        self._loading = True
        data = html.encode("utf-8")
        if len(data) <= SET_HTML_LIMIT:
            self.page.expect_load(base_url)
            self.page.setHtml(html, base_url)
            return
        if self._temp_dir is None:
            self._temp_dir = tempfile.TemporaryDirectory(prefix="recap-editor-preview-")
        path = Path(self._temp_dir.name) / "preview.html"
        path.write_bytes(_with_base(html, base_url).encode("utf-8"))
        url = QUrl.fromLocalFile(str(path))
        self.page.expect_load(url)
        self.page.load(url)

    def _on_load_finished(self, ok: bool) -> None:
        if not self._loading:
            return  # a navigation we refused (a clicked link) also "finishes": the page is unchanged
        self._loading = False
        self.is_loaded = ok
        self.loaded.emit(ok)

    def run_script(self, script: str, callback: Callable | None = None) -> None:
        """Run our own JavaScript in the isolated world (page scripts stay disabled)."""
        if callback is None:
            self.page.runJavaScript(script, APP_WORLD)
        else:
            self.page.runJavaScript(script, APP_WORLD, callback)

    def mark_painted(self, sequence: int) -> None:
        """Emit `painted(sequence)` when the view next paints a frame from Chromium.

        Call it once the DOM change is made (a patch's callback): the compositor then delivers
        the frame holding it, and Qt paints that frame on the widget the view draws into.  A
        change outside the visible area produces no frame, and no signal.
        """
        proxy = self.view.focusProxy()
        if proxy is not None and proxy is not self._painted_target:
            if self._painted_target is not None:
                self._painted_target.removeEventFilter(self)
            proxy.installEventFilter(self)
            self._painted_target = proxy
        self._paint_waiting = sequence

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self._painted_target and event.type() == QEvent.Type.Paint \
                and self._paint_waiting is not None:
            sequence, self._paint_waiting = self._paint_waiting, None
            self.painted.emit(sequence)
        return False

    # -- scroll sync ----------------------------------------------------------------------------
    def scroll_to_source_line(self, line: int) -> None:
        self._programmatic_scroll_until = _now_ms() + 250
        self.run_script(_SCROLL_TO_LINE_JS % int(line))

    def _on_scroll(self, _pos: QPointF) -> None:
        if _now_ms() < self._programmatic_scroll_until:
            return  # our own scroll_to_source_line echoing back
        self._scroll_timer.start()

    def _report_visible_line(self) -> None:
        def emit(line) -> None:
            if isinstance(line, (int, float)) and line > 0:
                self.scrolled_to_line.emit(int(line))
        self.run_script(_VISIBLE_LINE_JS, emit)

    def scroll_y(self) -> float:
        return self.page.scrollPosition().y()

    # -- links ---------------------------------------------------------------------------------
    def _open_externally(self, url: QUrl) -> None:
        self.opened_links.append(url)
        if opens_in_browser(url):
            QDesktopServices.openUrl(url)
        # Anything else does nothing at all: javascript:, fragments, and local files (a post could
        # link to a script or an installer beside it, and the OS would run it).

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._temp_dir is not None:
            self._temp_dir.cleanup()
            self._temp_dir = None
        super().closeEvent(event)


def opens_in_browser(url: QUrl) -> bool:
    """A clicked link goes to the system browser only for http(s) and mailto, never a local file."""
    return url.scheme().lower() in EXTERNAL_SCHEMES and bool(url.host() or url.scheme().lower() == "mailto")


def _with_base(html: str, base_url: QUrl) -> str:
    """The document with a <base href> so relative paths resolve as they would with setHtml."""
    tag = f'<base href="{base_url.toString()}">'
    match = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    if match:
        return html[:match.end()] + tag + html[match.end():]
    return tag + html


def _now_ms() -> int:
    import time
    return int(time.monotonic() * 1000)
