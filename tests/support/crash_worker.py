"""Carry out a crash plan from step FIRST on; print "done N" after each action returns.

    python crash_worker.py PROJECT PLAN.json FIRST
"""

import json
import sys
from pathlib import Path

from annotator.storage.project import Project


def main() -> None:
    project_path, plan_path, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
    plan = json.loads(Path(plan_path).read_text("utf-8"))
    project = Project(project_path, lock="cli", wait=30)
    # The -wal grows until a planned checkpoint folds it in, so that checkpoints take long
    # enough for kills to land inside them.
    project._connection().execute("PRAGMA wal_autocheckpoint = 0")
    print("ready", flush=True)
    for n in range(first, len(plan)):
        step = plan[n]
        kind = step[0]
        print(f"start {n} {kind}", flush=True)
        if kind == "add":
            project.add_annotation(step[5], step[2], step[3], step[4], annotation_id=step[1])
        elif kind == "retag":
            project.retag(step[1], step[2])
        elif kind == "extent":
            project.set_extent(step[1], step[2], step[3])
        elif kind == "note":
            project.set_note(step[1], step[2])
        elif kind == "attributes":
            project.set_attributes(step[1], step[2])
        elif kind == "delete":
            project.delete_annotation(step[1])
        elif kind == "bulkdelete":
            project.delete_annotations(step[1])
        elif kind == "delete_linked":
            project.delete_annotations_and_links(step[1])
        elif kind == "import":
            project.import_file(Path(step[1]))
        elif kind == "merge":
            project.merge_export_file(Path(step[1]))
        elif kind == "link":
            project.add_link(step[2], step[3], step[4], link_id=step[1])
        elif kind == "unlink":
            project.delete_links(step[1])
        elif kind == "add_actor":
            project.add_actor(step[2], step[3], actor_id=step[1])
        elif kind == "update_actor":
            project.update_actor(step[1], **step[2])
        elif kind == "merge_actors":
            project.merge_actors(step[1], step[2])
        elif kind == "set_actor":
            project.set_actor(step[1], step[2])
        elif kind == "checkpoint":
            project._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif kind == "backup":
            project.backup("manual")
        else:
            raise SystemExit(f"unknown step {step}")
        print(f"done {n}", flush=True)
    print("finished", flush=True)


if __name__ == "__main__":
    main()
