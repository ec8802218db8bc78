"""Infer a site's conventions from what its writers already did.

Each function looks at the existing posts (and ``CONTRIBUTING.md``) and returns the dominant
convention plus a short note of the evidence (``"7 of 9 posts"``), so the profile can tell the writer
where every value came from. Outliers (one corekube post is ``2016_03_14_volumes.md``) never decide
a convention; they only lose the vote.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recap_editor.document.post import DocumentError, Post
from recap_editor.document.schema import Field, Schema, is_date_like, value_type
from recap_editor.site.post_reads import read_site_post
from recap_editor.site.references import find_references, first_raw_html_line, has_fold, url_path

# yyyy<sep>mm<sep>dd<joiner>rest: the date prefix most sites put in post file names.
_DATED_STEM = re.compile(r"^(?P<y>\d{4})(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?P<join>[-_.])(?P<rest>.+)$")


@dataclass
class SitePost:
    """One existing post as the inference sees it."""

    path: Path
    post: Post
    bundle: bool              # a page bundle: <name>/index.md

    @property
    def name(self) -> str:    # the file's (or bundle folder's) name without .md
        return self.path.parent.name if self.bundle else self.path.stem

    @property
    def slug(self) -> str | None:
        value = self.post.get("slug")
        return value if isinstance(value, str) and value else None


@dataclass
class Inferred:
    value: Any
    evidence: str = ""


@dataclass
class Contributing:
    """Rules stated in CONTRIBUTING.md (or similar), when the site has one."""

    path: Path | None = None
    section: str | None = None          # "posts" from "placed in: `content/posts/`"
    filename_example: str | None = None  # "2016_01_01-my-first-post.md"
    mentions_fold: bool = False
    fields: list[str] = field(default_factory=list)


# The conventions come from ordinary posts: a huge one (a pasted data: image, a 20 MB paste) says
# nothing more about them, and a slow scan must not slow every command on every post of the site.
SCAN_MAX_BYTES = 2 * 1024 * 1024
SCAN_BUDGET_SECONDS = 5.0


def read_posts(section_dir: Path, skipped: list[str] | None = None,
               budget_seconds: float | None = None) -> list[SitePost]:
    """Every post of a section folder, flat files and page bundles.

    Skipped (and named in ``skipped`` as "path: why"): files that cannot be read, posts whose front
    matter cannot be parsed, posts over :data:`SCAN_MAX_BYTES`, and whatever is left once the scan
    has used ``budget_seconds``."""
    posts: list[SitePost] = []
    skipped = skipped if skipped is not None else []
    if not section_dir.is_dir():
        return posts
    deadline = time.monotonic() + (SCAN_BUDGET_SECONDS if budget_seconds is None else budget_seconds)
    for path in sorted(section_dir.iterdir()):
        if path.is_file() and path.suffix.lower() in (".md", ".markdown") and not path.name.startswith("_index."):
            bundle = False
        elif path.is_dir() and (path / "index.md").is_file():
            path, bundle = path / "index.md", True
        else:
            continue
        if time.monotonic() > deadline:
            skipped.append(f"{path}: not read, the scan of the site's posts ran out of time")
            continue
        try:
            size = path.stat().st_size
            if size > SCAN_MAX_BYTES:
                skipped.append(f"{path}: {size / 1e6:.1f} MB, too big to learn conventions from")
                continue
            post = read_site_post(path)   # read for the site, not opened: its folder left alone
        except (DocumentError, OSError) as exc:
            skipped.append(f"{path}: {getattr(exc, 'message', None) or exc}")
            continue
        if post.error is not None:
            skipped.append(f"{path}: {post.error.message}")
            continue
        posts.append(SitePost(path, post, bundle))
    return posts


def infer_section(content_dir: Path, stated: str | None) -> Inferred:
    """The content sub-folder holding the most posts (``posts`` wins a tie)."""
    counts: Counter[str] = Counter()
    if content_dir.is_dir():
        for sub in content_dir.iterdir():
            if sub.is_dir():
                counts[sub.name] = sum(1 for p in sub.iterdir()
                                       if (p.suffix == ".md" and not p.name.startswith("_index."))
                                       or (p / "index.md").is_file())
    if stated and (content_dir / stated).is_dir():
        return Inferred(stated, f"CONTRIBUTING.md; {counts.get(stated, 0)} posts there")
    if not counts or max(counts.values()) == 0:
        return Inferred("posts", "default (no posts yet)")
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0] == "posts", kv[0]))
    return Inferred(best[0], f"{best[1]} posts in content/{best[0]}/")


def infer_page_bundles(posts: list[SitePost]) -> Inferred:
    bundles = sum(p.bundle for p in posts)
    if not posts:
        return Inferred(False, "default")
    return Inferred(bundles * 2 > len(posts), f"{bundles} of {len(posts)} posts are page bundles")


def _post_date(post: Post) -> dt.date | None:
    value = post.get("date")
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, str) and is_date_like(value):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return dt.date.fromisoformat(value.strip())
    return None


def name_pattern_of(stem: str, slug: str | None) -> str:
    """The pattern one file name follows: ``2016_05_12-k8s-socal`` + slug ``k8s-socal`` ->
    ``{date:%Y_%m_%d}-{slug}``; names that are not the slug keep a ``{name}`` placeholder."""
    m = _DATED_STEM.match(stem)
    if m:
        sep = m.group("sep")
        date_part = "{date:%Y" + sep + "%m" + sep + "%d}"
        rest = "{slug}" if slug is None or m.group("rest") == slug else "{name}"
        return f"{date_part}{m.group('join')}{rest}"
    return "{slug}" if slug is None or stem == slug else "{name}"


def infer_filename_pattern(posts: list[SitePost], contributing: Contributing,
                           bundles: bool) -> Inferred:
    """The dominant file name pattern, e.g. ``{date:%Y_%m_%d}-{slug}.md`` (``index.md`` bundles:
    the pattern names the folder and ends in ``/index.md``)."""
    votes = Counter(name_pattern_of(p.name, p.slug) for p in posts)
    votes.pop("{name}", None)
    suffix = "/index.md" if bundles else ".md"
    if contributing.filename_example:
        stem = Path(contributing.filename_example).stem
        stated = name_pattern_of(stem, None)
        if stated != "{name}":
            return Inferred(stated + suffix, f"CONTRIBUTING.md example '{contributing.filename_example}'; "
                                             f"{votes.get(stated, 0)} of {len(posts)} posts")
    real = {k: v for k, v in votes.items() if "{name}" not in k}
    if not real:
        return Inferred("{slug}" + suffix, "default (no posts to learn from)")
    best, count = max(real.items(), key=lambda kv: (kv[1], kv[0]))
    return Inferred(best + suffix, f"{count} of {len(posts)} posts")


def infer_image_dir_pattern(posts: list[SitePost], static_dir: Path, bundles: bool) -> Inferred:
    """Where a post's images live, relative to ``static/``: ``images/{slug}`` when most posts keep
    theirs in a folder named after their slug (others may share an event folder)."""
    if bundles:
        return Inferred("", "page bundles keep images beside index.md")
    votes: Counter[str] = Counter()
    with_images = 0
    for p in posts:
        folders = {str(Path(url_path(r.url)).parent).lstrip("/") for r in find_references(p.post.body)
                   if r.kind == "image" and url_path(r.url).startswith("/") and not r.is_remote}
        if not folders:
            continue
        with_images += 1
        slugs = {p.slug, p.name}
        for folder in folders:
            head, _, last = folder.rpartition("/")
            if last in slugs and (static_dir / folder).is_dir():
                votes[f"{head}/{{slug}}" if head else "{slug}"] += 1
                break
        else:
            votes["(shared folder)"] += 1
    real = {k: v for k, v in votes.items() if k != "(shared folder)"}
    if not real:
        return Inferred("images/{slug}", "default (no post keeps images in a folder named after it)")
    best, count = max(real.items(), key=lambda kv: kv[1])
    return Inferred(best, f"{count} of {with_images} posts with images; the rest share event folders")


def infer_front_matter_format(posts: list[SitePost]) -> Inferred:
    votes = Counter(p.post.format for p in posts if p.post.format)
    if not votes:
        return Inferred("toml", "default")
    best, count = votes.most_common(1)[0]
    return Inferred(best, f"{count} of {len(posts)} posts")


def infer_schema(posts: list[SitePost], base: Schema, stated: list[str] = ()) -> Inferred:
    """Keys in first-seen order, the commonest type of each; required when CONTRIBUTING.md's
    example has it, or (nearly) every post has it: from 4 posts on, one in ten may lack it (a new
    post being written in the site must not make a field optional)."""
    parsed = [p.post.fields for p in posts if p.post.error is None and p.post.format]
    if not parsed:
        return Inferred(base, "default schema (no posts to learn from)")
    order: list[str] = []
    types: dict[str, Counter[str]] = {}
    for fields in parsed:
        for key, value in fields.items():
            if key not in types:
                order.append(key)
                types[key] = Counter()
            types[key][value_type(value)] += 1
    result = []
    outliers = max(1, len(parsed) // 10) if len(parsed) >= 4 else 0
    for key in order:
        kind = types[key].most_common(1)[0][0]
        present = sum(types[key].values())
        known = base.get(key)
        required = key in stated or present >= len(parsed) - outliers
        result.append(Field(key, kind, required=required, help=known.help if known else ""))
    return Inferred(Schema(tuple(result)), f"front matter of {len(parsed)} posts")


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def infer_vocabulary(posts: list[SitePost], key: str) -> list[str]:
    """Values of ``tags``/``authors`` across posts, commonest first (ties alphabetical)."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for p in posts:
        for name in _names(p.post.get(key)):
            spelling.setdefault(name.lower(), name)
            counts[name.lower()] += 1
    return [spelling[k] for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def infer_more_fold(posts: list[SitePost], contributing: Contributing) -> Inferred:
    folded = sum(has_fold(p.post.body) for p in posts)
    if contributing.mentions_fold:
        return Inferred(True, f"CONTRIBUTING.md asks for it; {folded} of {len(posts)} posts have it")
    return Inferred(bool(posts) and folded * 2 > len(posts), f"{folded} of {len(posts)} posts have it")


def infer_raw_html(posts: list[SitePost]) -> int:
    """How many posts use raw HTML (the writers relied on it being passed through)."""
    return sum(first_raw_html_line(p.post.body) is not None for p in posts)


def read_contributing(root: Path) -> Contributing:
    """The rules a site's CONTRIBUTING.md states in words a writer would use."""
    for name in ("CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md"):
        path = root / name
        if path.is_file():
            break
    else:
        return Contributing()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Contributing()
    found = Contributing(path=path)
    placed = re.search(r"placed in:?\s*`?content/([\w.-]+)/?`?", text, re.IGNORECASE)
    if placed:
        found.section = placed.group(1)
    example = re.search(r"file ?name[^`\n]*`([^`/\s]+\.md)`", text, re.IGNORECASE)
    if example:
        found.filename_example = example.group(1)
    found.mentions_fold = "<!--more-->" in text
    front = re.search(r"^\s*\+\+\+\s*$(.*?)^\s*\+\+\+\s*$", text, re.MULTILINE | re.DOTALL)
    if front:
        found.fields = re.findall(r"^\s*([A-Za-z_][\w-]*)\s*=", front.group(1), re.MULTILINE)
    return found
