"""What a researcher tripped over in the window (issue 8), each checked on the real widgets."""

import json

from PySide6.QtCore import Qt
from ui_helpers import select

from annotator.ui.annotating.note_dialog import NoteDialog


def test_undoing_an_article_deletion_shows_it_again_in_its_pane(window, qtbot):
    left = window.panes[0]
    select(left, "Zoë Ortiz")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    article_id = left.article_id
    window.ops.delete_article(article_id, confirm=False)
    assert left.article_id is None
    window.undo_stack.undo()
    assert left.article_id == article_id
    assert "Zoë Ortiz" in left.view.toPlainText()
    qtbot.waitUntil(lambda: len(left.view.store.overlapping(0, len(left.view.text))) == 1)


def test_merging_an_export_says_what_it_did_and_keeps_the_tag_filter(window, qtbot, tmp_path):
    panel = window.annotations_panel
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("actor"))
    article = window.session.project.article(window.panes[1].article_id)
    start = article.text.index("Raj Patel")
    doc = {"format": "annotator-export", "version": 1, "articles": [{
        "id": article.id, "title": article.title, "text": article.text, "annotations": [{
            "id": "merged-1", "tag": "actor", "start": start, "end": start + 9,
            "text": "Raj Patel", "note": "", "annotator": "colleague",
            "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z"}]}]}
    path = tmp_path / "colleague.json"
    path.write_text(json.dumps(doc), "utf-8")
    window.files.import_paths([path])
    message = window.statusBar().currentMessage()
    assert "colleague.json: 1 annotation added, 0 updated, 0 already there" in message
    assert panel.tag_filter.currentData() == "actor"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)  # the pane shows the merged span too
    assert len(window.panes[1].view.store) == 1


def test_f2_on_a_note_puts_the_cursor_after_the_old_text(qtbot):
    dialog = NoteDialog("Raj Patel", "engineer")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.edit, ", named")
    assert dialog.note() == "engineer, named"


def test_counts_are_worded_one_way(window, qtbot):
    window.add_pane()  # three panes, two articles
    assert window.counts_label.text() == "2 articles · 2 open in 3 panes · 0 annotations"
    tree = window.articles_panel.tree
    assert tree.headerItem().text(2) == "Annotations"
    left = window.panes[0]
    select(left, "Zoë Ortiz")
    qtbot.keyClick(left.view, Qt.Key.Key_3)
    counts = sorted(tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount()))
    assert counts == ["0", "1"]
    assert window.counts_label.text() == "2 articles · 2 open in 3 panes · 1 annotation"


def test_a_long_author_never_widens_the_pane(window, qtbot):
    left = window.panes[0]
    before = left.minimumSizeHint().width()
    window.session.update_article(left.article_id, {"author": "Correspondent " * 60,
                                                     "source": "The Very Long Name " * 10})
    assert left.meta.full.startswith("The Very Long Name")
    assert left.minimumSizeHint().width() <= before
    assert left.meta.fontMetrics().horizontalAdvance(left.meta.text()) <= left.meta.width()
    assert "Correspondent" in left.meta.toolTip()


