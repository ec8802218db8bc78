"""``check --hugo`` builds a copy of the site and never writes into the writer's site: not through
hard links (``build.writeStats`` rewrites ``hugo_stats.json`` in the source folder), not its
output, not its lock file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from recap_editor.site.hugo import build_check
from recap_editor.site.hugo_binary import find_hugo
from recap_editor.site.profile import load_profile


def _snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file's bytes (hashed) and inode link count."""
    return {p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_nlink)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def stats_site(tmp_path: Path) -> Path:
    if find_hugo() is None:
        pytest.skip("hugo is not installed")
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "layouts/_default").mkdir(parents=True)
    (site / "config.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Stats"\n\n[build]\n  writeStats = true\n'
        '[build.buildStats]\n  enable = true\n\n[markup.goldmark.renderer]\n  unsafe = true\n')
    (site / "layouts/_default/single.html").write_text(
        '<article class="post-body">{{ .Content }}</article>\n')
    (site / "layouts/_default/list.html").write_text("{{ range .Pages }}{{ .Title }}{{ end }}\n")
    (site / "layouts/index.html").write_text('<main class="home">home</main>\n')
    (site / "hugo_stats.json").write_text('{"htmlElements": {"x": 1}}')   # as committed
    (site / "content/posts/hello.md").write_text(
        '+++\ntitle = "Hello"\ndate = "2024-01-02T10:00:00Z"\nslug = "hello"\n+++\n\n'
        '<div class="gallery-row">A row</div>\n\nSome **text**.\n')
    return site


def test_build_check_leaves_the_site_byte_identical(stats_site: Path) -> None:
    before = _snapshot(stats_site)
    problems = build_check(stats_site / "content/posts/hello.md", load_profile(stats_site))
    assert [p for p in problems if p.is_error] == [], problems
    assert _snapshot(stats_site) == before
    assert all(nlink == 1 for _, nlink in before.values())
    assert not (stats_site / "public").exists() and not (stats_site / ".hugo_build.lock").exists()


def test_the_copy_is_not_made_of_links(stats_site: Path, tmp_path: Path) -> None:
    from recap_editor.site.hugo import _copy_site

    _copy_site(stats_site, tmp_path / "copy")
    copied = tmp_path / "copy/hugo_stats.json"
    assert copied.read_bytes() == (stats_site / "hugo_stats.json").read_bytes()
    assert copied.stat().st_ino != (stats_site / "hugo_stats.json").stat().st_ino
    copied.write_text("rewritten by hugo")
    assert (stats_site / "hugo_stats.json").read_text() == '{"htmlElements": {"x": 1}}'
