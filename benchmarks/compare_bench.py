"""The comparison row: `annotator compare` on 1,000 articles with 1,000,000 annotations and
100,000 links, against exporting the same project to JSON (issue 10: within 2x), both whole
processes, alternating in one run.

- compare: `annotator --db P compare -o out.json` (the contract's JSON, written atomically);
  the floor: `annotator --db P export -o export.json`.

The project is made by synth.comparison_project: 1,000 articles of 6,000 characters with 1,000
spans each (2% claims, the rest quotes and actor spans), 200 actors named by every actor span,
100,000 links (40% speaker, 40% same between claims telling one of 2,000 facts, 10%
contradicts, 10% elaborates), a not-article region at the end of every tenth article. --quick:
100 articles, 100,000 annotations, 10,000 links. Run through run_all.py (`--only compare`).
"""

from __future__ import annotations

import json
from pathlib import Path

import synth
from harness import PY, compare, row

ANNOTATOR = str(Path(PY).with_name("annotator"))


def sizes(quick: bool) -> tuple[int, int, int]:
    """Articles, spans per article, links."""
    return (100, 1000, 10_000) if quick else (1000, 1000, 100_000)


def project(tmp: Path, quick: bool) -> tuple[Path, dict]:
    articles, spans, links = sizes(quick)
    db = tmp / f"compare-{articles}.sqlite"
    made = tmp / f"compare-{articles}.json"
    if not db.exists():
        made.write_text(json.dumps(synth.comparison_project(db, articles, spans, links)))
    return db, json.loads(made.read_text())


def compare_json(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    db, made = project(tmp, quick)
    articles, spans, _links = sizes(quick)
    ours, floor = tmp / "compare-out.json", tmp / "compare-export.json"
    checked: list[bool] = []

    def check(_run) -> None:
        if checked:  # parsed once: the bytes are the same every run
            return
        doc = json.loads(ours.read_bytes())
        assert len(doc["articles"]) == articles and len(doc["actors"]) == 200
        assert all(len(a["mentions"]) == articles for a in doc["actors"])
        members = sum(len(g["members"]) for g in doc["claims"])
        assert 0 < members <= made["claims"], (members, made)
        print(f"    compare: {len(doc['actors'])} actors, {len(doc['claims']):,} claim groups of "
              f"{members:,} claims, {sum(sum(a['quotes'].values()) for a in doc['actors']):,} "
              f"quotes counted", flush=True)
        checked.append(True)

    def check_floor(_run) -> None:
        with open(floor, "rb") as handle:
            assert handle.read(40).startswith(b'{\n  "format": "annotator-export"')

    m = compare(lambda: [ANNOTATOR, "--db", str(db), "compare", "-o", str(ours)],
                lambda: [ANNOTATOR, "--db", str(db), "export", "-o", str(floor)],
                runs=runs, env=env, check=check, check_floor=check_floor)
    row(f"`annotator compare -o out.json`, {articles:,} articles, {articles * spans:,} "
        f"annotations, {made['speaker'] + made['same'] + made['contradicts'] + made['elaborates']:,} "
        "links, whole process (floor: `annotator export` of the same project)", m, "s", 2.0)
    print(f"    output {ours.stat().st_size / 1e6:.0f} MB (the export {floor.stat().st_size / 1e6:.0f} "
          f"MB); made: {made}", flush=True)


GROUPS = {"compare": compare_json}


if __name__ == "__main__":
    import run_all

    run_all.main(default_groups=list(GROUPS))
