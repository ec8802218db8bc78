"""Rendering speed: full renders of the seed post at 1x/10x/100x, and the incremental keystroke path,
for the seed post and for a post with 20 highlighted code blocks (Chroma-like highlighting on).

Prints ``name: value`` lines. Target: one keystroke at 100x in <= 1 ms, >= 200x faster than a full
render. A "keystroke" is one character typed into a paragraph in the middle of the document, then
``IncrementalRenderer.update`` (which yields the changed blocks the preview patches). The seed is
the corpus post where ``../shared`` (or ``$RECAP_EDITOR_CORPUS``) has it, else the sample post.
"""

from __future__ import annotations

import os
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

SITE = Path(os.environ.get("RECAP_EDITOR_CORPUS") or REPO.parent / "shared" / "corpus" / "corekube-web")
SEED = SITE / "content" / "posts" / "2016_05_12-k8s-socal-may-2016.md"
SAMPLE_SITE = REPO / "resources" / "sample" / "site"
SAMPLE = SAMPLE_SITE / "content" / "posts" / "2026_10_14-pdx-cloud-native-october-2026.md"
_SNIPPETS = [
    ("go", 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hello", 42)\n}\n'),
    ("python", 'def greet(name):\n    """Say hello."""\n    return f"hello {name}"  # c\n'),
    ("yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  replicas: 3\n"),
    ("bash", 'kubectl apply -f deploy.yaml\nfor i in 1 2 3; do echo "$i"; done\n'),
    ("json", '{"name": "web", "replicas": 3, "ready": true}\n'),
]


def code_post() -> str:
    """A recap with 20 code blocks (go, python, yaml, bash, json, some with line numbers)."""
    parts = ["Intro paragraph: the talks, the demos and the code we saw on stage.\n"]
    for i in range(20):
        language, code = _SNIPPETS[i % len(_SNIPPETS)]
        attrs = " {linenos=table,hl_lines=[2]}" if i % 4 == 0 else ""
        parts.append(f"## Demo {i}\n\nThe speaker typed this during demo {i}, and it worked.\n")
        parts.append(f"```{language}{attrs}\n{code}```\n")
    return "\n".join(parts)


def best_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def measure(name: str, body: str, options, body_line: int, anchor: str) -> bool:
    body = body if body.endswith("\n") else body + "\n"
    full = {}
    for factor, repeat in ((1, 20), (10, 5), (100, 3)):
        text = "\n".join([body] * factor)
        full[factor] = best_ms(lambda: render_fragment(text, options), repeat)
        print(f"{name}full_render_{factor}x_ms: {full[factor]:.2f}")
        print(f"{name}size_{factor}x_chars: {len(text)}")
    text = "\n".join([body] * 100)
    renderer = IncrementalRenderer(options, body_line - 1)
    renderer.update(text)
    at = text.index(anchor, len(text) // 2)
    times, changed = [], []
    for i in range(200):  # type 200 characters, one update each
        pos = at + i
        text = text[:pos] + "x" + text[pos:]
        t0 = time.perf_counter()
        update = renderer.update(text)
        n = len(update.changed)
        times.append((time.perf_counter() - t0) * 1000)
        changed.append(n)
    per_key = statistics.median(times)
    print(f"{name}incremental_keystroke_100x_ms: {per_key:.3f}")
    print(f"{name}incremental_keystroke_100x_p95_ms: {sorted(times)[int(len(times) * 0.95)]:.3f}")
    print(f"{name}incremental_changed_blocks_per_keystroke: {statistics.median(changed):.0f}")
    t0 = time.perf_counter()
    _ = update.html
    print(f"{name}preview_html_join_100x_ms: {(time.perf_counter() - t0) * 1000:.2f}")
    print(f"{name}speedup_full_over_keystroke_100x: {full[100] / per_key:.0f}")
    met = per_key <= 1.0 and full[100] / per_key >= 200
    print(f"{name}target_met: {met}")
    return met


def main() -> int:
    if SEED.is_file():
        site, seed, anchor = SITE, SEED, "There was an amazing turnout"
    else:
        site, seed, anchor = SAMPLE_SITE, SAMPLE, "Last Wednesday"
    post = Post.load(seed)
    options = load_profile(site).render_options(seed)
    print(f"seed_post: {seed.name}")
    seed_met = measure("", post.body, options, post.body_line, anchor)
    print(f"code_highlighting: Chroma-like, noClasses={options.highlight.no_classes}, "
          f"style={options.highlight.style}")
    code_met = measure("code20_", code_post(), options, 1, "The speaker typed this during demo 1")
    print(f"all_targets_met: {seed_met and code_met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
