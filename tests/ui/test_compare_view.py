"""The Compare view in the real window, offscreen: the matrix's cells (zeros and omissions
marked), sorting, a click opening what a cell counts side by side, the claims grouped by same
links, refreshing as the user annotates; the chart's PNG and SVG; the PDF report."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from ui_helpers import select

from annotator.domain.model import ParsedArticle

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

# Made-up reports of one event by three outlets (the third has no source: its title shows).
GULL = ("Mayor Zoë Ortiz said the bridge is safe. Ortiz repeated it twice. "
        "Engineer Raj Patel was not asked.\n")
POST = ("Raj Patel said cracks were found. Patel told the Post: \"The bridge must close.\" "
        "Ortiz did not answer.\n")
THIRD = "The bridge stays open until Friday, the council said.\n"


def span(project, article, phrase: str, tag: str, nth: int = 0, actor=None):
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(phrase, start + 1)
    return project.add_annotation(article.id, start, start + len(phrase), tag, actor=actor)


@pytest.fixture
def built(tmp_path):
    """Three articles, three actors (one never named), speaker links, two claims said the same
    way by two outlets and one contradicting them, all made through Project's API."""
    from annotator.storage.project import Project

    project = Project(tmp_path / "compare.sqlite")
    gull, _ = project.add_article(ParsedArticle(GULL, "Bridge safe, says mayor", "Gull"))
    post, _ = project.add_article(ParsedArticle(POST, "Engineer: close the bridge", "Post"))
    third, _ = project.add_article(ParsedArticle(THIRD, "Bridge open until Friday"))
    ortiz = project.add_actor("Zoë Ortiz", ["Ortiz"], "person")
    patel = project.add_actor("Raj Patel", ["Patel"], "person")
    council = project.add_actor("City council", [], "organization")
    ids = {
        "g-ortiz1": span(project, gull, "Zoë Ortiz", "actor", actor=ortiz.id),
        "g-ortiz2": span(project, gull, "Ortiz", "actor", nth=1, actor=ortiz.id),
        "g-patel": span(project, gull, "Raj Patel", "actor", actor=patel.id),
        "p-patel1": span(project, post, "Raj Patel", "actor", actor=patel.id),
        "p-patel2": span(project, post, "Patel", "actor", nth=1, actor=patel.id),
        "p-ortiz": span(project, post, "Ortiz", "actor", actor=ortiz.id),
        "g-quote": span(project, gull, "the bridge is safe", "quote"),
        "p-quote": span(project, post, "\"The bridge must close.\"", "quote"),
        "g-claim": span(project, gull, "the bridge is safe", "claim"),
        "p-claim": span(project, post, "cracks were found", "claim"),
        "t-claim": span(project, third, "The bridge stays open until Friday", "claim"),
    }
    project.add_link(ids["g-quote"].id, ids["g-ortiz1"].id, "speaker")
    project.add_link(ids["p-quote"].id, ids["p-patel2"].id, "speaker")
    project.add_link(ids["t-claim"].id, ids["g-claim"].id, "same")
    project.add_link(ids["p-claim"].id, ids["g-claim"].id, "contradicts")
    yield project, (gull, post, third), (ortiz, patel, council), ids
    project.close()


@pytest.fixture
def win(qtbot, built, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    project = built[0]
    window = MainWindow(Session(project), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.actions_["compare"].trigger()  # View › Compare (Ctrl+Shift+C)
    view = window.compare_view
    qtbot.waitUntil(lambda: view.matrix.rowCount() == 3)
    yield window
    window.close()


def cells(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def click(qtbot, table, index) -> None:
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_matrix_counts_with_zeros_marked(win):
    view = win.compare_view
    assert win.compare_dock.isVisible()
    assert headers(view.matrix) == ["Actor", "Gull", "Post", "Bridge open\nuntil Friday", "All"]
    tip = view.matrix.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Bridge safe, says mayor — Gull")
    # mentions / quotes; "—" where an actor is neither named nor quoted, never a blank
    assert cells(view.matrix) == [["Raj Patel", "1 / 0", "2 / 1", "—", "3 / 1"],
                                  ["Zoë Ortiz", "2 / 1", "1 / 0", "—", "3 / 1"],
                                  ["City council", "—", "—", "—", "—"]]
    zero = view.matrix.index(0, 3)
    assert zero.data(Qt.ItemDataRole.ForegroundRole).name() == "#9a9a9a"
    assert zero.data(Qt.ItemDataRole.BackgroundRole) is not None  # others name Patel: omitted
    assert view.matrix.index(2, 3).data(Qt.ItemDataRole.BackgroundRole) is None  # nobody does
    assert "never names Raj Patel" in zero.data(Qt.ItemDataRole.ToolTipRole)
    assert view.summary.text() == "3 articles · 3 actors · 2 claim groups"


def test_sorting_by_a_column_sorts_numbers(win):
    view, proxy = win.compare_view, win.compare_view.matrix_proxy
    table = view.matrix_table
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # Gull: mentions, then quotes
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Zoë Ortiz", "Raj Patel", "City council"]
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 2).data() for r in range(3)] == ["—", "1 / 0", "2 / 1"]
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["City council", "Raj Patel", "Zoë Ortiz"]


def test_claims_grouped_by_same_links(win, built):
    _project, (gull, post, third), _actors, ids = built
    model = win.compare_view.claims
    assert headers(model) == ["Claim", "Articles", "Contra-\ndicted", "Gull", "Post",
                              "Bridge open\nuntil Friday"]
    first = min([ids["g-claim"], ids["t-claim"]], key=lambda a: a.id)  # members sort by id
    assert cells(model) == [[first.text, 2, "1", "✓", "—", "✓"],
                            ["cracks were found", 1, "1", "—", "✓", "—"]]
    tip = model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Contradicted by:\nPost: “cracks were found”"
    proxy = win.compare_view.claims_proxy
    win.compare_view.claims_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 1).data() for r in range(2)] == [1, 2]


