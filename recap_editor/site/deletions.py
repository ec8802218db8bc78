"""Which site files an update export removes: a moved post's old file, and the photos the post no
longer shows that no other page of the site uses. And which it leaves alone: the site's own
images the post keeps showing unchanged (:func:`site_images_unchanged`).

The branch export deletes them in its commit; a folder or zip cannot delete anything, so it names
them (the message, PR.md, and ``DELETE.txt`` — one site path per line, for a script). Both ask this
module, so the two never disagree about what goes.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Callable, Iterable

from recap_editor.site import git
from recap_editor.site.changes import repo_of, repo_path
from recap_editor.site.checks_media import resolve_local

DELETE_LIST = PurePosixPath("DELETE.txt")
PHOTO_REASON = "the post no longer shows it"

__all__ = ["DELETE_LIST", "PHOTO_REASON", "photos_no_longer_used", "site_deletions", "delete_list_text",
           "deletion_lines", "site_images_unchanged"]


def photos_no_longer_used(plan, changes, keeping: Iterable[PurePosixPath],
                          in_base: Callable[[list[PurePosixPath]], set[PurePosixPath]]
                          ) -> list[PurePosixPath]:
    """Site paths (``static/…``) of the photos the post showed in its base and no longer does,
    that ``in_base`` finds in the version the export starts from and no other page mentions (posts
    may share an event folder). ``keeping``: paths the export writes, never deleted."""
    if not changes.photos_removed:
        return []
    profile = plan.profile
    root, static = profile.root.resolve(), profile.static_dir.resolve()
    post_path = plan.post.path.resolve() if plan.post.path else None
    keep = set(keeping)
    candidates: dict[PurePosixPath, str] = {}
    for url in changes.photos_removed:
        source = resolve_local(url, post_path, profile)
        if source is None:
            continue
        try:
            source.resolve().relative_to(static)   # only the site's own static images
            rel = PurePosixPath(source.resolve().relative_to(root).as_posix())
        except ValueError:
            continue   # a bundle's files stay (the folder is the post's, maybe shared)
        if rel not in keep:
            candidates[rel] = url
    present = in_base(list(candidates)) if candidates else set()
    candidates = {p: u for p, u in candidates.items() if p in present}
    own = {post_path} if post_path else set()
    for page in sorted(profile.content_dir.rglob("*.md")) if candidates else ():
        if page.resolve() in own:
            continue
        try:
            text = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        candidates = {p: u for p, u in candidates.items() if u not in text and p.name not in text}
        if not candidates:
            break
    return sorted(candidates)


def site_deletions(plan, changes) -> list[tuple[PurePosixPath, str]]:
    """For a folder or zip export: (site path, why) of every site file the writer must delete in
    the same commit. The base is the site's git HEAD when there is one, else the files on disk."""
    out: list[tuple[PurePosixPath, str]] = []
    if plan.moved_from is not None:
        out.append((plan.moved_from, f"the post moved to {plan.post_file.target}; left there, the "
                                     "site would publish it twice"))
    photos = photos_no_longer_used(plan, changes, (f.target for f in plan.files), _base_finder(plan))
    out += [(path, PHOTO_REASON) for path in photos]
    return out


def _base_finder(plan) -> Callable[[list[PurePosixPath]], set[PurePosixPath]]:
    root = plan.profile.root
    repo = repo_of(root)
    head = git.head_commit(repo) if repo is not None else None

    def in_base(paths: list[PurePosixPath]) -> set[PurePosixPath]:
        if repo is None or head is None:
            return {p for p in paths if (root / p).is_file()}
        by_repo = {repo_path(repo, root, p): p for p in paths}
        return {by_repo[found] for found in git.tree_entries(repo, head, list(by_repo))}
    return in_base


def delete_list_text(deletions: list[tuple[PurePosixPath, str]]) -> str:
    """DELETE.txt: one site path per line (relative to the site's root), nothing else."""
    return "".join(f"{path}\n" for path, _ in deletions)


def deletion_lines(deletions: list[tuple[PurePosixPath, str]]) -> list[str]:
    """The message's block saying plainly what to delete (empty when nothing)."""
    if not deletions:
        return []
    count = f"{len(deletions)} file{'s' if len(deletions) != 1 else ''}"
    return [f"Delete {count} from your fork, in the same commit (a folder or zip cannot delete; "
            f"{DELETE_LIST} lists the site paths, one per line):",
            *(f"  {path}   ({why})" for path, why in deletions)]


def site_images_unchanged(plan) -> set[PurePosixPath]:
    """Targets of the plan's images that are the site's own files, taken from where they go and
    unchanged: git HEAD holds the same bytes there (without git nothing is left out). A folder or
    zip export leaves them out: copied back (scrubbed) they would *modify* photos the writer never
    touched, in a pull request about one post."""
    root = plan.profile.root.resolve()
    own = [f for f in plan.images if f.source is not None
           and f.source.resolve() == (root / f.target).resolve()]
    if not own:
        return set()
    repo = repo_of(plan.profile.root)
    head = git.head_commit(repo) if repo is not None else None
    if repo is None or head is None:
        # No history to tell the site's photos from ones imported (and saved) since: all travel.
        return set()
    paths = {repo_path(repo, plan.profile.root, f.target): f for f in own}
    in_head = git.tree_entries(repo, head, list(paths))
    return {f.target for path, f in paths.items()
            if path in in_head and in_head[path].sha == git.hash_file(repo, path, f.source)}
