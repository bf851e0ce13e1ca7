"""Child process of the window benchmarks (run by window_bench.py; never imported).

    window_probe.py app [--scroll] -- ANNOTATOR ARGS...   the real program, as `annotator`
    window_probe.py bare [--scroll] [--like WxH,FONT,PT] FILE...  the floor: a bare Qt window
    window_probe.py tag --db PROJECT [--samples 60]        tagging latency in the real window

`app` runs annotator.cli.main exactly as the `annotator` command does; the only addition is an
event filter on the article views' viewports, put there by wrapping annotator.ui.app's
make_window. At the first Paint event of a viewport, once that event has been processed (a
zero timer started from the filter fires after the paint and the flush), it prints "painted",
then grabs the window from the screen and prints "check <fraction of non-background pixels>
<colours>" (exit status 3 if blank). `bare` does the same with a QMainWindow holding one
QPlainTextEdit per file (with --like, each with the viewport size and font the app's check line
reported, so that both lay out the same lines). With --scroll the view is then scrolled from top to bottom a page at
a time, each page painted, and the process prints its memory before leaving. Processes leave
with os._exit at once (nothing is saved: every run is a first launch).

BENCH_PROFILE=FILE writes a cProfile of the run there; BENCH_TRACEMALLOC=N prints the largest
Python allocations (N frames) at the end; BENCH_SHOT=FILE.png keeps the checked frame.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

if os.environ.get("BENCH_TRACEMALLOC"):  # python-side allocations, printed at the end
    import tracemalloc

    tracemalloc.start(int(os.environ["BENCH_TRACEMALLOC"]))
if os.environ.get("BENCH_PROFILE"):  # cProfile of the whole run, written at the end
    import cProfile

    PROFILER = cProfile.Profile()
    PROFILER.enable()


def leave(status: int) -> None:
    """os._exit, after writing the profile or allocation statistics if asked."""
    sys.stdout.flush()
    if os.environ.get("BENCH_PROFILE"):
        PROFILER.disable()
        PROFILER.dump_stats(os.environ["BENCH_PROFILE"])
    if os.environ.get("BENCH_TRACEMALLOC"):
        import tracemalloc

        snapshot = tracemalloc.take_snapshot()
        print(f"tracemalloc: {sum(s.size for s in snapshot.statistics('filename')) / 2**20:.1f} MiB")
        for stat in snapshot.statistics("lineno")[:15]:
            print(f"  {stat.size / 2**20:7.1f} MiB {stat.count:8} {stat.traceback}")
    sys.stdout.flush()
    os._exit(status)


_WATCH = None


def paint_watch(first=None):
    """A QObject counting Paint events of the widgets it watches; calls ``first`` once, after
    the first one has been processed. Qt is imported here, not at the top: in `app` mode the
    program imports PySide6 itself, late, and PySide6's import hook (shibokensupport.feature
    reads the source of every module imported after it) must meet the same modules as in a
    real start."""
    global _WATCH
    if _WATCH is None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        class PaintWatch(QObject):
            def __init__(self, first=None):
                super().__init__()
                self.count = 0
                self.first = first

            def watch(self, widget) -> None:
                widget.installEventFilter(self)

            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                    if self.count == 1 and self.first is not None:
                        QTimer.singleShot(0, lambda w=watched: self.first(w))
                return False

        _WATCH = PaintWatch
    return _WATCH(first)


def process_until(app, condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not met")


def check_painted(viewport) -> None:
    """Grab the window from the screen (what is really shown), look at the viewport's part."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    window = viewport.window()
    shot = QApplication.primaryScreen().grabWindow(window.winId())
    image = shot.toImage()
    if os.environ.get("BENCH_SHOT"):  # to look at what was checked
        image.save(os.environ["BENCH_SHOT"])
    origin = viewport.mapTo(window, QPoint(0, 0))
    if image.isNull() or image.width() < origin.x() + viewport.width():
        image, origin = viewport.grab().toImage(), QPoint(0, 0)
    counts: dict[int, int] = {}
    for y in range(origin.y(), origin.y() + viewport.height(), 2):
        for x in range(origin.x(), origin.x() + viewport.width(), 2):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    total = sum(counts.values()) or 1
    fraction = 1 - max(counts.values(), default=0) / total
    print(f"check {fraction:.4f} {len(counts)} viewport {viewport.width()}x{viewport.height()} "
          f"font {viewport.parentWidget().font().family()} {viewport.parentWidget().font().pointSizeF()}",
          flush=True)
    if fraction < 0.005:
        leave(3)


