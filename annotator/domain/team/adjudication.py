"""Adjudication: the places where the coders' annotations of an article are to be settled into the
gold layer, and the order in which to look at them. Pure: spans and decisions in, places out.

A place is built in two steps:

1. Per tag, the coders' spans that overlap (by at least one character, across annotators, chained:
   A overlaps B overlaps C) form one group.
2. A tag disagreement, two coders marking the same extent with different tags, would otherwise be
   two places ("person: only alice", "org: only bob"). So groups of different tags whose coders
   are disjoint and which share an exact extent become one place, of kind ``tag``, holding the
   spans of both tags: one decision settles it (accept alice's person, bob's org, both, edit,
   reject). Groups whose coders overlap stay apart (alice marked both tags, bob one: the other
   tag is simply missing in bob).

Each place is classified:
- ``unanimous``: every coder who annotated the article (at least two) has exactly one span in
  it, all with the same extent and tag;
- ``tag``: the same extent under different tags (step 2);
- ``missing``: some coder who annotated the article has no span in it;
- ``extent``: every coder is there, but the extents differ (or a coder has several spans);
- ``single``: only one coder annotated the article, so there is nobody to agree with; not a
  disagreement, and never accepted as unanimous.

A decision names the coders' annotation ids it considered (its ``sources``). A place is settled
when every one of its spans is among the sources of the article's decisions: a span a coder adds
after the decision opens the place again.

Order: open disagreements first, then the open rest, then settled places; within each, worst
articles first (most disagreements, then lowest strict agreement, then the articles' order),
then by position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import NamedTuple

UNANIMOUS, TAG, MISSING, EXTENT, SINGLE = "unanimous", "tag", "missing", "extent", "single"
DISAGREEMENTS = (TAG, MISSING, EXTENT)
ACCEPT, BOTH, EDIT, REJECT = "accept", "both", "edit", "reject"
OUTCOMES = (ACCEPT, BOTH, EDIT, REJECT, UNANIMOUS)


class CoderSpan(NamedTuple):
    id: str
    annotator: str
    tag: str
    start: int
    end: int
    text: str = ""


class DecisionRef(NamedTuple):
    """What places need of a stored decision."""

    id: str
    article_id: str
    sources: tuple[str, ...]
    outcome: str = ""


class Decision(NamedTuple):
    """A stored decision (a row of the decisions table): ``sources`` are the coders' annotation
    ids it considered, ``gold_id`` the gold annotation it made (None for a reject)."""

    id: str
    article_id: str
    tag: str
    start: int
    end: int
    outcome: str
    sources: tuple[str, ...]
    gold_id: str | None
    decided_by: str
    decided_at: str
    note: str = ""


class Place(NamedTuple):
    article_id: str
    start: int  # the union of its spans' extents
    end: int
    tags: tuple[str, ...]  # sorted; more than one only for kind "tag"
    spans: tuple[CoderSpan, ...]  # by annotator, then position
    coders: tuple[str, ...]  # who annotated the article (sorted)
    kind: str
    decisions: tuple[str, ...] = ()  # ids of the decisions that considered its spans
    settled: bool = False

    @property
    def tag(self) -> str:
        return self.tags[0]

    @property
    def disagreement(self) -> bool:
        return self.kind in DISAGREEMENTS

    @property
    def span_ids(self) -> tuple[str, ...]:
        return tuple(sorted(s.id for s in self.spans))

    def of(self, coder: str) -> tuple[CoderSpan, ...]:
        return tuple(s for s in self.spans if s.annotator == coder)


def _groups(spans: list[CoderSpan]) -> list[list[CoderSpan]]:
    """Chains of overlapping spans of one tag (spans sorted by start)."""
    groups: list[list[CoderSpan]] = []
    reach = -1
    for span in sorted(spans, key=lambda s: (s.start, s.end, s.annotator, s.id)):
        if groups and span.start < reach:
            groups[-1].append(span)
            reach = max(reach, span.end)
        else:
            groups.append([span])
            reach = span.end
    return groups


def _merge_tag_disagreements(groups: list[list[CoderSpan]]) -> list[list[CoderSpan]]:
    """Join groups of different tags with disjoint coders that share an exact extent."""
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_extent: dict[tuple[int, int], list[int]] = {}
    for i, group in enumerate(groups):
        for extent in {(s.start, s.end) for s in group}:
            by_extent.setdefault(extent, []).append(i)
    for members in by_extent.values():
        for i, j in combinations(members, 2):
            ri, rj = root(i), root(j)
            if ri == rj:
                continue
            tags_i = {s.tag for k, g in enumerate(groups) if root(k) == ri for s in g}
            tags_j = {s.tag for k, g in enumerate(groups) if root(k) == rj for s in g}
            coders_i = {s.annotator for k, g in enumerate(groups) if root(k) == ri for s in g}
            coders_j = {s.annotator for k, g in enumerate(groups) if root(k) == rj for s in g}
            if not tags_i & tags_j and not coders_i & coders_j:
                parent[rj] = ri
    merged: dict[int, list[CoderSpan]] = {}
    for i, group in enumerate(groups):
        merged.setdefault(root(i), []).extend(group)
    return list(merged.values())


def _kind(spans: Sequence[CoderSpan], coders: tuple[str, ...]) -> str:
    if len(coders) < 2:
        return SINGLE
    if len({s.tag for s in spans}) > 1:
        return TAG
    present = {s.annotator for s in spans}
    if len(spans) == len(coders) and present == set(coders) \
            and len({(s.start, s.end) for s in spans}) == 1:
        return UNANIMOUS
    if present != set(coders):
        return MISSING
    return EXTENT


def article_places(article_id: str, spans: Iterable[CoderSpan],
                   decisions: Iterable[DecisionRef] = ()) -> list[Place]:
    """The places of one article's coder spans (gold spans are not to be given), in position
    order; ``decisions`` are the article's decisions."""
    spans = list(spans)
    coders = tuple(sorted({s.annotator for s in spans}))
    by_tag: dict[str, list[CoderSpan]] = {}
    for span in spans:
        by_tag.setdefault(span.tag, []).append(span)
    groups = [g for tag in sorted(by_tag) for g in _groups(by_tag[tag])]
    decided: dict[str, list[str]] = {}
    for decision in decisions:
        for source in decision.sources:
            decided.setdefault(source, []).append(decision.id)
    places = []
    for group in _merge_tag_disagreements(groups):
        group.sort(key=lambda s: (s.annotator, s.start, s.end, s.tag, s.id))
        ids = sorted({d for s in group for d in decided.get(s.id, ())})
        places.append(Place(article_id, min(s.start for s in group), max(s.end for s in group),
                            tuple(sorted({s.tag for s in group})), tuple(group), coders,
                            _kind(group, coders), tuple(ids),
                            all(s.id in decided for s in group)))
    places.sort(key=lambda p: (p.start, p.end, p.tags))
    return places