def test_clicking_a_cell_opens_its_article_and_selects_the_first_span(qtbot, win, built):
    _project, (gull, post, third), (_ortiz, patel, _c), ids = built
    win.show_in_pane(win.panes[1], third.id)  # Post is open nowhere now
    assert [p.article_id for p in win.panes] == [gull.id, third.id]
    win.set_active(1)
    view = win.compare_view
    table = view.matrix_table
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the proxy's rows are not the model's
    index = next(view.matrix_proxy.index(r, 2) for r in range(3)
                 if view.matrix_proxy.index(r, 0).data() == "Raj Patel")
    click(qtbot, table, index)
    # Post replaces the article of the active pane, beside Gull
    qtbot.waitUntil(lambda: win.ops.current is not None)
    assert [p.article_id for p in win.panes] == [gull.id, post.id]
    panel = win.annotations_panel
    assert panel.text_filter.text() == 'actor:"Raj Patel"'
    shown = {panel.model.annotation(r).id for r in range(panel.model.rowCount())}
    assert shown == {ids["g-patel"].id, ids["p-patel1"].id, ids["p-patel2"].id}
    pane, current = win.ops.current
    assert (pane, current) == (win.panes[1], ids["p-patel1"].id)  # the first in Post
    assert pane.view.current_id == ids["p-patel1"].id
    assert panel.selected_ids() == [ids["p-patel1"].id]


def test_clicking_the_actor_opens_every_article_naming_it(qtbot, win, built):
    _project, (gull, post, third), _actors, ids = built
    win.show_in_pane(win.panes[0], third.id)
    win.show_in_pane(win.panes[1], third.id)
    view = win.compare_view
    click(qtbot, view.matrix_table, view.matrix_proxy.index(1, 0))  # Zoë Ortiz
    qtbot.waitUntil(lambda: win.ops.current is not None)
    assert sorted(p.article_id for p in win.panes) == sorted([gull.id, post.id])
    assert win.ops.current[1] == ids["g-ortiz1"].id  # the first, in the first article


def test_clicking_a_claim_group_shows_its_members_side_by_side(qtbot, win, built):
    _project, (gull, post, third), _actors, ids = built
    view = win.compare_view
    view.tabs.setCurrentIndex(1)
    click(qtbot, view.claims_table, view.claims_proxy.index(0, 0))
    qtbot.waitUntil(lambda: win.ops.current is not None)
    panes = {p.article_id: p for p in win.panes}
    assert set(panes) == {gull.id, third.id}
    assert panes[gull.id].view.current_id == ids["g-claim"].id
    assert panes[third.id].view.current_id == ids["t-claim"].id
    assert sorted(win.annotations_panel.selected_ids()) == sorted(
        [ids["g-claim"].id, ids["t-claim"].id])
    # its Contradicted cell: what contradicts it too, in a third pane
    click(qtbot, view.claims_table, view.claims_proxy.index(0, 2))
    qtbot.waitUntil(lambda: post.id in [p.article_id for p in win.panes])
    assert {p.article_id for p in win.panes} == {gull.id, post.id, third.id}


def test_the_view_follows_annotating_without_reopening(qtbot, win, built):
    project, (gull, post, third), (_ortiz, _patel, council), _ids = built
    view = win.compare_view
    win.show_in_pane(win.panes[0], third.id)
    win.set_active(0)
    select(win.panes[0], "the council")
    win.ops.tag("actor")
    view.matrix_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # the third article
    added = next(a for a in win.panes[0].view.store.ordered() if a.text == "the council")
    project.set_actor([added.id], council.id)
    qtbot.waitUntil(lambda: view.matrix.index(0, 0).data() == "Raj Patel"
                    and cells(view.matrix)[2] == ["City council", "—", "—", "1 / 0", "1 / 0"])
    # still sorted as the user chose: the council, named in the third article only, first
    assert view.matrix_proxy.index(0, 0).data() == "City council"
    # hidden, it reads nothing; shown again, it catches up
    win.compare_dock.hide()
    win.ops.delete()
    QTest.qWait(300)
    assert cells(view.matrix)[2][3] == "1 / 0"
    win.compare_dock.show()
    qtbot.waitUntil(lambda: cells(view.matrix)[2][3] == "—")


