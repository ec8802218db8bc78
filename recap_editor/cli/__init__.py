"""The ``recap-editor`` command line.

With no sub-command (or only a path) it opens the window; each sub-command is a thin call into
the core, registered by one module of this package (``register(subparsers)``).

Exit codes: 0 success, 1 the command ran and found problems, 2 bad usage or unreadable input.
Errors go to stderr as ``PATH:LINE: error: message``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from recap_editor import __version__

# Modules of this package that add sub-commands, in the order --help lists them, and the
# commands each adds: knowing the names up front lets a plain `recap-editor [PATH]` open the window
# without importing every command's dependencies first.
_COMMAND_MODULES = {
    "document_cmds": ("meta", "new"),
    "render_cmd": ("render",),
    "photos_cmd": ("photos",),
    "triage_cmd": ("triage",),
    "site_cmds": ("site", "check", "export"),
}
COMMANDS = frozenset(name for names in _COMMAND_MODULES.values() for name in names)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report as ``PATH:LINE: error: message`` with an exit code."""

    def __init__(self, message: str, path: object = None, line: int | None = None,
                 code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message, self.path, self.line, self.code = message, path, line, code

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}error: {self.message}"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or (with ``command``) one holding just the module that adds it."""
    parser = argparse.ArgumentParser(
        prog="recap-editor",
        description="Write event recap posts for static sites. Without a command, opens the window "
                    "(on PATH: a post or a site folder; with none, a copy of the sample post).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, commands in _COMMAND_MODULES.items():
        if command is not None and command not in commands:
            continue
        module = importlib.import_module(f"recap_editor.cli.{name}")
        module.register(sub)
    return parser


def _open_window(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="recap-editor", add_help=False)
    parser.add_argument("path", nargs="?")
    args, qt_args = parser.parse_known_args(argv)
    from recap_editor.workspace.startup import StartupReads

    reads = StartupReads(args.path)   # the post and its site, read while Qt loads
    from recap_editor.ui.app import run_app  # imported late: the CLI must work without a display

    return run_app(args.path, qt_args, reads)


def full_help() -> str:
    """``recap-editor --help`` and every command's ``--help``, as the terminal prints them
    (``recap-editor --help-all``; the window's Help › Command Line shows it)."""
    parser = build_parser()
    parts = [parser.format_help()]
    for action in parser._subparsers._group_actions:   # argparse has no public accessor
        for name, sub in action.choices.items():
            parts.append(f"\n$ recap-editor {name} --help\n{sub.format_help()}")
    return "".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--help-all"]:
        print(full_help(), end="")
        return 0
    wants_help = any(a in ("-h", "--help", "--version") for a in argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    if not wants_help and (first is None or first not in COMMANDS):
        try:
            return _open_window(argv)
        except CliError as exc:
            print(exc, file=sys.stderr)
            return exc.code
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("recap-editor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
