"""Safe file writes and change-on-disk detection.

Every write of a user's file goes through :func:`atomic_write`: the new bytes go to a temporary file in
the same folder, are fsynced, then renamed over the target in one step, so a crash or a kill at any
moment leaves either the old file or the new one, never a truncated mix.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileStamp:
    """What a file held when we read it: enough to tell whether someone changed it since."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, path: Path | None = None) -> "FileStamp":
        st = path.stat() if path is not None and path.exists() else None
        return cls(len(data), st.st_mtime_ns if st else 0, hashlib.sha256(data).hexdigest())

    def matches(self, path: Path) -> bool:
        """Does ``path`` still hold the bytes this stamp was taken from?"""
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        if st.st_size != self.size:
            return False
        if st.st_mtime_ns == self.mtime_ns:
            return True  # same size and time: the cheap answer is good enough
        return hashlib.sha256(path.read_bytes()).hexdigest() == self.sha256


def atomic_write(path: Path | str, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically, keeping the existing file's permissions.

    New files get ``mode`` or the usual 0o666 & ~umask; the folder is fsynced so the rename survives
    a power cut.
    """
    path = Path(path)
    folder = path.parent
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a power cut right after must not lose the new name)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform/file system; the data is already safe
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
