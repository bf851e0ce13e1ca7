"""Link rows: two long articles side by side with 10,000 links between them, against the same
project without links (the floor, run alternately in the same session).

- links-first-window: `annotator --db P` (a first launch opens both articles side by side) to
  the first frame with both panes' text and the link lines painted (links_probe.py `app`).
- links-scroll: in the real window with sync scrolling on, a page-down in the left pane until
  both panes and the links have been repainted (links_probe.py `scroll`), samples pooled from
  alternating processes.
- links-export: `annotator --db P export -o out.json`, whole process.

The projects are made by synth.py: the program creates the file, plain sqlite3 fills it (two
articles of about 200 KB with 20,000 spans each, 40 actors named by the actor spans, quote
forms on a third of the quotes); the linked project is a copy of the plain one plus the links.
Run through run_all.py (`--only links-first-window links-scroll links-export`).
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

import synth
from harness import PY, Measured, add_row, compare, fmt, row, run_once

PROBE = str(Path(__file__).with_name("links_probe.py"))
ANNOTATOR = str(Path(PY).with_name("annotator"))


def sizes(quick: bool) -> tuple[int, int, int]:
    """Characters per article, spans per article, links."""
    return (50_000, 5_000, 2_500) if quick else (200_000, 20_000, 10_000)


def projects(tmp: Path, quick: bool) -> tuple[Path, Path, int]:
    """(the project with links, the same without, the number of links); made once."""
    linked, plain = tmp / "links.sqlite", tmp / "links-none.sqlite"
    chars, spans, links = sizes(quick)
    if not linked.exists():
        texts = [("Report A: the bridge", synth.make_text(chars, 31)),
                 ("Report B: the bridge", synth.make_text(chars, 32))]
        synth.build_project(plain, texts, spans, seed=5)
        synth.add_actors(plain, 40)
        shutil.copyfile(plain, linked)
        written = synth.add_links(linked, links)
        assert written == links, written
    return linked, plain, links


def check_line(run) -> dict:
    """The probe's "check" line as numbers: text fractions, pixels the overlay changed between
    the panes and over the text, segments drawn."""
    line = next(x for x in run.stdout.decode().splitlines() if x.startswith("check"))
    words = line.split()
    texts = [float(w) for w in words[words.index("text") + 1:words.index("between")]]
    return {"line": line, "texts": texts, "between": int(words[words.index("between") + 1]),
            "over": int(words[words.index("over-text") + 1]),
            "segments": int(words[words.index("segments") + 1])}


def with_links(run) -> None:
    found = check_line(run)
    assert len(found["texts"]) == 2 and min(found["texts"]) >= 0.005, found["line"]
    assert found["segments"] > 0 and found["between"] >= 50, f"no link drawn: {found['line']}"


def without_links(run) -> None:
    found = check_line(run)
    assert len(found["texts"]) == 2 and min(found["texts"]) >= 0.005, found["line"]
    assert found["segments"] == 0 and found["between"] == 0, f"lines drawn: {found['line']}"


def first_window(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    linked, plain, links = projects(tmp, quick)
    chars, spans, _ = sizes(quick)
    m = compare(lambda: [PY, PROBE, "app", "--links", "--", "--db", str(linked)],
                lambda: [PY, PROBE, "app", "--", "--db", str(plain)], runs=runs, env=env,
                marker=b"painted", check=with_links, check_floor=without_links)
    row(f"two {chars // 1000} KB articles side by side ({spans:,} spans each) with {links:,} "
        "links, `annotator` to the first frame with the links drawn (floor: same project, no "
        "links)", m, "s", 1.2)
    last = check_line(m.runs[-1])
    print(f"    last frame: {last['segments']} segments, {last['between']} pixels changed by "
          f"the lines between the panes, {last['over']} (every other one) over the text",
          flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def scroll(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    """Page-down latency, pooled over ``runs`` processes of each kind, alternating."""
    linked, plain, links = projects(tmp, quick)
    samples = 10 if quick else 24
    # Sync scrolling is turned on in these windows: their settings live apart from the others'.
    home = tmp / "home-scroll"
    env = dict(env, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"))
    pooled: dict[str, list[float]] = {"links": [], "plain": []}
    drawn: list[float] = []
    for _ in range(runs):
        for kind, db in (("plain", plain), ("links", linked)):
            work = tmp / f"scroll-{kind}.sqlite"
            shutil.copyfile(db, work)
            cmd = [PY, PROBE, "scroll", "--db", str(work), "--samples", str(samples)]
            run = run_once(cmd + (["--links"] if kind == "links" else []), env=env, timeout=300)
            if run.returncode != 0:
                raise RuntimeError(f"scroll probe ({kind}) failed ({run.returncode}): "
                                   f"{run.stdout.decode()[-800:]} {run.stderr.decode()[-2000:]}")
            (with_links if kind == "links" else without_links)(run)
            result = json.loads(run.stdout.decode().splitlines()[-1])
            pooled[kind] += result["ms"]
            if kind == "links":
                drawn.append(result["drawn_median"])
    ours, floor = pooled["links"], pooled["plain"]
    ratio50 = statistics.median(ours) / statistics.median(floor)
    ratio95 = p95(ours) / p95(floor)
    add_row((f"page-down with sync scrolling, both panes and the links repainted ({links:,} "
             f"links; {len(ours)} samples from {runs} processes; floor: no links)",
             f"p50 {fmt(statistics.median(ours), 'ms')}, p95 {fmt(p95(ours), 'ms')}",
             fmt(min(ours), "ms"), fmt(max(ours), "ms"),
             f"p50 {fmt(statistics.median(floor), 'ms')}, p95 {fmt(p95(floor), 'ms')}",
             f"p50 {ratio50:.2f}x, p95 {ratio95:.2f}x", "<= 1.2x (p50 and p95)",
             "yes" if max(ratio50, ratio95) <= 1.2 else "no"))
    print(f"    segments drawn per frame (median of each process): {drawn}; floor min/max "
          f"{fmt(min(floor), 'ms')} / {fmt(max(floor), 'ms')}", flush=True)


def export(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    linked, plain, links = projects(tmp, quick)
    chars, spans, _ = sizes(quick)
    ours, floor = tmp / "links-out.json", tmp / "links-none-out.json"

    def check(_run, path=ours, n=links) -> None:
        doc = json.loads(path.read_bytes())
        assert len(doc["links"]) == n, "links missing from the export"
        assert sum(len(a["annotations"]) for a in doc["articles"]) == 2 * spans

    m: Measured = compare(lambda: [ANNOTATOR, "--db", str(linked), "export", "-o", str(ours)],
                          lambda: [ANNOTATOR, "--db", str(plain), "export", "-o", str(floor)],
                          runs=runs, env=env, check=check,
                          check_floor=lambda r: check(r, floor, 0))
    row(f"export two {chars // 1000} KB articles, {2 * spans:,} annotations, {links:,} links, "
        "whole process (floor: the same export without links)", m, "s", 1.2)
    print(f"    output {ours.stat().st_size / 1e6:.1f} MB (floor {floor.stat().st_size / 1e6:.1f} MB)",
          flush=True)


GROUPS = {"links-first-window": first_window, "links-scroll": scroll, "links-export": export}


if __name__ == "__main__":
    import run_all

    run_all.main(default_groups=list(GROUPS))
