"""Update exports to a folder or zip cannot delete: they say which site files to delete (the
message, PR.md, DELETE.txt one site path per line), exactly the files a branch export deletes."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from recap_editor.cli import main
from recap_editor.document.post import Post
from recap_editor.sample import SAMPLE_POST, shipped_site
from recap_editor.site.export import export_branch, export_folder, export_zip
from recap_editor.site.profile import load_profile

from test_site_update_export import git, sample_repo  # noqa: F401  (the fixture)

FOLDER = "static/images/pdx/october-2026"
POST = SAMPLE_POST.as_posix()


def _share_keynote(repo: Path) -> None:
    """Another post shows the keynote photo too: it must never be listed for deletion."""
    (repo / "content/posts/2026_11_01-other.md").write_text(
        '+++\ntitle = "Other"\ndate = "2026-11-01"\nslug = "other"\n+++\n'
        "![keynote again](/images/pdx/october-2026/opening-keynote.jpg)\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "another post shares a photo")


def _fewer_photos(repo: Path) -> Post:
    post = Post.load(repo / SAMPLE_POST)
    body = post.body
    for name in ("gitops-demo.jpg", "opening-keynote.jpg"):
        body = re.sub(rf'(?s)<a href="/images/pdx/october-2026/{name}">.*?</a>', "", body)
    assert "gitops-demo.jpg" not in body and "opening-keynote.jpg" not in body
    post.body = body
    return post


def test_folder_and_zip_list_the_photos_to_delete_as_the_branch_deletes_them(
        sample_repo: Path, tmp_path: Path) -> None:  # noqa: F811
    _share_keynote(sample_repo)
    profile = load_profile(sample_repo)
    gone = f"{FOLDER}/gitops-demo.jpg"

    branch = export_branch(_fewer_photos(sample_repo), profile, branch="recap/fewer")
    assert branch.removed == [gone] and branch.to_delete == []
    # the branch's PR.md says the commit deletes it (no "delete by hand" item for the reviewer)
    assert f"- `{gone}` → deleted by the commit (the post no longer shows it)" in branch.pr
    assert "- [x] The commit deletes 1 file(s)" in branch.pr and "- [ ] Delete" not in branch.pr

    result = export_folder(_fewer_photos(sample_repo), profile, tmp_path / "out")
    assert result.to_delete == [gone]
    assert (tmp_path / "out/DELETE.txt").read_text() == f"{gone}\n"
    assert "DELETE.txt" in result.files
    assert (sample_repo / gone).is_file()   # the site itself is never touched
    lines = result.message.splitlines()
    at = lines.index("Delete 1 file from your fork, in the same commit (a folder or zip cannot "
                     "delete; DELETE.txt lists the site paths, one per line):")
    assert lines[at + 1] == f"  {gone}   (the post no longer shows it)"
    assert lines[at + 2].startswith("Left out ") and lines[at + 3].startswith("Next: ")
    assert "git --literal-pathspecs rm --pathspec-from-file=" \
           f"{tmp_path / 'out' / 'DELETE.txt'}), commit them" in lines[at + 3]
    pr = (tmp_path / "out/PR.md").read_text()
    assert f"- `{gone}` → **to delete** in the same commit (the post no longer shows it)" in pr
    assert f"- [ ] Delete `{gone}` in the fork (the post no longer shows it); `DELETE.txt` " \
           "lists every file to delete" in pr
    assert "opening-keynote.jpg` →" not in pr   # the shared photo stays

    zipped = export_zip(_fewer_photos(sample_repo), profile, tmp_path / "r.zip")
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        assert archive.read("DELETE.txt").decode() == f"{gone}\n"
        assert f"- [ ] Delete `{gone}`" in archive.read("PR.md").decode()
    assert zipped.to_delete == [gone] and f"\n  {gone}   (the post no longer shows it)\n" in zipped.message
    assert "(there: git --literal-pathspecs rm --pathspec-from-file=DELETE.txt)" in zipped.message
    assert "(PR.md and DELETE.txt are not for the site)" in zipped.message


def test_delete_list_applies_with_git_in_the_fork(sample_repo: Path, tmp_path: Path) -> None:  # noqa: F811
    """The command the message gives does what DELETE.txt says, in a clone of the site."""
    import subprocess

    export_zip(_fewer_photos(sample_repo), load_profile(sample_repo), tmp_path / "r.zip")
    fork = tmp_path / "fork"
    subprocess.run(["git", "clone", "-q", str(sample_repo), str(fork)], check=True)
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        archive.extractall(fork)
    subprocess.run(["git", "-C", str(fork), "--literal-pathspecs", "rm", "-q",
                    "--pathspec-from-file=DELETE.txt"], check=True)
    deleted = git(fork, "diff", "--cached", "--name-only").splitlines()
    assert deleted == [f"{FOLDER}/gitops-demo.jpg", f"{FOLDER}/opening-keynote.jpg"]


def test_a_site_without_git_lists_what_is_on_disk(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(shipped_site(), site)
    post = Post.load(site / SAMPLE_POST)
    url = re.search(r'<a href="(/images/[^"]+\.jpg)">', post.body)[1]
    post.body = re.sub(rf'(?s)<a href="{re.escape(url)}">.*?</a>', "", post.body)
    result = export_folder(post, load_profile(site), tmp_path / "out")
    assert result.to_delete == [f"static{url}"]
    assert (tmp_path / "out/DELETE.txt").read_text() == f"static{url}\n"


def test_an_update_that_deletes_nothing_ships_no_delete_list(sample_repo: Path, tmp_path: Path) -> None:  # noqa: F811
    post = Post.load(sample_repo / SAMPLE_POST)
    post.set("title", "Renamed title")
    result = export_folder(post, load_profile(sample_repo), tmp_path / "out")
    assert result.to_delete == [] and not (tmp_path / "out/DELETE.txt").exists()
    assert "Delete " not in result.message and "to delete" not in (tmp_path / "out/PR.md").read_text()


def test_cli_zip_export_says_what_to_delete(sample_repo: Path, tmp_path: Path, capsys) -> None:  # noqa: F811
    _fewer_photos(sample_repo).save()
    assert main(["export", str(sample_repo / SAMPLE_POST), "--zip", str(tmp_path / "r.zip")]) == 0
    out = capsys.readouterr().out
    assert "Delete 2 files from your fork, in the same commit" in out
    for name in ("gitops-demo.jpg", "opening-keynote.jpg"):
        assert f"\n  {FOLDER}/{name}   (the post no longer shows it)\n" in out


def test_update_leaves_out_the_sites_own_unchanged_images(sample_repo: Path, tmp_path: Path) -> None:  # noqa: F811
    """Copied back scrubbed, the post's untouched photos would show up as modified in the PR."""
    profile = load_profile(sample_repo)
    post = Post.load(sample_repo / SAMPLE_POST)
    shown = sorted(re.findall(r'<a href="/images/pdx/october-2026/([^"]+\.jpg)">', post.body))
    assert len(shown) >= 3
    touched = sample_repo / FOLDER / shown[0]   # an optimise re-encoded this one: it travels
    touched.write_bytes(touched.read_bytes() + b"\0")
    post.set("title", "Updated")
    result = export_zip(post, profile, tmp_path / "r.zip")
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        images = sorted(n for n in archive.namelist() if n.startswith("static/"))
        pr = archive.read("PR.md").decode()
    assert images == [f"{FOLDER}/{shown[0]}"]
    assert f"Left out {len(set(shown)) - 1} image(s) the site already holds unchanged" in result.message
    assert f"`{FOLDER}/{shown[1]}`" not in pr and f"`{FOLDER}/{shown[0]}`" in pr
