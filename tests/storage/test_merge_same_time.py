"""A file's annotation at the very times the project's copy has (storage/merge/merge.py,
_same_time): another tag or extent is an edit made outside annotator that kept the times (a
spreadsheet, another tool's program), taken and dated now; a difference only in what a format
may fail to hold (note, actor, attributes, coder) keeps the project's copy, and both are
counted in the summary, never passed over in silence."""

import io
import json
import sqlite3

import pytest
from cli_run import run

from annotator.domain.model import ParsedArticle

TEXT = "Mayor Ana Silva said the bridge will reopen in May. Engineers doubt it."


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


def test_another_tag_or_extent_at_the_same_times_is_taken_and_said(project, tmp_path):
    article = _spans(project)
    before = {a.id: a for a in project.annotations(article.id)}
    doc = _export(project)
    spans = {a["id"]: a for a in doc["articles"][0]["annotations"]}
    spans["claim"]["tag"] = "quote"                       # retagged, times left as they were
    spans["who"]["start"] = TEXT.index("Silva")           # narrowed, times left as they were
    spans["who"]["text"] = "Silva"
    spans["doubt"]["note"] = "edited note, same times"    # only a note: the project's is kept
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), "utf-8")

    report = project.merge_export_file(path)

    after = {a.id: a for a in project.annotations(article.id)}
    assert after["claim"].tag == "quote"
    assert (after["who"].start, after["who"].text) == (TEXT.index("Silva"), "Silva")
    assert after["doubt"].note == "as said on air"
    for key in ("claim", "who"):
        assert after[key].updated_at > before[key].updated_at  # (dated now: a later edit)
        assert after[key].created_at == before[key].created_at
    assert after["doubt"].updated_at == before["doubt"].updated_at
    assert (report.updated, report.edited_outside, report.unchanged, report.differ_kept) == \
        (2, 2, 1, 1)
    assert report.summary() == (
        "0 annotations added, 2 updated (2 of them another tag or extent at the project's time, "
        "edited outside annotator: taken as changed now), 1 already there (1 of them differing "
        "only in note, actor, attributes or coder at the project's time: the project's kept)")
    again = project.merge_export_file(path)  # (now the project's copy is newer: kept, and said)
    assert (again.updated, again.kept_local, again.edited_outside) == (0, 2, 0)


def test_a_spreadsheet_retag_in_the_csv_tables_comes_in(tmp_path):
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
    assert "1 updated (1 of them another tag or extent at the project's time" in done.stderr
    with sqlite3.connect(db) as con:
        tags = con.execute("SELECT a.id, t.name FROM annotations a JOIN tags t ON t.id = a.tag_id "
                           "ORDER BY a.id").fetchall()
    assert tags == [("claim", "claim"), ("doubt", "quote"), ("who", "actor")]
