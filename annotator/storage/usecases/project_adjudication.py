"""The Project's adjudication use cases (issue 12): the places where coders' annotations are to be
settled, a decision on one (accept one side, both, an edited span, or an explicit "no span"), the
unanimous places accepted in one step, and a decision taken back (the window's undo) or put back
exactly (its redo). The result is the gold layer: annotations of the pseudo-annotator ``gold``
with their provenance in their attributes (see storage/writes/adjudication.py). Mixed into Project; each
method is one transaction that announces its Change (``decisions=True`` with the gold spans and
links it made or removed).

Decisions are written one at a time (versions.serialize on "decisions": on PostgreSQL a lock of
the transaction, taken before the places are read, so a second adjudicator deciding the same
place at once waits for the first's commit, then finds it decided and is refused in a sentence;
SQLite's writers are one at a time already)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ...domain.team.adjudication import (ACCEPT, BOTH, EDIT, REJECT, UNANIMOUS, Decision, Place,
                                   article_places, ordered_places)
from ...domain.model import Annotation, Change, Link, utc_now
from ...errors import InputRefused
from ..reads import queries
from ..writes.versions import serialize

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from sqlite3 import Connection

    from ..reads.texts import TextCache


def _ops():
    from ..writes import adjudication

    return adjudication


class Undone(NamedTuple):
    """What taking decisions back removed (restore_decisions puts it back exactly)."""

    decisions: tuple[Decision, ...]
    annotations: tuple[Annotation, ...]
    links: tuple[Link, ...]


class AdjudicationUseCases:
    annotator: str

    if TYPE_CHECKING:
        _texts: TextCache

        def _read(self) -> AbstractContextManager[Connection]: ...
        def _write(self) -> AbstractContextManager[Connection]: ...
        def _announce(self, change: Change) -> Change: ...
        def _log(self, conn: Connection, change: Change, changed: bool = True) -> Change: ...

    # -- reads ----------------------------------------------------------------------------------
    def adjudication_places(self, article_id: str | None = None) -> list[Place]:
        """The places to decide, of one article or of all, in the order to look at them
        (domain/team/adjudication.py: disagreements first, worst articles first, then position)."""
        ops = _ops()
        with self._read() as conn:
            spans = ops.coder_spans(conn, article_id)
            found = ops.decisions(conn, article_id)
            order = ops.article_order(conn)
        return ordered_places(spans, ops.decision_refs(found), order)

    def decisions(self, article_id: str | None = None) -> list[Decision]:
        with self._read() as conn:
            return _ops().decisions(conn, article_id)

    # -- decisions ------------------------------------------------------------------------------
    def decide(self, place: Place, outcome: str, *, source_ids: Sequence[str] = (),
               start: int | None = None, end: int | None = None, tag: str | None = None,
               note: str = "") -> list[Decision]:
        """Settle ``place``: ``accept`` copies the one span of ``source_ids`` into the gold layer;
        ``both`` copies each of ``source_ids`` (default: every span of the place); ``edit`` makes
        a gold span of ``start``-``end`` and ``tag`` (default the first source's tag, else the
        place's), taking actor, note and attributes from the first of ``source_ids`` if any;
        ``reject`` stores an explicit "no span" decision and no gold annotation. Refused when the
        place's spans changed since it was listed, or when it is already decided. Returns the
        decisions rows made (two or more for ``both``)."""
        ops = _ops()
        decided_at = utc_now()
        with self._write() as conn:
            serialize(conn, "decisions")  # (then the place is read as the last decision left it)
            current = self._current_place(conn, place)
            by_id = {a.id: a for a in queries.annotations_by_ids(conn, list(current.span_ids))}
            chosen = list(source_ids) or (list(current.span_ids) if outcome == BOTH else [])
            for ident in chosen:
                if ident not in by_id:
                    raise InputRefused(f"annotation {ident} is not one of this place's spans")
            sources = [by_id[i] for i in chosen]
            made: list[tuple[str, int, int, list[Annotation]]] = []  # tag, start, end, sources
            if outcome == ACCEPT:
                if len(sources) != 1:
                    raise InputRefused("accept takes exactly one coder's span")
                a = sources[0]
                made.append((a.tag, a.start, a.end, [a]))
            elif outcome == BOTH:
                if len(sources) < 2:
                    raise InputRefused("both takes at least two coders' spans")
                made.extend((a.tag, a.start, a.end, [a]) for a in sources)
            elif outcome == EDIT:
                if start is None or end is None:
                    raise InputRefused("an edited gold span needs its start and end")
                made.append((tag or (sources[0].tag if sources else current.tag), start, end,
                             sources))
            elif outcome != REJECT:
                raise InputRefused(f"a decision is accept, both, edit or reject, not {outcome!r}")
            gold = [ops.add_gold(conn, self._texts, current.article_id, t, s, e, src, outcome,
                                 self.annotator, decided_at, note) for t, s, e, src in made]
            rows = [Decision(ops.new_id(), current.article_id, g.tag, g.start, g.end, outcome,
                             current.span_ids, g.id, self.annotator, decided_at, note)
                    for g in gold] or [
                Decision(ops.new_id(), current.article_id, current.tag, current.start,
                         current.end, outcome, current.span_ids, None, self.annotator,
                         decided_at, note)]
            for row in rows:
                ops.insert_decision(conn, row)
            links = ops.copy_links(conn, gold)
            change = self._log(conn, Change(upserted=tuple(gold), links_upserted=tuple(links),
                                            decisions=True))
        self._announce(change)
        return rows

    def _current_place(self, conn: Connection, place: Place) -> Place:
        ops = _ops()
        refs = ops.decision_refs(ops.decisions(conn, place.article_id))
        spans = ops.coder_spans(conn, place.article_id).get(place.article_id, [])
        for current in article_places(place.article_id, spans, refs):
            if current.span_ids == place.span_ids and current.spans == place.spans:
                if current.settled:
                    raise InputRefused(f"the place at {place.start}–{place.end} is decided "
                                       "already (undo that decision to decide it again)")
                return current
        raise InputRefused(f"the coders' spans at {place.start}–{place.end} changed since the "
                           "places were listed; nothing was decided, look at them again")

    def accept_unanimous(self, article_id: str | None = None) -> list[Decision]:
        """Accept every open unanimous place (of one article, or all) in one transaction: one
        gold copy each (of the first coder's span by name), decision ``unanimous``."""
        ops = _ops()
        decided_at = utc_now()
        with self._write() as conn:
            serialize(conn, "decisions")
            found = ops.decisions(conn, article_id)
            places = ordered_places(ops.coder_spans(conn, article_id), ops.decision_refs(found))
            gold: list[Annotation] = []
            rows: list[Decision] = []
            for place in places:
                if place.kind != UNANIMOUS or place.settled:
                    continue
                by_id = {a.id: a for a in queries.annotations_by_ids(conn, list(place.span_ids))}
                sources = [by_id[s.id] for s in place.spans]
                first = sources[0]
                made = ops.add_gold(conn, self._texts, place.article_id, first.tag, first.start,
                                    first.end, sources, UNANIMOUS, self.annotator, decided_at, "")
                gold.append(made)
                rows.append(Decision(ops.new_id(), place.article_id, made.tag, made.start,
                                     made.end, UNANIMOUS, place.span_ids, made.id, self.annotator,
                                     decided_at, ""))
                ops.insert_decision(conn, rows[-1])
            links = ops.copy_links(conn, gold)
            change = self._log(conn, Change(upserted=tuple(gold), links_upserted=tuple(links),
                                            decisions=bool(rows)))
        self._announce(change)
        return rows

    # -- undo and redo --------------------------------------------------------------------------
    def undo_decision(self, decision_id: str) -> Undone:
        """Take a decision back (with the other rows of its "both"): its gold annotations and
        their links are deleted. Returns what was removed, for restore_decisions."""
        return self.undo_decisions([decision_id])

    def undo_decisions(self, decision_ids: Sequence[str]) -> Undone:
        with self._write() as conn:
            serialize(conn, "decisions")
            gone, annotations, links = _ops().take_back(conn, list(decision_ids))
            change = self._log(conn, Change(
                removed=tuple((a.article_id, a.id) for a in annotations),
                links_removed=tuple(k.id for k in links), decisions=True))
        self._announce(change)
        return Undone(tuple(gone), tuple(annotations), tuple(links))

    def restore_decisions(self, undone: Undone) -> None:
        """Put back what undo_decision(s) removed, exactly (same ids and times)."""
        with self._write() as conn:
            serialize(conn, "decisions")
            back, links = _ops().put_back(conn, self._texts, list(undone.decisions),
                                          list(undone.annotations), list(undone.links))
            change = self._log(conn, Change(upserted=tuple(back), links_upserted=tuple(links),
                                            decisions=True))
        self._announce(change)
