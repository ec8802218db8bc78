"""Hugo's built-in shortcodes, with the HTML Hugo 0.168's embedded templates print.

`render_builtin` gives the published HTML (what `recap-editor render` exports and what Hugo's
``.Content`` holds); the preview never loads anything from the network, so `offline_cards`
turns the embeds in that HTML (YouTube, Vimeo, Instagram) into a card naming the video or post
with its link. Shortcodes Hugo removed (``twitter``, ``tweet``, ``gist``: Hugo 0.156 fails the
build on them) and ``x`` (whose HTML Hugo fetches from x.com while building) are a card in both.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from html import escape, unescape
from typing import Any
from urllib.parse import urlencode

from recap_editor.paths import resource_path
from recap_editor.render import qr as qr_code
from recap_editor.render.highlight import highlight_code
from recap_editor.render.options import RenderOptions

Args = list[str] | dict[str, str]
_TRUE, _FALSE = ("true", "1"), ("false", "0")
_VIDEO_DIV = "position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;"
_VIDEO_IFRAME = "position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;"
_YOUTUBE_ALLOW = ("accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; "
                  "picture-in-picture; web-share")
REMOVED = {"twitter": "x", "tweet": "x", "twitter_simple": "x", "gist": None}
NAMES = {"youtube", "vimeo", "vimeo_simple", "x", "x_simple", "instagram", "instagram_simple",
         "param", "details", "highlight", "qr", *REMOVED}


def _get(args: Args, key: str, position: int | None = None) -> str | None:
    if isinstance(args, dict):
        for k, v in args.items():
            if k.lower() == key.lower():
                return v
        return None
    if position is not None and position < len(args):
        return args[position]
    return None


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    if str(value).lower() in _TRUE:
        return True
    if str(value).lower() in _FALSE:
        return False
    return default


def render_builtin(name: str, args: Args, inner: str | None, options: RenderOptions,
                   markdownify: Callable[[str], str], render_block: Callable[[str], str],
                   page_fields: Callable[[], Mapping[str, Any]]) -> str | None:
    """Hugo's HTML for built-in shortcode ``name``, or None if ``name`` is not one of them.

    ``markdownify`` renders inline Markdown (``RenderString``), ``render_block`` block Markdown,
    ``page_fields`` gives the post's front matter (for ``param``).
    """
    if name == "youtube":
        return youtube(args)
    if name in ("vimeo", "vimeo_simple"):
        return vimeo(args)
    if name in ("instagram", "instagram_simple"):
        return instagram(args)
    if name == "details":
        return details(args, inner or "", markdownify, render_block)
    if name == "param":
        return param(args, page_fields(), options.site_params)
    if name == "highlight":
        return highlight_shortcode(args, inner or "", options)
    if name in ("x", "x_simple") or name in REMOVED:
        return social_card(name, args)
    if name == "qr":
        return qr(args, inner, options)
    return None


# ------------------------------------------------------------------------------------ videos
def youtube(args: Args) -> str:
    video = _get(args, "id", 0) or ""
    autoplay = _flag(_get(args, "autoplay"), False)
    loop = _flag(_get(args, "loop"), False)
    mute = _flag(_get(args, "mute"), False) or autoplay
    controls = _flag(_get(args, "controls"), True)
    full_screen = _flag(_get(args, "allowFullScreen"), True)
    params = {"autoplay": int(autoplay), "controls": int(controls),
              "end": _get(args, "end") or 0, "loop": int(loop), "mute": int(mute),
              "start": _get(args, "start") or 0}
    if loop:
        params["playlist"] = video
    src = f"https://www.youtube.com/embed/{video}?" + urlencode(sorted(params.items()))
    css_class = _get(args, "class") or ""
    allow = _YOUTUBE_ALLOW + ("; fullscreen" if full_screen else "")
    div = f' class="{escape(css_class)}"' if css_class else f' style="{_VIDEO_DIV}"'
    style = "" if css_class else f' style="{_VIDEO_IFRAME}"'
    return (f"<div{div}>\n\t\t\t<iframe allow=\"{allow}\" "
            f'loading="{escape(_get(args, "loading") or "eager")}" '
            f'referrerpolicy="strict-origin-when-cross-origin" src="{escape(src)}"{style} '
            f'title="{escape(_get(args, "title") or "YouTube video")}"></iframe>\n\t\t</div>')


def vimeo(args: Args) -> str:
    video = _get(args, "id", 0) or ""
    css_class = _get(args, "class", 1) if isinstance(args, list) else _get(args, "class")
    title = _get(args, "title", 2) if isinstance(args, list) else _get(args, "title")
    loading = _get(args, "loading", 3) if isinstance(args, list) else _get(args, "loading")
    full_screen = _flag(_get(args, "allowFullScreen"), True)
    div = f' class="{escape(css_class)}"' if css_class else f' style="{_VIDEO_DIV}"'
    out = [f"<div{div}>\n<iframe src=\"https://player.vimeo.com/video/{escape(video)}?dnt=0\""]
    if not css_class:
        out.append(f' style="{_VIDEO_IFRAME}"')
    if full_screen:
        out.append(' allow="fullscreen"')
    if loading:
        out.append(f' loading="{escape(loading)}"')
    if title:
        out.append(f' title="{escape(title)}"')
    out.append(">\n</iframe>\n</div>")
    return "".join(out)


@lru_cache(maxsize=1)
def _embed_templates() -> dict[str, str]:
    data = json.loads(resource_path("data", "hugo_embeds.json").read_text(encoding="utf-8"))
    return data["templates"]


def instagram(args: Args) -> str:
    post = _get(args, "id", 0) or ""
    return _embed_templates()["instagram"].format(id=escape(post))


def social_card(name: str, args: Args) -> str:
    """A card for an X post (or a removed ``twitter``/``tweet``/``gist`` shortcode)."""
    user = _get(args, "user", 0) or ""
    post = _get(args, "id", 1) or ""
    if name == "gist":
        url = f"https://gist.github.com/{user}/{post}"
        what = f"Gist {post} by {user}"
    else:
        url = f"https://x.com/{user}/status/{post}"
        what = f"Post {post} by @{user}" if user else f"Post {post}"
    note = ""
    if name in ("x", "x_simple"):
        note = ('<span class="recap-embed-note">Hugo fetches this post from x.com while building '
                "(offline, the published page has nothing here).</span>")
    if name in REMOVED:
        note = (f'<span class="recap-embed-note">The {escape(name)} shortcode was removed in '
                f"Hugo 0.156: Hugo fails to build this post.</span>")
    return _card("x" if name != "gist" else "gist", what, url, note)


def _card(kind: str, title: str, url: str, note: str = "") -> str:
    return (f'<div class="recap-embed recap-embed-{escape(kind)}">'
            f'<span class="recap-embed-kind">{escape(_KINDS.get(kind, kind))}</span> '
            f'<a class="recap-embed-title" href="{escape(url)}">{escape(title)}</a>{note}</div>')


# ----------------------------------------------------------------------------------- content
def details(args: Args, inner: str, markdownify: Callable[[str], str],
            render_block: Callable[[str], str]) -> str:
    attrs = []
    for key in ("class", "name"):
        value = _get(args, key) if isinstance(args, dict) else None
        if value:
            attrs.append(f' {key}="{escape(value)}"')
    if isinstance(args, dict) and _flag(_get(args, "open"), False):
        attrs.append(" open")
    title = _get(args, "title") if isinstance(args, dict) else None
    if title:
        attrs.append(f' title="{escape(title)}"')
    summary = (_get(args, "summary") if isinstance(args, dict) else None) or "Details"
    return (f"<details{''.join(attrs)}>\n\t<summary>{markdownify(summary)}</summary>\n\t"
            f"{render_block(inner)}</details>")


def param(args: Args, fields: Mapping[str, Any], site_params: Mapping[str, Any]) -> str:
    """``.Page.Param KEY``: the post's front matter (its ``params`` too), then the site's."""
    key = _get(args, "name", 0) or ""
    for table in (fields, fields.get("params") if isinstance(fields.get("params"), Mapping)
                  else {}, site_params):
        value = _lookup(table, key)
        if value is not None:
            return escape(_go_string(value))
    return ""


def _lookup(table: Mapping[str, Any], dotted: str) -> Any:
    value: Any = table
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = next((v for k, v in value.items() if str(k).lower() == part.lower()), None)
        if value is None:
            return None
    return value


def _go_string(value: Any) -> str:
    """How Go's template prints a value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(_go_string(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "map[" + " ".join(f"{k}:{_go_string(v)}" for k, v in sorted(value.items())) + "]"
    return str(value)


