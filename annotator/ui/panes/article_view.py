"""The text of one article, read-only, with its annotations highlighted.

A QPlainTextEdit (QTextEdit would lay out a whole long article in the background). Highlights
are set with QTextLayout.setFormats on the blocks about to be painted only, from the SpanStore;
a change re-formats just the blocks it touches. All offsets leaving this widget are code points.

Annotator layers (layers.py): only the shown annotators' spans are found in the store; with
several shown, the primary layer is formatted as always and the others are underlined over the
text (layers_paint.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

from ...domain.comparison.links import NOT_ARTICLE
from ...domain.model import Annotation
from ...domain.spans import clean_selection
from .highlight import Palette, block_formats
from ..team.layers_paint import paint_layers
from .offsets import OffsetMap, display_text
from .span_store import SpanStore


READING_POINT_SIZE = 12.5


def reading_font() -> QFont:
    font = QFont()
    font.setFamilies(["Noto Serif", "Georgia", "DejaVu Serif", "Times New Roman", "serif"])
    font.setPointSizeF(READING_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


class ArticleView(QPlainTextEdit):
    selectionMoved = Signal(int, int)     # code points of the raw selection; (-1, -1) for none
    annotationClicked = Signal(str)       # id of the span clicked; "" for a click on plain text
    enterPressed = Signal()               # Return or Enter (no shortcut took it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(reading_font())
        self.setMouseTracking(True)
        self.setViewportMargins(8, 8, 8, 8)
        self.document().setDocumentMargin(12)
        self.text = ""
        self.offsets = OffsetMap("")
        self.store = SpanStore()
        self.layers_shown: frozenset[str] | None = None  # annotators shown (None: all)
        self.layer_primary: str | None = None  # with layer_styles: the layer filled as always
        self.layer_styles: dict[str, int] = {}  # the other shown layers, underlined
        self.palette_ = Palette({})
        self._fresh: set[int] = set()   # block numbers whose formats are up to date
        self.current_id: str | None = None
        self._pending: list | None = None  # edits made while the spans are still loading
        self.snap_words = True  # selections grow to whole words (View menu)
        self._flash = 0
        self._flash_timer = QTimer(self, interval=120)
        self._flash_timer.timeout.connect(self._flash_step)
        self.selectionChanged.connect(self._emit_selection)
        # Drawn over the text after it, each fn(view) painting the viewport (suggestions.py).
        self.paint_hooks: list = []

    # -- content --------------------------------------------------------------------------------
    def set_article(self, text: str, annotations: list[Annotation], colors: dict[str, str]) -> None:
        if text and text == self.text:
            # The same article again, its spans changed wholesale (a merge, a renamed tag): the
            # document stays, and with it where the reader was and what they had selected.
            self._new_store(annotations)
            self._pending = None
            self.palette_ = Palette(colors)
            if self.current_id not in self.store:
                self.current_id = None
            self.refresh_all()
            return
        self.text = text
        self.offsets = OffsetMap(text)
        self._new_store(annotations)
        self._pending = None
        self.palette_ = Palette(colors)
        self.current_id = None
        self._fresh.clear()
        self.setPlainText(display_text(text))

    def _new_store(self, annotations: list[Annotation]) -> None:
        self.store = SpanStore(annotations, presorted=True)
        self.store.shown = self.layers_shown

    def set_layers(self, shown: frozenset[str] | None, primary: str | None,
                   styles: dict[str, int]) -> None:
        """Which annotators' spans are shown, and with several: the primary layer (filled)
        and the others' styles (underlined). Draws again only when something changed."""
        if (shown, primary if styles else None, styles) == \
                (self.layers_shown, self.layer_primary, self.layer_styles):
            return
        self.layers_shown = self.store.shown = shown
        self.layer_primary = primary if styles else None
        self.layer_styles = dict(styles)
        self.refresh_all()

    def set_colors(self, colors: dict[str, str]) -> None:
        self.palette_ = Palette(colors)
        self.refresh_all()

    def refresh_all(self) -> None:
        self._fresh.clear()
        self.viewport().update()

    @property
    def loading(self) -> bool:
        return self._pending is not None

    def begin_loading(self) -> None:
        self._pending = []

    def finish_loading(self, annotations: list[Annotation]) -> None:
        """All spans have been read: swap them in, then replay edits made in the meantime."""
        pending, self._pending = self._pending or [], None
        self._new_store(annotations)
        for upserted, removed in pending:
            for annotation_id in removed:
                self.store.remove(annotation_id)
            for a in upserted:
                self.store.add(a)
        self.refresh_all()

    def apply_changes(self, upserted: list[Annotation], removed: list[str]) -> None:
        """Update the spans; re-format only the blocks whose spans changed."""
        if self._pending is not None:
            self._pending.append((upserted, removed))
        touched: list[tuple[int, int]] = []
        for annotation_id in removed:
            old = self.store.remove(annotation_id)
            if old:
                touched.append((old.start, old.end))
            if annotation_id == self.current_id:
                self.current_id = None
        for a in upserted:
            old = self.store.by_id.get(a.id)
            if old:
                touched.append((old.start, old.end))
            self.store.add(a)
            touched.append((a.start, a.end))
        doc = self.document()
        for start, end in touched:
            first = doc.findBlock(self.offsets.to_utf16(start)).blockNumber()
            last = doc.findBlock(max(0, self.offsets.to_utf16(end) - 1)).blockNumber()
            self._fresh.difference_update(range(first, last + 1))
        self.viewport().update()

    # -- painting -------------------------------------------------------------------------------
    def _format_visible_blocks(self) -> None:
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().rect().bottom()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > bottom:
                break
            number = block.blockNumber()
            if number not in self._fresh:
                self._fresh.add(number)
                pos = block.position()
                start_cp = self.offsets.to_codepoint(pos)
                end_cp = self.offsets.to_codepoint(pos + block.length() - 1)
                spans = self.store.overlapping(start_cp, end_cp) if end_cp > start_cp else []
                if self.layer_styles and spans:  # the others' layers are underlined instead
                    primary = self.layer_primary
                    spans = [a for a in spans if a.annotator == primary or a.tag == NOT_ARTICLE]
                formats = block_formats(spans, start_cp, end_cp, pos, self.offsets, self.palette_)
                if formats or block.layout().formats():
                    block.layout().setFormats(formats)
            block = block.next()

    def paintEvent(self, event) -> None:
        self._format_visible_blocks()
        super().paintEvent(event)
        if self.layer_styles:
            paint_layers(self)
        current = self.store.by_id.get(self.current_id) if self.current_id else None
        if current is not None and (self.layers_shown is None
                                    or current.annotator in self.layers_shown):
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            color = self.palette_.color(current.tag)
            width = 3.0 if self._flash % 2 else 1.6
            painter.setPen(QPen(color.darker(140) if self._flash % 2 else color, width))
            for rect in self.span_rects(current.start, current.end):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
            painter.end()
        for hook in self.paint_hooks:
            hook(self)

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles of a span's text, one per line it occupies (visible lines only)."""
        u_start, u_end = self.offsets.span_to_utf16(start, end)
        doc = self.document()
        rects = []
        block = doc.findBlock(u_start)
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid() and block.position() < u_end:
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if geometry.bottom() >= 0:
                layout = block.layout()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    line_start = block.position() + line.textStart()
                    line_end = line_start + line.textLength()
                    a, b = max(u_start, line_start), min(u_end, line_end)
                    if a >= b:
                        continue
                    x1 = line.cursorToX(a - block.position())[0]  # type: ignore[index]
                    x2 = line.cursorToX(b - block.position())[0]  # type: ignore[index]
                    top = geometry.top() + line.y()
                    rects.append(QRectF(QPointF(geometry.left() + x1, top),
                                        QPointF(geometry.left() + x2, top + line.height())))
            block = block.next()
        return rects

    # -- current annotation ---------------------------------------------------------------------
    def set_current(self, annotation_id: str | None, *, reveal: bool = False) -> None:
        self.current_id = annotation_id or None
        annotation = self.store.by_id.get(annotation_id) if annotation_id else None
        if annotation is not None and reveal:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_utf16(annotation.start))
            self.setTextCursor(cursor)
            self.centerCursor()
            self._flash = 6
            self._flash_timer.start()
        self.viewport().update()

    def _flash_step(self) -> None:
        self._flash -= 1
        if self._flash <= 0:
            self._flash_timer.stop()
        self.viewport().update()

    # -- selection and pointer ------------------------------------------------------------------
    def selection_codepoints(self) -> tuple[int, int] | None:
        """The selection in code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())

    def clean_selection(self) -> tuple[int, int] | None:
        """The selection as a span would store it: whole characters (and words, if snapping),
        no outer whitespace."""
        raw = self.selection_codepoints()
        return clean_selection(self.text, *raw, words=self.snap_words) if raw else None

    def select_codepoints(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _emit_selection(self) -> None:
        span = self.selection_codepoints()
        self.selectionMoved.emit(*(span or (-1, -1)))

    def codepoint_at(self, point) -> int | None:
        """The character under a viewport point, or None when the point is past a line's end."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        rect = self.cursorRect(cursor)
        if point.x() < rect.left():  # the point is on the character before the cursor
            pos -= 1
        if pos < 0 or pos >= self.offsets.length_u16:
            return None
        probe = QTextCursor(self.document())
        probe.setPosition(pos)
        left = self.cursorRect(probe).left()
        probe.setPosition(pos + 1 if pos + 1 <= self.offsets.length_u16 else pos)
        right = self.cursorRect(probe).left()
        if not (min(left, right) - 1 <= point.x() <= max(left, right) + 1) and right > left:
            return None
        return self.offsets.to_codepoint(pos)

    def annotations_at(self, point) -> list[Annotation]:
        cp = self.codepoint_at(point)
        return self.store.at(cp) if cp is not None else []

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):  # (keypad Enter too)
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:
        # Text is never dragged out of a read-only article: a press inside the selection starts
        # a new selection, as everywhere else in the text.
        if (event.button() == Qt.MouseButton.LeftButton
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                and self.textCursor().hasSelection()):
            cursor = self.cursorForPosition(event.position().toPoint())
            self.setTextCursor(cursor)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        under = self.annotations_at(event.position().toPoint())
        if not under:
            self.annotationClicked.emit("")
            return
        ids = [a.id for a in under]
        # Clicking again on nested spans walks outwards through them.
        chosen = ids[(ids.index(self.current_id) + 1) % len(ids)] if self.current_id in ids else ids[0]
        self.annotationClicked.emit(chosen)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            under = self.annotations_at(event.pos())
            if under:
                QToolTip.showText(event.globalPos(), self.tooltip_html(under), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_html(self, annotations: list[Annotation]) -> str:
        from html import escape

        rows = []
        for a in annotations:
            color = self.palette_.color(a.tag).name()
            excerpt = a.text if len(a.text) <= 80 else a.text[:79] + "…"
            note = f"<br><i>{escape(a.note)}</i>" if a.note else ""
            who = f" <span style='color:gray'>— {escape(a.annotator)}</span>" if a.annotator else ""
            rows.append(f"<p style='margin:2px'><b style='color:{color}'>■ {escape(a.tag)}</b> "
                        f"{escape(excerpt)}{who}{note}</p>")
        return "".join(rows)
