"""The adjudicator's writes on one open transaction: gold annotations copied from the coders' spans
with their provenance, the decisions rows, gold links between gold copies, and taking a decision
back. Called by usecases/project_adjudication.py, which holds the use cases and their transactions.

Provenance, in the gold annotation's attributes (exported with it by every format that keeps
attributes): ``gold_from`` (the source annotation's id; for ``unanimous`` the ids of every coder's
identical span, and for ``edit`` those it was based on, joined by spaces, the one whose actor,
note and attributes were copied first), ``gold_from_annotator`` (that first source's annotator),
``decided_by``, ``decided_at``, ``decision`` (accept, both, edit, unanimous) and
``decision_note`` when there is a note. ``both`` makes one gold span (and one decisions row) per
side, each naming its own source. A ``reject`` is a decisions row without gold annotation.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable

from ...domain.team.adjudication import CoderSpan, Decision, DecisionRef
from ...domain.annotators import GOLD
from ...domain.comparison.links import check_attributes
from ...domain.model import Annotation, Link
from ..reads import queries
from .comparison import add_link, delete_link, restore_link
from .edits import add_annotation, annotator_id, delete_annotation, restore_annotation
from ..reads.texts import TextCache

Connection = sqlite3.Connection
PROVENANCE = ("gold_from", "gold_from_annotator", "decided_by", "decided_at", "decision",
              "decision_note")
DECISION_SQL = ('SELECT d.id, d.article_id, tg.name, d.start, d."end", d.outcome, d.sources, '
                "d.gold_id, who.name, d.decided_at, d.note FROM decisions d "
                "JOIN tags tg ON tg.id = d.tag_id JOIN annotators who ON who.id = d.decided_by")
DECISION_INSERT = ('INSERT INTO decisions (id, article_id, tag_id, start, "end", outcome, sources, '
                   "gold_id, decided_by, decided_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


# -- reads --------------------------------------------------------------------------------------
def coder_spans(conn: Connection, article_id: str | None = None) -> dict[str, list[CoderSpan]]:
    """Every annotator's spans but gold's, per article (in import order of the articles)."""
    sql = ('SELECT an.article_id, an.id, who.name, tg.name, an.start, an."end", an.text '
           "FROM annotations an JOIN annotators who ON who.id = an.annotator_id "
           "JOIN tags tg ON tg.id = an.tag_id JOIN articles ar ON ar.id = an.article_id "
           "WHERE who.name <> ?")
    params: tuple = (GOLD,)
    if article_id is not None:
        sql, params = sql + " AND an.article_id = ?", (GOLD, article_id)
    out: dict[str, list[CoderSpan]] = {}
    for row in conn.execute(sql + ' ORDER BY ar.seq, an.start, an."end", an.id', params):
        out.setdefault(row[0], []).append(CoderSpan(*row[1:]))
    return out


def _decision(row) -> Decision:
    ident, article_id, tag, start, end, outcome, sources, gold_id, by, at, note = row
    return Decision(ident, article_id, tag, start, end, outcome, tuple(json.loads(sources)),
                    gold_id, by, at, note)


def decisions(conn: Connection, article_id: str | None = None,
              ids: Iterable[str] | None = None) -> list[Decision]:
    sql, params = DECISION_SQL, ()  # type: tuple[str, tuple[str, ...]]
    if ids is not None:
        wanted = list(ids)
        sql += f" WHERE d.id IN ({','.join('?' * len(wanted))})"
        params = tuple(wanted)
    elif article_id is not None:
        sql, params = sql + " WHERE d.article_id = ?", (article_id,)
    rows = conn.execute(sql + ' ORDER BY d.article_id, d.start, d."end", d.decided_at, d.id',
                        params)
    return [_decision(row) for row in rows]


def decision_refs(found: Iterable[Decision]) -> list[DecisionRef]:
    return [DecisionRef(d.id, d.article_id, d.sources, d.outcome) for d in found]


def article_order(conn: Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY seq")]


# -- writes -------------------------------------------------------------------------------------
def provenance(sources: list[Annotation], outcome: str, decided_by: str, decided_at: str,
               note: str) -> dict:
    values = {"gold_from": " ".join(a.id for a in sources), "decided_by": decided_by,
              "decided_at": decided_at, "decision": outcome}
    if sources:
        values["gold_from_annotator"] = sources[0].annotator
    else:
        values.pop("gold_from")
    if note:
        values["decision_note"] = note
    return values


def add_gold(conn: Connection, texts: TextCache, article_id: str, tag: str, start: int, end: int,
             sources: list[Annotation], outcome: str, decided_by: str, decided_at: str,
             note: str) -> Annotation:
    """A gold annotation: the first source's actor, note and attributes, and the provenance."""
    first = sources[0] if sources else None
    attributes = {k: v for k, v in (first.attributes if first else {}).items()
                  if k not in PROVENANCE}
    attributes.update(provenance(sources, outcome, decided_by, decided_at, note))
    return add_annotation(conn, texts, article_id, start, end, tag, first.note if first else "",
                          GOLD, None, first.actor if first else None, check_attributes(attributes))


