"""The actors tests' world (tests/ui/test_actors*.py): two made-up reports of one trial in a real
window, offscreen, and ways to read the project's rows and drive the offer."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from ui_helpers import select

from annotator.domain.model import ParsedArticle

# Made-up reports in the manner of the seeds (two outlets, one family named many ways).
LEFT = ("Gu Kailai met the consul in March. Later Gu said nothing, and Bo Xilai arrived; "
        "Bo left at noon. Guests were told to wait.\n\n"
        "Reader comments: Gu is guilty, says one reader.\n")
RIGHT = "Bo Xilai's wife, Gu Kailai, was tried in August. Gu denied the charge.\n"


def rows(project, sql: str) -> list[tuple]:
    con = sqlite3.connect(project.path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def spans(project) -> list[tuple]:
    """(text, tag, actor name) of every annotation, in text order per article."""
    return rows(project, "SELECT an.text, t.name, ac.name FROM annotations an JOIN tags t ON "
                         "t.id = an.tag_id LEFT JOIN actors ac ON ac.id = an.actor_id "
                         "ORDER BY an.article_id, an.start")


def actors(project) -> list[tuple]:
    return rows(project, "SELECT name, aliases FROM actors ORDER BY name")


def on_modal(qtbot, act) -> None:
    """Run ``act(dialog)`` on the next modal dialog, once it is up (the test goes on meanwhile)."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
        else:
            act(dialog)
    QTimer.singleShot(0, poll)


@pytest.fixture
def win(tmp_path, qtbot, settings):
    from annotator.storage.project import Project
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    project = Project(tmp_path / "actors.sqlite")
    project.add_article(ParsedArticle(text=LEFT, title="Trial opens", source="Left Daily"))
    project.add_article(ParsedArticle(text=RIGHT, title="Wife tried", source="Right Post"))
    window = MainWindow(Session(project), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: all(not p.view.loading for p in window.panes))
    yield window
    window.close()
    project.close()


def tag_actor(qtbot, window, pane_index: int, phrase: str, nth: int = 0):
    pane = window.panes[pane_index]
    select(pane, phrase, nth)
    qtbot.keyClick(pane.view, Qt.Key.Key_3)  # 3 = actor
    offer = window.actor_ops.offer_widget
    assert offer is not None and offer.isVisible()
    return pane, offer


def panel_rows(window) -> list[list[str]]:
    window.actors_panel.refresh()
    tree = window.actors_panel.tree
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
            for i in range(tree.topLevelItemCount())]


def dump(project) -> dict:
    """Every row of the tables an action may touch, updated_at included; not the versions of
    annotations and links, which only go up, undo included (tests/storage/test_versions.py)."""
    columns = {"annotations": "id, article_id, tag_id, start, \"end\", text, note, annotator_id, "
                              "created_at, updated_at, actor_id, attributes",
               "links": "id, type_id, from_id, to_id, note, annotator_id, created_at, updated_at"}
    return {table: sorted(map(repr, rows(project, f"SELECT {columns.get(table, '*')} FROM {table}")))
            for table in ("annotations", "links", "actors", "tags", "annotators")}


def click_span(qtbot, pane, annotation) -> None:
    rect = pane.view.span_rects(annotation.start, annotation.end)[0]
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center().toPoint())
