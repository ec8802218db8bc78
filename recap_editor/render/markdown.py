"""Markdown to HTML in the dialect of the site's generator.

Hugo sites: markdown-it-py configured like Hugo 0.111's goldmark (CommonMark, GFM tables and
strikethrough, goldmark's linkify and typographer, footnotes, definition lists, task lists, Hugo's
heading ids, raw HTML kept only when ``unsafe``). Pelican/MkDocs sites: Python-Markdown.

The goldmark path works on *top-level blocks*: `parse_blocks` parses some source text into
blocks, each rendered on its own by `render_block`; a document's HTML is the blocks' HTML joined,
which is what lets `incremental` re-render only the blocks an edit touched.
"""

from __future__ import annotations

import gc
import html
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import mdurl
from markdown_it import MarkdownIt, rules_block
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from recap_editor.render import (code_spans, deflists, goldmark, headings, line_breaks,
                                 link_definitions, shortcodes, strikethrough, tables)
from recap_editor.render.emoji import emoji_rule
from recap_editor.render.highlight import fence_attributes, fence_language, highlight_code
from recap_editor.render.options import GOLDMARK, RenderOptions

SUMMARY_DIVIDER = "<!--more-->"
_PLACEHOLDER_TOKEN = re.compile(r"HAHAHUGOSHORTCODE-[0-9a-f]{16}-HBHB")
RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"
QUOTE_MARKS = "quote_marks"
RENDER_OPTIONS = "recap_render_options"   # env key: the RenderOptions a render runs with
FENCE_ORDINAL = "fence_ordinal"


@dataclass
class ParsedBlock:
    """One top-level block of a parse: where its source is and the tokens it renders from."""
    start: int                    # offsets of its source lines in the parsed text
    end: int
    line: int                     # 0-based line of its first source line in the parsed text
    tokens: list[Token]
    headings: list[tuple[Token, str, bool]] = field(default_factory=list)  # (token, base, explicit)
    shortcode_html: dict[str, str] = field(default_factory=dict)
    quotes: tuple[int, int] = (0, 0)  # goldmark's unclosed-quote counter when the block starts


@dataclass
class Parse:
    blocks: list[ParsedBlock]
    definitions: bool             # reference definitions present (they leave no tokens)
    footnotes: bool               # footnote definitions present (numbered across the document)
    open_shortcode: bool = False  # a shortcode mark without its other half: may span other text
    quotes_after: tuple[int, int] = (0, 0)  # the unclosed-quote counter after the last block
    # Fences carry document-wide numbers (line anchors ``hl-N-M``): a block's HTML depends on
    # the fences before it, as it does on definitions and footnotes.
    numbered_fences: bool = False


# -------------------------------------------------------------------------------- goldmark setup
def _key(options: RenderOptions) -> tuple:
    return (options.unsafe, options.typographer, options.linkify, options.linkify_protocol,
            options.footnote, options.definition_list, options.table, options.strikethrough,
            options.task_list, options.hard_wraps, options.enable_emoji,
            options.typographer_substitutions, options.footnote_backlink_html)


def goldmark_parser(options: RenderOptions) -> MarkdownIt:
    return _goldmark_parser(_key(options))


def _keeping_edge_spaces(normalize):
    """goldmark percent-encodes the spaces around a ``< b >`` destination (``%20b%20``); mdurl
    trims them."""
    def normalize_link(url: str) -> str:
        core = url.strip()
        if core == url:
            return normalize(url)
        head, tail = url[:len(url) - len(url.lstrip())], url[len(url.rstrip()):]
        if not core:
            return mdurl.encode(url)
        return mdurl.encode(head) + normalize(core) + mdurl.encode(tail)
    return normalize_link


