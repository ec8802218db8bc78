"""The triage cache: analyses and thumbnails keyed by the photo's content, in the user's cache folder.

Keyed by a BLAKE2b digest of the file's bytes, so a renamed, moved or re-copied roll is still found,
and a photo edited in place is analysed again. Hashing a 5 MB photo costs ~5 ms; to make a reopen
instant, a second table remembers (path, size, mtime) -> digest, so unchanged files are not read
at all. One SQLite file (``$XDG_CACHE_HOME/recap-editor/triage.sqlite``); it is only a cache: a
damaged or locked one is set aside and the roll is analysed again, never an error for the user.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from recap_editor.paths import user_cache_dir

# Bump when an analysis would come out different: older rows are then ignored (and replaced).
ANALYSIS_VERSION = 4
# At most this many photos are remembered (~10 KB of thumbnail each); the least recently used go.
MAX_PHOTOS = 20_000


def default_cache_path() -> Path:
    return user_cache_dir() / "triage.sqlite"


class TriageCache:
    """Thread-safe (one connection behind a lock; the work between calls is the slow part)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._connect()
        except sqlite3.Error:
            self._set_aside()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
        db.execute("PRAGMA journal_mode=WAL")
        columns = {row[1] for row in db.execute("PRAGMA table_info(analyses)")}
        if columns and "used" not in columns:   # an older layout: it is only a cache
            db.execute("DROP TABLE analyses")
        db.execute("CREATE TABLE IF NOT EXISTS analyses (digest TEXT PRIMARY KEY, version INTEGER, "
                   "data TEXT, thumb BLOB, used REAL)")
        db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, "
                   "mtime_ns INTEGER, digest TEXT)")
        # The writer's stars (1-5) for a photo: kept apart from the analyses, which may be redone.
        db.execute("CREATE TABLE IF NOT EXISTS ratings (digest TEXT PRIMARY KEY, stars INTEGER)")
        # The writer's picks not yet imported, in the order picked: a triage closed (or lost with
        # the app) before Import comes back with them.
        db.execute("CREATE TABLE IF NOT EXISTS picks (digest TEXT PRIMARY KEY, position INTEGER)")
        db.commit()
        return db

    def _set_aside(self) -> None:
        """A damaged cache file: move it away and start a fresh one (or run without a cache)."""
        try:
            if self.path.exists():
                os.replace(self.path, self.path.with_suffix(".damaged"))
            self._db = self._connect()
        except (OSError, sqlite3.Error):
            self._db = None

    def known_digest(self, path: Path, size: int, mtime_ns: int) -> str | None:
        """The digest recorded for this exact file (same path, size and modification time)."""
        row = self._query("SELECT digest FROM files WHERE path=? AND size=? AND mtime_ns=?",
                          (str(path), size, mtime_ns))
        return row[0] if row else None

    def get(self, digest: str) -> tuple[dict, bytes] | None:
        row = self._query("SELECT data, thumb FROM analyses WHERE digest=? AND version=?",
                          (digest, ANALYSIS_VERSION))
        if row is None:
            return None
        self._write("UPDATE analyses SET used=? WHERE digest=?", (time.time(), digest))
        try:
            return json.loads(row[0]), bytes(row[1])
        except (TypeError, ValueError):
            return None

    def put(self, digest: str, data: dict, thumb: bytes) -> None:
        self._write("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?)",
                    (digest, ANALYSIS_VERSION, json.dumps(data), thumb, time.time()))

    def stars(self, digest: str) -> int:
        row = self._query("SELECT stars FROM ratings WHERE digest=?", (digest,))
        return int(row[0]) if row else 0

    def set_stars(self, digest: str, stars: int) -> None:
        """Rate a photo 1-5 (0 removes the rating); committed at once (a user's choice)."""
        if stars:
            self._write("INSERT OR REPLACE INTO ratings VALUES (?, ?)", (digest, int(stars)))
        else:
            self._write("DELETE FROM ratings WHERE digest=?", (digest,))
        self.commit()

    def picks_among(self, digests: list[str]) -> list[str]:
        """Which of these photos the writer has picked (and not imported yet), in the order picked."""
        found: list[tuple[str, int]] = []
        with self._lock:
            if self._db is None:
                return []
            try:
                for part in _chunks(list(dict.fromkeys(digests))):
                    found += self._db.execute("SELECT digest, position FROM picks WHERE digest IN "
                                              f"({','.join('?' * len(part))})", part).fetchall()
            except sqlite3.Error:
                return []
        return [digest for digest, _ in sorted(found, key=lambda row: row[1])]

    def set_picks(self, roll: list[str], picked: list[str]) -> None:
        """The picks among `roll` are now `picked` (in this order; [] forgets them); committed at
        once, like stars (a user's choice)."""
        with self._lock:
            if self._db is None:
                return
            try:
                for part in _chunks(list(dict.fromkeys(roll))):
                    self._db.execute(f"DELETE FROM picks WHERE digest IN ({','.join('?' * len(part))})", part)
                self._db.executemany("INSERT OR REPLACE INTO picks VALUES (?, ?)",
                                     [(digest, position) for position, digest in enumerate(picked)])
                self._db.commit()
            except sqlite3.Error:
                pass   # a full disk or a locked cache: the picks on screen are unaffected

    def remember_file(self, path: Path, size: int, mtime_ns: int, digest: str) -> None:
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                    (str(path), size, mtime_ns, digest))

    def commit(self) -> None:
        with self._lock:
            if self._db is not None:
                try:
                    self._db.commit()
                except sqlite3.Error:
                    pass

    def prune(self, keep: int = MAX_PHOTOS) -> None:
        """Forget the least recently used photos beyond ``keep`` (and file records pointing to them)."""
        self._write("DELETE FROM analyses WHERE digest IN (SELECT digest FROM analyses "
                    "ORDER BY used DESC LIMIT -1 OFFSET ?)", (keep,))
        self._write("DELETE FROM files WHERE digest NOT IN (SELECT digest FROM analyses)", ())
        self.commit()

    def close(self) -> None:
        self.prune()
        with self._lock:
            if self._db is not None:
                try:
                    self._db.commit()
                finally:
                    self._db.close()
                    self._db = None

    def _query(self, sql: str, args: tuple):
        with self._lock:
            if self._db is None:
                return None
            try:
                return self._db.execute(sql, args).fetchone()
            except sqlite3.Error:
                return None

    def _write(self, sql: str, args: tuple) -> None:
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute(sql, args)
            except sqlite3.Error:
                pass  # a full disk or a locked cache only costs the next open its speed


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    """SQLite takes at most 999 parameters per statement (older builds): a roll goes in parts."""
    return [items[i:i + size] for i in range(0, len(items), size)]


class NoCache(TriageCache):
    """Analyse everything afresh (benchmarks of the first open, ``--no-cache``)."""

    def __init__(self) -> None:  # noqa: D107 - nothing to open
        self.path = Path(os.devnull)
        self._lock = threading.Lock()
        self._db = None
