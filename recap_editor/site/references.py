"""What a post body points at: images, links, Hugo ``ref``/``relref`` targets and headings.

One scan, shared by the checks (are they all there?) and the export (which files travel with the
post, which URLs to rewrite). Code blocks and inline code are blanked first (same length, newlines
kept) so a ``<img>`` shown as an example in a code block is not taken for a real image and every
offset still maps to the right line.
"""

from __future__ import annotations

import bisect
import functools
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


# Cost grows linearly with the text: no pattern below can backtrack over more than one bracket,
# tag or line of text (character classes stop at the next bracket / "<"), and what cannot be written
# that way (code spans, fences, shortcodes, comments, headings) is found by the scanners below.
_MD_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\[\]\\]|\\.)*)\]\(\s*<?(?P<url>[^)\s>\[\]]+)>?"
                       r"(?:\s+[\"'(][^)\[\]]*)?\)")
_MD_LINK = re.compile(r"(?<!!)\[(?:[^\[\]\\]|\\.)*\]\(\s*<?(?P<url>[^)\s>\[\]]+)>?"
                      r"(?:\s+[\"'(][^)\[\]]*)?\)")
_TAG = re.compile(r"<(?P<name>img|a)\b(?P<attrs>[^<>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""(?<![\w:-])(?P<key>[\w:-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""")
_FIGURE_HEAD = re.compile(r"\s*figure\b")
_REF = re.compile(r"\s*(?P<kind>relref|ref)\s+(?:\"(?P<dq>[^\"]*)\"|(?P<bare>[^\s>%]+))\s*\Z")
_FOLD = re.compile(r"^[ \t]*<!--[ \t]*more[ \t]*-->[ \t]*$", re.MULTILINE)
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<(https?|mailto|ftp):[^<>\s]*>")
_FENCE_OPEN = re.compile(r"( {0,3})(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SHORTCODE_MARK = re.compile(r"\{\{[<%]|[>%]\}\}")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span replaced by spaces, newlines kept."""
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        piece = text[start:end]
        out.append("\n".join(" " * len(part) for part in piece.split("\n")))
        last = end
    out.append(text[last:])
    return "".join(out)


_FENCE_LINE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[^\n]*", re.MULTILINE)


def fence_spans(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks (opening line to closing line, or to the end). Only the lines that look
    like fences are visited (one regex pass finds them), so ordinary lines cost nothing here."""
    spans: list[tuple[int, int]] = []
    fence: tuple[str, int] | None = None   # (character, length) of the open fence
    start = 0
    for m in _FENCE_LINE.finditer(text):
        line = m.group(0)
        end = m.end() + 1 if m.end() < len(text) else m.end()
        if fence is None:
            opening = _FENCE_OPEN.match(line)
            if opening and not (opening.group(2)[0] == "`" and "`" in line[opening.end():]):
                fence, start = (opening.group(2)[0], len(opening.group(2))), m.start()
        else:
            stripped = line.lstrip(" ")
            run = len(stripped) - len(stripped.lstrip(fence[0]))
            if run >= fence[1] and not stripped[run:].strip(" \t"):
                spans.append((start, end))
                fence = None
    if fence is not None:
        spans.append((start, len(text)))
    return spans


def code_span_spans(text: str) -> list[tuple[int, int]]:
    """Inline code: a run of backticks up to the next run of the same length in the same
    paragraph. Linear: each run's partner is found from a table of the next run of each length."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if not runs:
        return []
    blanks = [m.start() for m in _BLANK_LINE.finditer(text)]
    next_same: list[int] = [-1] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = last_of_length.get(length, -1)
        last_of_length[length] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        partner = next_same[index]
        start = runs[index][0]
        if partner >= 0:
            close_end = runs[partner][1]
            blank = bisect.bisect_left(blanks, start)
            if blank >= len(blanks) or blanks[blank] >= runs[partner][0]:
                spans.append((start, close_end))
                index = partner + 1
                continue
        index += 1
    return spans


@functools.lru_cache(maxsize=4)   # the checks mask the same body several times
def mask_code(text: str) -> str:
    """``text`` with fenced code and inline code replaced by spaces (same offsets and lines)."""
    text = _blank_spans(text, fence_spans(text))
    return _blank_spans(text, code_span_spans(text))


def comment_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            return spans
        end = text.find("-->", start + 4)
        if end < 0:
            return spans   # unclosed: no later comment can close either
        spans.append((start, end + 3))
        pos = end + 3


def shortcode_spans(text: str) -> list[tuple[int, int]]:
    """``{{< ... >}}`` / ``{{% ... %}}``: each opening mark with the first closing mark after it,
    unless another opening comes first (then that one is the candidate). One pass over the marks."""
    spans: list[tuple[int, int]] = []
    opened = -1
    for m in _SHORTCODE_MARK.finditer(text):
        if m.group(0).startswith("{{"):
            opened = m.start()
        elif opened >= 0:
            spans.append((opened, m.end()))
            opened = -1
    return spans


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _Lines:
    """Offset -> 1-based line for many offsets into one text: a bisect, not a count from the start
    for each (that grows with the text times the references)."""

    def __init__(self, text: str) -> None:
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, _text: str, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1


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
    no_comments = _blank_spans(masked, comment_spans(masked))
    refs: list[Reference] = []
    _line_of = _Lines(body)  # noqa: N806 - the module function's name, made fast for this body
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
    for start, end in shortcode_spans(no_comments):
        inner_start, inner_end = start + 3, end - 3
        figure = _FIGURE_HEAD.match(no_comments, inner_start, inner_end)
        if figure:
            attrs = _attrs(no_comments[figure.end():inner_end], figure.end())
            if "src" in attrs:
                url, url_start, url_end = attrs["src"]
                alt = (attrs.get("alt") or attrs.get("caption") or attrs.get("title") or (None,))[0]
                refs.append(Reference("image", url, url_start, url_end, _line_of(body, start),
                                      alt.strip() if alt is not None else None))
            continue
        m = _REF.match(no_comments, inner_start, inner_end)
        if m:
            group = "dq" if m.group("dq") is not None else "bare"
            refs.append(Reference(m.group("kind"), m.group(group), m.start(group), m.end(group),
                                  _line_of(body, start)))
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
    masked = mask_code(body)
    masked = _blank_spans(masked, comment_spans(masked))
    masked = _blank_spans(masked, shortcode_spans(masked))  # {{< ref "x" >}} holds "<ref ...>"
    masked = _AUTOLINK.sub(_blank, masked)   # autolinks are not HTML
    match = _RAW_HTML.search(masked)
    return _line_of(body, match.start()) if match else None
