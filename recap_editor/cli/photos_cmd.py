"""``recap-editor photos POST PHOTO...``: import photos for a post and add them as gallery rows.

The rows replace the template's "Drop your photos…" line while it is there, else go at the end or
after the section named by ``--after`` (photos/new_rows.py); ``--captions FILE`` gives them
captions (photos/captions.py, which documents the format)."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from recap_editor.cli import EXIT_OK, EXIT_PROBLEMS, CliError
from recap_editor.document.files import is_read_only
from recap_editor.document.post import DocumentError, Post
from recap_editor.photos.captions import CaptionsError, apply_captions, read_captions
from recap_editor.photos.gallery import write_gallery
from recap_editor.photos.importer import ImportOptions, PhotoResult, import_photos
from recap_editor.photos.layout import LAYOUT_MODES, layout_gallery, url_under
from recap_editor.photos.new_rows import find_heading, gallery_insertion, placeholder_span
from recap_editor.photos.placement import photo_target


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "photos", help="import photos for a post and add them as gallery rows",
        description="Resize, orient, colour-correct and scrub PHOTOs (files or folders) into the "
                    "post's image folder, then add gallery rows to POST: in place of the new-post "
                    "template's 'Drop your photos…' line while it is there, else at the end (or "
                    "after the section --after names). Exit 1 when a photo failed (the others are "
                    "still imported).")
    parser.add_argument("post", type=Path, metavar="POST", help="the post (.md) the photos belong to")
    parser.add_argument("photos", nargs="*", type=Path, metavar="PHOTO",
                        help="JPEG, PNG, WebP or HEIC files, or folders of them")
    parser.add_argument("--optimise", "--optimize", action="store_true",
                        help="re-encode the post's images that are over the site's budget or web "
                             "size, in place (same names, so no link changes)")
    parser.add_argument("--from-triage", type=Path, metavar="FILE",
                        help="import the photos of a pick list (`recap-editor triage --json` "
                             "output, or one path per line), in its order")
    parser.add_argument("--layout", choices=LAYOUT_MODES, default="auto",
                        help="auto: pairs that match side by side (default); single; pair")
    parser.add_argument("--after", metavar="HEADING",
                        help="put the rows at the end of this heading's section, e.g. "
                             "--after Highlights (case and **markup** ignored)")
    parser.add_argument("--captions", type=Path, metavar="FILE",
                        help="captions (alt text and <figcaption>) from FILE: one 'photo name: "
                             "caption' per line, the name as given or as imported, with or "
                             "without its extension; # starts a comment")
    parser.add_argument("--no-gallery", action="store_true",
                        help="only import the photos; leave the post unchanged")
    parser.add_argument("--dest", type=Path, metavar="DIR",
                        help="image folder (default: the site profile's image folder for the post, "
                             "e.g. static/images/<slug>/; outside a site, images/<slug>/ beside it)")
    parser.add_argument("--url-prefix", metavar="URL",
                        help="URL the gallery uses for the folder, e.g. /images/my-slug/ "
                             "(default: the folder's path relative to the post)")
    parser.add_argument("--max-size", type=int, default=None, metavar="PX",
                        help="longest side in pixels (default: the site's web size, else "
                             f"{ImportOptions.max_size}; never upscaled)")
    parser.add_argument("--quality", type=int, default=ImportOptions.quality, metavar="Q",
                        help="JPEG quality 1-95 (default %(default)s)")
    parser.add_argument("--keep-capture-time", action="store_true",
                        help="keep the EXIF date/time (all other metadata is always removed)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="worker threads (default: one per core)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (args.max_size is not None and args.max_size < 1) or not 1 <= args.quality <= 95 or (
            args.workers is not None and args.workers < 1):
        raise CliError("--max-size and --workers must be positive and --quality within 1-95")
    if args.optimise:
        return _optimise(args)
    if args.from_triage is not None:
        from recap_editor.photos.triage_picks import PickListError, read_pick_list

        try:
            args.photos = list(args.photos) + read_pick_list(args.from_triage)
        except PickListError as exc:
            raise CliError(exc.reason, path=exc.path) from None
    if not args.photos:
        raise CliError("give the photos to import (PHOTO..., --from-triage FILE, or --optimise "
                       "for the post's own images)")
    post = _load_post(args.post, need_body=not args.no_gallery)
    captions = _read_captions(args.captions)
    if args.after is not None and not args.no_gallery:
        try:  # before any photo is written: a wrong heading changes nothing
            find_heading(post.body, args.after)
        except ValueError as exc:
            raise CliError(str(exc), path=args.post) from None
    profile = _profile_for(args.post)
    if args.dest is not None:
        dest = args.dest
        prefix = args.url_prefix if args.url_prefix is not None else _relative_url(args.post.parent, dest)
        url_for = url_under(prefix)
    else:
        try:  # the same place the window puts dropped photos
            target = photo_target(post, profile)
        except ValueError as exc:
            raise CliError(str(exc), path=args.post) from None
        dest, url_for = target.dest_dir, target.url_for
    if not args.no_gallery and is_read_only(args.post):   # before a single photo lands
        raise CliError("is read-only: the gallery rows could not be written, so no photo was "
                       "imported; make it writable first", path=args.post)
    new_folders = [p for p in (dest, *dest.parents) if not p.exists()]
    options = ImportOptions.for_site(profile, max_size=args.max_size, quality=args.quality,
                                     keep_capture_time=args.keep_capture_time or None,
                                     workers=args.workers)
    bar = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    results = import_photos(args.photos, dest, options, progress=bar, cancel=threading.Event())
    if bar is not None:
        bar.finish()
    for result in results:
        if result.ok:
            print(describe(result))
        else:
            print(_error_line(result), file=sys.stderr)
    print(summary(results, dest))
    imported = [r for r in results if r.ok]
    if captions is not None:
        for line, name in captions.unused(results):
            print(f"{captions.path}:{line}: warning: no photo '{name}' in this import", file=sys.stderr)
    if imported and not args.no_gallery:
        gallery = layout_gallery(imported, args.layout, url_for=url_for)
        if captions is not None:
            apply_captions(gallery, imported, captions, url_for)
        where = ("after the section '" + args.after + "'" if args.after is not None
                 else "in place of the template's photo line" if placeholder_span(post.body)
                 else "at the end")
        post.body = gallery_insertion(post.body, write_gallery(gallery), after=args.after).apply(post.body)
        try:
            post.save()
        except DocumentError as exc:
            _take_back(imported, new_folders)   # no photo without its row
            raise CliError(f"{exc.message}; the photos imported for it were removed again",
                           path=args.post) from None
        print(f"{args.post}: added {len(gallery.rows)} gallery row(s) {where}")
        untitled = sum(not p.caption for p in gallery.photos())
        if untitled:
            print(f"{args.post}: {untitled} photo(s) without a caption (alt text): add them in the "
                  "window's Gallery panel, or with --captions FILE", file=sys.stderr)
    return EXIT_PROBLEMS if len(imported) < len(results) else EXIT_OK


def _optimise(args: argparse.Namespace) -> int:
    from recap_editor.site.optimise import optimise_images

    post = _load_post(args.post, need_body=True)
    profile = _profile_for(args.post)
    if profile is None:
        raise CliError("--optimise needs the post's site (its image budget and web size)", path=args.post)
    results = optimise_images(post, profile)
    for result in results:
        if result.changed:
            print(f"{result.path.name}  {human_bytes(result.before)} → {human_bytes(result.after)}")
        else:
            print(f"{result.path}: left unchanged: {result.note}", file=sys.stderr)
    changed = [r for r in results if r.changed]
    # "over the budget" alone misread: the SoCal photos are under it, only wider than the web size.
    rule = (f"over the site's budget of {human_bytes(profile.image_budget_bytes)} or larger than "
            f"the web size of {profile.web_size} px")
    if not results:
        print(f"Nothing to optimise: no image of this post is {rule}.")
    else:
        before, after = sum(r.before for r in changed), sum(r.after for r in changed)
        print(f"Optimised {len(changed)} of {len(results)} image(s) {rule}, in place: "
              f"{human_bytes(before)} → {human_bytes(after)}; names and links unchanged.")
    return EXIT_OK if len(changed) == len(results) else EXIT_PROBLEMS


def _read_captions(path: Path | None):
    if path is None:
        return None
    try:
        return read_captions(path)
    except CaptionsError as exc:
        raise CliError(exc.message, path=exc.path, line=exc.line or None) from None


def _take_back(imported: list[PhotoResult], new_folders: list[Path]) -> None:
    """Remove the photos this run wrote (not the ones it reused) and the folders it made."""
    for result in imported:
        if result.dest is not None and not result.reused:
            result.dest.unlink(missing_ok=True)
    for folder in new_folders:   # innermost first
        try:
            folder.rmdir()
        except OSError:
            pass


def _load_post(path: Path, need_body: bool) -> Post:
    try:
        post = Post.load(path)
    except DocumentError as exc:
        raise CliError(exc.message, path=path) from None
    if need_body and post.error is not None:
        raise CliError(f"cannot add a gallery: {post.error.message}", path=path, line=post.error.line)
    return post


def _profile_for(post_path: Path):
    """The site profile of the post's site, or None outside a site (a broken config is an error)."""
    from recap_editor.site.profile import ProfileError, profile_for

    try:
        return profile_for(post_path)
    except ProfileError as exc:
        raise CliError(exc.message, path=exc.path, line=exc.line) from None


