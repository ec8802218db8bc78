"""The git CLI, for building an export commit without touching the writer's checkout.

The commit is made with plumbing: blobs with ``git hash-object -w``, a tree from a *temporary* index
(``GIT_INDEX_FILE`` in a temp folder, seeded from HEAD with ``read-tree``), ``commit-tree`` with HEAD
as parent, and ``update-ref`` creating the branch only if it does not exist yet. So the current
branch, the real index, the working tree and any stash stay exactly as they were: no checkout, no
``git add``, no switching back and forth that could fail half-way. Hooks do not run (plumbing never
runs them); the commit uses the repository's user.name/user.email like ``git commit`` would.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ZERO = "0" * 40


class GitError(Exception):
    """A git command that failed; the message says which and quotes git's own words."""


def git_available() -> bool:
    try:
        subprocess.run(["git", "--version"], capture_output=True, check=True, timeout=20)
        return True
    except (OSError, subprocess.SubprocessError):
        return False


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE")}
    env["LC_ALL"] = "C"  # git's messages are parsed below only for codes; keep them stable
    env.setdefault("GIT_TERMINAL_PROMPT", "0")
    if extra:
        env.update(extra)
    return env


def run(repo: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(["git", "-C", str(repo), *args], input=input, capture_output=True,
                              env=_env(env), timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed (it is needed to export to a branch)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took more than 2 minutes and was stopped") from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or proc.stdout.decode(
            "utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args[:2])} failed: {message}")
    return proc


def _out(repo: Path, *args: str, **kw) -> str:
    return run(repo, *args, **kw).stdout.decode("utf-8", "replace").strip()


def toplevel(path: Path) -> Path | None:
    """The root of the git checkout holding ``path``, or None when it is not in one."""
    folder = path if path.is_dir() else path.parent
    proc = run(folder, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode().strip()).resolve()


def head_commit(repo: Path) -> str | None:
    proc = run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    return proc.stdout.decode().strip() or None if proc.returncode == 0 else None


def current_branch(repo: Path) -> str | None:
    proc = run(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return proc.stdout.decode().strip() or None if proc.returncode == 0 else None


def valid_branch_name(repo: Path, name: str) -> bool:
    return run(repo, "check-ref-format", "--branch", name, check=False).returncode == 0 \
        and not name.startswith("-")


def branch_exists(repo: Path, name: str) -> bool:
    return run(repo, "show-ref", "--verify", "--quiet", f"refs/heads/{name}", check=False).returncode == 0


def hash_blob(repo: Path, repo_path: str, data: bytes, write: bool = False) -> str:
    """The blob id ``data`` gets when added at ``repo_path`` (the repo's filters applied, as
    ``git add`` would); stored in the object database only with ``write``."""
    args = ["hash-object", f"--path={repo_path}", "--stdin"]
    if write:
        args.insert(1, "-w")
    return _out(repo, *args, input=data)


def hash_file(repo: Path, repo_path: str, file: Path) -> str:
    return hash_blob(repo, repo_path, file.read_bytes())


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    sha: str


def tree_entries(repo: Path, commit: str, paths: list[str]) -> dict[str, TreeEntry]:
    """What ``commit`` holds at each of ``paths`` (missing paths are absent from the result)."""
    if not paths:
        return {}
    raw = run(repo, "ls-tree", "-z", "--full-tree", commit, "--", *paths).stdout.decode("utf-8", "replace")
    found = {}
    for entry in filter(None, raw.split("\0")):
        meta, _, path = entry.partition("\t")
        mode, kind, sha = meta.split()
        found[path] = TreeEntry(mode, sha)
    return found


def index_entries(repo: Path, paths: list[str]) -> dict[str, str]:
    """Blob ids the real index holds at ``paths`` (stage 0 only)."""
    if not paths:
        return {}
    raw = run(repo, "ls-files", "-s", "-z", "--", *paths).stdout.decode("utf-8", "replace")
    found = {}
    for entry in filter(None, raw.split("\0")):
        meta, _, path = entry.partition("\t")
        mode, sha, stage = meta.split()
        if stage == "0":
            found[path] = sha
    return found


def dirty_paths(repo: Path, paths: list[str], ignored: bool = False) -> dict[str, str]:
    """path -> two-letter porcelain status for each of ``paths`` that differs from HEAD
    (with ``ignored``, git-ignored files too, as ``!!``)."""
    if not paths:
        return {}
    raw = run(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all",
              *(["--ignored"] if ignored else []), "--", *paths).stdout.decode("utf-8", "replace")
    found: dict[str, str] = {}
    entries = raw.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        found[path] = code
        if code[0] in "RC":
            i += 1  # a rename's source path follows
    return found


def build_commit(repo: Path, parent: str, blobs: dict[str, str], message: str,
                 removed: Iterable[str] = ()) -> str:
    """A commit holding ``parent``'s tree plus ``blobs`` (repo path -> blob id, mode 100644) and
    without the ``removed`` paths, made in a temporary index so the real index and working tree
    are not touched."""
    with tempfile.TemporaryDirectory(prefix="recap-editor-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        run(repo, "read-tree", parent, env=env)
        # mode 0 is --index-info's way of saying "remove this path"
        entries = [f"0 {ZERO}\t{path}" for path in removed]
        entries += [f"100644 {sha}\t{path}" for path, sha in blobs.items()]
        info = b"".join(entry.encode("utf-8") + b"\0" for entry in entries)
        run(repo, "update-index", "-z", "--index-info", input=info, env=env)
        tree = _out(repo, "write-tree", env=env)
    return _out(repo, "commit-tree", tree, "-p", parent, "-m", message)


def create_branch(repo: Path, name: str, commit: str, replacing: str | None = None) -> None:
    """Point a NEW branch at ``commit``; fails (changing nothing) if the branch appeared meanwhile.
    With ``replacing`` (the branch's current commit), move an existing branch instead, failing if
    it moved meanwhile."""
    run(repo, "update-ref", "-m", "recap-editor: export", f"refs/heads/{name}", commit,
        replacing or ZERO)


def branch_commit(repo: Path, name: str) -> str | None:
    proc = run(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}^{{commit}}", check=False)
    return proc.stdout.decode().strip() or None if proc.returncode == 0 else None


def branches(repo: Path) -> list[str]:
    """The names of the repository's local branches."""
    return _out(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads").splitlines()


def free_branch_name(repo: Path, name: str) -> str:
    """``name``, else ``name-2``, ``name-3``… whichever no branch has yet."""
    taken, candidate, n = set(branches(repo)), name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def commit_files(repo: Path, commit: str) -> list[str]:
    """Paths a commit changed relative to its first parent."""
    out = _out(repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "-z", f"{commit}^", commit)
    return [p for p in out.split("\0") if p]


def remote_url(repo: Path, name: str = "origin") -> str | None:
    proc = run(repo, "remote", "get-url", name, check=False)
    return proc.stdout.decode().strip() or None if proc.returncode == 0 else None


_GITHUB = re.compile(r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
                     r"(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")


def github_compare_url(url: str | None, base: str, branch: str) -> str | None:
    """The page that opens a pull request from ``branch`` against ``base`` on GitHub, if ``url``
    is a GitHub remote."""
    match = _GITHUB.match(url or "")
    if not match:
        return None
    return f"https://github.com/{match['owner']}/{match['repo']}/compare/{base}...{branch}?expand=1"


def show_blob(repo: Path, commit: str, path: str) -> bytes | None:
    """The bytes ``commit`` holds at ``path`` (a repo path), or None when it holds no file there."""
    proc = run(repo, "cat-file", "blob", f"{commit}:{path}", check=False)
    return proc.stdout if proc.returncode == 0 else None


def paths_in_tree(repo: Path, commit: str, folder: str) -> list[str]:
    """Every file path ``commit`` holds under ``folder`` (a repo path; "" is the whole tree)."""
    args = ["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit]
    if folder:
        args += ["--", folder]
    return [p for p in run(repo, *args).stdout.decode("utf-8", "replace").split("\0") if p]
