"""GFM tables the way goldmark parses them and Hugo's built-in table render hook prints them.

markdown-it's table rule is kept for the parsing and adjusted where goldmark differs:
- a delimiter row with *more* cells than the header still makes a table (goldmark pads the
  header with empty cells; markdown-it refuses the table);
- a "delimiter row" of dashes alone underlines a setext heading instead;
- a header row without ``|`` is one cell (markdown-it wants a pipe in the header), even under a
  delimiter row without one (``:-``, ``-:``, ``:-:``; dashes alone underline a heading);
- cells goldmark adds to fill a short row (or the header) carry no alignment;
- Hugo's ``render-table.html`` writes ``style="text-align: left"`` (with a space) and always
  writes a ``<tbody>``, even for a table without body rows.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token


_SETEXT_UNDERLINE = re.compile(r"-+[ \t]*$")
_ENDED_PARAGRAPH = "goldmark_table_ended_paragraph"  # env key: a table found as a terminator
_AFTER_BLANK = "goldmark_tables_after_blank"  # env key: first lines of tables after a blank line
_ALIGNED_CELL = re.compile(r"[ \t]*(?::-+:?|-+:)[ \t]*$")  # a one-cell delimiter row, no pipes


def _cells(text: str) -> int:
    """How many cells a row's text has, counted as markdown-it (and goldmark) split it."""
    columns = escapedSplit(text.strip())
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return len(columns)


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _delimiter_cells(text: str) -> int:
    text = text.strip()
    if not text or set(text) - set("|-: \t"):
        return 0
    return len([c for c in text.strip("|").split("|")])


_DELIMITER_LIKE = re.compile(r"[ \t]*[|:]?[ \t]*-[-|: \t]*$")
_BLOCKS_FIRST = ("blockquote", "list", "heading", "fence", "hr", "html_block")


def _starts_other_block(state: StateBlock, line: int, end: int, inside: bool) -> bool:
    """Whether the line opens a block goldmark parses before any paragraph (and so any table);
    at a paragraph's start (not ``inside`` one), a link definition, which goldmark takes first."""
    names = _BLOCKS_FIRST if inside else (*_BLOCKS_FIRST, "reference")
    return any(rule.enabled and rule.name in names and rule.fn(state, line, end, True)
               for rule in state.md.block.ruler.__rules__)


def make_table_rule(original):
    """markdown-it's ``table`` block rule, taught goldmark's padding of a short header."""

    def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        # goldmark finds tables in paragraphs: `> a` is a quote first. A link definition comes
        # first at a paragraph's start only: not where the table just ended a paragraph.
        at_paragraph_start = not silent and state.env.get(_ENDED_PARAGRAPH) != start
        if (start + 1 < end and _DELIMITER_LIKE.match(_line(state, start + 1))
                and _starts_other_block(state, start, end, not at_paragraph_start)):
            return False
        # A paragraph's lazy lines (a list item's or a quote's, outdented or without `>`): goldmark
        # finds tables among all of a paragraph's lines, so the header, the delimiter row and the
        # body rows may be lazy. They are read as indented like the container's own lines; the
        # ones the table takes stay so (the container's block loop goes on into them).
        lazy = []
        for line in range(start, end):
            if line > start + 1 and (silent or state.isEmpty(line)):
                break
            if state.sCount[line] < state.blkIndent:
                indent = state.src[state.bMarks[line]:state.bMarks[line] + state.tShift[line]]
                if line == start + 1 and len(indent.expandtabs(4)) >= 4:
                    break  # goldmark's isTableDelim: a delimiter row indented by four is none
                lazy.append((line, state.sCount[line]))
                state.sCount[line] = state.blkIndent
        found = goldmark_table(state, start, end, silent)
        if found and silent:
            state.env[_ENDED_PARAGRAPH] = start
        if found and not silent and start > 0 and state.isEmpty(start - 1):
            state.env.setdefault(_AFTER_BLANK, set()).add(start)
        taken = (start + 2) if silent else state.line
        for line, count in lazy:
            if not found or line >= taken:
                state.sCount[line] = count
        return found

    def goldmark_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if start + 1 < end and _SETEXT_UNDERLINE.match(_line(state, start + 1)):
            return False  # goldmark makes the line above a heading before looking for tables
        if original(state, start, end, silent):
            if not silent:
                _finish(state, start)
            return True
        if start + 2 > end:
            return False
        header, delimiter = _line(state, start), _line(state, start + 1)
        if "|" in header:
            cells = _cells(header)
            missing = _delimiter_cells(delimiter) - cells
            # Empty cells before a closing pipe (markdown-it drops an empty last cell).
            pad = (" |" * missing if header.rstrip().endswith("|") else "|" + " |" * missing) \
                if missing > 0 else ""
        elif ("|" in delimiter or _ALIGNED_CELL.match(delimiter)) and header.strip():
            # goldmark: a header without pipes is 1 cell; `:-`, `-:`, `:-:` alone delimit one
            cells = 1
            pad = " |" * _delimiter_cells(delimiter)
        else:
            return False
        if cells == 0 or not pad:
            return False
        # Let markdown-it see a header with as many cells as the delimiter row, then restore.
        at = state.eMarks[start]
        saved = (state.src, list(state.bMarks), list(state.eMarks))
        state.src = state.src[:at] + pad + state.src[at:]
        state.eMarks[start] += len(pad)
        for i in range(start + 1, len(state.bMarks)):
            state.bMarks[i] += len(pad)
            state.eMarks[i] += len(pad)
        first = len(state.tokens)
        try:
            found = original(state, start, end, silent)
        finally:
            state.src, state.bMarks, state.eMarks = saved
        if found and not silent:
            _finish(state, start, first, header_cells=cells)
        return found

    return table


