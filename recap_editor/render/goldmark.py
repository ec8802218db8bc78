"""markdown-it-py rules that behave like goldmark's extensions as Hugo 0.111 configures them.

markdown-it's own typographer and linkify differ from goldmark's (markdown-it also replaces ``(c)``
and ``+-``, links bare ``example.com``, and pairs quotes differently), so they stay off and these
rules follow goldmark's extension/typographer.go and extension/linkify.go instead. Heading ids
follow Hugo's ``github`` anchor style, computed from the heading's raw source line as goldmark does.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from recap_editor.render.headings import STRING

# ---------------------------------------------------------------------------------------- text
# markdown-it's text rule consumes runs up to its terminator characters; ours also stops where the
# typographer or linkify may act: quotes, "...", and a space/"(" that precedes a link-like word.
_LINK_START = r"(?:www\.|https?:|ftp:|[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@)"
_TEXT_RUN = re.compile(
    r"(?:[^\n!#$%&*+\-:<=>@\[\\\]^_`{}~'\".( ]|\.(?!\.\.)|[ (](?!" + _LINK_START + r"))+")


_LINK_AT_LINE_HEAD = re.compile(_LINK_START)


def _at_node_start(state: StateInline, pos: int) -> bool:
    """Where goldmark tries its inline parsers as at a line's start: the line's head, or right
    after another inline node (a quote the typographer made, a code span, an emphasis mark…),
    which in markdown-it is where no plain text is pending."""
    if pos == 0 or state.src[pos - 1] == "\n":
        return True
    if state.pending or not state.tokens:
        return False
    last = state.tokens[-1]  # goldmark keeps escapes and entities inside its text nodes
    return not (last.type == "text_special" and last.info in ("escape", "entity"))


def append_pending(state: StateInline, text: str) -> None:
    """``state.pending += text`` in time linear in ``text``: assigning to the ``pending`` property
    copies the whole pending text each time, quadratic over a long paragraph without tokens.
    markdown-it-py 4.x buffers the pieces (``append_pending``); older versions add as before."""
    append = getattr(state, "append_pending", None)
    if append is not None:
        append(text)
    else:
        state.pending += text


def text_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if _at_node_start(state, pos) and _LINK_AT_LINE_HEAD.match(state.src, pos):
        return False  # goldmark's linkify also fires at the head of a line or after a node
    match = _TEXT_RUN.match(state.src, pos, state.posMax)
    if not match:
        return False
    if not silent:
        append_pending(state, match.group())
    state.pos = match.end()
    return True


# --------------------------------------------------------------------------- character classes
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ASCII_SPACE = set(" \t\n\v\f\r")


def _is_unicode_punct(ch: str) -> bool:          # Go unicode.IsPunct
    return unicodedata.category(ch).startswith("P")


def _is_punct_rune(ch: str) -> bool:             # goldmark util.IsPunctRune (punct or symbol)
    return unicodedata.category(ch)[0] in "PS"


def _is_space(ch: str) -> bool:                  # Go unicode.IsSpace
    return ch.isspace()


def _line_from(state: StateInline, pos: int, limit: int | None = None) -> str:
    """The rest of the source line from ``pos``, newline included, as goldmark's PeekLine sees it;
    at most ``limit`` characters (a peek at a few characters must not copy a 100 KB line)."""
    stop = state.posMax if limit is None else min(state.posMax, pos + limit)
    end = state.src.find("\n", pos, stop)
    return state.src[pos:stop if end < 0 else end + 1]


_PEEK = 8   # the typographer looks at most 5 characters ahead, besides a run of quotes
_QUOTE_RUN = {"'": re.compile("'+"), '"': re.compile('"+')}


def _after_run(state: StateInline, c: str) -> str:
    """The character after the run of ``c`` at ``state.pos`` (" " at the end of the text), as
    goldmark's ScanDelimiter finds it. The run's end is remembered, so a run of a thousand quotes
    is scanned once, not once per quote."""
    pos, memo = state.pos, state.env.get("_typographer_run")
    if memo and memo[0] is state.src and memo[3] == c and memo[1] <= pos < memo[2]:
        end = memo[2]
    else:
        end = _QUOTE_RUN[c].match(state.src, pos, state.posMax).end()
        state.env["_typographer_run"] = (state.src, pos, end, c)
    return state.src[end] if end < state.posMax else " "


# ---------------------------------------------------------------------------------- typographer
LSQUO, RSQUO, LDQUO, RDQUO = "\u2018", "\u2019", "\u201c", "\u201d"
QUOTE_COUNTER = "goldmark_quotes"  # env key: [unclosed single, unclosed double]
SUBSTITUTIONS = "typographer_substitutions"  # md.options key: default text (or kind) -> text
APOSTROPHE = "apostrophe"
# Hugo's typographer settings, by the character goldmark prints for each by default.
TYPOGRAPHER_KEYS = {"leftsinglequote": LSQUO, "rightsinglequote": RSQUO,
                    "leftdoublequote": LDQUO, "rightdoublequote": RDQUO, "endash": "\u2013",
                    "emdash": "\u2014", "ellipsis": "\u2026", "leftanglequote": "\u00ab",
                    "rightanglequote": "\u00bb", "apostrophe": APOSTROPHE}


def typographer_rule(state: StateInline, silent: bool) -> bool:
    """goldmark's typographer: dashes, ellipsis, angle quotes and its smart-quote heuristics.

    Hugo 0.111 bundles goldmark 1.5.4: its unclosed-quote counter spans the whole document.
    """
    pos = state.pos
    c = state.src[pos]
    if c not in "-.<>'\"":
        return False
    line = _line_from(state, pos, _PEEK)
    n = len(line)
    if n > 2:
        if c == "-" and line[1] == "-" and line[2] == "-":
            return _emit(state, silent, "\u2014", 3)
        if c == ".":
            return _emit(state, silent, "\u2026", 3) if line[1] == "." and line[2] == "." else False
    if n > 1:
        if c == "<":
            return _emit(state, silent, "\u00ab", 2) if line[1] == "<" else False
        if c == ">":
            return _emit(state, silent, "\u00bb", 2) if line[1] == ">" else False
        if c == "-" and line[1] == "-":
            return _emit(state, silent, "\u2013", 2)
    if c not in "'\"":
        return False
    if silent:  # lookahead (link labels) only needs positions: leave the quote as text
        return False
    return _smart_quote(state, line, c)


def _emit(state: StateInline, silent: bool, text: str, length: int, kind: str = "") -> bool:
    substitutions = state.md.options.get(SUBSTITUTIONS)
    if substitutions:  # the site's own [markup.goldmark.extensions.typographer] values
        text = substitutions.get(kind or text, text)
    if not silent:  # goldmark's String node: its own token until text_join (heading ids see it);
        token = state.push("text_special", "", 0)  # "text" would merge in fragments_join
        token.content = text
        token.meta[STRING] = True
    state.pos += length
    return True


def _flanking(before: str, line: str, c: str, after: str | None = None) -> tuple[bool, bool]:
    """Whether the run of ``c`` starting ``line`` can open / close (goldmark ScanDelimiter);
    ``after``, when given, is the character after the run (see :func:`_after_run`)."""
    if after is None:
        j = 0
        while j < len(line) and line[j] == c:
            j += 1
        after = line[j] if j < len(line) else " "
    before_punct, before_space = _is_punct_rune(before), _is_space(before)
    after_punct, after_space = _is_punct_rune(after), _is_space(after)
    left = not after_space and (not after_punct or before_space or before_punct)
    right = not before_space and (not before_punct or after_space or after_punct)
    return left, right


def _smart_quote(state: StateInline, line: str, c: str) -> bool:
    before = state.src[state.pos - 1] if state.pos > 0 else "\n"
    can_open, can_close = _flanking(before, line, c, _after_run(state, c))  # goldmark goes on when neither holds
    # goldmark 1.5.4 counts unclosed quotes per *document*: a closing quote only turns curly
    # while an opener is pending, even one from an earlier paragraph.
    counter = state.env.setdefault(QUOTE_COUNTER, [0, 0])
    n = len(line)
    if c == "'":
        # Decade abbreviations such as '90s.
        if can_open and not can_close and n > 3 and line[1].isdigit() and line[2].isdigit() \
                and line[3] == "s":
            after = line[4] if n > 4 else " "
            if _is_space(after) or _is_punct_rune(after):
                return _emit(state, False, RSQUO, 1, APOSTROPHE)
        # 'twas, 'em, 'net, 'll.
        if n > 1 and (_is_unicode_punct(before) or _is_space(before)) and line[1] in "tenl":
            return _emit(state, False, RSQUO, 1, APOSTROPHE)
        # An apostrophe between a letter or digit and a letter.
        if n > 1 and (before.isdigit() or before.isalpha()) and line[1].isalpha():
            return _emit(state, False, RSQUO, 1, APOSTROPHE)
        if can_open and not can_close:
            right = (n > 1 and line[1] in "smtd" and (n < 3 or line[2] in _ASCII_PUNCT
                                                       or line[2] in _ASCII_SPACE)) or \
                    (n > 2 and line[1:3] in ("ve", "ll", "re")
                     and (n < 4 or line[3] in _ASCII_PUNCT or line[3] in _ASCII_SPACE))
            if not right:
                counter[0] += 1
            return _emit(state, False, RSQUO if right else LSQUO, 1)
        # Plural possessives and abbreviations (Smiths', doin'); goldmark's condition reduces to
        # "more of the line follows and the next character is not a digit".
        if n > 2 and not line[1].isdigit():
            return _emit(state, False, RSQUO, 1)
        if counter[0] > 0 and _closes(can_open, can_close, line):
            counter[0] -= 1
            return _emit(state, False, RSQUO, 1)
        return False
    if can_open and not can_close:
        counter[1] += 1
        return _emit(state, False, LDQUO, 1)
    if counter[1] > 0 and _closes(can_open, can_close, line):
        if n > 1 and line[1] == '"' and before.isdigit():  # "Monitor 21"": an inch mark
            return False
        counter[1] -= 1
        return _emit(state, False, RDQUO, 1)
    return False


def _closes(can_open: bool, can_close: bool, line: str) -> bool:
    n = len(line)
    maybe = (can_close and can_open and n > 1 and _is_unicode_punct(line[1])
             and (n == 2 or (n > 2 and line[2] in _ASCII_PUNCT) or line[2] in _ASCII_SPACE))
    return (can_close and not can_open) or maybe


# -------------------------------------------------------------------------------------- linkify
_URL = re.compile(r"(?:http|https|ftp)://[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?::\d+)?"
                  r"(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=();,'\">^{}\[\]`]*)?")
_WWW = re.compile(r"www\.[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+"
                  r"(?:[/#?][-a-zA-Z0-9@:%_+.~#!?&/=();,'\">^{}\[\]`]*)?")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+\-./=?^_`{|}~]+")
_EMAIL_DOMAIN = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
                           r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*")


def make_linkify_rule(protocol: str):
    """goldmark's linkify: URLs with a scheme, ``www.`` hosts and e-mail addresses."""

    def linkify_rule(state: StateInline, silent: bool) -> bool:
        if state.linkLevel > 0 or silent:  # silent: markdown-it scanning a link's label
            return False
        pos = state.pos
        src = state.src
        line_head = _at_node_start(state, pos)
        lead = ""
        if src[pos] in " (":
            lead = src[pos]
        elif not line_head:
            return False
        start = pos + len(lead)
        line = _line_from(state, start)
        found = _match_link(line)
        if found is None:
            return False
        length, kind = found
        if not silent:
            text = line[:length]
            href = {"email": "mailto:", "www": protocol + "://"}.get(kind, "") + text
            append_pending(state, lead)
            token = state.push("link_open", "a", 1)
            token.attrs = {"href": state.md.normalizeLink(href)}  # percent-encoded
            token.markup, token.info = "linkify", "auto"
            token = state.push("text", "", 0)
            token.content = text
            state.push("link_close", "a", -1).markup = "linkify"
        state.pos = start + length
        return True

    return linkify_rule


