"""What issue #9 moved off the GUI thread, and what it costs there now.

Prints ``name: value`` lines, measured in this run on a generated 500-post Hugo site:

- ``site_load_profile_ms`` / ``site_load_with_pages_ms``: the worker's site load before and with
  the page table ``ref`` now reads (``site_load_pages_ratio``: the second over the first);
- ``ref_disk_ms`` / ``ref_table_ms``: resolving 50 ``ref`` shortcodes by searching the disk (what
  the GUI thread did for an inline render) and from the page table (``ref_table_speedup``);
- ``save_full_ms`` / ``save_gui_part_ms``: a whole save of a 200 KB post, and the part left on the
  GUI thread (the rename: the content-hash checks run on the save's worker; ``save_gui_share``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from recap_editor.document.post import Post  # noqa: E402
from recap_editor.render import shortcodes  # noqa: E402
from recap_editor.site import index  # noqa: E402
from recap_editor.site.profile import load_profile  # noqa: E402
from recap_editor.workspace.disk import prepare_save  # noqa: E402
from recap_editor.workspace.site import load_site  # noqa: E402

POST = ('+++\ntitle = "Post {i}"\ndate = "2016-05-{d:02d}T16:00:00-08:00"\nslug = "post-{i}"\n'
        'tags = ["Meetup"]\nauthors = ["Jane Doe"]\n+++\n\nSummary {i}.\n\n<!--more-->\n\n{body}\n')


def make_site(root: Path, posts: int = 500) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\n'
                                      '[permalinks]\nposts = "/:year/:month/:slug/"\n')
    body = "A paragraph of an ordinary recap, long enough to be read. " * 40
    for i in range(posts):
        (root / "content" / "posts" / f"post-{i}.md").write_text(
            POST.format(i=i, d=i % 28 + 1, body=body))
    return root


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site")
        post_path = site / "content" / "posts" / "post-0.md"
        profile_ms = best(lambda: load_profile(site))

        def with_pages():
            index._CACHE.clear()   # cold, as the first open of the site
            return load_site(post_path)
        pages_ms = best(with_pages)
        print(f"site_load_profile_ms: {profile_ms:.1f}")
        print(f"site_load_with_pages_ms: {pages_ms:.1f}")
        print(f"site_load_pages_ratio: {pages_ms / profile_ms:.2f}")

        state = load_site(post_path)
        on_disk = state.profile.render_options(post_path)
        table = state.profile.render_options(post_path)
        table.content_urls = state.content_urls
        refs = [[f"post-{i * 7 % 500}"] for i in range(50)]
        disk_ms = best(lambda: [shortcodes.resolve_ref("relref", r, on_disk) for r in refs])
        table_ms = best(lambda: [shortcodes.resolve_ref("relref", r, table) for r in refs])
        print(f"ref_disk_ms: {disk_ms:.2f}")
        print(f"ref_table_ms: {table_ms:.2f}")
        print(f"ref_table_speedup: {disk_ms / max(table_ms, 1e-6):.0f}")

        big = site / "content" / "posts" / "big.md"
        big.write_text(POST.format(i=9999, d=1, body="word " * 40_000))
        post = Post.load(big)
        full_ms = best(lambda: post.save(force=True))
        gui: list[float] = []

        def split():
            request = post.save_request()
            prepared = prepare_save(request)   # the worker's part: check, write, fsync, check again
            start = time.perf_counter()
            post.commit_save(request, prepared.pending)
            gui.append(time.perf_counter() - start)
        best(split)
        gui_ms = min(gui) * 1000
        print(f"save_full_ms: {full_ms:.2f}")
        print(f"save_gui_part_ms: {gui_ms:.2f}")
        print(f"save_gui_share: {gui_ms / full_ms:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
