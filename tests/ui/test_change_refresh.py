"""The window shows what every Project write changed, without reopening anything: a merge of an
export, an import, a tag renamed, an article deletion undone (the one change record: Project
announces a Change, Session turns it into signals, the window refreshes exactly that)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from annotator.domain.model import ParsedArticle, Tag
from annotator.storage.project import Project
from annotator.ui.undo import commands_comparison as cc
from annotator.ui.annotating.annotation_table import TAG, TEXT
from annotator.ui.undo.commands import perform


def table_rows(window) -> list[tuple[str, str]]:
    """(tag, text) of every row the annotations table shows."""
    model = window.annotations_panel.model
    return [(model.data(model.index(r, TAG)), model.data(model.index(r, TEXT)))
            for r in range(model.rowCount())]


def db_tags_of_annotations(project) -> list[str]:
    con = sqlite3.connect(project.path)
    try:
        return [r[0] for r in con.execute("SELECT t.name FROM annotations a JOIN tags t "
                                          "ON t.id = a.tag_id ORDER BY a.start")]
    finally:
        con.close()


def test_merging_an_export_shows_its_span_in_the_open_pane_and_the_table(window, tmp_path):
    left = window.panes[0]
    article_id = left.article_id
    assert len(left.view.store) == 0 and table_rows(window) == []
    # Somebody else annotated the same article in their own project and exported it.
    text = window.session.project.article(article_id).text
    with Project(tmp_path / "theirs.sqlite", annotator="colleague") as theirs:
        theirs.add_article(ParsedArticle(text=text, title="Bridge safe, says mayor", source="Gull"))
        theirs_id = theirs.articles()[0].id
        start = text.index("Raj Patel")
        theirs.add_annotation(theirs_id, start, start + len("Raj Patel"), "actor")
        out = tmp_path / "theirs.json"
        with out.open("wb") as f:
            theirs.write_export(f)
    window.files.import_paths([out])
    stored = window.session.project.annotations(article_id)
    assert [(a.start, a.tag, a.annotator) for a in stored] == [(start, "actor", "colleague")]
    assert [(a.start, a.end, a.tag) for a in left.view.store.ordered()] == \
        [(start, start + len("Raj Patel"), "actor")]
    assert table_rows(window) == [("actor", "Raj Patel")]
    assert left.article_id == article_id  # the pane still shows the same article


def test_importing_a_new_article_lists_it_in_the_articles_panel(window, tmp_path):
    tree = window.articles_panel.tree
    assert tree.topLevelItemCount() == 2
    path = tmp_path / "third.txt"
    path.write_text("Third report\n\nThe consulate said nothing.\n", encoding="utf-8")
    window.files.import_paths([path])
    titles = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert len(window.session.project.articles()) == 3
    assert "Third report" in titles and len(titles) == 3
    # Every pane's article chooser offers it too.
    assert all(p.chooser.findText("Third report") >= 0 for p in window.panes)


def test_renaming_a_tag_shows_the_new_name_in_the_table_and_the_panes(window, qtbot):
    project = window.session.project
    left = window.panes[0]
    start = left.view.text.index("Raj Patel")
    project.add_annotation(left.article_id, start, start + len("Raj Patel"), "actor")
    assert table_rows(window) == [("actor", "Raj Patel")]
    actor = next(t for t in project.tags() if t.name == "actor")
    perform(window.undo_stack, cc.UpdateTag(window.session, actor,
                                            actor._replace(name="person", color="#123456")))
    assert db_tags_of_annotations(project) == ["person"]
    assert table_rows(window) == [("person", "Raj Patel")]
    assert [a.tag for a in left.view.store.ordered()] == ["person"]
    assert left.view.palette_.color("person").name() == "#123456"
    window.undo_stack.undo()
    assert db_tags_of_annotations(project) == ["actor"]
    assert table_rows(window) == [("actor", "Raj Patel")]
    assert [a.tag for a in left.view.store.ordered()] == ["actor"]


def test_undoing_an_article_deletion_shows_its_spans_again(window, qtbot):
    project = window.session.project
    left = window.panes[0]
    article_id = left.article_id
    start = left.view.text.index("Raj Patel")
    project.add_annotation(article_id, start, start + len("Raj Patel"), "actor")
    window.ops.delete_article(article_id, confirm=False)
    assert left.article_id is None and table_rows(window) == []
    window.undo_stack.undo()
    assert [a.id for a in project.articles()][0] == article_id
    assert left.article_id == article_id
    assert [(a.start, a.tag) for a in left.view.store.ordered()] == [(start, "actor")]
    assert table_rows(window) == [("actor", "Raj Patel")]
    tree = window.articles_panel.tree
    counts = {tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): tree.topLevelItem(i).text(2)
              for i in range(tree.topLevelItemCount())}
    assert counts[article_id] == "1"


def test_adding_a_tag_elsewhere_updates_the_tag_filter(window):
    perform(window.undo_stack, cc.AddTag(window.session, Tag("source", "#aa5500", "", "5")))
    combo = window.annotations_panel.tag_filter
    assert [combo.itemText(i) for i in range(combo.count())][-1] == "source"
    window.undo_stack.undo()
    assert combo.findText("source") < 0


def test_a_pane_read_again_stays_where_the_reader_was(window, qtbot):
    """A renamed tag (or a merge) reads an open article's spans again: the pane keeps its
    scroll position, its selection and the current annotation."""
    project = window.session.project
    left = window.panes[0]
    long_text = "\n\n".join(f"Paragraph {i}: the council met again about the bridge."
                            for i in range(400))
    project.add_article(ParsedArticle(text=long_text, title="Long report", source="Gull"))
    article_id = next(a.id for a in project.articles() if a.title == "Long report")
    window.show_in_pane(left, article_id)
    start = long_text.index("Paragraph 300")
    span = project.add_annotation(article_id, start, start + len("Paragraph 300"), "actor")
    window.ops.select(span.id, left, reveal=True)
    bar = left.view.verticalScrollBar()
    assert bar.value() > 100
    scrolled = bar.value()
    phrase = long_text.index("Paragraph 301")
    left.view.select_codepoints(phrase, phrase + 9)
    actor = next(t for t in project.tags() if t.name == "actor")
    perform(window.undo_stack, cc.UpdateTag(window.session, actor, actor._replace(name="person")))
    assert [a.tag for a in left.view.store.ordered()] == ["person"]
    assert bar.value() == scrolled
    assert left.view.selection_codepoints() == (phrase, phrase + 9)
    assert left.view.current_id == span.id