def test_chart_png_and_svg(tmp_path, win, built):
    view = win.compare_view
    view.tabs.setCurrentIndex(2)
    chart = view.chart.chart
    assert chart.values == [[0, 1, 0], [1, 0, 0], [0, 0, 0]]  # quotes
    assert view.write_chart(tmp_path / "chart.svg", "svg")
    root = ET.parse(tmp_path / "chart.svg").getroot()
    rects = root.findall(".//{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 2  # one per bar with a value; a zero is a mark on the axis
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Gull" in texts and "Raj Patel" in texts
    view.metric_group.button(1).setChecked(True)  # mentions
    assert view.chart.chart.values == [[1, 2, 0], [2, 1, 0], [0, 0, 0]]
    assert view.write_chart(tmp_path / "chart.png", "png")
    image = QImage(str(tmp_path / "chart.png"))
    size = view.chart_size()
    assert (image.width(), image.height()) == (size.width() * 2, size.height() * 2)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 5  # bars, text, axis on white


def test_chart_refuses_the_project_file(tmp_path, win, built, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    before = built[0].path.read_bytes()[:100]
    assert not win.compare_view.write_chart(built[0].path, "png")
    assert "the project file itself" in said[0]
    assert built[0].path.read_bytes()[:100] == before


def test_pdf_report(tmp_path, win, built):
    from annotator.ui.compare.report_export import write_report

    target = tmp_path / "report.pdf"
    assert write_report(win, target, quiet=True)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    assert pages >= 2  # the comparison, then the articles side by side
    assert f"({pages} pages)" in win.statusBar().currentMessage()
    from annotator.ui.compare.report_pdf import document_html

    page = document_html(win.session.project, win.compare_view.data)
    assert "<th>Article</th>" in page  # (the articles table's first column has a head)


def test_html_report_and_refused_targets(tmp_path, win, built, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.compare.report_export import write_report

    target = tmp_path / "report.html"
    assert write_report(win, target, quiet=True)
    page = target.read_text("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Bridge safe, says mayor" in page and "Raj Patel" in page
    assert "http://" not in page.replace("http://www.w3.org", "")  # nothing fetched to view it
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    project = built[0]
    before = project.path.read_bytes()[:100]
    assert not write_report(win, project.path.with_suffix(".pdf").with_name(project.path.name))
    assert "the project file itself" in said[-1]
    other = tmp_path / "other.sqlite"
    other.write_bytes(before)
    assert not write_report(win, other)  # another project: not overwritten by a report
    assert "SQLite database" in said[-1] and other.read_bytes() == before


def test_chart_steps_and_an_empty_chart(qtbot, tmp_path):
    from annotator.ui.compare.compare_chart import Chart, nice_step, save

    assert [nice_step(n) for n in (1, 5, 6, 12, 48, 230)] == [1, 1, 2, 5, 10, 50]
    save(tmp_path / "empty.svg", "svg", Chart("quotes", [], [("a", "Gull")], []), QSize(400, 200))
    root = ET.parse(tmp_path / "empty.svg").getroot()
    assert root.findall(".//{http://www.w3.org/2000/svg}rect") == []
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "No actors yet" in texts


def test_many_actors_and_articles_stay_readable(qtbot):
    """The chart draws the 40 most mentioned actors and says so; each of 12 outlets has its own
    colour; the PDF's tables take 8 outlets across at most, the head repeated on every page."""
    from annotator.ui.compare.compare_chart import chart_of, color
    from annotator.ui.compare.compare_model import CompareData, article_labels
    from annotator.ui.compare.report_pdf import matrix_html

    articles = [{"id": f"a{i}", "title": f"Report {i}", "source": f"Outlet {i}"} for i in range(12)]
    actors = [{"id": f"p{k}", "name": f"Person {k}", "mentions": {a["id"]: k % 3 for a in articles},
               "quotes": {a["id"]: 0 for a in articles}} for k in range(50)]
    data = CompareData(articles, article_labels(articles), article_labels(articles, 48), actors,
                       [], {})
    chart = chart_of(data, "mentions")
    assert len(chart.actors) == 40 and "(the 40 most mentioned of 50 actors)" in chart.title
    assert len({color(i).name() for i in range(12)}) == 12
    page = matrix_html(data, data.labels)
    assert page.count("<table") == 2 and "Articles 1–8 of 12" in page
    assert page.count("<thead>") == 2 and page.count("<th>All</th>") == 1