def insert_decision(conn: Connection, decision: Decision) -> None:
    conn.execute(DECISION_INSERT, (
        decision.id, decision.article_id, queries.tag_id(conn, decision.tag), decision.start,
        decision.end, decision.outcome,
        json.dumps(sorted(decision.sources), separators=(",", ":")), decision.gold_id,
        annotator_id(conn, decision.decided_by), decision.decided_at, decision.note))


def new_id() -> str:
    return str(uuid.uuid4())


def _gold_copies(conn: Connection) -> dict[str, list[str]]:
    """Source annotation id -> the gold annotations copied from it (by their gold_from)."""
    copies: dict[str, list[str]] = {}
    rows = conn.execute("SELECT an.id, an.attributes FROM annotations an JOIN annotators who ON "
                        "who.id = an.annotator_id WHERE who.name = ? AND an.attributes IS NOT NULL",
                        (GOLD,))
    for ident, text in rows:
        for source in str(json.loads(text).get("gold_from") or "").split():
            copies.setdefault(source, []).append(ident)
    return copies


def copy_links(conn: Connection, gold: list[Annotation]) -> list[Link]:
    """The coders' links (speaker, same, ...) between spans that now both have gold copies, made
    again between the copies as gold links (once: an existing gold link is left alone)."""
    copies = _gold_copies(conn)
    new = {a.id for a in gold}
    sources = [s for a in gold for s in str(a.attributes.get("gold_from", "")).split()]
    made: list[Link] = []
    for link in queries.links_touching(conn, sources):
        if link.annotator == GOLD:
            continue
        for g_from in copies.get(link.from_id, ()):
            for g_to in copies.get(link.to_id, ()):
                if g_from == g_to or not {g_from, g_to} & new:
                    continue
                type_id, directed = queries.link_type_row(conn, link.type)
                a, b = (g_from, g_to) if directed or g_from < g_to else (g_to, g_from)
                if conn.execute("SELECT 1 FROM links WHERE type_id = ? AND from_id = ? AND "
                                "to_id = ?", (type_id, a, b)).fetchone() is None:
                    made.append(add_link(conn, a, b, link.type, link.note, GOLD))
    return made


def take_back(conn: Connection, decision_ids: list[str]
              ) -> tuple[list[Decision], list[Annotation], list[Link]]:
    """Delete decisions (with the other rows of a "both" made with them), their gold annotations
    and those annotations' links; returns all three as they were, for restore."""
    found = decisions(conn, ids=decision_ids)
    if len(found) != len(set(decision_ids)):
        missing = sorted(set(decision_ids) - {d.id for d in found})
        from ...errors import NotFound

        raise NotFound(f"there is no decision {missing[0]} in this project")
    siblings = {d.id: d for d in found}
    for d in found:
        if d.outcome == "both":
            for other in decisions(conn, d.article_id):
                if (other.outcome, other.sources, other.decided_at, other.decided_by) == \
                        (d.outcome, d.sources, d.decided_at, d.decided_by):
                    siblings[other.id] = other
    gone_decisions = sorted(siblings.values(), key=lambda d: d.id)
    gold_ids = [d.gold_id for d in gone_decisions if d.gold_id]
    annotations = queries.annotations_by_ids(conn, gold_ids)
    links = queries.links_touching(conn, [a.id for a in annotations])
    for link in links:
        delete_link(conn, link.id)
    for a in annotations:
        delete_annotation(conn, a.id)
    conn.executemany("DELETE FROM decisions WHERE id = ?", [(d.id,) for d in gone_decisions])
    return gone_decisions, annotations, links


def put_back(conn: Connection, texts: TextCache, gone: list[Decision],
             annotations: list[Annotation], links: list[Link]) -> tuple[list[Annotation], list[Link]]:
    """Restore what take_back removed, exactly (redo of an undone decision)."""
    back = [restore_annotation(conn, texts, a) for a in annotations]
    for decision in gone:
        insert_decision(conn, decision)
    return back, [restore_link(conn, link) for link in links]
