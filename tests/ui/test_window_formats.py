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
    assert window.statusBar().currentMessage() == \
        "Merged tables: 0 annotations added, 0 updated, 1 already there"
    assert project.annotations(article.id)[0].text == text[:5]


def test_the_dialogs_offer_every_format_of_the_registry(window, monkeypatch):
    from annotator.ui.dialogs import file_dialogs

    asked = {}

    def save(parent, title, path, filters, suffixes, selected):
        asked["export"], asked["suffixes"], asked["path"] = filters, suffixes, path
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
    # A bare name is a folder for the formats that write one, else it gets the format's ending.
    suffixes = {label.split(":")[0]: ending for label, ending in asked["suffixes"].items()}
    assert suffixes == {"json": "json", "csv": "", "w3c": "jsonld", "doccano": "jsonl",
                        "refi": "qdpx", "brat": "", "spacy": "jsonl", "labelstudio": ""}
    assert asked["path"].endswith("-export.json")
    assert Path(window.session.project.path).exists()


def test_the_export_dialog_remembers_its_folder_and_format(window, tmp_path, monkeypatch):
    """The folder, and the format of the last export written: not one chosen and then not
    written (the person said No to what it cannot hold)."""
    from annotator.ui.dialogs import file_choice, file_dialogs

    asked, exported = [], []
    picks = iter(["csv:", None, "brat", None])

    def save(parent, title, path, filters, suffixes, selected):
        asked.append((path, selected))
        pick = next(picks)
        return str(tmp_path / "out" / "spans"), selected if pick is None else \
            next(label for label in filters.split(";;") if label.startswith(pick))

    def export_to(path, format_name):
        exported.append((path, format_name))
        if format_name != "brat":  # (brat: not written)
            file_choice.exported(window, format_name)

    monkeypatch.setattr(file_dialogs, "save_file_and_filter", save)
    monkeypatch.setattr(window.files, "export_to", export_to)
    (tmp_path / "out").mkdir()
    for _ in range(4):
        window.files.choose_and_export()
    assert asked[0][1].startswith("json:")
    assert Path(asked[1][0]).parent == tmp_path / "out" and asked[1][1].startswith("csv:")
    assert asked[3][1].startswith("csv:")  # (brat was not written)
    assert exported == [(tmp_path / "out" / "spans", name)  # (a bare name: the folder)
                        for name in ("csv", "csv", "brat", "csv")]


def test_csv_for_excel_begins_with_a_byte_order_mark(window, tmp_path):
    action = window.actions_["csv_bom"]
    action.setChecked(True)
    window.files.export_to(tmp_path / "spans.csv", wait=True, format_name="csv")
    action.setChecked(False)
    window.files.export_to(tmp_path / "plain.csv", wait=True, format_name="csv")
    assert (tmp_path / "spans.csv").read_bytes().startswith(b"\xef\xbb\xbfarticle_id,")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"article_id,")


def test_a_file_dialog_gives_the_keyboard_back_where_it_was(window, qtbot, monkeypatch):
    """The window is disabled while a dialog (a process of its own) is up; afterwards the
    article view has the keyboard again, not the first box of the window (where Ctrl+E, End
    in a line edit, did nothing)."""
    view = window.panes[0].view
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    monkeypatch.setenv("ANNOTATOR_TEST_DIALOG", '{"after_ms": 100}')  # (then Cancel)
    window.files.choose_and_import()
    qtbot.waitUntil(view.hasFocus)


def test_names_typed_beside_others_are_not_dropped_by_the_type_filter(qtbot, tmp_path):
    """Qt's own dialog leaves out a typed "picture.png" that the file type filter does not
    show; the import must still hear of it (and say what it makes of it)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    from annotator.ui.dialogs.dialog_process import _with_typed

    for name in ("a.spacy", "picture.png", "c.txt"):
        (tmp_path / name).write_text("x", "utf-8")
    dialog = QFileDialog(None, "Import", str(tmp_path), registry.import_filter())
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    qtbot.addWidget(dialog)

    def type_names() -> None:
        dialog.findChild(QLineEdit, "fileNameEdit").setText('"a.spacy" "picture.png" "c.txt"')
        dialog.accept()

    QTimer.singleShot(100, type_names)
    dialog.exec()
    chosen = dialog.selectedFiles()
    assert str(tmp_path / "picture.png") not in chosen  # (what Qt does)
    assert _with_typed(dialog, chosen) == [str(tmp_path / n) for n in
                                           ("a.spacy", "picture.png", "c.txt")]


def test_the_export_dialog_takes_an_existing_folder_for_a_format_that_writes_one(qtbot, tmp_path):
    """brat, csv and Label Studio write a folder, which one exports into again and again (edit
    in brat, import back, export again). Qt's own save dialog goes into an existing folder named
    instead of taking it, so only a new folder could be chosen; a file format still gets the
    file named."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit

    from annotator.ui.dialogs.dialog_process import _dialog

    (tmp_path / "brat-out").mkdir()
    labels = {f.name: label for f, label in registry.export_filters()}
    suffixes = {label: "" if f.folder != "no" else f.extensions[0].lstrip(".")
                for f, label in registry.export_filters()}
    for name, typed, expected in (("brat", "brat-out", tmp_path / "brat-out"),
                                  ("json", "new-export", tmp_path / "new-export.json")):
        dialog = _dialog({"mode": "save", "title": "Export", "path": str(tmp_path / "x"),
                          "filter": ";;".join(labels.values()), "suffixes": suffixes,
                          "selected": labels[name]})
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)  # (its accept runs)
        qtbot.addWidget(dialog)

        def type_name(dialog=dialog, typed=typed) -> None:
            dialog.findChild(QLineEdit, "fileNameEdit").setText(typed)
            dialog.accept()

        QTimer.singleShot(100, type_name)
        assert dialog.exec() == QDialog.DialogCode.Accepted
        assert (dialog.chosen or dialog.selectedFiles()) == [str(expected)]


def test_new_project_never_asks_to_replace_a_file_it_will_not_replace(qtbot):
    """File › New project on an existing file: Qt asked 'Do you want to replace it?', and Yes
    then said it already exists (nothing is ever replaced): the first question is not asked."""
    from PySide6.QtWidgets import QFileDialog

    from annotator.ui.dialogs.dialog_process import _dialog

    never = _dialog({"mode": "save", "title": "New project", "replacing": False})
    usual = _dialog({"mode": "save", "title": "Export"})
    for dialog in (never, usual):
        qtbot.addWidget(dialog)
    assert never.testOption(QFileDialog.Option.DontConfirmOverwrite)
    assert not usual.testOption(QFileDialog.Option.DontConfirmOverwrite)