def strict_agreement(spans: Iterable[CoderSpan]) -> float | None:
    """The mean over pairs of coders of strict span F1 (tag, start, end as sets); None with fewer
    than two coders."""
    sets: dict[str, set[tuple[str, int, int]]] = {}
    for s in spans:
        sets.setdefault(s.annotator, set()).add((s.tag, s.start, s.end))
    if len(sets) < 2:
        return None
    scores = [2 * len(a & b) / (len(a) + len(b)) for a, b in combinations(sets.values(), 2)]
    return sum(scores) / len(scores)


def ordered_places(spans_by_article: dict[str, list[CoderSpan]],
                   decisions: Iterable[DecisionRef] = (),
                   article_order: Sequence[str] = ()) -> list[Place]:
    """Every article's places in the order to adjudicate them (see the module's docstring).
    ``article_order`` (import order) breaks ties between equally bad articles."""
    by_article: dict[str, list[DecisionRef]] = {}
    for decision in decisions:
        by_article.setdefault(decision.article_id, []).append(decision)
    position = {a: i for i, a in enumerate(article_order)}
    places: list[Place] = []
    rank: dict[str, tuple] = {}
    for article_id, spans in spans_by_article.items():
        found = article_places(article_id, spans, by_article.get(article_id, ()))
        agreement = strict_agreement(spans)
        rank[article_id] = (-sum(p.disagreement for p in found),
                            1.0 if agreement is None else agreement,
                            position.get(article_id, len(position)), article_id)
        places.extend(found)
    places.sort(key=lambda p: (p.settled, not p.disagreement, rank[p.article_id],
                               p.start, p.end, p.tags))
    return places
