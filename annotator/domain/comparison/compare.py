"""The comparison of outlets (DESIGN.md section 10, `compare`): per actor, its mentions and
quotes in each article; the claims grouped by `same` links, with the articles that carry each
group and the annotations that contradict it. Pure: storage hands over plain rows."""

from __future__ import annotations

from collections.abc import Iterable

from .actors import name_key


class _Groups:
    """Union-find over annotation ids."""

    def __init__(self, ids: Iterable[str]):
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def comparison(articles: list[tuple[str, str, str | None]],
               actors: list[tuple[str, str]],
               mentions: Iterable[tuple[str, str]],
               quotes: Iterable[tuple[str, str]],
               claims: dict[str, str],
               same: Iterable[tuple[str, str]],
               contradicts: Iterable[tuple[str, str]]) -> dict:
    """``articles``: (id, title, source) in import order; ``actors``: (id, name); ``mentions``:
    (actor id, article id) per annotation naming the actor; ``quotes``: (actor id, article id)
    per quote said by it (each quote once per actor); ``claims``: claim annotation id -> its
    article id; ``same`` and ``contradicts``: the ends of those links."""
    article_ids = [a[0] for a in articles]
    zero = dict.fromkeys(article_ids, 0)
    mention_counts: dict[str, dict[str, int]] = {}
    for actor_id, article_id in mentions:
        per = mention_counts.setdefault(actor_id, dict(zero))
        per[article_id] = per.get(article_id, 0) + 1
    quote_counts: dict[str, dict[str, int]] = {}
    for actor_id, article_id in quotes:
        per = quote_counts.setdefault(actor_id, dict(zero))
        per[article_id] = per.get(article_id, 0) + 1
    rows = []
    for actor_id, name in actors:
        m = mention_counts.get(actor_id) or dict(zero)
        rows.append((-sum(m.values()), name_key(name), name, actor_id,
                     {"id": actor_id, "name": name, "mentions": m,
                      "quotes": quote_counts.get(actor_id) or dict(zero)}))
    rows.sort(key=lambda r: r[:4])
    return {"articles": [{"id": i, "title": t, "source": s} for i, t, s in articles],
            "actors": [r[4] for r in rows],
            "claims": claim_groups(article_ids, claims, same, contradicts)}


def claim_groups(article_ids: list[str], claims: dict[str, str],
                 same: Iterable[tuple[str, str]],
                 contradicts: Iterable[tuple[str, str]]) -> list[dict]:
    """Claims joined by `same` links (only claim to claim) into connected groups; each with its
    sorted members, the count of members per article (every article present) and the sorted
    annotations linked by `contradicts` to any member. Ordered by articles reached (most
    first), then first member."""
    groups = _Groups(claims)
    for a, b in same:
        if a in claims and b in claims:
            groups.union(a, b)
    members: dict[str, list[str]] = {}
    for claim_id in claims:
        members.setdefault(groups.find(claim_id), []).append(claim_id)
    against: dict[str, set[str]] = {}
    for a, b in contradicts:
        for end, other in ((a, b), (b, a)):
            if end in claims:
                against.setdefault(groups.find(end), set()).add(other)
    out = []
    for root, ids in members.items():
        ids.sort()
        per = dict.fromkeys(article_ids, 0)
        for i in ids:
            per[claims[i]] = per.get(claims[i], 0) + 1
        reached = sum(1 for n in per.values() if n)
        out.append((-reached, ids[0], {"members": ids, "articles": per,
                                       "contradicted_by": sorted(against.get(root, ()))}))
    out.sort(key=lambda g: g[:2])
    return [g[2] for g in out]
