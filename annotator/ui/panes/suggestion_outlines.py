"""The suggestions of one pane's article, drawn as dashed outlines over its text.

A QObject child of the ArticleView (found with findChild), whose paint() the view calls after
painting its text (ArticleView.paint_hooks). Painting asks only for the suggestions on screen:
they are kept sorted by start, and a binary search from the first visible character (less the
longest suggestion) finds them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ...domain.suggestions.kinds import ACTOR, QUOTE
from .speaker_margin import visible_range

if TYPE_CHECKING:
    from ...domain.suggestions.suggest import Suggestion


class PaneSuggestions(QObject):
    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.items: list[Suggestion] = []
        self.text = ""  # the article text they were found in
        self._starts: list[int] = []
        self._longest = 0
        self.current: Suggestion | None = None
        self._quotes: tuple[str, list[Suggestion]] | None = None  # (text, its quotes)
        self._mentions: tuple[str, list, list[Suggestion]] | None = None  # (text, actors, …)
        view.paint_hooks.append(self.paint)

    @staticmethod
    def of(view) -> PaneSuggestions:
        found = view.findChild(PaneSuggestions)
        return found if found is not None else PaneSuggestions(view)

    # -- contents -------------------------------------------------------------------------------
    def quotes_for(self, text: str, make) -> list[Suggestion]:
        """The quotes of ``text`` (made once per text by ``make``: the text never changes)."""
        if self._quotes is None or self._quotes[0] is not text:
            self._quotes = (text, make(text))
        return self._quotes[1]

    def mentions_for(self, text: str, actors: list, make) -> list[Suggestion]:
        """The mentions of ``actors`` in ``text``, made again when either is another object
        (the window's list of actors is made anew when they change)."""
        if self._mentions is None or self._mentions[0] is not text or self._mentions[1] is not actors:
            self._mentions = (text, actors, make(text, actors))
        return self._mentions[2]

    def set_items(self, items: list[Suggestion], text: str = "") -> None:
        self.text = text
        self.items = sorted(items, key=lambda s: (s.start, s.end, s.kind))
        self._starts = [s.start for s in self.items]
        self._longest = max((s.end - s.start for s in self.items), default=0)
        if self.current is not None and self.current not in self.items:
            self.current = next((s for s in self.items if s.key == self.current.key), None)
        self.view.viewport().update()

    def clear(self) -> None:
        self.current = None
        self.set_items([])

    # -- finding --------------------------------------------------------------------------------
    def near(self, start: int, end: int) -> list[Suggestion]:
        """Suggestions whose span (or speaker) touches [start, end], innermost first."""
        if self.view.text is not self.text:  # the pane shows another article meanwhile
            return []
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_right(self._starts, end)
        own = [s for s in self.items[lo:hi] if s.start <= end and start <= s.end]
        own.sort(key=lambda s: (s.end - s.start, s.start))
        spoken = [s for s in self.items if s.speaker is not None
                  and s.speaker[0] <= end and start <= s.speaker[1] and s not in own]
        return own + spoken

    def at_cursor(self) -> Suggestion | None:
        """The suggestion under the text cursor (or the selection); the current one first."""
        view = self.view
        cursor = view.textCursor()
        if cursor.hasSelection():
            start, end = view.offsets.span_to_codepoints(cursor.selectionStart(),
                                                         cursor.selectionEnd())
        else:
            start = end = view.offsets.to_codepoint(cursor.position())
        found = self.near(start, end)
        if self.current in found:
            return self.current
        return found[0] if found else None

    def following(self, position: int, forward: bool, wrap: bool = True) -> Suggestion | None:
        """The first suggestion starting after ``position`` (before it, going back)."""
        if not self.items or self.view.text is not self.text:
            return None
        if forward:
            i = bisect_right(self._starts, position)
            return self.items[i] if i < len(self.items) else (self.items[0] if wrap else None)
        i = bisect_left(self._starts, position) - 1
        return self.items[i] if i >= 0 else (self.items[-1] if wrap else None)

    # -- painting -------------------------------------------------------------------------------
    def paint(self, view) -> None:
        if not self.items or view.text is not self.text:  # (a new article, not yet looked at)
            return
        lo, hi = visible_range(view)
        first = bisect_left(self._starts, lo - self._longest)
        last = bisect_left(self._starts, hi)
        shown = [s for s in self.items[first:last] if s.end >= lo]
        if not shown:
            return
        painter = QPainter(view.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = view.palette_
        for s in shown:
            current = s == self.current
            color = QColor(palette.color(QUOTE if s.kind == QUOTE else ACTOR))
            self._outline(painter, s.start, s.end, color, current, Qt.PenStyle.DashLine)
            if s.speaker is not None:
                self._outline(painter, *s.speaker, QColor(palette.color(ACTOR)), current,
                              Qt.PenStyle.DotLine)
        painter.end()

    def _outline(self, painter: QPainter, start: int, end: int, color: QColor, current: bool,
                 style) -> None:
        pen = QPen(color.darker(130) if current else color, 2.2 if current else 1.3, style)
        painter.setPen(pen)
        if current:
            fill = QColor(color)
            fill.setAlpha(40)
            painter.setBrush(fill)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self.view.span_rects(start, end):
            painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
