"""Hugo shortcodes in a post: expanded the way Hugo would, or shown as a small neutral placeholder.

Hugo replaces each ``{{< … >}}`` with a placeholder before Markdown runs and puts the shortcode's
HTML back afterwards (a placeholder alone in a paragraph replaces the whole ``<p>``); the output of
``{{% … %}}`` is Markdown and is rendered with the text around it. We do the same, so a ``ref``
inside a link destination becomes the link's URL, exactly as on the site.
"""

from __future__ import annotations

import bisect
import hashlib
import posixpath
import re
import shlex
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import Callable

from recap_editor.render import builtin_shortcodes, hugo_model
from recap_editor.render.options import RenderOptions

SHORTCODE = re.compile(r"\{\{(<|%)(/\*)?\s*(.*?)\s*(\*/)?(>|%)\}\}", re.DOTALL)  # the syntax, for readers
_MARK = re.compile(r"\{\{[<%]|[>%]\}\}")
PLACEHOLDER = re.compile(r"(<p>)?(HAHAHUGOSHORTCODE-[0-9a-f]{16}-HBHB)(</p>\n?)?")
_SELF_CLOSING = ("ref", "relref", "param", "figure", "youtube", "vimeo", "x", "instagram")


@dataclass
class Expansion:
    """Markdown with shortcodes replaced, and the HTML each placeholder stands for."""
    markdown: str
    html: dict[str, str] = field(default_factory=dict)
    # An opening or closing mark left unmatched: a shortcode may reach beyond this text.
    open_ended: bool = False


def has_shortcodes(text: str) -> bool:
    return "{{" in text


def expand(markdown: str, options: RenderOptions,
           markdownify: Callable[[str], str]) -> Expansion:
    """Replace every shortcode; lines are kept (a multi-line shortcode leaves its newlines after)."""
    if "{{" not in markdown:
        return Expansion(markdown, open_ended=">}}" in markdown or "%}}" in markdown)
    result = Expansion("")
    out: list[str] = []
    pos = 0
    loose = []
    calls = scan(markdown)
    closings: dict[str, list[int]] = {}   # a name -> indexes of its closing calls
    for index, call in enumerate(calls):
        if call.text.startswith("/"):
            closings.setdefault(call.text[1:], []).append(index)
    for index, match in enumerate(calls):
        if match.start() < pos:
            continue
        out.append(markdown[pos:match.start()])
        loose.append(markdown[pos:match.start()])
        pos = match.end()
        if match.group(2) and match.group(4):  # {{</* x */>}} prints the shortcode itself
            out.append("{{" + match.group(1) + " " + match.group(3) + " " + match.group(5) + "}}")
            continue
        name, args = _parse_call(match.group(3))
        inner = None
        self_closed = match.group(3).rstrip().endswith("/")  # {{< x />}} never pairs
        # Hugo: paired where a closing call of its name follows
        if name not in _SELF_CLOSING and not self_closed:
            later = closings.get(name, [])
            at = bisect.bisect_right(later, index)
            if at < len(later):
                close = calls[later[at]]
                inner, pos = markdown[match.end():close.start()], close.end()
        source = markdown[match.start():pos]
        markdown_mode = match.group(1) == "%"
        if markdown_mode and name in ("ref", "relref"):
            out.append(resolve_ref(name, args, options))
        else:
            html = render_shortcode(name, args, inner, source, options, markdownify)
            token = "HAHAHUGOSHORTCODE-" + hashlib.sha1(
                source.encode("utf-8", "surrogatepass")).hexdigest()[:16] + "-HBHB"
            result.html[token] = html
            out.append(token)
        out.append("\n" * source.count("\n"))
    out.append(markdown[pos:])
    loose.append(markdown[pos:])
    result.markdown = "".join(out)
    result.open_ended = any(mark in text for text in loose for mark in ("{{<", "{{%", ">}}", "%}}"))
    return result


@dataclass(frozen=True)
class Call:
    """One ``{{< … >}}`` / ``{{% … %}}`` in a text; ``group`` mirrors :data:`SHORTCODE`'s groups."""
    span: tuple[int, int]
    groups: tuple[str, str | None, str, str | None, str]

    def start(self) -> int:
        return self.span[0]

    def end(self) -> int:
        return self.span[1]

    def group(self, index: int) -> str | None:
        return self.groups[index - 1]

    @property
    def text(self) -> str:
        """The call without delimiters and spaces: ``figure src="a.jpg"``, ``/highlight``."""
        return "".join(self.groups[2].split()) if self.groups[2].startswith("/") else self.groups[2]


