"""Image checks: every image the post shows or links to exists, is light enough, scrubbed and described.

Also home of :func:`resolve_local`, which both the checks and the export use to find the file behind
an image URL: ``/images/x.jpg`` is ``static/images/x.jpg``; a relative URL is beside the post (page
bundles, drafts whose photos were imported into ``images/<slug>/`` next to them).
"""

from __future__ import annotations

from pathlib import Path

from recap_editor.site.references import Reference, find_references, url_path

ERROR, WARNING = "error", "warning"


def resolve_local(url: str, post_path: Path | None, profile) -> Path | None:
    """The file an image URL points at (it may not exist), or None for remote/data URLs."""
    lowered = url.lower()
    if lowered.startswith("data:"):
        return None
    if lowered.startswith("file:"):
        return Path(url_path(url))
    if Reference("image", url, 0, 0, 0).is_remote:
        return None
    path = url_path(url)
    if not path:
        return None
    if path.startswith("/"):
        in_static = profile.static_dir / path.lstrip("/")
        if in_static.exists():
            return in_static
        as_file = Path(path)  # an absolute file-system path written by hand or by a drop
        if as_file.is_file():
            return as_file
        return in_static
    base = post_path.parent if post_path is not None else profile.root
    return base / path


def image_size(path: Path) -> tuple[int, int] | None:
    """Pixel size from the header only (no decode), or None when it is not a readable image."""
    # Pillow is loaded here, not with the module: the window imports the checks at start, and a
    # writer may never check a post with images in a session. Set up as the importer reads photos.
    from PIL import Image, UnidentifiedImageError

    from recap_editor.photos import pillow_setup  # noqa: F401 - HEIC opener, bomb limit

    try:
        with Image.open(path) as im:
            return im.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def _privacy(path: Path) -> list[str]:
    try:
        from recap_editor.photos.metadata import privacy_problems
    except ImportError:  # pragma: no cover - the photos package ships with the site package
        return []
    return privacy_problems(path)


def _kb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{round(size / 1000)} KB"


def check_images(report, profile) -> None:
    post = report.post
    post_path = post.path.resolve() if post.path else None
    seen: set[Path] = set()
    checked: list[tuple[Reference, Path, int]] = []
    for ref in find_references(post.body):
        if ref.kind not in ("image", "image-link"):
            continue
        line = report.body_line(ref.line)
        if ref.kind == "image" and (ref.alt is None or not ref.alt):
            report.add(WARNING, line, f"image {ref.url} has no alt text: screen readers and "
                       "search engines see nothing", "add a caption (gallery) or alt=\"…\" / ![alt](…)")
        if ref.is_remote:
            if ref.kind == "image":
                report.add(WARNING, line, f"remote image {ref.url}: it may vanish or change, and "
                           "it tells its host who reads the post",
                           "download it and add it to the post's images")
            continue
        path = resolve_local(ref.url, post_path, profile)
        if path is None:
            continue
        if not path.is_file():
            where = path
            try:
                where = path.relative_to(profile.root)
            except ValueError:
                pass
            report.add(ERROR, line, f"image not found: {ref.url} (looked for {where})",
                       "add the photo with the photos importer, or fix the path", kind="image-missing")
            continue
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        checked.append((ref, resolved, line))
    over = [(ref, path, line) for ref, path, line in checked
            if path.stat().st_size > profile.image_budget_bytes]
    untouched = untouched_site_images([path for _, path, _ in over], profile)
    for ref, path, line in over:
        _check_budget(report, profile, ref, path, line, path in untouched)
    for ref, path, line in checked:
        _check_file(report, profile, ref, path, line)


def untouched_site_images(paths: list[Path], profile) -> set[Path]:
    """Those of ``paths`` the site already holds unchanged: in a git checkout, tracked and equal
    to HEAD (the branch an export starts from); outside git, in the site's static folder. An
    export does not add or change them, so the budget only warns about them."""
    static = profile.static_dir.resolve()
    in_static = {p for p in paths if p.is_relative_to(static)}
    if not in_static:
        return set()
    from recap_editor.site import git

    try:
        repo = git.toplevel(profile.root)
        if repo is None:
            return in_static
        rel = {p: p.relative_to(repo).as_posix() for p in in_static if p.is_relative_to(repo)}
        tracked = git.index_entries(repo, list(rel.values()))
        dirty = git.dirty_paths(repo, list(rel.values()), ignored=True)
    except git.GitError:
        return in_static
    return {p for p, r in rel.items() if r in tracked and r not in dirty}


def _check_budget(report, profile, ref: Reference, path: Path, line: int, untouched: bool) -> None:
    size, budget = path.stat().st_size, profile.image_budget_bytes
    where = profile.sources.get("image_budget_bytes", "default")
    fix = (f"Photos › Optimise Images (recap-editor photos POST --optimise) re-encodes it in "
           f"place to {profile.web_size} px and under {_kb(budget)}")
    if untouched:
        report.add(WARNING, line, f"image {ref.url} is {_kb(size)}, over the site's budget of "
                   f"{_kb(budget)} ({where}); it is already in the site, so it does not block", fix,
                   kind="image-budget")
    else:
        report.add(ERROR, line, f"image {ref.url} is {_kb(size)}, over the site's budget of "
                   f"{_kb(budget)} ({where})", fix, kind="image-budget")


def _check_file(report, profile, ref: Reference, path: Path, line: int) -> None:
    dims = image_size(path)
    if dims is None:
        report.add(ERROR, line, f"{ref.url} is not an image any browser can show (unreadable file)",
                   kind="image-unreadable")
        return
    if max(dims) > profile.web_size:
        report.add(WARNING, line, f"image {ref.url} is {dims[0]}x{dims[1]}, larger than the web "
                   f"size {profile.web_size} px", f"Photos › Optimise Images (recap-editor photos POST --optimise) resizes "
                   f"it in place to {profile.web_size} px, keeping its name")
    leaks = _privacy(path)
    if "GPS position" in leaks:
        report.add(ERROR, line, f"image {ref.url} still carries its GPS position",
                   "import it again with the photos importer, which strips it", kind="image-privacy")
    others = [leak for leak in leaks if leak != "GPS position"]
    if others:
        report.add(WARNING, line, f"image {ref.url} carries private metadata: {', '.join(others)}",
                   "import it again with the photos importer, which strips it", kind="image-privacy")
