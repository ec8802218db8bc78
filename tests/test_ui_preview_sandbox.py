"""The preview sandbox: page scripts, remote loads, frames, javascript: links and drops do nothing."""

from __future__ import annotations

import http.server
import threading

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QPoint, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDesktopServices  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from recap_editor.ui.preview import SET_HTML_LIMIT, PreviewView  # noqa: E402

pytestmark = pytest.mark.timeout(90)


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<p>remote</p>")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Counter.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def preview(qtbot):
    view = PreviewView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    yield view
    view.close()


def js(qtbot, view, script):
    results = []
    view.run_script(script, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return results[0]


def load(qtbot, view, html, base):
    with qtbot.waitSignal(view.loaded, timeout=15000) as blocker:
        view.load_html(html, QUrl.fromLocalFile(str(base) + "/"))
    assert blocker.args == [True]


def click_element(qtbot, view, element_id):
    rect = js(qtbot, view, f"(function(){{var r=document.getElementById('{element_id}').getBoundingClientRect();"
                           f"return (r.left + r.width/2) + ',' + (r.top + r.height/2);}})()")
    x, y = (float(v) for v in rect.split(","))
    target = view.view.focusProxy() or view.view
    point = QPoint(int(x), int(y))
    QTest.mouseMove(target, point)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point, 50)


def test_hostile_post_executes_loads_and_navigates_nothing(qtbot, preview, server, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    html = f"""<!DOCTYPE html><html><head><title>Post</title></head><body>
    <p id="para" data-source-line="1">original</p>
    <script>document.getElementById('para').textContent = 'script ran'; document.title = 'pwned';</script>
    <img id="remote" src="{server}/tracker.png">
    <iframe id="frame" src="{server}/frame.html" width="200" height="100"></iframe>
    <p><a id="jslink" href="javascript:document.title='clicked'">run me</a></p>
    <p><a id="weblink" href="{server}/elsewhere">elsewhere</a></p>
    <img id="local" src="pic.png" onerror="document.title='onerror ran'">
    </body></html>"""
    (tmp_path / "pic.png").write_bytes(b"not really a png")
    load(qtbot, preview, html, tmp_path)
    page_url = preview.page.url()

    assert js(qtbot, preview, "document.getElementById('para').textContent") == "original"
    assert js(qtbot, preview, "document.title") == "Post"
    assert js(qtbot, preview, "document.getElementById('remote').naturalWidth") == 0
    frame_text = js(qtbot, preview, "(function(){try{var d=document.getElementById('frame').contentDocument;"
                                    "return d && d.body ? d.body.innerText : '';}catch(e){return 'blocked';}})()")
    assert "remote" not in (frame_text or "")

    click_element(qtbot, preview, "jslink")
    click_element(qtbot, preview, "weblink")
    qtbot.waitUntil(lambda: any('elsewhere' in u.toString() for u in preview.opened_links), timeout=5000)
    qtbot.wait(300)

    assert js(qtbot, preview, "document.title") == "Post"            # javascript: link did not run
    assert preview.page.url() == page_url                             # never navigated
    assert js(qtbot, preview, "document.getElementById('para').textContent") == "original"
    assert opened == [f"{server}/elsewhere"]                          # the web link went to the browser
    assert _Counter.hits == []                                        # nothing reached the network
    log = preview.interceptor.log
    assert not [url for url, allowed in log if allowed and not url.startswith(("file:", "data:", "qrc:"))]
    assert any(url.endswith("/pic.png") and allowed for url, allowed in log)   # local files do load
    nav = preview.page.navigation_log
    assert [allowed for _url, _type, allowed in nav].count(True) == 1  # only our own load


def test_interceptor_blocks_remote_schemes(qtbot, preview, server, tmp_path):
    """Even a request Chromium lets out of a file: page (a link navigated by us) is blocked."""
    load(qtbot, preview, "<p>start</p>", tmp_path)
    from PySide6.QtWebEngineCore import QWebEngineSettings
    # Loosen the first line of defence to prove the second one holds on its own.
    preview.page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    # The image goes into the document (a detached Image may be dropped before it loads), and
    # is asked for again now and then: the assertion is on what the interceptor saw, not on timing.
    def probe_blocked() -> bool:
        if not any("probe.png" in url for url in preview.interceptor.blocked()):
            js(qtbot, preview, "var i = document.createElement('img'); "
                               f"i.src = '{server}/probe.png?' + Date.now(); document.body.appendChild(i); 1")
            qtbot.wait(200)
            return False
        return True

    qtbot.waitUntil(probe_blocked, timeout=10000)
    assert _Counter.hits == []


def test_patches_run_in_isolated_world_with_page_scripts_off(qtbot, preview, tmp_path):
    load(qtbot, preview, "<div id='b' data-source-line='3'>old</div>", tmp_path)
    js(qtbot, preview, "document.getElementById('b').innerHTML = '<em>new</em>'; 1")
    assert js(qtbot, preview, "document.getElementById('b').innerHTML") == "<em>new</em>"
    from PySide6.QtWebEngineCore import QWebEngineSettings
    assert not preview.page.settings().testAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled)
    assert not preview.page.settings().testAttribute(QWebEngineSettings.WebAttribute.NavigateOnDropEnabled)
    assert preview.profile.isOffTheRecord()


def test_html_over_two_megabytes_loads_from_a_temp_file(qtbot, preview, tmp_path):
    (tmp_path / "local.txt").write_text("x")
    filler = "".join(f"<p data-source-line='{i}'>paragraph {i} " + "lorem ipsum " * 20 + "</p>\n"
                     for i in range(9000))
    html = f"<html><head><title>big</title></head><body>{filler}<p id='last'>the end</p></body></html>"
    assert len(html.encode()) > SET_HTML_LIMIT
    load(qtbot, preview, html, tmp_path)
    assert preview.page.url().isLocalFile()
    assert js(qtbot, preview, "document.getElementById('last').textContent") == "the end"
    assert js(qtbot, preview, "document.baseURI") == QUrl.fromLocalFile(str(tmp_path) + "/").toString()
