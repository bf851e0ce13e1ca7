"""How the overlay draws its links (link_overlay.py works out where they go).

Over the text a line is faint and thin (the words stay readable); between the panes it is strong.
Qt's raster engine strokes a translucent antialiased curve several times slower than an opaque
one (it must not blend a pixel twice where the outline overlaps itself), and clipping a stroke
does not make it cheaper: the whole curve is stroked whatever part of it is kept. So the lines
are stroked opaque into a transparent layer, each curve cut where it enters or leaves a pane's
text so that every part is stroked once, at its own width, and the layer is laid over the panes
twice: at the faint opacity over the text, at the strong one elsewhere. The result is what
translucent pens give, but where two lines cross the later one covers the earlier. The link of
the current annotation is drawn last, wider and stronger, with translucent pens as before.

A curve is a cubic Bézier from one end to the other whose control points are level with its
ends (see ``controls``); across the panes its x grows monotonically, so where it crosses an
edge is found in closed form.
"""

from __future__ import annotations

from itertools import pairwise
from math import atan2, degrees, radians
from math import cos as math_cos
from math import sin as math_sin

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, QRegion

ACROSS, MARGIN = "across", "margin"
FAINT = (120, 1.6)     # alpha and pen width over the text
STRONG = (235, 2.4)    # between the panes (margins, frames, the splitter's handles)
CHOSEN = (60, 1.2)     # added for the links of the current annotation
ARROW_POINTS = ((7.0, 0.0), (-5.0, -5.0), (-5.0, 5.0))  # pointing right, before turning
CUT_OVERLAP = 6.0      # pixels each part of a cut curve runs on under the other part's clip

Cubic = tuple[float, float, float, float, float, float, float, float]  # x0 y0 … x3 y3


def controls(kind: str, a: QPointF, b: QPointF) -> Cubic:
    """The curve of a link from a to b: across the panes it leaves and arrives level; in a
    pane's margin it bulges to the left."""
    ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()
    if kind == ACROSS:
        dx = max(40.0, (bx - ax) * 0.5)
        return ax, ay, ax + dx, ay, bx - dx, by, bx, by
    bulge = min(16.0, 6.0 + abs(by - ay) / 20)
    return ax, ay, ax - bulge, ay, bx - bulge, by, bx, by


def path_of(c: Cubic) -> QPainterPath:
    path = QPainterPath(QPointF(c[0], c[1]))
    path.cubicTo(QPointF(c[2], c[3]), QPointF(c[4], c[5]), QPointF(c[6], c[7]))
    return path


def point_at(c: Cubic, t: float) -> tuple[float, float]:
    u = 1 - t
    a, b, d, e = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return (a * c[0] + b * c[2] + d * c[4] + e * c[6], a * c[1] + b * c[3] + d * c[5] + e * c[7])


def angle_at(c: Cubic, t: float) -> float:
    """The tangent's angle in degrees, counter-clockwise as QPainterPath.angleAtPercent's."""
    u = 1 - t
    dx = 3 * (u * u * (c[2] - c[0]) + 2 * u * t * (c[4] - c[2]) + t * t * (c[6] - c[4]))
    dy = 3 * (u * u * (c[3] - c[1]) + 2 * u * t * (c[5] - c[3]) + t * t * (c[7] - c[5]))
    return degrees(atan2(-dy, dx)) % 360


def monotone(c: Cubic) -> bool:
    """An across curve whose control points meet half-way: x(t) = x0 + (x3 - x0)·g(t) with
    g(t) = t³ - 1.5t² + 1.5t, which only grows."""
    return abs(c[2] - c[4]) < 1e-9 and c[6] > c[0]


def t_at_x(c: Cubic, x: float) -> float:
    """Where a curve reaches x: closed form for a monotone curve (Cardano: with t = s + ½,
    s³ + ¾s + ½ - u = 0), else bisection on x(t) (the t found for an x it never reaches is
    0 or 1)."""
    if monotone(c):
        q = 0.5 - min(1.0, max(0.0, (x - c[0]) / (c[6] - c[0])))
        root = (q * q / 4 + 0.015625) ** 0.5  # 0.015625 = (p/3)³ with p = ¾
        return min(1.0, max(0.0, 0.5 + _cbrt(-q / 2 + root) + _cbrt(-q / 2 - root)))
    lo, hi = 0.0, 1.0
    for _ in range(20):
        middle = (lo + hi) / 2
        lo, hi = (middle, hi) if point_at(c, middle)[0] < x else (lo, middle)
    return lo


