"""Sync scrolling that follows links: when two panes' articles are linked, scrolling one brings
the linked spans of the other into view.

The links between the two articles give anchors, pairs of code points (source end, other end),
sorted by the source end; the starts and the ends of both texts are anchors too. The line in
the middle of the scrolled pane falls between two neighbouring anchors. Aligning an anchor means
scrolling the other pane so that its end is at the same height as the source end; the other
pane is scrolled to a blend of the two neighbours' alignments, weighted by how near the middle
line is to each. So the link whose source end is at the middle of one pane has its other end
at the same height in the other pane, and between links the other pane moves smoothly from one
alignment to the next. Anchors (and the list of their source ends, bisected at each scroll) are
cached per article pair until the links change (LinkIndex.version); each scroll lays out at
most four blocks.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QPoint

from .link_index import LinkIndex


def neighbours(anchors: list[tuple[int, int]], point: int, source_length: int,
               other_length: int, starts: list[int] | None = None
               ) -> tuple[tuple[int, int], tuple[int, int]]:
    """The anchors on either side of ``point`` (the texts' starts and ends count as anchors);
    ``starts``, the anchors' source ends, if the caller keeps them."""
    i = bisect_right(starts if starts is not None else [s for s, _ in anchors], point)
    before = anchors[i - 1] if i > 0 else (0, 0)
    after = anchors[i] if i < len(anchors) else (source_length, other_length)
    return before, after


def line_of(view, codepoint: int) -> tuple[float, float]:
    """The line (QPlainTextEdit's scroll unit) a code point is on, and that line's height."""
    doc = view.document()
    u16 = view.offsets.to_utf16(max(0, min(codepoint, len(view.text))))
    block = doc.findBlock(u16)
    if not block.isValid():
        block = doc.lastBlock()
    doc.documentLayout().blockBoundingRect(block)  # lays the block out if it was not yet
    line = block.layout().lineForTextPosition(u16 - block.position())
    number = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
    height = line.height() if line.isValid() and line.height() > 0 else \
        view.fontMetrics().lineSpacing()
    return float(number), height


def value_centring(view, codepoint: int) -> int:
    """The vertical scroll value that puts this code point's line in the middle of the view."""
    number, height = line_of(view, codepoint)
    bar = view.verticalScrollBar()
    return max(bar.minimum(), min(bar.maximum(),
                                  round(number - view.viewport().height() / height / 2)))


def centre_codepoint(view) -> int:
    """The code point at the left of the line in the middle of a view."""
    cursor = view.cursorForPosition(QPoint(0, view.viewport().height() // 2))
    return view.offsets.to_codepoint(cursor.position())


class LinkSync:
    def __init__(self, index: LinkIndex):
        self.index = index
        self._cache: dict[tuple[str, str], tuple[int, list[tuple[int, int]], list[int]]] = {}

    def anchors(self, source_article: str, other_article: str) -> list[tuple[int, int]]:
        """(code point in the source, code point in the other) per link between the two
        articles, by source position; ends at one source point are averaged."""
        return self._anchors(source_article, other_article)[0]

    def _anchors(self, source_article: str, other_article: str
                 ) -> tuple[list[tuple[int, int]], list[int]]:
        """The anchors and their source ends (every link needed: a large project's are waited
        for if they are still being read)."""
        self.index.ensure_complete()
        key = (source_article, other_article)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == self.index.version:
            return cached[1], cached[2]
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
        starts = [s for s, _ in anchors]
        self._cache[key] = (self.index.version, anchors, starts)
        return anchors, starts

    def value_for(self, source, other) -> int | None:
        """Where the other pane should scroll to follow the source pane, or None when their
        articles are not linked (then they scroll proportionally)."""
        if not source.article_id or not other.article_id or source.article_id == other.article_id:
            return None
        anchors, starts = self._anchors(source.article_id, other.article_id)
        if not anchors:
            return None
        src, dst = source.view, other.view
        value = src.verticalScrollBar().value()
        middle = centre_codepoint(src)
        (s0, o0), (s1, o1) = neighbours(anchors, middle, len(src.text), len(dst.text), starts)
        (line_s0, height), (line_s1, _) = line_of(src, s0), line_of(src, s1)
        centre = value + src.viewport().height() / height / 2
        # Aligned on an anchor: its other end at the same height as its source end.
        aligned = [line_of(dst, o)[0] - (line - value) for o, line in ((o0, line_s0), (o1, line_s1))]
        weight = 0.0 if line_s1 <= line_s0 else min(1.0, max(0.0, (centre - line_s0)
                                                              / (line_s1 - line_s0)))
        bar = dst.verticalScrollBar()
        target = aligned[0] + (aligned[1] - aligned[0]) * weight
        return max(bar.minimum(), min(bar.maximum(), round(target)))
