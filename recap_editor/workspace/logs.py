"""The log: a rotating file in the user's state folder, for what happened and every traceback.

`setup_logging()` is called once at startup (the window and the CLI); `log_path()` says where it
writes, so error dialogs can name it.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "recap-editor.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"


def log_dir() -> Path:
    """``$XDG_STATE_HOME/recap-editor`` (``~/.local/state/recap-editor``)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    return Path(base) / "recap-editor"


def log_path() -> Path:
    return log_dir() / LOG_NAME


_HANDLER: logging.Handler | None = None


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send `recap_editor.*` logging to the rotating file (idempotent); None if it cannot be made."""
    global _HANDLER
    if _HANDLER is not None:
        return log_path()
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_path(), maxBytes=MAX_BYTES,
                                                       backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None   # a read-only home must not stop the editor
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger = logging.getLogger("recap_editor")
    logger.addHandler(handler)
    logger.setLevel(level)
    _HANDLER = handler
    logger.info("log started (pid %s)", os.getpid())
    return log_path()