def _cbrt(v: float) -> float:
    return v ** (1 / 3) if v >= 0 else -((-v) ** (1 / 3))


def split(c: Cubic, t: float) -> tuple[Cubic, Cubic]:
    """De Casteljau: the curve before t and after it."""
    def mix(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float]:
        return p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t

    p0, p1, p2, p3 = (c[0], c[1]), (c[2], c[3]), (c[4], c[5]), (c[6], c[7])
    a, b, d = mix(p0, p1), mix(p1, p2), mix(p2, p3)
    e, f = mix(a, b), mix(b, d)
    g = mix(e, f)
    return (*p0, *a, *e, *g), (*g, *f, *d, *p3)


def piece(c: Cubic, t0: float, t1: float) -> Cubic:
    """The part of a curve between t0 and t1."""
    if t1 < 1.0:
        c = split(c, t1)[0]
        t0 = t0 / t1 if t1 > 0 else 0.0
    return split(c, t0)[1] if t0 > 0.0 else c


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _where(c: Cubic, boxes: list[Box], x0: float, x1: float, y0: float, y1: float) -> int:
    """Where a part spanning [x0, x1] (its curve within [y0, y1]) is drawn: 1 wholly over
    one text area, 2 over none, 3 neither (``c`` the part itself, looked at only then)."""
    for left, top, right, bottom in boxes:
        if left - 0.5 <= x0 and x1 <= right + 0.5 and top <= y0 and y1 <= bottom:
            return 1
    if all(x1 <= left + 0.5 or x0 >= right - 0.5 or y1 < top or y0 > bottom
           for left, top, right, bottom in boxes):
        return 2
    ys = c[1::2]  # the part's own control points: maybe nearer each other than the curve's
    if (min(ys), max(ys)) != (y0, y1):
        return _where(c, boxes, x0, x1, min(ys), max(ys))
    return 3


def parts(c: Cubic, boxes: list[Box]) -> list[tuple[Cubic, int]]:
    """The curve cut where it crosses a text area's left or right edge, each part with where it
    is drawn: 1 over the text, 2 elsewhere, 3 both (a part not wholly in one, drawn twice and
    clipped as a whole curve would be). Parts overlap by a few pixels; the clips cut them."""
    if not monotone(c):
        xs, ys = c[0::2], c[1::2]
        return [(c, _where(c, boxes, min(xs), max(xs), min(ys), max(ys)))]
    lo, hi = c[0], c[6]
    y0, y1 = min(c[1], c[7]), max(c[1], c[7])  # level control points: y stays between the ends'
    edges = [lo, *sorted({x for b in boxes for x in (b[0], b[2]) if lo < x < hi}), hi]
    bounds = [0.0, *(t_at_x(c, x) for x in edges[1:-1]), 1.0]
    overlap = CUT_OVERLAP / max(1.0, hi - lo)
    found = []
    for i, (t0, t1) in enumerate(pairwise(bounds)):
        part = piece(c, max(0.0, t0 - overlap), min(1.0, t1 + overlap))
        found.append((part, _where(part, boxes, edges[i], edges[i + 1], y0, y1)))
    return found


def arrow(c: Cubic, at: float, forward: bool) -> QPolygonF:
    """The arrowhead at ``at`` on the curve, pointing the link's way (ARROW turned to the
    tangent and moved there)."""
    x, y = point_at(c, at)
    angle = radians(angle_at(c, at) + (0 if forward else 180))
    cos, sin = math_cos(angle), math_sin(angle)
    # Qt's rotate(-angle) with y pointing down: (px, py) -> (px·cos + py·sin, -px·sin + py·cos)
    return QPolygonF([QPointF(x + px * cos + py * sin, y - px * sin + py * cos)
                      for px, py in ARROW_POINTS])


