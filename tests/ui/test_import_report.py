"""What the window says after an import (ui/import_report.py): files refused whole, spans
refused from files otherwise imported, and what was left out or moved, each as what it is."""

import json

from PySide6.QtWidgets import QMessageBox


def test_an_import_tells_files_refused_apart_from_spans_refused_and_what_was_left_out(
        window, tmp_path, monkeypatch):
    """A file refused whole, a file of which one span is refused (the rest imported) and a
    file of which something is left out: one box, each told as what it is."""
    project = window.session.project
    text = project.article(project.articles()[0].id).text
    word = text.split()[0]
    good = {"text": text, "spans": [{"start": 0, "end": len(word), "label": "claim"},
                                     {"start": 0, "end": 10**6, "label": "claim"}]}
    (tmp_path / "some.jsonl").write_text(json.dumps(good) + "\n", "utf-8")
    twice = {"text": "One line of its own.", "label": [[0, 3, "claim"], [0, 3, "claim"]]}
    (tmp_path / "twice.jsonl").write_text(json.dumps(twice) + "\n", "utf-8")
    (tmp_path / "bad.json").write_text('{"format": "annotator-export", "version": 99}', "utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.windowTitle(), box.text(), box.detailedText())))
    window.files.import_paths([tmp_path / "some.jsonl", tmp_path / "twice.jsonl",
                               tmp_path / "bad.json"])
    ((title, text_, details),) = shown
    assert title == "Import: some things were not imported"
    assert "1 file not imported (nothing of it was written); 1 refused from files otherwise " \
        "imported (spans, links, or a task or document of a file); what the files held that " \
        "was left out or moved" in text_
    failed, refused, said, merged = details.split("\n\n")
    assert merged.startswith("Merged:\nsome.jsonl: ") and "\ntwice.jsonl: " in merged
    assert "bad.json" in failed and "some.jsonl" in refused and "do not fit" in refused
    assert "twice.jsonl" in said and "kept once" in said
    assert any(a.text == word for a in project.annotations(project.articles()[0].id))


def test_a_folder_of_articles_is_imported_file_by_file(window, tmp_path, monkeypatch):
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "one.txt").write_text("First report\n\nIt rained.", "utf-8")
    (tmp_path / "arts" / "two.txt").write_text("Second report\n\nIt snowed.", "utf-8")
    (tmp_path / "arts" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()))
    window.files.import_paths([tmp_path / "arts"])
    titles = {a.title for a in window.session.project.articles()}
    assert {"First report", "Second report"} <= titles
    assert shown == ["What the files held that was left out or moved:\n"
                     f"{tmp_path / 'arts'}: left out (no format annotator reads, or a folder "
                     "within): photo.jpg"]


def test_several_files_merged_are_each_said_in_one_box(window, tmp_path, monkeypatch):
    """Files that all went in: the status bar cannot hold a line per file; a box does, as the
    command line says them; the articles of a merge are counted once."""
    project = window.session.project
    paths = []
    for n in range(3):
        text = f"Report {n}\n\nThe mayor spoke {n} times."
        path = tmp_path / f"f{n}.jsonl"
        path.write_text(json.dumps({"text": text, "label": [[0, 6, "claim"]]}) + "\n", "utf-8")
        paths.append(path)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.windowTitle(), box.text(), box.informativeText())))
    window.files.import_paths(paths)
    assert shown == [("Import", "Merged 3 files.", "\n".join(
        f"f{n}.jsonl: 1 article and 1 annotation added, 0 updated, 0 already there"
        for n in range(3)))]
    assert window.statusBar().currentMessage().startswith(
        "Merged f0.jsonl: 1 article and 1 annotation added")
    assert len(project.articles()) >= 3


def test_the_window_shows_what_was_imported_behind_the_message(window, tmp_path, monkeypatch):
    """The box is read against the window: the Articles panel already lists what came in."""
    (tmp_path / "twice.jsonl").write_text(json.dumps(
        {"text": "A report of its own.", "label": [[0, 1, "claim"], [0, 1, "claim"]]}) + "\n",
        "utf-8")
    tree = window.articles_panel.tree
    before = tree.topLevelItemCount()
    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(tree.topLevelItemCount()))
    window.files.import_paths([tmp_path / "twice.jsonl"])
    assert seen == [before + 1]


def test_a_merge_that_retags_the_current_span_is_shown_in_the_status_bar(window, tmp_path):
    from edited_export import edited_export

    project = window.session.project
    pane = window.panes[0]
    span = project.add_annotation(pane.article_id, 0, 5, "claim")
    window.ops.select(span.id, pane)
    assert window.selection_label.text().startswith("claim 0–5")
    window.files.import_paths([edited_export(project, tmp_path / "retag.json", span.id,
                                             tag="quote", updated_at="2030-01-01T00:00:00.000Z")])
    assert project.annotation(span.id).tag == "quote"
    assert window.selection_label.text().startswith("quote 0–5")


def test_several_files_with_something_left_out_still_say_each_file(window, tmp_path,
                                                                     monkeypatch):
    paths = []
    for n in range(2):
        path = tmp_path / f"g{n}.jsonl"
        path.write_text(json.dumps({"text": f"Report {n} of its own.",
                                    "label": [[0, 6, "claim"], [0, 6, "claim"]]}) + "\n", "utf-8")
        paths.append(path)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.windowTitle(), box.text(), box.detailedText())))
    window.files.import_paths(paths)
    ((title, text, details),) = shown
    assert title == "Import: left out or moved"
    assert text.startswith("Merged 2 files (each below).")
    assert details.endswith("Merged:\n" + "\n".join(
        f"g{n}.jsonl: 1 article and 1 annotation added, 0 updated, 0 already there"
        for n in range(2)))


def test_a_file_none_of_whose_texts_came_in_is_told_as_not_imported(window, tmp_path):
    import json

    path = tmp_path / "blank.jsonl"
    path.write_text(json.dumps({"text": " ", "label": [[0, 1, "actor"]]}), "utf-8")
    _ids, tally = window.files._import_paths([path])
    assert len(tally.failed) == 1 and tally.refused == [] and tally.merges == []
    assert "1 file not imported (nothing of it was written)" in tally.message()[1]
