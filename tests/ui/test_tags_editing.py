"""The tag editor (Annotate › Tags…) in the real window: every change is written, undoable, and
shown at once by the toolbar (buttons, keys), the annotations table's tag filter and the panes;
every refusal is one sentence in the dialog with nothing changed."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog
from ui_helpers import select

from annotator.storage.project import Project
from annotator.ui.dialogs.tags_dialog import DESCRIPTION, KEY, NAME, TagsDialog
from annotator.ui.window_actions import toolbar_menu


def db_tags(project) -> list[tuple]:
    con = sqlite3.connect(project.path)
    try:
        return con.execute("SELECT name, color, shortcut, description FROM tags "
                           "ORDER BY position").fetchall()
    finally:
        con.close()


def toolbar(window) -> list[tuple[str, str]]:
    """(text, key) of the tag buttons on the toolbar, in order."""
    return [(a.text(), a.shortcut().toString()) for a in window.tag_bar.actions()
            if a is not window.tag_bar_end and a in window.actions_.values()
            and any(a is x for k, x in window.actions_.items() if k.startswith("tag:"))]


def filter_items(window) -> list[str]:
    combo = window.annotations_panel.tag_filter
    return [combo.itemText(i) for i in range(1, combo.count())]


@pytest.fixture
def dialog(window, qtbot):
    d = TagsDialog(window)
    qtbot.addWidget(d)
    d.show()
    return d


def edit_cell(qtbot, dialog, row: int, column: int, text: str) -> None:
    """Type into a cell as the user would (the change is made once the editor has closed)."""
    dialog.table.item(row, column).setText(text)
    qtbot.wait(10)


def test_a_new_project_has_the_three_default_tags(tmp_path):
    with Project(tmp_path / "new.sqlite") as project:
        assert [(t.name, t.shortcut) for t in project.tags()] == \
            [("claim", "1"), ("quote", "2"), ("actor", "3")]


def test_add_name_and_key_a_tag_then_use_it(window, dialog, qtbot):
    project = window.session.project
    assert toolbar(window) == [("claim", "1"), ("quote", "2"), ("actor", "3")]
    qtbot.mouseClick(dialog.buttons["add"], Qt.MouseButton.LeftButton)
    assert [t[0] for t in db_tags(project)] == ["claim", "quote", "actor", "new tag"]
    assert dialog.table.rowCount() == 4
    edit_cell(qtbot, dialog, 3, NAME, "source")
    edit_cell(qtbot, dialog, 3, KEY, "4")
    edit_cell(qtbot, dialog, 3, DESCRIPTION, "Where a claim comes from")
    assert db_tags(project)[3] == ("source", "#8e44ad", "4", "Where a claim comes from")
    assert toolbar(window)[-1] == ("source", "4")
    assert filter_items(window) == ["claim", "quote", "actor", "source"]
    assert dialog.message.text() == ""
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    left = window.panes[0]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_4)
    (annotation,) = project.annotations(left.article_id)
    assert annotation.tag == "source" and annotation.text == "Raj Patel"
    # Each change was one step: undo the span, the description, the key, the name, the tag.
    stack = window.undo_stack
    for _ in range(5):
        stack.undo()
    assert [t[0] for t in db_tags(project)] == ["claim", "quote", "actor"]
    assert toolbar(window) == [("claim", "1"), ("quote", "2"), ("actor", "3")]
    assert filter_items(window) == ["claim", "quote", "actor"]


def test_a_key_moved_to_another_tag_tags_with_the_new_one(window, dialog, qtbot):
    project = window.session.project
    edit_cell(qtbot, dialog, 0, KEY, "")        # claim: no key
    edit_cell(qtbot, dialog, 1, KEY, "1")       # quote: 1
    assert [(t[0], t[2]) for t in db_tags(project)] == \
        [("claim", None), ("quote", "1"), ("actor", "3")]
    assert toolbar(window) == [("claim", ""), ("quote", "1"), ("actor", "3")]
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    left = window.panes[0]
    select(left, "Stay off the east walkway.")
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    assert [a.tag for a in project.annotations(left.article_id)] == ["quote"]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_2)  # no tag has this key any more
    assert len(project.annotations(left.article_id)) == 1


def test_rename_and_recolour_show_in_table_panes_and_toolbar(window, dialog, qtbot, monkeypatch):
    project = window.session.project
    left = window.panes[0]
    start = left.view.text.index("Raj Patel")
    project.add_annotation(left.article_id, start, start + len("Raj Patel"), "actor")
    edit_cell(qtbot, dialog, 2, NAME, "person")
    assert [t[0] for t in db_tags(project)] == ["claim", "quote", "person"]
    model = window.annotations_panel.model
    assert model.data(model.index(0, 0)) == "person"
    assert [a.tag for a in left.view.store.ordered()] == ["person"]
    assert toolbar(window)[2] == ("person", "3")
    dialog.table.selectRow(2)
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#112233"))
    qtbot.mouseClick(dialog.buttons["colour"], Qt.MouseButton.LeftButton)
    assert db_tags(project)[2][1] == "#112233"
    assert left.view.palette_.color("person").name() == "#112233"
    icon = window.actions_["tag:person"].icon().pixmap(14, 14).toImage()
    assert QColor(icon.pixel(7, 7)).name() == "#112233"
    left.view.viewport().repaint()
    block = left.view.document().findBlock(left.view.offsets.to_utf16(start))
    (painted,) = [r for r in block.layout().formats() if r.length == len("Raj Patel")]
    assert painted.format.background().color().rgb() == QColor("#112233").rgb()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert db_tags(project)[2][:2] == ("actor", "#2e9e5b")
    assert model.data(model.index(0, 0)) == "actor"


@pytest.mark.parametrize("column,text,said", [
    (KEY, "b", "the key 'b' is kept for “Not part of the article”"),
    (KEY, "A", "the key 'A' is kept for "),  # speaker, tag every mention, link: other helpers
    (KEY, "l", "the key 'l' is kept for "),
    (KEY, "M", "the key 'M' is kept for "),
    (KEY, "e", "the key 'e' is kept for “Set extent to selection”"),
    (KEY, "2", "the key '2' already tags as 'quote'"),
    (KEY, "12", "a tag's key is one character, not '12'"),
    (NAME, "Quote", "there is already a tag 'quote'"),
    (NAME, "", "a tag name must be 1 to 100 characters without control characters, not ''"),
    (NAME, "not-article", "the tag 'not-article' is made by Annotate › Not part of the "
                          "article (B)"),
    (0, "#12", "a tag colour looks like #d9534f, not '#12'"),
])
def test_refusals_are_said_in_one_sentence_and_change_nothing(window, dialog, qtbot, column,
                                                              text, said):
    project = window.session.project
    before = db_tags(project)
    edit_cell(qtbot, dialog, 0, column, text)
    assert dialog.message.text().startswith(f"Not changed: {said}")
    assert dialog.message.text().endswith(".") and dialog.message.text().count(": ") == 1
    assert db_tags(project) == before
    assert not window.undo_stack.canUndo()
    assert toolbar(window) == [("claim", "1"), ("quote", "2"), ("actor", "3")]
    # The cell shows the stored value again.
    assert dialog.table.item(0, NAME).text() == "claim"
    assert dialog.table.item(0, KEY).text() == "1"


def test_reorder_and_delete_and_their_undo(window, dialog, qtbot):
    project = window.session.project
    dialog.table.selectRow(2)
    qtbot.mouseClick(dialog.buttons["up"], Qt.MouseButton.LeftButton)
    assert [t[0] for t in db_tags(project)] == ["claim", "actor", "quote"]
    assert [t for t, _ in toolbar(window)] == ["claim", "actor", "quote"]
    assert filter_items(window) == ["claim", "actor", "quote"]
    assert dialog.current().name == "actor"  # the selection followed the tag
    qtbot.mouseClick(dialog.buttons["up"], Qt.MouseButton.LeftButton)
    assert [t[0] for t in db_tags(project)] == ["actor", "claim", "quote"]
    assert not dialog.buttons["up"].isEnabled()
    # A used tag cannot go; an unused one can, and undo puts it back in its place.
    left = window.panes[0]
    start = left.view.text.index("Raj Patel")
    project.add_annotation(left.article_id, start, start + 9, "actor")
    qtbot.mouseClick(dialog.buttons["delete"], Qt.MouseButton.LeftButton)
    assert dialog.message.text() == \
        "Not changed: the tag 'actor' is used by 1 annotation; retag them first."
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.buttons["delete"], Qt.MouseButton.LeftButton)
    assert [t[0] for t in db_tags(project)] == ["actor", "quote"]
    assert [t for t, _ in toolbar(window)] == ["actor", "quote"]
    assert "claim" not in filter_items(window)
    qtbot.mouseClick(dialog.buttons["undo"], Qt.MouseButton.LeftButton)
    assert [t[0] for t in db_tags(project)] == ["actor", "claim", "quote"]
    assert [dialog.table.item(r, NAME).text() for r in range(3)] == ["actor", "claim", "quote"]
    assert [t for t, _ in toolbar(window)] == ["actor", "claim", "quote"]


def test_tags_editor_from_the_menu_and_the_toolbar(window, monkeypatch):
    shown = []
    monkeypatch.setattr(TagsDialog, "exec", lambda self: shown.append(self) or 0)
    annotate = next(a.menu() for a in window.menuBar().actions()
                    if a.text().replace("&", "") == "Annotate")
    entries = [a.text() for a in annotate.actions()]
    assert "&Tags…" in entries and "&Not part of the article" in entries
    window.actions_["tags"].trigger()
    assert len(shown) == 1
    menu = toolbar_menu(window)  # what a right click on the toolbar shows
    assert menu.actions()[0] is window.actions_["tags"]
    assert window.tag_bar.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu


def test_the_table_filtered_on_a_tag_that_is_renamed_shows_all_rows(window, dialog, qtbot):
    project = window.session.project
    left = window.panes[0]
    start = left.view.text.index("Raj Patel")
    project.add_annotation(left.article_id, start, start + len("Raj Patel"), "claim")
    combo = window.annotations_panel.tag_filter
    combo.setCurrentIndex(combo.findText("claim"))
    assert window.annotations_panel.model.rowCount() == 1
    edit_cell(qtbot, dialog, 0, NAME, "assertion")
    assert combo.currentText() == "All tags"
    model = window.annotations_panel.model
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["assertion"]
