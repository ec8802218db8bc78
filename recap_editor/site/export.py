"""Export a post and its images laid out like the site: onto a git branch, into a folder, or a zip.

:func:`plan_export` decides everything first (which files, where, which URLs change) without writing
anything; the three exports then only carry the plan out, after the preflight checks (errors block
unless ``force``). Every target path is one the profile made from a checked slug and checked file
names, and is verified again against the target folder, so nothing is ever written outside it.

Images: one already in the site's ``static/`` folder keeps its place and URL (posts may share an
event folder); any other (a draft's ``images/<slug>/…`` beside it, a ``file:`` URL) is copied into
the profile's image folder and its URL in the post rewritten to the site path.

The exports themselves: a folder or zip in :mod:`recap_editor.site.export_files`, a branch in
:mod:`recap_editor.site.export_branch`; both build on the plan and the helpers here.

A post opened from the site's content folder whose slug or date changed belongs at a new path: the
export is then a *move* (``ExportPlan.moved_from``). The branch export deletes the old file in the
same commit; a folder or zip cannot delete, so PR.md, the message and ``DELETE.txt`` say which files to delete
(:mod:`recap_editor.site.deletions`; photos the update no longer shows too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable

from recap_editor.document.post import Post
from recap_editor.document.slug import is_slug, post_slug, slugify
from recap_editor.site.checks import Problem, check_post, has_errors
from recap_editor.site.checks_media import image_size, resolve_local
from recap_editor.site.profile import Profile, UnsafeNameError, safe_name
from recap_editor.site.references import IMAGE_EXTENSIONS, find_references, summary_text

__all__ = ["ExportError", "ExportFile", "ExportPlan", "ExportResult", "plan_export", "export_folder",
           "export_zip", "export_branch", "preflight", "pr_text"]


class ExportError(Exception):
    """An export refused or failed; nothing was changed. ``problems`` holds blocking checks."""

    def __init__(self, message: str, problems: list[Problem] | None = None,
                 line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.line = line   # the post's line the message is about, when there is one


@dataclass(frozen=True)
class ExportFile:
    target: PurePosixPath        # relative to the site root: content/posts/x.md, static/images/x/a.jpg
    kind: str                    # "post" | "image"
    source: Path | None = None   # the image file to copy
    data: bytes | None = None    # the post's bytes (URLs rewritten)

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.source is not None
        return self.source.read_bytes()


@dataclass
class ExportPlan:
    post: Post
    profile: Profile
    slug: str
    title: str
    files: list[ExportFile]
    rewrites: list[tuple[str, str]] = field(default_factory=list)   # (old URL, new URL)
    missing: list[str] = field(default_factory=list)                 # image URLs with no file
    moved_from: PurePosixPath | None = None   # the post's old path in the site, when it moves

    @property
    def move_text(self) -> str | None:
        """'moves content/posts/old.md → content/posts/new.md', or None when the post stays put."""
        if self.moved_from is None:
            return None
        return f"moves {self.moved_from} → {self.post_file.target}"

    @property
    def post_file(self) -> ExportFile:
        return next(f for f in self.files if f.kind == "post")

    @property
    def images(self) -> list[ExportFile]:
        return [f for f in self.files if f.kind == "image"]

    @property
    def exported_post(self) -> Post:
        return Post.from_bytes(self.post_file.read(), self.profile.root / self.post_file.target)


@dataclass
class ExportResult:
    kind: str                    # "branch" | "folder" | "zip"
    target: str                  # branch name, folder or zip path
    files: list[str]             # what was written (relative paths), in plan order
    message: str                 # human-readable summary with next steps
    problems: list[Problem] = field(default_factory=list)   # preflight warnings (and forced errors)
    commit: str | None = None
    next_steps: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)   # deleted by the commit (a moved post's old path)
    changes: object | None = None   # site.changes.PostChanges: the post against where it started
    pr: str = ""                    # the pull request's text (PR.md), for a branch export too
    to_delete: list[str] = field(default_factory=list)   # folder/zip: site files to delete by hand


def checked_target(rel: PurePosixPath) -> PurePosixPath:
    if rel.is_absolute() or any(part in ("", ".", "..") for part in rel.parts) or not rel.parts:
        raise ExportError(f"refusing to write {rel}: the path would leave the target")
    return rel


def _slug_of(post: Post) -> str:
    slug = post_slug(post) or ""
    try:
        safe_name(slug, "slug")
    except UnsafeNameError as exc:
        raise ExportError(str(exc)) from None
    if not is_slug(slug):
        raise ExportError(f"slug {slug!r} is not kebab-case; use {slugify(slug)!r}")
    return slug


def plan_export(post: Post | Path | str, profile: Profile,
                images: Iterable[Path | str] | None = None) -> ExportPlan:
    """What an export of ``post`` writes: the post (image URLs rewritten) and every local image it
    shows or links to, plus ``images`` (extra files, e.g. photos not yet placed in the text).
    Raises :class:`ExportError` for a post that cannot be placed (bad front matter, unsafe slug or
    image names)."""
    if not isinstance(post, Post):
        post = Post.load(post)
    if post.error is not None:
        # The message only: callers name the post's path (and the line) themselves.
        raise ExportError(f"cannot export: {post.error.message}", line=post.error.line)
    slug = _slug_of(post)
    title = str(post.get("title") or slug)
    date = post.get("date")
    try:
        post_target = checked_target(profile.post_relpath(slug, date))
    except (UnsafeNameError, ValueError) as exc:
        raise ExportError(f"cannot place the post: {exc}") from None
    post_path = post.path.resolve() if post.path else None
    static = profile.static_dir.resolve()
    by_source: dict[Path, PurePosixPath] = {}
    taken: dict[PurePosixPath, Path] = {}
    missing: list[str] = []

    def place(source: Path) -> PurePosixPath:
        source = source.resolve()
        if source in by_source:
            return by_source[source]
        # Only images travel with a post: a shared draft pointing at ../../.ssh/id_rsa must not
        # smuggle that file into a pull request.
        if source.suffix.lower() not in IMAGE_EXTENSIONS or (
                source.suffix.lower() != ".svg" and image_size(source) is None):
            raise ExportError(f"{source}: not an image file; only images are exported with a post")
        try:
            target = PurePosixPath(profile.static_dir.relative_to(profile.root).as_posix()) / \
                source.relative_to(static).as_posix()
        except ValueError:  # not in the site yet: it goes to the profile's image folder
            name = source.name
            try:
                safe_name(name, "image file name")
                target = profile.image_relpath(slug, name, date)
            except UnsafeNameError as exc:
                raise ExportError(f"{source}: {exc}") from None
            stem, suffix, n = Path(name).stem, Path(name).suffix, 2
            while target in taken and taken[target] != source:
                target = profile.image_relpath(slug, f"{stem}-{n}{suffix}", date)
                n += 1
        checked_target(target)
        by_source[source] = target
        taken[target] = source
        return target

    body = post.body
    edits: list[tuple[int, int, str]] = []
    rewrites: list[tuple[str, str]] = []
    for ref in find_references(body):
        if ref.kind not in ("image", "image-link") or ref.is_remote:
            continue
        source = resolve_local(ref.url, post_path, profile)
        if source is None:
            continue
        if not source.is_file():
            missing.append(ref.url)
            continue
        target = place(source)
        url = _site_url(profile, slug, target)
        if url != ref.url:
            edits.append((ref.start, ref.end, url))
            rewrites.append((ref.url, url))
    for extra in images or ():
        extra = Path(extra)
        if not extra.is_file():
            raise ExportError(f"{extra}: no such image file")
        place(extra)
    for start, end, url in sorted(edits, reverse=True):
        body = body[:start] + url + body[end:]
    exported = Post.from_text(post.text, post.path)
    exported.body = body
    files = [ExportFile(post_target, "post", data=exported.to_bytes())]
    files += [ExportFile(target, "image", source=source) for source, target in by_source.items()]
    return ExportPlan(post, profile, slug, title, files, rewrites, missing,
                      _moved_from(post, profile, post_target))


def _moved_from(post: Post, profile: Profile, target: PurePosixPath) -> PurePosixPath | None:
    """The post's own path in the site when it lives in the content folder somewhere other than
    ``target`` (its slug or date changed): left there, the site would publish the post twice."""
    if post.path is None:
        return None
    source = post.path.resolve()
    try:
        source.relative_to(profile.content_dir.resolve())
        rel = PurePosixPath(source.relative_to(profile.root.resolve()).as_posix())
    except ValueError:   # a draft outside the site: nothing to move
        return None
    return None if rel == target else checked_target(rel)


def _site_url(profile: Profile, slug: str, target: PurePosixPath) -> str:
    from urllib.parse import quote

    static_rel = PurePosixPath(profile.static_dir.relative_to(profile.root).as_posix())
    try:
        return "/" + quote(target.relative_to(static_rel).as_posix())
    except ValueError:  # a page bundle: beside index.md
        return quote(target.name)


def preflight(post: Post, profile: Profile, force: bool) -> list[Problem]:
    """The checks an export runs first; raises :class:`ExportError` on errors unless ``force``."""
    problems = check_post(post, profile)
    if has_errors(problems) and not force:
        errors = [p for p in problems if p.is_error]
        raise ExportError(f"{len(errors)} error(s) found by the checks block the export "
                          "(fix them, or export anyway with --force)", problems)
    return problems


def pr_text(plan: ExportPlan, problems: list[Problem], changes=None,
            deleted: list[tuple[str, str]] | None = None,
            to_delete: list[tuple[str, str]] | None = None) -> str:
    """A short PR.md: title ("Add recap", or "Update recap"/"Move recap" for a post the site
    already holds), summary, what changed, the files and a checklist reflecting the checks.

    ``deleted``: (path, why) of the files a branch's commit deletes; ``to_delete``: those the
    writer must delete by hand after a folder or zip export (default: worked out here)."""
    from recap_editor.site.changes import plan_changes   # it builds on this module's plan
    from recap_editor.site.deletions import DELETE_LIST, site_deletions

    if changes is None:
        changes = plan_changes(plan)
    if to_delete is None:
        to_delete = [] if deleted is not None else \
            [(str(path), why) for path, why in site_deletions(plan, changes)]
    deleted = deleted or []
    summary = summary_text(plan.exported_post.body) or "(no summary)"
    def ok(kinds: tuple[str, ...]) -> str:   # by the problems' kinds, never their wording
        bad = [p for p in problems if p.is_error and getattr(p, "kind", "") in kinds]
        return " " if bad else "x"
    profile = plan.profile
    lines = [f"# {changes.verb} recap: {plan.title}", "", summary, ""]
    url = _page_url(plan)
    if url:
        lines += [f"Page: `{url}`", ""]
    if not changes.is_new:
        lines += [f"## What changed (against {changes.base_from or 'the site'})", "",
                  *(f"- {line}" for line in changes.lines()), ""]
    lines += ["## Files", ""]
    lines += [f"- `{f.target}`" for f in plan.files]
    lines += [f"- `{path}` → deleted by the commit ({why})" for path, why in deleted]
    lines += [f"- `{path}` → **to delete** in the same commit ({why})" for path, why in to_delete]
    moved = str(plan.moved_from) if plan.moved_from is not None else None
    photos = [path for path, _ in to_delete if path != moved]
    lines += ["", "## Checklist", "",
              "- [x] One commit holding only the post and its images",
              *([f"- [x] The commit deletes {len(deleted)} file(s) the site no longer needs"]
                if deleted else []),
              *([f"- [ ] Move: delete `{plan.moved_from}` in the fork (the post {plan.move_text}), "
                 "or the site publishes it twice"] if moved in dict(to_delete) else []),
              *([f"- [ ] Delete {', '.join(f'`{p}`' for p in photos)} in the fork (the post no "
                 f"longer shows {'it' if len(photos) == 1 else 'them'}); `{DELETE_LIST}` lists every file "
                 "to delete"] if photos else []),
              f"- [{ok(('place',))}] Post at `{plan.post_file.target}` "
              f"(site pattern `{profile.post_filename_pattern}`)",
              f"- [{ok(('front-matter',))}] Front matter complete: "
              f"{', '.join(f.name for f in profile.schema if f.required)}"]
    if profile.more_fold:
        lines.append(f"- [{ok(('fold',))}] Summary fold `<!--more-->`")
    lines += [f"- [{ok(('image-missing', 'image-unreadable', 'image-budget', 'image-privacy'))}] Images present, at most "
              f"{profile.image_budget_bytes // 1000} KB each, no GPS position",
              "- [ ] Looked at the rendered post (`hugo server`)"]
    # Errors first: an export forced past them must not read as "only warnings" to the reviewer.
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if errors or warnings:
        counts = [f"{len(errors)} error(s) (exported anyway)"] if errors else []
        counts += [f"{len(warnings)} warning(s)"] if warnings else []
        lines += ["", f"Checks: {', '.join(counts)}:", ""]
        lines += [f"- {'error' if p.is_error else 'warning'}: {p.message}"
                  for p in (errors + warnings)[:20]]
    return "\n".join(lines) + "\n"


def _page_url(plan: ExportPlan) -> str | None:
    """The URL Hugo gives the exported post (the one Hugo model), for the reviewer."""
    from recap_editor.render.hugo_model import page_url

    content = PurePosixPath(plan.profile.content_dir.relative_to(plan.profile.root).as_posix())
    try:
        rel = plan.post_file.target.relative_to(content)
    except ValueError:
        return None
    return page_url(rel.as_posix(), plan.exported_post.fields, plan.profile.permalinks)


def outgoing(file: ExportFile) -> bytes:
    """The bytes an export publishes for ``file``: images leave without GPS, serial numbers, owner
    names or XMP (scrubbed losslessly, or the export refuses). ``force`` overrides the checks'
    rules, never this."""
    data = file.read()
    if file.kind != "image":
        return data
    from recap_editor.photos.scrub import ScrubError, outgoing_image

    try:
        return outgoing_image(data, str(file.source or file.target))
    except ScrubError as exc:
        raise ExportError(f"{exc}; nothing was exported") from None


def export_folder(post: Post | Path | str, profile: Profile, target_dir: Path | str,
                  force: bool = False, images: Iterable[Path | str] | None = None) -> ExportResult:
    """Write the post, its images and PR.md into ``target_dir`` laid out like the site; see
    :mod:`recap_editor.site.export_files`."""
    from recap_editor.site.export_files import export_folder as run  # it builds on this module

    return run(post, profile, target_dir, force, images)


def export_zip(post: Post | Path | str, profile: Profile, zip_path: Path | str,
               force: bool = False, images: Iterable[Path | str] | None = None) -> ExportResult:
    """Write a zip holding the post, its images and PR.md laid out like the site; see
    :mod:`recap_editor.site.export_files`."""
    from recap_editor.site.export_files import export_zip as run

    return run(post, profile, zip_path, force, images)


def export_branch(post: Post | Path | str, profile: Profile, branch: str | None = None,
                  force: bool = False, replace: bool = False) -> ExportResult:
    """Commit the post and its images on a new branch ``recap/<slug>`` (or ``branch``) from HEAD,
    leaving the checkout untouched; see :mod:`recap_editor.site.export_branch`."""
    from recap_editor.site.export_branch import export_branch as run  # it builds on this module

    return run(post, profile, branch, force, replace)
