"""A file's annotation at the very times the project's copy has (storage/merge/merge.py,
_same_time) is that same edit: whatever differs (a tag or extent changed in a spreadsheet, a
note, a tag renamed in the project since, a span brat trimmed at a line break) keeps the
project's copy, and the summary counts those that differ, never passing them over in silence.
A later updated_at has the file's edit taken."""

import io
import json
import sqlite3

import pytest
from cli_run import run

from annotator.domain.model import ParsedArticle
from annotator.formats.registry import by_name

TEXT = "Mayor Ana Silva said:\nthe bridge will reopen in May. Engineers doubt it."


@pytest.fixture
def project_path(db_target):
    """A SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


def _spans(project):
    article = project.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
    for key, piece, tag in (("who", "Ana Silva", "actor"), ("claim", "the bridge will reopen", "claim"),
                            ("doubt", "Engineers doubt it", "claim")):
        start = TEXT.index(piece)
        project.add_annotation(article.id, start, start + len(piece), tag, annotation_id=key,
                               note="as said on air" if key == "doubt" else "")
    return article


def _export(project) -> dict:
    out = io.BytesIO()
    project.write_export(out)
    return json.loads(out.getvalue())


def test_what_differs_at_the_same_times_is_kept_and_counted_a_later_time_takes_it(project,
                                                                                 tmp_path):
    article = _spans(project)
    before = {a.id: a for a in project.annotations(article.id)}
    doc = _export(project)
    spans = {a["id"]: a for a in doc["articles"][0]["annotations"]}
    spans["claim"]["tag"] = "quote"                       # retagged, times left as they were
    spans["who"]["start"] = TEXT.index("Silva")           # narrowed, times left as they were
    spans["who"]["text"] = "Silva"
    spans["doubt"]["note"] = "edited note, same times"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), "utf-8")

    report = project.merge_export_file(path)

    assert {a.id: a for a in project.annotations(article.id)} == before
    assert (report.updated, report.unchanged, report.differ_kept) == (0, 3, 3)
    assert report.summary() == ("0 annotations added, 0 updated, 3 already there (3 of them "
                                "different in the file at the project's times: the project's "
                                "kept)")
    spans["claim"]["updated_at"] = "2999-01-01T00:00:00.000Z"  # (as the README says to)
    path.write_text(json.dumps(doc), "utf-8")
    again = project.merge_export_file(path)
    assert (again.updated, again.differ_kept) == (1, 2)
    assert project.annotation("claim").tag == "quote"


def test_a_tag_renamed_in_the_project_since_is_not_undone(project, tmp_path):
    article = _spans(project)
    path = tmp_path / "before-rename.json"
    path.write_text(json.dumps(_export(project)), "utf-8")
    claim = next(t for t in project.tags() if t.name == "claim")
    project.update_tag("claim", claim._replace(name="assertion"))
    report = project.merge_export_file(path)
    assert {a.id: a.tag for a in project.annotations(article.id)} == {
        "who": "actor", "claim": "assertion", "doubt": "assertion"}
    assert (report.updated, report.differ_kept) == (0, 2)


def test_an_unedited_brat_round_trip_changes_nothing(project, tmp_path):
    """brat trims a span at a line break (a span 'Ana Silva said:\\n' comes back without it)."""
    article = _spans(project)
    start = TEXT.index("Ana Silva said:")
    project.add_annotation(article.id, start, start + len("Ana Silva said:\n"), "quote",
                           annotation_id="said", note="line one\nline two")
    before = {a.id: a for a in project.annotations(article.id)}
    folder = tmp_path / "brat"
    by_name("brat").write_to(project, folder)
    report = project.import_path(folder).report
    assert {a.id: a for a in project.annotations(article.id)} == before
    assert report.updated == 0 and report.unchanged == 4


def test_a_spreadsheet_retag_in_the_csv_tables_is_kept_and_said(tmp_path):
    db, out = tmp_path / "p.sqlite", tmp_path / "tables"
    from annotator.storage.project import Project

    with Project(db) as project:
        _spans(project)
    run("--db", str(db), "export", "--format", "csv", "-o", str(out), cwd=tmp_path)
    table = out / "spans.csv"
    lines = table.read_text("utf-8-sig").splitlines(keepends=True)
    edited = [line.replace(",claim,", ",quote,", 1) if ",claim," in line and ",doubt," in line
              else line for line in lines]
    assert edited != lines
    table.write_text("".join(edited), "utf-8")
    done = run("--db", str(db), "import", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert ("0 updated, 3 already there (1 of them different in the file at the project's "
            "times: the project's kept)") in done.stderr
    with sqlite3.connect(db) as con:
        tags = con.execute("SELECT a.id, t.name FROM annotations a JOIN tags t ON t.id = a.tag_id "
                           "ORDER BY a.id").fetchall()
    assert tags == [("claim", "claim"), ("doubt", "claim"), ("who", "actor")]
