"""Cost against size: render, check and ``meta --set`` at 1, 4 and 20 MB, and the hostile inputs.

Prints ``name: value`` lines (also the spell check of one screen, `spell_screen_*`). Targets (issue #11): time grows linearly with size, so the cost per
MB at 20 MB is close to the cost per MB at 1 MB (``*_ratio_per_mb_20_vs_1`` near 1, well under 2);
every pathological input of the issue takes at most 1 s at 100 KB (``worst_pathological_s``).

The site is built in a temporary folder (a small Hugo config, a few ordinary posts), so the
benchmark needs nothing but the checkout. ``--quick`` skips the 20 MB size (for a fast look).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from recap_editor.document.post import Post  # noqa: E402
from recap_editor.photos.gallery import find_galleries  # noqa: E402
from recap_editor.render.markdown import render_fragment  # noqa: E402
from recap_editor.render.page import render_page  # noqa: E402
from recap_editor.site.checks import check_post  # noqa: E402
from recap_editor.site.profile import load_profile  # noqa: E402

MB = 1024 * 1024
FRONT_MATTER = ('+++\ntitle = "Scale test"\ndate = "2016-05-12T16:00:00-08:00"\n'
                'tags = ["Meetup"]\nauthors = "Bench"\nslug = "scale"\n+++\n')

# One screen of an ordinary recap: what a long post is made of, repeated.
SECTION = """Intro paragraph with *emphasis*, **strong**, `inline code`, a [link](https://example.com/a)
and a reference to [the other post]({{{{< ref "2016_01_01-other.md" >}}}}). Section {n}.

## Talks of part {n}

1. First talk: containers, clusters and *schedulers*.
2. Second talk with a [slide deck](https://example.com/slides-{n}.pdf).
   - nested point with `kubectl get pods`
   - another point

![Audience {n}](/images/posts/scale/crowd.jpg)

```yaml
apiVersion: v1
kind: Pod
metadata:
  name: demo-{n}
```

| Speaker | Topic |
|---------|-------|
| Ada {n} | Pods  |

> A quote from the evening, with "smart quotes" -- and dashes...

<div class="row"><div class="col-md-6"><img src="/images/posts/scale/crowd.jpg" alt="Crowd {n}"></div></div>

"""


def ordinary_body(size: int) -> str:
    parts, total, n = [], 0, 0
    while total < size:
        chunk = SECTION.format(n=n)
        parts.append(chunk)
        total += len(chunk)
        n += 1
    return "Summary.\n\n<!--more-->\n\n" + "".join(parts)


def pathological(size: int) -> dict[str, str]:
    """The hostile inputs of issue #11 (and the usual Markdown backtracking traps), ``size`` chars."""
    words = ("lorem ipsum dolor " * (size // 18 + 1))[:size]
    ticks = "".join("`" * (i % 40 + 1) + " x " for i in range(size // 24))[:size]
    growing = "".join("`" * n + " x " for n in range(1, 2000))[:size]
    return {
        "one_long_line_of_words": words + "\n",
        "setext_like_long_line": words + "\n---\n",
        "data_image": "![pasted](data:image/png;base64," + "iVBORw0KGgo" * (size // 11) + ")\n",
        "data_image_unclosed": "![pasted](data:image/png;base64," + "iVBORw0KGgo" * (size // 11) + "\n",
        "backtick_runs": ticks + "\n",
        "growing_backtick_runs": growing + "\n",
        "figure_shortcode_opens": ("{{< figure " * (size // 11)) + "\n",
        "shortcode_opens_no_close": ("{{< x " * (size // 6)) + "\n",
        "nested_brackets": "[" * (size // 2) + "]" * (size // 2) + "\n",
        "unclosed_brackets": "[a](" * (size // 4) + "\n",
        "image_brackets": "![" * (size // 2) + "\n",
        "emphasis_runs": "*a **b " * (size // 7) + "\n",
        "underscores": "_a __b " * (size // 7) + "\n",
        "nested_blockquotes_lists": "> - " * (size // 4) + "x\n",
        "html_tag_opens": "<a " * (size // 3) + "\n",
        "html_comment_opens": "<!-- " * (size // 5) + "\n",
        "attribute_soup": '<img src="' + 'a="b" ' * (size // 6) + "\n",
        "heading_id_braces": "## title {#" * (size // 11) + "\n",
        "link_reference_defs": "".join(f"[r{i}]: /x{i}\n" for i in range(size // 12)),
        "fence_opens": "```\n" * (size // 4),
        "table_pipes": "|" * size + "\n|-|\n",
        "autolink_like": "http://a." * (size // 9) + "\n",
        "email_like": "a@b." * (size // 4) + "\n",
        "unclosed_gallery_rows": '<div class="row text-center">\n' * (size // 30),
        "fenced_gallery_rows": '```\nx\n```\n<div class="row text-center"></div>\n' * (size // 48),
        "div_opens": "<div " * (size // 5) + "\n",
        "quote_run": '"' * size + "\n",
        "quotes_and_dashes": "\"a\" 'b' -- ... " * (size // 18) + "\n",
        "punctuation_line": '<a href="x" ' * (size // 12) + "\n",
    }


def make_site(root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static" / "images" / "posts" / "scale").mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\n'
                                      "[markup.goldmark.renderer]\nunsafe = true\n")
    for i in range(3):
        (root / "content" / "posts" / f"2016_01_0{i + 1}-other.md").write_text(
            FRONT_MATTER.replace("Scale test", f"Other {i}").replace('"scale"', f'"other-{i}"')
            + "Summary.\n\n<!--more-->\n\nText.\n")
    return root


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(site: Path, profile, name: str, body: str) -> tuple[float, float, float]:
    path = site / "content" / "posts" / f"2016_05_12-{name}.md"
    path.write_text(FRONT_MATTER + body)
    options = profile.render_options(path)

    def do_set() -> None:
        post = Post.load(path)
        post.set("title", "Scale test, edited")
        post.save()

    post = Post.load(path)
    render_s = timed(lambda: render_page(post, options))
    check_s = timed(lambda: check_post(Post.load(path), profile))
    set_s = timed(do_set)
    path.unlink()
    return render_s, check_s, set_s


def window(mb: int) -> None:
    """Open an ``mb`` MB post in the real window (headless) and type: the open time, and the time
    the GUI thread takes per keystroke (issue target: under 100 ms at 20 MB)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    import PySide6.QtWebEngineWidgets  # noqa: F401 - before the QApplication
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from recap_editor.ui.main_window import MainWindow
    from recap_editor.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="recap-scale-window-") as tmp:
        path = Path(tmp) / "2016_05_12-big.md"
        path.write_text(FRONT_MATTER + ordinary_body(mb * MB))
        win = MainWindow(Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)))
        from bench_window import open_post   # the post is read on a worker: until it is shown

        open_s = timed(lambda: (open_post(win, path), win.show(), app.processEvents()))
        win.editor.setFocus()
        win.editor.moveCursor(win.editor.textCursor().MoveOperation.End)
        keys = sorted(timed(lambda: QTest.keyClick(win.editor, "x")) for _ in range(9))
        print(f"window_open_{mb}mb_s: {open_s:.2f}")
        print(f"window_keystroke_{mb}mb_median_ms: {keys[len(keys) // 2] * 1000:.1f}")
        print(f"window_keystroke_{mb}mb_worst_ms: {keys[-1] * 1000:.1f}")
        win.session.close_cleanly()
        win.session._set_modified(False)
        win.close()


def spelling(mb: int) -> None:
    """The editor's spell check of one screen (100 lines, on a worker) at the top and at the end of
    an ``mb`` MB post: it reads only as far as the lines it checks, so the top costs the same at
    every size (the end still reads what is above it, for the code fences)."""
    from recap_editor.spelling.speller import PersonalDictionary, Speller
    from recap_editor.ui.spell_marks import find_misspellings   # Qt-free function of a ui module

    with tempfile.TemporaryDirectory(prefix="recap-scale-spell-") as tmp:
        speller = Speller("en", frozenset(), PersonalDictionary(Path(tmp) / "words.txt"))
        text = FRONT_MATTER + ordinary_body(mb * MB)
        lines = text.count("\n") + 1
        top = timed(lambda: find_misspellings(text, 1, 100, speller))
        end = timed(lambda: find_misspellings(text, lines - 100, lines, speller))
        print(f"spell_screen_top_{mb}mb_ms: {top * 1000:.0f}")
        print(f"spell_screen_end_{mb}mb_ms: {end * 1000:.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 20 MB size")
    parser.add_argument("--only", help="only the pathological inputs whose name contains this")
    parser.add_argument("--window", action="store_true",
                        help="also open a 1 MB and a 20 MB post in the window and type (needs Qt)")
    args = parser.parse_args()
    if args.window:
        for mb in (1, 20):
            window(mb)
    if args.only is None:
        for mb in (1,) if args.quick else (1, 20):
            spelling(mb)
    with tempfile.TemporaryDirectory(prefix="recap-scale-") as tmp:
        site = make_site(Path(tmp))
        profile = load_profile(site)
        render_fragment("warm *up*", profile.render_options())
        if args.only is None:
            sizes = (1, 4) if args.quick else (1, 4, 20)
            per_mb: dict[str, dict[int, float]] = {"render": {}, "check": {}, "set": {}}
            for mb in sizes:
                body = ordinary_body(mb * MB)
                render_s, check_s, set_s = measure(site, profile, f"scale-{mb}mb", body)
                for key, value in (("render", render_s), ("check", check_s), ("set", set_s)):
                    print(f"{key}_{mb}mb_s: {value:.3f}")
                    per_mb[key][mb] = value / (len(body) / MB)
                    print(f"{key}_{mb}mb_s_per_mb: {per_mb[key][mb]:.3f}")
            for key, values in per_mb.items():
                top = max(values)
                print(f"{key}_ratio_per_mb_{top}_vs_1: {values[top] / values[1]:.2f}")
        worst, worst_name = 0.0, ""
        for name, body in pathological(100 * 1024).items():
            if args.only and args.only not in name:
                continue
            render_s, check_s, set_s = measure(site, profile, name, body)
            gallery_s = timed(lambda: find_galleries(body))   # on every cursor move in the window
            print(f"pathological_{name}_100kb_render_s: {render_s:.3f}")
            print(f"pathological_{name}_100kb_check_s: {check_s:.3f}")
            print(f"pathological_{name}_100kb_gallery_s: {gallery_s:.3f}")
            case_worst = max(render_s, check_s, set_s, gallery_s)
            if case_worst > worst:
                worst, worst_name = case_worst, name
        print(f"worst_pathological_s: {worst:.3f}")
        print(f"worst_pathological_case: {worst_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
