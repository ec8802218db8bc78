"""What an export changes in the site: the post against the version it started from.

The *base* is the post as the branch the export starts from holds it (git HEAD at the post's old
path), else, outside git, the post's saved file in the site. A post with no base is new ("Add
recap"); one with a base is an update ("Update recap"), or a move when its slug or date changed
("Move recap"). The summary names the front matter fields, the sections (by heading) and the photos
that changed, for PR.md, the commit message and the Export dialog's "what changed" view, all written
before anything is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from recap_editor.document.post import Post
from recap_editor.site import git
from recap_editor.site.references import find_references, mask_code

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>[^\n]*?)[ \t#]*$", re.MULTILINE)
INTRO = "(before the first heading)"


@dataclass
class PostChanges:
    base_path: PurePosixPath | None          # where the base version lives (site-relative)
    base_text: str | None                    # None: the post is new
    new_path: PurePosixPath
    new_text: str
    base_from: str = ""                      # "master", "HEAD", "the saved file"
    fields: list[str] = field(default_factory=list)
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    sections_changed: list[str] = field(default_factory=list)
    photos_added: list[str] = field(default_factory=list)
    photos_removed: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.base_text is None

    @property
    def moved(self) -> bool:
        return self.base_path is not None and self.base_path != self.new_path

    @property
    def verb(self) -> str:
        """The commit and PR title's verb: Add (new post), Move (new path) or Update."""
        return "Add" if self.is_new else "Move" if self.moved else "Update"

    @property
    def unchanged(self) -> bool:
        return not self.is_new and self.base_text == self.new_text and not self.moved

    def lines(self) -> list[str]:
        """One line per kind of change, for PR.md and the dialog."""
        if self.is_new:
            return [f"New post `{self.new_path}`"]
        out = []
        if self.moved:
            out.append(f"Moved `{self.base_path}` → `{self.new_path}`")
        if self.fields:
            out.append("Fields: " + ", ".join(f"`{name}`" for name in self.fields))
        for label, names in (("Sections added", self.sections_added),
                             ("Sections removed", self.sections_removed),
                             ("Sections edited", self.sections_changed)):
            if names:
                out.append(f"{label}: " + ", ".join(f"“{name}”" for name in names))
        for label, urls in (("Photos added", self.photos_added), ("Photos removed", self.photos_removed)):
            if urls:
                out.append(f"{label} ({len(urls)}): " + ", ".join(f"`{url}`" for url in urls))
        return out or ["No change to the post's text"]

    def diff(self) -> str:
        """A unified diff of the post against its base (the whole post as added when it is new)."""
        old = (self.base_text or "").splitlines(keepends=True)
        new = self.new_text.splitlines(keepends=True)
        before = f"a/{self.base_path}" if self.base_path else "/dev/null"
        return "".join(difflib.unified_diff(old, new, before, f"b/{self.new_path}"))


def sections(body: str) -> dict[str, str]:
    """Heading text -> the section's text (up to the next heading); the part before the first
    heading is :data:`INTRO`. Headings inside code are ignored; a repeated heading gets " (2)"."""
    masked = mask_code(body)
    found: dict[str, str] = {}
    starts = [(m.start(), re.sub(r"[*_`]", "", body[m.start("text"):m.end("text")]).strip())
              for m in _HEADING.finditer(masked)]
    bounds = [(0, INTRO)] + starts
    for i, (start, name) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(body)
        key, n = name or "(untitled heading)", 2
        while key in found:
            key, n = f"{name} ({n})", n + 1
        found[key] = body[start:end]
    if not found[INTRO].strip():
        del found[INTRO]
    return found


def photo_urls(body: str) -> list[str]:
    """The local images the body shows, in order, each once."""
    seen: dict[str, None] = {}
    for ref in find_references(body):
        if ref.kind == "image" and not ref.is_remote:
            seen.setdefault(ref.url)
    return list(seen)


def compare(base_text: str | None, new_text: str, new_path: PurePosixPath,
            base_path: PurePosixPath | None = None, base_from: str = "") -> PostChanges:
    """The changes from ``base_text`` (None: a new post) to ``new_text``."""
    changes = PostChanges(base_path if base_text is not None else None, base_text, new_path,
                          new_text, base_from)
    if base_text is None:
        changes.photos_added = photo_urls(Post.from_text(new_text).body)
        return changes
    old, new = Post.from_text(base_text), Post.from_text(new_text)
    keys = list(dict.fromkeys([*old.fields, *new.fields]))
    changes.fields = [k for k in keys if old.fields.get(k) != new.fields.get(k)
                      or (k in old.fields) != (k in new.fields)]
    before, after = sections(old.body), sections(new.body)
    changes.sections_added = [name for name in after if name not in before]
    changes.sections_removed = [name for name in before if name not in after]
    changes.sections_changed = [name for name in after if name in before
                                and before[name].strip() != after[name].strip()]
    old_photos, new_photos = photo_urls(old.body), photo_urls(new.body)
    changes.photos_added = [u for u in new_photos if u not in old_photos]
    changes.photos_removed = [u for u in old_photos if u not in new_photos]
    return changes


def repo_of(root: Path) -> Path | None:
    """The git checkout holding the site, or None (no git, or not a checkout)."""
    try:
        return git.toplevel(root)
    except git.GitError:
        return None


def repo_path(repo: Path, root: Path, rel: PurePosixPath) -> str:
    """A site-relative path as a path in the repository."""
    return (PurePosixPath(root.resolve().relative_to(repo).as_posix()) / rel).as_posix().removeprefix("./")


def plan_changes(plan, base_commit: str | None = None) -> PostChanges:
    """The changes an export plan makes to the post, against ``base_commit`` (default HEAD) of the
    site's git checkout, else against the post's saved file in the site."""
    profile = plan.profile
    new_path = plan.post_file.target
    new_text = plan.post_file.read().decode("utf-8", "replace")
    base_path = plan.moved_from or new_path
    repo = repo_of(profile.root)
    if repo is not None:
        commit = base_commit or git.head_commit(repo)
        if commit is not None:
            blob = git.show_blob(repo, commit, repo_path(repo, profile.root, base_path))
            where = git.current_branch(repo) or commit[:12]
            text = blob.decode("utf-8", "replace") if blob is not None else None
            return compare(text, new_text, new_path, base_path, where)
    own = _own_site_path(plan)
    if own is not None and (profile.root / own).is_file():
        text = (profile.root / own).read_bytes().decode("utf-8", "replace")
        return compare(text, new_text, new_path, own, "the saved file")
    return compare(None, new_text, new_path)


def _own_site_path(plan) -> PurePosixPath | None:
    """The post's own path in the site's content folder (None for a draft elsewhere)."""
    post = plan.post
    if post.path is None:
        return None
    try:
        post.path.resolve().relative_to(plan.profile.content_dir.resolve())
        return PurePosixPath(post.path.resolve().relative_to(plan.profile.root.resolve()).as_posix())
    except ValueError:
        return None
