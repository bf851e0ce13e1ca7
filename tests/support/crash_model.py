"""What the project must hold after the actions of a crash plan (crash_plan.py): annotations,
links, actors and imported titles, with the indexes the plan uses to choose valid actions. The
kill loop (tests/storage/test_crash_safety.py) replays the plan on it and compares."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import NamedTuple

from annotator.domain.comparison.actors import clean_aliases

TEXT = ("The minister said the plan was sound, but critics 🌉 disagreed. 中文报道 says more. "
        "Zoë Ortiz called it “premature”. ") * 40
TEXT_TWO = ("Critics 🌉 said the plan was rushed; the minister disagreed. Ortiz, in 中文, "
            "called it “late”. ") * 40
TEXTS = {"article-main": TEXT, "article-two": TEXT_TWO}
TAGS = ("claim", "quote", "actor")
ACROSS = ("same", "contradicts", "elaborates")  # between two articles
UNDIRECTED = ("same", "contradicts")  # stored smaller id first


class Ann(NamedTuple):
    article: str
    start: int
    end: int
    tag: str
    note: str = ""
    actor: str | None = None
    attributes: str = "{}"  # JSON, keys sorted


class Pool:
    """Ids to choose from at random: add, remove and choose in constant time, in an order that
    depends only on the actions (so a plan is the same on every run)."""

    def __init__(self):
        self.items: list[str] = []
        self.where: dict[str, int] = {}

    def add(self, item: str) -> None:
        if item not in self.where:
            self.where[item] = len(self.items)
            self.items.append(item)

    def remove(self, item: str) -> None:
        index = self.where.pop(item, None)
        if index is None:
            return
        last = self.items.pop()
        if last != item:
            self.items[index] = last
            self.where[last] = index

    def choice(self, rng: random.Random) -> str:
        return self.items[rng.randrange(len(self.items))]

    def __len__(self) -> int:
        return len(self.items)


class Model:
    """What the project holds after some actions, and indexes to choose the next one."""

    def __init__(self):
        self.anns: dict[str, Ann] = {}
        self.links: dict[str, tuple[str, str, str]] = {}  # id: (type, from, to)
        self.actors: dict[str, tuple[str, tuple[str, ...]]] = {}  # id: (name, aliases)
        self.titles: set[str] = set()
        self.pools = {article: Pool() for article in TEXTS}
        self.linked = Pool()  # annotations with at least one link
        self.links_of: dict[str, set[str]] = {}
        self.link_ends: set[tuple[str, str, str]] = set()
        self.actor_pool = Pool()
        self.named_by: dict[str, set[str]] = {}  # actor: annotations naming it

    def state(self) -> tuple:
        return (self.anns, self.links, self.actors, self.titles)

    # -- changes ----------------------------------------------------------------------------------
    def _put(self, ident: str, ann: Ann) -> None:
        old = self.anns.get(ident)
        if old is not None and old.actor != ann.actor and old.actor is not None:
            self.named_by[old.actor].discard(ident)
        if ann.actor is not None:
            self.named_by[ann.actor].add(ident)
        self.anns[ident] = ann
        self.pools[ann.article].add(ident)

    def _drop(self, ident: str) -> None:
        ann = self.anns.pop(ident)
        self.pools[ann.article].remove(ident)
        if ann.actor is not None:
            self.named_by[ann.actor].discard(ident)
        for link in list(self.links_of.get(ident, ())):  # the links go with the span
            self._remove_link(link)

    def _remove_link(self, link: str) -> None:
        kind, a, b = self.links.pop(link)
        self.link_ends.discard((kind, a, b))
        for end in (a, b):
            self.links_of[end].discard(link)
            if not self.links_of[end]:
                del self.links_of[end]
                self.linked.remove(end)

    def apply(self, step: list) -> None:
        kind = step[0]
        if kind == "add":
            _, ident, start, end, tag, article = step
            self._put(ident, Ann(article, start, end, tag))
        elif kind == "retag":
            self._put(step[1], self.anns[step[1]]._replace(tag=step[2]))
        elif kind == "extent":
            self._put(step[1], self.anns[step[1]]._replace(start=step[2], end=step[3]))
        elif kind == "note":
            self._put(step[1], self.anns[step[1]]._replace(note=step[2]))
        elif kind == "attributes":
            attributes = json.dumps(step[2], sort_keys=True, ensure_ascii=False)
            self._put(step[1], self.anns[step[1]]._replace(attributes=attributes))
        elif kind == "delete":
            self._drop(step[1])
        elif kind in ("bulkdelete", "delete_linked"):
            for ident in step[1]:
                self._drop(ident)
        elif kind == "import":
            self.titles.add("Report number " + Path(step[1]).stem.removeprefix("article"))
        elif kind == "merge":
            for ident, start in step[2]:
                self._put(ident, Ann("article-main", start, start + 5, "claim", "merged"))
        elif kind == "link":
            _, link, a, b, link_type = step
            if link_type in UNDIRECTED:
                a, b = min(a, b), max(a, b)
            self.links[link] = (link_type, a, b)
            self.link_ends.add((link_type, a, b))
            for end in (a, b):
                self.links_of.setdefault(end, set()).add(link)
                self.linked.add(end)
        elif kind == "unlink":
            for link in step[1]:
                self._remove_link(link)
        elif kind == "add_actor":
            _, ident, name, aliases = step
            self.actors[ident] = (name, clean_aliases(name, aliases))
            self.actor_pool.add(ident)
            self.named_by[ident] = set()
        elif kind == "update_actor":
            name, aliases = self.actors[step[1]]
            name = step[2].get("name", name)
            self.actors[step[1]] = (name, clean_aliases(name, step[2].get("aliases", aliases)))
        elif kind == "merge_actors":
            _, keep, gone = step
            name, aliases = self.actors[keep]
            gone_name, gone_aliases = self.actors.pop(gone)
            self.actors[keep] = (name, clean_aliases(name, (*aliases, gone_name, *gone_aliases)))
            for ident in list(self.named_by[gone]):
                self._put(ident, self.anns[ident]._replace(actor=keep))
            del self.named_by[gone]
            self.actor_pool.remove(gone)
        elif kind == "set_actor":
            for ident in step[1]:
                self._put(ident, self.anns[ident]._replace(actor=step[2]))
        elif kind not in ("checkpoint", "backup"):
            raise ValueError(f"unknown step {kind}")
