"""Drawing the layers of other annotators over an article, and their legend.

The primary layer is drawn by the character formats as always (highlight.py). Each other shown
layer is drawn here, after the text: a tag-coloured underline under each line of a span, with
the layer's own dash pattern and height below the line, and short upward ticks at the span's
two ends (so that two spans side by side, or one inside another, show where each begins).
Only the spans on screen are drawn.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from ..domain.links import NOT_ARTICLE

# Dash patterns in pen widths: solid, dashes, dots, dash-dot; then again with other heights.
DASHES: tuple[tuple[float, ...], ...] = ((), (3.5, 2.0), (0.8, 1.4), (4.0, 1.5, 0.8, 1.5))
HEIGHTS = (1.5, 4.5, 7.5)  # pixels above the bottom of the line
WIDTH = 1.7
TICK = 4.0


def pen_for(style: int, color: QColor) -> QPen:
    pen = QPen(color, WIDTH)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    dashes = DASHES[style % len(DASHES)]
    if dashes:
        pen.setDashPattern(list(dashes))
    return pen


def height_of(style: int) -> float:
    return HEIGHTS[style % len(HEIGHTS)]


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
    for a in spans:
        style = styles.get(a.annotator, len(styles))
        color = palette.color(a.tag)
        rects = view.span_rects(a.start, a.end)
        if not rects:
            continue
        lift = height_of(style)
        painter.setPen(pen_for(style, color))
        for rect in rects:
            y = rect.bottom() - lift
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(pen_for(0, color))
        first, last = rects[0], rects[-1]
        painter.drawLine(QPointF(first.left() + 0.8, first.bottom() - lift),
                         QPointF(first.left() + 0.8, first.bottom() - lift - TICK))
        painter.drawLine(QPointF(last.right() - 0.8, last.bottom() - lift),
                         QPointF(last.right() - 0.8, last.bottom() - lift - TICK))
    painter.end()


def legend_icon(style: int | None, color: str = "#5b6b7b") -> QIcon:
    """The menu's picture of a layer: a filled box for the primary (style None), else the
    layer's underline."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QColor(color)
    if style is None:
        fill = QColor(base)
        fill.setAlpha(110)
        painter.fillRect(1, 3, 14, 10, fill)
    else:
        y = 15 - height_of(style) / 1.5
        painter.setPen(pen_for(style, base))
        painter.drawLine(QPointF(1, y), QPointF(15, y))
        painter.setPen(pen_for(0, base))
        painter.drawLine(QPointF(1.8, y), QPointF(1.8, y - TICK))
        painter.drawLine(QPointF(14.2, y), QPointF(14.2, y - TICK))
    painter.end()
    return QIcon(pixmap)
