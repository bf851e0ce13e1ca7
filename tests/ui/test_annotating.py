"""Drive the real window offscreen: select text, press tag keys, undo and redo, retag, note,
extent; check the database rows, the exported slices and the highlight Qt paints."""

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from ui_helpers import exported, select


def db_rows(project):
    con = sqlite3.connect(project.path)
    try:
        return con.execute('SELECT a.id, a.start, a.end, a.text, t.name, a.note FROM annotations a '
                           'JOIN tags t ON t.id = a.tag_id ORDER BY a.start, a.end').fetchall()
    finally:
        con.close()


def painted_ranges(view, qtbot):
    """(UTF-16 start, length, background colour) of every highlight on the visible blocks."""
    view.viewport().repaint()
    found = []
    block = view.document().firstBlock()
    while block.isValid():
        for r in block.layout().formats():
            found.append((block.position() + r.start, r.length, r.format.background().color()))
        block = block.next()
    return found


def test_tag_key_after_emoji_and_cjk_stores_code_points(window, qtbot):
    left = window.panes[0]
    start, end = select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_3)  # 3 = actor
    (row,) = db_rows(window.session.project)
    assert row[1:5] == (start, end, "Raj Patel", "actor")
    # The text before the span holds astral characters, so Qt's units differ from code points:
    u16_start = len(left.view.text[:start].encode("utf-16-le")) // 2
    assert u16_start > start
    doc = exported(window.session.project)
    article = doc["articles"][0]
    (a,) = article["annotations"]
    assert article["text"][a["start"]:a["end"]] == "Raj Patel"
    highlights = painted_ranges(left.view, qtbot)
    assert [(s, n) for s, n, _ in highlights] == [(u16_start, len("Raj Patel"))]
    assert highlights[0][2].rgb() == QColor("#2e9e5b").rgb()


def test_selection_is_trimmed_and_never_splits_an_emoji(window, qtbot):
    left = window.panes[0]
    text = left.view.text
    flag = text.index("🇫🇷")
    # From inside the flag (between its two regional indicators) to a trailing space.
    left.view.select_codepoints(flag + 1, text.index("Visitors") + len("Visitors") + 1)
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    (row,) = db_rows(window.session.project)
    assert row[3] == "🇫🇷 Visitors" and row[4] == "claim"


def test_overlapping_spans_are_all_stored_and_painted(window, qtbot):
    left = window.panes[0]
    outer = select(left, "The council’s engineer, Raj Patel, disagreed.")
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    inner = select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_2)  # same extent, another tag
    spans = {(s, e, tag) for _, s, e, _, tag, _ in db_rows(window.session.project)}
    assert spans == {(*outer, "claim"), (*inner, "actor"), (*inner, "quote")}
    ranges = painted_ranges(left.view, qtbot)
    covered = sum(n for _, n, _ in ranges)
    assert covered == len("The council’s engineer, Raj Patel, disagreed.")
    inner_formats = [r for r in ranges if r[1] == len("Raj Patel")]
    assert len(inner_formats) == 1  # one segment, deeper tint for three levels
    assert inner_formats[0][2].alpha() > ranges[0][2].alpha()
    under = left.view.store.at(inner[0])
    assert [a.tag for a in under][-1] == "claim"


def test_undo_and_redo_follow_in_the_database(window, qtbot):
    left = window.panes[0]
    select(left, "Zoë Ortiz")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    (first,) = db_rows(window.session.project)
    step = window.undo_stack.undoText()
    qtbot.keyClick(left.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_rows(window.session.project) == []
    assert len(left.view.store) == 0 and window.annotations_panel.model.rowCount() == 0
    assert window.statusBar().currentMessage() == f"Undone: {step}"  # (said where one looks)
    qtbot.keyClick(left.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert db_rows(window.session.project) == [first]  # same id, same everything
    assert window.annotations_panel.model.rowCount() == 1
    assert window.statusBar().currentMessage() == f"Redone: {step}"


def test_click_retag_note_extent_delete_with_undo(window, qtbot, monkeypatch):
    left = window.panes[0]
    start, end = select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    (ident, *_rest) = db_rows(window.session.project)[0]
    # Click in the middle of the highlight: the annotation becomes current.
    window.ops.select("", left)
    rect = left.view.span_rects(start, end)[0]
    qtbot.mouseClick(left.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert window.ops.current == (left, ident)
    assert window.annotations_panel.selected_ids() == [ident]
    qtbot.keyClick(left.view, Qt.Key.Key_2)  # retag the current annotation
    assert db_rows(window.session.project)[0][4] == "quote"
    monkeypatch.setattr("annotator.ui.annotating.annotate_ops.ask_note", lambda *a, **k: ("engineer, named", True))
    qtbot.keyClick(left.view, Qt.Key.Key_F2)
    assert db_rows(window.session.project)[0][5] == "engineer, named"
    new_start, new_end = select(left, "engineer, Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_E)
    assert db_rows(window.session.project)[0][1:4] == (new_start, new_end, "engineer, Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # start +1
    assert db_rows(window.session.project)[0][3] == "ngineer, Raj Patel"
    qtbot.keyClick(left.view, Qt.Key.Key_Delete)
    assert db_rows(window.session.project) == []
    for expected in ("ngineer, Raj Patel", "engineer, Raj Patel", "Raj Patel"):
        qtbot.keyClick(left.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert db_rows(window.session.project)[0][3] == expected
    qtbot.keyClick(left.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # note undone
    qtbot.keyClick(left.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # retag undone
    assert db_rows(window.session.project)[0][4:] == ("claim", "")


def test_next_previous_annotation_and_hover_text(window, qtbot):
    left = window.panes[0]
    for phrase, key in (("Zoë Ortiz", Qt.Key.Key_3), ("Raj Patel", Qt.Key.Key_3)):
        select(left, phrase)
        qtbot.keyClick(left.view, key)
    window.ops.select("", left)
    cursor = left.view.textCursor()
    cursor.setPosition(0)
    left.view.setTextCursor(cursor)
    qtbot.keyClick(left.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    first = left.view.store.by_id[window.ops.current[1]]
    assert first.text == "Zoë Ortiz"
    qtbot.keyClick(left.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert left.view.store.by_id[window.ops.current[1]].text == "Raj Patel"
    html = left.view.tooltip_html(left.view.store.at(first.start))
    assert "actor" in html and "Zoë Ortiz" in html


def test_table_row_click_reveals_and_delete_key_removes_selection(window, qtbot):
    left = window.panes[0]
    for phrase in ("Zoë Ortiz", "Raj Patel"):
        select(left, phrase)
        qtbot.keyClick(left.view, Qt.Key.Key_3)
    table = window.annotations_panel.table
    table.setFocus()
    table.selectRow(0)
    assert left.view.current_id == window.annotations_panel.model.annotation(0).id
    table.selectAll()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert db_rows(window.session.project) == []
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(db_rows(window.session.project)) == 2


def test_whitespace_only_selection_is_not_tagged(window, qtbot):
    left = window.panes[0]
    text = left.view.text
    i = text.index("\n\n")
    left.view.setFocus()
    left.view.select_codepoints(i, i + 2)
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    assert db_rows(window.session.project) == []
    assert "only spaces" in window.statusBar().currentMessage()


def test_lone_punctuation_is_not_tagged(window, qtbot):
    left = window.panes[0]
    text = left.view.text
    i = text.index(",")
    left.view.setFocus()
    left.view.snap_words = False
    left.view.select_codepoints(i, i + 1)
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    assert db_rows(window.session.project) == []
    assert "no letter or digit" in window.statusBar().currentMessage()
