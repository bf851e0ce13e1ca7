"""The Agreement view in the real window, offscreen: View › Agreement… shows the report of the
project's two annotators (the same numbers as `annotator agreement`), verdicts coloured, the
articles worst first (a click opens one), another pair chosen in the combo boxes, a refresh when
someone annotates, and the sentence when there are not two annotators."""

from __future__ import annotations

import pytest
from agreement_sample import A_ID, B_ID, write_sample
from PySide6.QtGui import QColor

from annotator.storage.project import Project

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def project(tmp_path):
    project = Project(tmp_path / "two.sqlite")
    project.merge_export_file(write_sample(tmp_path / "two.json"))
    yield project
    project.close()


@pytest.fixture
def win(qtbot, project, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    window = MainWindow(Session(project), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.actions_["agreement"].trigger()  # View › Agreement…
    qtbot.waitUntil(lambda: window.agreement_view.articles.rowCount() == 2)
    return window


def rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def headers(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_the_report_of_the_two_annotators(win):
    view = win.agreement_view
    assert win.agreement_dock.isVisible()
    assert (view.first.currentText(), view.second.currentText()) == ("alice", "bob")
    assert headers(view.tags)[1:3] == ["spans alice", "spans bob"]
    assert rows(view.tags) == [
        ["claim", "3", "2", "0.400", "0.800", "0.657", "not reliable", "0.701", "tentative"],
        ["quote", "1", "1", "0.000", "1.000", "0.874", "reliable", "0.955", "reliable"],
        ["actor", "1", "2", "0.667", "0.667", "0.765", "tentative", "0.839", "reliable"],
        ["(all tags)", "5", "5", "0.400", "0.800", "", "", "", ""]]
    assert view.tags.item(0, 6).background().color() == QColor("#ffcdd2")
    assert view.tags.item(1, 6).background().color() == QColor("#c8e6c9")
    assert view.tags.item(2, 6).background().color() == QColor("#ffe0b2")
    assert rows(view.links) == [["speaker", "1", "1", "0.000"], ["cross-article", "0", "0", "—"]]
    assert rows(view.articles) == [["Closure brief", "0.000", "0.667", "1", "2"],
                                   ["Bridge report", "0.571", "0.857", "4", "3"]]
    assert "2 articles annotated by both" in view.summary.text()


def test_a_click_opens_the_article(qtbot, win):
    view = win.agreement_view
    view._article_clicked(view.articles.model().index(0, 1))
    qtbot.waitUntil(lambda: bool(win.panes_showing(B_ID)))
    view._article_clicked(view.articles.model().index(1, 0))
    qtbot.waitUntil(lambda: bool(win.panes_showing(A_ID)))


def test_refreshes_when_someone_annotates_and_another_pair(qtbot, win, project):
    view = win.agreement_view
    project.annotator = "bob"
    text = project.article(A_ID).text
    start = text.index("Traffic fell")
    project.add_annotation(A_ID, start, start + len("Traffic fell"), "claim")
    qtbot.waitUntil(lambda: rows(view.tags)[0][:4] == ["claim", "3", "3", "0.667"])
    project.annotator = "carol"
    project.add_annotation(A_ID, start, start + len("Traffic fell"), "claim")
    qtbot.waitUntil(lambda: view.first.count() == 3)
    assert (view.first.currentText(), view.second.currentText()) == ("alice", "bob")
    view.second.setCurrentIndex(2)
    view.second.activated.emit(2)
    qtbot.waitUntil(lambda: headers(view.tags)[2] == "spans carol")
    # carol annotated A only: B does not count; alice has two claims in A, one the same
    assert rows(view.tags)[0][:4] == ["claim", "2", "1", "0.667"]


def test_one_annotator_says_so(qtbot, tmp_path, settings):
    from annotator.domain.model import ParsedArticle
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    with Project(tmp_path / "one.sqlite", annotator="alice") as project:
        article, _ = project.add_article(ParsedArticle("Just one coder here.", "One"))
        project.add_annotation(article.id, 0, 4, "claim")
        window = MainWindow(Session(project), settings)
        qtbot.addWidget(window)
        window.show()
        window.actions_["agreement"].trigger()
        view = window.agreement_view
        qtbot.waitUntil(lambda: "needs two annotators" in view.summary.text())
        assert "this project has 1: alice" in view.summary.text()
        assert view.tags.rowCount() == 0
        window.close()
