"""The adjudication dock: what its list shows, decisions by its buttons and keys, the pane's
selection as an edited gold span, one undo step per decision, refresh from the Session."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge will close. Police disagreed. The river rose."


@pytest.fixture
def team(tmp_path):
    """alice and bob on one article: the same actor, claims of different extents, a quote only
    alice tagged."""
    path = tmp_path / "team.sqlite"
    with Project(path, annotator="alice") as alice, Project(path, annotator="bob") as bob:
        article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge", source="Gull"))[0]
        for p, tag, start, end in ((alice, "actor", 6, 13), (bob, "actor", 6, 13),
                                   (alice, "claim", 14, 40), (bob, "claim", 19, 40),
                                   (alice, "quote", 0, 41)):
            p.add_annotation(article.id, start, end, tag)
    project = Project(path, annotator="carol")
    yield project, article
    project.close()


@pytest.fixture
def adjudicating(qtbot, team, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    project, article = team
    win = MainWindow(Session(project), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.actions_["adjudicate"].trigger()
    view = win.adjudication_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    return win, view, project, article


def rows(view):
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def gold(project, article):
    return sorted((a.tag, a.start, a.end, a.attributes.get("decision"))
                  for a in project.annotations(article.id) if a.annotator == "gold")


def test_the_list_shows_places_disagreements_first(adjudicating):
    win, view, project, article = adjudicating
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] \
        == ["Article", "Tag", "alice", "bob", "Status"]
    assert rows(view) == [
        ["Bridge", "quote", "0–41  “Mayor Ann Lee said the bridge will close.”", "—",
         "missing in bob"],
        ["Bridge", "claim", "14–40  “said the bridge will close”", "19–40  “the bridge will close”",
         "extents differ"],
        ["Bridge", "actor", "6–13  “Ann Lee”", "6–13  “Ann Lee”", "unanimous"]]
    assert win.adjudication_dock.isVisible()
    assert [b.text() for b in view.coder_buttons] == ["Accept alice  1", "Accept bob  2"]
    assert view.unanimous_button.text() == "Accept all unanimous (1)  U"
    assert "2 disagreements and 1 unanimous to decide, 0 decided" in view.summary.text()


def test_selecting_a_place_selects_it_in_the_pane(adjudicating, qtbot):
    win, view, project, article = adjudicating
    win.open_article_at(article.id, 0)
    view.table.selectRow(1)
    view.reveal()
    assert win.panes[0].view.selection_codepoints() == (14, 40)


def test_decisions_by_buttons_and_keys_and_undo(adjudicating, qtbot):
    win, view, project, article = adjudicating
    view.table.selectRow(1)  # the claim
    view.note.setText("bob's is tighter")
    bob = view.coder_buttons[1]
    assert bob.isEnabled()
    qtbot.mouseClick(bob, Qt.MouseButton.LeftButton)
    assert gold(project, article) == [("claim", 19, 40, "accept")]
    assert [d.note for d in project.decisions()] == ["bob's is tighter"]
    assert view.note.text() == ""
    qtbot.waitUntil(lambda: rows(view)[-1][-1] == "✓ accepted by carol")
    assert view.current_place().tags == ("actor",)  # the next place in that row
    assert win.undo_stack.undoText() == "Accept bob's claim at 19–40"

    view.table.setFocus()
    view.table.selectRow(0)  # the quote only alice tagged
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    assert sorted(d.outcome for d in project.decisions()) == ["accept", "reject"]
    qtbot.keyClick(view.table, Qt.Key.Key_U)
    assert gold(project, article) == [("actor", 6, 13, "unanimous"), ("claim", 19, 40, "accept")]
    qtbot.waitUntil(lambda: "0 disagreements and 0 unanimous to decide, 3 decided"
                    in view.summary.text())
    assert not view.unanimous_button.isEnabled()

    win.undo_stack.undo()  # every unanimous place at once, then the reject, then the accept
    assert gold(project, article) == [("claim", 19, 40, "accept")]
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert project.decisions() == [] and gold(project, article) == []
    qtbot.waitUntil(lambda: [r[-1] for r in rows(view)] == ["missing in bob", "extents differ",
                                                             "unanimous"])
    win.undo_stack.redo()
    assert gold(project, article) == [("claim", 19, 40, "accept")]


def test_edit_takes_the_panes_selection(adjudicating, qtbot):
    win, view, project, article = adjudicating
    win.open_article_at(article.id, 0)
    view.table.selectRow(1)
    win.panes[0].view.select_codepoints(23, 40)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    [made] = [a for a in project.annotations(article.id) if a.annotator == "gold"]
    assert (made.tag, made.text, made.attributes["decision"]) == ("claim", "bridge will close",
                                                                   "edit")
    assert win.panes[0].view.store.by_id.get(made.id) is not None  # shown in the pane


def test_a_refusal_is_said_not_raised(adjudicating, qtbot):
    win, view, project, article = adjudicating
    view.table.selectRow(1)  # the claims
    bobs = [a for a in project.annotations(article.id) if a.annotator == "bob" and a.tag == "claim"]
    project.set_extent(bobs[0].id, 20, 40)  # changed before the list has refreshed
    view.accept_coder(0)
    assert "changed since the places were listed" in view.message.text()
    assert project.decisions() == [] and not win.undo_stack.canUndo()
