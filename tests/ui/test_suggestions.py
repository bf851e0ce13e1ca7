"""Suggestions in the real window: dashed outlines drawn over the suggested spans, Y accepting
(quote, actor span naming the known actor, speaker link: one undo step), X dismissing
(remembered in the project, across reopening it), Tab moving, View › Show suggestions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project
from annotator.ui.panes.suggestion_outlines import PaneSuggestions

TEXT = ("Council votes to close the bridge\n\n"
        "\u201cWe cannot wait another winter,\u201d said Mayor Elena Vasquez on Tuesday.\n\n"
        "The bridge, nicknamed \u201cthe Rattler\u201d, carries 14,000 cars a day. Vasquez "
        "voted last.\n\n"
        "Council member Jonah Briggs disagreed. \u201cNobody has told the fire department,\u201d "
        "he said.\n")


@pytest.fixture
def project(tmp_path):
    project = Project(tmp_path / "s.sqlite")
    article, _ = project.add_article(ParsedArticle(text=TEXT, title="Bridge", source="Gazette"))
    project.add_actor("Elena Vasquez", ("Vasquez",), "person", "")
    yield project
    project.close()


def open_window(qtbot, project, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    win = MainWindow(Session(project), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.open_article_at(project.articles()[0].id, 0)
    pane = win.panes[0]
    pane.view.setFocus()
    state = PaneSuggestions.of(pane.view)
    qtbot.waitUntil(lambda: len(state.items) == 4)
    return win, pane, state


def shown(pane, state) -> list[tuple[str, str, str]]:
    text = pane.view.text
    return [(s.kind, text[s.start:s.end], s.name) for s in state.items]


def dashes(pane, start: int, end: int, color: str) -> int:
    """Pixels of the tag's hue (antialiased dashes are lighter) along the top edge of the
    span's first line."""
    view = pane.view
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    rect = view.span_rects(start, end)[0].toRect()
    hue = QColor(color).hsvHue()
    count = 0
    for x in range(rect.left(), rect.right()):
        for y in range(rect.top() - 1, rect.top() + 2):
            c = image.pixelColor(x, y)
            if c.hsvSaturation() > 80 and abs(c.hsvHue() - hue) < 12:
                count += 1
    return count


def test_outlines_are_drawn_over_the_suggestions(qtbot, project, settings):
    win, pane, state = open_window(qtbot, project, settings)
    assert shown(pane, state) == [
        ("quote", "We cannot wait another winter", "Elena Vasquez"),
        ("actor", "Elena Vasquez", "Elena Vasquez"), ("actor", "Vasquez", "Vasquez"),
        ("quote", "Nobody has told the fire department", "Jonah Briggs")]
    assert state.items[0].actor_id == project.actors()[0].id  # the speaker is a known actor
    from annotator.ui.dialogs.tags_dialog import reserved_keys

    assert {"X", "Y"} <= set(reserved_keys(win))  # no tag takes the suggestions' keys
    quote = state.items[0]
    assert dashes(pane, quote.start, quote.end, "#3b7dd8") > 10  # the quote tag's blue
    plain = TEXT.index("Council votes")
    assert dashes(pane, plain, plain + 10, "#3b7dd8") == 0
    win.suggestions.actions["show"].trigger()  # View › Show suggestions off
    qtbot.waitUntil(lambda: state.items == [])
    assert dashes(pane, quote.start, quote.end, "#3b7dd8") == 0
    assert settings.flag("view/suggestions", True) is False
    assert not win.suggestions.actions["accept"].isEnabled()  # Enter, Tab: their usual selves
    win.suggestions.actions["show"].trigger()
    qtbot.waitUntil(lambda: len(state.items) == 4)


def test_tab_moves_and_y_accepts_quote_speaker_and_link_as_one_undo_step(qtbot, project,
                                                                          settings):
    win, pane, state = open_window(qtbot, project, settings)
    article_id = pane.article_id
    qtbot.keyClick(pane.view, Qt.Key.Key_Tab)
    assert state.current == state.items[0]
    assert "said by Elena Vasquez (a known actor)" in win.statusBar().currentMessage()
    qtbot.keyClick(pane.view, Qt.Key.Key_Y)
    spans = {a.tag: a for a in project.annotations(article_id)}
    assert (spans["quote"].text, spans["quote"].attributes) == (
        "We cannot wait another winter", {"quote_form": "direct"})
    assert (spans["actor"].text, spans["actor"].actor) == ("Elena Vasquez",
                                                            project.actors()[0].id)
    (link,) = project.links()
    assert (link.type, link.from_id, link.to_id) == ("speaker", spans["quote"].id,
                                                      spans["actor"].id)
    assert win.undo_stack.count() == 1
    qtbot.waitUntil(lambda: len(state.items) == 2)  # "Vasquez" is left, and Briggs's quote
    assert state.current is not None and state.current.name == "Vasquez"  # went on
    win.undo_stack.undo()
    assert project.annotations(article_id) == [] and project.links() == []
    qtbot.waitUntil(lambda: len(state.items) == 4)
    win.undo_stack.redo()
    assert {a.id for a in project.annotations(article_id)} == {a.id for a in spans.values()}
    assert [k.id for k in project.links()] == [link.id]


