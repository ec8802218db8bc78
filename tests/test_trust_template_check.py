"""The leftover-template check (issue #9): template lines left unchanged are warnings, in the core
and in `recap-editor check`; edited lines, headings and the fold are not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from recap_editor.document.new_post import new_post_text
from recap_editor.document.post import Post
from recap_editor.site.checks import check_post
from recap_editor.site.profile import load_profile


def _site(root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / "config.toml").write_text('baseURL = "http://example.org/"\ntitle = "T"\n')
    return root


def _leftovers(problems):
    return [p for p in problems if "template text" in p.message]


def test_untouched_template_lines_are_warnings_with_their_lines(tmp_path):
    site = _site(tmp_path / "site")
    text = new_post_text("PDX Cloud Native", date="2026-10-14T18:00:00-07:00", authors="Jane Doe",
                         tags=["Meetup"])
    text = text.replace("Thank everyone who made the event happen: the hosts, the sponsors and the speakers.",
                        "Thanks to our hosts!")
    path = site / "content" / "posts" / "2026_10_14-pdx-cloud-native.md"
    path.write_text(text)
    found = _leftovers(check_post(Post.load(path), load_profile(site)))
    lines = text.splitlines()
    assert all(p.severity == "warning" for p in found)
    shown = {lines[p.line - 1].strip()[:20] for p in found}
    assert shown == {"Write a two or three", "and what the highlig", "- Speaker ([Company]",
                     "Drop your photos ont"}
    assert all("# **" not in lines[p.line - 1] for p in found)


def test_a_site_archetype_adds_its_lines(tmp_path):
    site = _site(tmp_path / "site")
    (site / "archetypes").mkdir()
    (site / "archetypes" / "posts.md").write_text("---\ntitle: x\n---\n\nDescribe the venue and the food here.\n")
    path = site / "content" / "posts" / "p.md"
    path.write_text('+++\ntitle = "P"\ndate = "2026-10-14T18:00:00-07:00"\nslug = "p"\n+++\n\n'
                    "Describe the venue and the food here.\n\nOur own words here.\n")
    found = _leftovers(check_post(Post.load(path), load_profile(site)))
    assert [p.line for p in found] == [7]


def test_check_cli_reports_it(tmp_path):
    site = _site(tmp_path / "site")
    path = site / "content" / "posts" / "2026_10_14-x.md"
    path.write_text(new_post_text("X", date="2026-10-14T18:00:00-07:00", authors="Jane Doe"))
    out = subprocess.run([sys.executable, "-m", "recap_editor", "check", str(path)],
                         capture_output=True, text=True)
    assert "warning: template text left in the post" in out.stdout + out.stderr
