"""The spell-checkable words of each of a site's pages, kept in the user's cache by page content.

The site's vocabulary (`site.spelling`) is every word its pages use. Finding them costs ~5 ms a
page (`spelling.words.prose_words`): 1.3 s of CPU for a 280-post site, on a worker at every start
and every site opened, competing with the window for the interpreter. A page's words depend only
on its text and on the code that finds them, so they are cached under a hash of both: a start
reads them back and works out only the pages that changed. The cache is one file per site
(`$XDG_CACHE_HOME/recap-editor/site-words/`), replaced whole when it changed; a missing, damaged
or foreign file is rebuilt, never an error.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import xxhash

from recap_editor.paths import user_cache_dir
from recap_editor.spelling import words as words_module
from recap_editor.spelling.words import prose_words

log = logging.getLogger(__name__)

FORMAT = 1


def words_of(body: str) -> frozenset[str]:
    """A page's words as the vocabulary counts them: lower-cased, and a hyphenated word's parts too."""
    return frozenset(part for w in prose_words(body)
                     for part in (w.text.lower(), *w.text.lower().split("-")) if part)


@lru_cache(maxsize=1)
def _code_key() -> str:
    """Changes whenever the code that finds the words does (this module and `spelling.words`)."""
    digest = xxhash.xxh3_64()
    try:
        for module_file in (__file__, words_module.__file__):
            digest.update(Path(module_file).read_bytes())
    except (OSError, TypeError):   # no source beside the code (a frozen build): the version decides
        from recap_editor import __version__

        digest.update(__version__.encode())
    return f"{FORMAT}-{digest.hexdigest()}"


def cache_file(site_root: Path, cache_dir: Path | None = None) -> Path:
    folder = (cache_dir or user_cache_dir()) / "site-words"
    return folder / f"{xxhash.xxh3_64_hexdigest(os.fsencode(site_root.resolve()))}.json"


def page_words(bodies: Iterable[str], site_root: Path | None, cache_dir: Path | None = None) -> list[frozenset[str]]:
    """The words of each body, in order: from the cache where the text is known, found anew (and
    cached) where not. Without a site root, nothing is cached."""
    bodies = list(bodies)
    keys = [xxhash.xxh3_64_hexdigest(body.encode("utf-8", "surrogatepass")) for body in bodies]
    path = cache_file(site_root, cache_dir) if site_root is not None else None
    cached = _read(path) if path is not None else {}
    out, fresh = [], {}
    for key, body in zip(keys, bodies):
        joined = cached.get(key)
        if joined is None:
            found = words_of(body)
            fresh[key] = " ".join(sorted(found))
            out.append(found)
        else:
            out.append(frozenset(joined.split()) if joined else frozenset())
    if path is not None and (fresh or set(cached) - set(keys)):
        kept = {key: cached[key] for key in keys if key in cached}
        _write(path, {**kept, **fresh})   # the pages of now only: deleted posts leave the file
    return out


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.info("rebuilding the site's word cache %s: %s", path, exc)
        return {}
    if not isinstance(data, dict) or data.get("code") != _code_key() or not isinstance(data.get("pages"), dict):
        return {}
    return {k: v for k, v in data["pages"].items() if isinstance(k, str) and isinstance(v, str)}


def _write(path: Path, pages: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"code": _code_key(), "pages": pages}, out, ensure_ascii=False)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:   # a read-only or full cache folder costs the next start its time only
        log.info("could not cache the site's words at %s: %s", path, exc)
