"""Links between spans in the real window, offscreen: made by keys and clicks (refusals, a new
link type), undone and redone (database rows), changed from the context menu, and gone with
their spans. Listed, drawn and followed: test_links_shown.py; the world both use:
tests/support/links_world.py."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from links_world import POPUP_NOISE, choose, click_span, link_rows, status, three

from annotator.ui.links.link_table import FROM, TO

pytestmark = POPUP_NOISE  # (the type menu, a popup offscreen)
__all__ = ["three"]  # (the fixture, from links_world)


def test_link_by_key_and_clicks_then_undo_and_redo(three, qtbot):
    w = three
    a, b = w.span(0, 3), w.span(1, 5)
    left, right = w.panes
    click_span(qtbot, left, a)
    qtbot.keyClick(left.view, Qt.Key.Key_L)
    assert status(w) == f"Linking “{a.text}”: click the span to link to, Esc to cancel"
    click_span(qtbot, right, b)
    menu = w.linking.ops.type_menu
    qtbot.waitUntil(menu.isVisible)
    labels = [x.text() for x in menu.actions() if x.text()]
    assert labels[:3] == ["&same", "&contradicts", "&elaborates"]
    assert labels[-2:] == ["s&peaker (within one article)", "&New link type…"]
    qtbot.keyClick(menu, Qt.Key.Key_C)  # contradicts
    ((link_id, kind, from_id, to_id, note),) = link_rows(w.session.project)
    assert kind == "contradicts" and {from_id, to_id} == {a.id, b.id} and note == ""
    assert "as contradicts (Ctrl+Z to undo)" in status(w)
    assert w.undo_stack.count() == 1
    w.undo_stack.undo()
    assert link_rows(w.session.project) == []
    assert w.linking.panel.model.rowCount() == 0
    w.undo_stack.redo()
    assert link_rows(w.session.project) == [(link_id, "contradicts", from_id, to_id, "")]
    assert w.linking.panel.model.rowCount() == 1


def test_a_link_made_with_the_keyboard_alone(three, qtbot):
    """L, then F6 to the other pane, Alt+Down to its spans, Enter: the span is taken as if
    clicked (it waited for a click only)."""
    w = three
    a, b = w.span(0, 3), w.span(1, 5)
    left, right = w.panes
    click_span(qtbot, left, a)
    qtbot.keyClick(left.view, Qt.Key.Key_L)
    qtbot.keyClick(left.view, Qt.Key.Key_F6)
    qtbot.waitUntil(right.view.hasFocus)
    qtbot.keyClick(right.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    _pane, target = w.ops.current_annotation()
    assert target == b
    qtbot.keyClick(right.view, Qt.Key.Key_Return)
    choose(qtbot, w, Qt.Key.Key_C)  # contradicts
    ((_id, kind, from_id, to_id, _note),) = link_rows(w.session.project)
    assert kind == "contradicts" and {from_id, to_id} == {a.id, target.id}


def test_escape_cancels_and_refusals_push_nothing(three, qtbot):
    w = three
    a, b, c = w.span(0, 3), w.span(1, 5), w.span(1, 7, "quote")
    left, right = w.panes
    ops = w.linking.ops
    click_span(qtbot, left, a)
    qtbot.keyClick(left.view, Qt.Key.Key_L)
    qtbot.keyClick(left.view, Qt.Key.Key_Escape)
    assert status(w) == "Linking cancelled" and not ops.linking and w.ops.pick is None
    click_span(qtbot, right, b)  # an ordinary click again: it selects
    assert w.ops.current == (right, b.id)
    # A self link: the mode waits for another span.
    click_span(qtbot, left, a)
    qtbot.keyClick(left.view, Qt.Key.Key_L)
    click_span(qtbot, left, a)
    assert status(w).startswith("That is the span you are linking from")
    assert ops.linking
    # Escape on the type menu cancels too.
    click_span(qtbot, right, b)
    choose(qtbot, w, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not ops.linking)
    assert link_rows(w.session.project) == [] and w.undo_stack.count() == 0
    # A duplicate, a speaker link across articles, a self link: one sentence each, no undo step.
    assert ops.create(a.id, b.id, "same") is not None
    assert w.undo_stack.count() == 1
    assert ops.create(b.id, a.id, "same") is None
    assert status(w) == "These two spans are already linked as same."
    assert ops.create(c.id, a.id, "speaker") is None
    assert "not across articles" in status(w)
    assert ops.create(a.id, a.id, "contradicts") is None
    assert status(w) == "A link joins two different spans, not a span with itself."
    assert w.undo_stack.count() == 1 and len(link_rows(w.session.project)) == 1


def test_a_new_link_type_from_the_menu_is_one_undo_step(three, qtbot, monkeypatch):
    from annotator.ui.links.link_types_ui import LinkTypeDialog

    w = three
    a, b = w.span(0, 3), w.span(1, 5)

    def fill(dialog):
        dialog.name.setText("echoes")
        dialog.directed.setChecked(True)
        dialog.description.setText("repeats the other outlet")
        return 1

    monkeypatch.setattr(LinkTypeDialog, "exec", fill)
    click_span(qtbot, w.panes[0], a)
    qtbot.keyClick(w.panes[0].view, Qt.Key.Key_L)
    click_span(qtbot, w.panes[1], b)
    choose(qtbot, w, Qt.Key.Key_N)
    ((_, kind, from_id, to_id, _),) = link_rows(w.session.project)
    assert (kind, from_id, to_id) == ("echoes", a.id, b.id)
    assert "echoes" in [t.name for t in w.session.project.link_types()]
    assert w.linking.panel.type_filter.findData("echoes") > 0
    w.undo_stack.undo()
    assert link_rows(w.session.project) == []
    assert "echoes" not in [t.name for t in w.session.project.link_types()]


def test_deleting_a_span_removes_its_links_until_undone(three, qtbot):
    w = three
    project = w.session.project
    a, b, c = w.span(0, 3), w.span(1, 5), w.span(1, 8)
    project.add_link(a.id, b.id, "same")
    project.add_link(a.id, c.id, "contradicts")
    overlay, model = w.linking.overlay, w.linking.panel.model
    assert len(overlay.segments()) == 2 and model.rowCount() == 2
    click_span(qtbot, w.panes[0], a)
    w.actions_["delete"].trigger()
    assert link_rows(project) == [] and model.rowCount() == 0 and overlay.segments() == []
    w.undo_stack.undo()
    assert len(link_rows(project)) == 2 and model.rowCount() == 2
    assert len(overlay.segments()) == 2
    assert {model.data(model.index(r, FROM)) for r in range(2)} | \
        {model.data(model.index(r, TO)) for r in range(2)} == {a.text, b.text, c.text}


def test_context_menu_hover_and_a_changed_end(three, qtbot):
    from PySide6.QtWidgets import QMenu

    from annotator.ui.undo.commands import SetExtent, perform

    w = three
    project = w.session.project
    a, b = w.span(0, 3), w.span(1, 5)
    link = project.add_link(a.id, b.id, "contradicts", "dates differ")
    # The span's context menu offers "Link to…" and lists its links.
    menu = QMenu(w)
    w.linking.ops.context_menu(menu, w.panes[0], a)
    texts = [x.text() for x in menu.actions()]
    assert texts[0] == "&Link to…" and texts[1] == "Lin&ks (1)"
    menu.actions()[0].trigger()
    assert w.linking.ops.linking and w.ops.pick is not None
    w.linking.ops.cancel()
    # Hovering the line tells its type, both texts and the note.
    overlay = w.linking.overlay
    (segment,) = overlay.segments()
    assert overlay.link_at(overlay.path(segment).pointAtPercent(0.3)) == link
    assert overlay.link_at(segment.start + QPoint(0, 40)) is None
    tip = overlay.describe(link)
    assert "contradicts" in tip and a.text in tip and b.text in tip and "dates differ" in tip
    # A span's new extent shows in the panel's row and moves the line's end.
    model = w.linking.panel.model
    perform(w.undo_stack, SetExtent(w.session, a, a.start, a.end + 6))
    longer = project.annotation(a.id).text
    assert longer != a.text
    assert longer in {model.data(model.index(0, FROM)), model.data(model.index(0, TO))}
    (moved,) = overlay.segments()
    assert moved.start.x() > segment.start.x()
