"""Export onto a new git branch as one commit, without touching the writer's checkout.

The branch ``recap/<slug>`` starts at the current HEAD and gets ONE commit ("Add recap: <title>")
holding only the post and its images at the profile's paths. It is built with git plumbing in a
temporary index (see :mod:`recap_editor.site.git`), so the current branch, the index and the working
tree are left exactly as they were; the files are *not* copied into the working tree (they would
then block ``git switch`` to the new branch as untracked files). Every refusal happens before any
object is written.

A post opened from the site whose slug or date changed moves (``plan.moved_from``): the same commit
deletes its old path, so git shows a rename and the site does not publish the post twice. Only when
the old file is the one the writer opened: the working tree holds HEAD's version of it, or the
writer's own saved text; anything else there is someone's change the export must not throw away.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from recap_editor.document.post import Post
from recap_editor.site import git
from recap_editor.site.changes import PostChanges, plan_changes
from recap_editor.site.deletions import PHOTO_REASON, photos_no_longer_used
from recap_editor.site.export import ExportError, ExportResult, outgoing, plan_export, pr_text, preflight
from recap_editor.site.profile import Profile


def _repo_path(repo: Path, profile: Profile, rel: PurePosixPath) -> str:
    return (PurePosixPath(profile.root.resolve().relative_to(repo).as_posix()) / rel).as_posix() \
        .removeprefix("./")


def export_branch(post: Post | Path | str, profile: Profile, branch: str | None = None,
                  force: bool = False, replace: bool = False) -> ExportResult:
    """Commit the post and its images on a new branch (default ``recap/<slug>``) from HEAD.

    Refuses, changing nothing, when the site is not in a git checkout, HEAD has no commit, the
    branch exists (unless ``replace``: then it is moved to the new commit, never the branch
    checked out), a target file differs in HEAD, the working tree holds other uncommitted
    changes to a target path, or a moved post's old file is not the one the writer opened.
    ``force`` only lets preflight errors through.
    """
    plan = plan_export(post, profile)
    try:
        repo, base, name, replacing = _where(plan, profile, branch, replace)   # no checks needed
        problems = preflight(plan.post, profile, force)
        return _commit(plan, profile, repo, base, name, problems, replacing)
    except git.GitError as exc:
        raise ExportError(str(exc)) from None


def _where(plan, profile: Profile, branch: str | None,
           replace: bool = False) -> tuple[Path, str, str, str | None]:
    repo = git.toplevel(profile.root)
    if repo is None:
        raise ExportError(f"{profile.root} is not in a git checkout: clone your fork of the site "
                          "first, or export with --to DIR / --zip FILE")
    base = git.head_commit(repo)
    if base is None:
        raise ExportError(f"{repo} has no commit yet: a branch needs a starting point")
    busy = _operation_in_progress(repo)
    if busy:
        how = _HOW_TO_END.get(busy, f"git {busy.split()[0]} --continue, or --abort")
        raise ExportError(f"{repo} is in the middle of a {busy}: HEAD is a temporary commit, not "
                          f"your branch, so the export would start from the wrong place; finish "
                          f"or abort it first ({how}) — nothing was changed")
    name = branch or f"recap/{plan.slug}"
    if not git.valid_branch_name(repo, name):
        raise ExportError(f"'{name}' is not a valid git branch name")
    replacing = git.branch_commit(repo, name)
    if replacing is not None and not replace:
        free = git.free_branch_name(repo, name)
        raise ExportError(f"branch '{name}' already exists; export as '{free}' (--branch {free}), "
                          "or replace it (--force, which also lets the checks' errors through)")
    if replacing is not None and git.current_branch(repo) == name:
        raise ExportError(f"branch '{name}' is the one checked out: it cannot be replaced; "
                          f"export as '{git.free_branch_name(repo, name)}'")
    return repo, base, name, replacing


# Files git keeps while an operation is half done (`git rev-parse --git-path` finds them in
# worktrees too): a branch made then would start from the operation's temporary HEAD.
_IN_PROGRESS = (("rebase-merge", "rebase"), ("rebase-apply", "rebase or git am"),
                ("MERGE_HEAD", "merge"), ("CHERRY_PICK_HEAD", "cherry-pick"),
                ("REVERT_HEAD", "revert"), ("BISECT_LOG", "bisect"))
_HOW_TO_END = {"bisect": "git bisect reset"}


def _operation_in_progress(repo: Path) -> str | None:
    names = [name for name, _ in _IN_PROGRESS]
    args = [arg for n in names for arg in ("--git-path", n)]
    paths = git.run(repo, "rev-parse", *args, check=False)
    if paths.returncode != 0:
        return None
    for (_, what), path in zip(_IN_PROGRESS, paths.stdout.decode().splitlines()):
        if (repo / path).exists():
            return what
    return None


def _own_paths(plan, repo: Path) -> tuple[str | None, set[str]]:
    """The repo path of the post when it was opened from there (an update of it), and of every
    image the export takes from the very place it goes to (the site's own files, maybe edited)."""
    def in_repo(source: Path | None) -> str | None:
        if source is None:
            return None
        try:
            return source.resolve().relative_to(repo).as_posix()
        except ValueError:
            return None
    post_path = in_repo(plan.post.path)
    images = {in_repo(f.source) for f in plan.images}
    return post_path, {p for p in images if p}


def _commit(plan, profile: Profile, repo: Path, base: str, name: str, problems,
            replacing: str | None = None) -> ExportResult:
    data = {_repo_path(repo, profile, f.target): f.read() for f in plan.files}
    in_head = git.tree_entries(repo, base, list(data))
    own_post, own_images = _own_paths(plan, repo)
    for f in plan.images:   # what leaves the checkout is scrubbed (HEAD's own copies stay as they are)
        path = _repo_path(repo, profile, f.target)
        if path not in in_head or in_head[path].sha != git.hash_blob(repo, path, data[path]):
            data[path] = outgoing(f)
    hashes = {path: git.hash_blob(repo, path, content) for path, content in data.items()}
    for path, sha in hashes.items():
        # The post's own file and images taken from where they go are updates; anything else
        # there is another post's file the export must not overwrite.
        if path in in_head and in_head[path].sha != sha and path != own_post and path not in own_images:
            raise ExportError(f"{path} already exists in {git.current_branch(repo) or 'HEAD'} with "
                              "other content; nothing was changed (rename the post or its image)")
    dirty = git.dirty_paths(repo, list(data))
    index = git.index_entries(repo, list(data))
    # The writer's own post may hold an earlier save of theirs: the editor's text supersedes it.
    dirty.pop(own_post or "", None)
    post_path = _repo_path(repo, profile, plan.post_file.target)
    for path, code in dirty.items():
        on_disk = repo / path
        disk_sha = git.hash_file(repo, path, on_disk) if on_disk.is_file() else None
        same = disk_sha is not None and disk_sha == hashes.get(path)
        # The post being exported, as the writer saved it: the commit holds it with its image
        # URLs rewritten to the site's paths (the images were outside static/), which is no
        # one's uncommitted change.
        saved_post = (path == post_path and code == "??" and disk_sha is not None
                      and disk_sha == git.hash_blob(repo, path, plan.post.to_bytes()))
        if saved_post:
            continue
        if not same or (code[0] not in "?!" and index.get(path) != hashes.get(path)):
            raise ExportError(f"{path} has uncommitted changes in your working tree ({code.strip()}); "
                              "commit or discard them first — nothing was changed")
    removed = _old_path_to_remove(plan, profile, repo, base)
    changes = plan_changes(plan, base)
    removed_photos = _photos_to_remove(plan, profile, repo, base, changes, set(data))
    changed = {path: sha for path, sha in hashes.items()
               if path not in in_head or in_head[path].sha != sha}
    if not changed and not removed and not removed_photos:
        raise ExportError("HEAD already holds the post and its images exactly: nothing to commit")
    for path in changed:
        git.hash_blob(repo, path, data[path], write=True)
    title = f"{changes.verb} recap: {plan.title}"
    commit = git.build_commit(repo, base, changed, _commit_message(title, changes),
                              removed + removed_photos)
    git.create_branch(repo, name, commit, replacing)
    current = git.current_branch(repo) or base[:12]
    compare = git.github_compare_url(git.remote_url(repo), git.current_branch(repo) or "main", name)
    steps = [f"git push -u origin {name}"] if git.remote_url(repo) else \
        ["git remote add origin <URL of your fork>", f"git push -u origin {name}"]
    if compare:
        steps.append(f"open {compare} to create the pull request")
    # Not `git switch`: the post and its images are still untracked in the writer's checkout, and
    # git refuses to switch over untracked files. `git show` looks at the branch from where they are.
    steps.append(f"git show --stat {name}   # to look at what the commit holds")
    files = list(changed)
    new_post = _repo_path(repo, profile, plan.post_file.target)
    moves = [f"  {old} → {new_post} (moved: the commit deletes the old file)" for old in removed]
    moved_to = {new_post} if removed else set()   # the move's line names it already
    gone = [f"  {old} (deleted: {PHOTO_REASON})" for old in removed_photos]
    message = "\n".join([
        f"Committed \"{title}\" as {commit[:12]} on the "
        f"{'replaced branch' if replacing else 'new branch'} {name} "
        f"(from {current}; your checkout and working tree are unchanged).",
        *moves, *(f"  {p} ({'updated' if p in in_head else 'added'})" for p in files
                  if p not in moved_to), *gone, "Next:", *(f"  {s}" for s in steps)])
    result = ExportResult("branch", name, files, message, problems, commit, steps,
                          removed + removed_photos)
    deleted = [(old, f"moved to {new_post}") for old in removed] + \
        [(old, PHOTO_REASON) for old in removed_photos]
    result.changes, result.pr = changes, pr_text(plan, problems, changes, deleted=deleted)
    return result


def _commit_message(title: str, changes: PostChanges) -> str:
    """The subject, and for an update a body listing what changed (git log shows it)."""
    if changes.is_new:
        return title
    return title + "\n\n" + "\n".join(f"- {line}".replace("`", "") for line in changes.lines())


def _photos_to_remove(plan, profile: Profile, repo: Path, base: str, changes: PostChanges,
                      keeping: set[str]) -> list[str]:
    """The site images the post showed in the base and no longer does, that no other page of the
    site uses (posts may share an event folder): the commit deletes them, or they would linger."""
    def rel(path: PurePosixPath) -> str:
        return _repo_path(repo, profile, path)

    def in_base(paths: list[PurePosixPath]) -> set[PurePosixPath]:
        by_repo = {rel(p): p for p in paths}
        return {by_repo[found] for found in git.tree_entries(repo, base, list(by_repo))}
    keep = [f.target for f in plan.files]   # what the commit writes never goes
    return sorted(rel(p) for p in photos_no_longer_used(plan, changes, keep, in_base)
                  if rel(p) not in keeping)


def _old_path_to_remove(plan, profile: Profile, repo: Path, base: str) -> list[str]:
    """The moved post's old path when HEAD holds it (an untracked draft has nothing to delete),
    after making sure it is the file the writer opened."""
    if plan.moved_from is None:
        return []
    old = _repo_path(repo, profile, plan.moved_from)
    in_head = git.tree_entries(repo, base, [old]).get(old)
    if in_head is None:
        return []
    on_disk = repo / old
    if not on_disk.is_file():
        raise ExportError(f"{old}, the file this post was opened from, is missing from the working "
                          "tree, so the export cannot tell it is the post being moved; restore it "
                          "(git restore) or save the post there first — nothing was changed")
    disk_sha = git.hash_file(repo, old, on_disk)
    writers = git.hash_blob(repo, old, plan.post.to_bytes())
    if disk_sha not in (in_head.sha, writers):
        raise ExportError(f"{old} has uncommitted changes that are not the post being exported, and "
                          f"the export would delete it (the post {plan.move_text}); save the post, or "
                          "commit or discard those changes first — nothing was changed")
    return [old]
