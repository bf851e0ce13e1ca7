"""Load test of team mode: N simulated annotators (processes) x M actions each on one project.

    .venv/bin/python benchmarks/team_load.py                 # PostgreSQL (a throwaway server)
    .venv/bin/python benchmarks/team_load.py --db URL        # an existing, empty database
    .venv/bin/python benchmarks/team_load.py --sqlite        # one SQLite file instead

Each annotator is a process with its own Project, acting as a window would: it keeps a view of
the spans (all of them at the start, then what changes_since hands it every 10 actions, as the
window's 2-second poll does) and acts on that view, with the version it saw: add a span, retag
one (anyone's), link two, delete one, or undo its own last delete (restore). Acting on a stale
view is what two people do; the storage must then tell the one who lost (a Conflict, or a
refusal), never overwrite silently. Every process logs what it believes it saved.

At the end the logs are compared with the database:
- lost: a write reported saved that the database does not hold (a span added and never
  deleted by a reported delete that is missing, a span whose final tag or version is not that
  of its last reported write, a link reported made that is gone while both its ends are there);
- silent overwrites: two writes reported saved that both started from the same version of the
  same span (the second would have overwritten the first without being told);
and printed: actions, saved, conflicts told, refusals told, lost, overwrites, throughput, and
p50 / p95 per kind of action.

SQLite: the processes write to one file through SQLite's own write lock (BEGIN IMMEDIATE, each
transaction waits its turn, busy timeout 10 s); the window's file lock is not taken (it is held
for a whole session, so only one writer would ever run).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 8
WORDS = ("council", "bridge", "mayor", "engineer", "pillar", "crack", "walkway", "police",
         "report", "safety", "closed", "repair", "inspection", "budget", "vote", "river")
TAGS = ("claim", "quote", "actor")
KINDS = ("add", "retag", "link", "delete", "undo")
WEIGHTS = (30, 30, 15, 15, 10)
REFRESH_EVERY = 10
HOT = 20


def article_text(n: int) -> str:
    rng = random.Random(n)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."
                 for _ in range(60)]
    return f"Report {n}. " + " ".join(sentences)


def setup(target: str) -> None:
    from annotator.domain.model import ParsedArticle
    from annotator.storage.project import Project

    create = "init" if "://" in target else True
    with Project(target, annotator="setup", create=create) as project:
        for n in range(ARTICLES):
            project.add_article(ParsedArticle(text=article_text(n), title=f"Report {n}"))


# -- one annotator ----------------------------------------------------------------------------
def annotator(target: str, who: int, actions: int, log_path: str, ready,
              blind: bool = False, hot: bool = False) -> None:
    from annotator.errors import AnnotatorError, Conflict
    from annotator.storage.project import Project

    rng = random.Random(1000 + who)
    project = Project(target, annotator=f"coder{who}", create=False)
    texts = {a.id: project.article(a.id).text for a in project.articles()}
    known = {a.id: a for article in texts for a in project.annotations(article)}
    seq = project.newest_change()
    deleted: list = []  # own deletes, newest last (the undo stack)
    out = open(log_path, "w")  # closed below

    def log(**entry) -> None:
        out.write(json.dumps(entry) + "\n")

    ready.wait()  # every annotator connected and read its view: all start together
    began_all = time.time()
    for step in range(actions):
        if step % REFRESH_EVERY == 0:  # what the window's poll does
            began = time.perf_counter()
            seq, change = project.changes_since(seq)
            known.update((a.id, a) for a in change.upserted)
            for _article, ident in change.removed:
                known.pop(ident, None)
            log(kind="poll", ok=True, ms=(time.perf_counter() - began) * 1000)
        kind = rng.choices(KINDS, WEIGHTS)[0]
        if kind == "undo" and not deleted:
            kind = "add"
        if kind in ("retag", "delete", "link") and len(known) < 2:
            kind = "add"
        pair = None
        # Everyone on the same few spans (--hot): the HOT smallest ids, which every annotator's
        # view shares, the most contended case.
        pool = sorted(known)[:HOT] if hot else list(known)
        if kind == "link":
            first = known[rng.choice(pool)]
            same = [a for a in known.values() if a.article_id == first.article_id
                    and a.id != first.id]
            pair = (first, rng.choice(same)) if same else None
            kind = "link" if pair else "add"
        began = time.perf_counter()
        entry: dict = {"kind": kind}
        try:
            if kind == "add":
                article = rng.choice(list(texts))
                start = rng.randrange(0, len(texts[article]) - 40)
                made = project.add_annotation(article, start, start + rng.randint(3, 30),
                                              rng.choice(TAGS))
                known[made.id] = made
                entry.update(id=made.id, to=made.version, tag=made.tag)
            elif kind == "retag":
                seen = known[rng.choice(pool)]
                tag = rng.choice([t for t in TAGS if t != seen.tag])
                entry.update(id=seen.id, frm=seen.version, tag=tag)
                made = project.retag(seen.id, tag, version=None if blind else seen.version)
                known[made.id] = made
                entry.update(to=made.version)
            elif kind == "delete":
                seen = known[rng.choice(pool)]
                entry.update(id=seen.id, frm=seen.version)
                gone, _links = project.delete_annotations_and_links(
                    [seen.id], None if blind else {seen.id: seen.version})
                known.pop(seen.id, None)
                deleted.append(gone[0])
                entry.update(to=gone[0].version)
            elif kind == "undo":
                gone = deleted.pop()
                entry.update(id=gone.id, to=gone.version, tag=gone.tag)
                back = project.restore_annotations([gone])[0]
                known[back.id] = back
            else:  # link two spans of one article
                assert pair is not None
                made = project.add_link(pair[0].id, pair[1].id,
                                        rng.choice(("same", "contradicts")))
                entry.update(id=made.id, ends=[made.from_id, made.to_id])
            entry["ok"] = True
        except Conflict as exc:
            entry.update(ok=False, told="conflict")
            if exc.current is None:
                known.pop(exc.ident, None)
            elif exc.what == "span":
                known[exc.ident] = exc.current
        except AnnotatorError as exc:  # InputRefused, NotFound (the span deleted meanwhile)
            entry.update(ok=False, told=type(exc).__name__, why=str(exc)[:120])
            if kind != "link" and "id" in entry:
                known.pop(entry["id"], None)
        entry["ms"] = (time.perf_counter() - began) * 1000
        log(**entry)
    log(kind="run", ok=True, ms=0.0, start=began_all, end=time.time())
    out.close()
    project.close()


# -- the comparison -----------------------------------------------------------------------------
def verify(target: str, logs: list[Path]) -> dict:
    from annotator.storage.project import Project

    everything = [json.loads(line) for path in logs for line in path.read_text().splitlines()]
    entries = [e for e in everything if e["kind"] not in ("poll", "run")]
    runs = [e for e in everything if e["kind"] == "run"]
    with Project(target, create=False) as project:
        spans = {a.id: a for art in project.articles() for a in project.annotations(art.id)}
        links = {k.id: k for k in project.links()}
    saved = [e for e in entries if e["ok"]]
    # Each span's reported history: (version after, order, what) ; order puts a delete before the
    # restore of the same version.
    history: dict[str, list] = {}
    starts: dict[tuple[str, int], int] = {}
    overwrites = 0
    for e in saved:
        if e["kind"] == "link":
            continue
        if "frm" in e:
            key = (e["id"], e["frm"])
            starts[key] = starts.get(key, 0) + 1
            if starts[key] > 1:
                overwrites += 1
        rank = {"add": 0, "retag": 1, "delete": 1, "undo": 2}[e["kind"]]
        history.setdefault(e["id"], []).append((e["to"], rank, e))
    lost = []
    deleted_ids = set()
    for ident, events in history.items():
        events.sort(key=lambda item: (item[0], item[1]))
        version, _rank, last = events[-1]
        if any(e["kind"] == "delete" for *_, e in events):
            deleted_ids.add(ident)
        if last["kind"] == "delete":
            if ident in spans:
                lost.append(("deleted but there", ident))
            continue
        row = spans.get(ident)
        if row is None:
            lost.append(("missing", ident, last["kind"]))
        elif row.version != version:
            lost.append(("version", ident, row.version, version))
        elif last.get("tag") is not None and row.tag != last["tag"]:
            lost.append(("tag", ident, row.tag, last["tag"]))
    for e in saved:
        if e["kind"] == "link" and e["id"] not in links:
            if not any(end in deleted_ids or end not in spans for end in e["ends"]):
                lost.append(("link", e["id"]))
    told = [e for e in entries if not e["ok"]]
    reasons: dict[str, int] = {}
    for e in told:
        if e["told"] != "conflict":
            why = ("already linked" if "already linked" in e["why"] else
                   "an end deleted meanwhile" if "no annotation" in e["why"] else e["why"][:60])
            reasons[why] = reasons.get(why, 0) + 1
    per_kind = {}
    for kind in (*KINDS, "poll"):
        times = sorted(e["ms"] for e in everything if e["kind"] == kind)
        if times:
            per_kind[kind] = (len(times), statistics.median(times),
                              times[min(len(times) - 1, int(len(times) * 0.95))],
                              statistics.fmean(times), times[-1])
    return {"actions": len(entries), "saved": len(saved),
            "conflicts": sum(1 for e in told if e["told"] == "conflict"),
            "refused": sum(1 for e in told if e["told"] != "conflict"), "reasons": reasons,
            "lost": len(lost), "lost_examples": lost[:5], "overwrites": overwrites,
            "per_kind": per_kind, "spans": len(spans), "links": len(links),
            "seconds": max(e["end"] for e in runs) - min(e["start"] for e in runs)}


def run(target: str, workers: int, actions: int, blind: bool = False, hot: bool = False
        ) -> dict:
    setup(target)
    folder = Path(tempfile.mkdtemp(prefix="team-load-"))
    logs = [folder / f"coder{n}.jsonl" for n in range(workers)]
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(workers)
    procs = [context.Process(target=annotator,
                             args=(target, n, actions, str(logs[n]), ready, blind, hot))
             for n in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    if any(p.exitcode for p in procs):
        raise SystemExit(f"an annotator process failed: {[p.exitcode for p in procs]}")
    return verify(target, logs)


def report(name: str, workers: int, r: dict, hot: bool = False) -> None:
    print(f"\n{name}{' (--hot)' if hot else ''}: {workers} annotators x "
          f"{r['actions'] // workers:,} actions, "
          f"{r['seconds']:.1f} s")
    print(f"  actions {r['actions']:,}  saved {r['saved']:,}  conflicts told {r['conflicts']:,}  "
          f"refusals told {r['refused']:,}  lost {r['lost']}  silent overwrites "
          f"{r['overwrites']}  ({r['spans']:,} spans and {r['links']:,} links at the end)")
    if r["reasons"]:
        print("  refusals: " + ", ".join(f"{n:,} {why}" for why, n in r["reasons"].items()))
    print(f"  throughput {r['actions'] / r['seconds']:.0f} actions/s")
    print("  per action, ms (a poll is the window's read of others' changes, every 10 actions):")
    for kind, (n, p50, p95, mean, worst) in r["per_kind"].items():
        print(f"    {kind:<6} n={n:>6,}  p50 {p50:6.1f}  p95 {p95:6.1f}  mean {mean:6.1f}  "
              f"max {worst:7.1f}")
    if r["lost_examples"]:
        print(f"  lost, e.g.: {r['lost_examples']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an empty PostgreSQL database URL (default: a throwaway "
                                     "server, as the tests start)")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--hot", action="store_true",
                        help=f"retag, delete and link only {HOT} spans everyone shares (contention)")
    parser.add_argument("--blind", action="store_true",
                        help="pass no versions (a check of the check: overwrites must show)")
    args = parser.parse_args()
    if args.sqlite:
        target = str(Path(tempfile.mkdtemp(prefix="team-load-")) / "team.sqlite")
        result = run(target, args.workers, args.actions, args.blind, args.hot)
        report("SQLite (one file, writers take turns)", args.workers, result, args.hot)
    elif args.db:
        result = run(args.db, args.workers, args.actions, args.blind, args.hot)
        report("PostgreSQL", args.workers, result, args.hot)
    else:
        sys.path.insert(0, str(ROOT / "tests" / "support"))
        import pg

        reason = pg.missing_reason()
        if reason:
            raise SystemExit(f"no PostgreSQL for the load test: {reason}")
        server = pg.Server().start()
        try:
            result = run(server.url(server.create()), args.workers, args.actions,
                         args.blind, args.hot)
        finally:
            server.stop()
        report(f"PostgreSQL {os.path.basename(str(server.bin.parent))}", args.workers, result,
               args.hot)
    return 1 if result["lost"] or result["overwrites"] else 0


if __name__ == "__main__":
    sys.exit(main())
