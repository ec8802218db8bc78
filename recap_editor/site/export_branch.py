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
from recap_editor.site.export import ExportError, ExportResult, outgoing, plan_export, preflight
from recap_editor.site.profile import Profile


def _repo_path(repo: Path, profile: Profile, rel: PurePosixPath) -> str:
    return (PurePosixPath(profile.root.resolve().relative_to(repo).as_posix()) / rel).as_posix() \
        .removeprefix("./")


def export_branch(post: Post | Path | str, profile: Profile, branch: str | None = None,
                  force: bool = False) -> ExportResult:
    """Commit the post and its images on a new branch (default ``recap/<slug>``) from HEAD.

    Refuses, changing nothing, when the site is not in a git checkout, HEAD has no commit, the
    branch exists, a target file differs in HEAD, the working tree holds other uncommitted
    changes to a target path, or a moved post's old file is not the one the writer opened.
    ``force`` only lets preflight errors through.
    """
    plan = plan_export(post, profile)
    try:
        repo, base, name = _where(plan, profile, branch)   # refusals that need no checks first
        problems = preflight(plan.post, profile, force)
        return _commit(plan, profile, repo, base, name, problems)
    except git.GitError as exc:
        raise ExportError(str(exc)) from None


def _where(plan, profile: Profile, branch: str | None) -> tuple[Path, str, str]:
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
    if git.branch_exists(repo, name):
        raise ExportError(f"branch '{name}' already exists; delete it (git branch -D {name}) or "
                          "choose another name")
    return repo, base, name


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


def _commit(plan, profile: Profile, repo: Path, base: str, name: str, problems) -> ExportResult:
    data = {_repo_path(repo, profile, f.target): f.read() for f in plan.files}
    in_head = git.tree_entries(repo, base, list(data))
    for f in plan.images:   # what leaves the checkout is scrubbed (HEAD's own copies stay as they are)
        path = _repo_path(repo, profile, f.target)
        if path not in in_head or in_head[path].sha != git.hash_blob(repo, path, data[path]):
            data[path] = outgoing(f)
    hashes = {path: git.hash_blob(repo, path, content) for path, content in data.items()}
    for path, sha in hashes.items():
        if path in in_head and in_head[path].sha != sha:
            raise ExportError(f"{path} already exists in {git.current_branch(repo) or 'HEAD'} with "
                              "other content; nothing was changed (rename the post or its image)")
    dirty = git.dirty_paths(repo, list(data))
    index = git.index_entries(repo, list(data))
    post_path = _repo_path(repo, profile, plan.post_file.target)
    for path, code in dirty.items():
        on_disk = repo / path
        disk_sha = git.hash_file(repo, path, on_disk) if on_disk.is_file() else None
        same = disk_sha is not None and disk_sha == hashes.get(path)
        # The post being exported, as the writer saved it: the commit holds it with its image
        # URLs rewritten to the site's paths (the images were outside static/), which is no
        # one's uncommitted change.
        own_post = (path == post_path and code == "??" and disk_sha is not None
                    and disk_sha == git.hash_blob(repo, path, plan.post.to_bytes()))
        if own_post:
            continue
        if not same or (code[0] not in "?!" and index.get(path) != hashes.get(path)):
            raise ExportError(f"{path} has uncommitted changes in your working tree ({code.strip()}); "
                              "commit or discard them first — nothing was changed")
    removed = _old_path_to_remove(plan, profile, repo, base)
    changed = {path: sha for path, sha in hashes.items()
               if path not in in_head or in_head[path].sha != sha}
    if not changed and not removed:
        raise ExportError("HEAD already holds the post and its images exactly: nothing to commit")
    for path in changed:
        git.hash_blob(repo, path, data[path], write=True)
    commit = git.build_commit(repo, base, changed, f"Add recap: {plan.title}", removed)
    git.create_branch(repo, name, commit)
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
    message = "\n".join([
        f"Committed \"Add recap: {plan.title}\" as {commit[:12]} on the new branch {name} "
        f"(from {current}; your checkout and working tree are unchanged).",
        *moves, *(f"  {p}" for p in files), "Next:", *(f"  {s}" for s in steps)])
    return ExportResult("branch", name, files, message, problems, commit, steps, removed)


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