def _finish(state: StateBlock, start: int, first: int | None = None,
            header_cells: int | None = None) -> None:
    """Hugo's table markup on the tokens the table rule just pushed."""
    tokens = state.tokens
    if first is None:
        first = max(i for i, t in enumerate(tokens) if t.type == "table_open")
    row_cells, cell = 0, 0
    for token in tokens[first:]:
        if token.type == "tr_open":
            line = token.map[0] if token.map else start
            row_cells = header_cells if line == start and header_cells is not None \
                else _cells(_line(state, line))
            cell = 0
        elif token.type in ("th_open", "td_open"):
            style = token.attrs.get("style")
            if style and cell >= row_cells:
                del token.attrs["style"]     # a filler cell: no alignment in goldmark
            elif isinstance(style, str) and style.startswith("text-align:"):
                token.attrs["style"] = "text-align: " + style[len("text-align:"):]
            cell += 1
    if not any(t.type == "tbody_open" for t in tokens[first:]):
        at = next(i for i in range(len(tokens) - 1, first - 1, -1)
                  if tokens[i].type == "table_close")
        opening, closing = Token("tbody_open", "tbody", 1), Token("tbody_close", "tbody", -1)
        opening.block = closing.block = True
        opening.level = closing.level = tokens[at].level + 1
        tokens[at:at] = [opening, closing]


def make_list_rule(original):
    """markdown-it's ``list`` rule, with goldmark's tightness around tables.

    goldmark makes a table out of a whole paragraph and drops the paragraph, whose "blank line
    before" made the list loose; the table has none. So a blank line before a table (starting a
    paragraph) leaves a list tight where no other child or item follows a blank line.
    """

    def list_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = len(state.tokens)
        found = original(state, start, end, silent)
        tables = state.env.get(_AFTER_BLANK)
        if not found or silent or not tables or first >= len(state.tokens):
            return found
        level = state.tokens[first].level + 2  # the items' paragraphs
        paragraphs = [i for i in range(first, len(state.tokens))
                      if state.tokens[i].type == "paragraph_open" and state.tokens[i].level == level]
        if not paragraphs or state.tokens[paragraphs[0]].hidden or _loose(state, first, tables):
            return found
        for i in paragraphs:  # markdown-it's markTightParagraphs
            state.tokens[i].hidden = state.tokens[i + 2].hidden = True
        return found

    return list_rule


def _loose(state: StateBlock, first: int, tables: set[int]) -> bool:
    """goldmark's ``listParser.Close``: an item after a blank line, or an item's child (not its
    first) after a blank line, except a table that replaced its paragraph."""
    tokens = state.tokens
    item_level = tokens[first].level + 1
    items = children = 0
    for token in tokens[first + 1:]:
        if token.nesting == -1 or not token.block or not token.map:
            continue
        if token.level == item_level and token.type == "list_item_open":
            if items and token.map[0] > 0 and state.isEmpty(token.map[0] - 1):
                return True
            items, children = items + 1, 0
        elif token.level == item_level + 1:
            line = token.map[0]
            if children and line > 0 and state.isEmpty(line - 1) and line not in tables:
                return True
            children += 1
    return False
