"""The window around the annotating: panes, panels, model, layout memory, import and export."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_helpers import select

from annotator.domain.model import Annotation
from annotator.ui.annotating.annotation_table import AnnotationTableModel


def test_first_launch_shows_two_articles_side_by_side(window):
    assert [p.article_id is not None for p in window.panes] == [True, True]
    titles = [p.chooser.currentText() for p in window.panes]
    assert titles == ["Bridge safe, says mayor", "Engineer contradicts mayor"]
    assert window.articles_panel.tree.topLevelItemCount() == 2


def test_table_model_passes_qtmodeltester(qtmodeltester):
    model = AnnotationTableModel()
    items = [Annotation(f"id{i}", "art", tag, i, i + 3, "abc", "n", "me", "t", "t")
             for i, tag in enumerate(["claim", "quote", "actor", "claim"])]
    model.set_colors({"claim": "#d9534f"})
    model.set_articles([("art", "Title", items)])
    qtmodeltester.check(model)
    model.apply_changes("art", [items[0]._replace(tag="actor")], [items[1].id])
    model.set_filter("claim", "")
    assert [model.annotation(r).id for r in range(model.rowCount())] == ["id3"]
    qtmodeltester.check(model)


def test_table_filters_by_tag_and_text(window, qtbot):
    left = window.panes[0]
    for phrase, key in (("Zoë Ortiz", Qt.Key.Key_3), ("the bridge 🌉 is safe", Qt.Key.Key_1)):
        select(left, phrase)
        qtbot.keyClick(left.view, key)
    panel = window.annotations_panel
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("actor"))
    assert [panel.model.annotation(r).text for r in range(panel.model.rowCount())] == ["Zoë Ortiz"]
    panel.tag_filter.setCurrentIndex(0)
    panel.text_filter.setText("BRIDGE")
    assert [panel.model.annotation(r).text for r in range(panel.model.rowCount())] == \
        ["the bridge 🌉 is safe"]
    assert "(1 shown)" in window.counts_label.text()


def test_note_typed_into_the_table_is_saved_and_undoable(window, qtbot):
    left = window.panes[0]
    select(left, "Zoë Ortiz")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    model = window.annotations_panel.model
    assert model.setData(model.index(0, 2), "the mayor")
    qtbot.waitUntil(lambda: window.session.project.annotations(left.article_id)[0].note == "the mayor")
    assert model.data(model.index(0, 2)) == "the mayor"
    window.undo_stack.undo()
    assert window.session.project.annotations(left.article_id)[0].note == ""


def test_panes_can_be_added_switched_and_closed(window, qtbot):
    assert window.add_pane() is not None
    third = window.panes[2]
    window.open_article_at(window.session.articles[1].id, 2)
    assert third.article_id == window.session.articles[1].id
    window.next_pane()
    assert window.active == 0
    third.close_button.click()
    assert len(window.panes) == 2


def test_layout_and_open_articles_are_restored(qtbot, ui_project, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    first = MainWindow(Session(ui_project), settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.minimumSizeHint().width() + 13, 540)  # the offscreen screen is 800x600
    size = (first.width(), first.height())
    first.open_article_at(first.session.articles[1].id, 0)  # right article in both panes
    first.set_active(1)
    first.annotations_dock.hide()
    first.actions_["sync"].setChecked(True)
    first.close()
    second = MainWindow(Session(ui_project), settings)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == size
    assert [p.article_id for p in second.panes] == [ui_project.articles()[1].id] * 2
    assert second.active == 1
    assert second.annotations_dock.isHidden()
    assert second.actions_["sync"].isChecked()


def test_sync_scrolling_aligns_panes_proportionally(window, qtbot, tmp_path):
    from annotator.domain.model import ParsedArticle

    long_a = "\n".join(f"Line {i} of the first report." for i in range(400))
    long_b = "\n".join(f"Line {i}." for i in range(200))
    project = window.session.project
    ids = [project.add_article(ParsedArticle(text=t, title=t[:6]))[0].id for t in (long_a, long_b)]
    window.open_article_at(ids[0], 0)
    window.open_article_at(ids[1], 1)
    window.actions_["sync"].setChecked(True)
    left_bar = window.panes[0].view.verticalScrollBar()
    right_bar = window.panes[1].view.verticalScrollBar()
    left_bar.setValue(left_bar.maximum() // 2)
    assert abs(right_bar.value() / right_bar.maximum() - 0.5) < 0.05
    window.actions_["sync"].setChecked(False)
    left_bar.setValue(0)
    assert right_bar.value() > 0


def test_import_through_the_window_gathers_errors(window, qtbot, tmp_path, monkeypatch):
    (tmp_path / "new.txt").write_text("Ferry service resumes\n\nBoats sail again.", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "pic.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()))
    window.files.import_paths([tmp_path / "new.txt", tmp_path / "empty.txt", tmp_path / "pic.html"])
    assert [a.title for a in window.session.project.articles()][-1] == "Ferry service resumes"
    assert window.articles_panel.tree.topLevelItemCount() == 3
    (details,) = shown
    assert "empty.txt" in details and "pic.html" in details and "binary" in details
    assert "Imported 1 new article" in window.statusBar().currentMessage()


def test_export_through_the_window(window, qtbot, tmp_path):
    left = window.panes[0]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    target = tmp_path / "out.json"
    window.files.export_to(target, wait=True)
    qtbot.waitUntil(lambda: "Exported 2 articles and 1 annotation to" in window.statusBar().currentMessage())
    doc = json.loads(target.read_bytes())
    (a,) = doc["articles"][0]["annotations"]
    assert doc["articles"][0]["text"][a["start"]:a["end"]] == "Raj Patel"


def test_article_details_can_be_edited_and_undone(window, qtbot, monkeypatch):
    from annotator.ui.annotating.details_dialog import DetailsDialog

    def fake_exec(dialog):
        dialog.edits["title"].setText("Mayor says bridge is safe")
        dialog.edits["source"].setText("Harbour Gull")
        return True

    monkeypatch.setattr(DetailsDialog, "exec", fake_exec)
    left = window.panes[0]
    text_before = window.session.project.article(left.article_id).text
    window.ops.edit_details(left)
    article = window.session.project.article(left.article_id)
    assert (article.title, article.source, article.text) == ("Mayor says bridge is safe",
                                                             "Harbour Gull", text_before)
    assert left.chooser.currentText() == "Mayor says bridge is safe"
    assert left.meta.text().startswith("Harbour Gull")
    window.undo_stack.undo()
    article = window.session.project.article(left.article_id)
    assert (article.title, article.source) == ("Bridge safe, says mayor", "Gull")


def test_files_dropped_on_the_window_are_imported(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    dropped = tmp_path / "dropped.md"
    dropped.write_text("# Dropped report\n\nA *third* outlet's words.\n", "utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(window.session.project.articles()) == 3)
    assert window.session.project.articles()[-1].title == "Dropped report"


def test_find_in_article_selects_the_match(window, qtbot):
    left = window.panes[0]
    left.view.setFocus()
    qtbot.keyClick(left.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert left.find_bar.isVisible()
    qtbot.keyClicks(left.find_bar.edit, "Raj")
    assert left.view.text[slice(*left.view.selection_codepoints())] == "Raj"
    left.find_bar.edit.setText("no such words")
    assert left.find_bar.status.text() == "not found"


def test_switching_to_another_project_opens_it(window, qtbot, tmp_path, monkeypatch):
    from annotator.ui import app

    monkeypatch.setattr(app, "_windows", [])
    other = tmp_path / "other.sqlite"
    window.resize(window.minimumSizeHint().width() + 17, 533)  # (the offscreen screen: 800x600)
    size = window.size()
    app._switch(window, str(other))
    (new,) = app._windows
    qtbot.addWidget(new)
    assert new.session.project.path == other.resolve()
    assert new.windowTitle().startswith("other.sqlite")
    assert other.exists()
    assert new.size() == size  # (in place of the old window, not as the last one closed was)


def test_find_next_and_previous_with_enter_and_shift_enter(window, qtbot):
    from annotator.domain.model import ParsedArticle

    project = window.session.project
    article_id = project.add_article(ParsedArticle(text="one two one three one", title="x"))[0].id
    window.open_article_at(article_id, 0)
    pane = window.panes[0]
    pane.find_bar.open()
    qtbot.keyClicks(pane.find_bar.edit, "one")
    assert pane.view.selection_codepoints() == (0, 3)
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return)
    assert pane.view.selection_codepoints() == (8, 11)
    qtbot.keyClick(pane.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.view.selection_codepoints() == (0, 3)


def test_deleting_an_article_is_backed_up_and_undoable(window, qtbot):
    from annotator.storage.files.backup import list_backups

    left = window.panes[0]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    article_id = left.article_id
    window.ops.delete_article(article_id, confirm=False)
    project = window.session.project
    assert [a.id for a in project.articles()] == [window.panes[1].article_id]
    assert left.article_id is None and window.annotations_panel.model.total() == 0
    assert list_backups(project.path)[0].reason == "before-delete-article"
    window.undo_stack.undo()
    restored = project.articles()
    assert [a.id for a in restored][0] == article_id and restored[0].annotation_count == 1


def test_sorting_the_table_by_a_column_and_back_to_reading_order(window, qtbot):
    left = window.panes[0]
    for phrase, key in (("Zoë Ortiz", Qt.Key.Key_3), ("council’s engineer", Qt.Key.Key_1),
                        ("Visitors", Qt.Key.Key_2)):
        select(left, phrase)
        qtbot.keyClick(left.view, key)
    model = window.annotations_panel.model
    texts = lambda: [model.annotation(r).text for r in range(model.rowCount())]
    assert texts() == ["Zoë Ortiz", "council’s engineer", "Visitors"]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert texts() == ["council’s engineer", "Visitors", "Zoë Ortiz"]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    assert texts() == ["council’s engineer", "Raj Patel", "Visitors", "Zoë Ortiz"]
    model.sort(-1)
    assert texts()[0] == "Zoë Ortiz"
    assert model.data(model.index(0, 3)) == f"{left.view.text.index('Zoë')}–{left.view.text.index('Zoë') + 9}"


def test_retagging_from_the_table_stays_on_the_same_annotation(window, qtbot):
    left = window.panes[0]
    for phrase in ("Zoë Ortiz", "the bridge", "Raj Patel"):
        select(left, phrase)
        qtbot.keyClick(left.view, Qt.Key.Key_1)
    table = window.annotations_panel.table
    table.setFocus()
    table.selectRow(1)
    chosen = window.annotations_panel.model.annotation(1).id
    qtbot.keyClick(table, Qt.Key.Key_2)
    qtbot.keyClick(table, Qt.Key.Key_3)
    tags = {a.id: a.tag for a in window.session.project.annotations(left.article_id)}
    assert tags[chosen] == "actor"
    assert sorted(tags.values()) == ["actor", "claim", "claim"]
    assert window.annotations_panel.selected_ids() == [chosen]


def test_a_drag_inside_the_selection_starts_a_new_selection(window, qtbot):
    left = window.panes[0]
    start, end = select(left, "Raj Patel")
    inside = left.view.span_rects(start, end)[0]
    after = left.view.span_rects(end + 2, end + 11)[0]  # "disagreed"
    viewport = left.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=inside.center().toPoint())
    qtbot.mouseMove(viewport, pos=after.center().toPoint())
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=after.center().toPoint())
    s, e = left.view.clean_selection()
    assert start <= s < end and left.view.text[s:e].endswith("disagreed")


def test_nudges_snap_to_words_and_undo_as_one_step(window, qtbot):
    left = window.panes[0]
    text = left.view.text
    i = text.index("ncil")
    left.view.setFocus()
    left.view.select_codepoints(i, i + 6)  # "ncil’s": inside words at both ends
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    (a,) = window.session.project.annotations(left.article_id)
    assert a.text == "council’s"
    for _ in range(3):
        qtbot.keyClick(left.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.project.annotations(left.article_id)[0].text == "counci"
    assert window.selection_label.text().endswith("(6 characters)")
    window.undo_stack.undo()
    assert window.session.project.annotations(left.article_id)[0].text == "council’s"


def test_zoom_changes_and_remembers_the_text_size(window, qtbot, settings):
    size = window.panes[0].view.font().pointSizeF()
    qtbot.keyClick(window.panes[0].view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.panes[1].view.font().pointSizeF() == size + 1
    assert float(settings.qsettings.value("view/font-size")) == size + 1
    window.zoom(0)
    assert window.panes[0].view.font().pointSizeF() == size


def test_note_dialog_saves_with_ctrl_enter(qtbot):
    from annotator.ui.annotating.note_dialog import NoteDialog

    dialog = NoteDialog("Raj Patel", "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.edit, "first line")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.note() == "first line"


def test_regular_and_closing_backups(window, qtbot):
    from annotator.storage.files.backup import list_backups

    project = window.session.project
    window.autobackup.tick()  # nothing changed yet: no copy
    assert list_backups(project.path) == []
    left = window.panes[0]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    window.autobackup.tick()
    qtbot.waitUntil(lambda: len(list_backups(project.path)) == 1)
    assert list_backups(project.path)[0].reason == "auto"
    select(left, "Zoë Ortiz")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    window.close()
    reasons = [b.reason for b in list_backups(project.path)]
    assert reasons[0] == "at-close" and len(reasons) == 2


def test_restore_from_backup_in_the_window(window, qtbot, monkeypatch):
    from annotator.storage.files.backup import list_backups
    from annotator.ui import app
    from annotator.ui.dialogs.backups_ui import RestoreDialog

    project = window.session.project
    left = window.panes[0]
    select(left, "Raj Patel")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    project.backup("manual")
    select(left, "Zoë Ortiz")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    assert project.annotation_count() == 2
    monkeypatch.setattr(app, "_windows", [])
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: True)
    window.switchProject.connect(lambda path: app._switch(window, path))
    window.files.restore_backup()  # the dialog offers the newest copy first
    (new,) = app._windows
    qtbot.addWidget(new)
    assert new.session.project.annotation_count() == 1
    assert [b.reason for b in list_backups(project.path)].count("replaced") == 1


def test_a_first_launch_fits_a_small_screen(window):
    """1400 x 900, or nine tenths of a smaller screen's room (title and status bars on it)."""
    from PySide6.QtCore import QSize

    from annotator.ui.layout_memory import first_size, fitted

    assert fitted(QSize(1920, 1080)) == QSize(1400, 900)
    assert fitted(QSize(1366, 740)) == QSize(1229, 666)
    assert fitted(QSize(1600, 800)) == QSize(1400, 720)
    assert first_size(window) == QSize(1400, 900)  # (offscreen: no screen to fit)
    assert window.size() == QSize(1400, 900)

