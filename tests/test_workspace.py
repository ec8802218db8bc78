"""The application layer without Qt (issue #9): epochs, the site as a value, naming, field rules."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from recap_editor.document.new_post import new_post_text
from recap_editor.document.post import Post
from recap_editor.workspace import naming
from recap_editor.workspace.epochs import EpochClock, Stamped
from recap_editor.workspace.fields import field_edits
from recap_editor.workspace.site import load_site
from recap_editor.workspace.workspace import Workspace, stamped

WORKSPACE = Path(__file__).resolve().parent.parent / "recap_editor" / "workspace"


FLOORS = {"document": 1, "render": 2, "photos": 2, "site": 3, "workspace": 4, "ui": 5, "cli": 5}
ENTRY_POINTS = {("cli", "ui")}   # `recap-editor` with no subcommand opens the window


def _imports(module: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_each_floor_imports_only_floors_below_it_and_the_core_no_qt():
    """The floors of DESIGN.md as a contract: document < render, photos < site < workspace < ui, cli."""
    broken = []
    for package, floor in FLOORS.items():
        for module in (WORKSPACE.parent / package).rglob("*.py"):
            for name in _imports(module):
                parts = name.split(".")
                if name.startswith("PySide6") and floor < 5:
                    broken.append(f"{module.name} ({package}) imports Qt: {name}")
                if parts[0] == "recap_editor" and len(parts) > 1 and parts[1] in FLOORS:
                    other = parts[1]
                    if other != package and FLOORS[other] >= floor and (package, other) not in ENTRY_POINTS:
                        broken.append(f"{package}/{module.name} imports {name} (floor {FLOORS[other]})")
    assert broken == []


def test_results_for_an_older_text_or_another_post_are_stale():
    clock = EpochClock()
    first = clock.new_post()
    result = stamped(first, lambda: 42)
    assert clock.is_current(result) and result.value == 42
    clock.edited()
    assert not clock.is_current(result) and clock.same_post(result)
    clock.new_post()
    assert not clock.same_post(result)
    failed = stamped(clock.now(), lambda: 1 / 0)
    assert isinstance(failed, Stamped) and not failed.ok and "division" in failed.error


def _site(root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "T"\n')
    return root


def test_a_broken_site_is_a_value_naming_file_and_line(tmp_path):
    site = _site(tmp_path / "site")
    (site / "recap-editor.toml").write_text('web_size = 1600\nweb_size = "twice"\n')
    post = site / "content" / "posts" / "p.md"
    post.write_text("+++\ntitle = \"P\"\n+++\n")
    state = load_site(post)
    assert state.in_site and state.broken and state.profile is None
    assert state.error_file == site / "recap-editor.toml" and state.error_line == 2
    assert str(site / "recap-editor.toml") + ":2" in state.error
    assert not load_site(tmp_path / "elsewhere.md").in_site
    (site / "recap-editor.toml").unlink()
    good = load_site(post)
    assert good.profile is not None and not good.broken


def test_workspace_caches_the_site_and_suggests_names(tmp_path):
    site = _site(tmp_path / "site")
    workspace = Workspace()
    assert workspace.cached_site(site / "content" / "posts" / "x.md") is None
    assert workspace.set_site(load_site(site))
    assert workspace.cached_site(site.resolve() / "content" / "posts" / "x.md").root == site.resolve()
    post = Post.from_text(new_post_text("PDX Meetup", date="2026-10-14T18:00:00-07:00"))
    # an empty site: its posts are named by their slug (Hugo's default)
    assert workspace.suggested_save_path(post) == site.resolve() / "content" / "posts" / "pdx-meetup.md"
    assert naming.suggested_save_path(post, None, home=tmp_path) == tmp_path / "2026_10_14-pdx-meetup.md"
    assert naming.split_dropped([Path("a.md"), Path("b.JPG"), Path("c.markdown")]) == \
        ([Path("a.md"), Path("c.markdown")], [Path("b.JPG")])


def test_site_posts_are_listed_newest_first(tmp_path):
    site = _site(tmp_path / "site")
    for day in (3, 1, 2):
        (site / "content" / "posts" / f"p{day}.md").write_text(
            new_post_text(f"Day {day}", date=dt.datetime(2026, 1, day, tzinfo=dt.timezone.utc).isoformat()))
    (site / "content" / "posts" / "broken.md").write_bytes(b"\xff\xfe")
    rows = naming.site_posts(load_site(site).profile)
    assert [r.title for r in rows[:3]] == ["Day 3", "Day 2", "Day 1"] and rows[3].title == "broken"


def test_slug_follows_title_only_for_new_posts_while_it_matches():
    fields = {"title": "New event recap", "slug": "new-event-recap"}
    assert field_edits(fields, "title", "PDX Meetup", is_new=True) == \
        [("title", "PDX Meetup"), ("slug", "pdx-meetup")]
    assert field_edits(fields, "title", "PDX Meetup", is_new=False) == [("title", "PDX Meetup")]
    assert field_edits({"title": "A", "slug": "custom"}, "title", "B", is_new=True) == [("title", "B")]
    assert field_edits({"title": "A"}, "title", "B", is_new=True) == [("title", "B")]   # no slug field
