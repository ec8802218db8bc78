"""The triage grid: a roll's thumbnails in capture order, one section per moment, picked with the keys.

One painted widget (not 200 child widgets): it lays the tiles out for its width, paints only the
ones in view, and decodes a thumbnail the first time it is painted. A stack of near-duplicates
shows as its best shot with a count; ``E`` opens the stack in line (best first). Screenshots and
slides gather in their own section at the end.

Keys: arrows move, Space picks/unpicks, 1-5 set stars (0 clears), E opens/closes a stack,
Enter asks for the large view (``open_requested``). Picks keep the order they were made in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:
    from recap_editor.photos.triage import TriageResult

TILE_W, TILE_H = 184, 164
THUMB_H = 124
GAP = 8
HEADER_H = 30
MARGIN = 10
MARK_COLOURS = {"blurred": "#c0392b", "overexposed": "#d35400", "underexposed": "#5d4e8c",
                "screenshot": "#2471a3", "slide": "#2471a3"}


@dataclass
class _Section:
    label: str
    entries: list[int]     # roll indexes shown, in order
    top: int = 0           # y of the header


class TriageGrid(QWidget):
    current_changed = Signal(int)      # roll index
    picks_changed = Signal()
    open_requested = Signal(int)       # roll index (Enter, double-click)
    stars_changed = Signal(int, int)   # roll index, stars 0-5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("triageGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.result: TriageResult | None = None
        self.picked: list[int] = []          # in the order picked
        self.stars: dict[int, int] = {}
        self.expanded: set[int] = set()      # stack numbers shown in full
        self.expand_all = False
        self.current = -1
        self._sections: list[_Section] = []
        self._rects: dict[int, QRect] = {}
        self._order: list[int] = []          # every shown entry, in reading order
        self._pixmaps: dict[int, QPixmap] = {}
        self._columns = 1

    # -- content ---------------------------------------------------------------------------------
    def set_result(self, result: TriageResult) -> None:
        self.result = result
        self.picked = [i for i in self.picked if i < len(result.photos)]
        self.stars = {i: p.stars for i, p in enumerate(result.photos) if p.stars}
        self._pixmaps.clear()
        self._rebuild()
        if self._order:
            self.set_current(self._order[0])

    def _stack_entries(self, stack_number: int) -> list[int]:
        stack = self.result.stacks[stack_number]
        if self.expand_all or stack_number in self.expanded:
            return list(stack.members)
        return [stack.best]

    def _rebuild(self) -> None:
        result = self.result
        sections: list[_Section] = []
        screens: list[int] = []
        seen: set[int] = set()
        for moment in result.moments if result else []:
            entries: list[int] = []
            count = 0
            for index in range(moment.start, moment.end):
                photo = result.photos[index]
                target = screens if photo.is_screen else entries
                count += not photo.is_screen
                if photo.stack not in seen:
                    seen.add(photo.stack)
                    target.extend(self._stack_entries(photo.stack))
            if entries:
                sections.append(_Section(f"{moment.label}  ·  {count} photo{'s' * (count != 1)}", entries))
        if screens:
            sections.append(_Section(f"Screenshots and slides  ·  {len(screens)}", screens))
        self._sections = sections
        self._order = [i for s in sections for i in s.entries]
        if self.current not in self._order and self.result is not None and self.current >= 0:
            stack = self.result.photos[self.current].stack
            self.current = self.result.stacks[stack].best if stack >= 0 else -1
        self._relayout()

    def _relayout(self) -> None:
        width = max(self.width(), TILE_W + 2 * MARGIN)
        self._columns = max(1, (width - 2 * MARGIN + GAP) // (TILE_W + GAP))
        y = MARGIN
        self._rects.clear()
        for section in self._sections:
            section.top = y
            y += HEADER_H
            for n, index in enumerate(section.entries):
                row, col = divmod(n, self._columns)
                self._rects[index] = QRect(MARGIN + col * (TILE_W + GAP), y + row * (TILE_H + GAP), TILE_W, TILE_H)
            rows = (len(section.entries) + self._columns - 1) // self._columns
            y += rows * (TILE_H + GAP) + GAP
        self.setMinimumHeight(y + MARGIN)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(6 * (TILE_W + GAP) + 2 * MARGIN, self.minimumHeight())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._sections and (self.width() - 2 * MARGIN + GAP) // (TILE_W + GAP) != self._columns:
            self._relayout()

    def shown_entries(self) -> list[int]:
        return list(self._order)

    def tile_rect(self, index: int) -> QRect | None:
        return self._rects.get(index)

    # -- picking ------------------------------------------------------------------------------
    def set_current(self, index: int) -> None:
        if index == self.current or index not in self._rects:
            return
        self.current = index
        self.update()
        self.current_changed.emit(index)

    def toggle_pick(self, index: int | None = None) -> None:
        index = self.current if index is None else index
        if index < 0:
            return
        if index in self.picked:
            self.picked.remove(index)
        else:
            self.picked.append(index)
        self.update()
        self.picks_changed.emit()

    def pick(self, indexes: list[int]) -> None:
        self.picked += [i for i in indexes if i not in self.picked]
        self.update()
        self.picks_changed.emit()

    def clear_picks(self) -> None:
        self.picked.clear()
        self.update()
        self.picks_changed.emit()

    def set_stars(self, count: int, index: int | None = None) -> None:
        index = self.current if index is None else index
        if index < 0:
            return
        if count:
            self.stars[index] = count
        else:
            self.stars.pop(index, None)
        self.update()
        self.stars_changed.emit(index, count)

    def toggle_stack(self, index: int | None = None) -> None:
        index = self.current if index is None else index
        if index < 0 or self.result is None:
            return
        stack = self.result.photos[index].stack
        self.expanded ^= {stack}
        self._rebuild()

    def set_expand_all(self, on: bool) -> None:
        self.expand_all = on
        self._rebuild()

    # -- keys and mouse --------------------------------------------------------------------------
    def _move(self, step: int) -> None:
        if not self._order:
            return
        if self.current not in self._order:
            self.set_current(self._order[0])
            return
        position = max(0, min(len(self._order) - 1, self._order.index(self.current) + step))
        self.set_current(self._order[position])

    def _move_vertically(self, down: bool) -> None:
        """The tile above/below: the nearest column in the next row of tiles (across sections)."""
        here = self._rects.get(self.current)
        if here is None:
            self._move(0)
            return
        rows = sorted({r.top() for r in self._rects.values()})
        position = rows.index(here.top()) + (1 if down else -1)
        if not 0 <= position < len(rows):
            return
        row_top = rows[position]
        candidates = [(abs(r.left() - here.left()), i) for i, r in self._rects.items() if r.top() == row_top]
        self.set_current(min(candidates)[1])

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key == Qt.Key.Key_Right:
            self._move(1)
        elif key == Qt.Key.Key_Left:
            self._move(-1)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move_vertically(key == Qt.Key.Key_Down)
        elif key == Qt.Key.Key_Home:
            self._move(-len(self._order))
        elif key == Qt.Key.Key_End:
            self._move(len(self._order))
        elif key == Qt.Key.Key_Space:
            self.toggle_pick()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.current >= 0:
                self.open_requested.emit(self.current)
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_5 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.set_stars(key - Qt.Key.Key_0)
        elif key == Qt.Key.Key_E:
            self.toggle_stack()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def index_at(self, point) -> int:
        for index, rect in self._rects.items():
            if rect.contains(point):
                return index
        return -1

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        index = self.index_at(event.position().toPoint())
        if index >= 0:
            self.set_current(index)
            check = self._check_rect(self._rects[index])
            if check.contains(event.position().toPoint()) or event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.toggle_pick(index)
        self.setFocus()

    def event(self, event) -> bool:  # noqa: D102 - Qt override
        if event.type() == QEvent.Type.ToolTip and self.result is not None:
            index = self.index_at(event.pos())
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.describe(index), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def describe(self, index: int) -> str:
        """Why a shot is (not) suggested: its numbers, as the tooltip and the CLI show them."""
        photo = self.result.photos[index]
        s = photo.scores
        stack = self.result.stacks[photo.stack]
        lines = [photo.path.name, f"taken {photo.capture.date} {photo.capture.clock}"
                 + (" (file time)" if photo.capture.source == "file" else ""),
                 f"{photo.size[0]}×{photo.size[1]} {photo.image_format}",
                 f"sharpness {s.sharpness:.0f}; clipped highlights {s.highlights:.0%}, shadows {s.shadows:.0%}"]
        if len(stack.members) > 1:
            lines.append(f"shot {stack.members.index(index) + 1} of {len(stack.members)} in its stack (best first)")
        if index in self.result.suggested:
            lines.append("suggested")
        return "\n".join(lines + [f"marked {m}" for m in photo.marks])

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        index = self.index_at(event.position().toPoint())
        if index >= 0:
            self.open_requested.emit(index)

    # -- painting ----------------------------------------------------------------------------------
    @staticmethod
    def _check_rect(tile: QRect) -> QRect:
        return QRect(tile.right() - 30, tile.top() + 6, 24, 24)

    def _pixmap(self, index: int) -> QPixmap:
        pixmap = self._pixmaps.get(index)
        if pixmap is None:
            image = QImage.fromData(self.result.photos[index].thumb_jpeg)
            pixmap = QPixmap.fromImage(image.scaled(TILE_W - 8, THUMB_H, Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation))
            self._pixmaps[index] = pixmap
        return pixmap

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Base))
        if self.result is None:
            return
        header_font = QFont(self.font())
        header_font.setBold(True)
        header_font.setPointSizeF(header_font.pointSizeF() * 1.1)
        for section in self._sections:
            header = QRect(MARGIN, section.top, self.width() - 2 * MARGIN, HEADER_H - 6)
            if header.intersects(event.rect()):
                painter.setFont(header_font)
                painter.setPen(palette.color(QPalette.ColorRole.Text))
                painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, section.label)
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
                painter.drawLine(header.left(), header.bottom() + 2, header.right(), header.bottom() + 2)
        painter.setFont(self.font())
        for index, rect in self._rects.items():
            if rect.intersects(event.rect()):
                self._paint_tile(painter, index, rect, palette)

    def _paint_tile(self, painter: QPainter, index: int, rect: QRect, palette: QPalette) -> None:
        photo = self.result.photos[index]
        stack = self.result.stacks[photo.stack]
        picked = index in self.picked
        highlight = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        background = palette.color(QPalette.ColorRole.AlternateBase)
        if len(stack.members) > 1 and (self.expand_all or photo.stack in self.expanded):
            background = background.darker(108)   # the members of an open stack share a tint
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        pixmap = self._pixmap(index)
        x = rect.left() + (rect.width() - pixmap.width()) // 2
        y = rect.top() + 4 + (THUMB_H - pixmap.height()) // 2
        if photo.marks:
            painter.setOpacity(0.55)   # marked, not hidden
        painter.drawPixmap(x, y, pixmap)
        painter.setOpacity(1.0)
        if picked or index == self.current:
            pen = QPen(highlight if picked else palette.color(QPalette.ColorRole.Text), 4 if picked else 2)
            if index == self.current and picked:
                pen.setColor(highlight.darker(130))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(2, 2, -2, -2), 6, 6)
        if index in self.result.suggested:
            painter.setPen(QPen(QColor("#f1c40f"), 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(6, 6, -6, -6 - (TILE_H - THUMB_H - 8)), 4, 4)
        check = self._check_rect(rect)
        painter.setPen(QPen(QColor("white"), 2))
        painter.setBrush(highlight if picked else QColor(0, 0, 0, 90))
        painter.drawEllipse(check)
        if picked:
            painter.drawText(check, Qt.AlignmentFlag.AlignCenter, str(self.picked.index(index) + 1))
        tags = ([photo.kind] if photo.is_screen else []) + photo.marks
        tag_y = rect.top() + THUMB_H - 16
        for tag in tags:
            width = painter.fontMetrics().horizontalAdvance(tag) + 10
            tag_rect = QRect(rect.left() + 8, tag_y, width, 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(MARK_COLOURS.get(tag, "#555")))
            painter.drawRoundedRect(QRectF(tag_rect), 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag)
            tag_y -= 21
        if len(stack.members) > 1 and index == stack.best and not (self.expand_all or photo.stack in self.expanded):
            badge = QRect(rect.right() - 42, rect.top() + THUMB_H - 16, 36, 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 160))
            painter.drawRoundedRect(QRectF(badge), 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"×{len(stack.members)}")
        stars = self.stars.get(index, 0)
        if stars:
            painter.setPen(QColor("#f1c40f"))
            painter.drawText(QRect(rect.left() + 8, rect.top() + 6, 90, 18),
                             Qt.AlignmentFlag.AlignLeft, "★" * stars)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        caption = QRect(rect.left() + 6, rect.top() + THUMB_H + 8, rect.width() - 12, TILE_H - THUMB_H - 10)
        name = painter.fontMetrics().elidedText(photo.path.name, Qt.TextElideMode.ElideMiddle, caption.width() - 44)
        painter.drawText(caption, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, name)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(caption, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, photo.capture.clock)
