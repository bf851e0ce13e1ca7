"""Annotator layers: which annotators' spans the panes draw and the table lists, in which style,
the annotator: filter, and the choice remembered per project."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from annotator.domain.model import Annotation, ParsedArticle
from annotator.storage.project import Project
from annotator.ui.team.layers import ALL, GOLD_STYLE, MINE, SOME, Choice, plan
from annotator.ui.panes.span_store import SpanStore
from annotator.ui.annotating.table_filter import TableFilter

from .conftest import LEFT, RIGHT


# -- the choice and its plan (Qt-free) ----------------------------------------------------------
def test_plan_of_each_choice():
    known = {"alice", "bob", "gold"}
    everyone = plan(Choice(ALL), known, "alice")
    assert everyone.shown is None and everyone.primary == "alice"
    assert everyone.styles == {"bob": 0, "gold": GOLD_STYLE}  # gold: its own style
    mine = plan(Choice(MINE), known, "alice")
    assert mine.shown == {"alice"} and mine.styles == {} and not mine.layered
    others = plan(Choice(SOME, frozenset({"bob", "gold"})), known, "alice")
    assert others.shown == {"bob", "gold"} and others.primary == "bob"  # not mine: first by name
    assert others.styles == {"gold": GOLD_STYLE}
    gold_and_zed = plan(Choice(SOME, frozenset({"gold", "zed"})), known | {"zed"}, "alice")
    assert gold_and_zed.primary == "zed" and gold_and_zed.styles == {"gold": GOLD_STYLE}
    only_gold = plan(Choice(SOME, frozenset({"gold"})), known, "alice")
    assert only_gold.primary == "gold" and only_gold.styles == {}  # alone: filled
    assert Choice(SOME, frozenset({"gold"})).label(known, "alice") == "only gold"
    alone = plan(Choice(ALL), {"alice"}, "alice")
    assert alone.styles == {} and not alone.layered  # one coder: drawn exactly as before


def test_my_empty_layer_is_no_layer_beside_one_coders_imported_spans():
    """A new project, one coder's file imported ("unknown"), nothing tagged yet: their spans
    are drawn filled, as a single layer is, not as a second layer's underlines beside an empty
    one of mine; once I tag, there are two layers."""
    imported = plan(Choice(ALL), {"unknown"}, "root")
    assert imported.primary == "unknown" and imported.styles == {} and not imported.layered
    assert plan(Choice(ALL), set(), "root").primary == "root"  # (nothing at all: mine)
    both = plan(Choice(ALL), {"unknown", "root"}, "root")
    assert both.primary == "root" and both.styles == {"unknown": 0}


def test_toggling_names_and_back_to_all():
    known = {"alice", "bob"}
    choice = Choice(ALL).toggled("bob", known, "alice")
    assert choice == Choice(SOME, frozenset({"alice"}))
    assert choice.label(known, "alice") == "alice"
    assert choice.toggled("bob", known, "alice") == Choice(ALL)
    assert Choice.restored("some", ["bob", ""]) == Choice(SOME, frozenset({"bob"}))
    assert Choice.restored("nonsense", None) == Choice(ALL)
    assert Choice.restored(*Choice(MINE).saved()) == Choice(MINE)


def _ann(i: int, start: int, end: int, who: str) -> Annotation:
    return Annotation(f"id{i}", "art", "claim", start, end, "x", "", who, "t", "t")


def test_store_finds_only_shown_annotators_but_keeps_all():
    store = SpanStore([_ann(1, 0, 10, "alice"), _ann(2, 5, 15, "bob"), _ann(3, 20, 30, "bob")])
    store.shown = frozenset({"alice"})
    assert [a.id for a in store.overlapping(0, 40)] == ["id1"]
    assert [a.id for a in store.at(7)] == ["id1"]
    assert len(store) == 3 and [a.id for a in store.ordered()] == ["id1", "id2", "id3"]
    store.shown = None
    assert [a.id for a in store.overlapping(0, 40)] == ["id1", "id2", "id3"]


def test_filter_annotator_key():
    alice, bob = _ann(1, 0, 1, "alice"), _ann(2, 0, 1, "Bob Smith")
    assert TableFilter("annotator:ali").passes(alice, "", "")
    assert not TableFilter("annotator:ali").passes(bob, "", "")
    assert TableFilter('annotator:"bob smith"').passes(bob, "", "")
    assert not TableFilter('annotator:"bob"').passes(bob, "", "")  # quoted: the whole name
    either = TableFilter("annotator:alice annotator:bob")
    assert either.passes(alice, "", "") and either.passes(bob, "", "")


# -- in the window ------------------------------------------------------------------------------
ALICE = {"Zoë Ortiz": "actor", "the bridge 🌉 is safe": "claim"}
BOB = {"Mayor 👩‍⚖️ Zoë Ortiz": "actor", "Raj Patel": "actor"}


@pytest.fixture
def team(tmp_path):
    """One project file, annotated by alice (the window's user) and bob, each with a Project of
    their own on it."""
    path = tmp_path / "team.sqlite"
    alice = Project(path, annotator="alice")
    left, _ = alice.add_article(ParsedArticle(text=LEFT, title="Bridge safe", source="Gull"))
    alice.add_article(ParsedArticle(text=RIGHT, title="Engineer", source="Post"))
    bob = Project(path, annotator="bob")
    for who, spans in ((alice, ALICE), (bob, BOB)):
        for phrase, tag in spans.items():
            start = LEFT.index(phrase)
            who.add_annotation(left.id, start, start + len(phrase), tag)
    bob.close()
    yield alice
    alice.close()


def _window(qtbot, project, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    win = MainWindow(Session(project), settings, annotator_given=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    view = win.panes[0].view
    qtbot.waitUntil(lambda: len(view.store) == 4 and not view.loading)
    return win


def _texts(win) -> list[tuple[str, str]]:
    model = win.annotations_panel.model
    return [(model.annotation(r).annotator, model.annotation(r).text)
            for r in range(model.rowCount())]


def _underline_pixels(view, phrase: str, style: int, color: str) -> int:
    """How many pixels of the tag's colour lie on the row where a layer of this style draws
    its underline under the phrase."""
    from PySide6.QtGui import QFontMetricsF

    from annotator.ui.team.layers_paint import height_of, underline_y

    start = view.text.index(phrase)
    image = view.viewport().grab().toImage()
    want = QColor(color)
    found = 0
    for rect in view.span_rects(start, start + len(phrase)):
        y = int(underline_y(rect, height_of(style, QFontMetricsF(view.font()).descent())))
        for x in range(int(rect.left()) + 3, int(rect.right()) - 3):
            for dy in (-1, 0, 1):
                c = image.pixelColor(x, y + dy)
                if abs(c.red() - want.red()) + abs(c.green() - want.green()) + \
                        abs(c.blue() - want.blue()) < 60:
                    found += 1
                    break
    return found


def test_all_layers_mine_filled_bob_underlined(qtbot, team, settings):
    win = _window(qtbot, team, settings)
    view = win.panes[0].view
    assert win.layers.known == {"alice", "bob"}
    assert (view.layers_shown, view.layer_primary, view.layer_styles) == (None, "alice",
                                                                          {"bob": 0})
    assert len(_texts(win)) == 4
    # Bob's span alone is underlined in the actor colour; nothing fills it.
    actor = win.session.tag_colors["actor"]
    assert _underline_pixels(view, "Raj Patel", 0, actor) > 20
    block = view.document().findBlock(view.offsets.to_utf16(LEFT.index("Raj Patel")))
    raj = view.offsets.to_utf16(LEFT.index("Raj")) - block.position()
    assert not [r for r in block.layout().formats() if r.start <= raj < r.start + r.length]
    first = view.document().firstBlock()  # alice's spans there are filled
    ortiz = view.offsets.to_utf16(LEFT.index("Ortiz"))
    assert [r for r in first.layout().formats() if r.start <= ortiz < r.start + r.length]
    # The hover text names each span's annotator.
    html = view.tooltip_html(view.store.at(LEFT.index("Ortiz")))
    assert "— alice" in html and "— bob" in html


def test_only_mine_hides_bob_everywhere(qtbot, team, settings):
    win = _window(qtbot, team, settings)
    view = win.panes[0].view
    win.layers.choose(Choice(MINE))
    assert view.store.shown == {"alice"} and view.layer_styles == {}
    assert {who for who, _ in _texts(win)} == {"alice"}
    assert view.store.at(LEFT.index("Raj")) == []  # neither drawn nor clicked
    assert len(view.store) == 4  # kept: shown again without reading the project
    assert _underline_pixels(view, "Raj Patel", 0, win.session.tag_colors["actor"]) == 0
    assert "(2 shown)" in win.counts_label.text()


def test_bob_alone_is_filled(qtbot, team, settings):
    win = _window(qtbot, team, settings)
    view = win.panes[0].view
    win.layers.toggle("alice")
    assert win.layers.choice == Choice(SOME, frozenset({"bob"}))
    assert view.store.shown == {"bob"} and view.layer_styles == {}
    view.viewport().grab()
    block = view.document().findBlock(view.offsets.to_utf16(LEFT.index("Raj Patel")))
    starts = {view.offsets.to_codepoint(block.position() + r.start)
              for r in block.layout().formats()}
    assert LEFT.index("Raj Patel") in starts
    assert {who for who, _ in _texts(win)} == {"bob"}
    win.layers.toggle("alice")
    assert win.layers.choice == Choice(ALL) and len(_texts(win)) == 4


def test_table_filter_by_annotator(qtbot, team, settings):
    win = _window(qtbot, team, settings)
    win.annotations_panel.text_filter.setText("annotator:bob")
    assert sorted(_texts(win)) == [("bob", "Mayor 👩‍⚖️ Zoë Ortiz"), ("bob", "Raj Patel")]
    win.annotations_panel.text_filter.setText('annotator:"alice" bridge')
    assert _texts(win) == [("alice", "the bridge 🌉 is safe")]


def test_choice_is_remembered_per_project(qtbot, team, settings):
    win = _window(qtbot, team, settings)
    win.layers.choose(Choice(MINE))
    win.close()
    again = _window(qtbot, team, settings)
    assert again.layers.choice == Choice(MINE)
    assert again.panes[0].view.store.shown == {"alice"}
    assert again.layers.button.text() == "Annotators: only mine"


def test_menu_lists_annotators_with_their_styles(qtbot, team, settings):
    win = _window(qtbot, team, settings)
    win.layers._fill()
    texts = [a.text() for a in win.layers.menu.actions() if a.text()]
    assert texts[:4] == ["All annotators", "Only mine (alice)", "alice (you)", "bob"]
    checked = {a.text(): a.isChecked() for a in win.layers.menu.actions() if a.isCheckable()}
    assert checked == {"All annotators": True, "Only mine (alice)": False, "alice (you)": True,
                       "bob": True}
    assert win.layers.button_action.isVisible()


def test_a_merge_brings_a_new_annotator(qtbot, team, settings, tmp_path):
    win = _window(qtbot, team, settings)
    win.layers.choose(Choice(SOME, frozenset({"alice", "bob"})))
    other = Project(tmp_path / "carol.sqlite", annotator="carol")
    article, _ = other.add_article(ParsedArticle(text=LEFT, title="Bridge safe", source="Gull"))
    start = LEFT.index("council")
    other.add_annotation(article.id, start, start + len("council"), "claim")
    out = tmp_path / "carol.json"
    with out.open("wb") as f:
        other.write_export(f)
    other.close()
    win.session.project.merge_export_file(out)
    assert "carol" in win.layers.known
    view = win.panes[0].view
    qtbot.waitUntil(lambda: len(view.store) == 5 and not view.loading)
    assert view.store.at(start) == []  # not ticked: a new annotator waits to be chosen
    win.layers.toggle("carol")
    assert win.layers.choice == Choice(ALL)
    assert [a.annotator for a in view.store.at(start)] == ["carol"]
    assert view.layer_styles == {"bob": 0, "carol": 1}