def highlight_shortcode(args: Args, inner: str, options: RenderOptions) -> str:
    """``{{< highlight LANG "OPTIONS" >}}``: Hugo's ``highlight`` function on the de-indented inner."""
    language = (_get(args, "lang", 0) if isinstance(args, list) else _get(args, "lang")) or ""
    raw = _get(args, "options", 1) if isinstance(args, list) else _get(args, "options")
    config = options.highlight
    if raw:
        config = config.with_options(dict(
            part.split("=", 1) for part in raw.split(",") if "=" in part))
    code = _deindent(inner).strip("\n\r")
    return highlight_code(code, language, config)


def _deindent(text: str) -> str:
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)


def qr(args: Args, inner: str | None, options: RenderOptions) -> str:
    """Hugo's ``<img>`` of the QR code it publishes (the preview shows the picture: `qr.py`)."""
    named = args if isinstance(args, dict) else {}
    get = lambda key: _get(named, key)  # noqa: E731 - the template reads named arguments only
    try:
        request = qr_code.request_from_args(get("text"), inner, get("level"), get("scale"),
                                            get("targetDir"))
    except qr_code.QRError as problem:
        return _card("qr", get("text") or (inner or "").strip() or "QR code", "#",
                     f'<span class="recap-embed-note">{escape(str(problem))} Hugo fails to '
                     "build this post.</span>")
    return qr_code.img_html(request, {key: get(key) or "" for key in
                                      ("alt", "class", "id", "title", "loading")},
                            options.base_url)


