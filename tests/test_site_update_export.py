"""Existing posts (issue 10): an edited post of the site exports as an *update* on a new branch, its
new photos go where its photos already are, the site's own images never block, and Hugo builds it.

Twice: on the real corpus (the May 2016 SoCal post; skipped where the corpus is absent) and on the
bundled sample site with generated photos, so it runs on a fresh clone.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from recap_editor.cli import main
from recap_editor.document.post import Post
from recap_editor.photos.placement import existing_image_folder, photo_target
from recap_editor.sample import SAMPLE_POST, shipped_site
from recap_editor.site.checks import check_post
from recap_editor.site.export import export_branch, export_folder, export_zip, plan_export
from recap_editor.site.hugo_binary import find_hugo
from recap_editor.site.profile import load_profile

from conftest import writable_copy

SOCAL = "content/posts/2016_05_12-k8s-socal-may-2016.md"
SOCAL_FOLDER = "static/images/k8s-socal/may-2016"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def _commit_all(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "master")
    git(repo, "config", "user.name", "Test Writer")
    git(repo, "config", "user.email", "writer@example.com")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "site")


def photo(path: Path, size=(2400, 1600), seed: int = 0) -> Path:
    """A smooth camera-like JPEG (gradients + blurred noise), with a GPS block to scrub."""
    noise = Image.effect_noise(size, 20 + seed).filter(ImageFilter.GaussianBlur(1))
    im = Image.merge("RGB", [Image.linear_gradient("L").resize(size), noise,
                             Image.radial_gradient("L").resize(size)])
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (34.0, 3.0, 0.0), 3: "W", 4: (118.0, 14.0, 0.0)}
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def _needs_git() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


@pytest.fixture
def corpus_repo(corpus_site: Path, tmp_path: Path) -> Path:
    """A git checkout of the whole corpus site, with goldmark's unsafe on (as the posts need)."""
    _needs_git()
    repo = tmp_path / "corekube-web"
    writable_copy(corpus_site, repo)
    with (repo / "config.toml").open("a") as config:
        config.write("\n[markup.goldmark.renderer]\n  unsafe = true\n")
    _commit_all(repo)
    return repo


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    """The bundled sample site in git, its photos moved into an event folder that is not the
    profile's pattern (images/<slug>/), like the corpus's k8s-socal/may-2016/."""
    _needs_git()
    repo = tmp_path / "sample-site"
    shutil.copytree(shipped_site(), repo)
    old, new = "pdx-cloud-native-october-2026", "pdx/october-2026"
    (repo / "static/images" / new).parent.mkdir(parents=True)
    (repo / "static/images" / old).rename(repo / "static/images" / new)
    post = repo / SAMPLE_POST
    post.write_text(post.read_text().replace(f"/images/{old}/", f"/images/{new}/"))
    _commit_all(repo)
    return repo


def _add_two_photos(post_path: Path, tmp_path: Path) -> list[str]:
    """What a writer does: import two camera photos into the post (CLI, same path as the window)."""
    camera = tmp_path / "camera"
    shots = [photo(camera / "Stage Shot.jpg", seed=1), photo(camera / "Crowd Shot.jpg", seed=2)]
    assert main(["photos", str(post_path), *map(str, shots)]) == 0
    return ["stage-shot.jpg", "crowd-shot.jpg"]


