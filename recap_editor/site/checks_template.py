"""The leftover-template check: a line of the new-post template still there, word for word.

A new post starts from a template full of instructions ("Write a two or three sentence summary…",
a sample talk line); forgetting one publishes it.  The template lines are those of the editor's
new-post template and of the site's own Hugo archetype for posts (``archetypes/<section>.md`` or
``archetypes/default.md``), when it has one; headings, the fold and blank lines are structure a
writer keeps, so only lines with words are compared.
"""

from __future__ import annotations

import re
from pathlib import Path

from recap_editor.document.post import DocumentError, Post
from recap_editor.paths import resource_path

_WORDS = re.compile(r"[^\W\d_]{2,}")
_STRUCTURE = re.compile(r"^\s*(#|<!--|\{\{|</?\w+[^>]*>\s*$|[-*_]{3,}\s*$)")
MIN_WORDS = 3


def _prose_lines(body: str) -> set[str]:
    lines = set()
    for line in body.splitlines():
        text = line.strip()
        if text and not _STRUCTURE.match(text) and len(_WORDS.findall(text)) >= MIN_WORDS:
            lines.add(text)
    return lines


def _editor_template_body() -> str:
    text = resource_path("templates", "new_post.md").read_text(encoding="utf-8")
    # the template's front matter is "${delimiter}\n${front_matter}${delimiter}": the body follows
    parts = text.split("${delimiter}")
    return parts[-1] if len(parts) >= 3 else text


def template_lines(profile=None) -> set[str]:
    """The prose lines a new post starts with, for this site."""
    lines = _prose_lines(_editor_template_body())
    root = getattr(profile, "root", None)
    if root is not None:
        section = getattr(profile, "posts_section", None) or "posts"
        for name in (f"{section}.md", "default.md"):
            archetype = Path(root) / "archetypes" / name
            if archetype.is_file():
                try:
                    lines |= _prose_lines(Post.load(archetype).body)
                except DocumentError:
                    pass
                break
    return lines


def check_leftover_template(report, profile) -> None:
    """Warn about every body line that is still a line of the new-post template."""
    leftovers = template_lines(profile)
    if not leftovers:
        return
    for number, line in enumerate(report.post.body.splitlines(), start=1):
        text = line.strip()
        if text in leftovers:
            shown = text if len(text) <= 60 else text[:57] + "…"
            report.add("warning", report.body_line(number),
                       f"template text left in the post: \"{shown}\"",
                       "replace it with your own words, or delete it")
