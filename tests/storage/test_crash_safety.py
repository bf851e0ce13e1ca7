"""Kill the program (SIGKILL, in a subprocess) at random moments while it adds, retags, moves,
notes and deletes annotations, deletes in bulk, imports articles and merges exports. After each
kill the project must open, pass integrity_check and foreign_key_check, hold every action
reported as done, and hold no action half applied.

Every other kill is aimed at a checkpoint (the -wal folded into the file) or a verified backup,
a few milliseconds after it starts. CI runs ANNOTATOR_KILL_LOOPS kills (default 30); the full
run is
    ANNOTATOR_KILL_LOOPS=200 .venv/bin/pytest tests/storage/test_crash_safety.py
"""

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
from crash_plan import TEXT, expected_state, make_plan

from annotator.storage.project import Project

WORKER = Path(__file__).parents[1] / "support" / "crash_worker.py"
LOOPS = int(os.environ.get("ANNOTATOR_KILL_LOOPS", "30"))


def db_state(path: Path) -> tuple[dict, set]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = con.execute('SELECT a.id, a.start, a."end", t.name, a.note, a.text FROM annotations a '
                           "JOIN tags t ON t.id = a.tag_id").fetchall()
        titles = {r[0] for r in con.execute("SELECT title FROM articles WHERE id != 'article-main'")}
    finally:
        con.close()
    for ident, start, end, _tag, _note, text in rows:
        assert TEXT[start:end] == text, f"{ident}: stored text does not match its offsets"
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}, titles


@pytest.mark.slow
def test_no_action_is_lost_or_half_applied_when_killed(tmp_path):
    project_path = tmp_path / "p.sqlite"
    with Project(project_path) as project, project._write() as conn:
        conn.execute("INSERT INTO articles (id, seq, title, imported_at, text, text_sha256)"
                             " VALUES ('article-main', 1, 'Main', '2026-01-01', ?, ?)",
                             (TEXT, __import__("hashlib").sha256(TEXT.encode()).hexdigest()))
    plan = make_plan(tmp_path, length=300 * LOOPS + 200)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan), "utf-8")
    rng = random.Random(7)
    position, kills_mid_run = 0, 0
    kills_in = {"checkpoint": 0, "backup": 0}
    for loop in range(LOOPS):
        worker = subprocess.Popen([sys.executable, str(WORKER), str(project_path), str(plan_path),
                                   str(position)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        seen = ""
        if loop % 2:  # aimed: a few milliseconds into a checkpoint or a backup
            while not (line := worker.stdout.readline()).startswith("start ") or \
                    line.split()[2] not in ("checkpoint", "backup"):
                seen += line
                assert line, worker.stderr.read()
            seen += line
            time.sleep(0 if "checkpoint" in line else rng.uniform(0.0, 0.004))
        else:
            time.sleep(rng.uniform(0.0, 0.25))
        os.kill(worker.pid, signal.SIGKILL)
        out, _ = worker.communicate()
        out = seen + out
        done = [int(line.split()[1]) for line in out.splitlines() if line.startswith("done ")]
        last = out.splitlines()[-1] if out.strip() else ""
        if last.startswith("start ") and last.split()[2] in ("checkpoint", "backup"):
            kills_in[last.split()[2]] += 1
        assert "finished" not in out, "the plan ran out: make it longer"
        reported = (done[-1] + 1) if done else position
        state = db_state(project_path)
        # Everything reported is there; at most the one action after it also committed.
        if state == expected_state(plan, reported):
            position = reported
        else:
            assert state == expected_state(plan, reported + 1), \
                f"kill {loop}: the project is neither before nor after step {reported} ({plan[reported][0]})"
            position = reported + 1
            kills_mid_run += 1
        with Project(project_path) as reopened:  # it opens, at the current schema
            assert reopened.status == "current"
    with Project(project_path) as project:  # the next backup clears what killed ones left
        project.backup("manual")
    backups = project_path.with_name(project_path.name + "-backups")
    assert not [p.name for p in backups.iterdir() if "partial" in p.name]
    print(f"{LOOPS} kills, {position} actions done, {kills_mid_run} killed between commit and "
          f"report, {kills_in['checkpoint']} during a checkpoint, {kills_in['backup']} during a "
          "backup")
    assert position > LOOPS  # the kills landed while work was going on
