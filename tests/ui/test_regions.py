"""Not part of the article (B): a scraped page's navigation, a caption printed twice, reader
comments are marked, stored as spans of the not-article tag, drawn dimmed, left out of the
comparison counts and exported as ordinary annotations."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat
from ui_helpers import exported, select

from annotator.domain.comparison.links import NOT_ARTICLE, NOT_ARTICLE_COLOR
from annotator.domain.model import ParsedArticle

CAPTION = "Residents pass a poster of the former police chief in a city street."
SCRAPED = ("Police chief's visit to consulate raises questions\n\n"
           "Email story\nComment on this story\nPrint story\n"
           f"{CAPTION}\n{CAPTION}\n\n"
           "The former police chief Zhao Ming spent a night at the consulate, officials said.\n\n"
           "Reader comments\nguest42: Zhao Ming knew too much.\n")
NAVIGATION = "Email story\nComment on this story\nPrint story"
COMMENTS = "Reader comments\nguest42: Zhao Ming knew too much."


@pytest.fixture
def pane(window):
    project = window.session.project
    project.add_article(ParsedArticle(text=SCRAPED, title="Police chief's visit", source="Wire"))
    article_id = next(a.id for a in project.articles() if a.title == "Police chief's visit")
    left = window.panes[0]
    window.show_in_pane(left, article_id)
    assert left.view.text == SCRAPED
    return left


def db_rows(project) -> list[tuple]:
    con = sqlite3.connect(project.path)
    try:
        return con.execute("SELECT a.id, t.name, a.text FROM annotations a JOIN tags t "
                           "ON t.id = a.tag_id ORDER BY a.start").fetchall()
    finally:
        con.close()


def db_tags(project) -> list[tuple]:
    con = sqlite3.connect(project.path)
    try:
        return con.execute("SELECT name, color, shortcut FROM tags ORDER BY position").fetchall()
    finally:
        con.close()


def painted_at(view, codepoint: int):
    """The format Qt paints the character at ``codepoint`` with (None: plain text)."""
    view.viewport().repaint()
    u16 = view.offsets.to_utf16(codepoint)
    block = view.document().findBlock(u16)
    for r in block.layout().formats():
        if block.position() + r.start <= u16 < block.position() + r.start + r.length:
            return QTextCharFormat(r.format)  # a copy: the range goes with the list
    return None


def press_b(qtbot, pane) -> None:
    qtbot.keyClick(pane.view, Qt.Key.Key_B)


def test_b_marks_a_region_dimmed_in_one_undoable_step(window, pane, qtbot):
    project = window.session.project
    assert NOT_ARTICLE not in [t[0] for t in db_tags(project)]
    start, _end = select(pane, NAVIGATION)
    press_b(qtbot, pane)
    ((ident, tag, text),) = db_rows(project)
    assert (tag, text) == (NOT_ARTICLE, NAVIGATION)
    assert db_tags(project)[-1] == (NOT_ARTICLE, NOT_ARTICLE_COLOR, None)
    assert "not part of the article" in window.statusBar().currentMessage()
    fmt = painted_at(pane.view, start + 2)
    assert fmt.foreground().color().name() == NOT_ARTICLE_COLOR
    assert fmt.background().style() == Qt.BrushStyle.NoBrush  # no tag background
    assert painted_at(pane.view, SCRAPED.index("spent a night")) is None
    # The region has no button of its own on the toolbar (B marks it); the table filter has it.
    assert "tag:not-article" not in window.actions_
    combo = window.annotations_panel.tag_filter
    assert combo.findText(NOT_ARTICLE) > 0
    # Tag and span were one step: undo takes both, redo brings both (the same span).
    window.undo_stack.undo()
    assert db_rows(project) == [] and NOT_ARTICLE not in [t[0] for t in db_tags(project)]
    assert painted_at(pane.view, start + 2) is None
    assert combo.findText(NOT_ARTICLE) < 0
    window.undo_stack.redo()
    assert db_rows(project) == [(ident, NOT_ARTICLE, NAVIGATION)]
    assert db_tags(project)[-1][0] == NOT_ARTICLE
    assert painted_at(pane.view, start + 2).foreground().color().name() == NOT_ARTICLE_COLOR


def test_spans_inside_a_region_stay_visible_but_dimmed(window, pane, qtbot):
    project = window.session.project
    comments = SCRAPED.index(COMMENTS)
    inside = SCRAPED.index("Zhao Ming", comments)
    outside = SCRAPED.index("Zhao Ming")
    for where in (inside, outside):
        project.add_annotation(pane.article_id, where, where + len("Zhao Ming"), "quote")
    select(pane, COMMENTS)
    press_b(qtbot, pane)
    assert [r[1] for r in db_rows(project)] == ["quote", NOT_ARTICLE, "quote"]
    plain = painted_at(pane.view, outside + 1)
    dimmed = painted_at(pane.view, inside + 1)
    quote = QColor("#3b7dd8")
    assert plain.background().color().rgb() == quote.rgb()
    assert dimmed.background().color().rgb() == quote.rgb()  # still the quote's colour…
    assert dimmed.background().color().alpha() < plain.background().color().alpha() / 2  # paler
    assert dimmed.foreground().color().name() == NOT_ARTICLE_COLOR
    region_text = painted_at(pane.view, comments + 1)
    assert region_text.foreground().color().name() == NOT_ARTICLE_COLOR
    assert region_text.background().style() == Qt.BrushStyle.NoBrush


def test_a_second_region_reuses_the_tag_and_its_undo_keeps_it(window, pane, qtbot):
    project = window.session.project
    select(pane, CAPTION, nth=1)  # the caption printed twice: the copy goes
    press_b(qtbot, pane)
    select(pane, COMMENTS)
    press_b(qtbot, pane)
    assert [r[1:] for r in db_rows(project)] == [(NOT_ARTICLE, CAPTION), (NOT_ARTICLE, COMMENTS)]
    assert [t[0] for t in db_tags(project)].count(NOT_ARTICLE) == 1
    window.undo_stack.undo()
    assert [r[2] for r in db_rows(project)] == [CAPTION]
    assert NOT_ARTICLE in [t[0] for t in db_tags(project)]
    # Pressing B again on the same region says so and writes nothing.
    select(pane, CAPTION, nth=1)
    press_b(qtbot, pane)
    assert len(db_rows(project)) == 1
    assert window.statusBar().currentMessage() == \
        "This text is already marked as not part of the article"


def test_b_without_a_selection_writes_nothing(window, pane, qtbot):
    pane.view.setFocus()
    press_b(qtbot, pane)
    assert db_rows(window.session.project) == []
    assert window.statusBar().currentMessage().startswith("Select the text that is not part")


def test_regions_are_exported_and_left_out_of_counts(window, pane, qtbot):
    project = window.session.project
    comments = SCRAPED.index(COMMENTS)
    spans = [project.add_annotation(pane.article_id, at, at + len("Zhao Ming"), "actor")
             for at in (SCRAPED.index("Zhao Ming"), SCRAPED.index("Zhao Ming", comments))]
    zhao = project.add_actor("Zhao Ming")
    project.set_actor([s.id for s in spans], zhao.id)
    assert project.actor_counts()[zhao.id][pane.article_id] == (2, 0)
    select(pane, COMMENTS)
    press_b(qtbot, pane)
    assert project.actor_counts()[zhao.id][pane.article_id] == (1, 0)
    doc = exported(project)
    article = next(a for a in doc["articles"] if a["id"] == pane.article_id)
    regions = [a for a in article["annotations"] if a["tag"] == NOT_ARTICLE]
    assert [article["text"][a["start"]:a["end"]] for a in regions] == [COMMENTS]
    assert any(t["name"] == NOT_ARTICLE for t in doc["tags"])
