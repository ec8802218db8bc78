"""``recap-editor render POST [--site DIR] [--fragment] [-o FILE]``: the preview page or body HTML."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from recap_editor.cli import EXIT_OK, CliError
from recap_editor.document.files import atomic_write, check_regular, read_regular_file
from recap_editor.document.frontmatter import split_text
from recap_editor.document.post import DocumentError, Post
from recap_editor.render.builtin_shortcodes import restore_embeds
from recap_editor.render.markdown import render_fragment
from recap_editor.render.options import RenderOptions
from recap_editor.render.page import render_page
from recap_editor.site.profile import ProfileError, load_profile, profile_for


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "render", help="render a post to HTML (the preview page, or only its body)",
        description="Render POST the way its site's generator would. Without --site, the site is "
                    "found by walking up from the post to a Hugo config (or pelicanconf.py / "
                    "mkdocs.yml). The full page resolves /images/... to the site's static/ "
                    "folder; --fragment prints the body exactly as Hugo's .Content.")
    parser.add_argument("post", type=Path, metavar="POST", help="the post (.md) to render")
    parser.add_argument("--site", type=Path, metavar="DIR", help="the site's root folder")
    parser.add_argument("--fragment", action="store_true",
                        help="only the body HTML, as the site would publish it")
    parser.add_argument("--standalone", action="store_true",
                        help="one self-contained file for a reviewer: images embedded as data: URIs, "
                             "the stylesheet inlined")
    parser.add_argument("--stylesheet", type=Path, metavar="CSS",
                        help="use this CSS file instead of the built-in Bootstrap-like one")
    parser.add_argument("--unsafe", action=argparse.BooleanOptionalAction, default=None,
                        help="raw HTML passes (--unsafe) or is omitted (--no-unsafe) regardless "
                             "of the site's config")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE (atomically) instead of stdout")
    parser.set_defaults(func=run)


_POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def refuse_post_as_output(output: Path, post: Path) -> None:
    """``-o`` must never replace a post (the one rendered or any other) with HTML.

    Refused: the post itself (also through a link), an existing file named like a post, an
    existing file that opens with front matter, and anything that is not a regular file."""
    try:
        check_regular(output)
    except OSError as exc:
        raise CliError(f"{exc}: -o needs a file (leave -o out to write to stdout)",
                       path=output) from None
    if not output.exists():
        return
    if output.resolve() == post.resolve() or (post.exists() and output.samefile(post)):
        raise CliError("-o names the post being rendered: it would replace the post with HTML; "
                       "choose an .html file", path=output)
    if output.suffix.lower() in _POST_SUFFIXES:
        raise CliError("-o names an existing post: refusing to replace it with HTML; choose an "
                       ".html file", path=output)
    try:
        head = read_regular_file(output)[:4096].decode("utf-8", "replace").lstrip("\ufeff")
    except OSError as exc:
        raise CliError(f"cannot read: {exc.strerror or exc}", path=output) from None
    if split_text(head).format is not None:
        raise CliError("-o names a file with front matter (a post): refusing to replace it with "
                       "HTML; choose an .html file", path=output)


def run(args: argparse.Namespace) -> int:
    if args.output is not None:
        refuse_post_as_output(args.output, args.post)
    try:
        post = Post.load(args.post)
    except DocumentError as exc:
        raise CliError(exc.message, path=args.post) from None
    if post.error is not None:
        error = post.error
        raise CliError(error.message, path=error.path or args.post, line=error.line)
    if args.site is not None and not args.site.is_dir():
        raise CliError("no such site folder", path=args.site)
    if args.stylesheet is not None and not args.stylesheet.is_file():
        raise CliError("no such stylesheet", path=args.stylesheet)
    post_path = args.post.resolve()
    try:
        profile = load_profile(args.site) if args.site is not None else profile_for(post_path)
    except ProfileError as exc:
        raise CliError(exc.message, path=exc.path, line=exc.line) from None
    options = profile.render_options(post_path) if profile else RenderOptions(post_path=post_path)
    if args.stylesheet is not None:
        options = replace(options, stylesheet=args.stylesheet)
    if args.unsafe is not None:
        options = replace(options, unsafe=args.unsafe)
    if args.standalone and not args.fragment:
        from recap_editor.render.standalone import standalone_html

        html, problems = standalone_html(post, options)
        for problem in problems:
            print(f"{problem}", file=sys.stderr)
    else:
        # The exported page carries Hugo's embeds (the window's preview shows cards instead).
        html = render_fragment(post.body, options) if args.fragment else \
            restore_embeds(render_page(post, options))
    if args.output is None:
        sys.stdout.write(html)
        sys.stdout.flush()
    else:
        try:
            atomic_write(args.output, html.encode("utf-8"))
        except OSError as exc:
            raise CliError(f"cannot write: {exc.strerror or exc}", path=args.output) from None
    return EXIT_OK