def test_accepting_a_speaker_already_tagged_links_to_that_span(qtbot, project, settings):
    win, pane, state = open_window(qtbot, project, settings)
    start = TEXT.index("Jonah Briggs")
    briggs = project.add_annotation(pane.article_id, start, start + 12, "actor")
    qtbot.waitUntil(lambda: any(s.name == "Jonah Briggs" for s in state.items))
    qtbot.keyClick(pane.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # the last
    assert state.current.name == "Jonah Briggs"
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    (link,) = project.links()
    assert link.to_id == briggs.id
    assert len(project.annotations(pane.article_id)) == 2


def test_x_dismisses_and_the_dismissal_is_remembered_across_reopening(qtbot, project, settings,
                                                                       tmp_path):
    win, pane, state = open_window(qtbot, project, settings)
    qtbot.keyClick(pane.view, Qt.Key.Key_Tab)
    qtbot.keyClick(pane.view, Qt.Key.Key_Tab)  # "Elena Vasquez", the mention
    assert state.current.kind == "actor"
    qtbot.keyClick(pane.view, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: len(state.items) == 3)
    assert project.annotations(pane.article_id) == []
    start = TEXT.index("Elena Vasquez")
    assert project.dismissed_suggestions() == {(pane.article_id, start, start + 13, "actor")}
    win.undo_stack.undo()  # undo brings it back
    qtbot.waitUntil(lambda: len(state.items) == 4)
    win.undo_stack.redo()
    qtbot.waitUntil(lambda: len(state.items) == 3)
    win.close()
    path = project.path
    project.close()
    again = Project(path)
    try:
        assert again.dismissed_suggestions() == {(pane.article_id, start, start + 13, "actor")}
        win2, pane2, state2 = open_window_with(qtbot, again, settings, 3)
        assert ("actor", "Elena Vasquez", "Elena Vasquez") not in shown(pane2, state2)
        win2.close()
    finally:
        again.close()


def open_window_with(qtbot, project, settings, count):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    win = MainWindow(Session(project), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.open_article_at(project.articles()[0].id, 0)
    state = PaneSuggestions.of(win.panes[0].view)
    qtbot.waitUntil(lambda: len(state.items) == count)
    return win, win.panes[0], state


def test_keys_are_left_alone_where_there_is_nothing_to_suggest(qtbot, tmp_path, settings):
    project = Project(tmp_path / "plain.sqlite")
    project.add_article(ParsedArticle(text="No quotes here at all.\n", title="Plain"))
    try:
        win, pane, state = open_window_with(qtbot, project, settings, 0)
        win.activateWindow()
        pane.view.setFocus()
        qtbot.waitUntil(pane.view.hasFocus)
        assert not win.suggestions.actions["next"].isEnabled()
        assert not win.suggestions.actions["accept"].isEnabled()
        win.close()
    finally:
        project.close()


def test_another_article_in_the_pane_never_shows_the_first_ones_outlines(qtbot, project,
                                                                          settings):
    win, pane, state = open_window(qtbot, project, settings)
    short, _ = project.add_article(ParsedArticle(text="Short.\n", title="Short"))
    win.show_in_pane(pane, short.id)  # the old suggestions' offsets are past this text's end
    pane.view.viewport().repaint()  # painted before the suggestions are looked at again
    assert state.near(0, 100) == [] and state.following(0, True) is None
    qtbot.waitUntil(lambda: state.items == [])
    win.show_in_pane(pane, project.articles()[0].id)
    qtbot.waitUntil(lambda: len(state.items) == 4)


def test_the_first_pass_waits_for_the_first_frame(qtbot, project, settings):
    """The window's first frame is not held up by the suggesters: until it is painted, a change
    only marks the articles to look at; then they are found at the next turn."""
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    win = MainWindow(Session(project), settings)
    qtbot.addWidget(win)
    win.suggestions.changed(None)
    assert not win.suggestions._timer.isActive() and None in win.suggestions._dirty
    win.show()
    qtbot.waitExposed(win)
    win.open_article_at(project.articles()[0].id, 0)
    state = PaneSuggestions.of(win.panes[0].view)
    qtbot.waitUntil(lambda: len(state.items) == 4)


def test_y_accepts_a_suggestion_and_enter_takes_the_span_while_a_speaker_waits(
        qtbot, project, settings):
    """While A waits for its speaker: Y still accepts the suggested actor under the cursor (it
    had been taken for the span a speaker waits for), and Enter, or the keypad's, takes the
    current span."""
    win, pane, state = open_window(qtbot, project, settings)
    text = pane.view.text
    start = text.index("We cannot")
    quote = win.session.project.add_annotation(pane.article_id, start,
                                               start + len("We cannot wait another winter"),
                                               "quote")
    qtbot.waitUntil(lambda: quote.id in pane.view.store.by_id)
    win.ops.select(quote.id, pane)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: len(state.items) >= 1)
    qtbot.keyClick(pane.view, Qt.Key.Key_Tab)  # (the suggested actor "Elena Vasquez")
    before = len(pane.view.store)
    qtbot.keyClick(pane.view, Qt.Key.Key_Y)
    assert len(pane.view.store) > before  # (accepted, not taken for the speaker)
    picked = []
    win.ops.pick = lambda p, annotation_id: picked.append(annotation_id) or True
    for modifier in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
        key = Qt.Key.Key_Return if modifier == Qt.KeyboardModifier.NoModifier else \
            Qt.Key.Key_Enter
        qtbot.keyClick(pane.view, key, modifier)
    assert len(picked) == 2
