"""``recap-editor triage FOLDER [--json] [--pick N]``: a camera roll's moments, stacks, scores and
suggested picks, headless (the same analysis as the window's triage view, sharing its cache)."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

from recap_editor.cli import EXIT_OK, EXIT_PROBLEMS, CliError
from recap_editor.cli.photos_cmd import _ProgressBar


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "triage", help="group a camera roll into moments and near-duplicate stacks; suggest the best",
        description="Order the photos of FOLDER (or files) by capture time, group bursts, score "
                    "sharpness and exposure, recognise screenshots and slides, and print the "
                    "suggested picks. Save the --json output and import it with "
                    "`recap-editor photos POST --from-triage FILE`. Exit 1 when a file could not "
                    "be read (the rest is still triaged).")
    parser.add_argument("paths", nargs="+", type=Path, metavar="FOLDER",
                        help="a folder of photos (or photo files)")
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    parser.add_argument("--pick", type=int, metavar="N",
                        help="suggest at most N photos (the best stacks by sharpness and exposure)")
    parser.add_argument("--screens", choices=("row", "omit"), default="omit",
                        help="screenshots and slides: add the best of each to the picks, after the "
                             "photos (row), or leave them out (omit, the default)")
    parser.add_argument("--no-cache", action="store_true", help="analyse every photo again")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="worker threads (default: one per core)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from recap_editor.photos.triage import triage, uncached
    from recap_editor.photos.triage_groups import suggest
    from recap_editor.photos.triage_picks import triage_json

    if (args.pick is not None and args.pick < 0) or (args.workers is not None and args.workers < 1):
        raise CliError("--pick must be 0 or more and --workers positive")
    for path in args.paths:
        if not path.exists():
            raise CliError("no such file or folder", path=path)
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    result = triage(args.paths, cache=uncached() if args.no_cache else None, workers=args.workers,
                    progress=progress, cancel=threading.Event())
    if progress is not None:
        progress.finish()
    picks = suggest(result.photos, result.stacks, args.pick)
    if args.screens == "row":
        picks += [s.best for s in result.stacks if result.photos[s.best].is_screen]
    for error in result.errors:
        print(_error_line(error), file=sys.stderr)
    if args.json:
        print(json.dumps(triage_json(result, picks), indent=2))
    else:
        print(describe(result, picks))
    return EXIT_PROBLEMS if result.errors else EXIT_OK


def _error_line(error: str) -> str:
    path, _, reason = error.partition(": ")
    return f"{path}: error: {reason}" if reason else f"error: {error}"


def describe(result, picks: list[int]) -> str:
    """Moments, then their stacks best first: ``* IMG_0001.jpg  sharpness 412  blurred``."""
    from recap_editor.photos.triage import roll_summary

    chosen = set(picks)
    lines = [roll_summary(result, picked=len(picks))]
    seen: set[int] = set()
    for moment in result.moments:
        lines.append(f"\n{moment.label}  ({moment.end - moment.start} photo(s))")
        for index in range(moment.start, moment.end):
            stack_number = result.photos[index].stack
            if stack_number in seen:
                continue
            seen.add(stack_number)
            for rank, member in enumerate(result.stacks[stack_number].members):
                photo = result.photos[member]
                s = photo.scores
                notes = [photo.kind] if photo.is_screen else []
                notes += photo.marks
                lead = ("*" if member in chosen else " ") + (" " if rank == 0 else "   ")
                lines.append(f"  {lead}{photo.path.name}  {photo.capture.clock}  sharpness {s.sharpness:.0f}  "
                             f"clipped {s.highlights:.0%}/{s.shadows:.0%}"
                             + (f"  [{', '.join(notes)}]" if notes else ""))
    lines.append("\npicked: " + (" ".join(str(result.photos[i].path) for i in picks) or "none"))
    return "\n".join(lines)


class _Progress(_ProgressBar):
    """The photo import's terminal bar, counting analysed photos."""

    _LABEL = SimpleNamespace(source=Path("analysing…"))

    def __call__(self, done: int, total: int) -> None:  # type: ignore[override]
        super().__call__(done, total, self._LABEL)
