"""The window's remembered state (QSettings): geometry, splitters, recent files, view toggles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

ORGANIZATION = "recap-editor"
APPLICATION = "Recap Editor"
MAX_RECENT = 10


class Settings:
    """Typed accessors over one QSettings store, so keys and defaults live in one place."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._s = store or QSettings(ORGANIZATION, APPLICATION)

    # -- window layout ---------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_geometry(self, data: QByteArray) -> None:
        self._s.setValue("window/geometry", data)

    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, data: QByteArray) -> None:
        self._s.setValue("window/state", data)

    def splitter_state(self, name: str) -> QByteArray | None:
        value = self._s.value(f"splitters/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_splitter_state(self, name: str, data: QByteArray) -> None:
        self._s.setValue(f"splitters/{name}", data)

    # -- recent files ------------------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        raw = self._s.value("recent/files", [])
        if isinstance(raw, str):  # QSettings returns a bare string for a one-item list
            raw = [raw]
        return [Path(p) for p in (raw or []) if p]

    def add_recent_file(self, path: Path) -> list[Path]:
        path = Path(path).resolve()
        files = [path] + [p for p in self.recent_files() if p != path]
        files = files[:MAX_RECENT]
        self._s.setValue("recent/files", [str(p) for p in files])
        return files

    def clear_recent_files(self) -> None:
        self._s.setValue("recent/files", [])

    # -- toggles ------------------------------------------------------------------------------
    def flag(self, name: str, default: bool) -> bool:
        value = self._s.value(f"view/{name}", default)
        if isinstance(value, str):  # INI back-ends store booleans as text
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    def set_flag(self, name: str, value: bool) -> None:
        self._s.setValue(f"view/{name}", bool(value))

    def value(self, name: str, default: str) -> str:
        """A remembered text choice (theme, spelling language), under `view/`."""
        value = self._s.value(f"view/{name}", default)
        return value if isinstance(value, str) else default

    def set_value(self, name: str, value: str) -> None:
        self._s.setValue(f"view/{name}", value)

    # -- file choosers ----------------------------------------------------------------------
    def chooser_folder(self, name: str) -> str:
        """Where the file chooser `name` opens: the folder it was last used in, else the user's
        Pictures folder, else home (never where the app happened to be launched from)."""
        remembered = self._s.value(f"choosers/{name}", "")
        if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
            return remembered
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        if pictures and Path(pictures).is_dir():
            return pictures
        return str(Path.home())

    def set_chooser_folder(self, name: str, folder: Path) -> None:
        self._s.setValue(f"choosers/{name}", str(folder))

    def autosave_interval_ms(self) -> int:
        try:
            return max(500, int(self._s.value("autosave/interval_ms", 3000)))
        except (TypeError, ValueError):
            return 3000

    def sync(self) -> None:
        self._s.sync()
