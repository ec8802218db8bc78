"""The preview page: template + stylesheet + the post's header + its body, and DOM patches.

The Qt preview loads `render_page` once, then applies each `RenderUpdate` with `patch_script`,
which moves, inserts and removes only the blocks whose keys changed (scroll position stays, nothing
flickers). The script is plain DOM code: the preview runs it in an isolated world with page
JavaScript disabled. It evaluates to ``true``, or to a string ``"missing:KEY"`` when the DOM is not
the one the update expects; then the caller should load `render_page` again.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from functools import lru_cache
from html import escape
from string import Template
from typing import Any

from recap_editor.paths import resource_path
from recap_editor.render.highlight import stylesheet
from recap_editor.render.incremental import IncrementalRenderer, RenderUpdate
from recap_editor.render.options import RenderOptions

RAW_HTML_NOTICE = ("This site leaves <code>markup.goldmark.renderer.unsafe</code> off, so Hugo "
                   "publishes this post's raw HTML as <code>&lt;!-- raw HTML omitted --&gt;</code>: "
                   "the marked places below will be empty on the site.")


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)]


def _as_date(value: Any) -> datetime | date | None:
    if isinstance(value, (datetime, date)):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                return date.fromisoformat(value.strip()[:10])
            except ValueError:
                return None
    return None


def header_html(post) -> str:
    """Title, date, authors and tags, laid out as the site's single-post layout shows them."""
    title = str(post.get("title") or "Untitled")
    parts = [f'<div class="page-header"><h1 class="recap-title">{escape(title)}</h1>']
    meta = []
    when = _as_date(post.get("date"))
    if when is not None:
        label = f"{when.strftime('%B')} {when.day}, {when.year}"
        meta.append(f'<time datetime="{escape(when.isoformat())}">{escape(label)}</time>')
    elif post.get("date"):
        meta.append(f"<time>{escape(str(post.get('date')))}</time>")
    authors = _as_list(post.get("authors", post.get("author")))
    if authors:
        meta.append('by <span class="recap-authors">'
                    + ", ".join(escape(a) for a in authors) + "</span>")
    if meta:
        parts.append('<p class="recap-meta">' + " &middot; ".join(meta) + "</p>")
    tags = _as_list(post.get("tags"))
    if tags:
        parts.append('<p class="recap-tags">' + "".join(
            f'<span class="label label-default">{escape(t)}</span>' for t in tags) + "</p>")
    parts.append("</div>")
    return "".join(parts)


def _styles(options: RenderOptions) -> str:
    if options.stylesheet is not None:
        # The user's own CSS, linked so its relative url()s keep working; our code colours and
        # preview markers still apply.
        return (f"<style>\n{_font_css()}</style>\n"
                f'<link rel="stylesheet" href="{escape(options.stylesheet.resolve().as_uri())}">\n'
                f"<style>\n{_code_css(options)}\n{_marker_css()}</style>")
    css = resource_path("css", "preview.css").read_text(encoding="utf-8")
    return f"<style>\n{_font_css()}{css}\n{_code_css(options)}</style>"


def _code_css(options: RenderOptions) -> str:
    """Token colours where code carries Chroma's classes (``noClasses = false``): the
    configured style's CSS as ``hugo gen chromastyles`` writes it. Inline styles need none."""
    return "" if options.highlight.no_classes else stylesheet(options.highlight.style)


# Lato's everyday faces go into the page itself: Chromium decodes a data: font as it parses the
# CSS, whereas a file it fetches arrives after the first paint, and with font-display: block the
# preview would be painted with blank text first and again ~0.1 s later, at every load.
_INLINE_FONTS = ("lato-latin-400-normal.woff2", "lato-latin-700-normal.woff2")


@lru_cache(maxsize=1)
def _font_css() -> str:
    """@font-face rules for the Lato the app ships (resources/fonts): the preview looks the same
    whether or not the machine has Lato installed. Their URLs point at the bundled files."""
    fonts = resource_path("fonts")
    css = resource_path("css", "fonts.css").read_text(encoding="utf-8")
    for name in _INLINE_FONTS:
        data = base64.b64encode((fonts / name).read_bytes()).decode("ascii")
        css = css.replace(f'url("../fonts/{name}")', f'url("data:font/woff2;base64,{data}")')
    return css.replace('url("../fonts/', 'url("' + fonts.as_uri() + "/")


def _marker_css() -> str:
    css = resource_path("css", "preview.css").read_text(encoding="utf-8")
    start = css.find("/* Preview-only markers */")
    return css[start:] if start >= 0 else ""


