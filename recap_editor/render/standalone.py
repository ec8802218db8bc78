"""One self-contained HTML file of a post, for a reviewer who does not run the app.

The page is the preview's (the site-like look), with every local image and the bundled fonts
embedded as `data:` URIs and the stylesheet inlined, so the file can be mailed or attached as it is. Remote URLs are left
alone: they are the reviewer's browser's business. Nothing here writes a file.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from html import escape, unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from recap_editor.render.options import RenderOptions
from recap_editor.render.page import render_page
from recap_editor.render.preview import strip_preview

_FILE_ATTR = re.compile(r'(\s(?:src|href)=)(["\'])(file://[^"\']*)\2', re.IGNORECASE)
_BROKEN = re.compile(r'class="recap-broken-image" title="Image not found: ([^"]*)"')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(file://[^"]*)">')
_CSS_URL = re.compile(r"""url\((["']?)(file://[^"')]*)\1\)""")   # the bundled fonts, a CSS image
_KINDS = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}


def _file_path(url: str) -> Path:
    return Path(unquote(urlsplit(unescape(url)).path))


def data_uri(path: Path) -> str:
    kind = _KINDS.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] \
        or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def standalone_html(post, options: RenderOptions) -> tuple[str, list[str]]:
    """(the page, the problems): local images become data: URIs; a missing one is named."""
    problems: list[str] = []
    html = strip_preview(render_page(post, options))

    def inline_css(match: re.Match) -> str:
        path = _file_path(match.group(1))
        try:
            return f"<style>\n{path.read_text(encoding='utf-8')}\n</style>"
        except OSError as exc:
            problems.append(f"{path}: the stylesheet cannot be read ({exc.strerror or exc})")
            return ""

    def embedded(path: Path, as_text, original: str) -> str:
        try:
            return as_text(data_uri(path))
        except OSError as exc:
            problems.append(f"{path}: cannot be embedded ({exc.strerror or exc})")
            return original

    def embed(match: re.Match) -> str:
        path = _file_path(match.group(3))
        if match.group(1).strip().lower().startswith("href") and path.suffix.lower() in (".md", ".html", ""):
            return match.group(0)   # a link to another page, not a resource to embed
        quote = match.group(2)
        return embedded(path, lambda uri: f"{match.group(1)}{quote}{escape(uri)}{quote}", match.group(0))

    def embed_in_css(match: re.Match) -> str:
        return embedded(_file_path(match.group(2)), lambda uri: f'url("{uri}")', match.group(0))

    html = _STYLESHEET.sub(inline_css, html)
    html = _CSS_URL.sub(embed_in_css, html)
    html = _FILE_ATTR.sub(embed, html)
    problems += [f"{unescape(path)}: image not found (the page shows a box instead)"
                 for path in _BROKEN.findall(html)]
    return html, problems


def write_standalone_html(post, options: RenderOptions, target: Path) -> list[str]:
    """Write the self-contained page to `target` atomically; returns the problems met."""
    from recap_editor.document.files import atomic_write

    html, problems = standalone_html(post, options)
    atomic_write(Path(target), html.encode("utf-8"))
    return problems