@lru_cache(maxsize=8)
def _goldmark_parser(key: tuple) -> MarkdownIt:
    (unsafe, typographer, linkify, protocol, footnote, deflist, table, strike, tasks,
     hard_wraps, emoji, substitutions, backlink) = key
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False,
                                   "breaks": hard_wraps,
                                   "strikethrough_single_tilde": True})  # goldmark takes ~x~ too
    md.enable([r for r, on in (("table", table), ("strikethrough", strike)) if on])
    md.normalizeLink = _keeping_edge_spaces(md.normalizeLink)
    for name, wrap in (("reference", link_definitions.make_reference_rule),
                       ("code", link_definitions.make_code_rule)):
        rule = next(r for r in md.block.ruler.__rules__ if r.name == name)
        md.block.ruler.at(name, wrap(rule.fn), {"alt": rule.alt})
    if strike:  # goldmark pairs ~ runs as emphasis: ~a~~ is <del>a</del>~
        md.inline.ruler.at("strikethrough", strikethrough.tokenize)
        md.inline.ruler2.at("strikethrough", strikethrough.post_process)
    if table:
        md.block.ruler.at("table", tables.make_table_rule(rules_block.table),
                          {"alt": ["paragraph", "reference"]})
        md.block.ruler.at("list", tables.make_list_rule(rules_block.list_block),
                          {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.at("text", goldmark.text_rule)
    md.inline.ruler.at("newline", line_breaks.make_newline_rule(linkify))  # blanks at line ends
    backtick = next(r for r in md.inline.ruler.__rules__ if r.name == "backticks")
    md.inline.ruler.at("backticks", code_spans.make_backtick_rule(backtick.fn))
    if linkify:
        md.inline.ruler.after("emphasis", "goldmark_linkify", goldmark.make_linkify_rule(protocol))
    if typographer:
        md.inline.ruler.push("goldmark_typographer", goldmark.typographer_rule)
        if substitutions:  # goldmark writes the configured HTML; we write its characters
            md.options[goldmark.SUBSTITUTIONS] = {
                goldmark.TYPOGRAPHER_KEYS[key]: html.unescape(value) for key, value in substitutions}
    if emoji:
        md.inline.ruler.push("goldmark_emoji", emoji_rule)
        md.add_render_rule("emoji_image", lambda self, t, i, o, e: t[i].content)
    if footnote:
        md.use(footnote_plugin, inline=False)
        goldmark.install_footnote_renderers(md, backlink)
    if deflist:
        md.use(deflist_plugin)
        original = next(r.fn for r in md.block.ruler.__rules__ if r.name == "deflist")
        md.block.ruler.at("deflist", deflists.make_deflist_rule(original),
                          {"alt": ["paragraph", "reference", "blockquote"]})
    if tasks:
        md.core.ruler.push("goldmark_tasklist", goldmark.task_list_rule)
    bracket_rules = [r for r in md.inline.ruler.get_all_rules()
                     if r in ("link", "image", "footnote_ref", "footnote_inline")]
    md.inline.ruler.before(bracket_rules[0], "unclosable_bracket", _unclosable_bracket)
    md.core.ruler.at("inline", _inline_by_block)
    md.core.ruler.before("text_join", "goldmark_headings", headings.headings_rule)
    md.inline.ruler2.before("fragments_join", "goldmark_text_nodes", headings.delimiter_boundaries_rule)
    md.add_render_rule("fence", _render_fence)
    md.core.ruler.push("number_fences", _number_fences)
    if not unsafe:
        md.add_render_rule("html_block", _render_html_block_safe)
    md.core.ruler.after("block", "goldmark_list_code_blanks", goldmark.blank_code_lines_in_lists)
    md.block.ruler.at("paragraph", goldmark.make_paragraph_rule(rules_block.paragraph))
    for name in ("fence", "code_block", "html_block"):
        goldmark.newline_after_tight_text(md, name)
    md.add_render_rule("s_open", lambda *a: "<del>")  # goldmark's strikethrough element
    md.add_render_rule("s_close", lambda *a: "</del>")
    if not unsafe:
        md.add_render_rule("html_inline", _render_html_inline_safe)
    return md


def _unclosable_bracket(state, silent: bool) -> bool:
    """``[``, ``![`` or ``^[`` with no ``]`` anywhere after it in this inline text cannot start a
    link, image or footnote: pass it on as text at once. markdown-it would try, scanning the rest
    of the paragraph for a label end from every such bracket (100 KB of ``![``: seconds)."""
    src, pos = state.src, state.pos
    width = 2 if src.startswith(("![", "^["), pos) else 1 if src.startswith("[", pos) else 0
    if not width:
        return False
    key = (src, state.posMax)
    cache = state.env.setdefault("_last_bracket_close", {})
    if key not in cache:
        cache.clear()   # one inline text at a time: keep no big strings alive
        cache[key] = src.rfind("]", 0, state.posMax)
    if cache[key] > pos:
        return False
    if not silent:
        goldmark.append_pending(state, src[pos:pos + width])
    state.pos += width
    return True


def _inline_by_block(state) -> None:
    """markdown-it's inline step, noting goldmark's quote counter as each top-level block starts."""
    counter = state.env.setdefault(goldmark.QUOTE_COUNTER, [0, 0])
    marks = state.env.setdefault(QUOTE_MARKS, [])
    for token in state.tokens:
        if token.level == 0 and token.nesting != -1:
            marks.append((counter[0], counter[1]))
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    ours: RenderOptions = env.get(RENDER_OPTIONS) or RenderOptions()
    config = ours.highlight
    language = fence_language(token.info)
    if not config.code_fences:  # goldmark's own renderer: the code as written, no highlighter
        lang = f' class="language-{escapeHtml(language)}"' if language else ""
        return f"<pre><code{lang}>{escapeHtml(token.content)}</code></pre>\n"
    # Hugo's code block hook: trailing newlines chomped, then one put back.
    code = token.content.rstrip("\r\n")
    code = code + "\n" if code else ""
    return highlight_code(code, language, config, fence_attributes(token.info),
                          token.meta.get(FENCE_ORDINAL, 0))


def _number_fences(state) -> None:
    """Core rule: each fence's ordinal in the document (Hugo's ``hl-N`` line anchors)."""
    n = 0
    for token in state.tokens:
        if token.type == "fence":
            token.meta[FENCE_ORDINAL] = n
            n += 1


def _render_html_block_safe(self, tokens, idx, options, env) -> str:
    # Hugo drops an HTML comment silently where raw HTML is off.
    return "" if tokens[idx].content.lstrip(" ").startswith("<!--") else RAW_HTML_OMITTED + "\n"


def _render_html_inline_safe(self, tokens, idx, options, env) -> str:
    # The task-list checkbox is ours, not the writer's raw HTML; comments vanish (Hugo).
    content = tokens[idx].content
    if content.startswith("<!--"):
        return ""
    return content if content.startswith("<input") and 'type="checkbox"' in content \
        else RAW_HTML_OMITTED


# ------------------------------------------------------------------------------------ parsing
def strip_summary_divider(text: str, at: int | None = None) -> str:
    """Hugo drops the first ``<!--more-->`` from the content; ``at`` is its offset in ``text``."""
    if at is None:
        at = text.find(SUMMARY_DIVIDER)
    if at < 0 or text[at:at + len(SUMMARY_DIVIDER)] != SUMMARY_DIVIDER:
        return text
    return text[:at] + text[at + len(SUMMARY_DIVIDER):]


_BIG_TEXT = 200_000
_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True


@contextmanager
def _collector_paused(pause: bool):
    """Parse a big text without the cyclic garbage collector: markdown-it makes millions of
    tokens (freed by reference counting, no cycles), and each collection walks all of them, so a
    20 MB post cost half again as much per MB as a 1 MB one. Nested and threaded uses count."""
    global _gc_pausers, _gc_was_enabled
    if not pause:
        yield
        return
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def parse_blocks(text: str, options: RenderOptions, env: dict | None = None,
                 divider_at: int = -1, quotes: tuple[int, int] = (0, 0)) -> Parse:
    """Parse ``text`` (goldmark dialect) into top-level blocks with inline content parsed.

    ``divider_at`` is the offset in ``text`` of the ``<!--more-->`` Hugo removes (-1: none here);
    ``quotes`` the unclosed-quote counter where ``text`` starts in its document.
    """
    md = goldmark_parser(options)
    env = {} if env is None else env
    env[goldmark.QUOTE_COUNTER] = list(quotes)
    env[QUOTE_MARKS] = []
    # Lines keep their numbers without the divider, so offsets still come from ``text``'s lines.
    source = strip_summary_divider(text, divider_at) if divider_at >= 0 else text
    expansion = shortcodes.expand(source, options, _Markdownify(options))
    with _collector_paused(len(source) > _BIG_TEXT):
        tokens = md.parse(expansion.markdown, env)
    starts = _line_starts(text)
    blocks: list[ParsedBlock] = []
    i = 0
    definitions = False
    previous_end = 0
    while i < len(tokens):
        first = tokens[i]
        j = i
        if first.nesting == 1:
            depth = 0
            while True:
                depth += tokens[j].nesting
                if depth == 0:
                    break
                j += 1
        block_tokens = tokens[i:j + 1]
        if first.map is not None:
            line0, line1 = first.map
            start = starts[line0]
            end = starts[line1] if line1 < len(starts) else len(text)
            if text[previous_end:start].replace(SUMMARY_DIVIDER, "").strip():
                definitions = True
            previous_end = end
        else:  # the footnote list markdown-it appends at the end
            line0, start, end = (len(starts) - 1, len(text), len(text))
        marks = env[QUOTE_MARKS]
        blocks.append(ParsedBlock(start, end, line0, block_tokens,
                                  headings.heading_sources(block_tokens, options.auto_id_type),
                                  _used_shortcodes(block_tokens, expansion.html),
                                  marks[len(blocks)] if len(blocks) < len(marks) else (0, 0)))
        i = j + 1
    if text[previous_end:].replace(SUMMARY_DIVIDER, "").strip() and not any(
            b.tokens[0].map is None for b in blocks):
        definitions = True
    numbered = options.highlight.anchor_line_nos and any(
        t.type == "fence" for b in blocks for t in b.tokens)
    return Parse(blocks, definitions, bool(env.get("footnotes", {}).get("refs")),
                 expansion.open_ended, tuple(env[goldmark.QUOTE_COUNTER]), numbered)


def _used_shortcodes(tokens: list[Token], table: dict[str, str]) -> dict[str, str]:
    if not table:
        return {}
    text = "".join(t.content + "".join(c.content + str(c.attrs) for c in t.children or [])
                   + str(t.attrs) for t in tokens)
    # The placeholders this block holds, looked up: not every placeholder of the document searched
    # in every block (that grows with blocks x shortcodes).
    return {k: table[k] for k in _PLACEHOLDER_TOKEN.findall(text) if k in table}


def render_block(block: ParsedBlock, ids: list[str | None], options: RenderOptions,
                 env: dict) -> str:
    """HTML of one block as Hugo prints it; ``ids`` are its headings' final ids, in order."""
    for (token, _, explicit), value in zip(block.headings, ids):
        if value is not None and (explicit or options.auto_heading_id):  # autoHeadingID = false
            token.attrSet("id", value)
    md = goldmark_parser(options)
    env[RENDER_OPTIONS] = options
    html = md.renderer.render(block.tokens, md.options, env)
    return shortcodes.restore(html, block.shortcode_html)


class _Markdownify:
    """Hugo's ``markdownify`` for shortcodes, and ``.block`` for their block Markdown
    (``RenderString (dict "display" "block")``)."""

    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def __call__(self, text: str) -> str:
        return markdownify(text, self.options)

    def block(self, text: str) -> str:
        return render_fragment(text, self.options)


def markdownify(text: str, options: RenderOptions) -> str:
    """Hugo's ``markdownify``: render and drop the ``<p>`` of a single paragraph."""
    html = render_fragment(text, options).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def heading_ids(blocks: list[ParsedBlock]) -> list[list[str | None]]:
    """Final heading ids per block, de-duplicated across the whole document as Hugo does."""
    flat = headings.assign_ids([(base, explicit) for b in blocks for _, base, explicit in b.headings])
    out, k = [], 0
    for block in blocks:
        out.append(flat[k:k + len(block.headings)])
        k += len(block.headings)
    return out


# --------------------------------------------------------------------------------- entry points
def heading_anchor(text: str, options: RenderOptions) -> str | None:
    """The id Hugo gives a heading whose Markdown text is ``text`` (before de-duplication);
    None for a heading without text."""
    ids = document_heading_ids("# " + text.strip() + "\n", options)
    return ids[0] if ids else None


def document_heading_ids(markdown: str, options: RenderOptions) -> list[str]:
    """Every heading id of a post body, in order, as Hugo gives them (for the checks)."""
    markdown = markdown.replace("\r\n", "\n")
    parse = parse_blocks(markdown, options, {}, markdown.find(SUMMARY_DIVIDER))
    return [value for ids in heading_ids(parse.blocks) for value in ids if value is not None]


def render_fragment(markdown: str, options: RenderOptions) -> str:
    """The body HTML, as Hugo would print ``.Content`` (or Python-Markdown for its sites)."""
    if options.dialect != GOLDMARK:
        return render_python_markdown(markdown, options)
    markdown = markdown.replace("\r\n", "\n")
    parse = parse_blocks(markdown, options, {}, markdown.find(SUMMARY_DIVIDER))
    env: dict = {}
    return "".join(render_block(b, ids, options, env)
                   for b, ids in zip(parse.blocks, heading_ids(parse.blocks)))


def render_python_markdown(markdown: str, options: RenderOptions) -> str:
    """Pelican/MkDocs: Python-Markdown with extra, codehilite (Pygments classes) and toc."""
    import markdown as python_markdown  # only sites that use it pay for the import

    converter = python_markdown.Markdown(
        extensions=["extra", "codehilite", "toc", "sane_lists"],
        extension_configs={"codehilite": {"css_class": "highlight chroma", "guess_lang": False}},
        output_format="html")
    html = converter.convert(markdown)
    if not options.unsafe:
        return html
    return html + ("\n" if html and not html.endswith("\n") else "")
