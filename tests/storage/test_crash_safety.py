"""Kill the program (SIGKILL, in a subprocess) at random moments while it adds, retags, moves,
notes and deletes annotations (one, in bulk, and spans that have links), sets their attributes,
imports articles, merges exports, links annotations (same / contradicts / elaborates across two
articles, speaker within one), deletes links, and adds, renames, merges and names actors. After
each kill the project must open, pass integrity_check and foreign_key_check, have no link with a
missing end and no annotation naming a missing actor, hold every action reported as done (the
last one included), and hold no action half applied.

Every other kill is aimed at a checkpoint (the -wal folded into the file) or a verified backup,
a few milliseconds after it starts. CI runs ANNOTATOR_KILL_LOOPS kills (default 30); the full
run is
    ANNOTATOR_KILL_LOOPS=200 .venv/bin/pytest tests/storage/test_crash_safety.py -s

SQLite only: kills a process writing a project file and checks the file; a PostgreSQL server's
commits are its own to keep.
"""

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crash_model import TEXTS, Ann, Model
from crash_plan import counts, make_plan

from annotator.storage.project import Project

WORKER = Path(__file__).parents[1] / "support" / "crash_worker.py"
LOOPS = int(os.environ.get("ANNOTATOR_KILL_LOOPS", "30"))


def db_state(path: Path) -> tuple:
    """(annotations, links, actors, imported titles) as the Model holds them, after the checks
    that hold whatever was done."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT ln.id FROM links ln WHERE NOT EXISTS (SELECT 1 FROM "
                           "annotations a WHERE a.id = ln.from_id) OR NOT EXISTS (SELECT 1 FROM "
                           "annotations a WHERE a.id = ln.to_id)").fetchall() == [], \
            "a link outlived one of its ends"
        assert con.execute("SELECT a.id FROM annotations a WHERE a.actor_id IS NOT NULL AND NOT "
                           "EXISTS (SELECT 1 FROM actors ac WHERE ac.id = a.actor_id)"
                           ).fetchall() == [], "an annotation names an actor that is gone"
        rows = con.execute('SELECT a.id, a.article_id, a.start, a."end", t.name, a.note, '
                           "a.actor_id, a.attributes, a.text FROM annotations a "
                           "JOIN tags t ON t.id = a.tag_id").fetchall()
        links = {r[0]: (r[1], r[2], r[3]) for r in con.execute(
            "SELECT ln.id, lt.name, ln.from_id, ln.to_id FROM links ln "
            "JOIN link_types lt ON lt.id = ln.type_id")}
        actors = {r[0]: (r[1], tuple(json.loads(r[2])))
                  for r in con.execute("SELECT id, name, aliases FROM actors")}
        titles = {r[0] for r in con.execute(
            f"SELECT title FROM articles WHERE id NOT IN ({','.join('?' * len(TEXTS))})",
            list(TEXTS))}
    finally:
        con.close()
    annotations = {}
    for ident, article, start, end, tag, note, actor, attributes, text in rows:
        assert TEXTS[article][start:end] == text, f"{ident}: stored text does not match its offsets"
        attributes = json.dumps(json.loads(attributes) if attributes else {}, sort_keys=True,
                                ensure_ascii=False)
        annotations[ident] = Ann(article, start, end, tag, note, actor, attributes)
    return annotations, links, actors, titles


def difference(found: tuple, expected: tuple) -> str:
    """Which ids differ, per part of the state (for a failure message one can act on)."""
    said = []
    for part, have, want in zip(("annotations", "links", "actors", "titles"), found, expected,
                                strict=True):
        if isinstance(have, set):
            have, want = dict.fromkeys(have, "there"), dict.fromkeys(want, "there")
        wrong = sorted(k for k in have.keys() | want.keys() if have.get(k) != want.get(k))
        if wrong:
            said.append(f"{part} {', '.join(f'{k}: {have.get(k)} not {want.get(k)}' for k in wrong[:3])}"
                        + (f" and {len(wrong) - 3} more" if len(wrong) > 3 else ""))
    return "; ".join(said)


def make_project(path: Path) -> None:
    with Project(path) as project, project._write() as conn:
        for seq, (ident, text) in enumerate(TEXTS.items(), 1):
            conn.execute("INSERT INTO articles (id, seq, title, imported_at, text, text_sha256)"
                         " VALUES (?, ?, ?, '2026-01-01', ?, ?)",
                         (ident, seq, ident, text, hashlib.sha256(text.encode()).hexdigest()))


def kill_worker(project_path, plan_path, position, aimed, rng) -> str:
    """Start the worker at step ``position``, kill it, return what it printed."""
    worker = subprocess.Popen([sys.executable, str(WORKER), str(project_path), str(plan_path),
                               str(position)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    seen = ""
    if aimed:  # a few milliseconds into a checkpoint or a backup
        while not (line := worker.stdout.readline()).startswith("start ") or \
                line.split()[2] not in ("checkpoint", "backup"):
            seen += line
            assert line, worker.stderr.read()
        seen += line
        time.sleep(0 if "checkpoint" in line else rng.uniform(0.0, 0.004))
    else:
        time.sleep(rng.uniform(0.0, 0.25))
    os.kill(worker.pid, signal.SIGKILL)
    out, err = worker.communicate()
    assert "Traceback" not in err, err  # a plan step the project refused: the plan is wrong
    return seen + out


@pytest.mark.slow
def test_no_action_is_lost_or_half_applied_when_killed(tmp_path):
    started = time.monotonic()
    project_path = tmp_path / "p.sqlite"
    make_project(project_path)
    plan = make_plan(tmp_path, length=300 * LOOPS + 200)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan), "utf-8")
    rng = random.Random(7)
    model = Model()  # the project after plan[:position]
    position, kills_mid_run = 0, 0
    kills_in = {"checkpoint": 0, "backup": 0}
    for loop in range(LOOPS):
        out = kill_worker(project_path, plan_path, position, loop % 2, rng)
        done = [int(line.split()[1]) for line in out.splitlines() if line.startswith("done ")]
        last = out.splitlines()[-1] if out.strip() else ""
        if last.startswith("start ") and last.split()[2] in ("checkpoint", "backup"):
            kills_in[last.split()[2]] += 1
        assert "finished" not in out, "the plan ran out: make it longer"
        reported = (done[-1] + 1) if done else position
        state = db_state(project_path)
        # Everything reported is there; at most the one action after it also committed.
        for step in plan[position:reported]:
            model.apply(step)
        if state != model.state():
            model.apply(plan[reported])
            assert state == model.state(), \
                f"kill {loop}: the project is neither before nor after step {reported} " \
                f"({plan[reported]}): {difference(state, model.state())}"
            reported += 1
            kills_mid_run += 1
        position = reported
        with Project(project_path) as reopened:  # it opens, at the current schema
            assert reopened.status == "current"
    with Project(project_path) as project:  # the next backup clears what killed ones left
        project.backup("manual")
    backups = project_path.with_name(project_path.name + "-backups")
    assert not [p.name for p in backups.iterdir() if "partial" in p.name]
    anns, links, actors, _ = model.state()
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts(plan[:position]).items()))
    print(f"\n{LOOPS} kills in {time.monotonic() - started:.0f} s, {position} actions done "
          f"({kinds}), {kills_mid_run} killed between commit and report, "
          f"{kills_in['checkpoint']} during a checkpoint, {kills_in['backup']} during a backup; "
          f"the project ends with {len(anns)} annotations, {len(links)} links, "
          f"{len(actors)} actors")
    assert position > LOOPS  # the kills landed while work was going on
