"""Preview-only changes to a block's HTML: local file URLs, missing-image boxes, source lines.

The published HTML (`markdown.render_fragment`) is never changed; the preview shows a copy whose
blocks each start with a marker comment ``<!--block KEY-->`` (so a patch can find the block's DOM
nodes) and whose first element carries ``data-source-line`` (for scroll sync). `strip_preview`
undoes the markers and attributes; with URL resolution off it gives back the published HTML.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from recap_editor.render.builtin_shortcodes import offline_cards, restore_embeds
from recap_editor.render.markdown import RAW_HTML_OMITTED
from recap_editor.render.options import RenderOptions
from recap_editor.render.shortcodes import permalink

MARKER = "<!--block {key}-->"
MARKER_RE = re.compile(r"<!--block [^ >]+-->")
LINE_ATTR_RE = re.compile(r' data-source-line="\d+"')
_FIRST_TAG = re.compile(r"\s*<[A-Za-z][\w-]*")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_URL_ATTR = re.compile(r'(\s(?:src|href)=)("[^"]*"|\'[^\']*\')', re.IGNORECASE)
_SRC = re.compile(r'\ssrc=("[^"]*"|\'[^\']*\'|[^\s>]+)', re.IGNORECASE)
_OMITTED_NOTICE = ('<span class="recap-raw-omitted" title="The site leaves '
                   'markup.goldmark.renderer.unsafe off, so Hugo drops raw HTML">'
                   'raw HTML omitted</span>')


def local_path(url: str, options: RenderOptions) -> Path | None:
    """The file a site URL points to while previewing: ``/x`` in static/, ``x`` beside the post."""
    if not url or url.startswith(("#", "//")) or urlsplit(url).scheme:
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    if path.startswith("/"):
        post = Path(options.post_path) if options.post_path is not None else None
        if post is not None and post.stem == "index" and post.is_file():
            own = permalink(post, options)  # a bundle's own files, as Hugo's figure links them
            if path.startswith(own) and (post.parent / path[len(own):]).is_file():
                return post.parent / path[len(own):]
        return Path(options.static_dir) / path.lstrip("/") if options.static_dir else None
    if options.post_path is not None:
        return Path(options.post_path).parent / path
    return None


def _file_url(path: Path, url: str) -> str:
    fragment = urlsplit(url).fragment
    return path.resolve().as_uri() + (f"#{fragment}" if fragment else "")


def resolve_urls(html: str, options: RenderOptions) -> str:
    """Point images and links at local files; a missing image becomes a visible box with its path."""
    if not options.resolve_urls or (options.static_dir is None and options.post_path is None):
        return html
    if "<img" in html or "<IMG" in html:
        html = _IMG.sub(lambda m: _check_image(m.group(0), options), html)

    def rewrite(match: re.Match) -> str:
        quote_char, url = match.group(2)[0], unescape(match.group(2)[1:-1])
        path = local_path(url, options)
        if path is None or not path.exists():
            return match.group(0)
        return f"{match.group(1)}{quote_char}{escape(_file_url(path, url))}{quote_char}"

    return _URL_ATTR.sub(rewrite, html)


def _check_image(tag: str, options: RenderOptions) -> str:
    src = _SRC.search(tag)
    if not src:
        return tag
    url = unescape(src.group(1).strip("\"'"))
    path = local_path(url, options)
    if path is None or path.is_file():
        return tag
    return (f'<span class="recap-broken-image" title="Image not found: {escape(str(path))}">'
            f'<span class="recap-broken-image-icon" aria-hidden="true"></span>'
            f"{escape(url)}</span>")


def decorate(html: str, key: str, options: RenderOptions) -> tuple[str, str | None]:
    """A block's preview HTML split around its source line: ``head + str(line) + tail``.

    ``tail`` is None when the block does not start with an element (a comment or bare text):
    then only the marker precedes it and the line is not shown.
    """
    html = resolve_urls(offline_cards(html), options)
    if not options.unsafe and RAW_HTML_OMITTED in html:
        html = html.replace(RAW_HTML_OMITTED, RAW_HTML_OMITTED + _OMITTED_NOTICE)
    marker = MARKER.format(key=key)
    first = _FIRST_TAG.match(html)
    if not first:
        return marker + html, None
    return marker + html[:first.end()] + ' data-source-line="', '"' + html[first.end():]


def join(head: str, tail: str | None, line: int) -> str:
    return head if tail is None else f"{head}{line}{tail}"


def without_keys(html: str) -> str:
    """Preview HTML with block keys blanked: keys are per renderer, everything else is content."""
    return MARKER_RE.sub("<!--block -->", html)


def strip_preview(html: str) -> str:
    """Remove block markers, source lines and omitted-HTML notices (URL rewrites stay)."""
    html = LINE_ATTR_RE.sub("", MARKER_RE.sub("", html))
    return restore_embeds(html.replace(_OMITTED_NOTICE, ""))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "param", "keygen"}
# A tag cannot reach past the next "<", and a comment is skipped with one find: linear in the HTML.
_TAG = re.compile(r"<!--|<(/?)([A-Za-z][\w-]*)[^<>]*?(/?)>")


def is_balanced(html: str) -> bool:
    """Whether raw HTML closes every element it opens (else the browser nests later blocks in it)."""
    depth = 0
    pos = 0
    while True:
        match = _TAG.search(html, pos)
        if match is None:
            break
        pos = match.end()
        if match.group(0) == "<!--":
            close = html.find("-->", pos)
            if close < 0:
                break   # the rest is an unclosed comment
            pos = close + 3
            continue
        if match.group(3) or match.group(2).lower() in _VOID:
            continue
        depth += -1 if match.group(1) else 1
        if depth < 0:
            return False
    return depth == 0
