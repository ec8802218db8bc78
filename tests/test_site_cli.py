"""``recap-editor site``, ``check``, ``export`` and ``new --site`` from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from recap_editor.cli import main


@dataclass(frozen=True)
class Names:
    """Per site: a clean post with images (its slug and image folder) and a misnamed one."""

    good: str
    good_slug: str
    bad: str


NAMES = {"harbor": Names("2019_05_16-vendor-spotlight.md", "vendor-spotlight", "2019_03_14_storage-day-volumes.md"),
         "corpus": Names("2016_05_19-apprenda-kismatic.md", "apprenda-kismatic", "2016_03_14_volumes.md")}


@pytest.fixture
def names(recap_site) -> Names:
    return NAMES[recap_site.name]


@pytest.fixture
def site(recap_site, names: Names, tmp_path: Path) -> Path:
    """A small copy of each test site: config, CONTRIBUTING.md, a clean post and a misnamed one."""
    root = recap_site.root
    copy = tmp_path / "site"
    (copy / "content/posts").mkdir(parents=True)
    shutil.copy(root / "config.toml", copy)
    shutil.copy(root / "CONTRIBUTING.md", copy)
    for name in (names.good, names.bad):
        shutil.copy(root / "content/posts" / name, copy / "content/posts")
    shutil.copytree(root / "static/images" / names.good_slug, copy / "static/images" / names.good_slug)
    return copy


def test_site_prints_the_profile(site: Path, capsys) -> None:
    assert main(["site", str(site / "content/posts")]) == 0
    out = capsys.readouterr().out
    assert "post_filename_pattern  {date:%Y_%m_%d}-{slug}.md" in out
    assert "note: config.toml does not set markup.goldmark.renderer.unsafe" in out
    assert main(["site", str(site), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["image_dir_pattern"] == "images/{slug}" and data["more_fold"] is True
    assert {"name": "slug", "type": "string", "required": True, "choices": []} in data["fields"]


def test_site_outside_any_site(tmp_path: Path, capsys) -> None:
    assert main(["site", str(tmp_path)]) == 2
    assert "error: the post is not inside a site" in capsys.readouterr().err


def test_check_exit_codes(site: Path, names: Names, capsys) -> None:
    good = site / "content/posts" / names.good
    assert main(["check", "--no-spelling", str(good)]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip().endswith(": 0 error(s), 3 warning(s)")
    assert main(["check", str(good)]) == 0          # misspellings are warnings: they never fail a check
    capsys.readouterr()
    bad = site / "content/posts" / names.bad
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1: error: file name '{names.bad}' does not follow" in out
    assert main(["check", str(site / "nope.md")]) == 2


def test_new_with_site_then_export(site: Path, tmp_path: Path, capsys) -> None:
    assert main(["new", "Kubernetes LA - July 2024", "--site", str(site), "--date",
                 "2024-07-10T18:00:00-07:00", "--tags", "Meetup,SoCal", "--authors", "Ann Lee"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == site.resolve() / "content/posts/2024_07_10-kubernetes-la-july-2024.md"
    assert path.read_text().startswith('+++\ndate = "2024-07-10T18:00:00-07:00"\ntags = ["Meetup", "SoCal"]\n'
                                       'title = "Kubernetes LA - July 2024"\nslug = "kubernetes-la-july-2024"\n'
                                       'authors = "Ann Lee"\n+++\n')
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    assert main(["export", str(path), "--zip", str(tmp_path / "r.zip")]) == 0
    assert "Wrote" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        assert sorted(archive.namelist()) == ["PR.md", "content/posts/2024_07_10-kubernetes-la-july-2024.md"]
    assert main(["export", str(path), "--to", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out/content/posts/2024_07_10-kubernetes-la-july-2024.md").read_bytes() == path.read_bytes()
    capsys.readouterr()
    # not a git checkout: a clear refusal, exit 1
    assert main(["export", str(path), "--branch"]) == 1
    assert "is not in a git checkout" in capsys.readouterr().err
    if shutil.which("git") is None:
        return
    for args in (["init", "-q", "-b", "main"], ["add", "config.toml"],
                 ["-c", "user.name=A", "-c", "user.email=a@b.c", "commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(site), *args], check=True)
    subprocess.run(["git", "-C", str(site), "config", "user.name", "A"], check=True)
    subprocess.run(["git", "-C", str(site), "config", "user.email", "a@b.c"], check=True)
    assert main(["export", str(path), "--branch"]) == 0
    out = capsys.readouterr().out
    assert "git push -u origin recap/kubernetes-la-july-2024" in out
    assert "git remote add origin" in out                # no remote yet: say how to add one
    # the pull request's text (a folder or zip's PR.md) is printed, not committed
    assert "# Add recap: Kubernetes LA - July 2024" in out and "## Checklist" in out
    changed = subprocess.run(["git", "-C", str(site), "diff-tree", "--no-commit-id", "--name-only", "-r",
                              "recap/kubernetes-la-july-2024"], capture_output=True, text=True).stdout
    assert "PR.md" not in changed
    pr_file = tmp_path / "pr.md"
    assert main(["export", str(path), "--branch", "recap/second", "--pr-text", str(pr_file)]) == 0
    out = capsys.readouterr().out
    assert f"The pull request's text is in {pr_file}." in out and "## Checklist" not in out
    assert pr_file.read_text(encoding="utf-8").startswith("# Add recap: Kubernetes LA - July 2024")
    # --pr-text belongs to --branch: a folder has PR.md
    assert main(["export", str(path), "--to", str(tmp_path / "out2"), "--pr-text", str(pr_file)]) == 2
    assert "--pr-text goes with --branch" in capsys.readouterr().err
    assert not (tmp_path / "out2").exists()


def test_export_blocked_by_errors(site: Path, names: Names, tmp_path: Path, capsys) -> None:
    bad = site / "content/posts" / names.bad
    assert main(["export", str(bad), "--to", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "error(s) found by the checks block the export" in err and "does not follow" in err
    assert not (tmp_path / "out").exists()


def test_export_needs_one_target(site: Path, names: Names, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", str(site / "content/posts" / names.good)])
    assert info.value.code == 2


def test_export_of_unreadable_front_matter_names_the_post_once(site: Path, tmp_path: Path, capsys) -> None:
    post = site / "content/posts/broken é.md"
    post.write_text('+++\ntitle = "Broken\ndate = 2026-01-01\n+++\n\nHello\n')
    assert main(["export", str(post), "--to", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{post}:2: error: cannot export: invalid TOML front matter")
    assert err.count(str(post)) == 1
    assert not (tmp_path / "out").exists()


def test_forced_export_lists_the_errors_in_pr_md(site: Path, names: Names, tmp_path: Path, capsys) -> None:
    bad = site / "content/posts" / names.bad
    assert main(["export", str(bad), "--to", str(tmp_path / "out"), "--force"]) == 0
    pr = (tmp_path / "out/PR.md").read_text()
    assert "error(s) (exported anyway)" in pr
    assert f"- error: file name '{names.bad}' does not follow" in pr


def test_export_of_a_moved_post_says_to_delete_the_old_file(site: Path, names: Names, tmp_path: Path,
                                                             capsys) -> None:
    post = site / "content/posts" / names.good
    moved = names.good.replace(names.good_slug, f"new-{names.good_slug}")
    post.write_text(post.read_text().replace(f'slug = "{names.good_slug}"', f'slug = "new-{names.good_slug}"'))
    assert main(["export", str(post), "--to", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Delete 1 file from your fork, in the same commit" in out
    assert f"\n  content/posts/{names.good}   (the post moved to" in out
    assert f"(the post moved to content/posts/{moved};" in out
    assert f"- [ ] Move: delete `content/posts/{names.good}`" in \
        (tmp_path / "out/PR.md").read_text()
