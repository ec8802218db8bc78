"""Preflight checks: every reason a post would be refused or published broken, one line each.

``check_post`` returns :class:`Problem` values, printed as ``PATH:LINE: error|warning: message``
with a fix where one is obvious. Errors block an export (unless forced); warnings inform. This module
checks the front matter, the name and place of the file, the fold and raw HTML; images live in
:mod:`checks_media`, links in :mod:`checks_links`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from recap_editor.document.post import Post
from recap_editor.document.schema import as_datetime, is_date_like
from recap_editor.document.slug import is_slug, post_slug, slugify
from recap_editor.site.references import first_raw_html_line, has_fold

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    severity: str      # "error" | "warning"
    message: str
    fix: str | None = None
    # What the problem is about, for code that acts on it (PR.md's checklist): "front-matter",
    # "place", "fold", "raw-html", "image-missing", "image-unreadable", "image-budget",
    # "image-privacy", "image", "link", "hugo", "spelling". Never parse ``message`` for this.
    kind: str = ""

    def __str__(self) -> str:
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{self.path}:{self.line}: {self.severity}: {self.message}{fix}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class Reporter:
    """Collects problems for one post, mapping body lines to lines of the whole file."""

    def __init__(self, post: Post) -> None:
        self.post = post
        self.path = str(post.path) if post.path else "<unsaved post>"
        self.problems: list[Problem] = []
        self.kind = ""   # the kind of the check running now (see Problem.kind)

    def add(self, severity: str, line: int | None, message: str, fix: str | None = None,
            kind: str | None = None) -> None:
        self.problems.append(Problem(self.path, max(1, line or 1), severity, message, fix,
                                     kind or self.kind))

    def body_line(self, line_in_body: int) -> int:
        return self.post.body_line + line_in_body - 1

    def field_line(self, key: str) -> int:
        return self.post.field_line(key) or 1


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def check_post(post: Post | Path | str, profile, hugo: bool = False) -> list[Problem]:
    """Every problem of ``post`` against the site ``profile``, errors first by line.

    ``hugo=True`` also builds the site with the post in a temporary copy (see :mod:`hugo`).
    """
    from recap_editor.site import checks_links, checks_media, checks_shortcodes, checks_template

    if not isinstance(post, Post):
        post = Post.load(post)
    report = Reporter(post)
    report.kind = "front-matter"
    if post.error is not None:
        report.add(ERROR, post.error.line, post.error.message,
                   "correct the front matter syntax; nothing else can be checked until then")
    elif not post.format:
        report.add(ERROR, 1, "the post has no front matter",
                   f"start the file with {'+++' if profile.front_matter_format == 'toml' else '---'} "
                   f"and the fields {', '.join(f.name for f in profile.schema if f.required)}")
    elif not is_site_page(post, profile):
        _check_fields(report, profile)
        _check_slug(report, profile)
        report.kind = "place"
        _check_place(report, profile)
    report.kind = "fold"
    if not is_site_page(post, profile):
        _check_fold(report, profile)
    report.kind = "raw-html"
    _check_raw_html(report, profile)
    report.kind = "image"
    checks_media.check_images(report, profile)
    report.kind = "link"
    checks_links.check_links(report, profile)
    checks_template.check_leftover_template(report, profile)
    checks_shortcodes.check_builtin_shortcodes(report, profile)
    if hugo:
        from recap_editor.site.hugo import build_check

        report.problems.extend(replace(p, kind=p.kind or "hugo") for p in build_check(post, profile))
    order = {ERROR: 0, WARNING: 1}
    return sorted(report.problems, key=lambda p: (order.get(p.severity, 2), p.line))


def is_site_page(post: Post, profile) -> bool:
    """A page of the site that is not a post (``content/about.md``: outside the posts section and
    without a date): only its body is checked, not the post rules."""
    if post.path is None or post.get("date") is not None:
        return False
    path = post.path.resolve()
    try:
        path.relative_to(profile.content_dir.resolve())
    except ValueError:
        return False
    try:
        path.relative_to(profile.section_dir.resolve())
        return False
    except ValueError:
        return True


def _toml_or_yaml(profile, key: str, value: str) -> str:
    return f'{key} = "{value}"' if profile.front_matter_format == "toml" else f"{key}: {value}"


def _check_fields(report: Reporter, profile) -> None:
    fields = report.post.fields
    for problem in profile.schema.validate(fields):
        line = report.field_line(problem.field)
        fix = None
        if "missing" in problem.message or "empty" in problem.message:
            example = {"slug": slugify(str(fields.get("title", ""))) or "my-post",
                       "date": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
                       "title": "My Event Recap"}.get(problem.field)
            fix = f"add {_toml_or_yaml(profile, problem.field, example)}" if example else \
                f"add a value for '{problem.field}'"
        report.add(problem.severity, line, problem.message, fix)
    date = fields.get("date")
    declared = profile.schema.get("date")
    if date is not None and (declared is None or declared.type not in ("date", "datetime")) \
            and not is_date_like(date):
        report.add(ERROR, report.field_line("date"), f"date '{date}' is not a date Hugo can read",
                   "use ISO 8601, like 2016-05-12T16:00:00-08:00")
    when = as_datetime(date)
    if when is not None:
        now = dt.datetime.now(when.tzinfo) if when.tzinfo else dt.datetime.now()
        if when - now > dt.timedelta(days=1):
            report.add(WARNING, report.field_line("date"), f"date {date} is in the future: Hugo does "
                       "not publish the post before then (unless built with --buildFuture)")


def _check_slug(report: Reporter, profile) -> None:
    from recap_editor.site.index import site_index

    post = report.post
    slug = post.get("slug")
    if isinstance(slug, str) and slug and not is_slug(slug):
        report.add(ERROR, report.field_line("slug"), f"slug '{slug}' is not kebab-case "
                   "(lowercase words joined by '-')", f"slug = \"{slugify(slug)}\"")
    slug = post_slug(post)
    if not slug:
        return
    mine = post.path.resolve() if post.path else None
    section = profile.posts_section
    for page in site_index(profile.content_dir, profile.permalinks).with_slug(slug):
        if page.path.resolve() == mine or (section and not page.rel.startswith(section + "/")):
            continue
        report.add(ERROR, report.field_line("slug"), f"slug '{slug}' is already used by "
                   f"{page.path.relative_to(profile.root)}", "choose another slug")


def _strftime_regex(fmt: str) -> str:
    codes = {"Y": r"\d{4}", "m": r"\d{2}", "d": r"\d{2}", "H": r"\d{2}", "M": r"\d{2}",
             "S": r"\d{2}", "y": r"\d{2}", "j": r"\d{3}", "b": r"[A-Za-z]{3}", "B": r"[A-Za-z]+"}
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            out.append(codes.get(fmt[i + 1], r".+?"))
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "".join(out)


def pattern_regex(pattern: str) -> re.Pattern:
    """``{date:%Y_%m_%d}-{slug}.md`` -> a regex any file name of that shape matches."""
    parts, pos = [], 0
    for m in re.finditer(r"\{(\w+)(?::([^}]*))?\}", pattern):
        parts.append(re.escape(pattern[pos:m.start()]))
        if m.group(1) == "date":
            parts.append(_strftime_regex(m.group(2) or "%Y-%m-%d"))
        else:
            parts.append(r"[^/\\]+?")
        pos = m.end()
    parts.append(re.escape(pattern[pos:]))
    return re.compile("^" + "".join(parts) + "$")


def _check_place(report: Reporter, profile) -> None:
    post = report.post
    if post.path is None:
        return
    path = post.path.resolve()
    try:
        path.relative_to(profile.root)
    except ValueError:
        return  # a draft outside the site: the export puts it where the profile says
    slug = post_slug(post) or "my-post"
    try:
        expected = profile.post_path(slugify(slug), post.get("date") if as_datetime(post.get("date")) else None)
    except ValueError:
        return
    rel = path.relative_to(profile.root).as_posix()
    expected_rel = expected.relative_to(profile.root).as_posix()
    section_dir = profile.section_dir.resolve()
    folder = path.parent.parent if profile.page_bundles else path.parent
    if folder != section_dir:
        report.add(ERROR, 1, f"the post is in {Path(rel).parent.as_posix()}/ but the site keeps posts "
                   f"in {section_dir.relative_to(profile.root).as_posix()}/", f"move it to {expected_rel}")
        return
    name_pattern = profile.post_filename_pattern.removesuffix("/index.md")
    name = path.parent.name + ".md" if profile.page_bundles else path.name
    if not profile.page_bundles and not pattern_regex(name_pattern).match(name):
        report.add(ERROR, 1, f"file name '{name}' does not follow the site's pattern "
                   f"'{profile.post_filename_pattern}'", f"rename it to {expected.name}")
    elif rel != expected_rel:
        report.add(WARNING, 1, f"file name '{Path(rel).name if not profile.page_bundles else name}' "
                   f"does not match the post's date and slug", f"rename it to {expected.name}")


def _check_fold(report: Reporter, profile) -> None:
    body = report.post.body
    if not profile.more_fold or has_fold(body):
        return
    first_blank = re.search(r"\S.*?(\n[ \t]*\n|\Z)", body, re.DOTALL)
    # point at the last line of the first paragraph: the fold goes right after it
    line = report.body_line(body.count("\n", 0, first_blank.start(1)) + 1 if first_blank else 1)
    report.add(ERROR, line, "the post has no <!--more--> fold; the site shows the text above it as "
               "the summary", "add a line <!--more--> after the first paragraph")


def _check_raw_html(report: Reporter, profile) -> None:
    line = first_raw_html_line(report.post.body)
    if line is None or profile.generator != "hugo":
        return
    config = profile.config_files[0].name if profile.config_files else "the site config"
    if not profile.unsafe:
        report.add(ERROR, report.body_line(line), "raw HTML is omitted by Hugo here: the site's "
                   "markup.goldmark.renderer.unsafe is off",
                   f"use Markdown instead, or set [markup.goldmark.renderer] unsafe = true in {config}")
    elif not profile.unsafe_configured:
        report.add(WARNING, report.body_line(line), f"raw HTML needs [markup.goldmark.renderer] "
                   f"unsafe = true, which {config} does not set: Hugo 0.60+ omits it",
                   f"add [markup.goldmark.renderer] unsafe = true to {config}")
