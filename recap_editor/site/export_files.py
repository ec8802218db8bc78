"""A folder or zip export: the post, its images and PR.md laid out like the site (and DELETE.txt
when the site must lose files, which such an export cannot delete itself). Both are all or
nothing: a folder gets every file or none, a zip appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Iterable

from recap_editor.document.files import write_all_or_nothing
from recap_editor.document.post import Post
from recap_editor.site.checks import Problem
from recap_editor.site.deletions import DELETE_LIST
from recap_editor.site.export import (ExportError, ExportPlan, ExportResult, checked_target, outgoing,
                                      plan_export, pr_text, preflight)
from recap_editor.site.profile import Profile


def _inside(folder: Path, rel: PurePosixPath) -> Path:
    """``folder/rel`` after making sure no symlink or '..' takes it outside ``folder``."""
    dest = folder / Path(*rel.parts)
    real_folder = folder.resolve()
    try:
        dest.resolve().relative_to(real_folder)
    except ValueError:
        raise ExportError(f"refusing to write {dest}: it resolves outside {folder}") from None
    return dest


def export_folder(post: Post | Path | str, profile: Profile, target_dir: Path | str,
                  force: bool = False, images: Iterable[Path | str] | None = None) -> ExportResult:
    """Write the post, its images and PR.md into ``target_dir`` laid out like the site. Refuses
    (writing nothing) when a file there already exists with other content."""
    plan = plan_export(post, profile, images)
    problems = preflight(plan.post, profile, force)
    target_dir = Path(target_dir).expanduser()
    contents, deletions, tail = _unpacked_contents(plan, problems)
    destinations = []
    for rel, data in contents:
        dest = _inside(target_dir, rel)
        if dest.exists() and (not dest.is_file() or dest.read_bytes() != data):
            raise ExportError(f"{dest} already exists with other content; nothing was written "
                              "(choose an empty folder or remove it)")
        destinations.append((dest, data))
    _write_all_or_nothing(target_dir, destinations)
    written = [str(rel) for rel, _ in contents]
    message = "\n".join([f"Exported {len(written)} files to {target_dir}:", *(f"  {w}" for w in written),
                         *tail,
                         "Next: copy content/ and static/ into your fork of the site, "
                         + (f"delete the files above (at the site's root in the fork: git "
                            f"--literal-pathspecs rm --pathspec-from-file={target_dir / DELETE_LIST}), "
                            if deletions else "")
                         + "commit them as one commit and open a pull request (PR.md has the text)."])
    return _with_deletions(ExportResult("folder", str(target_dir), written, message, problems), deletions)


def _unpacked_contents(plan: ExportPlan, problems: list[Problem]):
    """A folder or zip export's files (PR.md, and DELETE.txt when the site must lose files), the
    deletions, and the message's lines saying what to delete: such an export cannot delete."""
    from recap_editor.site.changes import plan_changes
    from recap_editor.site.deletions import (DELETE_LIST, delete_list_text, deletion_lines, site_deletions,
                                             site_images_unchanged)

    changes = plan_changes(plan)
    deletions = site_deletions(plan, changes)
    unchanged = site_images_unchanged(plan)
    plan.files = [f for f in plan.files if f.target not in unchanged]
    contents = [(f.target, outgoing(f)) for f in plan.files]
    pr = pr_text(plan, problems, changes, to_delete=[(str(p), why) for p, why in deletions])
    contents.append((PurePosixPath("PR.md"), pr.encode("utf-8")))
    if deletions:
        contents.append((DELETE_LIST, delete_list_text(deletions).encode("utf-8")))
    tail = deletion_lines(deletions)
    if unchanged:
        tail.append(f"Left out {len(unchanged)} image(s) the site already holds unchanged "
                    "(the post still shows them; your fork has them).")
    return contents, deletions, tail


def _with_deletions(result: ExportResult, deletions) -> ExportResult:
    result.to_delete = [str(path) for path, _ in deletions]
    return result


def _write_all_or_nothing(target_dir: Path, destinations: list[tuple[Path, bytes]]) -> None:
    """Every file written, or none (what was written and the folders made for it are removed)."""
    try:
        write_all_or_nothing(destinations, lambda dest: _inside(
            target_dir, PurePosixPath(dest.relative_to(target_dir).as_posix())))
    except OSError as exc:
        raise ExportError(f"cannot write {getattr(exc, 'filename', None) or target_dir}: "
                          f"{exc.strerror or exc}; nothing was exported (what was written is "
                          "removed again)") from None


def export_zip(post: Post | Path | str, profile: Profile, zip_path: Path | str,
               force: bool = False, images: Iterable[Path | str] | None = None) -> ExportResult:
    """Write a zip holding the post, its images and PR.md laid out like the site. Refuses an
    existing zip file; the zip appears whole or not at all."""
    plan = plan_export(post, profile, images)
    problems = preflight(plan.post, profile, force)
    zip_path = Path(zip_path).expanduser()
    if zip_path.exists():
        raise ExportError(f"{zip_path} already exists; nothing was written (choose another name)")
    if not zip_path.parent.is_dir():
        raise ExportError(f"{zip_path.parent}: no such folder")
    contents, deletions, tail = _unpacked_contents(plan, problems)
    fd, tmp = tempfile.mkstemp(prefix=f".{zip_path.name}.", suffix=".tmp", dir=zip_path.parent)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for rel, data in contents:
                checked_target(rel)
                info = zipfile.ZipInfo(rel.as_posix(), date_time=(2000, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                compress = zipfile.ZIP_STORED if rel.suffix.lower() in (".jpg", ".jpeg", ".png",
                                                                        ".webp", ".gif") else zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compress_type=compress)
        os.replace(tmp, zip_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    written = [str(rel) for rel, _ in contents]
    message = "\n".join([f"Wrote {zip_path} with {len(written)} files:", *(f"  {w}" for w in written),
                         *tail,
                         "Next: unzip it at the root of your fork of the site (or upload the files on "
                         "GitHub), "
                         + (f"delete the files above (there: git --literal-pathspecs rm "
                            f"--pathspec-from-file={DELETE_LIST}), " if deletions else "")
                         + "commit content/ and static/ as one commit (PR.md"
                         + (f" and {DELETE_LIST} are" if deletions else " is")
                         + " not for the site) and open a pull request (PR.md has the text)."])
    return _with_deletions(ExportResult("zip", str(zip_path), written, message, problems), deletions)
