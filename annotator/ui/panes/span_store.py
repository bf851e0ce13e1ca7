"""The annotations of one open article, indexed for painting: which spans touch a range?

Qt-free. Spans are kept in (start, end, tag, id) order, the order the project returns them in,
so loading is a copy, not a sort; a parallel list of starts serves binary search. Short spans
are found in a window before the range; the rare long ones (over LONG code points) are kept
apart and scanned. Painting asks only for the blocks on screen.

With ``shown`` set (the names of the annotators whose layers the window shows), the spans of
other annotators stay in the store (by_id, ordered(), len) but are not found by overlapping()
and at(): they are neither drawn nor clicked. None (the default) shows all, filtering nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from ...domain.model import Annotation

LONG = 2000


def _key(a: Annotation) -> tuple:
    return (a.start, a.end, a.tag, a.id)


class SpanStore:
    def __init__(self, annotations: Iterable[Annotation] = (), *, presorted: bool = False):
        items = list(annotations)
        if not presorted:
            items.sort(key=_key)
        self.by_id: dict[str, Annotation] = {a.id: a for a in items}
        self._long = [a for a in items if a.end - a.start > LONG]
        self._items = [a for a in items if a.end - a.start <= LONG] if self._long else items
        self._starts = [a.start for a in self._items]
        self.shown: frozenset[str] | None = None  # annotators whose spans are found (None: all)

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
            return
        i = bisect_left(self._starts, a.start)
        key = _key(a)
        while i < len(self._items) and self._items[i].start == a.start and _key(self._items[i]) < key:
            i += 1
        self._items.insert(i, a)
        self._starts.insert(i, a.start)

    def remove(self, annotation_id: str) -> Annotation | None:
        a = self.by_id.pop(annotation_id, None)
        if a is None:
            return None
        if a.end - a.start > LONG:
            self._long = [x for x in self._long if x.id != annotation_id]
            return a
        for i in range(bisect_left(self._starts, a.start), bisect_right(self._starts, a.start)):
            if self._items[i].id == annotation_id:
                del self._items[i]
                del self._starts[i]
                break
        return a

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Spans with at least one character in [start, end), in (start, end, tag, id) order."""
        lo = bisect_left(self._starts, start - LONG)
        hi = bisect_left(self._starts, end)
        found = [a for a in self._items[lo:hi] if a.end > start]
        if self._long:
            found += [a for a in self._long if a.start < end and a.end > start]
            found.sort(key=_key)
        if self.shown is not None:
            shown = self.shown
            return [a for a in found if a.annotator in shown]
        return found

    def at(self, pos: int) -> list[Annotation]:
        """Spans covering the character at ``pos``, innermost (shortest) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda a: (a.end - a.start, a.start))

    def ordered(self) -> list[Annotation]:
        """All spans in reading order."""
        if not self._long:
            return list(self._items)
        return sorted(self.by_id.values(), key=_key)
