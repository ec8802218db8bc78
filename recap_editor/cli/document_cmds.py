"""``recap-editor meta`` and ``recap-editor new``: front matter from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from recap_editor.cli import EXIT_OK, EXIT_USAGE, CliError
from recap_editor.document.new_post import new_post_filename, new_post_text, now_iso, write_new_file
from recap_editor.document.post import DocumentError, FrontMatterError, Post
from recap_editor.document.schema import DEFAULT_SCHEMA, Schema


def register(sub: argparse._SubParsersAction) -> None:
    meta = sub.add_parser(
        "meta", help="print or edit a post's front matter",
        description="Print a post's front matter, or edit fields in place. Values are parsed by the "
                    "field's type: lists comma-separated, dates ISO 8601. Only the edited fields' "
                    "lines change; setting a field to the value it has leaves the file untouched.")
    meta.add_argument("post", type=Path, help="the post (.md)")
    meta.add_argument("--json", action="store_true", help="print the fields as JSON")
    meta.add_argument("--set", metavar="KEY=VALUE", action="append", default=[],
                      help="set a field (repeatable)")
    meta.add_argument("--unset", metavar="KEY", action="append", default=[],
                      help="remove a field (repeatable)")
    meta.set_defaults(func=run_meta)

    new = sub.add_parser(
        "new", help="start a new post from the template",
        description="Write a new post with front matter like the site's and a <!--more--> fold; "
                    "prints its path. Never overwrites an existing file.")
    new.add_argument("title", help="the post's title")
    new.add_argument("--dir", type=Path, default=Path("."), help="folder for the post (default: .)")
    new.add_argument("--date", help="ISO 8601 date-time (default: now)")
    new.add_argument("--tags", default="", help="comma-separated tags")
    new.add_argument("--authors", default="", help="author name(s)")
    new.add_argument("--site", type=Path, help="place the post where this site's profile says "
                     "(its posts folder and file name pattern, its front matter format and fields)")
    new.set_defaults(func=run_new)


def load_post(path: Path) -> Post:
    """Load a post for a command, turning unreadable input into a CLI error (exit 2)."""
    try:
        return Post.load(path)
    except DocumentError as exc:
        raise CliError(exc.message, path=path) from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(_jsonable(value))


def run_meta(args: argparse.Namespace, schema: Schema = DEFAULT_SCHEMA) -> int:
    post = load_post(args.post)
    if post.error is not None:
        raise CliError(post.error.message, path=args.post, line=post.error.line)
    if not args.set and not args.unset:
        if args.json:
            print(json.dumps(_jsonable(post.fields), indent=2, ensure_ascii=False))
        else:
            for key, value in post.fields.items():
                print(f"{key}: {_show(value)}")
        return EXIT_OK
    before = post.to_bytes()
    for assignment in args.set:
        key, sep, text = assignment.partition("=")
        key = key.strip()
        if not sep or not key:
            raise CliError(f"--set needs KEY=VALUE, got '{assignment}'", code=EXIT_USAGE)
        try:
            value = schema.parse_value(key, text, post.get(key))
        except ValueError as exc:
            raise CliError(str(exc), path=args.post, line=post.field_line(key)) from None
        try:
            post.set(key, value)
        except FrontMatterError as exc:
            raise CliError(exc.message, path=args.post, line=exc.line) from None
    for key in args.unset:
        post.unset(key)
    if post.to_bytes() != before:
        try:
            post.save()
        except DocumentError as exc:
            raise CliError(exc.message, path=args.post) from None
    return EXIT_OK


def _site_new(args: argparse.Namespace, date: str, tags: list[str]) -> tuple[Path, str]:
    """The path and text of a new post placed by the site profile (``new --site DIR``)."""
    from recap_editor.document.slug import slugify
    from recap_editor.site.profile import ProfileError, find_site_root, load_profile

    root = find_site_root(args.site)
    if root is None:
        raise CliError("no site config here or above (hugo.toml, config.toml, config.yaml, "
                       "config/_default/)", path=args.site)
    try:
        profile = load_profile(root)
    except ProfileError as exc:
        raise CliError(exc.message, path=exc.path, line=exc.line) from None
    authors_field = profile.schema.get("authors")
    authors: str | list[str] = args.authors
    if authors_field is not None and authors_field.type == "list":
        authors = [a.strip() for a in args.authors.split(",") if a.strip()]
    slug = slugify(args.title)
    text = new_post_text(args.title, date=date, tags=tags, authors=authors, slug=slug,
                         fmt=profile.front_matter_format, field_order=profile.schema.names)
    return profile.post_path(slug, date), text


def run_new(args: argparse.Namespace) -> int:
    date = args.date or now_iso()
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    if args.site is not None and args.dir != Path("."):
        raise CliError("use either --dir or --site, not both", code=EXIT_USAGE)
    try:
        if args.site is not None:
            path, text = _site_new(args, date, tags)
        else:
            text = new_post_text(args.title, date=date, tags=tags, authors=args.authors)
            path = args.dir / new_post_filename(args.title, date)
        write_new_file(path, text)
    except ValueError as exc:
        raise CliError(f"--date: {exc}" if args.date else str(exc)) from None
    except DocumentError as exc:
        raise CliError(exc.message, path=exc.path) from None
    except OSError as exc:
        raise CliError(exc.strerror or str(exc), path=args.dir) from None
    print(path)
    if args.site is None:
        _note_site_around(args.dir, path)
    return EXIT_OK


def _note_site_around(folder: Path, path: Path) -> None:
    """`new` without --site, run inside a site's checkout (a newcomer's first try, from the site's
    root): the post is where it was asked for, and the writer learns how the site would place it."""
    from recap_editor.site.config import find_site_root

    root = find_site_root(folder)
    if root is not None:
        print(f"{path}: note: written in {folder.resolve()}, as asked; to place it where the site at "
              f"{root} keeps its posts, named like them, use --site {root}", file=sys.stderr)
