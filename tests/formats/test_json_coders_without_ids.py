"""Annotations without ids in our JSON (a script's, a hand-made file): the id made for one is of
its place, tag and coder, so two coders' files with the same spans import as two layers (bob's
used to take alice's spans over: '0 added, 2 updated', and alice had none left)."""

import json

from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe."


def coder_file(path, who: str | None):
    spans = [{"tag": "actor", "start": 6, "end": 13, "text": "Ann Lee"},
             {"tag": "claim", "start": 19, "end": 37, "text": "the bridge is safe"}]
    for span in spans:
        if who is not None:
            span["annotator"] = who
    path.write_text(json.dumps({"format": "annotator-export", "version": 2,
                                "exported_at": "2026-01-01T00:00:00Z",
                                "articles": [{"title": "Bridge", "text": TEXT,
                                              "annotations": spans}]}), "utf-8")
    return path


def layers(project) -> dict[str, list[tuple[str, int, int]]]:
    [article] = project.articles()
    found: dict[str, list] = {}
    for a in project.annotations(article.id):
        found.setdefault(a.annotator, []).append((a.tag, a.start, a.end))
    return {who: sorted(spans) for who, spans in found.items()}


def test_two_coders_files_without_ids_are_two_layers(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        first = project.import_path(coder_file(tmp_path / "alice.json", "alice"))
        second = project.import_path(coder_file(tmp_path / "bob.json", "bob"))
        assert (first.report.added, second.report.added, second.report.updated) == (2, 2, 0)
        spans = [("actor", 6, 13), ("claim", 19, 37)]
        assert layers(project) == {"alice": spans, "bob": spans}
        again = project.import_path(tmp_path / "bob.json")  # (the same file: nothing changes)
        assert (again.report.added, again.report.updated, again.report.unchanged) == (0, 0, 2)


def test_spans_without_ids_or_coder_are_one_span_as_before(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        project.import_path(coder_file(tmp_path / "a.json", None))
        again = project.import_path(coder_file(tmp_path / "b.json", None))
        assert (again.report.added, again.report.unchanged) == (0, 2)
        assert layers(project) == {"unknown": [("actor", 6, 13), ("claim", 19, 37)]}
