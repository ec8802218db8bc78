"""The bundled sample post, opened when the app starts without a path.

The shipped copy under ``resources/sample/site`` is never modified: the app works on a copy of the
whole little site in the user's data folder, made on first use and kept afterwards so the writer's
experiments survive a restart.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from recap_editor.paths import resource_path, user_data_dir

SAMPLE_POST = Path("content/posts/2026_10_14-pdx-cloud-native-october-2026.md")


def shipped_site() -> Path:
    return resource_path("sample", "site")


def working_copy(fresh: bool = False) -> Path:
    """Path of the sample post inside the user's own copy of the sample site (copied if absent)."""
    target = user_data_dir() / "sample-site"
    if fresh and target.exists():
        shutil.rmtree(target)
    if not (target / SAMPLE_POST).is_file():
        tmp = target.with_name(target.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(shipped_site(), tmp, ignore=shutil.ignore_patterns("__pycache__"))
        for path in tmp.rglob("*"):  # the shipped files may be read-only (installed, or CI's shared/)
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    return target / SAMPLE_POST
