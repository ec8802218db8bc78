"""Fenced code highlighting with Pygments, in the markup Hugo's Chroma highlighter emits.

Hugo prints a highlighted block as ``<div class="highlight"><pre tabindex="0" class="chroma"><code
class="language-go" data-lang="go">…``. We emit the same wrapper with Pygments' token classes (Chroma
borrowed Pygments' short class names), styled by ``resources/css/pygments.css`` (monokai, Hugo's
default style). A fence without a language, or one Pygments does not know, stays plain.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

STYLE = "monokai"
CSS_SCOPE = ".chroma"

_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def fence_language(info: str) -> str:
    """The language word of a fence's info string (``go {linenos=true}`` → ``go``)."""
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return word.split("{", 1)[0]


def highlight_code(code: str, language: str) -> str:
    """HTML for one code block as Hugo would print it (plain ``<pre>`` without a language)."""
    if not language:
        return f'<pre tabindex="0"><code>{escape(code, quote=False)}</code></pre>\n'
    attrs = f'class="language-{escape(language)}" data-lang="{escape(language)}"'
    lexer = _lexer(language)
    if lexer is None:
        return f'<pre tabindex="0"><code {attrs}>{escape(code, quote=False)}</code></pre>\n'
    body = pygments_highlight(code, lexer, _FORMATTER)
    return (f'<div class="highlight"><pre tabindex="0" class="chroma"><code {attrs}>'
            f'{body}</code></pre></div>')


def stylesheet() -> str:
    """The token colours, scoped to Hugo's ``.chroma`` class (writes resources/css/pygments.css)."""
    return HtmlFormatter(style=STYLE).get_style_defs(CSS_SCOPE)
