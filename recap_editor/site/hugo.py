"""Build the site with the real ``hugo`` in a temporary copy, with the post placed as the export
would place it, and report what went wrong: build errors, a page that was not produced, images
missing from the output, raw HTML Hugo omitted.

The copy is a real copy (never hard links: Hugo writes into its source folder, e.g. ``hugo_stats.json``
with ``build.writeStats``), and the output goes outside it, so the site itself is never touched. A theme the checkout lacks (an uncloned submodule) is replaced by
minimal layouts printing ``.Content``, with a warning: the content is real, the look is not.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from recap_editor.document.post import Post
from recap_editor.site.checks import ERROR, WARNING, Problem
from recap_editor.site.config import read_site_config
from recap_editor.site.hugo_binary import find_hugo
from recap_editor.site.references import find_references

_SKIP = {".git", "public", "resources", "node_modules", ".hugo_build.lock"}
_MINIMAL_LAYOUTS = {
    "_default/single.html": "<html><body><article>{{ .Content }}</article></body></html>\n",
    "_default/list.html": "<html><body>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">"
                          "{{ .Title }}</a>{{ end }}</body></html>\n",
    "index.html": "<html><body>{{ range .Site.RegularPages }}<a href=\"{{ .RelPermalink }}\">"
                  "{{ .Title }}</a>{{ end }}</body></html>\n",
}


def hugo_available() -> bool:
    return find_hugo() is not None


def _copy_site(root: Path, dest: Path) -> None:
    """A real copy, never hard links: Hugo writes into its source folder (``hugo_stats.json``
    with ``build.writeStats``, ``.hugo_build.lock``, ``resources/_gen``), and through a link that
    write would land in the writer's site."""
    shutil.copytree(root, dest, ignore=lambda d, names: [n for n in names if n in _SKIP],
                    copy_function=shutil.copy2, symlinks=True)


def _themes(config) -> list[str]:
    theme = config.get("theme")
    if isinstance(theme, str):
        return [theme] if theme else []
    if isinstance(theme, list):
        return [str(t) for t in theme]
    return []


def _stand_in_themes(site: Path, config) -> list[str]:
    missing = []
    themes_dir = site / str(config.get("themesdir", "themes"))
    for theme in _themes(config):
        if (themes_dir / theme).is_dir() or (site / "_vendor").is_dir():
            continue
        missing.append(theme)
        for rel, text in _MINIMAL_LAYOUTS.items():
            path = themes_dir / theme / "layouts" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if not _themes(config) and not (site / "layouts").is_dir():
        for rel, text in _MINIMAL_LAYOUTS.items():
            path = site / "layouts" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return missing


