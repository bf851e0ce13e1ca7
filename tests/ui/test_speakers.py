"""Who said what in the real window, offscreen: A on a quote then a click on an actor span makes
a speaker link (database row), shown in the table's Speaker column and in the pane's margin;
so does Alt+drag from the quote to the actor span (real mouse press, move and release, the
rubber band seen in the pane's pixels), while a plain drag still selects text; both refused
across articles; undo and redo; quote form and anonymous source from keys and from the
span's context menu (attributes), shown and filtered in the table."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from annotator.ui.annotating.annotation_table import FORM, SPEAKER, TEXT
from annotator.ui.panes.speaker_margin import SpeakerMargin

pytestmark = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                                       "does not support propagateSizeHints")

QUOTE = "“Stay off the east walkway.”"


def speaker_links(project) -> list[tuple]:
    con = sqlite3.connect(project.path)
    try:
        return con.execute("SELECT ln.from_id, ln.to_id FROM links ln JOIN link_types lt ON "
                           "lt.id = ln.type_id WHERE lt.name = 'speaker'").fetchall()
    finally:
        con.close()


def click(qtbot, pane, annotation) -> None:
    """A real click on the middle of a span's first line."""
    rect = pane.view.span_rects(annotation.start, annotation.end)[0]
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(round(rect.center().x()), round(rect.center().y())))


@pytest.fixture
def setup(window, qtbot):
    """The left article's quote, Raj Patel tagged as actor (named by an actor) on both sides."""
    project = window.session.project
    left, right = window.panes
    qtbot.waitUntil(lambda: not left.view.loading and not right.view.loading)
    patel = project.add_actor("Raj Patel", ["Patel"], "person")

    def at(pane, phrase, tag, actor=None):
        start = pane.view.text.index(phrase)
        return project.add_annotation(pane.article_id, start, start + len(phrase), tag,
                                      actor=actor)

    spans = {"quote": at(left, QUOTE, "quote"), "patel": at(left, "Raj Patel", "actor", patel.id),
             "patel_r": at(right, "Raj Patel", "actor", patel.id),
             "mayor": at(left, "Zoë Ortiz", "actor")}
    qtbot.waitUntil(lambda: len(left.view.store) == 3)
    return window, project, left, right, spans, patel


def table_row(window, annotation_id):
    model = window.annotations_panel.model
    return model.row_of(annotation_id)


def margin_names(pane) -> list[tuple[str, str]]:
    margin = pane.view.findChild(SpeakerMargin)
    return [(label.annotation_id, label.name) for label in margin.labels()] if margin else []


def test_a_then_click_attributes_the_quote_and_undo_removes_it(setup, qtbot):
    window, project, left, _right, spans, _patel = setup
    quote, patel = spans["quote"], spans["patel"]
    click(qtbot, left, quote)
    assert window.ops.current == (left, quote.id)
    qtbot.keyClick(left.view, Qt.Key.Key_A)
    assert "Click the speaker" in window.statusBar().currentMessage()
    click(qtbot, left, patel)
    assert speaker_links(project) == [(quote.id, patel.id)]
    assert window.ops.current == (left, quote.id)  # the quote stays selected
    model = window.annotations_panel.model
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Raj Patel"
    assert margin_names(left) == [(quote.id, "Raj Patel")]
    # The margin is drawn left of the text: the text moved right, its offsets did not change.
    margin = left.view.findChild(SpeakerMargin)
    assert margin.isVisible() and margin.width() > 40
    assert left.view.viewport().geometry().left() >= margin.geometry().right()
    image = margin.grab().toImage()
    label = margin.labels()[0].rect
    purple = [image.pixelColor(x, y).name() for x in range(image.width())
              for y in range(int(label.top()), int(label.bottom()))
              if image.pixelColor(x, y).red() > 100 and image.pixelColor(x, y).green() < 90]
    assert purple, "the speaker's name is painted in the margin"
    window.undo_stack.undo()
    assert speaker_links(project) == []
    assert model.index(table_row(window, quote.id), SPEAKER).data() == ""
    assert margin_names(left) == [] and not margin.isVisible()
    window.undo_stack.redo()
    assert speaker_links(project) == [(quote.id, patel.id)]
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Raj Patel"


