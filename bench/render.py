"""Rendering speed: full renders of the seed post at 1x/10x/100x, and the incremental keystroke path.

Prints ``name: value`` lines. Target: one keystroke at 100x in <= 1 ms, >= 200x faster than a full
render. A "keystroke" is one character typed into a paragraph in the middle of the document, then
``IncrementalRenderer.update`` (which yields the changed blocks the preview patches).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from recap_editor.document.post import Post  # noqa: E402
from recap_editor.render.incremental import IncrementalRenderer  # noqa: E402
from recap_editor.render.markdown import render_fragment  # noqa: E402
from recap_editor.site.profile import load_profile  # noqa: E402

SITE = REPO.parent / "shared" / "corpus" / "corekube-web"
SEED = SITE / "content" / "posts" / "2016_05_12-k8s-socal-may-2016.md"


def best_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def main() -> int:
    if not SEED.is_file():
        print(f"error: seed post not found at {SEED}", file=sys.stderr)
        return 2
    post = Post.load(SEED)
    options = load_profile(SITE).render_options(SEED)
    body = post.body if post.body.endswith("\n") else post.body + "\n"
    full = {}
    for factor, repeat in ((1, 20), (10, 5), (100, 3)):
        text = "\n".join([body] * factor)
        full[factor] = best_ms(lambda: render_fragment(text, options), repeat)
        print(f"full_render_{factor}x_ms: {full[factor]:.2f}")
        print(f"size_{factor}x_chars: {len(text)}")
    text = "\n".join([body] * 100)
    renderer = IncrementalRenderer(options, post.body_line - 1)
    renderer.update(text)
    anchor = text.index("There was an amazing turnout", len(text) // 2)
    times, changed = [], []
    for i in range(200):  # type 200 characters, one update each
        pos = anchor + i
        text = text[:pos] + "x" + text[pos:]
        t0 = time.perf_counter()
        update = renderer.update(text)
        n = len(update.changed)
        times.append((time.perf_counter() - t0) * 1000)
        changed.append(n)
    per_key = statistics.median(times)
    print(f"incremental_keystroke_100x_ms: {per_key:.3f}")
    print(f"incremental_keystroke_100x_p95_ms: {sorted(times)[int(len(times) * 0.95)]:.3f}")
    print(f"incremental_changed_blocks_per_keystroke: {statistics.median(changed):.0f}")
    t0 = time.perf_counter()
    _ = update.html
    print(f"preview_html_join_100x_ms: {(time.perf_counter() - t0) * 1000:.2f}")
    print(f"speedup_full_over_keystroke_100x: {full[100] / per_key:.0f}")
    print(f"target_met: {per_key <= 1.0 and full[100] / per_key >= 200}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
