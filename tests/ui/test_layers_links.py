"""Annotator layers, continued: the links of hidden layers (the Links table, the drawn links,
annotator: in the Links filter), Alt+Down / Alt+Up over shown spans only, the gold layer's
style and name, and the Annotators menu staying open while ticking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from annotator.storage.project import Project
from annotator.ui.team.layers import GOLD_STYLE, MINE, SOME, Choice
from annotator.ui.team.layers_paint import GOLD_DARKER, gold_box_lines
from annotator.ui.annotating.table_filter import LinkFilter

from .conftest import LEFT
from .test_layers import _window, team  # noqa: F401  (the fixture, used by name)

pytestmark = pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                                       "does not support propagateSizeHints")


def _ids(project: Project, article_id: str) -> dict[tuple[str, str], str]:
    """(annotator, text) -> annotation id."""
    return {(a.annotator, a.text): a.id for a in project.annotations(article_id)}


@pytest.fixture
def linked(team):  # noqa: F811
    """The team project with four links: alice's between her spans, bob's between his, bob's
    between two of alice's spans, and alice's from her span to one of bob's."""
    left = team.articles()[0].id
    ids = _ids(team, left)
    ortiz, claim = ids[("alice", "Zoë Ortiz")], ids[("alice", "the bridge 🌉 is safe")]
    mayor, raj = ids[("bob", "Mayor 👩‍⚖️ Zoë Ortiz")], ids[("bob", "Raj Patel")]
    links = {"alice's": team.add_link(claim, ortiz, "elaborates").id,
             "alice to bob": team.add_link(ortiz, mayor, "same").id}
    bob = Project(team.path, annotator="bob")
    links["bob's"] = bob.add_link(mayor, raj, "contradicts").id
    links["bob on alice"] = bob.add_link(ortiz, claim, "contradicts").id
    bob.close()
    return team, {v: k for k, v in links.items()}


def _rows(win, names: dict[str, str]) -> list[str]:
    model = win.linking.panel.model
    return sorted(names[model.link(r).id] for r in range(model.rowCount()))


def _drawn(win, names: dict[str, str]) -> list[str]:
    return sorted(names[s.link.id] for s in win.linking.overlay.segments())


# -- links of hidden layers ---------------------------------------------------------------------
def test_links_of_hidden_layers_are_neither_listed_nor_drawn(qtbot, linked, settings):
    project, names = linked
    win = _window(qtbot, project, settings)
    index = win.linking.index
    qtbot.waitUntil(lambda: len(index.links) == 4)
    everything = sorted(names.values())
    assert _rows(win, names) == everything and _drawn(win, names) == everything
    win.layers.choose(Choice(MINE))  # alice alone: her link between her own spans
    assert {names[i] for i in index.visible_ids()} == {"alice's"}
    assert _rows(win, names) == ["alice's"] and _drawn(win, names) == ["alice's"]
    assert win.linking.panel.count.text() == "1 of 4"
    win.layers.choose(Choice(SOME, frozenset({"bob"})))  # bob's link on alice's spans: hidden
    assert _rows(win, names) == ["bob's"] and _drawn(win, names) == ["bob's"]
    win.layers.choose(Choice(SOME, frozenset({"alice", "bob"})))
    assert _rows(win, names) == everything and _drawn(win, names) == everything


def test_links_filter_takes_annotator(qtbot, linked, settings):
    project, names = linked
    win = _window(qtbot, project, settings)
    qtbot.waitUntil(lambda: len(win.linking.index.links) == 4)
    panel = win.linking.panel
    panel.text_filter.setText("annotator:bob")
    assert _rows(win, names) == ["bob on alice", "bob's"]
    panel.text_filter.setText('annotator:"alice" raj')  # words search the ends' texts too
    assert _rows(win, names) == []
    panel.text_filter.setText("annotator:ali mayor")
    assert _rows(win, names) == ["alice to bob"]
    panel.text_filter.setText("annotator:alice annotator:bob")
    assert len(_rows(win, names)) == 4
    win.layers.choose(Choice(MINE))
    panel.text_filter.setText("annotator:bob")  # bob hidden: the filter finds none of his
    assert _rows(win, names) == []


def test_link_filter_parses_like_the_annotations_filter():
    f = LinkFilter('annotator:"Bob Smith" Cracks  actor:x')
    assert f.annotators == [("bob smith", True)] and f.words == "cracks actor:x"
    assert f.passes("Bob Smith", "the CRACKS actor:x here") and not f.passes("bob", "cracks actor:x")
    plain = LinkFilter("  Raj ")
    assert plain.annotators == [] and plain.words == "raj" and plain.passes("anyone", "Raj P")
    assert not LinkFilter("")


# -- Alt+Down / Alt+Up --------------------------------------------------------------------------
def test_next_annotation_skips_hidden_layers(qtbot, team, settings):  # noqa: F811
    win = _window(qtbot, team, settings)
    assert win.active_pane() is win.panes[0]

    def visit(forward: bool, times: int) -> list[str]:
        seen = []
        for _ in range(times):
            win.ops.goto(forward)
            seen.append(win.ops.current_annotation()[1].text)
        return seen

    everyone = visit(True, 4)
    assert sorted(everyone) == sorted(["Mayor 👩‍⚖️ Zoë Ortiz", "Zoë Ortiz",
                                       "the bridge 🌉 is safe", "Raj Patel"])
    win.layers.choose(Choice(MINE))
    assert visit(True, 3) == ["Zoë Ortiz", "the bridge 🌉 is safe", "Zoë Ortiz"]
    assert visit(False, 2) == ["the bridge 🌉 is safe", "Zoë Ortiz"]
    win.layers.choose(Choice(SOME, frozenset({"bob"})))  # alice's span unselected: from there
    assert visit(True, 3) == ["Raj Patel", "Mayor 👩‍⚖️ Zoë Ortiz", "Raj Patel"]
    assert visit(False, 1) == ["Mayor 👩‍⚖️ Zoë Ortiz"]