def test_the_speakers_name_follows_the_actor_and_a_span_without_actor_shows_its_text(setup, qtbot):
    window, project, left, _right, spans, patel = setup
    quote = spans["quote"]
    window.speakers.attribute(quote, spans["mayor"])  # "Zoë Ortiz", tagged actor, no actor
    model = window.annotations_panel.model
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Zoë Ortiz"
    window.speakers.attribute(quote, spans["patel"])
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Zoë Ortiz, Raj Patel"
    project.update_actor(patel.id, name="Rajesh Patel")
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Zoë Ortiz, Rajesh Patel"
    assert margin_names(left) == [(quote.id, "Zoë Ortiz, Rajesh Patel")]
    # Deleting the speaker's span deletes the link; undo brings both back.
    window.ops.select(spans["mayor"].id, left)
    window.ops.delete()
    assert speaker_links(project) == [(quote.id, spans["patel"].id)]
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Rajesh Patel"
    window.undo_stack.undo()
    assert len(speaker_links(project)) == 2
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Zoë Ortiz, Rajesh Patel"


def test_a_speaker_in_another_article_is_refused_and_esc_cancels(setup, qtbot):
    window, project, left, right, spans, _patel = setup
    window.ops.select(spans["quote"].id, left)
    left.view.setFocus()
    qtbot.keyClick(left.view, Qt.Key.Key_A)
    click(qtbot, right, spans["patel_r"])
    assert "same article" in window.statusBar().currentMessage()
    assert speaker_links(project) == []
    assert window.speakers.waiting is not None  # still waiting for a click in the left pane
    qtbot.keyClick(right.view, Qt.Key.Key_Escape)
    assert window.speakers.waiting is None and window.ops.pick is None
    assert "cancelled" in window.statusBar().currentMessage()
    # A click that is not an actor span is refused too.
    window.ops.select(spans["quote"].id, left)
    qtbot.keyClick(left.view, Qt.Key.Key_A)
    window.ops.clicked(spans["quote"].id, left)
    assert "the quote itself" in window.statusBar().currentMessage()
    window.speakers.cancel()
    # An actor span is no quote.
    window.ops.select(spans["patel"].id, left)
    qtbot.keyClick(left.view, Qt.Key.Key_A)
    assert window.speakers.waiting is None
    assert "Click a quote first" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_quote_form_and_anonymous_by_keys_shown_and_filtered(setup, qtbot):
    window, project, left, _right, spans, _patel = setup
    quote = spans["quote"]
    window.ops.select(quote.id, left)
    left.view.setFocus()
    qtbot.keyClick(left.view, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    assert project.annotation(quote.id).attributes == {"quote_form": "direct"}
    qtbot.keyClick(left.view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert project.annotation(quote.id).attributes == {"anonymous": True, "quote_form": "direct"}
    model = window.annotations_panel.model
    assert model.index(table_row(window, quote.id), FORM).data() == "direct · anonymous"
    assert margin_names(left) == [(quote.id, "")]  # the margin shows the form alone
    assert left.view.findChild(SpeakerMargin).labels()[0].form == "direct · anonymous"
    qtbot.keyClick(left.view, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    assert project.annotation(quote.id).attributes["quote_form"] == "paraphrase"
    qtbot.keyClick(left.view, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)  # again: unset
    assert project.annotation(quote.id).attributes == {"anonymous": True}
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert project.annotation(quote.id).attributes == {"anonymous": True, "quote_form": "direct"}

    def shown(text: str) -> list[str]:
        window.annotations_panel.text_filter.setText(text)
        return [model.index(r, TEXT).data() for r in range(model.rowCount())]

    assert shown("form:direct") == [QUOTE]
    assert shown("anonymous") == [QUOTE]
    assert shown("-anonymous") == ["Zoë Ortiz", "Raj Patel", "Raj Patel"]
    assert shown("form:indirect") == []
    assert shown("actor:patel") == ["Raj Patel", "Raj Patel"]
    assert shown('actor:"patel"') == []  # quoted: the whole name
    assert shown("form:direct walkway") == [QUOTE]
    assert shown("") == ["Zoë Ortiz", "Raj Patel", QUOTE, "Raj Patel"]
    window.speakers.attribute(quote, spans["patel"])
    assert shown("speaker:raj") == [QUOTE]


def test_context_menu_entries_set_form_anonymous_and_remove_the_speaker(setup, qtbot):
    window, project, left, _right, spans, _patel = setup
    quote = spans["quote"]
    window.speakers.attribute(quote, spans["patel"])
    window.ops.select(quote.id, left)

    def entries() -> dict:
        menu = QMenu()
        window.speakers.menu_entries(menu, left, left.view.store.by_id[quote.id])
        found = {a.text().split("\t")[0]: a for a in menu.actions()}
        entries.menu = menu  # kept alive while its actions are used
        return found

    found = entries()
    assert {"Attribute to &speaker…", "Remove speaker Raj Patel", "Direct quote",
            "Indirect quote", "Paraphrase quote", "Anonymous source"} <= set(found)
    assert not found["Indirect quote"].isChecked()
    found["Indirect quote"].trigger()
    assert project.annotation(quote.id).attributes == {"quote_form": "indirect"}
    found = entries()
    assert found["Indirect quote"].isChecked()
    found["Anonymous source"].trigger()
    assert project.annotation(quote.id).attributes == {"anonymous": True, "quote_form": "indirect"}
    entries()["Remove speaker Raj Patel"].trigger()
    assert speaker_links(project) == []
    window.undo_stack.undo()
    assert len(speaker_links(project)) == 1
    # The full context menu holds the entries of every feature (actor, speaker, links…).
    assert window.speakers.menu_entries in window.ops.menu_hooks
    assert window.actor_ops.menu_entries in window.ops.menu_hooks


def test_an_actor_span_offers_no_quote_entries(setup):
    window, _project, left, _right, spans, _patel = setup
    menu = QMenu()
    window.speakers.menu_entries(menu, left, left.view.store.by_id[spans["patel"].id])
    assert menu.actions() == []


def center(pane, annotation) -> QPoint:
    rect = pane.view.span_rects(annotation.start, annotation.end)[0]
    return QPoint(round(rect.center().x()), round(rect.center().y()))


def band_pixels(pane) -> list[str]:
    """The speaker colour's pixels in the pane's text area as drawn now."""
    image = pane.view.viewport().grab().toImage()
    return [image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
            if image.pixelColor(x, y).name() == "#8e24aa"]


def test_alt_drag_from_a_quote_to_an_actor_span_attributes_it(setup, qtbot):
    window, project, left, _right, spans, _patel = setup
    quote, patel = spans["quote"], spans["patel"]
    viewport = left.view.viewport()
    alt = Qt.KeyboardModifier.AltModifier
    assert band_pixels(left) == []
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, alt, center(left, quote))
    assert window.ops.current == (left, quote.id)  # the quote is selected
    drag = window.speakers.drag.drag
    assert drag is not None and drag.band.isVisible()
    qtbot.mouseMove(viewport, center(left, patel))
    # The rubber band: a line from the quote to the pointer, the actor span outlined and named.
    assert drag.band.target and drag.band.name == "Raj Patel" and drag.band.ok
    assert len(band_pixels(left)) > 50
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, alt, center(left, patel))
    assert speaker_links(project) == [(quote.id, patel.id)]
    assert window.speakers.drag.drag is None and band_pixels(left) == []
    assert not left.view.textCursor().hasSelection()  # no text was selected by the drag
    assert window.ops.current == (left, quote.id)
    model = window.annotations_panel.model
    assert model.index(table_row(window, quote.id), SPEAKER).data() == "Raj Patel"
    assert margin_names(left) == [(quote.id, "Raj Patel")]
    assert "is said by Raj Patel" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert speaker_links(project) == []
    assert model.index(table_row(window, quote.id), SPEAKER).data() == ""


def test_a_plain_drag_still_selects_text_and_links_nothing(setup, qtbot):
    window, project, left, _right, spans, _patel = setup
    viewport = left.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=center(left, spans["quote"]))
    assert window.speakers.drag.drag is None
    qtbot.mouseMove(viewport, center(left, spans["patel"]))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=center(left, spans["patel"]))
    assert left.view.textCursor().hasSelection()
    assert speaker_links(project) == [] and band_pixels(left) == []


