"""The editor's raw text: exactly what the writer's file holds, kept beside Qt's document.

``QPlainTextEdit`` normalises what it hands back: ``toPlainText()`` turns no-break spaces into
spaces and U+2028/U+2029 into newlines, and its document keeps no line endings at all (``\\r\\n``,
a lone ``\\r``, ``\\n`` and U+2029 all become one block separator). So the editor never reads its
text back from Qt. It keeps the raw text as a list of lines (each with its own ending) aligned with
Qt's blocks, and applies each edit Qt reports (``contentsChange``) to the lines it touched: what the
writer did not touch keeps its code points and its line endings.

No Qt here: positions are Qt's (UTF-16 code units, one unit per block separator), text inserted is
what Qt reports (U+2029 between blocks). The widget glue is in :mod:`recap_editor.ui.editor`.
"""

from __future__ import annotations

import re

PARAGRAPH = "\u2029"   # what Qt's selectedText() puts between blocks
# What QTextCursor::insertText (and so setPlainText) takes as a block separator; "\r\n" is one.
_SEPARATORS = "\n\r\u2029\ufdd0\ufdd1"
_LINE = re.compile(f"[^{_SEPARATORS}]*(?:\r\n|[{_SEPARATORS}])")
_KEPT_ENDINGS = ("\n", "\r\n", "\r")   # endings a new line may copy (not U+2029 or U+FDD0/1)


def split_lines(text: str) -> list[str]:
    """``text`` cut where Qt starts a new block; each line keeps its ending; the last has none."""
    lines = _LINE.findall(text)
    consumed = sum(map(len, lines))
    lines.append(text[consumed:])
    return lines


def ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line and line[-1] in _SEPARATORS:
        return line[-1]
    return ""


def units(text: str) -> int:
    """Length in UTF-16 code units (what Qt counts)."""
    if text.isascii() or max(text) <= "\uffff":
        return len(text)
    return len(text) + sum(1 for ch in text if ch > "\uffff")


def index_of_units(text: str, count: int) -> int:
    """The index in ``text`` that is ``count`` UTF-16 units from its start."""
    if text.isascii() or max(text, default="\0") <= "\uffff":
        return min(count, len(text))
    seen = 0
    for index, ch in enumerate(text):
        if seen >= count:
            return index
        seen += 2 if ch > "\uffff" else 1
    return len(text)


def qt_position(text: str, index: int) -> int:
    """The Qt position of index ``index`` of a raw text (each line ending counts one unit)."""
    head = text[:index]
    return units(head) - head.count("\r\n")


_WORD = re.compile(r"[\w'’-]+")


def count_words(text: str) -> int:
    """Words as the status bar counts them (runs of letters, digits, apostrophes and hyphens)."""
    return len(_WORD.findall(text))


class RawLines:
    """The raw text as lines aligned with Qt's blocks (line ``i`` is block ``i``).

    The whole text is kept too and patched per edit (one copy, no join of every line), and each
    line's word count, so a keystroke in a 20 MB post costs the edited lines, not the post."""

    def __init__(self, text: str = "") -> None:
        self.lines = split_lines(text)
        self._text = text
        self._words: int | None = None

    def text(self) -> str:
        return self._text

    def words(self) -> int:
        """Words in the whole text: counted once, then kept up to date edit by edit (no word
        crosses a line ending, so an edit changes the count of its own lines only)."""
        if self._words is None:
            self._words = count_words(self._text)
        return self._words

    def __len__(self) -> int:
        return len(self.lines)

    def content(self, index: int) -> str:
        line = self.lines[index]
        return line[: len(line) - len(ending(line))]

    def apply(self, block: int, column: int, removed: int, inserted: str) -> None:
        """Apply one Qt edit: at ``column`` (units) of ``block``, ``removed`` units went and
        ``inserted`` (Qt's text, U+2029 between blocks) came. Lines the edit did not reach keep
        their bytes; lines it reached keep their endings where their blocks survive."""
        lines = self.lines
        block = min(block, len(lines) - 1)
        first = self.content(block)
        start_col = index_of_units(first, column)
        # Walk the removed units forward over contents and separators.
        end_block, left = block, removed
        offset = units(first[:start_col])
        while True:
            content = self.content(end_block)
            available = units(content) - offset
            if left <= available or not ending(lines[end_block]) or end_block + 1 >= len(lines):
                end_col = index_of_units(content, offset + min(left, max(available, 0)))
                break
            left -= available + 1          # the contents, then the separator
            end_block += 1
            offset = 0
        old_contents = [self.content(i) for i in range(block, end_block + 1)]
        new_contents = (old_contents[0][:start_col] + inserted
                        + old_contents[-1][end_col:]).split(PARAGRAPH)
        if new_contents == old_contents:
            return   # Qt re-reported an unchanged range (a highlighter marking text dirty)
        old_endings = [ending(lines[i]) for i in range(block, end_block + 1)]
        new_endings = self._endings(old_contents, old_endings, new_contents, block)
        new_lines = [c + e for c, e in zip(new_contents, new_endings)]
        before = lines[block - 1] if block > 0 else ""
        for i, line in enumerate(new_lines):
            # A lone CR followed by an empty LF line would read back as ONE CRLF ending: the
            # writer sees two lines, so the new empty line ends with a CR too.
            if line == "\n" and ending(new_lines[i - 1] if i else before) == "\r":
                new_lines[i] = "\r"
        start = sum(map(len, lines[:block]))
        old_length = sum(map(len, lines[block:end_block + 1]))
        self._text = self._text[:start] + "".join(new_lines) + self._text[start + old_length:]
        if self._words is not None:
            self._words += sum(map(count_words, new_lines)) - sum(
                map(count_words, lines[block:end_block + 1]))
        lines[block:end_block + 1] = new_lines

    def _endings(self, old: list[str], old_endings: list[str], new: list[str],
                 block: int) -> list[str]:
        """Endings for the new lines: unchanged lines at either side keep theirs, the last keeps
        the region's last (it was never removed), a new line copies the line it was split from."""
        endings = [""] * len(new)
        endings[-1] = old_endings[-1]
        head = 0
        while head < min(len(old), len(new)) - 1 and old[head] == new[head]:
            endings[head] = old_endings[head]
            head += 1
        tail = 1
        while (tail < min(len(old), len(new)) - head
               and old[-1 - tail] == new[-1 - tail]):
            endings[-1 - tail] = old_endings[-1 - tail]
            tail += 1
        middle_old = old_endings[head:len(old) - tail]
        middle_new = range(head, len(new) - tail)
        if len(middle_old) == len(middle_new):   # as many lines as before: pairwise
            for i, e in zip(middle_new, middle_old):
                endings[i] = e
            return endings
        fallback = next((e for e in (*old_endings, self._ending_before(block))
                         if e in _KEPT_ENDINGS), "\n")
        for i in middle_new:
            endings[i] = fallback
        return endings

    def _ending_before(self, block: int) -> str:
        return ending(self.lines[block - 1]) if block > 0 else "\n"
