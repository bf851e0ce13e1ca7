"""Exchange formats (issue 11): export and import of 100,000 annotations in each format, each
against exporting the same project to JSON (goal: within 2x), whole processes alternating in one
run.

- export: `annotator --db P export --format NAME -o OUT` (a folder for brat);
- import: `annotator --db NEW import --format NAME OUT` into a new empty project (made afresh,
  untimed, before every run);
- the floor of both: `annotator --db P export -o export.json`.

The formats are the registry's (annotator.formats.registry), so a format added there is measured
without a change here. The project: 100 articles of 6,000 characters with 1,000 random spans
each, each span made (and a third edited) at its own time (synth.many_articles). --quick: 10
articles. Run through run_all.py (`--only formats`;
with FORMATS_BENCH_EXPORTS_ONLY=1 in the environment, the export rows alone; with
FORMATS_BENCH_IMPORTS_ONLY=1, the import rows alone, each file exported once untimed first).

``--only formats-bound``: the least an import of each of those files can take here (a process that
only tokenizes the file and has SQLite copy the same rows in: import_bound.py), against the same
floor: how far 2x is within reach of any import in Python and SQLite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import synth
from harness import PY, compare, row

ANNOTATOR = str(Path(PY).with_name("annotator"))


def project(tmp: Path, quick: bool) -> tuple[Path, int]:
    articles = 10 if quick else 100
    db = tmp / f"formats-{articles}.sqlite"
    if not db.exists():  # (each span made at its own time, as a real project's)
        synth.many_articles(db, articles, 1000, times=True)
    return db, articles * 1000


def _fresh(template: Path, target: Path):
    def make() -> None:
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, target)
    return make


def _exchange():
    """The formats measured: those the registry can both write and read, but JSON and articles."""
    from annotator.formats.registry import FORMATS

    return [f for f in FORMATS
            if f.name != "json" and not f.article and f.can_write and f.can_read]


def _written(tmp: Path, f) -> Path:
    """Where format ``f``'s export is written (a format that can write a folder, csv, writes one:
    its one-file form holds spans only)."""
    out = tmp / (f"formats-out-{f.name}" + ("" if f.folder != "no" else f.extensions[0]))
    if out.is_dir():
        shutil.rmtree(out)
    return out


def formats(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    db, n = project(tmp, quick)
    empty = tmp / "formats-empty.sqlite"
    if not empty.exists():
        synth.empty_project(empty)
    floor_out = tmp / "formats-floor.json"
    floor = [ANNOTATOR, "--db", str(db), "export", "-o", str(floor_out)]
    for f in _exchange():
        out = _written(tmp, f)
        export = [ANNOTATOR, "--db", str(db), "export", "--format", f.name, "-o", str(out)]
        if os.environ.get("FORMATS_BENCH_IMPORTS_ONLY"):
            subprocess.run(export, env=env, check=True, capture_output=True)
        else:
            m = compare(lambda export=export: export, lambda: floor, runs=runs, env=env)
            row(f"export {n:,} annotations as `{f.name}`, whole process (floor: the JSON export)",
                m, "s", 2.0)
        if os.environ.get("FORMATS_BENCH_EXPORTS_ONLY"):
            continue
        target = tmp / f"formats-in-{f.name}.sqlite"
        m = compare(lambda f=f, out=out, target=target: [
                        ANNOTATOR, "--db", str(target), "import", "--format", f.name, str(out)],
                    lambda: floor, runs=runs, env=env, before=_fresh(empty, target))
        row(f"import {n:,} annotations from `{f.name}` into a new project, whole process "
            "(floor: the JSON export)", m, "s", 2.0)


def bound(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    db, n = project(tmp, quick)
    empty = tmp / "formats-empty.sqlite"
    if not empty.exists():
        synth.empty_project(empty)
    floor = [ANNOTATOR, "--db", str(db), "export", "-o", str(tmp / "formats-floor.json")]
    script = str(Path(__file__).with_name("import_bound.py"))
    for f in _exchange():
        out = _written(tmp, f)
        subprocess.run([ANNOTATOR, "--db", str(db), "export", "--format", f.name, "-o",
                        str(out)], env=env, check=True, capture_output=True)
        target = tmp / f"formats-bound-{f.name}.sqlite"
        m = compare(lambda f=f, out=out, target=target: [
                        PY, script, f.name, str(out), str(db), str(target)],
                    lambda: floor, runs=runs, env=env, before=_fresh(empty, target))
        row(f"the least an import of {n:,} annotations from `{f.name}` can take: the file "
            "tokenized, SQLite copying the rows in, nothing else (import_bound.py; floor: the "
            "JSON export)", m, "s", 2.0)


GROUPS = {"formats": formats, "formats-bound": bound}


if __name__ == "__main__":
    import run_all

    run_all.main(default_groups=list(GROUPS))