# --------------------------------------------------------------------------------- preview
_IFRAME_EMBED = re.compile(r"<div[^>]*>\s*(<iframe\s[^>]*>)\s*</iframe>\s*</div>")
_ATTR = re.compile(r'\s([\w-]+)="([^"]*)"')
_INSTAGRAM_EMBED = re.compile(
    r'<blockquote\s+class="instagram-media".*?data-instgrm-permalink="([^"]+)".*?</blockquote>'
    r'(?:<script async src="https://www\.instagram\.com/embed\.js"></script>)?', re.DOTALL)
_VIDEO_SITES = (
    (re.compile(r"https://www\.youtube(?:-nocookie)?\.com/embed/([^?\"]+)"), "YouTube",
     "https://www.youtube.com/watch?v={}"),
    (re.compile(r"https://player\.vimeo\.com/video/([^?\"]+)"), "Vimeo", "https://vimeo.com/{}"))
_KINDS = {"youtube": "YouTube", "vimeo": "Vimeo", "instagram": "Instagram", "x": "X",
          "gist": "Gist", "qr": "QR code"}


def offline_cards(html: str) -> str:
    """The preview's copy of published HTML: embeds replaced by cards that load nothing (each
    card keeps the published HTML, so `restore_embeds` gives it back)."""
    if "<iframe" in html:
        html = _IFRAME_EMBED.sub(_video_card, html)
    if "/qr_" in html:
        html = _QR_IMG.sub(_qr_preview, html)
    if "instagram-media" in html:
        html = _INSTAGRAM_EMBED.sub(lambda m: _keeping(m.group(0), _card(
            "instagram", "Instagram post " + m.group(1).rstrip("/").rsplit("/", 1)[-1],
            m.group(1))), html)
    return html


_KEPT = re.compile(r'<div(?: [\w-]+="[^"]*")*? class="recap-embed [^"]*" '
                   r'data-recap-original="([^"]*)">.*?</div>', re.DOTALL)


def restore_embeds(html: str) -> str:
    """Undo `offline_cards`: the published HTML each card stands for."""
    if "data-recap-original" not in html:
        return html
    original = lambda m: base64.b64decode(m.group(1)).decode("utf-8")  # noqa: E731
    return _KEPT_IMG.sub(original, _KEPT.sub(original, html))


_QR_IMG = re.compile(r'<img src="([^"]*/qr_[0-9a-f]+\.png)"[^>]*>')
_KEPT_IMG = re.compile(r'<img(?: [\w-]+="[^"]*")*? data-recap-original="([^"]*)"[^>]*>')


def _qr_preview(match: re.Match) -> str:
    """The published QR <img> with the picture itself as its source (the preview loads nothing)."""
    data = qr_code.preview_src(unescape(match.group(1)))
    if data is None:
        return match.group(0)
    kept = base64.b64encode(match.group(0).encode("utf-8")).decode("ascii")
    rest = match.group(0)[match.end(1) - match.start(0) + 1:]
    return f'<img data-recap-original="{kept}" src="{data}"{rest}'


def _keeping(original: str, card: str) -> str:
    kept = base64.b64encode(original.encode("utf-8")).decode("ascii")
    return card.replace('">', f'" data-recap-original="{kept}">', 1)


def _video_card(match: re.Match) -> str:
    attrs = {k: unescape(v) for k, v in _ATTR.findall(match.group(1))}
    for pattern, site, watch in _VIDEO_SITES:
        found = pattern.match(attrs.get("src", ""))
        if found:
            title = attrs.get("title", "")
            if not title or title == f"{site} video":
                title = f"{site} video {found.group(1)}"
            return _keeping(match.group(0),
                            _card(site.lower(), title, watch.format(found.group(1))))
    return match.group(0)
