"""Sync scrolling that follows links: when two panes' articles are linked, scrolling one brings
the linked spans of the other into view.

The links between the two articles give anchors, pairs of code points (source end, other end),
sorted by the source end. The code point at the centre of the scrolled pane is placed between
its two neighbouring anchors and the same proportion is taken between their other ends (the
article's start and end are anchors too); the other pane is scrolled to put that point at its
centre. So a link's end at the centre of one pane brings its other end to the centre of the
other, and between links the panes scroll proportionally. Anchors are cached per article pair
until the links change (LinkIndex.version); each scroll costs two bisections and one block
layout.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QPoint

from .link_index import LinkIndex


def interpolate(anchors: list[tuple[int, int]], point: int, source_length: int,
                other_length: int) -> float:
    """Where ``point`` of the source text falls in the other text, between neighbouring
    anchors (the starts and ends of both texts count as anchors)."""
    sources = [s for s, _ in anchors]
    i = bisect_right(sources, point)
    s0, o0 = anchors[i - 1] if i > 0 else (0, 0)
    s1, o1 = anchors[i] if i < len(anchors) else (source_length, other_length)
    if s1 <= s0:
        return float(o0)
    return o0 + (o1 - o0) * (point - s0) / (s1 - s0)


def centre_codepoint(view) -> int:
    """The code point at the left of the line in the middle of a view."""
    cursor = view.cursorForPosition(QPoint(0, view.viewport().height() // 2))
    return view.offsets.to_codepoint(cursor.position())


def value_centring(view, codepoint: int) -> int:
    """The vertical scroll value (QPlainTextEdit counts lines) that puts this code point's line
    in the middle of the view."""
    doc = view.document()
    u16 = view.offsets.to_utf16(min(codepoint, len(view.text)))
    block = doc.findBlock(u16)
    if not block.isValid():
        return view.verticalScrollBar().value()
    doc.documentLayout().blockBoundingRect(block)  # lays the block out if it was not yet
    line = block.layout().lineForTextPosition(u16 - block.position())
    number = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
    height = line.height() if line.isValid() and line.height() > 0 else \
        view.fontMetrics().lineSpacing()
    bar = view.verticalScrollBar()
    return max(bar.minimum(), min(bar.maximum(),
                                  round(number - view.viewport().height() / height / 2)))


class LinkSync:
    def __init__(self, index: LinkIndex):
        self.index = index
        self._cache: dict[tuple[str, str], tuple[int, list[tuple[int, int]]]] = {}

    def anchors(self, source_article: str, other_article: str) -> list[tuple[int, int]]:
        """(code point in the source, code point in the other) per link between the two
        articles, by source position; ends at one source point are averaged."""
        key = (source_article, other_article)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == self.index.version:
            return cached[1]
        ends = self.index.ends
        found: dict[int, list[int]] = {}
        for link in self.index.between(source_article, other_article):
            a, b = ends.get(link.from_id), ends.get(link.to_id)
            if a is None or b is None:
                continue
            if a.article_id != source_article:
                a, b = b, a
            found.setdefault(a.start, []).append(b.start)
        anchors = sorted((s, round(sum(o) / len(o))) for s, o in found.items())
        self._cache[key] = (self.index.version, anchors)
        return anchors

    def value_for(self, source, other) -> int | None:
        """Where the other pane should scroll to follow the source pane, or None when their
        articles are not linked (then they scroll proportionally)."""
        if not source.article_id or not other.article_id or source.article_id == other.article_id:
            return None
        anchors = self.anchors(source.article_id, other.article_id)
        if not anchors:
            return None
        target = interpolate(anchors, centre_codepoint(source.view), len(source.view.text),
                             len(other.view.text))
        return value_centring(other.view, round(target))