def scroll_through(app, view) -> int:
    """Page by page to the end, each page painted before the next. Returns the pages."""
    watch = paint_watch()
    watch.watch(view.viewport())
    bar = view.verticalScrollBar()
    bar.setValue(0)
    pages = 0
    while bar.value() < bar.maximum():
        seen = watch.count
        bar.setValue(bar.value() + bar.pageStep())
        process_until(app, lambda: watch.count > seen, 10.0)
        pages += 1
    return pages


def memory_line() -> str:
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return f"memory rss={fields['VmRSS']:.1f} hwm={fields['VmHWM']:.1f}"


def after_first_paint(scroll: bool, views_of):
    def done(viewport) -> None:
        print("painted", flush=True)
        check_painted(viewport)
        if scroll:
            from PySide6.QtWidgets import QApplication

            app = QApplication.instance()
            views = views_of()
            # The real window reads most spans in a worker thread: wait for all of them.
            process_until(app, lambda: not any(getattr(v, "loading", False) for v in views))
            pages = scroll_through(app, views[0])
            print(f"scrolled {pages} pages; {memory_line()}", flush=True)
        leave(0)
    return done


def run_app(args: list[str], scroll: bool) -> int:
    import annotator.ui.app as app_module
    from annotator.cli import main

    original = app_module.make_window
    holder = {}

    def make_window(*a, **k):
        window = original(*a, **k)
        holder["window"] = window
        watch = paint_watch(after_first_paint(scroll, lambda: [p.view for p in window.panes]))
        holder["watch"] = watch
        for pane in window.panes:
            watch.watch(pane.view.viewport())
        return window

    app_module.make_window = make_window
    sys.argv[0] = "annotator"
    return main(args)


def run_bare(files: list[str], scroll: bool, like: str | None = None) -> int:
    """``like`` = "WxH,FAMILY,POINTS" (from an `app` run's check line): each view gets that
    viewport size and font, so that both lay out the same lines."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal)
    views = []
    for name in files:
        with open(name, encoding="utf-8") as handle:
            view = QPlainTextEdit(handle.read())
        view.setReadOnly(True)
        if like:
            size, family, points = like.split(",")
            width, height = (int(v) for v in size.split("x"))
            font = QFont(family)
            font.setPointSizeF(float(points))
            view.setFont(font)
            frame = 2 * view.frameWidth()
            view.setFixedSize(width + frame + view.verticalScrollBar().sizeHint().width(),
                              height + frame)
        splitter.addWidget(view)
        views.append(view)
    window.setCentralWidget(splitter)
    if not like:
        window.resize(1400, 900)
    watch = paint_watch(after_first_paint(scroll, lambda: views))
    for view in views:
        watch.watch(view.viewport())
    window.show()
    return app.exec()


def run_tag(db: str, samples: int, warmup: int = 5) -> int:
    """Select a word pair, press 1, time until the view's viewport has been repainted."""
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.storage.project import open_project
    from annotator.ui.app import make_window

    app = QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    window = make_window(open_project(Path(db), lock="window"))
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5000)
    view = window.panes[0].view
    process_until(app, lambda: not getattr(view, "loading", False))
    watch = paint_watch()
    watch.watch(view.viewport())
    text = view.text
    before = len(view.store)
    times, in_key = [], 0
    total = samples + warmup
    for i in range(total):
        pos = int((i + 0.5) * len(text) / total)
        start = text.index(" ", pos) + 1
        end = text.index(" ", text.index(" ", start) + 1)  # two words
        view.setFocus()
        view.select_codepoints(start, end)
        view.centerCursor()
        QTest.qWait(40)  # the selection and the scroll painted, the table settled
        seen = watch.count
        t0 = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1)
        if watch.count > seen:
            in_key += 1
        process_until(app, lambda: watch.count > seen, 10.0)
        elapsed = (time.perf_counter() - t0) * 1000
        if i >= warmup:
            times.append(elapsed)
    added = len(view.store) - before
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(json.dumps({"samples": len(times), "added": added, "expected": total,
                      "p50": statistics.median(times), "p95": p95, "min": times[0],
                      "max": times[-1], "painted_inside_key": in_key, "ms": times}), flush=True)
    leave(0 if added == total else 4)


def main() -> int:
    argv = sys.argv[1:]
    mode = argv.pop(0)
    if mode == "tag":
        db = argv[argv.index("--db") + 1]
        samples = int(argv[argv.index("--samples") + 1]) if "--samples" in argv else 60
        return run_tag(db, samples)
    scroll = "--scroll" in argv
    argv = [a for a in argv if a != "--scroll"]
    if mode == "app":
        return run_app(argv[1:] if argv[:1] == ["--"] else argv, scroll)
    like = None
    if "--like" in argv:
        like = argv[argv.index("--like") + 1]
        argv = [a for a in argv if a not in ("--like", like)]
    return run_bare(argv, scroll, like)


if __name__ == "__main__":
    sys.exit(main())
