"""Pick lists: the photos chosen in a triage, saved for ``recap-editor photos POST --from-triage``.

Two forms are read: the JSON that ``recap-editor triage --json`` prints (its ``"picks"``), and a
plain text file with one path per line (``#`` starts a comment). Relative paths are relative to the
pick list's own folder. The order of the list is the import order (capture order or the order
picked): nothing re-sorts it.
"""

from __future__ import annotations

import json
from pathlib import Path

from recap_editor.photos.triage import TriageResult


class PickListError(ValueError):
    """The pick list cannot be used: ``path`` and ``reason`` (``str()`` gives "PATH: reason")."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def triage_json(result: TriageResult, picks: list[int] | None = None) -> dict:
    """The whole triage as plain data (``--json``); ``picks`` are roll indexes (default: suggested)."""
    chosen = result.suggested if picks is None else picks
    photos = []
    for index, photo in enumerate(result.photos):
        s = photo.scores
        photos.append({
            "path": str(photo.path), "index": index, "moment": photo.moment, "stack": photo.stack,
            "capture": photo.capture.to_json(), "size": list(photo.size), "format": photo.image_format,
            "kind": s.kind, "marks": list(photo.marks), "sharpness": round(s.sharpness, 1),
            "highlights": round(s.highlights, 4), "shadows": round(s.shadows, 4),
            "brightness": round(s.brightness, 1), "suggested": index in result.suggested,
            "stars": photo.stars,
        })
    return {
        "photos": photos,
        "moments": [{"label": m.label, "start": m.start, "end": m.end} for m in result.moments],
        "stacks": [{"members": list(stack.members), "best": stack.best} for stack in result.stacks],
        "suggested": list(result.suggested),
        "picks": [str(result.photos[i].path) for i in chosen],
        "errors": list(result.errors),
    }


def write_pick_list(path: Path, picks: list[Path]) -> None:
    """Save ``picks`` (in this order) as a JSON pick list, atomically."""
    from recap_editor.document.files import atomic_write

    atomic_write(path, (json.dumps({"picks": [str(p) for p in picks]}, indent=2) + "\n").encode("utf-8"))


def read_pick_list(path: Path) -> list[Path]:
    """The photos of a pick list, in its order. Raises PickListError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PickListError(path, f"cannot read the pick list ({getattr(exc, 'strerror', None) or exc})") from None
    base = path.parent
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PickListError(path, f"not valid JSON ({exc})") from None
        entries = data.get("picks") if isinstance(data, dict) else data
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise PickListError(path, 'expected {"picks": ["photo.jpg", ...]} or a list of paths')
    else:
        entries = [line.strip() for line in text.splitlines()]
        entries = [e for e in entries if e and not e.startswith("#")]
    if not entries:
        raise PickListError(path, "the pick list is empty")
    return [p if p.is_absolute() else base / p for p in (Path(e).expanduser() for e in entries)]
