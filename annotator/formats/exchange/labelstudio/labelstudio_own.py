"""Our own regions and relations edited in Label Studio (shapes: labelstudio.py).

Label Studio drops a result's ``annotator`` object (our span's or link's id, coder and times)
once the region is edited, but keeps the region's ``id``, which our export writes as the span's
id, and the task's ``data``, where our export writes the article's id and (``annotator``) each
span's coder and each link's id with its two ends. So a region without that object, in a task
our export made, whose id the data lists, is our span edited in Label Studio: it comes back
under its id, dated now (the merge keeps the project's creation time), with the coder our export
wrote (Label Studio names whoever saved the task again, ``completed_by``, for every region of
it). A relation without it between two such regions is the link the data lists between them
(only one: Label Studio joins two regions once), relabelled, keeping the project's coder. A
region the data does not list (one drawn in Label Studio) is a new span, as before.

Without our data key (exports from before it, or another tool's tasks that happen to have an
``article_id``) nothing is taken for ours: an edited region is a new span, as before. A region
whose id an intact result of the task still gives (an annotation copied without our objects
beside the original) is a new span too, so no id is given twice."""

from __future__ import annotations

from functools import cached_property

from ....domain.bundle import ArticleIn, LinkIn
from ..shared.foreign_read import PLAIN_ID

__all__ = ["KEY", "Own", "own_data", "own_of"]

KEY = "annotator"  # (the key of task data our export writes)


def own_data(article: ArticleIn, links: list[LinkIn]) -> dict:
    """What the task data of an article keeps of ours (see the module's text): {"coders":
    {coder: [span ids]}, "links": [[link id, from, to]]}, the parts it has."""
    coders: dict[str, list[str]] = {}
    for a in article.annotations:
        coders.setdefault(a.annotator, []).append(a.id)
    found: dict = {"coders": coders} if coders else {}
    if links:
        found["links"] = [[k.id, k.from_id, k.to_id] for k in links]
    return found


class Own:
    """What a task our export made says of our ids (own_of); read when first asked."""

    def __init__(self, kept: dict, intact: set[str]):
        self._kept = kept
        self.intact = intact  # (ids of spans and links intact results of the task give)

    @cached_property
    def coders(self) -> dict[str, str] | None:
        """Span id -> coder; None when the task's data does not say (an older export)."""
        coders = self._kept.get("coders")
        if not isinstance(coders, dict):
            return None
        return {i: name for name, ids in coders.items() if isinstance(name, str) and name and
                isinstance(ids, list) for i in ids if isinstance(i, str)}

    @cached_property
    def links(self) -> dict[frozenset, list[str]]:
        """The two ends of each of our links -> the ids of our links between them."""
        found: dict[frozenset, list[str]] = {}
        entries = self._kept.get("links")
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, list) and len(entry) == 3 and \
                    all(isinstance(v, str) and PLAIN_ID.fullmatch(v) for v in entry):
                found.setdefault(frozenset(entry[1:]), []).append(entry[0])
        return found

    def region(self, rid) -> bool:
        """Whether a region id is one of our spans' (see the module's text), and not one an
        intact result of the task (our object still on it) gives a span already."""
        return isinstance(rid, str) and rid in (self.coders or {}) and rid not in self.intact

    def coder(self, rid: str, annotator: str) -> str:
        """The coder of our span edited in Label Studio: the one our export wrote (Label
        Studio names the user who saved the task again, whose regions they all become)."""
        return (self.coders or {}).get(rid) or annotator

    def link(self, from_id: str, to_id: str) -> str | None:
        """The id of our one link between these two spans, if the data lists one (and no intact
        result of the task gives that link already)."""
        found = self.links.get(frozenset((from_id, to_id)))
        return found[0] if found and len(found) == 1 and found[0] not in self.intact else None

    def touched(self, results: list) -> bool:
        """Whether a result of the group is our span edited in Label Studio (it lost our
        ``annotator`` object, and its region id is ours and not an intact result's)."""
        return any(type(r) is dict and type(r.get("annotator")) is not dict and
                   self.region(r.get("id")) for r in results)


def own_of(data: dict, groups: list) -> Own | None:
    """Own for a task our export made (its data has our key, ``annotator``, beside our article
    id), else None. ``groups``: the task's (label, coder, results)."""
    kept = data.get(KEY)
    if not (isinstance(kept, dict) and isinstance(data.get("article_id"), str)):
        return None
    intact = set()  # (a span's id is its region's; a link's, in its object)
    for _, _, results in groups:
        for r in results:
            if type(r) is dict and type(own := r.get("annotator")) is dict:
                ident = own.get("id") if r.get("type") == "relation" else r.get("id")
                if isinstance(ident, str):
                    intact.add(ident)
    return Own(kept, intact)
