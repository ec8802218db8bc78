"""Autosave of unsaved work to a recovery file, and finding what a crashed session left behind.

Each editing session owns one JSON file in ``<user data>/recovery/``: the post's path (or none for a
never-saved post), its full text, when it was written and the owning process id.  The file is written
atomically every few seconds while there are unsaved edits and removed on a clean close or a save,
so a file whose process is gone is, by definition, work a crash left behind.

"Gone" is decided on the process's identity, not its id alone: containers and Flatpak sandboxes
start every session with the same small PIDs, so a crashed editor's PID is often in use again by
an unrelated process. Each file records the boot id and the process's start time (both from
/proc on Linux); a live PID with another start time, or a file from another boot, is an orphan.
"""

from __future__ import annotations

import json
import os
import threading
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
    started: str | None = None   # the owning process's identity (see process_identity)

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
        # Writes may run on a worker (the fsync must not stall typing): a write started before a
        # remove() (a save, a clean close) must not bring the file back afterwards.
        self._lock = threading.Lock()
        self._generation = 0
        self.written = False   # the file holds a write made since the last remove (no stat needed)

    def ticket(self) -> int:
        """Pass to `write` from a worker: the write is skipped if `remove` ran since."""
        return self._generation

    def write(self, post_path: Path | None, text: str, ticket: int | None = None) -> bool:
        """Write the recovery file atomically; False when `ticket` is older than a remove."""
        payload = {
            "version": FORMAT_VERSION,
            "pid": os.getpid(),
            "started": process_identity(os.getpid()),
            "post_path": str(post_path) if post_path else None,
            "saved_at": time.time(),
            "text": text,
        }
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        with self._lock:   # writers one at a time; remove() never waits for them
            if ticket is not None and ticket != self._generation:
                return False
            atomic_write(self.path, data, mode=0o600)
            if ticket is not None and ticket != self._generation:
                # removed while we wrote: remove() ran its unlink before our rename, or will run
                # it after this check; either way the file must not outlive the remove
                self._unlink()
                return False
            self.written = True
        return True

    def remove(self) -> None:
        self._generation += 1   # only the GUI thread changes it; a writer in flight reads it
        self.written = False
        self._unlink()

    def _unlink(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def boot_id() -> str:
    """This boot's id (Linux), or "" where the system has none."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return fields[19].decode("ascii")   # field 22 counts from the state (field 3) here
    except (OSError, IndexError):
        return None


def process_identity(pid: int) -> str | None:
    """``boot-id:start-ticks`` of a running process: two processes that reuse one PID differ."""
    ticks = _start_ticks(pid)
    return f"{boot_id()}:{ticks}" if ticks is not None else None


def _process_alive(pid: int, started: str | None = None) -> bool:
    if pid == os.getpid():
        return started is None or started == process_identity(pid)
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
        if state == b"Z":
            return False
    except (OSError, IndexError):
        return True
    if started is not None:
        # the PID is in use: by our editor only if it is the same process (same boot, same start)
        current = process_identity(pid)
        return current is None or current == started
    return True


def read_recovery(file: Path) -> RecoveredWork | None:
    """One recovery file, or None when it is unreadable (a half-written file cannot exist)."""
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
        post_path = payload.get("post_path")
        return RecoveredWork(file=file, post_path=Path(post_path) if post_path else None,
                             text=str(payload["text"]), saved_at=float(payload["saved_at"]),
                             pid=int(payload["pid"]),
                             started=str(payload["started"]) if payload.get("started") else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_orphans(folder: Path | None = None) -> list[RecoveredWork]:
    """Recovery files whose session is no longer running (newest first)."""
    found = []
    for file in sorted((folder or recovery_dir()).glob("session-*.json")):
        work = read_recovery(file)
        if work is not None and not _process_alive(work.pid, work.started):
            found.append(work)
    return sorted(found, key=lambda w: w.saved_at, reverse=True)
