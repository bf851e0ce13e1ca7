"""What a researcher tripped over in the window (issue 8), each checked on the real widgets."""

import json

from PySide6.QtCore import Qt
from ui_helpers import select

from annotator.ui.note_dialog import NoteDialog


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