def _match_link(line: str) -> tuple[int, str] | None:
    kind = "url"
    m = _URL.match(line) if line.startswith(("http:", "https:", "ftp:")) else None
    if m is None and line.startswith("www."):
        m, kind = _WWW.match(line), "www"
    if m is not None:
        # Hugo 0.168's goldmark trims trailing punctuation first, then an unbalanced ")" or a
        # trailing entity ("c.)" links "c.", "c)." links "c", "c&amp;." links "c").
        end = _trim_trailing(line, m.end())
        last = line[end - 1]
        if last == ")":
            closing = line[:end].count(")") - line[:end].count("(")
            if closing > 0:
                end -= closing
        elif last == ";":
            i = end - 2
            while i >= 0 and line[i].isascii() and line[i].isalnum():
                i -= 1
            if i != end - 2 and line[i] == "&":
                end = i
    else:
        if line and line[0] in _ASCII_PUNCT:
            return None
        local = _EMAIL_LOCAL.match(line)
        if not local or local.end() >= len(line) or line[local.end()] != "@":
            return None
        domain = _EMAIL_DOMAIN.match(line, local.end() + 1)
        if not domain or domain.end() == local.end() + 1:
            return None
        end, kind = domain.end(), "email"
        if "." not in line[local.end():end - 1]:
            return None
        if line[end - 1] == ".":
            end -= 1
        if end < len(line) and line[end] in "-_":
            return None
        end = _trim_trailing(line, end)
    return (end, kind) if end > 0 else None


