"""Markdown syntax highlighting for the source editor.

Line-based rules plus three multi-line states (front matter, fenced code, HTML comment), which is
all a writer needs to see the shape of a post at a glance.  Colours come from the palette so the
light and dark themes both read well.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

NORMAL, FRONT_MATTER, FENCE, COMMENT = 0, 1, 2, 3

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s.*|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_QUOTE = re.compile(r"^\s{0,3}>.*")
_LIST = re.compile(r"^\s*([-*+]|\d+[.)])\s")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_INLINE = [  # (name, pattern); later rules paint over earlier ones
    ("emphasis", re.compile(r"(?<![*\w])\*(?!\s)[^*\n]+?(?<!\s)\*(?!\*)|(?<![_\w])_(?!\s)[^_\n]+?(?<!\s)_(?![_\w])")),
    ("strong", re.compile(r"\*\*(?!\s)[^\n]+?(?<!\s)\*\*|__(?!\s)[^\n]+?(?<!\s)__")),
    ("strike", re.compile(r"~~[^~\n]+~~")),
    ("link", re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|!?\[[^\]\n]*\]\[[^\]\n]*\]|<https?://[^>\s]+>")),
    ("html", re.compile(r"</?[A-Za-z][^>\n]*>")),
    ("shortcode", re.compile(r"\{\{[<%].*?[>%]\}\}")),
    ("code", re.compile(r"(`+)[^`\n].*?\1")),
]


def _fmt(color: QColor, bold: bool = False, italic: bool = False, mono: bool = False,
         strike: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(color)
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if strike:
        fmt.setFontStrikeOut(True)
    if mono:
        fmt.setFontFixedPitch(True)
    return fmt


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self.set_palette(palette)

    def set_palette(self, palette: QPalette) -> None:
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        pick = (lambda light, dark_: QColor(dark_ if dark else light))
        text = palette.color(QPalette.ColorRole.Text)
        self._formats = {
            "heading": _fmt(pick("#1d4e89", "#8ab4f8"), bold=True),
            "quote": _fmt(pick("#5f6b7a", "#a0a8b4"), italic=True),
            "list": _fmt(pick("#b35c00", "#f0a35e"), bold=True),
            "rule": _fmt(pick("#8a8f98", "#7c828c")),
            "emphasis": _fmt(text, italic=True),
            "strong": _fmt(text, bold=True),
            "strike": _fmt(pick("#8a8f98", "#7c828c"), strike=True),
            "link": _fmt(pick("#0b6e4f", "#7fd1ae")),
            "html": _fmt(pick("#8e3c8e", "#d59bd5")),
            "shortcode": _fmt(pick("#a0522d", "#e6a57e"), bold=True),
            "code": _fmt(pick("#9c2b2b", "#f28b82"), mono=True),
            "fence": _fmt(pick("#555d66", "#b8bec6"), mono=True),
            "front": _fmt(pick("#6b5b95", "#b9a7e6")),
            "front_key": _fmt(pick("#3b2e6e", "#d4c8ff"), bold=True),
            "comment": _fmt(pick("#8a8f98", "#7c828c"), italic=True),
        }
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        previous = self.previousBlockState()
        block_number = self.currentBlock().blockNumber()
        f = self._formats
        if block_number == 0 and text.strip() in ("+++", "---"):
            self.setFormat(0, len(text), f["front"])
            self.setCurrentBlockState(FRONT_MATTER)
            return
        if previous == FRONT_MATTER:
            self.setFormat(0, len(text), f["front"])
            if text.strip() in ("+++", "---"):
                self.setCurrentBlockState(NORMAL)
            else:
                key = re.match(r"^\s*([\w.-]+)\s*[=:]", text)
                if key:
                    self.setFormat(key.start(1), len(key.group(1)), f["front_key"])
                self.setCurrentBlockState(FRONT_MATTER)
            return
        if previous == FENCE:
            self.setFormat(0, len(text), f["fence"])
            self.setCurrentBlockState(NORMAL if _FENCE.match(text) else FENCE)
            return
        if previous == COMMENT:
            end = text.find("-->")
            self.setFormat(0, len(text) if end < 0 else end + 3, f["comment"])
            self.setCurrentBlockState(COMMENT if end < 0 else NORMAL)
            return
        self.setCurrentBlockState(NORMAL)
        if _FENCE.match(text):
            self.setFormat(0, len(text), f["fence"])
            self.setCurrentBlockState(FENCE)
            return
        if _HEADING.match(text) or (_SETEXT.match(text) and block_number > 0 and text.strip()[0] == "="):
            self.setFormat(0, len(text), f["heading"])
            return
        if _RULE.match(text):
            self.setFormat(0, len(text), f["rule"])
            return
        if _QUOTE.match(text):
            self.setFormat(0, len(text), f["quote"])
        marker = _LIST.match(text)
        if marker:
            self.setFormat(marker.start(1), len(marker.group(1)), f["list"])
        for name, pattern in _INLINE:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), f[name])
        start = text.find("<!--")
        if start >= 0:
            end = text.find("-->", start + 4)
            if end < 0:
                self.setFormat(start, len(text) - start, f["comment"])
                self.setCurrentBlockState(COMMENT)
            else:
                self.setFormat(start, end + 3 - start, f["comment"])