def scan(text: str) -> list[Call]:
    """Every shortcode call in ``text``, in order, in one pass over its ``{{<``/``>}}`` marks.

    An opening mark pairs with the first closing mark after it unless another opening mark comes
    first (then the earlier one is plain text, as an unclosed call is). Linear in the text, where a
    lazy ``{{<.*?>}}`` pattern rescans to the end from every unclosed ``{{<``."""
    calls: list[Call] = []
    opened = -1
    for mark in _MARK.finditer(text):
        if mark.group(0).startswith("{{"):
            opened = mark.start()
            continue
        if opened < 0:
            continue
        start, end = opened, mark.end()
        opened = -1
        inner = text[start + 3:end - 3]
        comment_open = "/*" if inner.startswith("/*") else None
        body = inner[2:] if comment_open else inner
        comment_close = "*/" if body.endswith("*/") else None
        if comment_close:
            body = body[:-2]
        calls.append(Call((start, end), (text[start + 2], comment_open, body.strip(),
                                         comment_close, text[end - 3])))
    return calls


def restore(html: str, table: dict[str, str]) -> str:
    """Put shortcode HTML back in place of the placeholders (Hugo unwraps a lone one from ``<p>``)."""
    if not table or "HAHAHUGOSHORTCODE-" not in html:
        return html

    def put_back(match: re.Match) -> str:
        value = table.get(match.group(2))
        if value is None:
            return match.group(0)
        if match.group(1) and match.group(3):
            return value
        return (match.group(1) or "") + value + (match.group(3) or "")

    return PLACEHOLDER.sub(put_back, html)


def _parse_call(text: str) -> tuple[str, list[str] | dict[str, str]]:
    """``figure src="a.jpg" caption="x"`` → ("figure", {"src": …}); positional args → a list."""
    text = text.strip().rstrip("/").strip()
    try:
        parts = shlex.split(text.replace("`", '"'), posix=True)
    except ValueError:
        parts = text.split()
    if not parts:
        return "", []
    name, rest = parts[0], parts[1:]
    if rest and all("=" in part for part in rest):
        return name, dict(part.split("=", 1) for part in rest)
    return name, rest


def render_shortcode(name: str, args, inner: str | None, source: str, options: RenderOptions,
                     markdownify: Callable[[str], str]) -> str:
    if name in ("ref", "relref"):
        return resolve_ref(name, args, options)
    if name == "figure" and isinstance(args, dict):
        return _figure(args, markdownify, options)
    html = builtin_shortcodes.render_builtin(
        name, args, inner, options, markdownify,
        getattr(markdownify, "block", markdownify),  # block Markdown, where the caller gives it
        lambda: _fields(Path(options.post_path)) if options.post_path and
        Path(options.post_path).is_file() else {})
    return placeholder(name, source) if html is None else html


def placeholder(name: str, source: str) -> str:
    """A small neutral box naming a shortcode the preview cannot reproduce."""
    label = escape(name or "shortcode")
    return (f'<span class="recap-shortcode" title="{escape(" ".join(source.split()))}">'
            f'{{{{&lt; {label} &gt;}}}}</span>')


def _figure(args: dict[str, str], markdownify: Callable[[str], str],
            options: RenderOptions | None = None) -> str:
    """Hugo's built-in ``figure`` template, attribute for attribute."""
    get = args.get
    if options is not None and get("src"):
        args = {**args, "src": _resource_url(get("src"), options)}
        get = args.get
    caption_html = markdownify(get("caption", "")) if get("caption") else ""
    out = [f'<figure class="{escape(get("class"))}">' if get("class") else "<figure>"]
    if get("link"):
        target = f' target="{escape(get("target"))}"' if get("target") else ""
        rel = f' rel="{escape(get("rel"))}"' if get("rel") else ""
        out.append(f'<a href="{escape(get("link"))}"{target}{rel}>')
    img = f'<img src="{escape(get("src", ""))}"'
    if get("alt") or get("caption"):
        alt = get("alt") or re.sub(r"<[^>]*>", "", caption_html)
        img += f' alt="{escape(alt)}"'
    for key in ("width", "height", "loading"):
        if get(key):
            img += f' {key}="{escape(get(key))}"'
    out.append(img + "/>")
    if get("link"):
        out.append("</a>")
    if get("title") or get("caption") or get("attr"):
        out.append("<figcaption>")
        if get("title"):
            out.append(f"<h4>{escape(get('title'))}</h4>")
        if get("caption") or get("attr"):
            attr = markdownify(get("attr", "")) if get("attr") else ""
            if get("attrlink"):
                attr = f'<a href="{escape(get("attrlink"))}">{attr}</a>'
            out.append(f"<p>{caption_html}{attr}</p>")
        out.append("</figcaption>")
    out.append("</figure>")
    return "".join(out)


