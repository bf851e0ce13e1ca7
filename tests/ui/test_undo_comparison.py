"""Every new action of the comparison layer undoes to exactly the database it started from and
redoes to exactly the database it made (compared table by table), through the window's undo
stack and the views' signals."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.domain.model import Tag
from annotator.ui.undo import commands_comparison as cc
from annotator.ui.undo.commands import DeleteSpans, perform


def dump(project) -> dict:
    """Every row of these tables, but for the versions of annotations and links: those only go
    up, undo included (tests/storage/test_versions.py)."""
    con = sqlite3.connect(project.path)
    try:
        out = {}
        for table in ("annotations", "links", "actors", "link_types", "tags", "annotators"):
            cursor = con.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            out[table] = sorted(repr(tuple(v for n, v in zip(names, row, strict=True)
                                               if n != "version"))
                                for row in cursor)
        return out
    finally:
        con.close()


@pytest.fixture
def setup(window):
    project = window.session.project
    left, right = (a.id for a in project.articles())
    text_l, text_r = project.article(left).text, project.article(right).text

    def at(article_id, text, phrase, tag):
        start = text.index(phrase)
        return project.add_annotation(article_id, start, start + len(phrase), tag)

    spans = {"patel_l": at(left, text_l, "Raj Patel", "actor"),
             "patel_r": at(right, text_r, "Raj Patel", "actor"),
             "quote": at(left, text_l, "“Stay off the east walkway.”", "quote"),
             "claim_l": at(left, text_l, "the bridge 🌉 is safe", "claim"),
             "claim_r": at(right, text_r, "cracks were found in two pillars", "claim")}
    patel = project.add_actor("Raj Patel", ["Patel"], "person")
    other = project.add_actor("the engineer")
    project.set_actor([spans["patel_l"].id], patel.id)
    project.set_actor([spans["patel_r"].id], other.id)
    link = project.add_link(spans["claim_l"].id, spans["claim_r"].id, "contradicts")
    return window, project, spans, patel, other, link


def actions(session, project, spans, patel, other, link):
    s = spans
    return {
        "add link": lambda: cc.AddLink(session, s["quote"].id, s["patel_l"].id, "speaker"),
        "delete link": lambda: cc.DeleteLinks(session, [link]),
        "link note": lambda: cc.ChangeLink(session, link, note="engineer vs mayor"),
        "link type": lambda: cc.ChangeLink(session, link, link_type="elaborates"),
        "link type added": lambda: cc.AddLinkType(session, "echoes", False, "repeats"),
        "new actor on spans": lambda: cc.AddActor(session, "Zoë Ortiz", ["the mayor"], "person",
                                                  annotation_ids=[s["claim_l"].id]),
        "rename actor": lambda: cc.UpdateActor(session, patel, name="Rajesh Patel",
                                               aliases=("Patel", "Raj")),
        "delete actor": lambda: cc.DeleteActor(session, patel),
        "merge actors": lambda: cc.MergeActors(session, patel, other),
        "set actor": lambda: cc.SetActor(session, [project.annotation(s["patel_r"].id)], patel.id),
        "tag mentions": lambda: cc.TagMentions(
            session, [(s["patel_l"].article_id, 0, 5, "actor", patel.id)], "Tag mentions"),
        "attributes": lambda: cc.SetAttributes(session, project.annotation(s["quote"].id),
                                               {"quote_form": "direct", "anonymous": False},
                                               "Direct quote"),
        "add tag": lambda: cc.AddTag(session, Tag("event", "#123456", "", "e")),
        "update tag": lambda: cc.UpdateTag(session, project.tags()[0],
                                           Tag("assertion", "#abcdef", "renamed", "9")),
        "reorder tags": lambda: cc.ReorderTags(session, [t.name for t in project.tags()],
                                               [t.name for t in reversed(project.tags())]),
        "delete linked span": lambda: DeleteSpans(session, [project.annotation(s["claim_l"].id)]),
    }


NAMES = list(actions(*(None,) * 6).keys())


@pytest.mark.parametrize("name", NAMES)
def test_undo_and_redo_of_every_comparison_action(setup, name):
    window, project, spans, patel, other, link = setup
    command = actions(window.session, project, spans, patel, other, link)[name]()
    before = dump(project)
    perform(window.undo_stack, command)
    after = dump(project)
    assert after != before
    window.undo_stack.undo()
    assert dump(project) == before
    window.undo_stack.redo()
    assert dump(project) == after
    window.undo_stack.undo()
    assert dump(project) == before


def test_deleting_a_linked_span_from_the_window_updates_the_table_and_undo_restores_links(setup):
    window, project, spans, *_rest, link = setup
    window.open_article_at(spans["claim_l"].article_id, 0)
    rows_before = window.annotations_panel.model.total()
    perform(window.undo_stack, DeleteSpans(window.session, [project.annotation(spans["claim_l"].id)]))
    assert window.annotations_panel.model.total() == rows_before - 1
    assert project.links() == []
    window.undo_stack.undo()
    assert window.annotations_panel.model.total() == rows_before
    assert project.links() == [link]
