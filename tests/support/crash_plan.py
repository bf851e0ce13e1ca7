"""A deterministic plan of project actions, and the state it must leave, for the kill loop.

The test (tests/storage/test_crash_safety.py) writes the plan to a file; a worker process
(crash_worker.py) carries it out, printing "done N" after each action returns; the test kills
the worker at a random moment and checks that the project holds exactly the state after the
last reported action, or after the one just after it (committed but not yet reported).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

TEXT = ("The minister said the plan was sound, but critics 🌉 disagreed. 中文报道 says more. "
        "Zoë Ortiz called it “premature”. ") * 40


def make_plan(folder: Path, length: int, seed: int = 1) -> list[list]:
    rng = random.Random(seed)
    alive: dict[str, list] = {}
    plan: list[list] = []
    n = 0
    while len(plan) < length:
        n += 1
        roll = rng.random()
        ids = sorted(alive)
        if roll < 0.45 or not ids:
            start = rng.randrange(len(TEXT) - 30)
            ident = f"a{n:06d}"
            step = ["add", ident, start, start + rng.randrange(1, 30), rng.choice(["claim", "quote", "actor"])]
            alive[ident] = step[2:]
        elif roll < 0.60:
            ident = rng.choice(ids)
            step = ["retag", ident, rng.choice(["claim", "quote", "actor"])]
            alive[ident][2] = step[2]
        elif roll < 0.70:
            ident = rng.choice(ids)
            start = rng.randrange(len(TEXT) - 30)
            step = ["extent", ident, start, start + rng.randrange(1, 30)]
            alive[ident][0:2] = step[2:]
        elif roll < 0.80:
            step = ["note", rng.choice(ids), f"note {n} ✓"]
        elif roll < 0.90:
            ident = rng.choice(ids)
            step = ["delete", ident]
            del alive[ident]
        elif roll < 0.92 and len(ids) >= 25:
            chosen = rng.sample(ids, 20)
            step = ["bulkdelete", chosen]
            for ident in chosen:
                del alive[ident]
        elif roll < 0.935:
            # No change to the state, but a kill in the middle of one must not lose or damage
            # anything: a checkpoint (the -wal folded into the file) or a verified backup.
            step = [rng.choice(["checkpoint", "backup"])]
        elif roll < 0.975:
            path = folder / f"article{n}.txt"
            path.write_text(f"Report number {n}\n\nOutlet {n} wrote this. {'x' * (n % 97)}\n", "utf-8")
            step = ["import", str(path)]
        else:
            path = folder / f"merge{n}.json"
            anns = []
            for k in range(15):
                start = rng.randrange(len(TEXT) - 30)
                ident = f"m{n:06d}-{k}"
                anns.append({"id": ident, "tag": "claim", "start": start, "end": start + 5,
                             "text": TEXT[start:start + 5], "note": "merged",
                             "annotator": "merger", "created_at": "2026-01-01T00:00:00.000Z",
                             "updated_at": "2026-01-01T00:00:00.000Z"})
                alive[ident] = [start, start + 5, "claim"]
            doc = {"format": "annotator-export", "version": 1, "articles": [
                {"id": "article-main", "title": "Main", "text": TEXT, "annotations": anns}]}
            path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
            step = ["merge", str(path)]
        plan.append(step)
    return plan


def expected_state(plan: list[list], upto: int) -> tuple[dict, set]:
    """(annotations {id: (start, end, tag, note)}, imported article titles) after plan[:upto]."""
    annotations: dict[str, tuple] = {}
    titles: set[str] = set()
    for step in plan[:upto]:
        kind = step[0]
        if kind == "add":
            annotations[step[1]] = (step[2], step[3], step[4], "")
        elif kind == "retag":
            s, e, _, note = annotations[step[1]]
            annotations[step[1]] = (s, e, step[2], note)
        elif kind == "extent":
            _, _, tag, note = annotations[step[1]]
            annotations[step[1]] = (step[2], step[3], tag, note)
        elif kind == "note":
            s, e, tag, _ = annotations[step[1]]
            annotations[step[1]] = (s, e, tag, step[2])
        elif kind == "delete":
            del annotations[step[1]]
        elif kind == "bulkdelete":
            for ident in step[1]:
                del annotations[ident]
        elif kind == "import":
            titles.add("Report number " + Path(step[1]).stem.removeprefix("article"))
        elif kind == "merge":
            doc = json.loads(Path(step[1]).read_text("utf-8"))
            for a in doc["articles"][0]["annotations"]:
                annotations[a["id"]] = (a["start"], a["end"], a["tag"], a["note"])
    return annotations, titles