def _trim_trailing(line: str, end: int) -> int:
    i = end - 1
    while i > 0 and line[i] in "?!.,:*_~":
        i -= 1
    return i + 1


# ---------------------------------------------------------------------------------- task lists
_TASK = re.compile(r"\[([ xX])\](?=\s)")


def task_list_rule(state) -> None:
    """``- [x] done`` → a disabled checkbox, rendered as goldmark does (no extra classes)."""
    tokens = state.tokens
    for i in range(2, len(tokens)):
        token = tokens[i]
        if token.type != "inline" or not token.children:
            continue
        if tokens[i - 1].type != "paragraph_open" or tokens[i - 2].type != "list_item_open":
            continue
        first = token.children[0]
        match = _TASK.match(first.content) if first.type == "text" else None
        if not match:
            continue
        checked = ' checked=""' if match.group(1) in "xX" else ""
        first.content = first.content[3:]
        box = Token("html_inline", "", 0)
        box.content = f'<input{checked} disabled="" type="checkbox">'
        token.children.insert(0, box)


# ------------------------------------------------------------------------------------ blocks
def blank_code_lines_in_lists(state) -> None:
    """Core rule: in a list item, goldmark hands a code block its blank lines empty (a line of
    spaces becomes an empty line); elsewhere the spaces stay."""
    depth = 0
    for token in state.tokens:
        if token.type == "list_item_open":
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
        elif depth and token.type in ("fence", "code_block") and token.content:
            lines = token.content.split("\n")
            token.content = "\n".join("" if not line.strip() else line for line in lines)