def _site_title(options: RenderOptions) -> str:
    if options.site_title:
        return options.site_title
    return options.site_root.name if options.site_root is not None else "Preview"


def notice_html(update: RenderUpdate, options: RenderOptions) -> str:
    if not options.unsafe and update.raw_html_omitted:
        return f'<div class="recap-notice">{RAW_HTML_NOTICE}</div>'
    return ""


def render_page(post, options: RenderOptions, update: RenderUpdate | None = None) -> str:
    """The whole preview document. Pass the ``update`` of the renderer you will patch with, so the
    page's block keys are that renderer's; without it the page renders on its own."""
    if options.post_path is None and getattr(post, "path", None) is not None:
        options = options.with_post(post.path)
    if update is None:
        update = IncrementalRenderer(options, post.body_line - 1).update(post.body)
    template = Template(resource_path("templates", "preview.html").read_text(encoding="utf-8"))
    return template.substitute(
        title=escape(str(post.get("title") or "Preview")),
        styles=_styles(options),
        site_title=escape(_site_title(options)),
        notice=notice_html(update, options),
        header=header_html(post),
        body=update.html,
    )


_PATCH_JS = r"""(function (u) {
  var root = document.getElementById('recap-body');
  if (!root) { return 'missing:recap-body'; }
  if (u.header !== null) {
    var header = document.getElementById('recap-header');
    if (header) { header.innerHTML = u.header; }
  }
  if (u.notice !== null) {
    var notice = document.getElementById('recap-notice');
    if (notice) { notice.innerHTML = u.notice; }
  }
  if (u.html !== null) { root.innerHTML = u.html; return true; }
  function isMarker(n) { return n.nodeType === 8 && n.data.lastIndexOf('block ', 0) === 0; }
  var blocks = {}, current = null, node = root.firstChild, next, i, j;
  while (node) {
    if (isMarker(node)) { current = node.data.slice(6); blocks[current] = [node]; }
    else if (current !== null) { blocks[current].push(node); }
    node = node.nextSibling;
  }
  var fresh = {}, wanted = {};
  for (i = 0; i < u.changed.length; i++) { fresh[u.changed[i][0]] = u.changed[i][1]; }
  for (i = 0; i < u.order.length; i++) { wanted[u.order[i][0]] = true; }
  for (var key in blocks) {
    if (!wanted[key]) {
      for (j = 0; j < blocks[key].length; j++) { root.removeChild(blocks[key][j]); }
      delete blocks[key];
    }
  }
  var cursor = root.firstChild;
  while (cursor && !isMarker(cursor)) { next = cursor.nextSibling; root.removeChild(cursor); cursor = next; }
  for (i = 0; i < u.order.length; i++) {
    var k = u.order[i][0], line = String(u.order[i][1]), nodes = blocks[k];
    if (!nodes) {
      if (!(k in fresh)) { return 'missing:' + k; }
      var box = document.createElement('template');
      box.innerHTML = fresh[k];
      nodes = Array.prototype.slice.call(box.content.childNodes);
      for (j = 0; j < nodes.length; j++) { root.insertBefore(nodes[j], cursor); }
    } else if (nodes[0] !== cursor) {
      for (j = 0; j < nodes.length; j++) { root.insertBefore(nodes[j], cursor); }
    } else {
      cursor = nodes[nodes.length - 1].nextSibling;
    }
    for (j = 1; j < nodes.length; j++) {
      if (nodes[j].nodeType === 1) {
        if (nodes[j].hasAttribute('data-source-line') &&
            nodes[j].getAttribute('data-source-line') !== line) {
          nodes[j].setAttribute('data-source-line', line);
        }
        break;
      }
    }
  }
  while (cursor) { next = cursor.nextSibling; root.removeChild(cursor); cursor = next; }
  return true;
})(%s);"""


def patch_script(update: RenderUpdate, header: str | None = None,
                 notice: str | None = None) -> str:
    """JavaScript applying ``update`` to a page from `render_page` (keyed by block).

    ``header`` (from `header_html`) and ``notice`` (from `notice_html`) replace those parts when
    given. When raw HTML spans blocks (``update.replace_all``) the body is replaced as a whole,
    because the browser nests later blocks inside an element left open.
    """
    payload = {
        "header": header,
        "notice": notice,
        "html": update.html if update.replace_all else None,
        "changed": [[b.key, b.html] for b in update.changed],
        "order": update.order,
    }
    # "</" inside a JS string literal is harmless here (no <script> element), but keep it inert.
    return _PATCH_JS % json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