def _resource_url(src: str, options: RenderOptions) -> str:
    """Hugo's figure: a page resource (a file of the post's bundle) or a global resource
    (``assets/``) gives its own URL; anything else stays as written."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
        return src
    path = src.split("?", 1)[0].split("#", 1)[0]
    post = Path(options.post_path) if options.post_path else None
    if post is not None and post.stem == "index" and not path.startswith("/") \
            and (post.parent / path).is_file():
        return permalink(post, options) + path
    if options.site_root and (Path(options.site_root) / "assets" / path.lstrip("/")).is_file():
        return "/" + path.lstrip("/")
    return src


# ------------------------------------------------------------------------------------- ref/relref
_front_matter_cache: dict[Path, tuple[float, dict]] = {}


def resolve_ref(kind: str, args, options: RenderOptions) -> str:
    """The URL Hugo's ``ref``/``relref`` prints, or ``#ref-not-found:…`` for a missing page."""
    target = (args[0] if isinstance(args, list) and args else
              args.get("path", "") if isinstance(args, dict) else "")
    path_part, _, anchor = target.partition("#")
    fragment = f"#{anchor}" if anchor else ""
    if not path_part:
        return fragment
    if options.content_urls is not None:   # the site's pages as read on a worker: no disk access
        url = _url_from_table(path_part, options)
        if url is None:
            return "#ref-not-found:" + target.replace(" ", "%20")
        url += fragment
    else:
        page = _find_page(path_part, options)
        if page is None:
            return "#ref-not-found:" + target.replace(" ", "%20")
        url = permalink(page, options) + fragment
    if kind == "ref" and options.base_url:
        return options.base_url.rstrip("/") + url
    return url


def _find_page(ref: str, options: RenderOptions) -> Path | None:
    ref = ref.strip().lstrip("/")
    roots = [options.content_dir] if options.content_dir else []
    if options.post_path is not None:
        roots.insert(0, Path(options.post_path).parent)
    for root in roots:
        for candidate in (root / ref, root / f"{ref}.md", root / ref / "index.md",
                          root / ref / "_index.md"):
            if candidate.is_file():
                return candidate
    if options.content_dir and Path(options.content_dir).is_dir():
        name = Path(ref).name
        matches = [p for p in Path(options.content_dir).rglob("*.md")
                   if p.name == name or p.stem == name]
        if len(matches) == 1:
            return matches[0]
    return None


def _url_from_table(ref: str, options: RenderOptions) -> str | None:
    """`_find_page` + `permalink`, answered from ``options.content_urls``: the same candidates in
    the same order (beside the post, then from the content root, then a unique file name)."""
    table = options.content_urls
    assert table is not None
    ref = ref.strip().lstrip("/")
    roots = [""]
    if options.post_path is not None and options.content_dir is not None:
        try:
            roots.insert(0, Path(options.post_path).parent.relative_to(options.content_dir).as_posix())
        except ValueError:
            pass
    for root in roots:
        base = posixpath.join(root, ref) if root else ref
        for candidate in (base, f"{base}.md", f"{base}/index.md", f"{base}/_index.md"):
            rel = posixpath.normpath(candidate)
            if rel in table:
                return table[rel]
    name = PurePosixPath(ref).name
    matches = [rel for rel in table
               if PurePosixPath(rel).name == name or PurePosixPath(rel).stem == name]
    return table[matches[0]] if len(matches) == 1 else None


def _fields(path: Path) -> dict:
    from recap_editor.document.post import Post  # floor 1; imported late to keep start-up light

    stamp = path.stat().st_mtime
    cached = _front_matter_cache.get(path)
    if cached is None or cached[0] != stamp:
        post = Post.load(path)
        cached = (stamp, dict(post.fields) if post.error is None else {})
        _front_matter_cache[path] = cached
    return cached[1]


def permalink(page: Path, options: RenderOptions) -> str:
    """The relative permalink Hugo gives ``page`` under the site's ``[permalinks]`` (the one
    Hugo model: :func:`recap_editor.render.hugo_model.page_url`)."""
    content = Path(options.content_dir) if options.content_dir else page.parent
    try:
        relative = page.relative_to(content)
    except ValueError:
        relative = Path(page.name)
    return hugo_model.page_url(relative.as_posix(), _fields(page), options.permalinks)