# -- the gold layer -----------------------------------------------------------------------------
@pytest.fixture
def adjudicated(team):  # noqa: F811
    """The team project with a gold layer: bob's "Mayor … Zoë Ortiz" accepted over alice's
    shorter span, and alice's claim accepted (one coder only)."""
    left = team.articles()[0].id
    ids = _ids(team, left)
    for place in team.adjudication_places(left):
        spans = {s.id for s in place.spans}
        if ids[("bob", "Mayor 👩‍⚖️ Zoë Ortiz")] in spans:
            team.decide(place, "accept", source_ids=[ids[("bob", "Mayor 👩‍⚖️ Zoë Ortiz")]])
        elif ids[("alice", "the bridge 🌉 is safe")] in spans:
            team.decide(place, "accept", source_ids=[ids[("alice", "the bridge 🌉 is safe")]])
    assert {a.text for a in team.annotations(left) if a.annotator == "gold"} == \
        {"Mayor 👩‍⚖️ Zoë Ortiz", "the bridge 🌉 is safe"}
    return team


def _box_pixels(view, phrase: str, color: QColor) -> int:
    """Pixels of the gold box's colour on the box's top and bottom lines around a phrase."""
    start = view.text.index(phrase)
    image = view.viewport().grab().toImage()
    found = 0
    for a, b in gold_box_lines(view.span_rects(start, start + len(phrase))):
        if abs(a.y() - b.y()) > 0.1:
            continue  # the sides
        for x in range(int(a.x()) + 3, int(b.x()) - 3):
            for dy in (-1, 0, 1):
                c = image.pixelColor(x, round(a.y()) + dy)
                if abs(c.red() - color.red()) + abs(c.green() - color.green()) + \
                        abs(c.blue() - color.blue()) < 50:
                    found += 1
                    break
    return found


def test_gold_layer_is_boxed_and_named(qtbot, adjudicated, settings):
    win = _window_of(qtbot, adjudicated, settings, spans=6)
    view = win.panes[0].view
    assert win.layers.known == {"alice", "bob", "gold"}
    assert view.layer_styles == {"bob": 0, "gold": GOLD_STYLE}
    dark = QColor(win.session.tag_colors["actor"]).darker(GOLD_DARKER)
    assert _box_pixels(view, "Mayor 👩‍⚖️ Zoë Ortiz", dark) > 40
    assert _box_pixels(view, "Raj Patel", dark) < 5  # bob's alone: not gold
    win.layers._fill()
    texts = [a.text() for a in win.layers.menu.actions() if a.text()]
    assert texts[:6] == ["All annotators", "Only mine (alice)", "Only gold (adjudicated)",
                         "alice (you)", "bob", "gold (adjudicated)"]
    assert texts[-3:] == ["alice: filled with the tag's colour",
                          "bob: underlined in the tag's colour, this pattern",
                          "gold (adjudicated): boxed, the tag's colour darker"]  # the legend
    only_gold = next(a for a in win.layers.menu.actions() if a.text().startswith("Only gold"))
    only_gold.trigger()
    assert win.layers.choice == Choice(SOME, frozenset({"gold"}))
    assert view.store.shown == {"gold"} and view.layer_styles == {}  # alone: filled
    assert win.layers.button.text() == "Annotators: only gold"
    assert sorted(a.text for a in view.store.overlapping(0, len(LEFT))) == \
        ["Mayor 👩‍⚖️ Zoë Ortiz", "the bridge 🌉 is safe"]


def _window_of(qtbot, project, settings, spans: int):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    win = MainWindow(Session(project), settings, annotator_given=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    view = win.panes[0].view
    qtbot.waitUntil(lambda: len(view.store) == spans and not view.loading)
    return win


# -- the menu stays open ------------------------------------------------------------------------
def test_menu_stays_open_while_ticking(qtbot, team, settings):  # noqa: F811
    win = _window(qtbot, team, settings)
    menu = win.layers.menu
    menu.popup(win.mapToGlobal(QPoint(40, 40)))
    qtbot.waitExposed(menu)

    def click(text: str) -> None:
        action = next(a for a in menu.actions() if a.text() == text)
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        qtbot.wait(20)  # the menu's entries are made again at the next turn

    click("bob")
    assert menu.isVisible() and win.layers.choice == Choice(SOME, frozenset({"alice"}))
    click("alice (you)")
    assert menu.isVisible() and win.layers.choice == Choice(SOME, frozenset())
    click("bob")
    assert menu.isVisible() and win.layers.choice == Choice(SOME, frozenset({"bob"}))
    checked = {a.text(): a.isChecked() for a in menu.actions() if a.isCheckable()}
    assert checked == {"All annotators": False, "Only mine (alice)": False, "alice (you)": False,
                       "bob": True}
    QTest.keyClick(menu, Qt.Key.Key_Escape)
    assert not menu.isVisible()
