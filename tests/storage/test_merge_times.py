"""Times as other programs write them (a spreadsheet's '2026-01-01 12:00:00' without a zone, an
offset, no milliseconds) are stored as annotator writes its own (UTC, milliseconds, Z) and
compared as instants: an edit at noon was 'older' than the same day's midnight (compared as
text, ' ' sorts before 'T') and lost with a false "the project's copy is newer"; the same
instant written another way was counted as kept; the export then carried a time its schema
refuses."""

import csv
import io
import json

import pytest

from annotator.domain.times import canonical_time, later, same_instant
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe."


def export_doc(project) -> dict:
    out = io.BytesIO()
    project.write_export(out)
    return json.loads(out.getvalue())


def one_span_file(path, updated: str, note: str = "", created: str = "2026-01-01T00:00:00.000Z"):
    path.write_text(json.dumps({
        "format": "annotator-export", "version": 2, "exported_at": "2026-01-01T00:00:00Z",
        "articles": [{"id": "art", "title": "Bridge", "text": TEXT, "annotations": [
            {"id": "s1", "tag": "actor", "start": 6, "end": 13, "text": "Ann Lee", "note": note,
             "annotator": "ann", "created_at": created, "updated_at": updated}]}]}), "utf-8")
    return path


@pytest.mark.parametrize(("given", "stored"), [
    ("2026-01-01 12:00:00", "2026-01-01T12:00:00.000Z"),
    ("2026-01-01T12:00:00Z", "2026-01-01T12:00:00.000Z"),
    ("2026-01-01T02:00:00-10:00", "2026-01-01T12:00:00.000Z"),
    ("2026-01-01T12:00:00.123456+00:00", "2026-01-01T12:00:00.123Z"),
    ("2026-01-01", "2026-01-01T00:00:00.000Z"),
    ("2026-01-01T12:00+05", "2026-01-01T07:00:00.000Z"),  # (19 characters, not a spreadsheet's)
    ("0999-06-01T00:00:00Z", "0999-06-01T00:00:00.000Z"),  # (four digits: strftime drops one)
    ("0999-06-01T00:00:00.5+00:00", "0999-06-01T00:00:00.500Z"),
    ("0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00+01:00"),  # (no UTC form: as it was)
    ("9999-12-31T23:59:59-01:00", "9999-12-31T23:59:59-01:00"),
])
def test_a_time_is_stored_as_ours_are(given, stored):
    assert canonical_time(given) == stored


def test_what_is_no_time_is_refused_by_the_quick_ways_too():
    for value in ("2026-13-01 12:00:00", "2026-01-01T25:00:00Z", "2026-01-01T1x:00:00Z"):
        with pytest.raises(ValueError):
            canonical_time(value)


def test_times_to_the_millisecond_as_stored():
    """A project's older copy with microseconds is the same edit as its export read back."""
    assert same_instant(("2026-01-01T00:00:00.123456Z",), ("2026-01-01T00:00:00.123Z",))
    assert not later("2026-01-01T00:00:00.123Z", "2026-01-01T00:00:00.123456Z")
    assert not later("0001-01-01T00:00:00+01:00", "2026-01-01T00:00:00.000Z")


def test_instants_not_text():
    assert later("2026-01-01 12:00:00", "2026-01-01T00:00:00.000Z")
    assert not later("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z")
    assert same_instant(("2026-01-01T05:00:00+05:00",), ("2026-01-01T00:00:00.000Z",))
    assert not same_instant(("2026-01-01T05:00:00Z",), ("2026-01-01T00:00:00.000Z",))


def test_a_spreadsheets_edit_at_noon_is_taken_and_stored_as_our_times(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        project.import_path(one_span_file(tmp_path / "a.json", "2026-01-01T00:00:00.000Z"))
        edited = project.import_path(one_span_file(tmp_path / "b.json", "2026-01-01 12:00:00",
                                                   note="checked"))
        assert (edited.report.updated, edited.report.kept_local) == (1, 0)
        [span] = export_doc(project)["articles"][0]["annotations"]
        assert (span["note"], span["updated_at"]) == ("checked", "2026-01-01T12:00:00.000Z")


def test_the_same_instant_written_another_way_is_already_there(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        project.import_path(one_span_file(tmp_path / "a.json", "2026-01-01T00:00:00.000Z"))
        for n, (created, updated) in enumerate((
                ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
                ("2026-01-01T05:00:00+05:00", "2026-01-01 00:00:00"))):
            again = project.import_path(one_span_file(tmp_path / f"{n}.json", updated,
                                                      created=created))
            assert (again.report.unchanged, again.report.kept_local,
                    again.report.updated) == (1, 0, 0)


def test_a_csv_with_excel_times_exports_times_its_schema_takes(tmp_path):
    from cli_run import run

    with Project(tmp_path / "p.sqlite") as project:
        project.import_path(one_span_file(tmp_path / "a.json", "2026-01-01T00:00:00.000Z"))
    db, out = str(tmp_path / "p.sqlite"), tmp_path / "spans.csv"
    assert run("--db", db, "export", "--format", "csv", "-o", str(out), cwd=tmp_path
               ).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    rows[0].update(updated_at="2026-06-01 12:00:00", note="from Excel")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert run("--db", db, "import", "--format", "csv", str(out), cwd=tmp_path).returncode == 0
    assert run("--db", db, "export", "-o", str(tmp_path / "e.json"), cwd=tmp_path
               ).returncode == 0
    [span] = json.loads((tmp_path / "e.json").read_bytes())["articles"][0]["annotations"]
    assert (span["note"], span["created_at"], span["updated_at"]) == (
        "from Excel", "2026-01-01T00:00:00.000Z", "2026-06-01T12:00:00.000Z")
