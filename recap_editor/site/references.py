"""What a post body points at: images, links, Hugo ``ref``/``relref`` targets and headings.

One scan, shared by the checks (are they all there?) and the export (which files travel with the
post, which URLs to rewrite). Code blocks and inline code are blanked first (same length, newlines
kept) so a ``<img>`` shown as an example in a code block is not taken for a real image and every
offset still maps to the right line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".heic", ".heif",
                    ".bmp", ".tif", ".tiff")


@dataclass(frozen=True)
class Reference:
    kind: str        # "image" (shown), "image-link" (<a href> to an image), "link", "ref", "relref"
    url: str         # exactly as written in the post (HTML entities decoded)
    start: int       # offset of the URL in the body text (for rewriting)
    end: int
    line: int        # 1-based line within the body
    alt: str | None = None   # alt text / caption for images; None when the syntax has none

    @property
    def is_remote(self) -> bool:
        return bool(re.match(r"(?i)^([a-z][a-z0-9+.-]*:|//)", self.url)) and not self.url.lower(
        ).startswith("file:")


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?\s{0,3}\2[`~]*[ \t]*$|\Z)",
                    re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_MD_LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_TAG = re.compile(r"<(?P<name>img|a)\b(?P<attrs>[^>]*)>", re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"""(?P<key>[\w:-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""")
_FIGURE = re.compile(r"\{\{[<%]\s*figure\b(?P<attrs>.*?)[>%]\}\}", re.DOTALL)
_REF = re.compile(r"\{\{[<%]\s*(?P<kind>relref|ref)\s+(?:\"(?P<dq>[^\"]*)\"|(?P<bare>[^\s>%]+))\s*[>%]\}\}")
_FOLD = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.MULTILINE)
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str) -> str:
    """``text`` with fenced code and inline code replaced by spaces (same offsets and lines)."""
    text = _FENCE.sub(_blank, text)
    return _INLINE_CODE.sub(_blank, text)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _attrs(source: str, base: int) -> dict[str, tuple[str, int, int]]:
    """Attribute name -> (decoded value, start, end) with offsets into the whole body."""
    found: dict[str, tuple[str, int, int]] = {}
    for m in _ATTR.finditer(source):
        group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "bare"
        found.setdefault(m.group("key").lower(), (html.unescape(m.group(group)),
                                                  base + m.start(group), base + m.end(group)))
    return found


def is_image_url(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith(IMAGE_EXTENSIONS)


def find_references(body: str) -> list[Reference]:
    """Every image and link in ``body``, in text order."""
    masked = mask_code(body)
    no_comments = _HTML_COMMENT.sub(_blank, masked)
    refs: list[Reference] = []
    for m in _MD_IMAGE.finditer(no_comments):
        refs.append(Reference("image", m.group("url"), m.start("url"), m.end("url"),
                              _line_of(body, m.start()), m.group("alt").strip()))
    for m in _MD_LINK.finditer(no_comments):
        url = m.group("url")
        if "{{" in url:
            continue  # [text]({{<ref "...">}}): the shortcode is collected below
        kind = "image-link" if is_image_url(url) else "link"
        refs.append(Reference(kind, url, m.start("url"), m.end("url"), _line_of(body, m.start())))
    for m in _TAG.finditer(no_comments):
        attrs = _attrs(m.group("attrs"), m.start("attrs"))
        if m.group("name").lower() == "img":
            if "src" in attrs:
                url, start, end = attrs["src"]
                alt = attrs["alt"][0].strip() if "alt" in attrs else None
                refs.append(Reference("image", url, start, end, _line_of(body, m.start()), alt))
        elif "href" in attrs:
            url, start, end = attrs["href"]
            kind = "image-link" if is_image_url(url) else "link"
            refs.append(Reference(kind, url, start, end, _line_of(body, m.start())))
    for m in _FIGURE.finditer(no_comments):
        attrs = _attrs(m.group("attrs"), m.start("attrs"))
        if "src" in attrs:
            url, start, end = attrs["src"]
            alt = (attrs.get("alt") or attrs.get("caption") or attrs.get("title") or (None,))[0]
            refs.append(Reference("image", url, start, end, _line_of(body, m.start()),
                                  alt.strip() if alt is not None else None))
    for m in _REF.finditer(no_comments):
        group = "dq" if m.group("dq") is not None else "bare"
        refs.append(Reference(m.group("kind"), m.group(group), m.start(group), m.end(group),
                              _line_of(body, m.start())))
    refs.sort(key=lambda r: r.start)
    return refs


def url_path(url: str) -> str:
    """The path part of a URL, percent-decoded (``/images/a%20b.jpg?x#y`` -> ``/images/a b.jpg``)."""
    if url.lower().startswith("file:"):
        return unquote(urlsplit(url).path)
    return unquote(urlsplit(url).path)


def heading_ids(body: str, options=None) -> set[str]:
    """Every anchor the body's headings get in Hugo: the renderer's own token-based ids (one
    model, :mod:`recap_editor.render.headings`: goldmark's anchor style, ``{#id}`` attributes,
    ``-1``/``-2`` for repeats), so the checks agree with the preview and with Hugo."""
    from recap_editor.render.markdown import SUMMARY_DIVIDER, heading_ids as block_ids, parse_blocks
    from recap_editor.render.options import RenderOptions

    options = options or RenderOptions()
    body = body.replace("\r\n", "\n")
    parse = parse_blocks(body, options, {}, body.find(SUMMARY_DIVIDER))
    return {value for ids in block_ids(parse.blocks) for value in ids}


def has_fold(body: str) -> bool:
    return bool(_FOLD.search(mask_code(body)))


def summary_text(body: str) -> str:
    """The summary: the text before ``<!--more-->``, else the first paragraph."""
    match = _FOLD.search(body)
    head = body[: match.start()] if match else body.strip().split("\n\n", 1)[0]
    return head.strip()


def first_raw_html_line(body: str) -> int | None:
    """Line (1-based, in the body) of the first raw HTML tag outside code, comments excluded."""
    masked = _HTML_COMMENT.sub(_blank, mask_code(body))
    masked = _SHORTCODE.sub(_blank, masked)   # {{< ref "x" >}} holds "<ref ...>" but is not HTML
    masked = re.sub(r"<(https?|mailto|ftp):[^>\s]*>", _blank, masked)   # autolinks are not HTML
    match = _RAW_HTML.search(masked)
    return _line_of(body, match.start()) if match else None
