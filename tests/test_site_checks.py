"""Preflight checks: every post of the test sites (the repository's own and, where present, the
corpus) with the problems it really has, and each rule on generated posts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import site_data, site_names
from recap_editor.document.post import Post
from recap_editor.site.checks import Problem, check_post
from recap_editor.site.profile import load_profile

# ----------------------------------------------------------------------------- the sites
# Errors each post of the repository's own site (tests/data/harbor-site, images drawn by
# tests/sitedata.py) really has, as (line, what): the one file name that breaks the site's pattern.
# Its camera photos and screenshots are the site's own images: the budget (inferred from them) only
# warns about them (issue 10), so nothing else is an error.
HARBOR_ERRORS = {
    "about.md": [],
    "2019_02_04-building-a-lab-cluster-part-1.md": [],
    "2019_02_04-building-a-lab-cluster-part-2.md": [],
    "2019_03_14_storage-day-volumes.md": [(1, "file name")],
    "2019_04_11-harbor-kube-april-2019.md": [],
    "2019_05_16-vendor-spotlight.md": [],
    "2019_05_23-cluster-videos-1.md": [],
}
HARBOR_WARNINGS = {
    "about.md": [(9, "link to cncf.io")],                            # a bare domain: a relative link
    "2019_02_04-building-a-lab-cluster-part-1.md": [
        (1, "does not match the post's date"),                      # file 02_04, date 2019-02-05
        (17, "#configurations-secrets"),                             # goldmark id: configurations--secrets
        (23, "lab-architecture-xl.png is 1856x1656"), (55, "sidecar.png is 1624x1396"),
        (19, "raw HTML needs")],
    "2019_02_04-building-a-lab-cluster-part-2.md": [
        (1, "does not match the post's date"), (15, "#namespaces-serviceaccounts"),
        (17, "part-1.md#configurations-secrets")],
    "2019_04_11-harbor-kube-april-2019.md": [
        (48, "state.JPG is 3264x2448"), (49, "state.JPG has no alt text"),
        (48, "state.JPG carries private metadata: camera serial number")],
    "2019_05_23-cluster-videos-1.md": [(1, "does not match the post's date and slug")],
}
# The corpus (../shared, where present): the one file name that breaks the site's own pattern.
CORPUS_ERRORS = {
    "about.md": [],
    "collections.md": [],
    "2016_03_06-building-corekube-on-kubernetes-part-1.md": [],
    "2016_03_06-building-corekube-on-kubernetes-part-2.md": [],
    "2016_03_10-kubecon-london-2016-day-1.md": [],
    "2016_03_11-kubecon-london-2016-day-2.md": [],
    "2016_03_14_volumes.md": [(1, "file name")],
    "2016_03_31-why-does-k8s-matter.md": [],
    "2016_05_12-k8s-socal-may-2016.md": [],
    "2016_05_19-apprenda-kismatic.md": [],
    "2016_05_26-kubernetes-vids-1.md": [],
}
# Warnings that must be there (line, words in the message).
CORPUS_WARNINGS = {
    "about.md": [(9, "link to kubernetes.io")],                      # a bare domain: a relative link
    "2016_03_06-building-corekube-on-kubernetes-part-1.md": [
        (1, "does not match the post's date"),                      # file 03_06, date 2016-03-07
        (26, "#configurations-secrets"),                             # goldmark id: configurations--secrets
        (59, "corekube-architecture-xl.png is 1856x1656"), (221, "sidecar.png is 1624x1396")],
    "2016_03_06-building-corekube-on-kubernetes-part-2.md": [
        (1, "does not match the post's date"), (24, "#namespaces-serviceaccounts"),
        (40, "part-1.md#configurations-secrets")],
    "2016_03_10-kubecon-london-2016-day-1.md": [
        (23, "kubecon.jpg is 3264x2448"), (40, "#what-is-openstack-s-role"),
        (24, "kubecon.jpg has no alt text")],
    "2016_05_12-k8s-socal-may-2016.md": [(55, "jj.JPG is 3264x2448"), (51, "raw HTML needs")],
    "2016_05_26-kubernetes-vids-1.md": [(1, "does not match the post's date and slug")],
}


def _what(problem: Problem) -> str:
    budget = re.search(r"image \S*/([^/\s]+) is [\d.]+ [KM]B, over the site's budget", problem.message)
    if budget:
        return f"budget {budget.group(1)}"
    if "does not follow the site's pattern" in problem.message:
        return "file name"
    return problem.message


SITE_ERRORS = {"harbor": HARBOR_ERRORS, "corpus": CORPUS_ERRORS}
SITE_WARNINGS = {"harbor": HARBOR_WARNINGS, "corpus": CORPUS_WARNINGS}
# (site, post) for each site present: a fresh clone collects the repository's own posts only.
CASES = [(site, name) for site in site_names() for name in sorted(SITE_ERRORS[site])]


@pytest.mark.parametrize("site, name", CASES, ids=[f"{s}-{n}" for s, n in CASES])
def test_every_site_post(request, site: str, name: str) -> None:
    root = site_data(request, site).root
    path = next(root.joinpath("content").rglob(name))
    problems = check_post(path, load_profile(root))
    errors = [(p.line, _what(p)) for p in problems if p.severity == "error"]
    assert errors == SITE_ERRORS[site][name]
    warnings = [(p.line, p.message) for p in problems if p.severity == "warning"]
    for line, words in SITE_WARNINGS[site].get(name, []):
        assert any(w_line == line and words in message for w_line, message in warnings), (line, words)
    assert all(str(p).startswith(f"{path}:{p.line}: {p.severity}: ") for p in problems)


def test_site_post_list_is_complete(recap_site) -> None:
    names = sorted(p.name for p in recap_site.root.joinpath("content").rglob("*.md"))
    assert names == sorted(SITE_ERRORS[recap_site.name])


# Per site: the post whose file name breaks the pattern, and the name the fix suggests.
MISNAMED = {"harbor": ("2019_03_14_storage-day-volumes.md", "2019_03_14-storage-day-volumes.md"),
            "corpus": ("2016_03_14_volumes.md", "2016_03_14-kubecon-pi-day-volumes.md")}


def test_fixes_are_suggested(recap_site) -> None:
    post, fixed = MISNAMED[recap_site.name]
    problems = check_post(recap_site.root / "content/posts" / post, load_profile(recap_site.root))
    name = next(p for p in problems if "file name" in p.message)
    assert name.fix == f"rename it to {fixed}"
    assert str(name).endswith(f"(fix: rename it to {fixed})")


# -------------------------------------------------------------------------- generated posts

def _site(tmp_path: Path, config_extra: str = "") -> Path:
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "static/images/other").mkdir(parents=True)
    (site / "config.toml").write_text('title = "T"\n[permalinks]\nposts = "/:year/:month/:day/:slug/"\n'
                                      + config_extra)
    for day, slug in [(1, "first-meetup"), (2, "second-meetup"), (3, "third-day"), (4, "fourth-day")]:
        _write(site / f"content/posts/2020_01_0{day}-{slug}.md",
               f'date = "2020-01-0{day}T18:00:00-08:00"\ntags = ["Meetup"]\ntitle = "{slug}"\n'
               f'slug = "{slug}"\nauthors = "Ann"',
               "Summary.\n\n<!--more-->\n\n## Talks\n\nText.\n")
    return site


def _write(path: Path, front: str, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"+++\n{front}\n+++\n\n{body}", encoding="utf-8")
    return path


def _jpeg(path: Path, size=(800, 600), gps: bool = False, quality: int = 80) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.effect_noise(size, 60).convert("RGB")
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (34.0, 3.0, 0.0), 3: "W", 4: (118.0, 14.0, 0.0)}
    im.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


GOOD_FRONT = ('date = "2020-02-03T18:00:00-08:00"\ntags = ["Meetup"]\ntitle = "Third Meetup"\n'
              'slug = "third-meetup"\nauthors = "Ann"')


def _check(site: Path, front: str, body: str, name: str = "2020_02_03-third-meetup.md") -> list[Problem]:
    path = _write(site / "content/posts" / name, front, body)
    return check_post(Post.load(path), load_profile(site))


def _only(problems: list[Problem], severity: str = "error") -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in problems if p.severity == severity]


def test_clean_post_has_no_problem(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _jpeg(site / "static/images/third-meetup/stage.jpg")
    body = ("Summary.\n\n<!--more-->\n\n## Talks\n\n![The stage](/images/third-meetup/stage.jpg)\n\n"
            "See [the talks](#talks) and [the first]({{< ref \"posts/2020_01_01-first-meetup.md#talks\" >}}).\n")
    assert _check(site, GOOD_FRONT, body) == []


def test_front_matter_rules(tmp_path: Path) -> None:
    site = _site(tmp_path)
    front = 'date = "next tuesday"\ntags = "Meetup"\ntitle = "Third Meetup"\nslug = "Third Meetup"'
    problems = _check(site, front, "Summary.\n\n<!--more-->\n")
    errors = _only(problems)
    assert (2, "'date' is not a date Hugo can read: 'next tuesday' (use ISO 8601, like "
               "2016-05-12T16:00:00-08:00)") in errors
    assert any(line == 3 and "'tags' should be a list" in m for line, m in errors)
    assert any(line == 5 and "slug 'Third Meetup' is not kebab-case" in m for line, m in errors)
    assert any("required field 'authors' is missing" in m for _, m in errors)
    slug = next(p for p in problems if "kebab-case" in p.message)
    assert slug.fix == 'slug = "third-meetup"'


def test_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    site = _site(tmp_path)
    problems = _check(site, 'title = "x"\ndate = = 3', "Body\n")
    assert problems[0].severity == "error" and problems[0].line == 3


def test_duplicate_slug_and_name_and_place(tmp_path: Path) -> None:
    site = _site(tmp_path)
    front = GOOD_FRONT.replace("third-meetup", "first-meetup")
    errors = _only(_check(site, front, "S.\n\n<!--more-->\n", name="2020_02_03-first-meetup.md"))
    assert (5, "slug 'first-meetup' is already used by content/posts/2020_01_01-first-meetup.md") in errors
    (site / "content/posts/2020_02_03-first-meetup.md").unlink()
    errors = _only(_check(site, GOOD_FRONT, "S.\n\n<!--more-->\n", name="third.md"))
    assert (1, "file name 'third.md' does not follow the site's pattern '{date:%Y_%m_%d}-{slug}.md'") in errors
    (site / "content/posts/third.md").unlink()
    path = _write(site / "content/drafts/2020_02_03-third-meetup.md", GOOD_FRONT, "S.\n\n<!--more-->\n")
    problems = check_post(path, load_profile(site))
    path.unlink()
    assert any("the site keeps posts in content/posts/" in m and p.fix ==
               "move it to content/posts/2020_02_03-third-meetup.md"
               for p in problems for m in [p.message])
    # a draft outside the site is not blamed for its place: the export puts it right
    draft = _write(tmp_path / "drafts/anything.md", GOOD_FRONT, "S.\n\n<!--more-->\n")
    assert _only(check_post(draft, load_profile(site))) == []


def test_missing_fold(tmp_path: Path) -> None:
    site = _site(tmp_path)
    problems = _check(site, GOOD_FRONT, "First paragraph\nstill first.\n\nSecond.\n")
    fold = [p for p in problems if "<!--more-->" in p.message]
    assert len(fold) == 1 and fold[0].severity == "error" and fold[0].line == 10   # "still first."
    # in a code block it does not count
    problems = _check(site, GOOD_FRONT, "Summary.\n\n```\n<!--more-->\n```\n")
    assert any("<!--more-->" in p.message for p in problems)


def test_image_rules(tmp_path: Path) -> None:
    site = _site(tmp_path)
    images = site / "static/images/third-meetup"
    _jpeg(images / "big.jpg", size=(2400, 1800), quality=100)         # > 500 KB and > 1600 px
    _jpeg(images / "gps.jpg", gps=True)
    _jpeg(images / "ok.jpg")
    (images / "broken.jpg").write_bytes(b"not a jpeg")
    assert (images / "big.jpg").stat().st_size > 500_000
    body = ("S.\n\n<!--more-->\n\n"
            "![Big](/images/third-meetup/big.jpg)\n\n"                         # line 13
            "![](/images/third-meetup/ok.jpg)\n\n"                             # line 15
            "![Where](/images/third-meetup/gps.jpg)\n\n"                       # line 17
            "![Gone](/images/third-meetup/missing.jpg)\n\n"                    # line 19
            "![Remote](https://example.com/x.jpg)\n\n"                         # line 21
            "![Bad](/images/third-meetup/broken.jpg)\n\n"                      # line 23
            "```\n![](/images/not/real.jpg)\n```\n")                         # in code: ignored
    problems = _check(site, GOOD_FRONT, body)
    errors, warnings = _only(problems), _only(problems, "warning")
    # big.jpg is already in the site (no git here to say otherwise): over budget warns, not blocks
    assert [line for line, _ in errors] == [17, 19, 23]
    assert any(line == 13 and "over the site's budget of 500 KB" in m and "already in the site" in m
               for line, m in warnings)
    assert "still carries its GPS position" in errors[0][1]
    assert errors[1][1].startswith("image not found: /images/third-meetup/missing.jpg")
    assert "not an image" in errors[2][1]
    assert any(line == 13 and "is 2400x1800, larger than the web size 1600 px" in m for line, m in warnings)
    assert any(line == 15 and "has no alt text" in m for line, m in warnings)
    assert any(line == 21 and "remote image https://example.com/x.jpg" in m for line, m in warnings)
    assert not any("not/real" in m for _, m in errors + warnings)


def test_relative_images_of_a_draft(tmp_path: Path) -> None:
    site = _site(tmp_path)
    draft_dir = tmp_path / "drafts"
    _jpeg(draft_dir / "images/third-meetup/a.jpg")
    draft = _write(draft_dir / "third.md", GOOD_FRONT,
                   "S.\n\n<!--more-->\n\n![A](images/third-meetup/a.jpg) ![B](images/third-meetup/b.jpg)\n")
    errors = _only(check_post(draft, load_profile(site)))
    assert errors == [(13, "image not found: images/third-meetup/b.jpg (looked for "
                           f"{draft_dir / 'images/third-meetup/b.jpg'})")]


def test_link_rules(tmp_path: Path) -> None:
    site = _site(tmp_path)
    body = ("S.\n\n<!--more-->\n\n## Configurations & Secrets\n\n"
            "[a](#configurations-secrets) [b]({{< ref \"#configurations--secrets\" >}})\n"     # line 15
            "[c]({{< relref \"posts/nope.md\" >}}) [d]({{< ref \"2020_01_02-second-meetup.md\" >}})\n"
            "[e]({{< ref \"posts/2020_01_01-first-meetup.md#nothing\" >}}) [f](/2020/01/01/first-meetup/)\n"
            "[g](/2020/01/09/nope/) [h](/tags/meetup/) [i](https://example.com/#x)\n")
    problems = _check(site, GOOD_FRONT, body)
    errors, warnings = _only(problems), _only(problems, "warning")
    assert errors == [(16, "relref target 'posts/nope.md' is not a page of the site: Hugo stops the "
                           "build with REF_NOT_FOUND")]
    assert (15, "link to #configurations-secrets: no heading of this post has that id") in warnings
    fix = next(p for p in problems if "#configurations-secrets" in p.message).fix
    assert fix == "use #configurations--secrets"
    assert any(line == 17 and "has no heading with this id" in m for line, m in warnings)
    assert any(line == 18 and "/2020/01/09/nope/" in m for line, m in warnings)
    assert len(warnings) == 3


def test_raw_html_needs_unsafe(tmp_path: Path) -> None:
    site = _site(tmp_path, '[markup.goldmark.renderer]\nunsafe = false\n')
    body = "S.\n\n<!--more-->\n\nText with `<b>` in code.\n\n<div class=\"row\">x</div>\n"
    errors = _only(_check(site, GOOD_FRONT, body))
    assert [line for line, _ in errors] == [15]
    assert "raw HTML is omitted by Hugo" in errors[0][1]
    on = _site(tmp_path / "on", '[markup.goldmark.renderer]\nunsafe = true\n')
    assert _check(on, GOOD_FRONT, body) == []


def test_a_page_is_not_held_to_post_rules(tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = site / "content/about.md"
    page.write_text('+++\ntype = "about"\n+++\n\nAbout us.\n')
    assert check_post(page, load_profile(site)) == []


def test_problem_text() -> None:
    problem = Problem("a.md", 3, "error", "bad", "do this")
    assert str(problem) == "a.md:3: error: bad (fix: do this)"
    assert str(Problem("a.md", 1, "warning", "meh")) == "a.md:1: warning: meh"
