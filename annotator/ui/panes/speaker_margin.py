"""Who said it, in a pane's left margin: beside each quote on screen, its speaker's name and, in
grey below it, its form (direct, indirect, paraphrase) and "anonymous". Drawn in a strip left of
the text (as a code editor draws line numbers), so the article's text and offsets are untouched.
The strip shows only in panes whose article has a speaker or a quote form."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from ..annotating.table_filter import form_text

SPEAKER_COLOR = "#8e24aa"  # as speaker links are drawn
WIDTH_CHARS = 14  # names longer than this are cut with "…" (the table has them whole)
PADDING = 14  # room on the right for the link arcs drawn at the text's left edge
# A narrow pane (beside the Compare panel, a third or fourth pane) keeps its text readable: the
# strip takes at most this share of the pane's width, and none below MIN_CHARS (names then show
# in the Annotations table only).
MAX_SHARE = 0.2
MIN_CHARS = 5


class Label(NamedTuple):
    annotation_id: str
    name: str        # the speakers' names ("" for an anonymous quote without one)
    form: str        # "direct · anonymous", …
    rect: QRectF     # where it is drawn, in the margin's coordinates


def visible_range(view) -> tuple[int, int]:
    """Code points of the blocks on screen."""
    block = view.firstVisibleBlock()
    if not block.isValid():
        return 0, 0
    offset, height = view.contentOffset(), view.viewport().height()
    first = last = block.position()
    while block.isValid() and view.blockBoundingGeometry(block).translated(offset).top() <= height:
        last = block.position() + block.length()
        block = block.next()
    length = view.offsets.length_u16
    return view.offsets.to_codepoint(min(first, length)), view.offsets.to_codepoint(min(last, length))


class SpeakerMargin(QWidget):
    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.speakers: dict[str, str] = {}  # quote id -> names (this pane's article)
        self.shown = False
        self._labels: tuple | None = None  # (what they were computed for, the labels)
        self.base_left = view.viewportMargins().left()
        self._fonts()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)  # resized after the view has placed it
        view.updateRequest.connect(lambda *_: self.update())
        view.verticalScrollBar().valueChanged.connect(lambda *_: self.update())

    def _fonts(self) -> None:
        font = QFont(self.view.font())
        font.setPointSizeF(max(7.0, self.view.font().pointSizeF() * 0.72))
        self.name_font = QFont(font)
        self.name_font.setBold(True)
        self.form_font = QFont(font)
        self.form_font.setItalic(True)

    def set_speakers(self, speakers: dict[str, str], shown: bool) -> None:
        """Called on every change of the article's spans, links or actors."""
        self.speakers = speakers
        self._labels = None
        if shown != self.shown:
            self.shown = shown
            self.setVisible(shown)
            self._place()
        self.update()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FontChange and watched is self.view:  # zoom
            self._fonts()
            self._place()
        elif event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._place()
        return False

    def _place(self) -> None:
        """Make room left of the text (or give it back), and cover that room."""
        view = self.view
        width = self._width() if self.shown else 0
        m = view.viewportMargins()
        if m.left() != self.base_left + width:
            view.setViewportMargins(self.base_left + width, m.top(), m.right(), m.bottom())
        viewport = view.viewport().geometry()
        frame = view.frameWidth()
        self.setGeometry(frame, viewport.top(), max(0, viewport.left() - frame), viewport.height())

    def _width(self) -> int:
        """The strip's width in this pane now (0: too narrow for names)."""
        char = QFontMetricsF(self.name_font).averageCharWidth()
        width = min(round(char * WIDTH_CHARS), int(self.view.width() * MAX_SHARE) - PADDING)
        return width + PADDING if width >= char * MIN_CHARS else 0

    def labels(self) -> list[Label]:
        """The labels on screen now, top to bottom, none overlapping (computed once for a
        scroll position, size and state of the spans; painting again reuses them)."""
        view = self.view
        key = (view.verticalScrollBar().value(), view.viewport().size(), view.font().pointSizeF(),
               id(view.store), len(view.store), self.width())
        if self._labels is None or self._labels[0] != key:
            self._labels = (key, self._compute())
        return self._labels[1]

    def _compute(self) -> list[Label]:
        view = self.view
        if not self.shown or not view.text:
            return []
        start, end = visible_range(view)
        found = []
        for a in view.store.overlapping(start, end) if end > start else []:
            name = self.speakers.get(a.id, "")
            form = form_text(a.attributes) if a.attributes else ""
            if name or form:
                found.append((a, name, form))
        labels: list[Label] = []
        name_h = QFontMetricsF(self.name_font).height()
        form_h = QFontMetricsF(self.form_font).height()
        below = -1e9
        width = self.width() - PADDING - 2
        for a, name, form in found:
            rects = [r for r in view.span_rects(a.start, a.end) if r.bottom() > 0]
            if not rects:
                continue
            top = max(rects[0].top(), 0.0, below)  # a quote begun above stays named
            height = (name_h if name else 0) + form_h * len(form.split(" · ") if form else ())
            rect = QRectF(2, top, width, height)
            labels.append(Label(a.id, name, form, rect))
            below = rect.bottom()
        return labels

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.view.palette().base())  # one page with the text
        labels = self.labels()
        name_m = QFontMetricsF(self.name_font)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        for label in labels:
            rect = QRectF(label.rect)
            if label.name:
                painter.setFont(self.name_font)
                painter.setPen(QColor(SPEAKER_COLOR))
                text = name_m.elidedText(label.name, Qt.TextElideMode.ElideRight, rect.width())
                painter.drawText(rect, align, text)
                rect.setTop(rect.top() + name_m.height())
            if label.form:  # "direct", "anonymous": a line each
                painter.setFont(self.form_font)
                painter.setPen(QColor("#777777"))
                form_m = QFontMetricsF(self.form_font)
                for part in label.form.split(" · "):
                    painter.drawText(rect, align, form_m.elidedText(
                        part, Qt.TextElideMode.ElideRight, rect.width()))
                    rect.setTop(rect.top() + form_m.height())
        painter.end()
