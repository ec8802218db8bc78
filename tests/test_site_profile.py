"""Site root discovery, profile inference from the site's own content, recap-editor.toml overrides."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from recap_editor.site.config import read_site_config
from recap_editor.site.profile import (
    ProfileError, UnsafeNameError, find_site_root, load_profile, profile_for,
)


def _post(path: Path, front: str, body: str = "Summary.\n\n<!--more-->\n\nMore.\n", fmt: str = "toml") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    delim = "+++" if fmt == "toml" else "---"
    path.write_text(f"{delim}\n{front.strip()}\n{delim}\n\n{body}", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- the test sites
# What each site's content says (conftest's recap_site: the repository's own Harbor Kube site and,
# where present, the corpus): title, base URL, authors, the most used tag, tags that must be
# there, how many posts follow the file name pattern, and the seed post's slug and date.
SITE_FACTS = {
    "harbor": dict(title="Harbor Kube", base_url="https://harborkube.example.org", authors=["Dana Reyes"],
                   first_tag="Community", some_tags={"Meetup", "Harbor", "Volumes"}, follow="4 of 6 posts",
                   budget=1_100_000, budget_source="90th percentile of the site's 14 images",
                   seed=("harbor-kube-april-2019", "2019-04-11T18:00:00-07:00")),
    "corpus": dict(title="CoreKube", base_url="https://corekube.com", authors=["Mike Metral"],
                   first_tag="KubeCon", some_tags={"Meetup", "SoCal", "Volumes"}, follow="7 of 9 posts",
                   budget=1_900_000, budget_source="90th percentile of the site's 30 images",
                   seed=("k8s-socal-may-2016", "2016-05-12T16:00:00-08:00")),
}


def test_site_profile_is_inferred_from_its_content(recap_site) -> None:
    site, facts = recap_site.root, SITE_FACTS[recap_site.name]
    profile = load_profile(site)
    assert profile.root == site.resolve()
    assert profile.generator == "hugo"
    assert profile.content_dir == site.resolve() / "content"
    assert profile.static_dir == site.resolve() / "static"
    assert profile.posts_section == "posts"
    # most posts follow it (a name off the pattern and a slug mismatch do not); CONTRIBUTING agrees
    assert profile.post_filename_pattern == "{date:%Y_%m_%d}-{slug}.md"
    assert profile.page_bundles is False
    assert profile.image_dir_pattern == "images/{slug}"   # the seed's event folder is an outlier
    assert profile.front_matter_format == "toml"
    fields = {f.name: (f.type, f.required) for f in profile.schema}
    assert fields == {"date": ("datetime", True), "tags": ("list", True), "title": ("string", True),
                      "slug": ("string", True), "authors": ("string", True)}
    assert profile.authors == facts["authors"]
    assert profile.tags[0] == facts["first_tag"] and facts["some_tags"] <= set(profile.tags)
    assert profile.more_fold is True
    assert profile.permalinks == {"posts": "/:year/:month/:day/:slug/"}
    # config.toml does not set goldmark's unsafe, but the posts rely on raw HTML
    assert profile.unsafe is True and profile.unsafe_configured is False
    assert any("markup.goldmark.renderer" in note for note in profile.notes)
    # the budget is the site's: the 90th percentile of its images, rounded up
    assert profile.web_size == 1600 and profile.image_budget_bytes == facts["budget"]
    assert profile.sources["image_budget_bytes"] == facts["budget_source"]
    assert facts["follow"] in profile.sources["post_filename_pattern"]


def test_site_places(recap_site) -> None:
    profile = load_profile(recap_site.root)
    root = recap_site.root.resolve()
    assert profile.post_path(*SITE_FACTS[recap_site.name]["seed"]) == root / recap_site.seed.relative_to(recap_site.root)
    assert profile.post_path("x", dt.date(2024, 1, 2)).name == "2024_01_02-x.md"
    assert profile.image_dir("my-recap") == root / "static/images/my-recap"
    assert profile.image_url("my-recap", "stage 1.jpg") == "/images/my-recap/stage%201.jpg"


def test_find_site_root_walks_up(recap_site, tmp_path: Path) -> None:
    site, post = recap_site.root, recap_site.seed
    assert find_site_root(post) == site.resolve()
    assert find_site_root(site / "static/images") == site.resolve()
    assert profile_for(post).root == site.resolve()
    assert find_site_root(tmp_path) is None and profile_for(tmp_path) is None


def test_render_options_follow_the_profile(recap_site) -> None:
    site, facts = recap_site.root, SITE_FACTS[recap_site.name]
    profile = load_profile(site)
    options = profile.render_options(site / "content/posts/a.md")
    assert options.dialect == "goldmark" and options.unsafe is True
    assert options.static_dir == profile.static_dir and options.post_path.name == "a.md"
    assert options.permalinks == {"posts": "/:year/:month/:day/:slug/"}
    assert options.site_title == facts["title"] and options.base_url == facts["base_url"]
    assert options.content_dir == profile.content_dir and options.site_root == profile.root
    # the parsed config rides along for rendering, but is no profile setting to show
    assert profile.config["title"] == facts["title"] and "config" not in profile.to_json()
    assert "config" not in {key for key, _, _ in profile.describe()}


@pytest.mark.parametrize("slug", ["../evil", "a/b", "..", "/abs", ".hidden", "a\\b", ""])
def test_hostile_slugs_are_refused(recap_site, slug: str) -> None:
    profile = load_profile(recap_site.root)
    with pytest.raises(UnsafeNameError):
        profile.post_path(slug, "2016-01-01")
    with pytest.raises(UnsafeNameError):
        profile.image_dir(slug)


@pytest.mark.parametrize("name", ["../x.jpg", "a/b.jpg", "/etc/x.jpg", ".x.jpg", ".."])
def test_hostile_image_names_are_refused(recap_site, name: str) -> None:
    with pytest.raises(UnsafeNameError):
        load_profile(recap_site.root).image_url("ok", name)


# -------------------------------------------------------------------------- generated sites

def test_generic_config_toml_needs_site_folders(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("x = 1\n")
    assert find_site_root(tmp_path) is None          # a stray ~/config.toml is not a site
    (tmp_path / "content").mkdir()
    assert find_site_root(tmp_path / "content") == tmp_path.resolve()


def test_yaml_bundles_and_config_dir(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "config/_default").mkdir(parents=True)
    (site / "config/_default/hugo.yaml").write_text("contentDir: text\nstaticDir: [assets-static]\n")
    (site / "config/_default/markup.toml").write_text("[goldmark.renderer]\nunsafe = false\n")
    (site / "config/_default/permalinks.toml").write_text('blog = "/:slug/"\n')
    for i, slug in enumerate(["first-night", "second-night", "third-night"]):
        _post(site / f"text/blog/{slug}/index.md",
              f"title: Night {i}\ndate: 2023-0{i + 1}-05\ndraft: false\ntags: [a, b]\nweight: {i}",
              fmt="yaml", body="No fold here.\n")
    _post(site / "text/about.md", "title: About", fmt="yaml")
    config = read_site_config(site)
    assert config.get("markup.goldmark.renderer.unsafe") is False
    profile = load_profile(site)
    assert profile.content_dir == site.resolve() / "text"
    assert profile.static_dir == site.resolve() / "assets-static"
    assert profile.posts_section == "blog" and profile.page_bundles is True
    assert profile.post_filename_pattern == "{slug}/index.md"
    assert profile.front_matter_format == "yaml"
    kinds = {f.name: f.type for f in profile.schema}
    assert kinds == {"title": "string", "date": "date", "draft": "bool", "tags": "list", "weight": "number"}
    assert profile.more_fold is False and profile.unsafe is False and profile.unsafe_configured
    assert profile.permalinks == {"blog": "/:slug/"}
    assert profile.post_path("new-one", "2024-01-01") == site.resolve() / "text/blog/new-one/index.md"
    assert profile.image_dir("new-one") == site.resolve() / "text/blog/new-one"
    assert profile.image_url("new-one", "a.jpg") == "a.jpg"


def test_dated_dash_pattern_without_contributing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "x"\n')
    for day, slug in [(1, "alpha"), (2, "beta"), (3, "gamma")]:
        _post(site / f"content/news/2020-01-0{day}-{slug}.md", f'title = "{slug}"\nslug = "{slug}"')
    _post(site / "content/news/odd-name.md", 'title = "odd"\nslug = "other"')
    profile = load_profile(site)
    assert profile.posts_section == "news"
    assert profile.post_filename_pattern == "{date:%Y-%m-%d}-{slug}.md"
    assert profile.image_dir_pattern == "images/{slug}"      # default: no post shows images
    assert profile.more_fold is True                          # 4 of 4 posts have the fold


def test_site_without_markup_config_passes_raw_html_when_its_posts_use_it(tmp_path: Path) -> None:
    # Hugo before 0.60 published raw HTML; a site whose config has no [markup] and whose posts rely
    # on raw HTML was written for that, so its preview shows the HTML.
    (tmp_path / "config.toml").write_text('title = "Old"\n', encoding="utf-8")
    _post(tmp_path / "content/posts/a.md", 'title = "a"', "Text\n")
    profile = load_profile(tmp_path)
    assert not profile.unsafe and not profile.render_options().unsafe
    for name in ("b", "c"):
        _post(tmp_path / f"content/posts/{name}.md", f'title = "{name}"', '<div class="row">\n</div>\n')
    profile = load_profile(tmp_path)
    assert profile.unsafe and not profile.unsafe_configured
    assert profile.render_options().unsafe
    assert "2 of 3 posts use raw HTML" in profile.sources["unsafe"]
    (tmp_path / "recap-editor.toml").write_text("unsafe = false\n", encoding="utf-8")
    assert not load_profile(tmp_path).render_options().unsafe


def _site_copy(recap_site, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("config.toml", "CONTRIBUTING.md"):
        shutil.copy(recap_site.root / name, site / name)
    shutil.copytree(recap_site.root / "content", site / "content")
    return site


def test_overrides_replace_inferred_values(recap_site, tmp_path: Path) -> None:
    site = _site_copy(recap_site, tmp_path)
    (site / "recap-editor.toml").write_text(
        'post_filename_pattern = "{date:%Y-%m-%d}-{slug}.md"\n'
        'image_dir_pattern = "photos/{slug}"\n'
        "unsafe = true\nweb_size = 1200\nimage_budget_bytes = 300000\nmore_fold = false\n"
        'authors = ["Ann", "Bob"]\nstylesheet = "theme.css"\nkeep_capture_time = true\n'
        '[permalinks]\nposts = "/:slug/"\n'
        '[fields.authors]\ntype = "list"\nrequired = true\n'
        '[fields.event]\ntype = "string"\nchoices = ["meetup", "conference"]\n')
    profile = load_profile(site)
    assert profile.post_path("a", "2024-03-04").name == "2024-03-04-a.md"
    assert profile.image_url("a", "b.jpg") == "/photos/a/b.jpg"
    assert profile.unsafe is True and profile.unsafe_configured and profile.notes == []
    assert (profile.web_size, profile.image_budget_bytes, profile.more_fold) == (1200, 300000, False)
    assert profile.authors == ["Ann", "Bob"] and profile.keep_capture_time is True
    assert profile.stylesheet == site.resolve() / "theme.css"
    assert profile.permalinks == {"posts": "/:slug/"}
    options = profile.render_options()        # the overrides win over config.toml
    assert options.permalinks == {"posts": "/:slug/"} and options.stylesheet == profile.stylesheet
    assert profile.schema.get("authors").type == "list"
    assert profile.schema.get("event").choices == ("meetup", "conference")
    assert profile.schema.get("title").required is True   # inferred fields stay
    assert profile.sources["web_size"] == "recap-editor.toml"


@pytest.mark.parametrize("text, words, line", [
    ("web_size = 1600\nwebsize = 3\n", "unknown key", 2),
    ('web_size = "big"\n', "must be a int", 1),
    ("[fields.x]\ntype = \"color\"\n", "type must be one of", 1),
    ('image_dir_pattern = "../../{slug}"\n', "unusable pattern", 1),
    ('content_dir = "/etc"\n', "unsafe content_dir", 1),
    ("web_size = \n", "invalid TOML", 1),
])
def test_bad_overrides_name_file_and_line(recap_site, tmp_path: Path, text: str,
                                          words: str, line: int) -> None:
    site = _site_copy(recap_site, tmp_path)
    (site / "recap-editor.toml").write_text(text)
    with pytest.raises(ProfileError) as info:
        load_profile(site)
    assert words in str(info.value)
    assert info.value.path == site.resolve() / "recap-editor.toml" and info.value.line == line


def test_broken_site_config_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text("title = \n")
    with pytest.raises(ProfileError) as info:
        load_profile(tmp_path)
    assert "hugo.toml" in str(info.value) and "invalid site config" in str(info.value)
