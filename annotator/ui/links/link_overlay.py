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

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSizeF, Qt, QTimer
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import QToolTip, QWidget

from ...domain.model import Link
from .link_drawing import ACROSS, MARGIN, LinkPainter, controls, path_of, point_at
from .link_index import link_color

__all__ = ["ACROSS", "MARGIN", "LinkOverlay", "Segment", "TextLines", "edge_rect", "visible_range"]


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
    """The code points of the lines on screen in an ArticleView, even partly shown: the blocks
    on screen, less the lines of the first and last above and below it. (Only blocks on screen
    are looked at: laying out others would change QPlainTextEdit's line numbers, which sync
    scrolling relies on.)"""
    block = view.firstVisibleBlock()
    if not block.isValid():
        return 0, 0
    offset = view.contentOffset()
    height = view.viewport().height()

    def shown(block, top: float) -> list:
        layout = block.layout()
        lines = (layout.lineAt(i) for i in range(layout.lineCount()))
        return [x for x in lines if top + x.y() <= height and top + x.y() + x.height() >= 0]

    first_lines = shown(block, view.blockBoundingGeometry(block).translated(offset).top())
    first = block.position() + (first_lines[0].textStart() if first_lines else 0)
    last_block, last_top = block, None
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > height:
            break
        last_block, last_top = block, top
        block = block.next()
    last_lines = shown(last_block, last_top) if last_top is not None else []
    last = last_block.position() + (last_lines[-1].textStart() + last_lines[-1].textLength() + 1
                                    if last_lines else last_block.length())
    length = view.offsets.length_u16
    to_codepoint = view.offsets.to_codepoint
    return to_codepoint(min(first, length)), to_codepoint(min(last, length))


class TextLines:
    """Where a view's lines are, for one computation of the geometry (each block's layout and
    place looked up once)."""

    def __init__(self, view) -> None:
        self.view = view
        self.document = view.document()
        offset = view.contentOffset()
        self.dx, self.dy = offset.x(), offset.y()
        self.height = view.viewport().height()
        self._blocks: dict[int, tuple] = {}  # block position -> (layout, top, left)

    def line(self, pos: int):
        """(block position, line, line's top, block's left) of a UTF-16 position, or None."""
        block = self.document.findBlock(pos)
        if not block.isValid():
            return None
        base = block.position()
        known = self._blocks.get(base)
        if known is None:
            geometry = self.view.blockBoundingGeometry(block)
            known = self._blocks[base] = (block.layout(), geometry.top() + self.dy,
                                          geometry.left() + self.dx)
        layout, top, left = known
        line = layout.lineForTextPosition(pos - base)
        if not line.isValid():
            return None
        return base, line, top + line.y(), left

    def edge_rect(self, start: int, end: int, last: bool) -> QRectF | None:
        """The rectangle of a span's last line on screen (``last``) or its first, as the last
        or first of ``view.span_rects`` whose middle is on screen: found from the line that
        holds the span's last (first) character, without walking the span's other lines; when
        that line is off screen, from all of them (unless the whole span is off screen on that
        side)."""
        view, height = self.view, self.height
        u_start, u_end = view.offsets.span_to_utf16(start, end)
        found = self.line(u_end - 1 if last else u_start)
        if found is not None:
            base, line, top, left = found
            line_start = base + line.textStart()
            a, b = max(u_start, line_start), min(u_end, line_start + line.textLength())
            middle = top + line.height() / 2
            if a < b and 0 <= middle <= height:
                return QRectF(QPointF(left + line.cursorToX(a - base)[0], top),
                              QPointF(left + line.cursorToX(b - base)[0], top + line.height()))
            other = self.line(u_start if last else u_end - 1)
            if a < b and other is not None:
                other_middle = other[2] + other[1].height() / 2
                if (middle > height and other_middle > height) or \
                        (middle < 0 and other_middle < 0):
                    return None  # the span's first and last lines are both off that side
        rects = [r for r in view.span_rects(start, end) if 0 <= r.center().y() <= height]
        if not rects:
            return None
        return rects[-1] if last else rects[0]


