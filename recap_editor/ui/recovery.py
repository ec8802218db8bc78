"""Autosave of unsaved work to a recovery file, and finding what a crashed session left behind.

Each editing session owns one JSON file in ``<user data>/recovery/``: the post's path (or none for a
never-saved post), its full text, when it was written and the owning process id.  The file is written
atomically every few seconds while there are unsaved edits and removed on a clean close or a save,
so a file whose process is gone is, by definition, work a crash left behind.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from recap_editor.document.files import atomic_write
from recap_editor.paths import user_data_dir

FORMAT_VERSION = 1


def recovery_dir() -> Path:
    folder = user_data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class RecoveredWork:
    """Unsaved work found on disk: what to offer the writer after a crash."""

    file: Path                 # the recovery file itself
    post_path: Path | None     # where the post lives (None: never saved)
    text: str                  # the editor's text at the last autosave
    saved_at: float            # time.time() of the autosave
    pid: int

    @property
    def saved_at_text(self) -> str:
        return datetime.fromtimestamp(self.saved_at).strftime("%Y-%m-%d %H:%M:%S")

    @property
    def label(self) -> str:
        name = str(self.post_path) if self.post_path else "Untitled post (never saved)"
        return f"{name} — autosaved {self.saved_at_text}"

    def discard(self) -> None:
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass


class RecoveryFile:
    """The recovery file of one editing session (one window)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder or recovery_dir()
        self.path = self._folder / f"session-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"

    def write(self, post_path: Path | None, text: str) -> None:
        payload = {
            "version": FORMAT_VERSION,
            "pid": os.getpid(),
            "post_path": str(post_path) if post_path else None,
            "saved_at": time.time(),
            "text": text,
        }
        atomic_write(self.path, json.dumps(payload, ensure_ascii=False).encode("utf-8"), mode=0o600)

    def remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    # A zombie (killed, not yet reaped by its parent) is not a live editor.
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
        return state != b"Z"
    except (OSError, IndexError):
        return True


def read_recovery(file: Path) -> RecoveredWork | None:
    """One recovery file, or None when it is unreadable (a half-written file cannot exist)."""
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
        post_path = payload.get("post_path")
        return RecoveredWork(file=file, post_path=Path(post_path) if post_path else None,
                             text=str(payload["text"]), saved_at=float(payload["saved_at"]),
                             pid=int(payload["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_orphans(folder: Path | None = None) -> list[RecoveredWork]:
    """Recovery files whose session is no longer running (newest first)."""
    found = []
    for file in sorted((folder or recovery_dir()).glob("session-*.json")):
        work = read_recovery(file)
        if work is not None and not _process_alive(work.pid):
            found.append(work)
    return sorted(found, key=lambda w: w.saved_at, reverse=True)