def test_alt_drag_to_another_article_is_refused_as_a_does(setup, qtbot):
    window, project, left, right, spans, _patel = setup
    quote = spans["quote"]
    viewport = left.view.viewport()
    alt = Qt.KeyboardModifier.AltModifier
    # Where the right pane's "Raj Patel" is, in the left pane's coordinates (the drag's).
    over_right = viewport.mapFromGlobal(right.view.viewport().mapToGlobal(
        center(right, spans["patel_r"])))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, alt, center(left, quote))
    qtbot.mouseMove(viewport, over_right)
    refusal = window.statusBar().currentMessage()
    assert refusal.startswith("A speaker is in the same article as the quote")
    assert not window.speakers.drag.drag.band.ok
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, alt, over_right)
    assert speaker_links(project) == [] and window.undo_stack.count() == 0
    dropped = window.statusBar().currentMessage()
    assert "A speaker is in the same article as the quote: drop on an actor span in " \
           "“Bridge safe, says mayor”" in dropped
    # The A-key flow says the same.
    window.ops.select(quote.id, left)
    left.view.setFocus()
    qtbot.keyClick(left.view, Qt.Key.Key_A)
    click(qtbot, right, spans["patel_r"])
    assert window.statusBar().currentMessage().startswith(
        "A speaker is in the same article as the quote: click an actor span in "
        "“Bridge safe, says mayor”")
    window.speakers.cancel()


