"""The annotations of one open article, indexed for painting: which spans touch a range?

Qt-free. Spans stay sorted by start; short spans are found by binary search in a window before
the range, the rare long ones (over LONG code points) are kept apart and scanned. Painting asks
only for the blocks on screen, so nothing is computed for the rest of a long article.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable

from ..domain.model import Annotation

LONG = 2000


class SpanStore:
    def __init__(self, annotations: Iterable[Annotation] = ()):
        self.by_id: dict[str, Annotation] = {}
        self._short: list[tuple[int, int, str]] = []  # (start, end, id), sorted
        self._long: list[Annotation] = []
        items = list(annotations)
        for a in items:
            self.by_id[a.id] = a
        self._short = sorted((a.start, a.end, a.id) for a in items if a.end - a.start <= LONG)
        self._long = [a for a in items if a.end - a.start > LONG]

    def __len__(self) -> int:
        return len(self.by_id)

    def __contains__(self, annotation_id: str) -> bool:
        return annotation_id in self.by_id

    def add(self, a: Annotation) -> None:
        if a.id in self.by_id:
            self.remove(a.id)
        self.by_id[a.id] = a
        if a.end - a.start > LONG:
            self._long.append(a)
        else:
            insort(self._short, (a.start, a.end, a.id))

    def remove(self, annotation_id: str) -> Annotation | None:
        a = self.by_id.pop(annotation_id, None)
        if a is None:
            return None
        if a.end - a.start > LONG:
            self._long = [x for x in self._long if x.id != annotation_id]
        else:
            i = bisect_left(self._short, (a.start, a.end, a.id))
            if i < len(self._short) and self._short[i][2] == annotation_id:
                del self._short[i]
        return a

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Spans with at least one character in [start, end), in (start, end, id) order."""
        lo = bisect_left(self._short, (start - LONG,))
        hi = bisect_left(self._short, (end,))
        found = [self.by_id[i] for s, e, i in self._short[lo:hi] if e > start]
        found += [a for a in self._long if a.start < end and a.end > start]
        if self._long:
            found.sort(key=lambda a: (a.start, a.end, a.id))
        return found

    def at(self, pos: int) -> list[Annotation]:
        """Spans covering the character at ``pos``, innermost (shortest) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda a: (a.end - a.start, a.start))

    def ordered(self) -> list[Annotation]:
        """All spans in reading order."""
        return sorted(self.by_id.values(), key=lambda a: (a.start, a.end, a.tag, a.id))