class LinkPainter:
    """Paints the overlay's lines; keeps its layer and pens between paints."""

    def __init__(self) -> None:
        self._layer: QImage | None = None
        self._pens: dict[tuple[int, float], QPen] = {}

    def _layer_for(self, widget) -> QImage:
        ratio = widget.devicePixelRatioF()
        size = widget.size() * ratio
        if self._layer is None or self._layer.size() != size:
            self._layer = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            self._layer.setDevicePixelRatio(ratio)
        return self._layer

    def _pen(self, color: QColor, width: float) -> QPen:
        key = (color.rgba(), width)
        pen = self._pens.get(key)
        if pen is None:
            pen = self._pens[key] = QPen(color, width, Qt.PenStyle.SolidLine,
                                         Qt.PenCapStyle.RoundCap)
        return pen

    def paint(self, widget, drawn: list, texts: dict[int, QRectF], directed) -> None:
        """``drawn``: (segment, cubic, colour, chosen) per line; ``texts``: the text area of
        each pane shown (by its place in the window), in the widget's coordinates;
        ``directed(type)``: whether a link of that type gets an arrow."""
        text = QRegion()
        for r in texts.values():
            text = text.united(QRegion(r.toAlignedRect()))
        gutter = QRegion(widget.rect()).subtracted(text)
        plain = [(c, color) for _s, c, color, chosen in drawn if not chosen]
        if plain:
            boxes = [(r.left(), r.top(), r.right(), r.bottom()) for r in texts.values()]
            self._plain(widget, plain, boxes, text, gutter)
        painter = QPainter(widget)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for _segment, c, color, chosen in drawn:
            if chosen:
                path = path_of(c)
                for clip, (alpha, width) in ((text, FAINT), (gutter, STRONG)):
                    painter.setClipRegion(clip)
                    pen_color = QColor(color)
                    pen_color.setAlpha(min(255, alpha + CHOSEN[0]))
                    painter.setPen(self._pen(pen_color, width + CHOSEN[1]))
                    painter.drawPath(path)
        painter.setClipping(False)
        painter.setPen(Qt.PenStyle.NoPen)
        brush = None
        for segment, c, color, _chosen in drawn:
            if color is not brush:
                painter.setBrush(color)
                brush = color
            painter.drawEllipse(segment.start, 3.0, 3.0)
            painter.drawEllipse(segment.end, 3.0, 3.0)
            if directed(segment.link.type):
                painter.drawPolygon(arrow(c, self.arrow_at(segment, c, texts), segment.forward))
        painter.end()

    def _plain(self, widget, plain, boxes: list[Box], text: QRegion, gutter: QRegion) -> None:
        layer = self._layer_for(widget)
        layer.fill(0)
        layered = QPainter(layer)
        layered.setRenderHint(QPainter.RenderHint.Antialiasing)
        over_text: list = []
        between: list = []
        for c, color in sorted(plain, key=lambda p: p[1].rgba()):  # a pen change per colour
            for part, where in parts(c, boxes):
                if where & 1:
                    over_text.append((part, color))
                if where & 2:
                    between.append((part, color))
        for clip, (_alpha, width), todo in ((text, FAINT, over_text), (gutter, STRONG, between)):
            layered.setClipRegion(clip)
            pen_color = None
            for part, color in todo:
                if color is not pen_color:
                    layered.setPen(self._pen(color, width))
                    pen_color = color
                layered.drawPath(path_of(part))
        layered.end()
        xs = [v for c, _ in plain for v in c[0::2]]
        ys = [v for c, _ in plain for v in c[1::2]]
        box = QRect(int(min(xs)) - 4, int(min(ys)) - 4, int(max(xs) - min(xs)) + 9,
                    int(max(ys) - min(ys)) + 9).intersected(widget.rect())
        ratio = layer.devicePixelRatio()
        source = QRectF(box.x() * ratio, box.y() * ratio, box.width() * ratio,
                        box.height() * ratio)
        painter = QPainter(widget)
        for clip, (alpha, _width) in ((text, FAINT), (gutter, STRONG)):
            painter.setClipRegion(clip)
            painter.setOpacity(alpha / 255)
            painter.drawImage(QRectF(box), layer, source)
        painter.end()

    @staticmethod
    def arrow_at(segment, c: Cubic, texts: dict[int, QRectF]) -> float:
        """Where on the curve the arrow goes: 14 px past the left pane's text (MARGIN:
        half-way)."""
        left = texts.get(segment.panes[0])
        if segment.kind != ACROSS or left is None:
            return 0.5
        return t_at_x(c, left.right() + 14)
