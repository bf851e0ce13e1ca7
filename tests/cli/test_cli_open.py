"""`annotator open FILE...` started from a desktop, where nobody reads standard error: the window
gets a message with what the import refused, and how much of it (a whole file, or some of a
file's spans: the rest merged), and what it left out of a folder."""

import json

from annotator import cli
from annotator.storage.project import Project


def test_open_tells_the_window_what_was_refused_and_left_out(tmp_path, monkeypatch):
    import annotator.ui.app as app

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("Ana Ruiz said the bridge stays shut.\n", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "pic.png").write_bytes(b"\x89PNG")
    (folder / "d.jsonl").write_text(json.dumps(
        {"text": "Bo Li left early.", "label": [[0, 5, "actor"], [40, 50, "claim"]]}), "utf-8")
    seen = {}

    def run_window(project, open_ids, notice=None, *, annotator_explicit=False):
        seen["ids"], seen["notice"] = open_ids, notice
        return 0

    monkeypatch.setattr(app, "run", run_window)
    monkeypatch.setattr("annotator.display.display_problem", lambda: None)
    db = str(tmp_path / "p.sqlite")
    assert cli.main(["--db", db, "open", str(folder)]) == 1
    assert len(seen["ids"]) == 2  # (a.txt, and d.jsonl's article with its first span)
    assert seen["notice"] == (
        "These files were not imported; nothing of them was written:\n\n"
        f"{folder / 'empty.txt'}: is empty\n\n"
        "These annotations were not imported; the rest of their files was:\n\n"
        f"{folder / 'd.jsonl'}, line 1, span 2: refused: 40-50 is not a span of the text in "
        "UTF-16 units (its length is 17)\n\n"
        f"{folder}: left out (no format annotator reads, or a folder within): pic.png")
    seen.clear()
    assert cli.main(["--db", db, "open", str(folder / "a.txt")]) == 0
    assert seen["notice"] is None  # (all imported: no message)


def test_a_file_none_of_whose_texts_came_in_is_told_as_a_file_not_imported(tmp_path, monkeypatch):
    import annotator.ui.app as app

    path = tmp_path / "blank.jsonl"
    path.write_text(json.dumps({"text": " ", "label": [[0, 1, "actor"]]}), "utf-8")
    seen = {}
    monkeypatch.setattr(app, "run", lambda project, ids, notice=None, **_: seen.update(
        notice=notice) or 0)
    assert cli.main(["--db", str(tmp_path / "p.sqlite"), "open", str(path)]) == 1
    assert seen["notice"].startswith("These files were not imported; nothing of them was "
                                     f"written:\n\n{path}, line 1")
    with Project(tmp_path / "p.sqlite") as project:
        assert [t.name for t in project.tags()] == ["claim", "quote", "actor"]