def edge_rect(view, start: int, end: int, last: bool) -> QRectF | None:
    """TextLines.edge_rect for one span."""
    return TextLines(view).edge_rect(start, end, last)


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
        self.painter = LinkPainter()
        self._origins: dict[int, QPointF] = {}  # per view, while one geometry is computed
        self._edges: dict[tuple, QRectF | None] = {}  # per span end, the same
        self._lines: dict[int, TextLines] = {}  # per view, the same
        self._colors: dict[str, QColor] = {}
        window.splitter.installEventFilter(self)
        window.splitter.splitterMoved.connect(lambda *_: self.invalidate())
        s = window.session
        for signal in (s.annotationsChanged, s.annotationsReloaded, s.tagsChanged):
            signal.connect(lambda *_: self.invalidate())
        for signal in (index.reset, index.changed, index.endsChanged, index.typesChanged,
                       index.shownChanged):
            signal.connect(lambda *_: self.invalidate())
        window.annotations_panel.model.modelReset.connect(self.invalidate)  # panes (re)filled
        # (a tab of the docks chosen, Annotations or Links: the window stacks the panes over
        # this overlay again, which must be raised back, once that is done)
        window.tabifiedDockWidgetActivated.connect(
            lambda *_: QTimer.singleShot(0, self, self.follow))
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
            self._origins.clear()
            self._edges.clear()
            self._lines.clear()
            self._segments = self._compute()
            self._edges.clear()
            self._lines.clear()
            self.computations += 1
        return self._segments

    def _compute(self) -> list[Segment]:
        panes = [p for p in self.w.panes if p.article_id and p.isVisible()]
        if not panes or (self.index.complete and not self.index.links):
            return []
        on_screen = []
        for pane in panes:
            start, end = visible_range(pane.view)
            on_screen.append(pane.view.store.overlapping(start, end) if end > start else [])
        if not self.index.complete:  # the links of what is on screen, before the rest
            known = {a.id: a for spans in on_screen for a in spans}
            self.index.read_ahead(list(known), known)
        if not self.index.links:
            return []
        shown: list[dict] = []  # per pane: its annotations on screen that have links, by id
        for pane, spans in zip(panes, on_screen, strict=True):
            linked = self.index.has_links
            shown.append({a.id: a for a in spans if linked(a.id)}
                         if self.index.touches(pane.article_id) else {})
        order = [self.w.panes.index(p) for p in panes]
        found: list[Segment] = []
        visible = self.index.visible  # a hidden annotator's link is not drawn
        for i, pane in enumerate(panes):
            for annotation_id in shown[i]:
                for link in self.index.of(annotation_id):
                    if not visible(link):
                        continue
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

    def _origin(self, view) -> QPointF:
        """Where a view's viewport is in the overlay (kept while one geometry is computed)."""
        key = id(view)
        found = self._origins.get(key)
        if found is None:
            origin = view.viewport().mapTo(self.w, QPoint(0, 0)) - self.pos()
            found = self._origins[key] = QPointF(origin)
        return found

    def _edge(self, view, annotation, last: bool) -> QRectF | None:
        """edge_rect, once per span end while one geometry is computed."""
        key = (id(view), annotation.id, last)
        if key not in self._edges:
            lines = self._lines.get(id(view))
            if lines is None:
                lines = self._lines[id(view)] = TextLines(view)
            self._edges[key] = lines.edge_rect(annotation.start, annotation.end, last)
        return self._edges[key]

    def _across(self, left, right, order, link, a, b) -> list[Segment]:
        last = self._edge(left.view, a, last=True)
        first = self._edge(right.view, b, last=False) if last is not None else None
        if last is None or first is None:
            return []
        width = left.view.viewport().width()
        start = self._origin(left.view) + QPointF(min(last.right(), width - 2), last.center().y())
        end = self._origin(right.view) + QPointF(max(first.left(), 2), first.center().y())
        return [Segment(link, ACROSS, start, end, order, link.from_id == a.id)]

    def _margin(self, pane, order, link, shown) -> list[Segment]:
        view = pane.view
        ends = []
        for end_id in (link.from_id, link.to_id):
            rect = self._edge(view, shown[end_id], last=False)
            if rect is None:
                return []
            ends.append(rect)
        origin = self._origin(view)
        points = [origin + QPointF(4.0, r.center().y()) for r in ends]
        forward = points[0].y() <= points[1].y()
        top, bottom = sorted(points, key=lambda p: p.y())
        return [Segment(link, MARGIN, top, bottom, (order, order), forward)]

    # -- painting -------------------------------------------------------------------------------
    @staticmethod
    def path(segment: Segment) -> QPainterPath:
        return path_of(controls(segment.kind, segment.start, segment.end))

    def _texts(self) -> dict[int, QRectF]:
        """Each shown pane's text area (its viewport) in the overlay, by its place."""
        found = {}
        for i, pane in enumerate(self.w.panes):
            if pane.isVisible():
                viewport = pane.view.viewport()
                found[i] = QRectF(self._origin(pane.view), QSizeF(viewport.size()))
        return found

    def paintEvent(self, event) -> None:
        self.index.read_later()  # a large project's other links, once this frame is shown
        segments = self.segments()
        if not segments:
            return
        current = self.w.ops.current[1] if self.w.ops.current else None
        colors = self._colors
        drawn = []
        for s in segments:
            color = colors.get(s.link.type)
            if color is None:
                color = colors[s.link.type] = QColor(link_color(s.link.type))
            drawn.append((s, controls(s.kind, s.start, s.end), color,
                          current in (s.link.from_id, s.link.to_id)))
        self._origins.clear()
        self.painter.paint(self, drawn, self._texts(), self.index.directed)

    # -- tooltips (the overlay takes no mouse events: the panes ask it) -------------------------
    def link_at(self, point: QPointF, reach: float = 6.0) -> Link | None:
        """The link whose line passes within ``reach`` pixels of an overlay point."""
        best, best_distance = None, reach
        for segment in self.segments():
            curve = controls(segment.kind, segment.start, segment.end)
            for step in range(25):
                x, y = point_at(curve, step / 24)
                distance = ((x - point.x()) ** 2 + (y - point.y()) ** 2) ** 0.5
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
