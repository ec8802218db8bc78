"""Edit -> painted latency of the live preview on the corpus seed post (the sample post where the
corpus is absent: a fresh clone).

Each sample inserts one character in the first list item after the summary (on screen), renders at once (the typing
throttle's wait is left out: bench/typing_preview.py measures what the writer sees, key to pixels)
and waits until the patched page has been painted.  Prints `edit_to_painted_ms` (median) and `edit_to_painted_p90_ms`.  Target <= 25 ms.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from bench_window import SEED, close_window, isolated_app, open_post

SAMPLES = 40


def main() -> int:
    if not SEED.is_file():
        print(f"preview bench: seed post not found at {SEED}", file=sys.stderr)
        return 2
    app, post, tmp = isolated_app("recap-bench-")  # noqa: F841 - the app must stay alive for the window
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QTextCursor

    from recap_editor.ui.main_window import MainWindow

    window = MainWindow()
    open_post(window, post)
    window.resize(1400, 900)
    window.show()
    window.ensure_preview()

    def wait_for(signal, timeout_ms=10000):
        loop = QEventLoop()
        got = []
        signal.connect(lambda *args: (got.append(args), loop.quit()))
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect()
        return got

    if not window.preview.is_loaded and not wait_for(window.preview.loaded):
        print("preview bench: the page never loaded", file=sys.stderr)
        return 1
    editor = window.editor
    # The first list item after the summary fold: on screen in the preview (an off-screen change
    # produces no new frame, so there would be nothing to time) and a typical typing spot.
    lines = editor.toPlainText().split("\n")
    fold = next(i for i, line in enumerate(lines) if "<!--more-->" in line)
    target = next(i for i, line in enumerate(lines) if i > fold and line.lstrip().startswith("- "))
    middle = editor.document().findBlockByNumber(target)
    editor.scroll_to_line(max(1, target - 3))    # scroll sync brings the preview there too
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec()
    latencies = []
    for i in range(SAMPLES + 3):
        cursor = QTextCursor(middle)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        started = time.perf_counter()
        cursor.insertText("x" if i % 2 == 0 else "")
        if i % 2:
            cursor.deletePreviousChar()
        window.live.debounce.stop()
        window.live.render_now()
        got = wait_for(window.live.painted)
        if not got:
            print("preview bench: no paint within 10 s", file=sys.stderr)
            return 1
        if i >= 3:  # the first few warm the caches
            latencies.append((time.perf_counter() - started) * 1000)
    # Baseline in the same view and run: the cheapest change Chromium can show (the page
    # background flips between two near-whites), timed from the script to the painted frame. The
    # ratio is what our render and patch add on top of Qt WebEngine's own round trip.
    baseline = []
    for i in range(SAMPLES + 3):
        started = time.perf_counter()
        colour = "#ffffff" if i % 2 else "#fffffe"
        window.preview.run_script(f"document.body.style.backgroundColor = '{colour}'; 1")
        window.preview.mark_painted(10_000 + i)
        if not wait_for(window.preview.painted):
            print("preview bench: the baseline change never painted", file=sys.stderr)
            return 1
        if i >= 3:
            baseline.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    median, base = statistics.median(latencies), statistics.median(baseline)
    print(f"edit_to_painted_ms: {median:.1f}")
    print(f"edit_to_painted_p90_ms: {latencies[int(len(latencies) * 0.9) - 1]:.1f}")
    print(f"bare_webengine_change_to_painted_ms: {base:.1f}")
    print(f"edit_to_painted_vs_bare_webengine: {median / base:.2f}")
    print("edit_to_painted_target_ms: 25")
    close_window(window)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
