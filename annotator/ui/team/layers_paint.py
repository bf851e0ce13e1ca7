"""Drawing the layers of other annotators over an article, and their legend.

The primary layer is drawn by the character formats as always (highlight.py). Each other shown
layer is drawn here, after the text: a tag-coloured underline under each line of a span, with
the layer's own dash pattern and depth below the baseline (within the font's descent: never
through the letters), and short upward ticks at the span's
two ends (so that two spans side by side, or one inside another, show where each begins).
The gold layer (GOLD_STYLE) is drawn instead as a thin dark box in the tag's colour around each
line of a span, open where the span runs on to the next line: it stands apart from the
underlines and lets a coder's fill or underline show inside it.
Only the spans on screen are drawn.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QIcon, QPainter, QPen, QPixmap

from ...domain.comparison.links import NOT_ARTICLE
from .layers import GOLD_STYLE

# Dash patterns in pen widths: solid, dashes, dots, dash-dot, long dash-dot-dot; with the two
# depths (a layer's style picks each by its own count), ten looks before one comes again.
DASHES: tuple[tuple[float, ...], ...] = ((), (3.5, 2.0), (0.8, 1.4), (4.0, 1.5, 0.8, 1.5),
                                         (6.0, 1.5, 0.8, 1.5, 0.8, 1.5))
DEPTHS = (0.75, 0.3)  # below the baseline, in parts of the font's descent (deep, shallow)
WIDTH = 1.7
TICK = 4.0
GOLD_DARKER = 165  # the gold box: the tag's colour this much darker (QColor.darker)
GOLD_WIDTH = 1.2


def pen_for(style: int, color: QColor) -> QPen:
    pen = QPen(color, WIDTH)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    dashes = DASHES[style % len(DASHES)]
    if dashes:
        pen.setDashPattern(list(dashes))
    return pen


def height_of(style: int, descent: float) -> float:
    """How far above the bottom of a line (its descent below the baseline) the layer's
    underline runs."""
    return descent * (1 - DEPTHS[style % len(DEPTHS)])


def underline_y(rect: QRectF, lift: float) -> float:
    """The row of an underline ``lift`` above the bottom of a line, on a pixel's middle (a
    line between two rows of pixels is drawn as two pale ones)."""
    return math.floor(rect.bottom() - lift) + 0.5


def visible_range(view) -> tuple[int, int]:
    """The code points on screen (whole blocks)."""
    first = view.firstVisibleBlock()
    viewport = view.viewport()
    last = view.cursorForPosition(QPoint(viewport.width(), viewport.height())).block()
    start = view.offsets.to_codepoint(first.position()) if first.isValid() else 0
    end_u16 = last.position() + last.length() - 1 if last.isValid() else view.offsets.length_u16
    return start, view.offsets.to_codepoint(min(end_u16, view.offsets.length_u16))


def paint_layers(view) -> None:
    """Underline the spans of the view's other shown layers (view.layer_styles) on screen."""
    styles = view.layer_styles
    start, end = visible_range(view)
    if end <= start:
        return
    spans = [a for a in view.store.overlapping(start, end)
             if a.annotator != view.layer_primary and a.tag != NOT_ARTICLE]
    if not spans:
        return
    painter = QPainter(view.viewport())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    palette = view.palette_
    descent = QFontMetricsF(view.font()).descent()
    for a in spans:
        style = styles.get(a.annotator, len(styles))
        color = palette.color(a.tag)
        rects = view.span_rects(a.start, a.end)
        if not rects:
            continue
        if style == GOLD_STYLE:
            paint_gold(painter, rects, color)
            continue
        lift = height_of(style, descent)
        painter.setPen(pen_for(style, color))
        for rect in rects:
            y = underline_y(rect, lift)
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(pen_for(0, color))
        first, last = rects[0], rects[-1]
        y_first, y_last = underline_y(first, lift), underline_y(last, lift)
        painter.drawLine(QPointF(first.left() + 0.8, y_first),
                         QPointF(first.left() + 0.8, y_first - TICK))
        painter.drawLine(QPointF(last.right() - 0.8, y_last),
                         QPointF(last.right() - 0.8, y_last - TICK))
    painter.end()


def gold_pen(color: QColor) -> QPen:
    pen = QPen(color.darker(GOLD_DARKER), GOLD_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    return pen


def gold_box_lines(rects: list) -> list[tuple[QPointF, QPointF]]:
    """The lines of the gold box around a span's line rectangles: top and bottom of each, the
    left side of the first and the right side of the last (the lines between run on)."""
    lines = []
    for i, rect in enumerate(rects):
        r = rect.adjusted(-1.5, 0.5, 1.5, 1.0)  # below the coders' underlines
        lines += [(r.topLeft(), r.topRight()), (r.bottomLeft(), r.bottomRight())]
        if i == 0:
            lines.append((r.topLeft(), r.bottomLeft()))
        if i == len(rects) - 1:
            lines.append((r.topRight(), r.bottomRight()))
    return lines


def paint_gold(painter: QPainter, rects: list, color: QColor) -> None:
    painter.setPen(gold_pen(color))
    for a, b in gold_box_lines(rects):
        painter.drawLine(a, b)


def legend_icon(style: int | None, color: str = "#5b6b7b") -> QIcon:
    """The menu's picture of a layer: a filled box for the primary (style None), the gold box
    (GOLD_STYLE), else the layer's underline."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QColor(color)
    if style is None:
        fill = QColor(base)
        fill.setAlpha(110)
        painter.fillRect(1, 3, 14, 10, fill)
    elif style == GOLD_STYLE:
        painter.setPen(gold_pen(base))
        painter.drawRect(QRectF(2, 3.5, 12, 9))
    else:
        y = 15 - height_of(style, 4.0)  # (as under a letter whose descent is 4 pixels)
        painter.setPen(pen_for(style, base))
        painter.drawLine(QPointF(1, y), QPointF(15, y))
        painter.setPen(pen_for(0, base))
        painter.drawLine(QPointF(1.8, y), QPointF(1.8, y - TICK))
        painter.drawLine(QPointF(14.2, y), QPointF(14.2, y - TICK))
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Disabled)  # the legend's entries are disabled: not greyed
    return icon
