"""Window rows: start-up to the first painted window, a long article's first paint, tagging
latency in the real window, memory after scrolling through a long article.

The window processes are window_probe.py children (see its docstring for how a paint is caught
and checked); they run offscreen (QT_QPA_PLATFORM=offscreen) unless run_all.py was given
--xvfb, which starts an X server for them. Run through run_all.py.
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

import synth
from harness import PY, add_row, compare, fmt, row, run_once

PROBE = str(Path(__file__).with_name("window_probe.py"))
SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def checked(run) -> None:
    """The probe printed 'check <fraction> <colours>': the frame had text on it."""
    line = next(line for line in run.stdout.decode().splitlines() if line.startswith("check"))
    fraction = float(line.split()[1])
    assert fraction >= 0.005, f"blank frame ({line})"


def like_app(command: list[str], env: dict) -> list[str]:
    """`--like WxH,FONT,PT` for the floor: the viewport size and font of the app's article view,
    from one untimed run of it, so that the floor lays out the same lines."""
    run = run_once(command, env=env, marker=b"painted", timeout=300)
    line = next(line for line in run.stdout.decode().splitlines() if line.startswith("check"))
    words = line.split()
    at = words.index("viewport")
    size, family, points = words[at + 1], " ".join(words[at + 3:-1]), words[-1]
    return ["--like", f"{size},{family},{points}"]


def long_article(tmp: Path, quick: bool) -> tuple[Path, Path]:
    """The project with one long article and its spans, and the same text as a .txt file."""
    db, txt = tmp / "long.sqlite", tmp / "long.txt"
    if not db.exists():
        text = synth.make_text(200_000 if quick else 2_000_000, 2026)
        synth.build_project(db, [("A long article", text)], 5_000 if quick else 50_000, seed=9)
        txt.write_text(text, encoding="utf-8")
    return db, txt


def first_window(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    """`annotator` on the default project (the two sample articles, made by the first run)."""
    samples = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    like = like_app([PY, PROBE, "app", "--"], env)
    m = compare(lambda: [PY, PROBE, "app", "--"], lambda: [PY, PROBE, "bare", *like, *samples],
                runs=runs, env=env, marker=b"painted", check=checked, check_floor=checked)
    row("`annotator` to first painted window, sample project (floor: bare Qt window, same "
        "texts, font and viewports)",
        m, "s", 1.3)


def long_first_paint(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    db, txt = long_article(tmp, quick)
    spans = 5_000 if quick else 50_000
    like = like_app([PY, PROBE, "app", "--", "--db", str(db)], env)
    m = compare(lambda: [PY, PROBE, "app", "--", "--db", str(db)],
                lambda: [PY, PROBE, "bare", *like, str(txt)], runs=runs, env=env, marker=b"painted",
                check=checked, check_floor=checked)
    row(f"{txt.stat().st_size / 1e6:.1f} MB article with {spans:,} spans, whole window to first "
        "paint (floor: bare QPlainTextEdit, same font and viewport)", m, "s", 1.5)


def tag_latency(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    db, _ = long_article(tmp, quick)
    work = tmp / "tag.sqlite"
    shutil.copyfile(db, work)
    run = run_once([PY, PROBE, "tag", "--db", str(work), "--samples", "20" if quick else "60"],
                   env=env, timeout=600)
    if run.returncode != 0:
        raise RuntimeError(f"tag probe failed ({run.returncode}): {run.stdout.decode()[-500:]} "
                           f"{run.stderr.decode()[-2000:]}")
    result = json.loads(run.stdout.decode().splitlines()[-1])
    spans = 5_000 if quick else 50_000
    add_row((f"tag a span in the real window (key press to repainted), {spans:,} spans, "
             f"{result['samples']} samples", f"p50 {fmt(result['p50'], 'ms')}",
             fmt(result["min"], "ms"), fmt(result["max"], "ms"), "",
             f"p95 {fmt(result['p95'], 'ms')}", "p95 <= 12 ms",
             "yes" if result["p95"] <= 12 else "no"))
    print(f"    samples (ms): {' '.join(f'{t:.1f}' for t in result['ms'])}", flush=True)


def memory(tmp: Path, env: dict, runs: int, quick: bool) -> None:
    db, txt = long_article(tmp, quick)

    def scrolled(run) -> None:
        checked(run)
        assert b"scrolled" in run.stdout, run.stdout

    like = like_app([PY, PROBE, "app", "--", "--db", str(db)], env)
    m = compare(lambda: [PY, PROBE, "app", "--scroll", "--", "--db", str(db)],
                lambda: [PY, PROBE, "bare", "--scroll", *like, str(txt)], runs=runs, env=env,
                metric="maxrss_mib", check=scrolled, check_floor=scrolled)
    row("memory (peak RSS), that article open and scrolled through, whole process "
        "(floor: bare Qt, same text, font and viewport)", m, "MiB", 1.3)
    pages = [line for line in m.runs[-1].stdout.decode().splitlines() if line.startswith("scrolled")]
    print(f"    {pages[0] if pages else ''}; scroll time median "
          f"{statistics.median(r.seconds for r in m.runs):.1f} s (floor "
          f"{statistics.median(r.seconds for r in m.floor_runs):.1f} s)", flush=True)


GROUPS = {"first-window": first_window, "long-first-paint": long_first_paint,
          "tag": tag_latency, "memory": memory}


if __name__ == "__main__":
    import run_all

    run_all.main(default_groups=list(GROUPS))
