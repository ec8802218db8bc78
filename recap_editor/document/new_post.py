"""Starting a new post from the template in ``resources/templates/new_post.md``."""

from __future__ import annotations

import datetime as dt
import os
import string
import tempfile
from pathlib import Path
from typing import Sequence

from recap_editor.document.frontmatter import DELIMITERS, render_new
from recap_editor.document.post import DocumentError
from recap_editor.document.schema import parse_datetime
from recap_editor.document.slug import slugify
from recap_editor.paths import resource_path

DEFAULT_FILENAME_PATTERN = "{date:%Y_%m_%d}-{slug}.md"  # corekube's CONTRIBUTING.md convention


def now_iso() -> str:
    """The current local time as Hugo writes dates: ``2016-05-12T16:00:00-08:00``."""
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def check_date(text: str) -> None:
    """ValueError with a plain message when ``text`` is not an ISO 8601 date-time."""
    try:
        parse_datetime(text)
    except ValueError:
        raise ValueError(f"'{text}' is not an ISO 8601 date-time like 2016-05-12T16:00:00-08:00") from None


def new_post_text(title: str, date: str | None = None, tags: Sequence[str] = (),
                  authors: str | Sequence[str] = "", slug: str | None = None,
                  fmt: str = "toml", field_order: Sequence[str] = ("date", "tags", "title", "slug", "authors")) -> str:
    """The text of a new post: front matter like the corekube seed's, a summary, a ``<!--more-->`` fold."""
    date = date or now_iso()
    check_date(date)
    values = {"date": date, "tags": list(tags), "title": title, "slug": slug or slugify(title),
              "authors": authors if isinstance(authors, str) else list(authors)}
    ordered = {key: values[key] for key in field_order if key in values}
    ordered.update({k: v for k, v in values.items() if k not in ordered})
    template = string.Template(resource_path("templates", "new_post.md").read_text(encoding="utf-8"))
    return template.substitute(delimiter=DELIMITERS[fmt], front_matter=render_new(fmt, ordered))


def new_post_filename(title: str, date: str, pattern: str = DEFAULT_FILENAME_PATTERN,
                      slug: str | None = None) -> str:
    name = pattern.format(date=parse_datetime(date), slug=slug or slugify(title))
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"file name pattern gives an unsafe name: {name!r}")
    return name


def write_new_file(path: Path, text: str) -> Path:
    """Create ``path`` with ``text`` atomically, refusing to replace anything that exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)  # fails if the target exists: no clobbering, even in a race
        except FileExistsError:
            raise DocumentError("already exists; not overwriting it", path) from None
        except OSError:  # a file system without hard links: check, then rename
            if path.exists():
                raise DocumentError("already exists; not overwriting it", path) from None
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
