"""Regions that are not part of the article (scraped navigation, captions twice, reader
comments): spans of the tag links.NOT_ARTICLE. They are drawn dimmed, left out of comparison
counts and of "tag every mention". Qt-free, so the window and the command line share it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from .links import NOT_ARTICLE
from ..model import Annotation


def not_article_ranges(annotations: Iterable[Annotation]) -> list[tuple[int, int]]:
    """The not-article regions among ``annotations`` as sorted, disjoint (start, end) ranges
    (overlapping or touching regions are joined)."""
    return join_ranges((a.start, a.end) for a in annotations if a.tag == NOT_ARTICLE)


def join_ranges(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) ranges sorted, with overlapping or touching ones joined."""
    spans = sorted(pairs)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies wholly within one of ``ranges`` (as not_article_ranges gives)."""
    i = bisect_right(ranges, (start, 1 << 62)) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]


def overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) shares at least one character with one of ``ranges``."""
    i = bisect_right(ranges, (end, -1))  # ranges starting before ``end``
    return i > 0 and ranges[i - 1][1] > start
