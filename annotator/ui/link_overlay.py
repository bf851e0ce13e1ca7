"""Links drawn over the panes: a curve across the splitter from the end of a span in one pane
to the start of the linked span in another, while both are on screen, and an arc in a pane's
left margin for a link within one article.

A transparent widget over the splitter that takes no mouse events. Its geometry is computed
only for the spans on screen (each pane's visible text range, its SpanStore, the LinkIndex by
end), once after whatever moved it (scrolling, resizing, splitter, zoom, panes, edits), and kept
until the next such change, whatever repaints the panes in between.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

from ..domain.model import Link
from .link_index import link_color

ACROSS, MARGIN = "across", "margin"


class Segment(NamedTuple):
    link: Link
    kind: str            # ACROSS: between two panes; MARGIN: within one pane
    start: QPointF       # overlay coordinates: the left pane's end (MARGIN: the upper end)
    end: QPointF
    panes: tuple[int, int]
    forward: bool        # the link goes from start to end (its arrow points at end)


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def visible_range(view) -> tuple[int, int]:
    """The code points of the blocks on screen in an ArticleView."""
    block = view.firstVisibleBlock()
    if not block.isValid():
        return 0, 0
    offset = view.contentOffset()
    height = view.viewport().height()
    first = last = block.position()
    while block.isValid():
        if view.blockBoundingGeometry(block).translated(offset).top() > height:
            break
        last = block.position() + block.length()
        block = block.next()
    length = view.offsets.length_u16
    return view.offsets.to_codepoint(min(first, length)), view.offsets.to_codepoint(min(last, length))


class LinkOverlay(QWidget):
    def __init__(self, window, index) -> None:
        super().__init__(window)
        self.w = window
        self.index = index
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._segments: list[Segment] | None = None
        self._watched: set[int] = set()
        self.computations = 0  # how often geometry was computed (tests, benchmarks)
        window.splitter.installEventFilter(self)
        window.splitter.splitterMoved.connect(lambda *_: self.invalidate())
        s = window.session
        for signal in (s.annotationsChanged, s.annotationsReloaded, s.tagsChanged):
            signal.connect(lambda *_: self.invalidate())
        for signal in (index.reset, index.changed, index.endsChanged, index.typesChanged):
            signal.connect(lambda *_: self.invalidate())
        window.annotations_panel.model.modelReset.connect(self.invalidate)  # panes (re)filled
        self.follow()
        self.raise_()

    # -- following the panes --------------------------------------------------------------------
    def follow(self) -> None:
        """Cover the splitter; watch panes that are new."""
        self.setGeometry(self.w.splitter.geometry())
        self.raise_()
        for pane in self.w.panes:
            self._watch(pane)
        self.invalidate()

    def _watch(self, pane) -> None:
        view = pane.view
        if id(view) in self._watched:
            return
        key = id(view)
        self._watched.add(key)
        view.destroyed.connect(lambda *_: self._watched.discard(key))
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        for bar in (view.verticalScrollBar(), view.horizontalScrollBar()):
            bar.valueChanged.connect(self.invalidate)
            bar.rangeChanged.connect(self.invalidate)
        view.textChanged.connect(self.invalidate)
        view.annotationClicked.connect(self.invalidate)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.w.splitter:
            if kind in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.ChildAdded,
                        QEvent.Type.ChildRemoved, QEvent.Type.LayoutRequest):
                self.follow()
        elif kind == QEvent.Type.ToolTip:
            return self._tooltip(watched, event)
        elif kind in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.FontChange,
                      QEvent.Type.Show, QEvent.Type.Hide):
            self.invalidate()
        return False

    def invalidate(self, *_args) -> None:
        self._segments = None
        self.update()

    # -- geometry -------------------------------------------------------------------------------
    def segments(self) -> list[Segment]:
        """The lines drawn now (computed once per change of what is on screen)."""
        if self._segments is None:
            self._segments = self._compute()
            self.computations += 1
        return self._segments

    def _compute(self) -> list[Segment]:
        panes = [p for p in self.w.panes if p.article_id and p.isVisible()]
        if not self.index.links or not panes:
            return []
        shown: list[dict] = []  # per pane: its annotations on screen that have links, by id
        for pane in panes:
            if not self.index.touches(pane.article_id):
                shown.append({})
                continue
            start, end = visible_range(pane.view)
            spans = pane.view.store.overlapping(start, end) if end > start else []
            shown.append({a.id: a for a in spans if self.index.has_links(a.id)})
        order = [self.w.panes.index(p) for p in panes]
        found: list[Segment] = []
        for i, pane in enumerate(panes):
            for annotation_id in shown[i]:
                for link in self.index.of(annotation_id):
                    other_id = link.to_id if link.from_id == annotation_id else link.from_id
                    if link.from_article == link.to_article:
                        if annotation_id == link.from_id and other_id in shown[i]:
                            found += self._margin(pane, order[i], link, shown[i])
                        continue
                    for j in range(i + 1, len(panes)):
                        if other_id in shown[j] and panes[j].article_id != pane.article_id:
                            found += self._across(pane, panes[j], (order[i], order[j]), link,
                                                  shown[i][annotation_id], shown[j][other_id])
        return found

    def _to_overlay(self, view, point: QPointF) -> QPointF:
        origin = view.viewport().mapTo(self.w, QPoint(0, 0)) - self.pos()
        return QPointF(point.x() + origin.x(), point.y() + origin.y())

    def _on_screen(self, view, rects) -> list:
        height = view.viewport().height()
        return [r for r in rects if r.center().y() >= 0 and r.center().y() <= height]

    def _across(self, left, right, order, link, a, b) -> list[Segment]:
        left_rects = self._on_screen(left.view, left.view.span_rects(a.start, a.end))
        right_rects = self._on_screen(right.view, right.view.span_rects(b.start, b.end))
        if not left_rects or not right_rects:
            return []
        last, first = left_rects[-1], right_rects[0]
        width = left.view.viewport().width()
        start = self._to_overlay(left.view, QPointF(min(last.right(), width - 2), last.center().y()))
        end = self._to_overlay(right.view, QPointF(max(first.left(), 2), first.center().y()))
        return [Segment(link, ACROSS, start, end, order, link.from_id == a.id)]

    def _margin(self, pane, order, link, shown) -> list[Segment]:
        view = pane.view
        ends = []
        for end_id in (link.from_id, link.to_id):
            rects = self._on_screen(view, view.span_rects(shown[end_id].start, shown[end_id].end))
            if not rects:
                return []
            ends.append(rects[0])
        x = 4.0
        points = [self._to_overlay(view, QPointF(x, r.center().y())) for r in ends]
        forward = points[0].y() <= points[1].y()
        top, bottom = sorted(points, key=lambda p: p.y())
        return [Segment(link, MARGIN, top, bottom, (order, order), forward)]

    # -- painting -------------------------------------------------------------------------------
    @staticmethod
    def path(segment: Segment) -> QPainterPath:
        a, b = segment.start, segment.end
        path = QPainterPath(a)
        if segment.kind == ACROSS:
            dx = max(40.0, (b.x() - a.x()) * 0.5)
            path.cubicTo(QPointF(a.x() + dx, a.y()), QPointF(b.x() - dx, b.y()), b)
        else:
            bulge = min(16.0, 6.0 + abs(b.y() - a.y()) / 20)
            path.cubicTo(QPointF(a.x() - bulge, a.y()), QPointF(b.x() - bulge, b.y()), b)
        return path

    def _areas(self) -> tuple[QPainterPath, QPainterPath]:
        """The panes' text areas and the rest (margins, frames, the splitter's handles)."""
        text = QPainterPath()
        for pane in self.w.panes:
            if pane.isVisible():
                viewport = pane.view.viewport()
                text.addRect(QRectF(self._to_overlay(pane.view, QPointF(0, 0)),
                                    QSizeF(viewport.width(), viewport.height())))
        everything = QPainterPath()
        everything.addRect(QRectF(self.rect()))
        return text, everything.subtracted(text)

    def paintEvent(self, event) -> None:
        segments = self.segments()
        if not segments:
            return
        current = self.w.ops.current[1] if self.w.ops.current else None
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        drawn = [(s, self.path(s), QColor(link_color(s.link.type)),
                  current in (s.link.from_id, s.link.to_id)) for s in segments]
        # Over the text a line is faint (the words stay readable); between the panes it is strong.
        text, gutter = self._areas()
        for clip, alpha, width in ((text, 120, 1.6), (gutter, 235, 2.4)):
            painter.setClipPath(clip)
            for _segment, path, color, chosen in drawn:
                pen_color = QColor(color)
                pen_color.setAlpha(min(255, alpha + 60) if chosen else alpha)
                painter.setPen(QPen(pen_color, width + (1.2 if chosen else 0),
                                    Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawPath(path)
        painter.setClipping(False)
        painter.setPen(Qt.PenStyle.NoPen)
        for segment, path, color, _chosen in drawn:
            painter.setBrush(QBrush(color))
            for point in (segment.start, segment.end):
                painter.drawEllipse(point, 3.0, 3.0)
            if self.index.directed(segment.link.type):
                self._arrow(painter, path, self._arrow_at(segment, path), segment.forward)
        painter.end()

    def _arrow_at(self, segment: Segment, path: QPainterPath) -> float:
        """Where on the path the arrow goes: between the two panes (MARGIN: half-way)."""
        if segment.kind != ACROSS:
            return 0.5
        left = self.w.panes[segment.panes[0]].view
        x = self._to_overlay(left, QPointF(left.viewport().width(), 0)).x() + 14
        lo, hi = 0.0, 1.0
        for _ in range(20):
            middle = (lo + hi) / 2
            lo, hi = (middle, hi) if path.pointAtPercent(middle).x() < x else (lo, middle)
        return lo

    @staticmethod
    def _arrow(painter: QPainter, path: QPainterPath, at: float, forward: bool) -> None:
        """An arrowhead on the curve, pointing the link's way."""
        point = path.pointAtPercent(at)
        angle = path.angleAtPercent(at) + (0 if forward else 180)
        painter.save()
        painter.translate(point)
        painter.rotate(-angle)
        painter.drawPolygon(QPolygonF([QPointF(7, 0), QPointF(-5, -5), QPointF(-5, 5)]))
        painter.restore()

    # -- tooltips (the overlay takes no mouse events: the panes ask it) -------------------------
    def link_at(self, point: QPointF, reach: float = 6.0) -> Link | None:
        """The link whose line passes within ``reach`` pixels of an overlay point."""
        best, best_distance = None, reach
        for segment in self.segments():
            path = self.path(segment)
            for step in range(25):
                p = path.pointAtPercent(step / 24)
                distance = ((p.x() - point.x()) ** 2 + (p.y() - point.y()) ** 2) ** 0.5
                if distance < best_distance:
                    best, best_distance = segment.link, distance
        return best

    def describe(self, link: Link) -> str:
        from html import escape

        ends = [self.index.ends.get(i) for i in (link.from_id, link.to_id)]
        texts = [escape(_excerpt(a.text)) if a else "?" for a in ends]
        titles = [escape(self.w.session.title(a)) for a in (link.from_article, link.to_article)]
        arrow = "→" if self.index.directed(link.type) else "↔"
        known = self.index.types.get(link.type)
        about = f" <i>({escape(known.description)})</i>" if known and known.description else ""
        note = f"<br><i>{escape(link.note)}</i>" if link.note else ""
        return (f"<b style='color:{link_color(link.type)}'>━ {escape(link.type)}</b>{about}<br>"
                f"“{texts[0]}” <small>({titles[0]})</small><br>{arrow} “{texts[1]}” "
                f"<small>({titles[1]})</small>{note}")

    def _tooltip(self, viewport, event) -> bool:
        origin = viewport.mapTo(self.w, QPoint(0, 0)) - self.pos()
        link = self.link_at(QPointF(event.pos().x() + origin.x(), event.pos().y() + origin.y()))
        if link is None:
            return False  # the pane's own tooltip (the spans under the pointer)
        QToolTip.showText(event.globalPos(), self.describe(link), viewport)
        return True