def test_alt_drag_esc_cancels_and_other_drops_are_refused(setup, qtbot):
    window, project, left, _right, spans, _patel = setup
    quote = spans["quote"]
    viewport = left.view.viewport()
    alt = Qt.KeyboardModifier.AltModifier
    left.view.setFocus()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, alt, center(left, quote))
    qtbot.mouseMove(viewport, center(left, spans["patel"]))
    qtbot.keyClick(left.view, Qt.Key.Key_Escape)
    assert window.speakers.drag.drag is None and band_pixels(left) == []
    assert "cancelled" in window.statusBar().currentMessage()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=center(left, spans["patel"]))
    assert speaker_links(project) == []
    # Dropped on plain text (the top-left corner): nothing, and the status bar says so.
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, alt, center(left, quote))
    qtbot.mouseMove(viewport, QPoint(viewport.width() - 3, viewport.height() // 2))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, alt,
                       QPoint(viewport.width() - 3, viewport.height() // 2))
    assert speaker_links(project) == [] and "drop on an actor span" in \
        window.statusBar().currentMessage()
    # Near the bottom edge the pane scrolls while dragging; letting go stops it.
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, alt, center(left, quote))
    qtbot.mouseMove(viewport, QPoint(40, viewport.height() - 4))
    assert window.speakers.drag._scroller.isActive()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, alt, QPoint(40, viewport.height() - 4))
    assert not window.speakers.drag._scroller.isActive()
    # Alt+press on an actor span starts nothing and says which way to drag.
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, alt, center(left, spans["patel"]))
    assert window.speakers.drag.drag is None
    assert "Alt+drag starts on a quote" in window.statusBar().currentMessage()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, alt, center(left, spans["patel"]))
    assert speaker_links(project) == [] and window.undo_stack.count() == 0


def test_the_margin_gives_way_to_the_text_in_a_narrow_pane(setup, qtbot):
    """Beside the Compare panel a pane is narrow: the names' strip took 120 of its 265 pixels,
    and the article wrapped a few letters a line. It takes at most a fifth, and none when even
    that holds no name."""
    window, project, left, _right, spans, patel = setup
    project.add_link(spans["quote"].id, spans["patel"].id, "speaker")
    qtbot.waitUntil(lambda: (m := left.view.findChild(SpeakerMargin)) is not None
                    and m.isVisible())
    margin = left.view.findChild(SpeakerMargin)

    def strip(margin) -> int:  # (the names' part of the margin: the text's own 8 px aside)
        return margin.width() - margin.base_left

    window.resize(1600, 900)
    qtbot.waitUntil(lambda: margin.width() > 100)  # wide: the whole strip
    full = margin.width()
    for pane_width, share in ((420, 0.2), (200, 0.0)):
        left.view.setFixedWidth(pane_width)
        qtbot.waitUntil(lambda w=pane_width: left.view.width() == w)
        qtbot.waitUntil(lambda s=share: strip(margin) <= left.view.width() * s + 1)
        assert margin.width() < full
        assert left.view.viewport().width() >= left.view.width() * 0.7
    left.view.setFixedWidth(1000)  # (room again: the whole strip, names drawn)
    qtbot.waitUntil(lambda: margin.width() == full)
    assert margin_names(left) == [(spans["quote"].id, "Raj Patel")]
