"""Actors in the real window, offscreen: the offer after tagging a span as actor (an existing
actor, a new one, one that gains an alias, none), one undo step for the span and its actor; the
Actors panel (counts per open article, rename and aliases in place, merge, delete, show
mentions), each undoable; "tag every mention" with its preview (database rows, undo)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu
from ui_helpers import select

from annotator.domain.comparison.links import NOT_ARTICLE, NOT_ARTICLE_COLOR
from annotator.domain.model import ParsedArticle, Tag

# Spoken to by the dialogs' nested loops; none of these is a failure.
pytestmark = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                                       "does not support propagateSizeHints")

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


def test_offer_existing_actor_enter_takes_it_and_one_undo_removes_both(win, qtbot):
    project = win.session.project
    project.add_actor("Gu Kailai", ["Mrs Bo"], "person")
    pane, offer = tag_actor(qtbot, win, 0, "Gu Kailai")
    assert offer.entries()[0].startswith("Gu Kailai")
    assert offer.highlighted() == offer.entries()[0]
    assert "No actor" in offer.entries()[-1]
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)  # the keyboard stayed in the article
    qtbot.waitUntil(lambda: spans(project) == [("Gu Kailai", "actor", "Gu Kailai")])
    assert win.actor_ops.offer_widget is None  # closed
    assert win.undo_stack.count() == 1  # the span and its actor: one step
    win.undo_stack.undo()
    assert spans(project) == []
    win.undo_stack.redo()
    assert spans(project) == [("Gu Kailai", "actor", "Gu Kailai")]
    # The table shows the actor's name.
    from annotator.ui.annotating.annotation_table import ACTOR

    model = win.annotations_panel.model
    assert model.index(0, ACTOR).data() == "Gu Kailai"


def test_offer_new_actor_named_from_the_span(win, qtbot):
    project = win.session.project
    pane, offer = tag_actor(qtbot, win, 1, "Bo Xilai's")
    assert offer.entries()[0] == "New actor “Bo Xilai”…"  # the possessive is dropped

    def fill(dialog):
        assert dialog.name.text() == "Bo Xilai"
        dialog.aliases.setText("Bo, Mr Bo")
        dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
        dialog.accept()
    on_modal(qtbot, fill)
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: actors(project) == [("Bo Xilai", '["Bo","Mr Bo"]')]
                    or actors(project) == [("Bo Xilai", '["Bo", "Mr Bo"]')])
    assert spans(project) == [("Bo Xilai's", "actor", "Bo Xilai")]
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    assert spans(project) == [] and actors(project) == []
    win.undo_stack.redo()
    assert spans(project) == [("Bo Xilai's", "actor", "Bo Xilai")]
    assert project.actors()[0].kind == "person"


def test_offer_groups_a_short_name_as_an_alias(win, qtbot):
    project = win.session.project
    project.add_actor("Gu Kailai")
    pane, offer = tag_actor(qtbot, win, 0, "Gu", nth=1)  # "Later Gu said nothing"
    assert offer.entries()[0] == "Gu Kailai — add “Gu” as an alias"
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: spans(project) == [("Gu", "actor", "Gu Kailai")])
    assert project.actors()[0].aliases == ("Gu",)
    win.undo_stack.undo()  # span, actor and alias in one step
    assert spans(project) == [] and project.actors()[0].aliases == ()


def test_offer_is_dismissed_by_escape_or_by_tagging_on(win, qtbot):
    project = win.session.project
    project.add_actor("Gu Kailai")
    pane, offer = tag_actor(qtbot, win, 0, "Gu Kailai")
    qtbot.keyClick(pane.view, Qt.Key.Key_Escape)
    assert not offer.isVisible()
    assert spans(project) == [("Gu Kailai", "actor", None)]
    # Tagging fast: the next span simply replaces the offer.
    _, first = tag_actor(qtbot, win, 0, "Bo Xilai")
    _, second = tag_actor(qtbot, win, 0, "Bo", nth=1)
    assert not first.isVisible() and second.isVisible()
    qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    assert second.highlighted() != second.entries()[0]
    assert len(spans(project)) == 3 and win.undo_stack.count() == 3
    win.undo_stack.undo()
    assert len(spans(project)) == 2


def test_offer_can_be_switched_off(win, qtbot):
    win.actions_["offer-actor"].setChecked(False)
    pane = win.panes[0]
    select(pane, "Gu Kailai")
    qtbot.keyClick(pane.view, Qt.Key.Key_3)
    assert win.actor_ops.offer_widget is None
    assert spans(win.session.project) == [("Gu Kailai", "actor", None)]


def test_context_menu_sets_changes_and_clears_the_actor(win, qtbot):
    project = win.session.project
    gu = project.add_actor("Gu Kailai")
    project.add_actor("Bo Xilai")
    pane = win.panes[0]
    start = LEFT.index("Gu Kailai")
    span = project.add_annotation(pane.article_id, start, start + 9, "actor")
    qtbot.waitUntil(lambda: span.id in pane.view.store)

    def choose(label_start: str) -> None:
        menu = QMenu()
        annotation = pane.view.store.by_id[span.id]
        win.actor_ops.menu_entries(menu, pane, annotation)
        sub = menu.actions()[0].menu()
        action = next(a for a in sub.actions() if a.text().startswith(label_start))
        action.trigger()

    choose("Gu Kailai")
    qtbot.waitUntil(lambda: spans(project) == [("Gu Kailai", "actor", "Gu Kailai")])
    choose("Bo Xilai")
    qtbot.waitUntil(lambda: spans(project) == [("Gu Kailai", "actor", "Bo Xilai")])
    menu = QMenu()
    win.actor_ops.menu_entries(menu, pane, pane.view.store.by_id[span.id])
    checked = [a.text() for a in menu.actions()[0].menu().actions() if a.isChecked()]
    assert checked == ["Bo Xilai"]
    choose("No actor")
    qtbot.waitUntil(lambda: spans(project) == [("Gu Kailai", "actor", None)])
    win.undo_stack.undo()
    assert spans(project) == [("Gu Kailai", "actor", "Bo Xilai")]
    win.undo_stack.undo()
    assert project.annotation(span.id).actor == gu.id


def panel_rows(window) -> list[list[str]]:
    window.actors_panel.refresh()
    tree = window.actors_panel.tree
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
            for i in range(tree.topLevelItemCount())]


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


def test_retagging_a_span_as_actor_offers_the_actors_and_is_one_undo_step(win, qtbot):
    project = win.session.project
    project.add_actor("Gu Kailai", ["Gu"], "person")
    pane = win.panes[0]
    start = LEFT.index("Gu Kailai")
    claim = project.add_annotation(pane.article_id, start, start + 9, "claim")
    qtbot.waitUntil(lambda: claim.id in pane.view.store)
    before = dump(project)
    click_span(qtbot, pane, claim)
    assert win.ops.current == (pane, claim.id)
    qtbot.keyClick(pane.view, Qt.Key.Key_3)  # 3 = actor, on the clicked span
    offer = win.actor_ops.offer_widget
    assert offer is not None and offer.isVisible()
    assert offer.entries()[0].startswith("Gu Kailai") and offer.highlighted() == offer.entries()[0]
    assert spans(project) == [("Gu Kailai", "actor", None)]  # retagged at once
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: spans(project) == [("Gu Kailai", "actor", "Gu Kailai")])
    assert win.undo_stack.count() == 1  # the retag and the actor: one step
    model = win.annotations_panel.model
    from annotator.ui.annotating.annotation_table import ACTOR, TAG

    assert model.index(0, TAG).data() == "actor" and model.index(0, ACTOR).data() == "Gu Kailai"
    after = dump(project)
    win.undo_stack.undo()
    assert dump(project) == before  # claim again, no actor, its earlier updated_at
    assert pane.view.store.by_id[claim.id].tag == "claim"
    assert model.index(0, TAG).data() == "claim" and model.index(0, ACTOR).data() == ""
    win.undo_stack.redo()
    assert spans(project) == [("Gu Kailai", "actor", "Gu Kailai")]
    assert dump(project)["annotations"] != before["annotations"]
    assert dump(project)["actors"] == after["actors"]


def test_retagging_from_the_toolbar_offers_too_and_esc_keeps_just_the_retag(win, qtbot):
    from PySide6.QtWidgets import QToolBar

    project = win.session.project
    project.add_actor("Bo Xilai", ["Bo"])
    pane = win.panes[1]
    quote = project.add_annotation(pane.article_id, 0, 8, "quote")  # "Bo Xilai"
    qtbot.waitUntil(lambda: quote.id in pane.view.store)
    click_span(qtbot, pane, quote)
    bar = win.findChild(QToolBar, "toolbar-main")
    button = bar.widgetForAction(win.actions_["tag:actor"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    offer = win.actor_ops.offer_widget
    assert offer is not None and offer.isVisible()
    assert offer.entries()[0].startswith("Bo Xilai")
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Escape)
    assert not offer.isVisible()
    assert spans(project) == [("Bo Xilai", "actor", None)]
    assert win.undo_stack.count() == 1
    # Chosen next from the context menu (nothing done in between), it joins the retag too.
    menu = QMenu()
    win.actor_ops.menu_entries(menu, pane, pane.view.store.by_id[quote.id])
    next(a for a in menu.actions()[0].menu().actions() if a.text().startswith("Bo Xilai")).trigger()
    qtbot.waitUntil(lambda: spans(project) == [("Bo Xilai", "actor", "Bo Xilai")])
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    assert spans(project) == [("Bo Xilai", "quote", None)]


def test_retagging_as_another_tag_offers_nothing(win, qtbot):
    project = win.session.project
    project.add_actor("Gu Kailai")
    pane = win.panes[0]
    span = project.add_annotation(pane.article_id, 0, 9, "actor")
    qtbot.waitUntil(lambda: span.id in pane.view.store)
    click_span(qtbot, pane, span)
    qtbot.keyClick(pane.view, Qt.Key.Key_1)  # 1 = claim
    assert win.actor_ops.offer_widget is None
    assert spans(project) == [("Gu Kailai", "claim", None)]
    win.undo_stack.undo()
    assert spans(project) == [("Gu Kailai", "actor", None)]


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
