"""The window's Import and Export go through the registry of formats: a csv folder written and
read back, the one-table csv telling what it cannot hold before it writes, the filters."""

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.formats import registry


def test_csv_through_the_window(window, qtbot, tmp_path, monkeypatch):
    project = window.session.project
    article = project.articles()[0]
    text = project.article(article.id).text
    project.add_annotation(article.id, 0, 5, "claim", note="=1+1")
    window.files.export_to(tmp_path / "tables", wait=True, format_name="csv")
    qtbot.waitUntil(lambda: "Exported 2 articles and 1 annotation to" in
                    window.statusBar().currentMessage())
    assert (tmp_path / "tables" / "spans.csv").read_text("utf-8").count("'=1+1") == 1
    # One table: what it cannot hold is asked about before anything is written.
    asked = []

    def question(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    window.files.export_to(tmp_path / "one.csv", format_name="csv")
    qtbot.waitUntil(lambda: bool(asked))
    window.wait_for_workers()
    assert "cannot hold 2 articles' texts and details" in asked[0]
    assert not (tmp_path / "one.csv").exists()  # "No": nothing written
    # The folder imports back into the window's project: nothing new, nothing refused.
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    window.files.import_paths([tmp_path / "tables"])
    assert shown == []
    assert "merged tables: 0 annotations added, 0 updated, 1 already there" in \
        window.statusBar().currentMessage()
    assert project.annotations(article.id)[0].text == text[:5]


def test_the_dialogs_offer_every_format_of_the_registry(window, monkeypatch):
    from annotator.ui.dialogs import file_dialogs

    asked = {}

    def save(parent, title, path, filter, suffix):
        asked["export"] = filter
        return "", ""

    def open_many(parent, title, path, filter):
        asked["import"] = filter
        return []

    monkeypatch.setattr(file_dialogs, "save_file_and_filter", save)
    monkeypatch.setattr(file_dialogs, "open_file_names", open_many)
    window.files.choose_and_export()
    window.files.choose_and_import()
    assert asked["export"].split(";;") == [label for _, label in registry.export_filters()]
    assert asked["import"] == registry.import_filter()
    assert "csv: CSV tables (*.csv)" in asked["export"]
    assert Path(window.session.project.path).exists()
