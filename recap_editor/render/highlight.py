"""Code blocks in the markup Hugo's highlighter (Chroma) writes, with Pygments as the lexer.

Driven by the site's ``markup.highlight`` settings (`HighlightConfig`) and a fence's own
attributes (```` ```go {linenos=table,hl_lines=[2]} ````):

- ``noClasses = true`` (Hugo's default): inline ``style=`` attributes from the configured style
  (monokai by default); ``false``: Chroma's class names (``chroma``, ``line``, ``cl``, ``k``…);
- ``<div class="highlight"><pre tabindex="0" …><code class="language-x" data-lang="x">`` and one
  ``<span class="line"><span class="cl">…</span></span>`` per line;
- ``lineNos`` (inline or in a table), ``hl_lines``, ``lineNoStart``, ``anchorLineNos``/``lineAnchors``;
- a language Chroma does not know: a bare ``<pre tabindex="0"><code class="language-x" …>``
  (or, with ``guessSyntax``, plain text); no language: ``<pre tabindex="0"><code>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

from pygments.token import Token

from recap_editor.render import chroma, chroma_guess

STYLE = chroma.DEFAULT_STYLE
_OPTION_KEYS = {"anchorlinenos": "anchor_line_nos", "guesssyntax": "guess_syntax",
                "hl_lines": "hl_lines", "lineanchors": "line_anchors", "linenos": "line_nos",
                "linenostart": "line_no_start", "linenumbersintable": "line_numbers_in_table",
                "noclasses": "no_classes", "style": "style", "tabwidth": "tab_width",
                "hl_inline": "hl_inline"}


@dataclass(frozen=True)
class HighlightConfig:
    """Hugo's ``markup.highlight`` (its defaults), plus what a fence or shortcode overrides."""
    style: str = STYLE
    no_classes: bool = True
    code_fences: bool = True
    guess_syntax: bool = False
    line_nos: bool = False
    line_numbers_in_table: bool = True
    anchor_line_nos: bool = False
    line_anchors: str = ""
    line_no_start: int = 1
    hl_lines: tuple[tuple[int, int], ...] = ()   # absolute line numbers, inclusive
    tab_width: int = 4
    wrapper_class: str = "highlight"
    hl_inline: bool = False

    def with_options(self, options: Mapping[str, Any]) -> "HighlightConfig":
        """This config with Hugo highlight options (fence attributes, shortcode args) applied."""
        values: dict[str, Any] = {}
        lowered = {str(k).lower(): v for k, v in options.items()}
        start = _int(lowered.get("linenostart"), self.line_no_start)
        for key, value in lowered.items():
            name = _OPTION_KEYS.get(key)
            if name is None:
                continue
            if name == "line_nos":
                if str(value).lower() in ("table", "inline"):
                    values["line_numbers_in_table"] = str(value).lower() == "table"
                    values["line_nos"] = True
                else:
                    values["line_nos"] = _bool(value)
            elif name == "hl_lines":
                values["hl_lines"] = parse_hl_lines(value, start)
            elif name in ("line_no_start", "tab_width"):
                values[name] = _int(value, getattr(self, name))
            elif name in ("style", "line_anchors"):
                values[name] = str(value)
            else:
                values[name] = _bool(value)
        return replace(self, **values)


def config_from_hugo(markup: Mapping[str, Any]) -> HighlightConfig:
    """`HighlightConfig` from a parsed ``[markup.highlight]`` table (keys in any case)."""
    table = {str(k).lower(): v for k, v in (markup or {}).items()}
    base = HighlightConfig()
    base = replace(base, code_fences=_bool(table.get("codefences", True)),
                   wrapper_class=str(table.get("wrapperclass", base.wrapper_class)))
    return base.with_options({k: v for k, v in table.items() if k in _OPTION_KEYS})


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "", "no")
    return bool(value)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def parse_hl_lines(value: Any, start: int = 1) -> tuple[tuple[int, int], ...]:
    """``"2-3 5"`` or ``[2, "4-5"]`` (lines of the block, from 1) → absolute ranges."""
    items = value if isinstance(value, (list, tuple)) else str(value).split()
    ranges = []
    for item in items:
        low, _, high = str(item).strip().partition("-")
        try:
            a = int(low)
            b = int(high) if high else a
        except ValueError:
            continue
        ranges.append((a + start - 1, b + start - 1))
    return tuple(ranges)