def test_find_says_which_match_of_how_many(window, qtbot):
    right = window.panes[1]
    right.find_bar.open()
    qtbot.keyClicks(right.find_bar.edit, "i")
    total = right.view.text.lower().count("i")
    assert right.find_bar.status.text() == f"1 of {total}"
    qtbot.keyClick(right.find_bar.edit, Qt.Key.Key_Return)
    assert right.find_bar.status.text() == f"2 of {total}"
    qtbot.keyClick(right.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert right.find_bar.status.text() == f"1 of {total}"


def test_scroll_positions_and_panel_sizes_come_back_usable(qtbot, tmp_path, settings):
    from annotator.domain.model import ParsedArticle
    from annotator.storage.project import Project
    from annotator.ui.main_window import MainWindow
    from annotator.ui.panes.scroll_memory import first_visible
    from annotator.ui.session import Session

    text = "".join(f"Line {i}: the council met and the bridge stayed shut.\n" for i in range(400))
    with Project(tmp_path / "long.sqlite") as project:
        project.add_article(ParsedArticle(text=text, title="Long"))
        first = MainWindow(Session(project), settings)
        qtbot.addWidget(first)
        first.show()
        first.resize(1600, 900)
        qtbot.waitExposed(first)
        first.panes[0].view.verticalScrollBar().setValue(200)
        top = first_visible(first.panes[0].view)
        assert top > 1000
        first.resizeDocks([first.articles_dock], [60], Qt.Orientation.Horizontal)
        first.close()
        second = MainWindow(Session(project), settings)
        qtbot.addWidget(second)
        second.show()
        qtbot.waitExposed(second)
        qtbot.waitUntil(lambda: first_visible(second.panes[0].view) == top)
        assert first.articles_dock.width() < 100  # remembered unusably narrow...
        qtbot.waitUntil(lambda: second.articles_dock.width() >= 180)  # ...and back in reason
        second.close()


def test_an_uncertain_encoding_is_asked_with_previews(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "short.txt"
    path.write_bytes("大桥关闭".encode("gb18030"))
    asked = []

    def answer(parent, name, candidates, sample):
        asked.append((name, dict(candidates)))
        return "gb18030"

    monkeypatch.setattr(window.files, "ask_encoding", answer)
    window.files.import_paths([path])
    assert asked and asked[0][0] == str(path) and asked[0][1]["gb18030"] == "大桥关闭"
    texts = [window.session.project.article(a.id).text for a in window.session.project.articles()]
    assert "大桥关闭" in texts
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()))
    monkeypatch.setattr(window.files, "ask_encoding", lambda *a: None)  # cancelled: nothing
    other = tmp_path / "other.txt"
    other.write_bytes("橋を閉鎖".encode("shift_jis"))
    before = len(window.session.project.articles())
    window.files.import_paths([other])
    assert len(window.session.project.articles()) == before
    assert shown == ["1 file not imported (nothing of it was written):\n"
                     f"{other}: not imported (no encoding was chosen)"]


def test_nothing_closes_the_project_under_a_running_export(window, qtbot, tmp_path, monkeypatch):
    """Restore, switching project and closing wait for an export still reading the project,
    and the export's thread gives its connection back."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    project = window.session.project
    window.files.export_to(tmp_path / "out.json")
    worker = window.files.worker
    window.wait_for_workers()
    assert not worker.isRunning()
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["format"] == "annotator-export"
    assert len(project._connections) == 1  # the worker's connection was closed


def test_a_failed_find_leaves_the_pane_where_it_was(window, qtbot):
    right = window.panes[1]
    right.view.verticalScrollBar().setValue(right.view.verticalScrollBar().maximum())
    where = right.view.verticalScrollBar().value()
    right.find_bar.open()
    qtbot.keyClicks(right.find_bar.edit, "qqq")
    assert right.find_bar.status.text() == "not found"
    assert right.view.verticalScrollBar().value() == where


def test_a_merge_counts_the_articles_it_added_too():
    from annotator.storage.merge.merge import MergeReport

    report = MergeReport(articles=[("a", "A", True), ("b", "B", False)], added=3)
    assert report.summary().startswith("1 article and 3 annotations added")


def test_open_says_in_the_window_which_files_were_refused(ui_project, qtbot, monkeypatch):
    """`annotator open a.txt empty.txt` from a desktop: the refusals are shown, not only
    printed where nobody reads them."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.ui import app as uiapp

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QApplication, "exec", lambda self: qtbot.wait(100) or 0)
    monkeypatch.setattr(uiapp, "install_crash_handler", lambda: None)
    notice = "These files were not imported; nothing of them was written:\n\nempty.txt: is empty"
    assert uiapp.run(ui_project, None, notice) == 0
    try:
        assert shown == [notice]
    finally:
        for window in uiapp._windows:
            window.close()
        uiapp._windows.clear()


def test_the_window_says_which_encoding_a_file_was_read_in(window, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Café naïve façade: the bridge stays shut.\n".encode("cp1252"))
    window.files.import_paths([path])
    assert window.statusBar().currentMessage() == "Imported 1 new article (old.txt read as cp1252)"


def test_a_file_being_imported_is_named_in_the_status_bar_meanwhile(window, tmp_path, monkeypatch):
    """A large file takes a second or more: the window says which while it waits."""
    path = tmp_path / "big-file.txt"
    path.write_text("A text to import.\n", "utf-8")
    project = window.session.project
    seen, imported = [], project.import_path

    def watching(*args, **kwargs):
        seen.append(window.statusBar().currentMessage())
        return imported(*args, **kwargs)

    monkeypatch.setattr(project, "import_path", watching)
    window.files.import_paths([path])
    assert seen == ["Importing big-file.txt…"]
    assert window.statusBar().currentMessage().startswith("Imported 1 new article")
