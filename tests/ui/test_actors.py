"""Actors in the real window, offscreen: the offer after tagging (or retagging) a span as actor
(an existing actor, a new one, one that gains an alias, none), one undo step for the span and
its actor; the span's context menu. The Actors panel and "tag every mention":
test_actors_panel.py; the world both use: tests/support/actors_world.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from actors_world import LEFT, actors, click_span, dump, on_modal, spans, tag_actor, win
from ui_helpers import select

# Spoken to by the dialogs' nested loops; none of these is a failure.
pytestmark = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                                       "does not support propagateSizeHints")
__all__ = ["win"]  # (the fixture, from actors_world)


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
