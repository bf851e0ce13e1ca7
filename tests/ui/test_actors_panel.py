"""The Actors panel in the real window, offscreen (counts per open article, rename and aliases in
place, merge, delete, show mentions, M to name a span), each undoable; "tag every mention" with
its preview (database rows, undo). The offer after tagging: test_actors.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from actors_world import LEFT, RIGHT, actors, dump, on_modal, panel_rows, spans, win

from annotator.domain.comparison.links import NOT_ARTICLE, NOT_ARTICLE_COLOR
from annotator.domain.model import Tag

# Spoken to by the dialogs' nested loops; none of these is a failure.
pytestmark = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                                       "does not support propagateSizeHints")
__all__ = ["win"]  # (the fixture, from actors_world)


def test_actors_panel_counts_per_open_article(win, qtbot):
    project = win.session.project
    left, right = (p.article_id for p in win.panes)
    gu = project.add_actor("Gu Kailai", ["Gu"], "person")
    for article, text, phrase in ((left, LEFT, "Gu Kailai"), (left, LEFT, "Gu said"),
                                  (right, RIGHT, "Gu Kailai")):
        start = text.index(phrase)
        end = start + (2 if phrase == "Gu said" else len(phrase))
        a = project.add_annotation(article, start, end, "actor", actor=gu.id)
    quote_start = RIGHT.index("Gu denied the charge.")
    quote = project.add_annotation(right, quote_start, quote_start + 21, "quote")
    project.add_link(quote.id, a.id, "speaker")
    tree = win.actors_panel.tree
    assert panel_rows(win) == [["Gu Kailai", "2 / 0", "1 / 1", "3 / 1", "person", "Gu"]]
    headers = [tree.headerItem().text(c) for c in range(tree.columnCount())]
    assert headers == ["Actor", "Left Daily", "Right Post", "All", "Kind", "Aliases"]
    # Refreshed from the Session's signals alone: a new actor appears without a call.
    project.add_actor("Bo Xilai")
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2)
    assert tree.topLevelItem(0).text(0) == "Bo Xilai"
    assert tree.topLevelItem(0).text(1) == "0 / 0"


def test_rename_and_aliases_in_place_are_undoable(win, qtbot):
    project = win.session.project
    project.add_actor("Gu Kailai")
    panel_rows(win)
    item = win.actors_panel.tree.topLevelItem(0)
    item.setText(0, "Gu  Kailai (Bogu)")  # as if typed after F2
    assert actors(project) == [("Gu Kailai (Bogu)", "[]")]
    item = win.actors_panel.tree.topLevelItem(0)
    qtbot.waitUntil(lambda: win.actors_panel.tree.topLevelItem(0).text(0) == "Gu Kailai (Bogu)")
    win.actors_panel.tree.topLevelItem(0).setText(win.actors_panel.aliases_column,
                                                  "Gu, Mrs Bo; Gu")
    assert project.actors()[0].aliases == ("Gu", "Mrs Bo")
    win.undo_stack.undo()
    assert project.actors()[0].aliases == ()
    win.undo_stack.undo()
    assert actors(project) == [("Gu Kailai", "[]")]
    # A name already taken is refused in one sentence, and the list shows the stored name.
    project.add_actor("Bo Xilai")
    panel_rows(win)
    on_modal(qtbot, lambda box: box.accept())
    win.actors_panel.tree.topLevelItem(1).setText(0, "bo xilai")
    assert sorted(a.name for a in project.actors()) == ["Bo Xilai", "Gu Kailai"]
    qtbot.waitUntil(lambda: win.actors_panel.tree.topLevelItem(1).text(0) == "Gu Kailai")


def test_merge_asks_which_name_to_keep_and_undo_splits_again(win, qtbot):
    project = win.session.project
    left = win.panes[0].article_id
    gu = project.add_actor("Gu")
    full = project.add_actor("Gu Kailai", kind="person")
    a = project.add_annotation(left, LEFT.index("Gu said"), LEFT.index("Gu said") + 2, "actor",
                               actor=gu.id)
    panel_rows(win)
    tree = win.actors_panel.tree
    for i in range(2):
        tree.topLevelItem(i).setSelected(True)
    assert win.actors_panel.merge_action.isEnabled()

    def keep_full(box):
        button = next(b for b in box.buttons() if b.text() == "Keep “Gu Kailai”")
        button.click()
    on_modal(qtbot, keep_full)
    win.actors_panel.merge_action.trigger()
    assert actors(project) == [("Gu Kailai", '["Gu"]')]
    assert project.annotation(a.id).actor == full.id
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)
    win.undo_stack.undo()
    assert actors(project) == [("Gu", "[]"), ("Gu Kailai", "[]")]
    assert project.annotation(a.id).actor == gu.id


def test_delete_key_in_the_panel_deletes_the_actor_not_the_span(win, qtbot):
    project = win.session.project
    pane = win.panes[0]
    gu = project.add_actor("Gu Kailai")
    a = project.add_annotation(pane.article_id, 0, 9, "actor", actor=gu.id)
    qtbot.waitUntil(lambda: a.id in pane.view.store)
    win.ops.select(a.id, pane)  # a current span, which the window's Delete would delete
    panel_rows(win)
    tree = win.actors_panel.tree
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert actors(project) == [] and spans(project) == [("Gu Kailai", "actor", None)]
    win.undo_stack.undo()
    assert spans(project) == [("Gu Kailai", "actor", "Gu Kailai")]


def test_double_click_shows_the_actors_mentions_in_the_table(win, qtbot):
    project = win.session.project
    left, right = (p.article_id for p in win.panes)
    gu = project.add_actor("Gu Kailai")
    bo = project.add_actor("Bo Xilai")
    project.add_annotation(left, 0, 9, "actor", actor=gu.id)
    project.add_annotation(right, 0, 8, "actor", actor=bo.id)
    project.add_annotation(right, RIGHT.index("Gu Kailai"), RIGHT.index("Gu Kailai") + 9,
                           "actor", actor=gu.id)
    panel_rows(win)
    tree = win.actors_panel.tree
    item = next(tree.topLevelItem(i) for i in range(2) if tree.topLevelItem(i).text(0) == "Gu Kailai")
    tree.itemDoubleClicked.emit(item, 0)
    model = win.annotations_panel.model
    assert win.annotations_panel.text_filter.text() == 'actor:"Gu Kailai"'
    assert [model.annotation(r).text for r in range(model.rowCount())] == ["Gu Kailai"] * 2
    assert win.ops.current is not None and win.ops.current[0] is win.panes[0]


def test_tag_every_mention_preview_accept_some_then_undo(win, qtbot):
    project = win.session.project
    left, right = (p.article_id for p in win.panes)
    gu = project.add_actor("Gu Kailai", ["Gu"], "person")
    # Not part of the article: the reader comments. Already tagged: Gu Kailai on the right.
    comments = LEFT.index("Reader comments")
    project.add_tag(Tag(NOT_ARTICLE, NOT_ARTICLE_COLOR))
    project.add_annotation(left, comments, len(LEFT) - 1, NOT_ARTICLE)
    project.add_annotation(right, RIGHT.index("Gu Kailai"), RIGHT.index("Gu Kailai") + 9,
                           "actor", actor=gu.id)
    qtbot.waitUntil(lambda: len(win.panes[1].view.store) == 1)
    seen = {}

    def review(dialog):
        seen["title"] = dialog.windowTitle()
        seen["contexts"] = [tuple(dialog.tree.topLevelItem(i).data(1, Qt.ItemDataRole.UserRole + 2))
                            for i in range(dialog.tree.topLevelItemCount())]
        dialog.tree.topLevelItem(2).setCheckState(0, Qt.CheckState.Unchecked)  # "Gu denied"
        seen["after"] = dialog.windowTitle()
        seen["ok"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).text()
        dialog.accept()
    on_modal(qtbot, review)
    win.actor_ops.tag_every_mention(gu)
    # Whole words only (not "Guests"), the comments left out, the tagged one not listed.
    assert seen["title"] == "Tag every mention of Gu Kailai — 3 of 3 mentions checked"
    assert [hit for _, hit, _ in seen["contexts"]] == ["Gu Kailai", "Gu", "Gu"]
    before, hit, after = seen["contexts"][1]
    assert before.endswith("Later ") and after.startswith(" said nothing")
    assert seen["after"].endswith("2 of 3 mentions checked") and seen["ok"] == "&Tag 2 mentions"
    assert [(a.text, a.actor) for a in project.annotations(left) if a.tag == "actor"] == [
        ("Gu Kailai", gu.id), ("Gu", gu.id)]  # "Gu Kailai met", "Later Gu said"; not the comments
    assert [(a.start, a.text) for a in project.annotations(right) if a.tag == "actor"] == [
        (RIGHT.index("Gu Kailai"), "Gu Kailai")]  # tagged before; "Gu denied" was unchecked
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    assert [s for s in spans(project) if s[1] == "actor"] == [("Gu Kailai", "actor", "Gu Kailai")]
    win.undo_stack.redo()
    assert len([s for s in spans(project) if s[1] == "actor"]) == 3


def test_m_key_takes_the_selected_spans_actor_and_select_none_tags_nothing(win, qtbot):
    project = win.session.project
    pane = win.panes[0]
    bo = project.add_actor("Bo Xilai", ["Bo"])
    a = project.add_annotation(pane.article_id, LEFT.index("Bo Xilai"),
                               LEFT.index("Bo Xilai") + 8, "actor", actor=bo.id)
    qtbot.waitUntil(lambda: a.id in pane.view.store)
    win.ops.select(a.id, pane)
    seen = {}

    def none(dialog):
        seen["count"] = dialog.tree.topLevelItemCount()
        dialog._check_all(False)
        seen["ok"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.reject()
    on_modal(qtbot, none)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_M)
    # "Bo left" and "Bo Xilai's wife" in the other pane ("Bo Xilai" is tagged already)
    assert seen == {"count": 2, "ok": False}
    assert len(spans(project)) == 1


def test_a_hidden_actors_panel_reads_the_project_when_shown(win, qtbot):
    project = win.session.project
    tree = win.actors_panel.tree
    win.actors_dock.hide()
    project.add_actor("Gu Kailai")
    qtbot.wait(80)
    assert tree.topLevelItemCount() == 0  # no query while nobody looks
    win.actors_dock.show()
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)


def test_tag_every_mention_names_spans_tagged_before_without_an_actor(win, qtbot):
    project = win.session.project
    left, right = (p.article_id for p in win.panes)
    gu = project.add_actor("Gu Kailai", ["Gu"], "person")
    bo = project.add_actor("Bo Xilai", ["Bo"])
    project.add_tag(Tag(NOT_ARTICLE, NOT_ARTICLE_COLOR))
    comments = LEFT.index("Reader comments")
    project.add_annotation(left, comments, len(LEFT) - 1, NOT_ARTICLE)

    def at(article, text, phrase, actor=None, nth=0, tag="actor"):
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        return project.add_annotation(article, start, start + len(phrase), tag, actor=actor)

    later_gu = at(left, LEFT, "Gu", nth=1)              # "Later Gu said": tagged, no actor
    at(left, LEFT, "Gu", nth=3)                         # "Gu is guilty", a reader comment
    at(left, LEFT, "the consul")                        # tagged, no actor, another name
    at(right, RIGHT, "Gu", actor=bo.id, nth=1)          # "Gu denied", naming Bo: left alone
    qtbot.waitUntil(lambda: len(win.panes[0].view.store) == 4)
    before = dump(project)
    seen = {}

    def review(dialog):
        tree = dialog.tree
        seen["rows"] = [(tree.topLevelItem(i).data(1, Qt.ItemDataRole.UserRole + 2)[1],
                         tree.topLevelItem(i).text(2),
                         tree.topLevelItem(i).checkState(0) == Qt.CheckState.Checked)
                        for i in range(tree.topLevelItemCount())]
        seen["heading"] = dialog.heading.text()
        seen["ok"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).text()
        dialog.accept()
    on_modal(qtbot, review)
    win.actor_ops.tag_every_mention(gu)
    assert seen["rows"] == [("Gu Kailai", "", True),
                            ("Gu", "already tagged: will name Gu Kailai", True),
                            ("Gu Kailai", "", True)]
    assert "1 already tagged, without an actor" in seen["heading"]
    assert seen["ok"] == "&Tag 2 mentions, name 1"
    assert project.annotation(later_gu.id).actor == gu.id
    named = {(a.article_id, a.text, a.actor) for a in (*project.annotations(left),
                                                       *project.annotations(right))
             if a.tag == "actor"}
    assert named == {(left, "Gu Kailai", gu.id), (left, "Gu", gu.id), (left, "Gu", None),
                     (left, "the consul", None), (right, "Gu Kailai", gu.id),
                     (right, "Gu", bo.id)}
    assert win.undo_stack.count() == 1  # new spans and the named one: one step
    model = win.annotations_panel.model
    from annotator.ui.annotating.annotation_table import ACTOR, TEXT

    shown = {(model.index(r, TEXT).data(), model.index(r, ACTOR).data())
             for r in range(model.rowCount())}
    assert ("Gu", "Gu Kailai") in shown and ("Gu Kailai", "Gu Kailai") in shown
    after = dump(project)
    win.undo_stack.undo()
    assert dump(project) == before  # exactly the earlier rows, updated_at included
    assert win.panes[0].view.store.by_id[later_gu.id].actor is None
    win.undo_stack.redo()
    assert dump(project) == after
    win.undo_stack.undo()
    assert dump(project) == before


def test_a_possessive_span_tagged_before_is_named_not_tagged_again(win, qtbot):
    project = win.session.project
    right = win.panes[1].article_id
    bo = project.add_actor("Bo Xilai", ["Bo"])
    possessive = project.add_annotation(right, 0, len("Bo Xilai's"), "actor")
    qtbot.waitUntil(lambda: possessive.id in win.panes[1].view.store)
    seen = {}

    def review(dialog):
        seen["rows"] = [dialog.tree.topLevelItem(i).text(2)
                        for i in range(dialog.tree.topLevelItemCount())]
        dialog.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)  # "Bo Xilai" left
        seen["ok"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).text()
        dialog.accept()
    on_modal(qtbot, review)
    win.actor_ops.tag_every_mention(bo)
    # Left: "Bo Xilai arrived", "Bo left"; right: the span "Bo Xilai's" (not its "Bo Xilai").
    assert seen["rows"] == ["", "", "already tagged: will name Bo Xilai"]
    assert seen["ok"] == "&Tag 1 mention, name 1"
    assert project.annotation(possessive.id).actor == bo.id
    assert [a.text for a in project.annotations(right)] == ["Bo Xilai's"]
    win.undo_stack.undo()
    assert project.annotation(possessive.id).actor is None
    assert len(spans(project)) == 1
