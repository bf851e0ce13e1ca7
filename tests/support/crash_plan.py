"""A deterministic plan of project actions for the kill loop.

The test (tests/storage/test_crash_safety.py) writes the plan to a file; a worker process
(crash_worker.py) carries it out, printing "done N" after each action returns; the test kills
the worker at a random moment and checks that the project holds exactly the state after the
last reported action, or after the one just after it (committed but not yet reported): the
state a Model (crash_model.py) holds after replaying the plan.

The actions: annotations (add, retag, move, note, set attributes, delete one, delete spans that
have links, delete in bulk), articles (import, merge an export), links (add same / contradicts /
elaborates across articles and speaker within one, delete), actors (add, rename, change aliases,
merge two, name one by annotations), and a checkpoint or a verified backup.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from crash_model import ACROSS, TAGS, TEXT, TEXTS, UNDIRECTED, Model

# How often each kind of action is drawn (in percent). Removals of links are rarer than
# additions, so that the project holds many links whenever the worker is killed.
CHANCES = {"add": 30, "retag": 5, "extent": 5, "note": 4, "attributes": 5, "delete": 4,
           "delete_linked": 2, "bulkdelete": 1, "checkpoint": 1.5, "import": 3, "merge": 1.5,
           "link": 16, "unlink": 2, "add_actor": 4, "update_actor": 3, "merge_actors": 2,
           "set_actor": 11}
KINDS, WEIGHTS = list(CHANCES), list(CHANCES.values())


class Planner(Model):
    """A Model that also chooses a valid next action."""

    def any_ann(self, rng: random.Random, article: str | None = None) -> str:
        pools = [self.pools[article]] if article else [p for p in self.pools.values() if p]
        return rng.choice(pools).choice(rng)

    def choose(self, rng: random.Random, n: int, folder: Path) -> list | None:
        """A valid next action (None: the one drawn cannot be made now; draw again)."""
        kind = "add" if len(self.anns) < 4 else rng.choices(KINDS, WEIGHTS)[0]
        return getattr(self, "_" + kind)(rng, n, folder)

    def _add(self, rng, n, folder) -> list:
        article = rng.choice(list(TEXTS))
        start = rng.randrange(len(TEXTS[article]) - 30)
        return ["add", f"a{n:06d}", start, start + rng.randrange(1, 30), rng.choice(TAGS), article]

    def _retag(self, rng, n, folder) -> list:
        return ["retag", self.any_ann(rng), rng.choice(TAGS)]

    def _extent(self, rng, n, folder) -> list:
        ident = self.any_ann(rng)
        start = rng.randrange(len(TEXTS[self.anns[ident].article]) - 30)
        return ["extent", ident, start, start + rng.randrange(1, 30)]

    def _note(self, rng, n, folder) -> list:
        return ["note", self.any_ann(rng), f"note {n} ✓"]

    def _attributes(self, rng, n, folder) -> list:
        value = rng.choice([{}, {"quote_form": rng.choice(["direct", "indirect", "paraphrase"])},
                            {"quote_form": "direct", "anonymous": rng.random() < 0.5},
                            {"checked": f"by {n} ✓", "weight": n % 7}])
        return ["attributes", self.any_ann(rng), value]

    def _delete(self, rng, n, folder) -> list:
        return ["delete", self.any_ann(rng)]

    def _delete_linked(self, rng, n, folder) -> list | None:
        """Spans that have links (and maybe one that has none): their links go with them."""
        if not self.linked:
            return None
        chosen = {self.linked.choice(rng) for _ in range(rng.randrange(1, 3))}
        if rng.random() < 0.3:
            chosen.add(self.any_ann(rng))
        return ["delete_linked", sorted(chosen)]

    def _bulkdelete(self, rng, n, folder) -> list | None:
        if len(self.anns) < 25:
            return None
        chosen: set[str] = set()
        while len(chosen) < 20:
            chosen.add(self.any_ann(rng))
        return ["bulkdelete", sorted(chosen)]

    def _checkpoint(self, rng, n, folder) -> list:
        # No change to the state, but a kill in the middle of one must not lose or damage
        # anything: a checkpoint (the -wal folded into the file) or a verified backup.
        return [rng.choice(["checkpoint", "backup"])]

    def _import(self, rng, n, folder) -> list:
        path = folder / f"article{n}.txt"
        path.write_text(f"Report number {n}\n\nOutlet {n} wrote this. {'x' * (n % 97)}\n", "utf-8")
        return ["import", str(path)]

    def _unlink(self, rng, n, folder) -> list | None:
        if not self.links:
            return None
        chosen = {self.linked.choice(rng) for _ in range(rng.randrange(1, 3))}
        return ["unlink", sorted({min(self.links_of[a]) for a in chosen})]

    def _add_actor(self, rng, n, folder) -> list:
        return ["add_actor", f"actor-{n:06d}", f"Actor {n}",
                [f"A{n}", f"alias|{n}", f"ACTOR {n}"][:rng.randrange(0, 4)]]

    def _update_actor(self, rng, n, folder) -> list | None:
        if not self.actor_pool:
            return None
        change = {"name": f"Renamed {n}"} if rng.random() < 0.5 else \
            {"aliases": [f"B{n}", f"b{n}", f"Other {n}"][:rng.randrange(0, 4)]}
        return ["update_actor", self.actor_pool.choice(rng), change]

    def _merge_actors(self, rng, n, folder) -> list | None:
        if len(self.actor_pool) < 2:
            return None
        keep, gone = self.actor_pool.choice(rng), self.actor_pool.choice(rng)
        return None if keep == gone else ["merge_actors", keep, gone]

    def _set_actor(self, rng, n, folder) -> list | None:
        if not self.actor_pool:
            return None
        chosen = {self.any_ann(rng) for _ in range(rng.randrange(1, 4))}
        return ["set_actor", sorted(chosen),
                None if rng.random() < 0.15 else self.actor_pool.choice(rng)]

    def _link(self, rng, n, folder) -> list | None:
        link_type = rng.choice([*ACROSS, "speaker"])
        first = self.any_ann(rng)
        article = self.anns[first].article
        if link_type == "speaker":
            other = self.any_ann(rng, article)
        else:
            others = [a for a in TEXTS if a != article and self.pools[a]]
            if not others:
                return None
            other = self.any_ann(rng, rng.choice(others))
        ends = (min(first, other), max(first, other)) if link_type in UNDIRECTED else (first, other)
        if first == other or (link_type, *ends) in self.link_ends:
            return None
        return ["link", f"l{n:06d}", first, other, link_type]

    def _merge(self, rng, n, folder) -> list:
        path = folder / f"merge{n}.json"
        anns, made = [], []
        for k in range(15):
            start = rng.randrange(len(TEXT) - 30)
            ident = f"m{n:06d}-{k}"
            anns.append({"id": ident, "tag": "claim", "start": start, "end": start + 5,
                         "text": TEXT[start:start + 5], "note": "merged",
                         "annotator": "merger", "created_at": "2026-01-01T00:00:00.000Z",
                         "updated_at": "2026-01-01T00:00:00.000Z"})
            made.append([ident, start])
        doc = {"format": "annotator-export", "version": 1, "articles": [
            {"id": "article-main", "title": "Main", "text": TEXT, "annotations": anns}]}
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        return ["merge", str(path), made]


def make_plan(folder: Path, length: int, seed: int = 1) -> list[list]:
    rng = random.Random(seed)
    model = Planner()
    plan: list[list] = []
    n = 0
    while len(plan) < length:
        n += 1
        step = model.choose(rng, n, folder)
        if step is not None:
            model.apply(step)
            plan.append(step)
    return plan


def counts(plan: list[list]) -> dict[str, int]:
    """How many actions of each kind the plan holds."""
    found: dict[str, int] = {}
    for step in plan:
        found[step[0]] = found.get(step[0], 0) + 1
    return found
