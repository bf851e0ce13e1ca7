"""Render benchmark: a 2 MB article with 50,000 spans in an article pane.

Measures, against a baseline in the same run (the same text shown with no highlighting):
time to first paint with the spans loaded from the project, tagging one more span (database
commit and repaint included), the longest pause while scrolling from top to bottom, memory,
and start-up of the program to its first painted window. Prints the figures.

    python benchmarks/render.py [--chars 2000000] [--spans 50000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SENTENCES = [
    "The council said the bridge would stay closed until engineers had checked every pillar.",
    "“We will not take risks with public safety,” the mayor, Zoë Ortiz, told reporters.",
    "Residents of Brückford complained about queues that stretched across the old town.",
    "中文报道称，调查将在一周内公布初步结果。", "Critics 🌉 called the decision premature.",
    "Shares in the operator fell 4.2% after the announcement on Monday morning.",
]


def make_text(n_chars: int, rng: random.Random) -> str:
    parts, size = [], 0
    while size < n_chars:
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 7)))
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)[:n_chars]


def build(path: Path, n_chars: int, n_spans: int) -> str:
    from sqlalchemy import insert

    from annotator.domain.model import ParsedArticle
    from annotator.storage.edits import annotator_id
    from annotator.storage.tables import annotations, tags
    from annotator.storage.project import Project

    rng = random.Random(7)
    text = make_text(n_chars, rng)
    project = Project(path)
    article, _ = project.add_article(ParsedArticle(text=text, title="Long article"))
    stamp = "2026-11-22T09:00:00.000Z"
    with project._write() as conn:
        tag_ids = [row[0] for row in conn.execute(tags.select().with_only_columns(tags.c.id))]
        who = annotator_id(conn, "bench")
        rows = []
        for _ in range(n_spans):
            start = rng.randrange(len(text) - 80)
            end = start + rng.randrange(1, 80)
            rows.append(dict(id=str(uuid.uuid4()), article_id=article.id, tag_id=rng.choice(tag_ids),
                             start=start, end=end, text=text[start:end], note="", annotator_id=who,
                             created_at=stamp, updated_at=stamp))
        conn.execute(insert(annotations), rows)
    project.close()
    return article.id


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def wait_for(app, condition, timeout=60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() > deadline:
            raise TimeoutError


def child_memory(db: Path, highlighted: bool) -> None:
    """Open the article (with or without spans), scroll to the end, print resident MB."""
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.storage.project import Project
    from annotator.ui.article_pane import ArticlePane
    from annotator.ui.loading import open_in_pane
    from annotator.ui.offsets import display_text
    from annotator.ui.session import Session

    app = QApplication([])
    project = Project(db)
    session = Session(project)
    article = session.articles[0]
    if highlighted:
        pane = ArticlePane()
        pane.resize(700, 900)
        pane.set_choices(session.articles)
        done = []
        loader = open_in_pane(pane, project, article.id, article.annotation_count,
                              session.tag_colors, lambda *_: done.append(1))
        pane.show()
        wait_for(app, lambda: done)
        loader.wait()
        view = pane.view
    else:
        view = QPlainTextEdit()
        view.resize(700, 900)
        view.setPlainText(display_text(project.article(article.id).text))
        view.show()
    app.processEvents()
    bar = view.verticalScrollBar()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
    app.processEvents()
    print(rss_mb())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2_000_000)
    parser.add_argument("--spans", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["memory-plain", "memory-highlighted"])
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child:
        child_memory(Path(args.db), args.child == "memory-highlighted")
        return

    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.storage.project import Project
    from annotator.ui.article_pane import ArticlePane
    from annotator.ui.article_view import reading_font
    from annotator.ui.loading import open_in_pane
    from annotator.ui.offsets import display_text
    from annotator.ui.session import Session

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.sqlite"
    article_id = build(db, args.chars, args.spans)
    project = Project(db)
    session = Session(project)
    print(f"article: {args.chars / 1e6:.1f} MB of text, {args.spans:,} spans")

    def first_paint_baseline() -> float:
        t = time.perf_counter()
        text = project.article(article_id).text
        view = QPlainTextEdit()
        view.setReadOnly(True)
        view.setFont(reading_font())
        view.resize(700, 900)
        view.setPlainText(display_text(text))
        view.show()
        view.viewport().repaint()
        elapsed = time.perf_counter() - t
        view.close()
        view.deleteLater()
        app.processEvents()
        return elapsed

    def first_paint_ours() -> tuple[float, float, ArticlePane]:
        """(to first paint, to all spans loaded, the pane)"""
        done = []
        t = time.perf_counter()
        pane = ArticlePane()
        pane.resize(700, 900)
        loader = open_in_pane(pane, project, article_id, args.spans, session.tag_colors,
                              lambda *_: done.append(time.perf_counter()))
        pane.show()
        pane.view.viewport().repaint()
        painted = time.perf_counter() - t
        wait_for(app, lambda: done)
        loader.wait()
        return painted, done[0] - t, pane

    first_paint_baseline()  # warm fonts and caches for both
    baseline, ours, full, pane = [], [], [], None
    for _ in range(args.repeat):
        baseline.append(first_paint_baseline())
        painted, loaded, candidate = first_paint_ours()
        ours.append(painted)
        full.append(loaded)
        if pane is not None:
            pane.close()
            pane.deleteLater()
        pane = candidate
    app.processEvents()
    b, o = min(baseline), min(ours)
    print(f"first paint, no highlighting (baseline): {b * 1000:6.0f} ms")
    print(f"first paint, spans from the project:     {o * 1000:6.0f} ms  = {o / b:.2f}x baseline "
          f"(target <= 2.5x and < 250 ms)")
    print(f"  all {args.spans:,} spans in (background): {min(full) * 1000:6.0f} ms")

    # Tag one more span: the database commit and the repaint of the affected block.
    view = pane.view
    times = []
    for i in range(20):
        start = 1000 + i * 5000
        t = time.perf_counter()
        added = session.add(article_id, start, start + 12, "claim")
        view.apply_changes([added], [])
        view.viewport().repaint()
        times.append(time.perf_counter() - t)
    times.sort()
    print(f"tag one more span (commit + repaint):    {times[len(times) // 2] * 1000:6.1f} ms median, "
          f"{times[-1] * 1000:.1f} ms worst (target < 16 ms)")

    # Scroll from top to bottom a page at a time; each step painted synchronously.
    bar = view.verticalScrollBar()
    bar.setValue(0)
    worst, steps = 0.0, 0
    t_all = time.perf_counter()
    while bar.value() < bar.maximum():
        t = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        worst = max(worst, time.perf_counter() - t)
        steps += 1
    total = time.perf_counter() - t_all
    print(f"scroll top to bottom: {steps:,} pages in {total:.1f} s, longest pause "
          f"{worst * 1000:.1f} ms (target < 100 ms)")

    memory = {}
    for kind in ("memory-plain", "memory-highlighted"):
        out = subprocess.run([sys.executable, __file__, "--child", kind, "--db", str(db)],
                             capture_output=True, text=True, check=True)
        memory[kind] = float(out.stdout.split()[-1])
    print(f"memory after scrolling through (whole process): {memory['memory-highlighted']:.0f} MB; "
          f"same text without spans {memory['memory-plain']:.0f} MB (target < 150 MB)")

    # Start-up: a new process until its window has painted (the sample project).
    from annotator.samples import add_samples

    add_samples(Project(tmp / "small.sqlite"))
    code = ("import time, sys; from PySide6.QtCore import QTimer; from PySide6.QtWidgets import "
            "QApplication; import annotator.ui.app as a; "
            "QTimer.singleShot(0, lambda: (print('painted', flush=True), QApplication.quit())); "
            "from annotator.storage.project import Project; "
            f"sys.exit(a.run(Project({str(tmp / 'small.sqlite')!r}), None))")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp / "config")}
    starts, bare = [], []
    for _ in range(3):
        t = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, env=env)
        line = child.stdout.readline()
        starts.append(time.perf_counter() - t)
        assert line.strip() == "painted"
        child.wait()
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t)
    print(f"start-up to a painted window (sample project): {min(starts) * 1000:.0f} ms "
          f"(python alone: {min(bare) * 1000:.0f} ms; target < 500 ms)")


if __name__ == "__main__":
    main()