def _relative_url(post_dir: Path, dest: Path) -> str:
    relative = os.path.relpath(dest.resolve(), post_dir.resolve())
    return Path(relative).as_posix().rstrip("/") + "/"


def human_bytes(count: int) -> str:
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if count >= size:
            value = count / size
            return f"{value:.1f} {unit}" if value < 100 and unit != "KB" else f"{value:.0f} {unit}"
    return f"{count} B"


def describe(result: PhotoResult) -> str:
    """``img-0042.jpg  6000x4000 → 1600x1067  8.1 MB → 310 KB``."""
    assert result.dest is not None and result.original_size and result.output_size
    (w, h), (ow, oh) = result.original_size, result.output_size
    line = (f"{result.dest.name}  {w}x{h} → {ow}x{oh}  "
            f"{human_bytes(result.original_bytes)} → {human_bytes(result.output_bytes)}")
    return line + ("  (already imported: reused)" if result.reused else "")


def _error_line(result: PhotoResult) -> str:
    reason = (result.error or "").removeprefix(f"{result.source}: ")
    return f"{result.source}: error: {reason}"


def summary(results: list[PhotoResult], dest: Path) -> str:
    ok = [r for r in results if r.ok]
    failed, reused = len(results) - len(ok), sum(r.reused for r in ok)
    before, after = sum(r.original_bytes for r in ok), sum(r.output_bytes for r in ok)
    text = f"{len(ok)} photo(s) imported into {dest}"
    if reused:
        text += f" ({reused} already there, reused)"
    if ok:
        text += f": {human_bytes(before)} → {human_bytes(after)}, saved {human_bytes(max(0, before - after))}"
    if failed:
        text += f"; {failed} failed"
    return text


class _ProgressBar:
    """``[#######.............]  7/20  img-0007.jpg`` on one line of a terminal."""

    WIDTH = 30

    def __init__(self, stream) -> None:
        self._stream, self._lock, self._shown = stream, threading.Lock(), False

    def __call__(self, done: int, total: int, result: PhotoResult) -> None:
        filled = self.WIDTH * done // max(1, total)
        text = f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}  {result.source.name[:40]}"
        with self._lock:
            self._stream.write(text + "\x1b[K")
            self._stream.flush()
            self._shown = True

    def finish(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
