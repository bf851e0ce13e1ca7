"""The links tests' world (tests/ui/test_links*.py): three long made-up reports in a real window,
offscreen, two of them side by side, and ways to make, find and click their spans."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import ParsedArticle

WORDS = ("harbour", "ferry", "council", "bridge", "mayor", "engineer", "pillar", "river")


def report(name: str, lines: int) -> str:
    return "\n".join(f"{name} line {i}: the {WORDS[i % 8]} story goes on here." for i in range(lines))


# The type menu is a popup: the offscreen platform says it cannot raise it or grab the keys.
POPUP_NOISE = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                                        "does not support propagateSizeHints")


def lined_reports(project, names: str | tuple, lines: int, title: str = "Report"):
    """An article per name of ``lines`` lines, each line's "line i: " phrase tagged claim:
    (the article ids, their spans in line order)."""
    ids = [project.add_article(ParsedArticle(text=report(n, lines), title=f"{title} {n}"))[0].id
           for n in names]
    spans = []
    for article_id in ids:
        text = project.article(article_id).text
        starts = [text.index(f"line {i}: ") for i in range(lines)]
        spans.append(project.add_annotations([(article_id, s, s + 12, "claim", None)
                                              for s in starts]))
    return ids, spans


def link_rows(project) -> list[tuple]:
    con = sqlite3.connect(project.path)
    try:
        return con.execute("SELECT ln.id, lt.name, ln.from_id, ln.to_id, ln.note FROM links ln "
                           "JOIN link_types lt ON lt.id = ln.type_id ORDER BY ln.id").fetchall()
    finally:
        con.close()


@pytest.fixture
def three(tmp_path, qtbot, settings):
    """Three long reports, A and B open side by side; span(article, line) tags a line's
    phrase."""
    from annotator.storage.project import Project
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    project = Project(tmp_path / "links.sqlite")
    ids = [project.add_article(ParsedArticle(text=report(n, lines), title=f"Report {n}"))[0].id
           for n, lines in (("A", 300), ("B", 200), ("C", 250))]

    def span(which: int, line: int, tag: str = "claim"):
        text = project.article(ids[which]).text
        phrase = f"line {line}: the {WORDS[line % 8]}"
        start = text.index(phrase)
        return project.add_annotation(ids[which], start, start + len(phrase), tag)

    win = MainWindow(Session(project), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.ids, win.span = ids, span
    yield win
    win.close()
    project.close()


def pane_of(window, article_id):
    return window.panes_showing(article_id)[0]


def visible(pane, annotation) -> bool:
    height = pane.view.viewport().height()
    rects = pane.view.span_rects(annotation.start, annotation.end)
    return any(0 <= r.center().y() <= height for r in rects)


def click_span(qtbot, pane, annotation) -> None:
    rect = pane.view.span_rects(annotation.start, annotation.end)[0]
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())


def choose(qtbot, window, key) -> None:
    menu = window.linking.ops.type_menu
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, key)


def status(window) -> str:
    return window.statusBar().currentMessage()
