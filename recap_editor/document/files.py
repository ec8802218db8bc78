"""Safe file reads and writes, and change-on-disk detection.

Every write of a user's file goes through :func:`atomic_write`: the new bytes go to a temporary file in
the same folder, are fsynced, then renamed over the target in one step, so a crash or a kill at any
moment leaves either the old file or the new one, never a truncated mix.

The file system is respected, not worked around:

- a read-only file is refused (:class:`ReadOnlyFileError`), never replaced by the rename;
- a symlink is written *through*: the target is replaced at its own path, the link stays a link;
- FIFOs, devices and folders are refused before anything is read (:func:`read_regular_file`), so
  opening a FIFO named ``post.md`` cannot hang;
- the temporaries of a save killed half-way (``.NAME.xxxxxxxx.tmp``) are removed the next time the
  post is opened (:func:`remove_stale_temps`); a temporary still being written holds a lock, so a
  save running in another window is never disturbed.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:  # POSIX: a live save holds a lock on its temporary file
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_TEMP_SUFFIX = ".tmp"


class NotARegularFileError(OSError):
    """A FIFO, device, socket or folder where a post (a plain file) was expected."""


class ReadOnlyFileError(PermissionError):
    """The file is write-protected: saving over it would undo the writer's protection."""


@dataclass(frozen=True)
class FileStamp:
    """What a file held when we read it: enough to tell whether someone changed it since.

    Judged by content (SHA-256 of the bytes), never by size + mtime: ``cp -p``, ``rsync -t``,
    ``touch -r`` and coarse-timestamp file systems all change a file while keeping both.
    """

    size: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, path: Path | None = None) -> "FileStamp":  # noqa: ARG003
        return cls(len(data), hashlib.sha256(data).hexdigest())

    def matches(self, path: Path) -> bool:
        """Does ``path`` still hold the bytes this stamp was taken from?"""
        try:
            data = read_regular_file(path)
        except OSError:
            return False
        return len(data) == self.size and hashlib.sha256(data).hexdigest() == self.sha256


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def check_regular(path: Path | str) -> None:
    """Raise :class:`NotARegularFileError` unless ``path`` (followed through links) is a plain file.

    Missing files pass (the caller decides what "missing" means)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NotARegularFileError(_kind(mode))


class TooLargeError(OSError):
    """A file far bigger than anything it claims to be (a post of gigabytes)."""


def read_regular_file(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of ``path``, refusing anything that is not a regular file *before* reading, and
    (with ``limit``) a file of more than ``limit`` bytes before reading it.

    The file is opened non-blocking and checked on the open descriptor, so a FIFO swapped in after
    a check cannot block the read either.
    """
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFileError(_kind(st.st_mode))
        if limit is not None and st.st_size > limit:
            raise TooLargeError(f"{st.st_size / 1e6:,.0f} MB, more than the {limit / 1e6:,.0f} MB "
                                "a post may have")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def is_read_only(path: Path | str) -> bool:
    """True when the file exists and is write-protected (no write bit, or no write access).

    The mode bits are read as well as ``os.access`` because root may write anything: a writer who
    ran ``chmod 444`` still meant "do not change this"."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    return not (st.st_mode & 0o222) or not os.access(path, os.W_OK)


def write_target(path: Path | str) -> Path:
    """Where a write to ``path`` really lands: a symlink's target (followed to the end)."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


class PendingWrite:
    """A save split in two: the new bytes written and fsynced to a locked temporary (slow: may run
    on a worker), then :meth:`commit` renames it over the target in one step (quick: the GUI
    thread does it, right after checking the target still holds what the writer last saw).

    Until :meth:`commit` or :meth:`discard` the temporary stays locked, so
    :func:`remove_stale_temps` (another window opening the post) leaves it alone.
    """

    def __init__(self, target: Path, temp: str, handle) -> None:
        self.target, self.temp, self._handle = target, temp, handle

    def commit(self) -> Path:
        """Rename the temporary over the target (the folder's fsync is :func:`fsync_dir`'s job)."""
        try:
            os.replace(self.temp, self.target)
        except BaseException:
            self.discard()
            raise
        self._release()
        return self.target

    def discard(self) -> None:
        """Give up: remove the temporary; the target is untouched."""
        self._release()
        try:
            os.unlink(self.temp)
        except FileNotFoundError:
            pass

    def _release(self) -> None:
        if self._handle is not None:
            self._handle.close()   # also releases the lock
            self._handle = None


def prepare_write(path: Path | str, data: bytes, mode: int | None = None,
                  allow_read_only: bool = False) -> PendingWrite:
    """The first half of :func:`atomic_write`: every check, and ``data`` written and fsynced to a
    locked temporary next to the target (a symlink's target). Nothing is replaced yet."""
    path = write_target(path)
    check_regular(path)
    if not allow_read_only and is_read_only(path):
        raise ReadOnlyFileError(13, "the file is read-only", str(path))
    folder = path.parent
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=folder)
    handle = None
    try:
        handle = os.fdopen(fd, "wb")
        if fcntl is not None:  # tells remove_stale_temps this temporary is alive
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
    except BaseException:
        if handle is not None:
            handle.close()
        else:
            os.close(fd)
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    return PendingWrite(path, tmp_name, handle)


def atomic_write(path: Path | str, data: bytes, mode: int | None = None,
                 allow_read_only: bool = False) -> None:
    """Write ``data`` to ``path`` atomically, keeping the existing file's permissions.

    A symlink is written through (its target is replaced; the link stays). A read-only file is
    refused with :class:`ReadOnlyFileError` unless ``allow_read_only``; anything but a regular file
    with :class:`NotARegularFileError`. New files get ``mode`` or the usual 0o666 & ~umask; the
    folder is fsynced so the rename survives a power cut.
    """
    target = prepare_write(path, data, mode, allow_read_only).commit()
    fsync_dir(target.parent)


def write_all_or_nothing(files: list[tuple[Path, bytes]], check=None) -> None:
    """Write each (path, bytes) atomically, making missing folders; on any failure (a full disk,
    a permission) remove the files written so far and the folders made for them, then re-raise.
    Files that already exist are left as they are (the caller checked they hold these bytes).
    ``check(path)`` runs after the folders are made and before each write (a containment check)."""
    made: list[Path] = []      # folders created, outermost first
    written: list[Path] = []
    try:
        for dest, data in files:
            missing = [p for p in (dest.parent, *dest.parent.parents) if not p.exists()]
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.extend(reversed(missing))
            if check is not None:
                check(dest)
            if dest.exists():
                continue
            atomic_write(dest, data)
            written.append(dest)
    except BaseException:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise


def _temp_pattern(name: str) -> re.Pattern[str]:
    # tempfile.mkstemp's names: prefix + 8 characters of [a-z0-9_] + suffix
    return re.compile(r"\." + re.escape(name) + r"\.[a-z0-9_]{8}" + re.escape(_TEMP_SUFFIX) + r"\Z")


def remove_stale_temps(path: Path | str) -> list[Path]:
    """Remove the temporaries a killed save of ``path`` left next to it; returns what went.

    Only this app's own names (``.NAME.xxxxxxxx.tmp``), only regular files, and only those no live
    writer holds locked (without ``fcntl`` : only those untouched for an hour)."""
    path = write_target(path)
    folder, pattern = path.parent, _temp_pattern(path.name)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or not _is_abandoned(entry.path):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _is_abandoned(temp: str) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        import time
        return time.time() - os.stat(temp).st_mtime > 3600
    fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a save in progress holds it
    finally:
        os.close(fd)  # also releases our lock
    return True


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
