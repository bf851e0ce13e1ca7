"""Where the overlay's lines start and end (link_overlay.py): a span's first and last line on
screen are found without walking all its lines, and must be exactly the rectangles
ArticleView.span_rects gives (its first or last whose middle is on screen), for spans within
a line, across wrapped lines and across paragraphs, at every scroll position; the lines the
overlay looks at cover every line on screen. Offscreen."""

from __future__ import annotations

import random

from annotator.domain.model import ParsedArticle
from annotator.ui.links.link_overlay import TextLines, visible_range

WORDS = ("harbour", "ferry", "council", "bridge", "mayor", "engineer", "pillar", "river", "ö",
         "🌉", "中文")


def test_edge_rects_are_span_rects_first_and_last_on_screen(tmp_path, qtbot, settings):
    from annotator.storage.project import Project
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    rng = random.Random(7)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 90)))
                  for _ in range(60)]
    text = "\n".join(paragraphs)
    project = Project(tmp_path / "geometry.sqlite")
    article_id = project.add_article(ParsedArticle(text=text, title="Wrapped"))[0].id
    spans = []
    for _ in range(400):
        start = rng.randrange(len(text) - 1)
        spans.append((article_id, start, min(len(text), start + rng.choice((3, 40, 300, 900))),
                      "claim", None))
    project.add_annotations(spans)
    win = MainWindow(Session(project), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    view = win.panes[0].view
    height = view.viewport().height()
    bar = view.verticalScrollBar()
    checked = 0
    for value in range(0, bar.maximum() + 1, max(1, bar.maximum() // 12)):
        bar.setValue(value)
        lines = TextLines(view)
        start, end = visible_range(view)
        for a in view.store.overlapping(0, len(text)):
            rects = [r for r in view.span_rects(a.start, a.end) if 0 <= r.center().y() <= height]
            first, last = (rects[0], rects[-1]) if rects else (None, None)
            assert lines.edge_rect(a.start, a.end, last=False) == first, (value, a)
            assert lines.edge_rect(a.start, a.end, last=True) == last, (value, a)
            if rects:  # on screen: among the spans the overlay looks at
                assert a.start < end and a.end > start, (value, a, start, end)
                checked += 1
    assert checked > 500
    win.close()
    project.close()