def _hugo_page(repo: Path, branch: str, page: str, tmp_path: Path) -> tuple[str, Path]:
    """Build the branch's tree with the real Hugo (a stand-in theme printing .Content)."""
    if find_hugo() is None:
        pytest.skip("hugo is not installed: the branch was verified, the build was not")
    build = tmp_path / "build"
    build.mkdir()
    archive = subprocess.run(["git", "-C", str(repo), "archive", branch], capture_output=True,
                             check=True).stdout
    tarfile.open(fileobj=io.BytesIO(archive)).extractall(build)
    layouts = build / "layouts/_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text("<article>{{ .Content }}</article>\n")
    (layouts / "list.html").write_text("{{ range .Pages }}{{ .Title }}{{ end }}\n")
    (build / "layouts/index.html").write_text("home\n")
    config = build / "config.toml"
    config.write_text(re.sub(r'(?mi)^(theme|layoutdir)\s*=.*$', "", config.read_text()))
    proc = subprocess.run([str(find_hugo()), "--source", str(build), "--destination",
                           str(build / "public"), "--noBuildLock", "--buildFuture"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return (build / "public" / page / "index.html").read_text(), build / "public"


def _update_journey(repo: Path, post_rel: str, folder: str, page: str, tmp_path: Path) -> None:
    post_path = repo / post_rel
    before = Post.load(post_path)
    shown_before = re.findall(r'<img src="(/images/[^"]+)"', before.body)
    assert shown_before
    head = git(repo, "rev-parse", "HEAD")
    names = _add_two_photos(post_path, tmp_path)
    for name in names:   # where the post's photos already are, not images/<slug>/
        assert (repo / folder / name).is_file()
    post = Post.load(post_path)
    post.set("title", str(post.get("title")) + " (updated)")
    profile = load_profile(repo)
    # the site's untouched images never block; the new ones fit the budget
    assert [p for p in check_post(post, profile) if p.is_error] == []

    result = export_branch(post, profile, branch="recap/update")

    url_folder = folder.removeprefix("static")
    # one commit that modifies the post and adds the two photos, nothing else
    assert git(repo, "rev-list", "master..recap/update").splitlines() == [result.commit]
    status = sorted(git(repo, "diff-tree", "--no-commit-id", "--name-status", "-r", "recap/update").splitlines())
    assert status == sorted([f"M\t{post_rel}", *(f"A\t{folder}/{n}" for n in names)])
    subject = git(repo, "log", "-1", "--format=%s", "recap/update")
    assert subject == f"Update recap: {post.get('title')}"
    assert result.pr.startswith(f"# Update recap: {post.get('title')}")
    assert f"Page: `/{page}/`" in result.pr   # the URL Hugo gives it (checked against the build below)
    assert "- Fields: `title`" in result.pr
    assert "- Photos added (2): " + ", ".join(f"`{url_folder}/{n}`" for n in names) in result.pr
    assert git(repo, "rev-parse", "HEAD") == head   # the checkout stays where it was
    assert f"\n  {post_rel} (updated)\n" in result.message
    assert all(f"\n  {folder}/{n} (added)" in result.message for n in names)
    # the same update as a zip: the post and the new photos; the post's untouched photos stay out
    # (copied back scrubbed they would show up as modified in the pull request)
    zipped = export_zip(post, profile, tmp_path / "update.zip")
    with zipfile.ZipFile(tmp_path / "update.zip") as archive:
        assert sorted(archive.namelist()) == sorted([post_rel, *(f"{folder}/{n}" for n in names), "PR.md"])
    assert f"Left out {len(set(shown_before))} image(s) the site already holds unchanged" in zipped.message

    html, public = _hugo_page(repo, "recap/update", page, tmp_path)
    for url in [*shown_before, *(f"{url_folder}/{n}" for n in names)]:
        assert f'src="{url}"' in html, url
        assert (public / url.lstrip("/")).is_file(), url


def test_corpus_socal_post_update_with_two_photos(corpus_repo: Path, tmp_path: Path) -> None:
    _update_journey(corpus_repo, SOCAL, SOCAL_FOLDER, "2016/05/12/k8s-socal-may-2016", tmp_path)


def test_sample_post_update_with_two_photos(sample_repo: Path, tmp_path: Path) -> None:
    _update_journey(sample_repo, SAMPLE_POST.as_posix(), "static/images/pdx/october-2026",
                    "2026/10/14/pdx-cloud-native-october-2026", tmp_path)


# ------------------------------------------------------------------------------ details

def test_photos_go_where_the_posts_photos_are(sample_repo: Path) -> None:
    post = Post.load(sample_repo / SAMPLE_POST)
    profile = load_profile(sample_repo)
    folder, prefix = existing_image_folder(post, profile)
    assert folder == (sample_repo / "static/images/pdx/october-2026").resolve()
    assert prefix == "/images/pdx/october-2026/"
    assert photo_target(post, profile).dest_dir == folder
    # a post without images of its own: the profile's pattern
    post.body = "No photos yet.\n"
    assert photo_target(post, profile).dest_dir == profile.image_dir("pdx-cloud-native-october-2026",
                                                                      post.get("date"))


def test_most_common_folder_wins_and_missing_folders_are_ignored(sample_repo: Path) -> None:
    profile = load_profile(sample_repo)
    (sample_repo / "static/images/shared").mkdir()
    post = Post.load(sample_repo / SAMPLE_POST)
    post.body = ("![a](/images/shared/a.jpg)\n\n![b](/images/pdx/october-2026/b.jpg)\n\n"
                 '<img src="/images/pdx/october-2026/c.jpg">\n\n![x](/images/nowhere/x.jpg)\n'
                 "![r](https://example.com/images/elsewhere/r.jpg)\n")
    assert existing_image_folder(post, profile)[1] == "/images/pdx/october-2026/"


def test_removed_photo_is_deleted_unless_another_page_uses_it(sample_repo: Path) -> None:
    profile = load_profile(sample_repo)
    post = Post.load(sample_repo / SAMPLE_POST)
    folder = "static/images/pdx/october-2026"
    other = sample_repo / "content/posts/2026_11_01-other.md"
    other.write_text('+++\ntitle = "Other"\ndate = "2026-11-01"\nslug = "other"\n+++\n'
                     "![keynote again](/images/pdx/october-2026/opening-keynote.jpg)\n")
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-q", "-m", "another post shares a photo")
    body = post.body
    for name in ("gitops-demo.jpg", "opening-keynote.jpg"):   # drop two photos from the post
        body = re.sub(rf'(?s)<a href="/images/pdx/october-2026/{name}">.*?</a>', "", body)
    assert "gitops-demo.jpg" not in body and "opening-keynote.jpg" not in body
    post.body = body

    result = export_branch(post, profile, branch="recap/fewer")

    status = sorted(git(sample_repo, "diff-tree", "--no-commit-id", "--name-status", "-r",
                        "recap/fewer").splitlines())
    # the photo only this post used goes; the one the other post shows stays
    assert status == [f"D\t{folder}/gitops-demo.jpg", f"M\t{SAMPLE_POST.as_posix()}"]
    assert "Photos removed (2)" in result.pr
    assert (sample_repo / folder / "gitops-demo.jpg").is_file()   # the checkout is untouched


def test_update_of_an_unsaved_edit_over_an_earlier_save(sample_repo: Path) -> None:
    """The writer saved once, then edited on: the editor's text is the update, not a conflict."""
    profile = load_profile(sample_repo)
    post = Post.load(sample_repo / SAMPLE_POST)
    post.set("title", "First save")
    post.save()
    post.set("title", "Second edit")
    result = export_branch(post, profile, branch="recap/edit")
    assert git(sample_repo, "log", "-1", "--format=%s", "recap/edit") == "Update recap: Second edit"
    assert 'title = "Second edit"' in git(sample_repo, "show", f"recap/edit:{SAMPLE_POST.as_posix()}")
    assert result.changes.fields == ["title"]


def test_a_draft_colliding_with_another_post_is_still_refused(sample_repo: Path, tmp_path: Path) -> None:
    from recap_editor.site.export import ExportError

    draft = tmp_path / "draft.md"
    draft.write_bytes((sample_repo / SAMPLE_POST).read_bytes().replace(b"Portland Cloud", b"Other"))
    with pytest.raises(ExportError, match="already exists in master with other content"):
        export_branch(draft, load_profile(sample_repo), branch="recap/collide", force=True)


def test_move_commit_says_move(sample_repo: Path) -> None:
    post = Post.load(sample_repo / SAMPLE_POST)
    post.set("slug", "pdx-october-2026")
    export_branch(post, load_profile(sample_repo), branch="recap/moved")
    assert git(sample_repo, "log", "-1", "--format=%s", "recap/moved").startswith("Move recap: ")


def test_folder_export_of_an_update_says_update(sample_repo: Path, tmp_path: Path) -> None:
    post = Post.load(sample_repo / SAMPLE_POST)
    post.body = post.body.replace("# **Talks**", "# **Talks**\n\nOne more line.", 1)
    export_folder(post, load_profile(sample_repo), tmp_path / "out")
    pr = (tmp_path / "out/PR.md").read_text()
    assert pr.startswith("# Update recap: Portland Cloud Native Meetup - October 2026")
    assert "## What changed (against master)" in pr and "- Sections edited: “Talks”" in pr


def test_new_post_is_still_add(sample_repo: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text('+++\ntitle = "Brand New"\ndate = "2026-12-01T18:00:00-08:00"\nslug = "brand-new"\n'
                     'tags = ["Meetup"]\nauthors = "Riley Chen"\n+++\nHello.\n<!--more-->\n')
    plan = plan_export(draft, load_profile(sample_repo))
    from recap_editor.site.changes import plan_changes

    assert plan_changes(plan).verb == "Add"
    export_branch(draft, load_profile(sample_repo), branch="recap/new")
    assert git(sample_repo, "log", "-1", "--format=%s", "recap/new") == "Add recap: Brand New"


# ------------------------------------------------------------------------------ budgets

def _big_photo(path: Path, size=(3000, 2000), seed: int = 5) -> Path:
    noise = Image.effect_noise(size, 60 + seed).filter(ImageFilter.GaussianBlur(0.6))
    Image.merge("RGB", [noise, Image.linear_gradient("L").resize(size), noise]).save(path, "JPEG", quality=95)
    return path


def _budget_problems(post: Post, profile) -> list[tuple[str, str]]:
    return [(p.severity, p.message.split(" ")[1]) for p in check_post(post, profile)
            if "over the site's budget" in p.message]


def test_budget_errors_only_for_images_the_export_adds_or_changes(sample_repo: Path) -> None:
    (sample_repo / "recap-editor.toml").write_text("image_budget_bytes = 300000\n")
    folder = sample_repo / "static/images/pdx/october-2026"
    _big_photo(folder / "old-big.jpg")
    assert (folder / "old-big.jpg").stat().st_size > 300_000
    post_path = sample_repo / SAMPLE_POST
    post_path.write_text(post_path.read_text() + "\n![Old](/images/pdx/october-2026/old-big.jpg)\n")
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-q", "-m", "an old big photo")
    profile = load_profile(sample_repo)
    assert profile.image_budget_bytes == 300_000
    assert profile.sources["image_budget_bytes"] == "recap-editor.toml"
    post = Post.load(post_path)
    assert _budget_problems(post, profile) == [("warning", "/images/pdx/october-2026/old-big.jpg")]

    _big_photo(folder / "new-big.jpg", seed=7)   # added by this export: it blocks
    post.body += "\n![New](/images/pdx/october-2026/new-big.jpg)\n"
    assert _budget_problems(post, profile) == [("error", "/images/pdx/october-2026/new-big.jpg"),
                                               ("warning", "/images/pdx/october-2026/old-big.jpg")]
    _big_photo(folder / "old-big.jpg", seed=9)   # changed since HEAD: it blocks too
    assert [s for s, _ in _budget_problems(post, profile)] == ["error", "error"]


def test_corpus_untouched_posts_have_no_budget_error(corpus_site: Path) -> None:
    profile = load_profile(corpus_site)
    for path in sorted((corpus_site / "content").rglob("*.md")):
        errors = [p for p in check_post(path, profile) if p.is_error and "budget" in p.message]
        assert errors == [], path


def test_a_new_8mb_photo_is_brought_under_the_sites_budget(corpus_repo: Path, tmp_path: Path) -> None:
    camera = tmp_path / "camera"
    camera.mkdir()
    big = _big_photo(camera / "DSC 8MB.JPG", size=(4200, 2800))
    assert big.stat().st_size > 8_000_000
    profile = load_profile(corpus_repo)
    assert main(["photos", str(corpus_repo / SOCAL), str(big)]) == 0
    out = corpus_repo / SOCAL_FOLDER / "dsc-8mb.jpg"
    assert out.stat().st_size <= profile.image_budget_bytes
    assert [p for p in check_post(corpus_repo / SOCAL, profile) if p.is_error] == []


def test_optimise_in_place_keeps_names_and_links(sample_repo: Path, capsys) -> None:
    from recap_editor.site.optimise import optimise_images, restore

    (sample_repo / "recap-editor.toml").write_text("image_budget_bytes = 250000\n")
    folder = sample_repo / "static/images/pdx/october-2026"
    original = _big_photo(folder / "huge.jpg").read_bytes()
    post_path = sample_repo / SAMPLE_POST
    post_path.write_text(post_path.read_text() + "\n![Huge](/images/pdx/october-2026/huge.jpg)\n")
    text = post_path.read_bytes()
    profile = load_profile(sample_repo)
    assert ("error", "/images/pdx/october-2026/huge.jpg") in _budget_problems(Post.load(post_path), profile)

    assert main(["photos", str(post_path), "--optimise"]) == 0
    assert "huge.jpg" in capsys.readouterr().out
    assert post_path.read_bytes() == text                       # no link changed
    assert (folder / "huge.jpg").stat().st_size <= 250_000
    with Image.open(folder / "huge.jpg") as im:
        assert max(im.size) <= profile.web_size
    assert _budget_problems(Post.load(post_path), profile) == []
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]

    # the window's undo: the old bytes come back
    (folder / "huge.jpg").write_bytes(original)
    results = optimise_images(Post.load(post_path), profile, backup_dir=sample_repo.parent / "backup")
    assert [r.path.name for r in results if r.changed] == ["huge.jpg"]
    restore(results)
    assert (folder / "huge.jpg").read_bytes() == original


# ------------------------------------------------------------------------------ PR.md checklist

def test_checklist_comes_from_problem_kinds_not_words(sample_repo: Path, tmp_path: Path) -> None:
    """An unreadable image's error says nothing about "budget", "not found" or "GPS": the old
    word matching ticked "Images present" beside it."""
    from recap_editor.site.export import pr_text

    folder = sample_repo / "static/images/pdx/october-2026"
    (folder / "broken.jpg").write_bytes(b"not a jpeg at all")
    post = Post.load(sample_repo / SAMPLE_POST)
    post.body += "\n![Broken](/images/pdx/october-2026/broken.jpg)\n"
    profile = load_profile(sample_repo)
    problems = check_post(post, profile)
    unreadable = [p for p in problems if p.is_error and p.kind == "image-unreadable"]
    assert unreadable and not any(w in unreadable[0].message for w in ("budget", "not found", "GPS"))
    with pytest.raises(Exception):
        plan_export(post, profile)   # not an image: it cannot even travel with the post
    plan = plan_export(Post.load(sample_repo / SAMPLE_POST), profile)
    text = pr_text(plan, problems)
    assert "- [ ] Images present" in text
    assert "- [x] Front matter complete" in text and "- [x] Post at" in text
    clean = pr_text(plan, [p for p in problems if p.kind != "image-unreadable"])
    assert "- [x] Images present" in clean


def test_an_existing_branch_is_refused_with_a_free_name_or_replaced(sample_repo: Path, capsys) -> None:
    from recap_editor.site.export import ExportError

    git(sample_repo, "branch", "recap/taken")
    old = git(sample_repo, "rev-parse", "recap/taken")
    post = Post.load(sample_repo / SAMPLE_POST)
    post.set("title", "Edited")
    with pytest.raises(ExportError, match=r"export as 'recap/taken-2' \(--branch recap/taken-2\), "
                       r"or replace it \(--force, which also lets the checks' errors through\)"):
        export_branch(post, load_profile(sample_repo), branch="recap/taken")
    with pytest.raises(ExportError, match="is the one checked out"):
        export_branch(post, load_profile(sample_repo), branch="master", replace=True)
    post.save()
    assert main(["export", str(sample_repo / SAMPLE_POST), "--branch", "recap/taken", "--force"]) == 0
    assert git(sample_repo, "rev-parse", "recap/taken") != old
    assert git(sample_repo, "log", "-1", "--format=%s", "recap/taken") == "Update recap: Edited"


def test_an_oversized_site_image_names_the_fix_that_keeps_its_name(sample_repo: Path, capsys) -> None:
    """The SoCal photos are 3264x2448: the fix was "the photos importer does", which would import a
    copy under a new name; Optimise Images resizes them in place and clears the warning."""
    (sample_repo / "recap-editor.toml").write_text("image_budget_bytes = 50000000\n")
    folder = sample_repo / "static/images/pdx/october-2026"
    _big_photo(folder / "wide.jpg")
    post_path = sample_repo / SAMPLE_POST
    post_path.write_text(post_path.read_text() + "\n![Wide](/images/pdx/october-2026/wide.jpg)\n")
    profile = load_profile(sample_repo)

    def too_wide():
        return [p for p in check_post(Post.load(post_path), profile) if "larger than the web size" in p.message]
    [problem] = too_wide()
    assert problem.fix == (f"Photos › Optimise Images (recap-editor photos POST --optimise) resizes it "
                           f"in place to {profile.web_size} px, keeping its name")
    capsys.readouterr()
    assert main(["photos", str(post_path), "--optimise"]) == 0
    assert too_wide() == []
    out = capsys.readouterr().out
    # it was under the budget: the summary must not say it was over it
    assert "Optimised 1 of 1 image(s) over the site's budget of 50.0 MB or larger than the web size " \
           f"of {profile.web_size} px, in place: " in out and "names and links unchanged." in out
    assert main(["photos", str(post_path), "--optimise"]) == 0
    assert capsys.readouterr().out == ("Nothing to optimise: no image of this post is over the site's "
                                       f"budget of 50.0 MB or larger than the web size of {profile.web_size} px.\n")