_ASCII_WHITESPACE = " \t\n\r\x0b\x0c"


def make_paragraph_rule(original):
    """markdown-it's paragraph rule, trimming only ASCII whitespace as goldmark does (a
    paragraph ending in a no-break space keeps it)."""

    def paragraph(state, start: int, end: int, silent: bool) -> bool:
        first = len(state.tokens)
        if not original(state, start, end, silent):
            return False
        if not silent and len(state.tokens) > first + 1:
            inline = state.tokens[first + 1]
            raw = state.getLines(start, state.line, state.blkIndent, False)
            inline.content = raw.strip(_ASCII_WHITESPACE)
        return True

    return paragraph


def newline_after_tight_text(md: MarkdownIt, name: str) -> None:
    """goldmark ends a tight list item's text with a newline before a code or HTML block
    (markdown-it does so only for the blocks its default renderer writes)."""
    inner = md.renderer.rules.get(name)

    def render(self, tokens, idx, options, env) -> str:
        html = inner(tokens, idx, options, env) if inner is not None else \
            self.renderToken(tokens, idx, options, env)
        if idx and tokens[idx - 1].hidden and tokens[idx - 1].type == "paragraph_close" and html:
            return "\n" + html
        return html

    md.add_render_rule(name, render)


# -------------------------------------------------------------------------------------- footnotes
def _footnote_ids(meta: dict) -> tuple[int, str]:
    """The footnote's number and the id of its reference, as goldmark writes them
    (``fnref:1``; a second reference to the same note ``fnref1:1``)."""
    n = meta["id"] + 1
    return n, f"fnref:{n}" if meta.get("subId", 0) == 0 else f"fnref{meta['subId']}:{n}"


def render_footnote_ref(self, tokens, idx, options, env) -> str:
    n, ref_id = _footnote_ids(tokens[idx].meta)
    return (f'<sup id="{ref_id}"><a href="#fn:{n}" class="footnote-ref" '
            f'role="doc-noteref">{n}</a></sup>')


def install_footnote_renderers(md: MarkdownIt, backlink: str = "&#x21a9;&#xfe0e;") -> None:
    """goldmark's footnote HTML; ``backlink`` is Hugo's ``footnote.backlinkHTML``."""

    def render_footnote_anchor(self, tokens, idx, options, env) -> str:
        _, ref_id = _footnote_ids(tokens[idx].meta)
        return (f'&#160;<a href="#{ref_id}" class="footnote-backref" '
                f'role="doc-backlink">{backlink}</a>')

    md.add_render_rule("footnote_ref", render_footnote_ref)
    md.add_render_rule("footnote_anchor", render_footnote_anchor)
    md.add_render_rule("footnote_block_open",
                       lambda *a: '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n')
    md.add_render_rule("footnote_block_close", lambda *a: "</ol>\n</div>\n")
    md.add_render_rule("footnote_open",
                       lambda self, t, i, o, e: f'<li id="fn:{t[i].meta["id"] + 1}">\n')
    md.add_render_rule("footnote_close", lambda *a: "</li>\n")
