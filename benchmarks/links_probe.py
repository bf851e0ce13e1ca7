"""Child process of the link benchmarks (run by links_bench.py; never imported by the program).

    links_probe.py app [--links] -- ANNOTATOR ARGS...    the real program, as `annotator`
    links_probe.py scroll --db PROJECT [--samples 40] [--links]   page-down latency, sync on

`app` runs annotator.cli.main exactly as the `annotator` command does (window_probe.py's way:
annotator.ui.app.make_window is wrapped to watch the window it makes). The moment timed is the
first frame in which every pane showing an article has painted its viewport and, with --links,
the link overlay has painted lines (LinkOverlay.paintEvent is wrapped to note how many segments
it drew); once that frame has been processed (a zero timer) it prints "painted", then checks the
frame (below) and leaves with os._exit (nothing saved: every run is a first launch).

`scroll` opens the project's window (as window_probe.py's `tag` does), turns sync scrolling on,
waits for every span to be loaded, then for each sample puts the left pane at a new place
(untimed, spread over the article) and times QTest.keyClick(PageDown) on its view until both
panes' viewports have been repainted and, with --links, the overlay has painted lines again.

The frame check grabs the window from the screen, then hides the overlay, repaints, grabs again:
"check" reports each pane's fraction of non-background pixels (text really shown), the pixels
the overlay changed between the panes (its lines, there drawn strong) and over the text, and
the segments it drew by kind and type. Exit 3: a pane blank; 5: --links but no line on screen.
BENCH_PROFILE / BENCH_TRACEMALLOC / BENCH_SHOT as in window_probe.py.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

import window_probe as probe  # starts the profiler first when BENCH_PROFILE is set


class Frames:
    """Paints seen since the window was made: per article viewport, and the overlay's (with the
    number of segments its last paint drew). ``settled`` runs after a paint has been processed."""

    def __init__(self, window, settled=None):
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.window = window
        self.overlay = window.linking.overlay
        self.views = {}          # id(viewport) -> paints
        self.overlay_paints = 0
        self.drawn = 0           # segments in the overlay's last paint
        self.settled = settled
        frames = self

        class Filter(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.Paint:
                    frames.views[id(watched)] = frames.views.get(id(watched), 0) + 1
                    frames._later()
                return False

        self._timer = QTimer.singleShot
        self.filter = Filter()
        for pane in window.panes:
            pane.view.viewport().installEventFilter(self.filter)
        cls = type(self.overlay)
        original = cls.paintEvent

        def paintEvent(overlay, event) -> None:  # the program's paint, then a note of it
            original(overlay, event)
            if overlay is frames.overlay:
                frames.overlay_paints += 1
                frames.drawn = len(overlay.segments())  # cached by the paint: no new work
                frames._later()

        cls.paintEvent = paintEvent

    def _later(self) -> None:
        if self.settled is not None:
            self._timer(0, self.settled)

    def panes(self) -> list:
        return [p for p in self.window.panes if p.article_id]

    def counts(self) -> tuple:
        return (tuple(self.views.get(id(p.view.viewport()), 0) for p in self.panes()),
                self.overlay_paints)


def grab(window):
    from PySide6.QtWidgets import QApplication

    image = QApplication.primaryScreen().grabWindow(window.winId()).toImage()
    if image.isNull() or image.width() < window.width():
        image = window.grab().toImage()
    return image


def frame_check(window, links: bool) -> int:
    """Print the "check" line; return the exit status (0, 3 blank pane, 5 no line drawn)."""
    from collections import Counter

    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    overlay = window.linking.overlay
    panes = [p for p in window.panes if p.article_id]
    shown = grab(window)
    if os.environ.get("BENCH_SHOT"):
        shown.save(os.environ["BENCH_SHOT"])
    segments = list(overlay.segments())
    overlay.hide()
    window.repaint()
    QApplication.processEvents()
    bare = grab(window)
    overlay.show()
    boxes = []  # each viewport in window coordinates: (x0, y0, x1, y1)
    for pane in panes:
        viewport = pane.view.viewport()
        origin = viewport.mapTo(window, QPoint(0, 0))
        boxes.append((origin.x(), origin.y(), origin.x() + viewport.width(),
                      origin.y() + viewport.height()))
    texts = []
    for x0, y0, x1, y1 in boxes:
        counts = Counter(shown.pixel(x, y) for y in range(y0, y1, 2) for x in range(x0, x1, 2))
        texts.append(1 - max(counts.values()) / max(1, sum(counts.values())))

    def changed(x0, y0, x1, y1, step=1) -> int:
        return sum(shown.pixel(x, y) != bare.pixel(x, y) for y in range(y0, y1, step)
                   for x in range(max(0, x0), min(x1, shown.width()), step))

    between = over_text = 0
    if len(boxes) >= 2:
        (_, a0, left_end, a1), (right_start, b0, _, b1) = boxes[0], boxes[1]
        between = changed(left_end, max(a0, b0), right_start, min(a1, b1))
    for box in boxes:
        over_text += changed(*box, step=2)
    kinds = Counter(f"{s.kind}:{s.link.type}" for s in segments)
    font = panes[0].view.font() if panes else None
    size = f"{boxes[0][2] - boxes[0][0]}x{boxes[0][3] - boxes[0][1]}" if boxes else "0x0"
    print(f"check text {' '.join(f'{t:.4f}' for t in texts)} between {between} over-text "
          f"{over_text} segments {len(segments)} {' '.join(f'{k}={n}' for k, n in sorted(kinds.items()))}"
          f" viewport {size} font {font.family() if font else ''} "
          f"{font.pointSizeF() if font else 0}", flush=True)
    if not texts or min(texts) < 0.005:
        return 3
    if links and (not segments or between < 50):
        return 5
    return 0


def run_app(args: list[str], links: bool) -> int:
    import annotator.ui.app as app_module
    from annotator.cli import main

    original = app_module.make_window
    holder = {}

    def ready() -> None:
        frames = holder["frames"]
        views, _ = frames.counts()
        if holder.get("done") or not views or min(views) == 0 or (links and not frames.drawn):
            return
        holder["done"] = True
        print("painted", flush=True)
        probe.leave(frame_check(frames.window, links))

    def make_window(*a, **k):
        window = original(*a, **k)
        holder["frames"] = Frames(window, ready)
        return window

    app_module.make_window = make_window
    sys.argv[0] = "annotator"
    return main(args)


def run_scroll(db: str, samples: int, links: bool, warmup: int = 5) -> int:
    from pathlib import Path

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.storage.project import open_project
    from annotator.ui.app import make_window

    app = QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    window = make_window(open_project(Path(db), lock="window"))
    frames = Frames(window)  # before the first paint: the binding keeps the paintEvent it meets
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5000)
    window.actions_["sync"].setChecked(True)
    left, right = (p.view for p in frames.panes()[:2])
    probe.process_until(app, lambda: not (getattr(left, "loading", False)
                                          or getattr(right, "loading", False)))
    bar, other = left.verticalScrollBar(), right.verticalScrollBar()
    times, drawn, followed, moved = [], [], 0, 0
    total = samples + warmup
    for i in range(total):
        left.setFocus()
        bar.setValue(round(bar.maximum() * 0.9 * (i + 0.5) / total))
        left.setTextCursor(left.cursorForPosition(QPoint(0, 0)))  # PageDown goes from here
        QTest.qWait(40)  # that place painted, everything settled
        (views, paints), start, there = frames.counts(), bar.value(), other.value()

        def repainted(views=views, paints=paints) -> bool:
            now, now_paints = frames.counts()
            done = all(b > a for a, b in zip(views, now, strict=True))
            return done and (not links or (now_paints > paints and frames.drawn > 0))

        t0 = time.perf_counter()
        QTest.keyClick(left, Qt.Key.Key_PageDown)
        probe.process_until(app, repainted, 10.0)
        elapsed = (time.perf_counter() - t0) * 1000
        if i >= warmup:
            times.append(elapsed)
            drawn.append(frames.drawn)
            moved += bar.value() > start
            followed += other.value() != there
    status = frame_check(window, links)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(json.dumps({"samples": len(times), "p50": statistics.median(times), "p95": p95,
                      "min": times[0], "max": times[-1], "moved": moved, "followed": followed,
                      "drawn_min": min(drawn), "drawn_median": statistics.median(drawn),
                      "links": len(window.linking.index), "ms": times}), flush=True)
    if moved < len(times) or followed < len(times):
        status = status or 4  # a page-down that did not scroll, or a pane that did not follow
    probe.leave(status)
    return status


def main() -> int:
    argv = sys.argv[1:]
    mode = argv.pop(0)
    links = "--links" in argv
    argv = [a for a in argv if a != "--links"]
    if mode == "scroll":
        db = argv[argv.index("--db") + 1]
        samples = int(argv[argv.index("--samples") + 1]) if "--samples" in argv else 40
        return run_scroll(db, samples, links)
    return run_app(argv[1:] if argv[:1] == ["--"] else argv, links)


if __name__ == "__main__":
    sys.exit(main())
