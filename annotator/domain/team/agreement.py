"""Agreement of two annotators (DESIGN.md section 10, `agreement`): per tag, overall, per article
(worst first), and on links. Pure: storage hands over plain rows, this returns the contract's
dict (keys in the contract's order).

- Only articles that both annotated (at least one measured span each) count; spans of the tags
  not measured (the caller leaves `not-article` out) count nowhere.
- A span is (article, tag, start, end); one annotator's identical spans count once.
- f1_strict: 2·|A∩B| / (|A|+|B|). f1_overlap: spans of the same tag (and article) that share at
  least one character, matched one-to-one greedily by largest overlap (ties: earlier spans
  first); 2·matches / (|A|+|B|). Both None for an empty pair (0 spans each), never 1.
- alpha (agreement_alpha) and alpha_u (agreement_unitizing) per tag; overlapping spans of one
  annotator and one tag are joined first (a character is covered or not; a unit of α_U is one
  stretch).
- Links: a link of A matches a link of B of the same type whose ends match strictly (the same
  article, tag, start and end; either order for an undirected type); F1 over those, for
  `speaker` links and for cross-article links (ends in two articles), both ends in counted
  articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .agreement_alpha import common, covered, nominal_alpha
from .agreement_unitizing import join_overlapping, unitizing_alpha
from ..comparison.links import SPEAKER

Span = tuple[str, str, int, int]  # article id, tag, start, end
DIGITS = 4


def _f1(matches: int, total: int) -> float | None:
    return None if total == 0 else 2 * matches / total


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def overlap_matches(first: Iterable[tuple[int, int]], second: Iterable[tuple[int, int]]) -> int:
    """How many spans of ``first`` match one of ``second`` (one article, one tag): pairs sharing a
    character, taken one-to-one greedily by largest overlap."""
    a, b = sorted(set(first)), sorted(set(second))
    candidates = []
    longest = max((e - s for s, e in b), default=0)
    j0 = 0
    for i, (s1, e1) in enumerate(a):
        while j0 < len(b) and b[j0][0] + longest <= s1:  # ends before this and every later one
            j0 += 1
        for j in range(j0, len(b)):
            s2, e2 = b[j]
            if s2 >= e1:
                break
            shared = min(e1, e2) - max(s1, s2)
            if shared > 0:
                candidates.append((-shared, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _shared, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


class _Counts:
    """Strict and overlap matches and span totals, to add up over tags and articles."""

    def __init__(self) -> None:
        self.strict = self.overlap = self.total = 0
        self.spans = [0, 0]

    def add(self, a: set[tuple[int, int]], b: set[tuple[int, int]]) -> None:
        self.strict += len(a & b)
        self.overlap += overlap_matches(a, b)
        self.total += len(a) + len(b)
        self.spans[0] += len(a)
        self.spans[1] += len(b)

    def spans_of(self, pair: tuple[str, str]) -> dict[str, int]:
        return {pair[0]: self.spans[0], pair[1]: self.spans[1]}

    def scores(self) -> tuple[float | None, float | None]:
        return _rounded(_f1(self.strict, self.total)), _rounded(_f1(self.overlap, self.total))


def agreement(pair: tuple[str, str], articles: Sequence[tuple[str, str, int]],
              tags: Sequence[str], spans: Iterable[tuple[str, str, str, int, int]],
              links: Iterable[tuple[str, str, bool, Span, Span]] = ()) -> dict:
    """``pair``: the two annotators; ``articles``: (id, title, length in characters) in import
    order; ``tags``: the tags measured, in the project's order; ``spans``: (annotator, article
    id, tag, start, end), others' spans and other tags ignored; ``links``: (annotator, type,
    directed, from span, to span)."""
    measured = set(tags)
    # per annotator (0, 1) -> article -> tag -> set of (start, end)
    by: list[dict[str, dict[str, set[tuple[int, int]]]]] = [defaultdict(lambda: defaultdict(set))
                                                            for _ in pair]
    for annotator, article_id, tag, start, end in spans:
        if tag in measured and annotator in pair:
            by[pair.index(annotator)][article_id][tag].add((start, end))
    counted = [(i, t, n) for i, t, n in articles if by[0].get(i) and by[1].get(i)]
    overall = _Counts()
    rows = []
    for k, (article_id, title, _n) in enumerate(counted):
        counts = _Counts()
        for tag in tags:
            counts.add(by[0][article_id].get(tag, set()), by[1][article_id].get(tag, set()))
        strict, overlap = counts.scores()
        rows.append(((strict or 0.0, overlap or 0.0, k), {
            "id": article_id, "f1_strict": strict, "f1_overlap": overlap,
            "spans": counts.spans_of(pair), "title": title}))
    per_article = [row for _key, row in sorted(rows, key=lambda r: r[0])]
    per_tag = {}
    for tag in tags:
        counts = _Counts()
        continua = []
        chars = cover_a = cover_b = both = 0
        for article_id, _title, length in counted:
            a = by[0][article_id].get(tag, set())
            b = by[1][article_id].get(tag, set())
            counts.add(a, b)
            overall.add(a, b)
            units = (join_overlapping(a), join_overlapping(b))
            continua.append((length, units))
            chars += length
            cover_a += covered(units[0])
            cover_b += covered(units[1])
            both += common(*units)
        strict, overlap = counts.scores()
        empty = counts.total == 0
        per_tag[tag] = {"f1_strict": strict, "f1_overlap": overlap,
                        "alpha": None if empty else _rounded(nominal_alpha(chars, cover_a,
                                                                           cover_b, both)),
                        "alpha_u": None if empty else _rounded(unitizing_alpha(continua)),
                        "spans": counts.spans_of(pair)}
    strict, overlap = overall.scores()
    return {"annotators": list(pair), "tags": per_tag,
            "overall": {"f1_strict": strict, "f1_overlap": overlap,
                        "spans": overall.spans_of(pair)},
            "articles": per_article,
            "links": link_agreement(pair, {a[0] for a in counted}, links)}


def link_agreement(pair: tuple[str, str], counted: set[str],
                   links: Iterable[tuple[str, str, bool, Span, Span]]) -> dict:
    """F1 over links whose ends match strictly, for speaker links and for cross-article links."""
    kinds: dict[str, list[set]] = {"speaker": [set(), set()], "cross_article": [set(), set()]}
    for annotator, link_type, directed, start, end in links:
        if annotator not in pair or start[0] not in counted or end[0] not in counted:
            continue
        key = (link_type, start, end) if directed else (link_type, *sorted((start, end)))
        side = pair.index(annotator)
        if link_type == SPEAKER:
            kinds["speaker"][side].add(key)
        if start[0] != end[0]:
            kinds["cross_article"][side].add(key)
    return {name: {"f1": _rounded(_f1(len(a & b), len(a) + len(b))),
                   "links": {pair[0]: len(a), pair[1]: len(b)}}
            for name, (a, b) in kinds.items()}
