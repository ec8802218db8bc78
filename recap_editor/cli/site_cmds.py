"""``recap-editor site``, ``check`` and ``export``: the site profile, preflight checks, ready-to-PR export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from recap_editor.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError
from recap_editor.document.post import DocumentError, Post


def register(sub: argparse._SubParsersAction) -> None:
    site = sub.add_parser(
        "site", help="show the site profile inferred from a site",
        description="Find the site at or above DIR and print its profile: where posts and images go, "
                    "how they are named, the fields, tags and authors, the rules, and where each value "
                    "came from. A recap-editor.toml at the site root overrides any of it.")
    site.add_argument("dir", nargs="?", type=Path, default=Path("."), help="a site folder or a post in it")
    site.add_argument("--json", action="store_true", help="print the profile as JSON")
    site.set_defaults(func=run_site)

    check = sub.add_parser(
        "check", help="run the preflight checks on a post",
        description="Print every problem as PATH:LINE: error|warning: message (fix: ...). "
                    "Exit 1 when there is any error.")
    check.add_argument("post", type=Path, help="the post (.md)")
    check.add_argument("--site", type=Path, help="the site folder (default: found above the post)")
    check.add_argument("--hugo", action="store_true",
                       help="also build the site with the real hugo in a temporary copy")
    check.add_argument("--no-spelling", action="store_true",
                       help="do not report possible misspellings (warnings)")
    check.set_defaults(func=run_check)

    export = sub.add_parser(
        "export", help="export a post and its images, ready for a pull request",
        description="Runs the checks first (errors block unless --force). --branch commits the post "
                    "and its images as ONE commit on a new branch recap/<slug> (or NAME) from HEAD, "
                    "without touching your checkout; --to/--zip write them laid out like the site, "
                    "with a PR.md.")
    export.add_argument("post", type=Path, help="the post (.md)")
    export.add_argument("--site", type=Path, help="the site folder (default: found above the post)")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--branch", nargs="?", const="", metavar="NAME",
                        help="commit on a new git branch (default name recap/<slug>)")
    target.add_argument("--to", type=Path, metavar="DIR", help="write into a folder")
    target.add_argument("--zip", type=Path, metavar="FILE", help="write a zip file")
    export.add_argument("--pr-text", type=Path, metavar="FILE",
                        help="with --branch: write the pull request's text to FILE instead of "
                             "printing it (a folder or zip holds it as PR.md)")
    export.add_argument("--force", action="store_true", help="export even when the checks find errors "
                        "(and replace an existing --branch of the same name)")
    export.set_defaults(func=run_export)


def _profile(site: Path | None, near: Path):
    from recap_editor.workspace.site import load_site   # the window's use case too

    start = site if site is not None else near
    if site is not None and not site.exists():
        raise CliError("no such folder", path=site)
    state = load_site(start)
    if not state.in_site:
        if site is not None:
            raise CliError("no site config here or above (hugo.toml, config.toml, config.yaml, "
                           "config/_default/)", path=site)
        raise CliError("the post is not inside a site; pass --site DIR", path=near)
    if state.broken:
        raise CliError(state.error_message, path=state.error_file, line=state.error_line)
    return state.profile


def _load(path: Path) -> Post:
    try:
        return Post.load(path)
    except DocumentError as exc:
        raise CliError(exc.message, path=path) from None


def run_site(args: argparse.Namespace) -> int:
    from recap_editor.site.hugo_pin import hugo_report

    profile = _profile(None, args.dir)
    hugo = hugo_report(profile.root, profile.config)
    if args.json:
        data = profile.to_json()
        data["hugo"] = {"binary": str(hugo.binary) if hugo.binary else None,
                        "version": hugo.version, "warnings": hugo.warnings,
                        "site_asks_for": [{"source": p.source, "line": p.line,
                                           "version": p.describe()} for p in hugo.pins]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    rows = profile.describe() + [
        ("hugo", f"{hugo.version} ({hugo.binary})" if hugo.binary else "not found", ""),
        *(("hugo_wanted", pin.describe(), pin.source + (f":{pin.line}" if pin.line else ""))
          for pin in hugo.pins)]
    width = max(len(k) for k, _, _ in rows)
    for key, value, source in rows:
        print(f"{key:<{width}}  {value}" + (f"   [{source}]" if source else ""))
    for note in profile.notes:
        print(f"note: {note}")
    for warning in hugo.warnings:
        print(f"warning: {warning}")
    return EXIT_OK


def _summary(problems) -> str:
    errors = sum(p.is_error for p in problems)
    return f"{errors} error(s), {len(problems) - errors} warning(s)"


def run_check(args: argparse.Namespace) -> int:
    from recap_editor.site.checks import check_post, has_errors

    post = _load(args.post)
    profile = _profile(args.site, args.post)
    problems = check_post(post, profile, hugo=args.hugo)
    if not args.no_spelling:
        from recap_editor.site.spelling import check_spelling

        # among the other warnings, in line order, as check_post orders its own
        problems = sorted(problems + check_spelling(post, profile), key=lambda p: (not p.is_error, p.line))
    for problem in problems:
        print(problem)
    print(f"{args.post}: {_summary(problems)}", file=sys.stderr)
    return EXIT_PROBLEMS if has_errors(problems) else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from recap_editor.site.export import ExportError, export_branch, export_folder, export_zip

    if args.pr_text is not None and args.branch is None:
        raise CliError("--pr-text goes with --branch: a folder or zip export holds the text as PR.md",
                       code=EXIT_USAGE)
    post = _load(args.post)
    profile = _profile(args.site, args.post)
    try:
        if args.to is not None:
            result = export_folder(post, profile, args.to, force=args.force)
        elif args.zip is not None:
            result = export_zip(post, profile, args.zip, force=args.force)
        else:
            result = export_branch(post, profile, args.branch or None, force=args.force,
                                   replace=args.force)   # --force also replaces an existing branch
    except ExportError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise CliError(exc.message, path=args.post, line=exc.line, code=EXIT_PROBLEMS) from None
    except OSError as exc:
        raise CliError(exc.strerror or str(exc), path=getattr(exc, "filename", None) or args.post,
                       code=EXIT_USAGE) from None
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(result.message)
    if result.kind == "branch" and result.pr:
        # a folder or zip carries it as PR.md; a branch must not (it is not part of the site)
        if args.pr_text is not None:
            try:
                args.pr_text.expanduser().write_text(result.pr, encoding="utf-8")
                print(f"The pull request's text is in {args.pr_text}.")
                return EXIT_OK
            except OSError as exc:   # the commit is made: say so, and give the text here instead
                print(f"{args.pr_text}: cannot write the pull request's text: {exc.strerror or exc}",
                      file=sys.stderr)
        print("\nThe pull request's text (paste it into its description; --pr-text FILE "
              "writes it to a file):\n")
        print(result.pr)
    return EXIT_OK
