"""Incremental rendering: re-parse only the blocks an edit touched, reuse every other block.

Why it is exact: markdown-it's block parser keeps no state between top-level blocks, so parsing
from the start of a top-level block gives the same blocks as the whole-document parse from there
on. An edit is re-parsed from the block *before* the first changed line (the edit may join it, e.g.
a lazy continuation) until the new parse starts a block exactly where an old block after the edit
started: from there on, old and new parses agree. What an edit can change elsewhere is handled
globally: reference definitions and footnotes (numbered across the document) fall back to a full
render; heading ids are de-duplicated across the document, and blocks whose ids moved re-render.

Definitions for the preview (``RenderUpdate``):
- ``fragment``: the published HTML, always equal to ``render_fragment(markdown, options)``;
- ``html``: the preview HTML, equal to ``render_preview(markdown, options)``: each block's HTML
  with its URLs resolved (`preview.resolve_urls`), prefixed by ``<!--block KEY-->`` and with
  ``data-source-line`` (a line of the whole file, via ``line_offset``) on its first element;
  ``preview.strip_preview(html) == fragment`` when URL resolution is off.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property

from recap_editor.render import preview
from recap_editor.render.markdown import (RAW_HTML_OMITTED, SUMMARY_DIVIDER, ParsedBlock,
                                          heading_ids, parse_blocks, render_block,
                                          render_fragment)
from recap_editor.render.options import GOLDMARK, RenderOptions
from recap_editor.render.textdiff import ShiftedInts, common_prefix, common_suffix



@dataclass
class Block:
    key: str      # stable while the block's text (and its heading ids) are unchanged
    line: int     # 1-based line in the whole file (line_offset + line in the body)
    html: str     # preview HTML of the block (marker, data-source-line, resolved URLs)


@dataclass
class RenderUpdate:
    """One update; ``blocks``/``html``/``fragment`` are built on first use (they are O(document))."""
    changed: list[Block]
    full: bool                          # True when it fell back to a full render
    replace_all: bool = False           # raw HTML spans blocks: a DOM patch must replace the body
    _keys: list[str] = field(default_factory=list, repr=False)
    _parts: list[tuple[str, str | None]] = field(default_factory=list, repr=False)
    _line_state: tuple = field(default=((), 0, 0, 0), repr=False)  # values, pivot, delta, offset
    _published: list[str] = field(default_factory=list, repr=False)

    @cached_property
    def _lines(self) -> list[int]:
        values, pivot, delta, offset = self._line_state
        return [v + offset for v in values[:pivot]] + [v + offset + delta for v in values[pivot:]]

    @cached_property
    def raw_html_omitted(self) -> bool:
        """The site drops raw HTML (``unsafe`` off) and this post has some: say so in the preview."""
        return any(RAW_HTML_OMITTED in html for html in self._published)

    @cached_property
    def blocks(self) -> list[Block]:
        return [Block(k, line, preview.join(h, t, line))
                for k, (h, t), line in zip(self._keys, self._parts, self._lines)]

    @cached_property
    def html(self) -> str:
        return "".join(preview.join(h, t, line) for (h, t), line in zip(self._parts, self._lines))

    @cached_property
    def fragment(self) -> str:
        return "".join(self._published)

    @property
    def order(self) -> list[tuple[str, int]]:
        """(key, line) of every block in order: what a DOM patch needs besides ``changed``."""
        return list(zip(self._keys, self._lines))


def render_preview(markdown: str, options: RenderOptions, line_offset: int = 0) -> str:
    """The preview body HTML of a whole document, rendered from scratch."""
    return IncrementalRenderer(options, line_offset).update(markdown).html


_RENDERER_SERIAL = itertools.count(1)


class IncrementalRenderer:
    def __init__(self, options: RenderOptions, line_offset: int = 0) -> None:
        self.options = options
        self.line_offset = line_offset  # body_line - 1: data-source-line is a line of the file
        self._serial = itertools.count(1)
        # Keys are unique across renderers: a patch made by one post's renderer can never match
        # the blocks of a page another renderer (another post) produced.
        self._key_prefix = f"r{next(_RENDERER_SERIAL)}k"
        self._text: str | None = None
        self._reset()

    def _reset(self) -> None:
        self._blocks: list[ParsedBlock] = []
        self._ids: list[list[str]] = []
        self._keys: list[str] = []
        self._published: list[str] = []
        self._parts: list[tuple[str, str | None]] = []
        self._gap: list[bool] = []            # non-blank text before the block (definitions)
        self._unbalanced: list[bool] = []
        self._lengths: list[int] = []
        self._starts = ShiftedInts([])
        self._lines = ShiftedInts([])
        self._env: dict = {}
        self._global = False                  # definitions/footnotes: every edit renders fully
        self._divider = -1
        self._unbalanced_count = 0

    def _new_key(self) -> str:
        return f"{self._key_prefix}{next(self._serial)}"

    # ------------------------------------------------------------------------------------ API
    def update(self, markdown: str) -> RenderUpdate:
        if "\r" in markdown:
            markdown = markdown.replace("\r\n", "\n")
        old = self._text
        if self.options.dialect != GOLDMARK:
            return self._python_markdown(markdown)
        if old is None or self._global:
            return self._full(markdown)
        if old == markdown:
            return self._result([], full=False)
        p = common_prefix(old, markdown)
        s = common_suffix(old, markdown, min(len(old), len(markdown)) - p)
        result = self._incremental(markdown, p, len(old) - s, len(markdown) - s)
        return result if result is not None else self._full(markdown)

    # ----------------------------------------------------------------------------- internals
    def _find(self, offset: int) -> int:
        """Index of the last block starting at or before ``offset`` (-1 if none)."""
        lo, hi = 0, len(self._starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def _incremental(self, new: str, p: int, old_end: int, new_end: int) -> RenderUpdate | None:
        old = self._text
        delta = len(new) - len(old)
        # Hugo drops the first <!--more-->: a full render when the edit changes which one that is.
        size, old_divider = len(SUMMARY_DIVIDER), self._divider
        if old_divider >= 0 and p < old_divider + size and old_end > old_divider:
            return None
        if (old_divider < 0 or old_divider >= old_end) and \
                new.find(SUMMARY_DIVIDER, max(p - size, 0), new_end + size) >= 0:
            return None
        divider = old_divider if old_divider < p else old_divider + delta
        n = len(self._blocks)
        line_start = old.rfind("\n", 0, p) + 1
        i0 = self._find(line_start)
        # An edit in a block's first two lines may change where the block before it ends (lazy
        # continuation; a table header needs the delimiter row under it): re-parse that one too.
        if i0 >= 0 and old.count("\n", self._starts[i0], line_start) < 2:
            i0 -= 1
        i0 = max(i0, 0)
        start = self._starts[i0] if i0 > 0 else 0
        first_line = self._lines[i0] if i0 > 0 else 0
        k = self._find(old_end - 1) + 1 if old_end > 0 else 0  # first block starting after edit
        while k < n and self._starts[k] < old_end:
            k += 1
        for extra in (1, 4, 16, 64):
            stop = min(k + extra, n)
            if stop >= n:
                end = len(new)
            else:
                # Blocks before the last candidate only ever look two lines into it.
                last = self._starts[stop - 1] + delta
                end = last
                for _ in range(3):
                    nl = new.find("\n", end, last + self._lengths[stop - 1])
                    end = last + self._lengths[stop - 1] if nl < 0 else nl + 1
            end = max(end, new_end)
            if any(self._gap[i] for i in range(i0, stop)) or (stop < n and self._gap[stop]):
                return None
            divider_in = divider - start if start <= divider < end else -1
            quotes = self._blocks[i0].quotes if self._blocks else (0, 0)
            parse = parse_blocks(new[start:end], self.options, self._env_for_slice(), divider_in,
                                 quotes)
            if parse.definitions or parse.footnotes or parse.open_shortcode or \
                    parse.numbered_fences:
                return None
            old_starts = {self._starts[m] + delta - start: m for m in range(k, stop)}
            for r, block in enumerate(parse.blocks):
                m = old_starts.get(block.start)
                if m is not None and block.start + start >= new_end:
                    if block.quotes != self._blocks[m].quotes:
                        return None  # an unclosed quote now reaches later blocks differently
                    return self._splice(new, i0, m, parse.blocks[:r], start, first_line, p,
                                        old_end, new_end)
            if stop >= n:
                return self._splice(new, i0, n, parse.blocks, start, first_line, p, old_end,
                                    new_end)
        return None

    def _env_for_slice(self) -> dict:
        env = {}
        if "references" in self._env:
            env["references"] = dict(self._env["references"])
        return env

    def _splice(self, new: str, a: int, b: int, parsed: list[ParsedBlock], start: int,
                first_line: int, p: int, old_end: int, new_end: int) -> RenderUpdate:
        old = self._text
        # The summary divider did not move relative to the text around it (else: full render).
        new_divider = self._divider if self._divider < p else self._divider + len(new) - len(old)
        for block in parsed:
            block.start += start
            block.end += start
            block.line += first_line
        removed_bases = [(base, ex) for blk in self._blocks[a:b] for _, base, ex in blk.headings]
        added_bases = [(base, ex) for blk in parsed for _, base, ex in blk.headings]
        reused = {}
        for i in range(a, b):
            reused.setdefault((old[self._starts[i]:self._starts[i] + self._lengths[i]],
                               tuple(self._ids[i]), self._blocks[i].quotes,
                               self._starts[i] <= self._divider < self._starts[i] + self._lengths[i]),
                              i)
        if removed_bases == added_bases:
            flat = [x for ids in self._ids[a:b] for x in ids]
            new_ids, rest = [], iter(flat)
            for block in parsed:
                new_ids.append([next(rest) for _ in block.headings])
            moved: list[int] = []
        else:
            new_ids, moved = None, []
        # Lists and per-block data for the new blocks.
        line_shift = new.count("\n", p, new_end) - old.count("\n", p, old_end)
        shift = len(new) - len(old)
        for unb in self._unbalanced[a:b]:
            self._unbalanced_count -= unb
        self._blocks[a:b] = parsed
        if new_ids is None:
            all_ids = heading_ids(self._blocks)  # headings changed: de-duplicate again
            new_ids = all_ids[a:a + len(parsed)]
            old_ids = self._ids[:a] + [None] * len(parsed) + self._ids[b:]
            moved = [i for i, (x, y) in enumerate(zip(all_ids, old_ids))
                     if y is not None and x != y]
            self._ids[a:b] = new_ids
            for i in moved:
                self._ids[i] = all_ids[i]
        else:
            self._ids[a:b] = new_ids
        keys, published, parts, gaps, unbalanced, lengths, changed_idx = [], [], [], [], [], [], []
        previous_end = self._starts[a - 1] + self._lengths[a - 1] if a > 0 else 0
        env: dict = {}
        for j, (block, ids) in enumerate(zip(parsed, new_ids)):
            text = new[block.start:block.end]
            hit = reused.pop((text, tuple(ids), block.quotes,
                              block.start <= new_divider < block.end), None)
            if hit is not None:
                keys.append(self._keys[hit])
                published.append(self._published[hit])
                parts.append(self._parts[hit])
                unbalanced.append(self._unbalanced[hit])
            else:
                html = render_block(block, ids, self.options, env)
                key = self._new_key()
                keys.append(key)
                published.append(html)
                parts.append(preview.decorate(html, key, self.options))
                unbalanced.append(_unbalanced(block, html))
                changed_idx.append(a + j)
            gaps.append(bool(new[previous_end:block.start].strip()))
            previous_end = block.end
            lengths.append(block.end - block.start)
        self._keys[a:b], self._published[a:b], self._parts[a:b] = keys, published, parts
        self._gap[a:b], self._unbalanced[a:b], self._lengths[a:b] = gaps, unbalanced, lengths
        self._unbalanced_count += sum(unbalanced)
        self._starts.splice(a, b, [blk.start for blk in parsed], shift)
        self._lines.splice(a, b, [blk.line for blk in parsed], line_shift)
        for i in moved:  # heading ids de-duplicated differently: re-render those blocks
            html = render_block(self._blocks[i], self._ids[i], self.options, env)
            self._keys[i] = key = self._new_key()
            self._published[i] = html
            self._parts[i] = preview.decorate(html, key, self.options)
            changed_idx.append(i)
        self._text = new
        self._divider = new_divider
        return self._result(sorted(changed_idx), full=False)

    def _full(self, markdown: str) -> RenderUpdate:
        previous = {}
        for i in range(len(self._keys)):
            text = self._text[self._starts[i]:self._starts[i] + self._lengths[i]]
            divided = self._starts[i] <= self._divider < self._starts[i] + self._lengths[i]
            previous.setdefault((text, tuple(self._ids[i]), self._blocks[i].quotes, divided), i)
        old_keys, old_published, old_parts = self._keys, self._published, self._parts
        # A block's HTML depends on more than its text when definitions or footnotes exist.
        old_global = self._global
        self._reset()
        self._text = markdown
        self._divider = markdown.find(SUMMARY_DIVIDER)
        self._env = {}
        parse = parse_blocks(markdown, self.options, self._env, self._divider)
        self._global = parse.definitions or parse.footnotes or parse.numbered_fences
        self._blocks = parse.blocks
        self._ids = heading_ids(parse.blocks)
        env: dict = {}
        changed_idx, previous_end = [], 0
        starts, lines = [], []
        for i, (block, ids) in enumerate(zip(parse.blocks, self._ids)):
            text = markdown[block.start:block.end]
            hit = previous.pop((text, tuple(ids), block.quotes,
                                block.start <= self._divider < block.end), None)
            if hit is not None and not self._global and not old_global:
                key, html, parts = old_keys[hit], old_published[hit], old_parts[hit]
            else:
                html = render_block(block, ids, self.options, env)
                key = self._new_key()
                parts = preview.decorate(html, key, self.options)
                changed_idx.append(i)
            self._keys.append(key)
            self._published.append(html)
            self._parts.append(parts)
            self._gap.append(bool(markdown[previous_end:block.start].strip()))
            previous_end = block.end
            self._unbalanced.append(_unbalanced(block, html))
            self._lengths.append(block.end - block.start)
            starts.append(block.start)
            lines.append(block.line)
        self._unbalanced_count = sum(self._unbalanced)
        self._starts, self._lines = ShiftedInts(starts), ShiftedInts(lines)
        return self._result(changed_idx, full=True)

    def _python_markdown(self, markdown: str) -> RenderUpdate:
        """Python-Markdown has no source map: one block, rendered whole on every change."""
        if markdown == self._text:
            return self._result([], full=False)
        self._reset()
        self._text = markdown
        html = render_fragment(markdown, self.options)
        key = self._new_key()
        self._keys, self._published = [key], [html]
        self._parts = [preview.decorate(html, key, self.options)]
        self._starts, self._lines = ShiftedInts([0]), ShiftedInts([0])
        self._lengths = [len(markdown)]
        return self._result([0], full=True)

    def _result(self, changed_idx: list[int], full: bool) -> RenderUpdate:
        offset = self.line_offset + 1
        changed = []
        for i in changed_idx:
            line = self._lines[i] + offset
            changed.append(Block(self._keys[i], line, preview.join(*self._parts[i], line)))
        return RenderUpdate(changed=changed, full=full, replace_all=self._unbalanced_count > 0,
                            _keys=list(self._keys), _parts=list(self._parts),
                            _line_state=(*self._lines.snapshot(), offset),
                            _published=list(self._published))


def _unbalanced(block: ParsedBlock, html: str) -> bool:
    return block.tokens[0].type == "html_block" and not preview.is_balanced(html)
