"""One model of Hugo's URL rules, used by the preview (``ref``/``relref``), the checks (links to other
posts) and export: ``urlize``, a page's URL from its permalink pattern, and the path clean-up Hugo
applies to it. Heading ids are the token-based ones of :mod:`recap_editor.render.headings` (the
checks get them from the real parser, see ``site.references.heading_ids``). Each rule is tested
against the output of the real Hugo (tests/test_hugo_model.py).

Hugo's sources: ``paths.Sanitize`` (common/paths/path.go), ``PathSpec.URLize`` (helpers/url.go:
sanitize, lower-case unless ``disablePathToLower``, then Go's ``url.Parse(...).String()``), and the
permalink expander (resources/page/permalinks.go: ``:slug`` is the slug, else the title).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote, unquote_plus

__all__ = ["sanitize", "urlize", "url_segment", "page_url"]

_ALLOWED_PUNCTUATION = set("./\\_#+~-@")
_HEX = set("0123456789abcdefABCDEF")
# Go's url.URL.String() keeps these in a path (shouldEscape, encodePath) besides letters and digits.
_GO_PATH_SAFE = "-_.~$&+,/:;=@%"


def _allowed(text: str, i: int, ch: str) -> bool:
    if ch == " ":
        return False
    if ch.isalpha() or ch.isdigit() or ch in _ALLOWED_PUNCTUATION:
        return True
    if unicodedata.category(ch).startswith("M"):
        return True
    return ch == "%" and i + 2 < len(text) and text[i + 1] in _HEX and text[i + 2] in _HEX


def sanitize(text: str) -> str:
    """Hugo's ``paths.Sanitize``: keep letters, digits, marks and ``./\\_#+~-@`` (and ``%XX``);
    a run of white space between kept characters becomes one ``-``; everything else goes."""
    out: list[str] = []
    prepend_hyphen = was_hyphen = False
    for i, ch in enumerate(text):
        if _allowed(text, i, ch):
            was_hyphen = ch == "-"
            if prepend_hyphen:
                if not was_hyphen:
                    out.append("-")
                prepend_hyphen = False
            out.append(ch)
        elif out and not was_hyphen and ch.isspace():
            prepend_hyphen = True
    return "".join(out)


def _go_url_string(text: str) -> str:
    """``url.Parse(text).String()`` for a sanitized relative path: non-ASCII is percent-encoded,
    and ``#`` starts a fragment (dropped when empty)."""
    path, hash_, fragment = text.partition("#")
    encoded = quote(path, safe=_GO_PATH_SAFE)
    return encoded + ("#" + quote(fragment, safe=_GO_PATH_SAFE + "!()*?") if hash_ and fragment else "")


def urlize(text: str, lower: bool = True) -> str:
    """Hugo's ``urlize`` template function (``PathSpec.URLize``)."""
    text = sanitize(text)
    return _go_url_string(text.lower() if lower else text)


def url_segment(text: str, lower: bool = True) -> str:
    """A slug, title or file name as it ends up in a page's URL: ``urlize``, then Hugo's target path
    clean-up, which decodes it (``+`` is a space, ``%41`` is ``A``), turns ``/`` and ``\\`` into
    word breaks and escapes a ``#`` (measured against Hugo 0.168: ``C++ / C#`` → ``c-c%23``)."""
    plain = unquote_plus(text).replace("/", " ").replace("\\", " ")
    cleaned = sanitize(plain)
    cleaned = cleaned.lower() if lower else cleaned
    path, hash_, fragment = cleaned.partition("#")
    if hash_ and not fragment:
        cleaned = path
    return quote(cleaned, safe="-_.~$&+,:;=@")


def _date(value) -> dt.datetime | dt.date | None:
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            try:
                return dt.date.fromisoformat(text[:10])
            except ValueError:
                return None
    return None


def _folder_part(part: str, lower: bool) -> str:
    """A content folder in a URL: lower-cased, spaces as hyphens (NormalizePathStringBasic)."""
    part = part.replace(" ", "-")
    return part.lower() if lower else part


def page_url(rel: str, fields: dict, permalinks: dict[str, str], lower: bool = True) -> str:
    """The URL path Hugo gives the page at ``rel`` (relative to the content folder, ``/``-separated)
    with front matter ``fields`` under the site's ``[permalinks]``.

    ``url`` in the front matter wins; then the section's pattern (``:slug`` is the slug, else the
    title); without a pattern, ``/<folders>/<slug or file name>/``. Lower-cased like Hugo unless
    the site sets ``disablePathToLower`` (``lower=False``)."""
    url = fields.get("url")
    if isinstance(url, str) and url.strip():
        return "/" + url.strip().lstrip("/")
    parts = [p for p in rel.split("/") if p]
    bundle = parts[-1] in ("index.md", "_index.md")
    name = parts[-2] if bundle and len(parts) > 1 else PurePosixPath(parts[-1]).stem
    folders = parts[:-2] if bundle else parts[:-1]
    section = parts[0] if len(parts) > 1 else ""
    slug = fields.get("slug") if isinstance(fields.get("slug"), str) and fields.get("slug") else None
    title = str(fields.get("title")) if fields.get("title") not in (None, "") else name
    pattern = permalinks.get(section)
    if not pattern:
        last = url_segment(slug, lower) if slug else url_segment(name, lower)
        return "/" + "/".join([*(_folder_part(f, lower) for f in folders), last]) + "/"
    when = _date(fields.get("date"))
    values = {
        ":year": f"{when.year:04d}" if when else "", ":month": f"{when.month:02d}" if when else "",
        ":day": f"{when.day:02d}" if when else "",
        ":monthname": when.strftime("%B") if when else "",
        ":slugorfilename": url_segment(slug or name, lower),
        ":slugorcontentbasename": url_segment(slug or name, lower),
        ":slug": url_segment(slug or title, lower), ":title": url_segment(title, lower),
        ":filename": url_segment(name, lower), ":contentbasename": url_segment(name, lower),
        ":sections": "/".join(_folder_part(f, lower) for f in folders),
        ":section": _folder_part(section, lower),
    }
    for token in sorted(values, key=len, reverse=True):
        pattern = pattern.replace(token, values[token])
    path = "/" + pattern.lstrip("/")
    # Hugo lower-cases the whole path (MakePathSanitized), but not the escapes it made (%C3%A9).
    return re.sub(r"%[0-9A-Fa-f]{2}|[^%]+", lambda m: m[0] if m[0][0] == "%" else m[0].lower(),
                  path) if lower else path