def run_hugo(site: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, HUGO_CACHEDIR=str(site / ".hugo-cache"))
    return subprocess.run([str(find_hugo() or "hugo"), "--source", str(site), *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def _page_paths(site: Path, public: Path, post_rel: str) -> list[Path]:
    """Where Hugo wrote the page of ``post_rel`` (from ``hugo list all``'s permalink)."""
    proc = run_hugo(site, "list", "all")  # "all" includes drafts and future posts
    for row in csv.DictReader(proc.stdout.splitlines()):
        if row.get("path", "").replace("\\", "/") == post_rel:
            path = unquote(urlsplit(row.get("permalink", "")).path).lstrip("/")
            if path.endswith(".html"):
                return [public / path]
            return [public / path / "index.html", public / (path.rstrip("/") + ".html")]
    return []


def _error_problems(stderr: str, temp_post: Path, shown: str, body_line: int) -> list[Problem]:
    problems = []
    for line in stderr.splitlines():
        if not re.match(r"^\s*(ERROR|Error)\b", line):
            continue
        if re.search(r"logged \d+ error\(s\)", line) and problems:
            continue  # the summary of the errors already reported
        text = re.sub(r"^\s*(ERROR|Error):?\s*(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\s*)?", "", line).strip()
        where = 1
        match = re.search(re.escape(str(temp_post)) + r'"?:(\d+)(?::\d+)?', text)
        if match:
            where = int(match.group(1))
        text = text.replace(str(temp_post.parent.parent.parent), "<site>")
        problems.append(Problem(shown, where, ERROR, f"hugo: {text}"))
    return problems


def build_check(post: Post | Path | str, profile) -> list[Problem]:
    """Build the site with ``post`` in a temporary copy and report every way the result is broken."""
    from recap_editor.site.export import ExportError, plan_export

    if not isinstance(post, Post):
        post = Post.load(post)
    shown = str(post.path) if post.path else "<unsaved post>"
    if not hugo_available():
        return [Problem(shown, 1, ERROR, "hugo is not installed, so the site could not be built",
                        "install it (pip install 'recap-editor[hugo]', or https://gohugo.io/installation/) "
                        "or check without --hugo")]
    try:
        plan = plan_export(post, profile)
    except ExportError as exc:
        return [Problem(shown, 1, ERROR, f"cannot place the post for a build: {exc.message}")]
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="recap-editor-hugo-") as tmp:
        site = Path(tmp) / "site"
        _copy_site(profile.root, site)
        if post.path is not None:  # the post's old place in the copy would be a duplicate page
            try:
                (site / post.path.resolve().relative_to(profile.root)).unlink(missing_ok=True)
            except ValueError:
                pass
        for f in plan.files:
            dest = site / Path(*f.target.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists():
                dest.unlink()  # a hard link: never write through it into the real site
            dest.write_bytes(f.read())
        config = read_site_config(site)
        for theme in _stand_in_themes(site, config):
            problems.append(Problem(shown, 1, WARNING, f"hugo: theme '{theme}' is not in the "
                                    "checkout; built with minimal layouts (content real, look not)"))
        public = Path(tmp) / "public"
        try:
            proc = run_hugo(site, "--destination", str(public), "--buildDrafts", "--buildFuture",
                            "--noBuildLock")
        except subprocess.TimeoutExpired:
            return problems + [Problem(shown, 1, ERROR, "hugo: the build took more than 5 minutes")]
        temp_post = site / Path(*plan.post_file.target.parts)
        body_line = post.body_line
        if proc.returncode != 0:
            found = _error_problems(proc.stdout + "\n" + proc.stderr, temp_post, shown, body_line)
            return problems + (found or [Problem(shown, 1, ERROR, "hugo: the build failed: "
                                                 + (proc.stderr.strip() or proc.stdout.strip())[:500])])
        pages = [p for p in _page_paths(site, public, plan.post_file.target.as_posix()) if p.is_file()]
        if not pages:
            return problems + [Problem(shown, 1, ERROR, "hugo built the site but produced no page "
                                       "for the post (draft, expired, or build options exclude it?)")]
        html = pages[0].read_text(encoding="utf-8", errors="replace")
        problems += _remote_problems(proc.stdout + "\n" + proc.stderr, temp_post, shown)
        problems += _output_problems(plan, public, html, shown, body_line)
    return problems


_X_UNFETCHED = re.compile(r'WARN\s+The "(x\w*)" shortcode was unable to retrieve the remote data:'
                          r'(.*?) See "([^"\n]*):(\d+):\d+"', re.DOTALL)


def _remote_problems(output: str, temp_post: Path, shown: str) -> list[Problem]:
    """Hugo's warning that it could not fetch an ``x`` post (it builds the page without it)."""
    problems = []
    for match in _X_UNFETCHED.finditer(output):
        if Path(match.group(3)) != temp_post:
            continue
        detail = match.group(2).strip().splitlines()[0] if match.group(2).strip() else ""
        reason = ("the site's security.http.urls does not allow it" if "access denied" in detail
                  else detail.rsplit(": ", 1)[-1] or "no answer")
        problems.append(Problem(
            shown, int(match.group(4)), WARNING,
            f"hugo could not fetch the X post of the {{{{< {match.group(1)} >}}}} shortcode from "
            f"x.com ({reason}): the built page shows nothing in its place",
            "build with network access to see the post; the preview shows a card", kind="hugo"))
    return problems


def _output_problems(plan, public: Path, html: str, shown: str, body_line: int) -> list[Problem]:
    problems = []
    if "<!-- raw HTML omitted -->" in html:
        problems.append(Problem(shown, 1, ERROR, "hugo omitted the post's raw HTML (galleries, <img>): "
                                "the site's markup.goldmark.renderer.unsafe is off",
                                "add [markup.goldmark.renderer] unsafe = true to the site config"))
    exported = plan.exported_post
    for ref in find_references(exported.body):
        if ref.kind not in ("image", "image-link") or ref.is_remote:
            continue
        line = body_line + ref.line - 1
        path = unquote(urlsplit(ref.url).path)
        out = public / path.lstrip("/") if path.startswith("/") else None
        if out is not None and not out.is_file():
            problems.append(Problem(shown, line, ERROR, f"hugo output lacks the image {ref.url}"))
        elif ref.kind == "image" and ref.url not in html and ref.url.replace("&", "&amp;") not in html:
            problems.append(Problem(shown, line, ERROR, f"the built page does not show the image {ref.url}"))
    return problems
