"""Who said it, by dragging: Alt+drag from a quote to its speaker's actor span in the same pane
makes the speaker link (as A and a click do). A plain drag still selects text; Alt turns a press
on a quote into the start of a line, drawn from the quote to the pointer (a rubber band) until
the button is let go. Over an actor span of the same article the span is outlined and named;
over another article the status bar says why it cannot be the speaker. Near the top or bottom
edge the pane scrolls, so the speaker may be a few paragraphs away. Esc cancels."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QTextCursor
from PySide6.QtWidgets import QAbstractSlider, QWidget

from ...domain.comparison.links import NOT_ARTICLE
from ...domain.model import Annotation
from ..actors.actor_ops import ACTOR_TAG
from ..undo.commands import _excerpt
from ..panes.speaker_margin import SPEAKER_COLOR

MODIFIER = Qt.KeyboardModifier.AltModifier
EDGE = 24  # pixels from the top or bottom edge where the pane scrolls during a drag
REFUSED_COLOR = "#9e9e9e"


class RubberBand(QWidget):
    """The line from the quote to the pointer, over a pane's text; takes no mouse events."""

    def __init__(self, view):
        super().__init__(view.viewport())
        self.view = view
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setGeometry(view.viewport().rect())
        self.start = QPointF()
        self.end = QPointF()
        self.target: list[QRectF] = []  # the speaker's span under the pointer
        self.name = ""                  # its name, drawn by the pointer
        self.ok = True                  # the span under the pointer can be the speaker

    def set(self, start: QPointF, end: QPointF, target: list[QRectF], name: str, ok: bool) -> None:
        self.start, self.end, self.target, self.name, self.ok = start, end, target, name, ok
        self.setGeometry(self.view.viewport().rect())
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(SPEAKER_COLOR if self.ok else REFUSED_COLOR)
        for rect in self.target:
            painter.setPen(QPen(color, 2.0))
            fill = QColor(color)
            fill.setAlpha(40)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
        # A rope sagging below both ends, so that it never reads as a line struck through
        # the text it runs along; an arrowhead at the pointer (the link goes to the speaker).
        sag = QPointF((self.start.x() + self.end.x()) / 2,
                      max(self.start.y(), self.end.y()) + 28)
        rope = QPainterPath(self.start)
        rope.quadTo(sag, self.end)
        painter.setPen(QPen(color, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(rope)
        painter.setBrush(color)
        painter.drawEllipse(self.start, 4.0, 4.0)
        line = self.end - sag
        length = (line.x() ** 2 + line.y() ** 2) ** 0.5
        if (self.end - self.start).manhattanLength() > 12 and length > 0:
            ux, uy = line.x() / length, line.y() / length
            back = self.end - QPointF(ux * 11, uy * 11)
            head = QPainterPath(self.end)
            head.lineTo(back + QPointF(-uy * 5, ux * 5))
            head.lineTo(back + QPointF(uy * 5, -ux * 5))
            head.closeSubpath()
            painter.drawPath(head)
        if self.name:
            metrics = QFontMetricsF(self.font())
            box = QRectF(self.end + QPointF(10, 8), metrics.size(0, self.name)).adjusted(-5, -2, 5, 2)
            if box.right() > self.width():
                box.moveRight(self.end.x() - 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.name)
        painter.end()


class Drag(NamedTuple):
    pane: Any  # the ArticlePane
    quote: Annotation
    anchor: int  # the code point pressed on (the line starts there, and follows scrolling)
    band: RubberBand


class SpeakerDrag(QObject):
    """Watches the panes' text for Alt+press on a quote; SpeakerOps attributes on the drop."""

    def __init__(self, speakers):
        super().__init__(speakers)
        self.speakers = speakers
        self.w = speakers.w
        self.drag: Drag | None = None
        self._watched: set[int] = set()
        self._last = QPointF()  # the pointer, in the dragged pane's viewport
        self._scroller = QTimer(self, interval=40)
        self._scroller.timeout.connect(self._scroll)

    def watch(self, pane) -> None:
        view = pane.view
        key = id(view)
        if key in self._watched:
            return
        self._watched.add(key)
        view.destroyed.connect(lambda *_: self._watched.discard(key))
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)  # Esc

    # -- events ---------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if self.drag is None:
            if (kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton
                    and event.modifiers() & MODIFIER):
                pane = next((p for p in self.w.panes if p.view.viewport() is watched), None)
                return pane is not None and self.begin(pane, event.position())
            return False
        if watched is not self.drag.pane.view.viewport() and kind in (
                QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        if kind == QEvent.Type.MouseMove:
            self.move(event.position())
            return True
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self.drop(event.position())
            return True
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            return True
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                and event.key() == Qt.Key.Key_Escape:
            if kind == QEvent.Type.KeyPress:
                self.cancel("Speaker attribution cancelled")
            event.accept()
            return True
        return False

    # -- the drag -------------------------------------------------------------------------------
    def begin(self, pane, point: QPointF) -> bool:
        """Alt+press: on a quote, the drag starts; on an actor span, say which way to drag."""
        view = pane.view
        under = view.annotations_at(point.toPoint())
        quotes = [a for a in under if a.tag not in (ACTOR_TAG, NOT_ARTICLE)]
        if not quotes:
            if under:
                self.speakers._tell("Alt+drag starts on a quote: drag from the quote to its "
                                    "speaker's actor span")
                return True
            return False  # plain text: Alt+drag selects, as a drag does
        quote = min(quotes, key=lambda a: (a.tag != "quote", a.end - a.start))
        if self.speakers.waiting is not None:
            self.speakers.cancel()
        self.w.ops.select(quote.id, pane)
        cp = view.codepoint_at(point.toPoint())
        anchor = min(max(cp if cp is not None else quote.start, quote.start), quote.end - 1)
        self.drag = Drag(pane, quote, anchor, RubberBand(view))
        view.viewport().setCursor(Qt.CursorShape.DragLinkCursor)
        view.setFocus()  # Esc reaches the drag (the press that would focus it is taken)
        self.move(point)
        self.drag.band.show()
        self.speakers._tell(f"Who said “{_excerpt(quote.text)}”? Drop on the speaker's actor "
                            "span in the same article (Esc cancels)", 0)
        return True

    def move(self, point: QPointF) -> None:
        drag = self.drag
        assert drag is not None
        self._last = point
        view = drag.pane.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(drag.anchor))
        rect = view.cursorRect(cursor)
        start = QPointF(rect.left() + 2, rect.bottom())  # under the quote's text
        pane, speaker, refusal = self.target(point)
        rects = view.span_rects(speaker.start, speaker.end) if speaker and pane is drag.pane else []
        name = self.speakers.speaker_name(speaker) if speaker is not None and not refusal else ""
        drag.band.set(start, point, rects, name, not refusal)
        if refusal:
            self.speakers._tell(refusal, 0)
        else:
            self.speakers._tell(f"Who said “{_excerpt(drag.quote.text)}”? Drop on the speaker's "
                                "actor span in the same article (Esc cancels)", 0)
        height = view.viewport().height()
        near_edge = 0 <= point.x() <= view.viewport().width() and (
            point.y() < EDGE or point.y() > height - EDGE)
        if near_edge and not self._scroller.isActive():
            self._scroller.start()
        elif not near_edge:
            self._scroller.stop()

    def _scroll(self) -> None:
        if self.drag is None:
            self._scroller.stop()
            return
        bar = self.drag.pane.view.verticalScrollBar()
        up = self._last.y() < EDGE
        bar.triggerAction(QAbstractSlider.SliderAction.SliderSingleStepSub if up
                          else QAbstractSlider.SliderAction.SliderSingleStepAdd)
        self.move(self._last)

    def target(self, point: QPointF) -> tuple[object, Annotation | None, str]:
        """(pane under the pointer, the actor span there, why it cannot be the speaker or "")."""
        drag = self.drag
        assert drag is not None
        source = drag.pane.view.viewport()
        where = source.mapToGlobal(point.toPoint())
        for pane in self.w.panes:
            viewport = pane.view.viewport()
            local = viewport.mapFromGlobal(where)
            if not (pane.isVisible() and viewport.rect().contains(local)):
                continue
            under = pane.view.annotations_at(local)
            if pane.article_id != drag.quote.article_id:
                return pane, None, self.speakers.other_article(drag.quote, "drop on")
            if not under or drag.quote.id in {a.id for a in under}:
                return pane, None, ""
            actors = sorted((a for a in under if a.tag == ACTOR_TAG), key=lambda a: a.end - a.start)
            if not actors:
                return pane, None, self.speakers.not_an_actor(under[0], "drop on")
            return pane, actors[0], ""
        return None, None, ""

    def drop(self, point: QPointF) -> None:
        drag = self.drag
        assert drag is not None
        _pane, speaker, refusal = self.target(point)
        quote = drag.pane.view.store.by_id.get(drag.quote.id)
        self._end()
        if refusal:
            self.speakers._tell(f"Not attributed. {refusal}")
        elif quote is None or speaker is None:
            self.speakers._tell("Speaker attribution cancelled: drop on an actor span to name "
                                "the speaker")
        else:
            self.speakers.attribute(quote, speaker)
            self.speakers.show_quote(quote, drag.pane)

    def cancel(self, message: str = "") -> None:
        if self.drag is not None:
            self._end()
            self.speakers._tell(message)

    def _end(self) -> None:
        drag, self.drag = self.drag, None
        self._scroller.stop()
        if drag is not None:
            drag.band.hide()
            drag.band.deleteLater()
            drag.pane.view.viewport().setCursor(Qt.CursorShape.IBeamCursor)
