"""What the writer sees while typing: a key event in -> changed preview pixels out.

On the corpus seed post (a copy inside a copy of its site), keys go to the source editor through
Qt's real key events, and the preview widget is grabbed every couple of milliseconds until its
pixels change. Two runs:

- single keys with a pause before each (`key_to_painted_ms`, median; target <= 50 ms);
- continuous typing of a 74-character sentence at one key every 60 ms (about 160 words a minute):
  `typing_updates_per_s` (distinct preview frames per second; target >= 10) and
  `typing_key_to_painted_ms` (each key to the first changed frame after it).

Baseline in the same run: a bare QWebEngineView beside it whose paragraph gets one character per
"key" through runJavaScript (no Markdown, no patching): the least any WebEngine preview can do.
The seed is the corpus's SoCal post where ../shared is present (or RECAP_EDITOR_CORPUS), else the
bundled sample post (bench_window.py).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from bench_window import SEED, close_window, isolated_app, open_post

SINGLE_KEYS = 30
SENTENCE = "We typed this sentence to see how closely the preview follows the writer."   # 74 characters
KEY_INTERVAL_S = 0.060
POLL_S = 0.002


def main() -> int:
    if not SEED.is_file():
        print(f"typing bench: seed post not found at {SEED}", file=sys.stderr)
        return 2
    app, post, tmp = isolated_app("recap-bench-")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from recap_editor.ui.main_window import MainWindow

    def pump(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    window = MainWindow()
    open_post(window, post)
    window.resize(1400, 900)
    window.show()
    preview = window.ensure_preview()
    deadline = time.monotonic() + 20
    while not preview.is_loaded and time.monotonic() < deadline:
        pump(0.05)
    if not preview.is_loaded:
        print("typing bench: the preview never loaded", file=sys.stderr)
        return 1
    editor = window.editor
    lines = editor.toPlainText().split("\n")
    fold = next(i for i, line in enumerate(lines) if "<!--more-->" in line)
    target = next(i for i, line in enumerate(lines) if i > fold and line.lstrip().startswith("- "))
    editor.scroll_to_line(max(1, target - 3))
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(target).position())
    cursor.movePosition(cursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()
    pump(1.0)

    def key_to_pixels(widget, press, timeout: float = 3.0) -> float | None:
        """ms from `press()` until `widget` grabs differently; None if it never does."""
        app.processEvents()
        before = widget.grab().toImage()
        started = time.perf_counter()
        press()
        while time.perf_counter() - started < timeout:
            app.processEvents()
            if widget.grab().toImage() != before:
                return (time.perf_counter() - started) * 1000
            time.sleep(POLL_S)
        return None

    def typing(widget, keys: list) -> tuple[float, list[float]]:
        """Send `keys` (callables) at KEY_INTERVAL_S; (changed frames per second, key->frame ms)."""
        last = widget.grab().toImage()
        sent: list[float] = []
        frames: list[float] = []
        started = time.perf_counter()
        end = started + KEY_INTERVAL_S * len(keys) + 0.5
        while time.perf_counter() < end:
            now = time.perf_counter()
            if len(sent) < len(keys) and now >= started + KEY_INTERVAL_S * len(sent):
                keys[len(sent)]()
                sent.append(time.perf_counter())
            app.processEvents()
            image = widget.grab().toImage()
            if image != last:
                frames.append(time.perf_counter())
                last = image
            time.sleep(POLL_S)
        typed_for = sent[-1] - sent[0] + KEY_INTERVAL_S
        per_s = sum(1 for f in frames if f <= sent[-1] + KEY_INTERVAL_S) / typed_for
        latencies = []
        for at in sent:
            after = next((f for f in frames if f >= at), None)
            if after is not None:
                latencies.append((after - at) * 1000)
        return per_s, latencies

    # -- Recap Editor ----------------------------------------------------------------------------
    view = preview.view
    singles = []
    for i in range(SINGLE_KEYS + 3):
        pump(0.25)
        key = Qt.Key.Key_X if i % 2 == 0 else Qt.Key.Key_Backspace
        ms = key_to_pixels(view, lambda k=key: QTest.keyClick(editor, k))
        if ms is not None and i >= 3:
            singles.append(ms)
    pump(0.5)
    keys = [lambda c=c: QTest.keyClicks(editor, c) for c in " " + SENTENCE[:-1]]
    per_s, typed = typing(view, keys)

    # -- bare QWebEngineView, same run -------------------------------------------------------------
    bare = QWebEngineView()
    bare.resize(700, 900)
    bare.setHtml("<p id='p' style='font: 16px sans-serif'>Paragraph</p>")
    bare.show()
    pump(1.5)

    def append(char: str) -> None:
        bare.page().runJavaScript(f"document.getElementById('p').textContent += {char!r}")

    bare_singles = []
    for i in range(SINGLE_KEYS + 3):
        pump(0.25)
        ms = key_to_pixels(bare, lambda c="x": append(c))
        if ms is not None and i >= 3:
            bare_singles.append(ms)
    pump(0.5)
    bare_per_s, bare_typed = typing(bare, [lambda c=c: append(c) for c in SENTENCE])

    def med(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    single, bare_single = med(singles), med(bare_singles)
    print(f"key_to_painted_ms: {single:.1f}")
    print(f"key_to_painted_p90_ms: {sorted(singles)[int(len(singles) * 0.9) - 1]:.1f}")
    print(f"typing_key_to_painted_ms: {med(typed):.1f}")
    print(f"typing_updates_per_s: {per_s:.1f}")
    print(f"bare_webengine_key_to_painted_ms: {bare_single:.1f}")
    print(f"bare_webengine_typing_updates_per_s: {bare_per_s:.1f}")
    print(f"bare_webengine_typing_key_to_painted_ms: {med(bare_typed):.1f}")
    print(f"key_to_painted_vs_bare_webengine: {single / bare_single:.2f}")
    print(f"typing_updates_vs_bare_webengine: {per_s / bare_per_s:.2f}")
    print(f"keys_lost: {SINGLE_KEYS + 3 - len(singles) - 3}")
    print("key_to_painted_target_ms: 50")
    print("typing_updates_per_s_target: 10")
    close_window(window)
    bare.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