# ------------------------------------------------------------------------------ fence info
_INFO_ATTRS = re.compile(r"\{([^}]*)\}")
_ATTR = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,}]+)|([#.])([\w-]+)""")


def fence_language(info: str) -> str:
    """The language word of a fence's info string (``go {linenos=true}`` → ``go``): goldmark's
    ``Language`` ends it at the first space only (a tab stays in the word)."""
    word = info.strip().split(" ", 1)[0]
    return word.split("{", 1)[0]


def fence_attributes(info: str) -> dict[str, Any]:
    """The ``{…}`` attributes of a fence's info string, values as goldmark parses them."""
    match = _INFO_ATTRS.search(info)
    if not match:
        return {}
    attrs: dict[str, Any] = {}
    for item in _ATTR.finditer(match.group(1)):
        if item.group(3):
            key = "id" if item.group(3) == "#" else "class"
            attrs[key] = (attrs.get(key, "") + " " + item.group(4)).strip() if key == "class" \
                else item.group(4)
            continue
        key, raw = item.group(1), item.group(2)
        if raw.startswith("["):
            attrs[key] = [v.strip().strip("\"'") for v in raw[1:-1].split(",") if v.strip()]
        elif raw[:1] in "\"'":
            attrs[key] = raw[1:-1]
        else:
            attrs[key] = raw
    return attrs


def split_fence_attributes(attrs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(highlight options, HTML attributes for the wrapper div) as Hugo sorts them."""
    options, html = {}, {}
    for key, value in attrs.items():
        if key.lower().startswith("on"):
            continue
        (options if key.lower() in _OPTION_KEYS else html)[key if key.lower() in _OPTION_KEYS
                                                           else key.lower()] = value
    return options, html


# ------------------------------------------------------------------------------- rendering
def highlight_code(code: str, language: str, config: HighlightConfig | None = None,
                   attributes: Mapping[str, Any] | None = None, ordinal: int | None = None) -> str:
    """HTML for one code block as Hugo prints it.

    ``attributes`` are a fence's ``{…}`` attributes (options and HTML attributes), ``ordinal``
    the fence's number among the document's fences (Hugo's ``hl-N`` line anchors); None for the
    ``highlight`` shortcode, whose line anchors have no prefix.
    """
    config = config or HighlightConfig()
    options, html_attrs = split_fence_attributes(attributes or {})
    if options:
        config = config.with_options(options)
    if ordinal is not None and not config.line_anchors:
        config = replace(config, line_anchors=f"hl-{ordinal}")
    lexer_info = chroma.chroma_lexer(language) if language else None
    if lexer_info is None and config.guess_syntax:  # Chroma's lexers.Analyse
        lexer_info, language = chroma_guess.guess(code)
    if lexer_info is None:
        return _pre_start(language, "") + escape(code) + "</code></pre>"
    lines = _lines(_coalesce(_tokens(lexer_info, code))) if code else []
    return _format(lines, language, config, html_attrs)


def _tokens(lexer_info: chroma.ChromaLexer, code: str):
    """The code's tokens; a newline Chroma adds for its lexer (``ensure_nl``) is not printed."""
    lexer = chroma.pygments_lexer(lexer_info)
    added = lexer_info.ensure_nl and not code.endswith("\n")
    tokens = list(lexer.get_tokens_unprocessed(code + "\n" if added else code))
    if added and tokens and tokens[-1][2].endswith("\n"):
        pos, ttype, value = tokens[-1]
        tokens[-1] = (pos, ttype, value[:-1])
    pairs = [(ttype, value) for _, ttype, value in tokens if value]
    remap = _REMAPS.get(lexer_info.name)
    return remap(pairs) if remap else pairs


def _go_tokens(tokens: list) -> list:
    """Pygments' Go tokens as Chroma's Go lexer types them: a name before ``(`` is a function,
    single-character ``= < > ! | ^`` are punctuation."""
    out = list(tokens)
    for i, (ttype, value) in enumerate(out):
        if ttype in (Token.Name.Other, Token.Name):
            if _before_paren(out, i, spaces=True):
                out[i] = (Token.Name.Function, value)
        elif ttype in (Token.Keyword.Type, Token.Name.Builtin) and _before_paren(out, i):
            out[i] = (Token.Name.Builtin, value)  # Chroma: a builtin type or function called
        elif ttype in Token.Operator and len(value) == 1 and value in "=<>!|^":
            out[i] = (Token.Punctuation, value)
    return out


def _before_paren(tokens: list, i: int, spaces: bool = False) -> bool:
    """Whether ``(`` follows token ``i`` (after spaces on the same line, where allowed)."""
    j = i + 1
    while spaces and j < len(tokens) and tokens[j][0] in Token.Text \
            and not tokens[j][1].strip(" \t"):
        j += 1
    return j < len(tokens) and tokens[j][1].startswith("(")


# Chroma lexers written in Go (not run from data): Pygments' tokens, adjusted where they differ.
_REMAPS = {"Go": _go_tokens}


def _coalesce(tokens):
    """Adjacent tokens of one type as one (Chroma's ``Coalesce``)."""
    last_type, parts = None, []
    for ttype, value in tokens:
        if ttype is last_type:
            parts.append(value)
            continue
        if parts:
            yield last_type, "".join(parts)
        last_type, parts = ttype, [value]
    if parts:
        yield last_type, "".join(parts)


def _lines(tokens) -> list[list[tuple[Any, str]]]:
    """Tokens split at newlines, each newline kept at the end of its line (``SplitTokensIntoLines``)."""
    lines: list[list[tuple[Any, str]]] = [[]]
    for ttype, value in tokens:
        while "\n" in value:
            head, value = value.split("\n", 1)
            lines[-1].append((ttype, head + "\n"))
            lines.append([])
        if value:
            lines[-1].append((ttype, value))
    if not lines[-1]:
        lines.pop()
    return lines


def _pre_start(language: str, style_attr: str) -> str:
    code = "<code>"
    if language:
        lang = escape(language)
        code = f'<code class="language-{lang}" data-lang="{lang}">'
    return f'<pre tabindex="0"{style_attr}>{code}'


@dataclass
class _Look:
    """How one kind of element is marked: a class or an inline style."""
    config: HighlightConfig
    table: dict[str, str] = field(default_factory=dict)

    def attr(self, name: str, extra: str = "") -> str:
        if not self.config.no_classes:
            cls = chroma._SPECIAL_CLASSES.get(name, "")
            return f' class="{cls}"' if cls else ""
        css = self.table.get(name, "")
        if not css:
            return ""
        return f' style="{css};{extra}"' if extra else f' style="{css}"'

    def token(self, ttype) -> str:
        if not self.config.no_classes:
            cls = chroma.token_class(ttype)
            return f' class="{cls}"' if cls else ""
        css = chroma.token_style(self.table, ttype)
        return f' style="{css}"' if css else ""


def _format(lines, language: str, config: HighlightConfig, html_attrs: Mapping[str, Any]) -> str:
    table = dict(chroma.inline_styles(config.style, config.tab_width)) if config.no_classes else {}
    if config.hl_lines and config.no_classes:
        table["PreWrapper"] = table.get("PreWrapper", "") + "display:grid;"
    look = _Look(config, table)
    in_table = config.line_nos and config.line_numbers_in_table
    digits = len(str(config.line_no_start + len(lines) - 1))
    pre_attr = look.attr("PreWrapper")
    prefix = config.line_anchors + "-" if config.line_anchors else ""
    out = [_wrapper_start(config.wrapper_class, html_attrs)]
    if in_table:
        out.append(f"<div{pre_attr}>\n<table{look.attr('LineTable')}><tr>"
                   f"<td{look.attr('LineTableTD')}>\n{_pre_start('', pre_attr)}")
        for index in range(len(lines)):
            number = config.line_no_start + index
            marked = _highlighted(config, number)
            if marked:
                out.append(f"<span{look.attr('LineHighlight')}>")
            out.append(f"<span{look.attr('LineNumbersTable')}{_line_id(config, prefix, number)}>"
                       f"{_line_title(look, config, prefix, digits, number)}\n</span>")
            if marked:
                out.append("</span>")
        out.append(f"</code></pre></td>\n<td{look.attr('LineTableTD', 'width:100%')}>\n")
    out.append(_pre_start(language, pre_attr))
    for index, tokens in enumerate(lines):
        number = config.line_no_start + index
        if _highlighted(config, number):
            if config.no_classes:
                out.append(f'<span style="{table.get("Line", "")} {table.get("LineHighlight", "")}">')
            else:
                out.append('<span class="line hl">')
        else:
            out.append(f"<span{look.attr('Line')}>")
        if config.line_nos and not in_table:
            out.append(f"<span{look.attr('LineNumbers')}{_line_id(config, prefix, number)}>"
                       f"{_line_title(look, config, prefix, digits, number)}</span>")
        out.append(f"<span{look.attr('CodeLine')}>")
        for ttype, value in tokens:
            text = escape(value)
            attr = look.token(ttype)
            out.append(f"<span{attr}>{text}</span>" if attr else text)
        out.append("</span></span>")
    out.append("</code></pre>")
    if in_table:
        out.append("</td></tr></table>\n</div>\n")
    out.append("</div>")
    return "".join(out)


def _wrapper_start(wrapper_class: str, attrs: Mapping[str, Any]) -> str:
    classes = wrapper_class + (f" {attrs['class']}" if attrs.get("class") else "")
    rest = "".join(f' {k}="{escape(str(v))}"' for k, v in attrs.items() if k != "class")
    return f'<div class="{escape(classes)}"{rest}>'


def _highlighted(config: HighlightConfig, number: int) -> bool:
    return any(low <= number <= high for low, high in config.hl_lines)


def _line_id(config: HighlightConfig, prefix: str, number: int) -> str:
    return f' id="{escape(prefix)}{number}"' if config.anchor_line_nos else ""


def _line_title(look: _Look, config: HighlightConfig, prefix: str, digits: int, number: int) -> str:
    title = str(number).rjust(digits)
    if not config.anchor_line_nos:
        return title
    return f'<a{look.attr("LineLink")} href="#{escape(prefix)}{number}">{title}</a>'


def stylesheet(style: str = STYLE) -> str:
    """Class-based token colours for the preview (``noClasses = false``), as Hugo's
    ``hugo gen chromastyles`` writes them."""
    return chroma.class_stylesheet(style)
