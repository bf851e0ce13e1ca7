"""`annotator compare [--format json|csv|html] [-o FILE]` (DESIGN.md section 10) through the
installed command: the JSON contract (counts with zeros, key order, the same bytes every time),
the CSV table, the HTML file, read-only use beside a window, -o written atomically and never
onto the project's own files, exit codes."""

import csv
import io
import json
import os

import pytest
from cli_run import ENTRY, run
from compare_sample import sample_project

from annotator.formats.report.compare_json import compare_json
from annotator.storage.project import Project


def run_bytes(*args, cwd):
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([str(ENTRY), *args], cwd=cwd, env=env, capture_output=True, timeout=120)


@pytest.fixture
def work(tmp_path):
    """The annotated samples in p.sqlite; (folder, article ids, the Project's comparison)."""
    with sample_project(tmp_path / "p.sqlite") as project:
        ids = [a.id for a in project.articles()]
        expected = project.compare()
    return tmp_path, ids, expected


def test_json_follows_the_contract(work):
    folder, (a, b), expected = work
    done = run_bytes("--db", "p.sqlite", "compare", cwd=folder)
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout == compare_json(expected)
    assert run_bytes("--db", "p.sqlite", "compare", "--format", "json", cwd=folder).stdout == done.stdout
    doc = json.loads(done.stdout)
    assert list(doc) == ["articles", "actors", "claims"]
    assert [list(x) for x in doc["articles"]] == [["id", "title", "source"]] * 2
    assert [x["source"] for x in doc["articles"]] == ["Lennevale Courier", "Northgate Business Daily"]
    by_name = {x["name"]: x for x in doc["actors"]}
    assert [list(x) for x in doc["actors"]] == [["id", "name", "mentions", "quotes"]] * 4
    # ordered by total mentions, then name; every article a key, zeros included
    assert [x["name"] for x in doc["actors"]] == ["Halvorsen Coatings", "Mirela Petrović",
                                                  "Tomás Ferreira", "Ingrid Solberg"]
    assert by_name["Tomás Ferreira"]["mentions"] == {a: 1, b: 0}
    assert by_name["Tomás Ferreira"]["quotes"] == {a: 1, b: 0}
    assert by_name["Mirela Petrović"]["quotes"] == {a: 0, b: 1}
    assert by_name["Halvorsen Coatings"]["mentions"] == {a: 1, b: 1}
    assert by_name["Ingrid Solberg"]["mentions"] == {a: 0, b: 0} == by_name["Ingrid Solberg"]["quotes"]
    assert list(by_name["Ingrid Solberg"]["mentions"]) == [a, b]  # in import order
    claims = doc["claims"]
    assert [list(g) for g in claims] == [["members", "articles", "contradicted_by"]] * 4
    assert claims[0]["articles"] == {a: 1, b: 1} and claims[0]["contradicted_by"] == []
    assert len(claims[0]["members"]) == 2 and claims[0]["members"] == sorted(claims[0]["members"])
    against = [g for g in claims if g["contradicted_by"]]
    assert len(against) == 2 and all(g["articles"] in ({a: 1, b: 0}, {a: 0, b: 1}) for g in against)
    assert against[0]["contradicted_by"] == against[1]["members"]


def test_csv_is_one_table_with_a_view_column(work):
    folder, (a, b), expected = work
    done = run_bytes("--db", "p.sqlite", "compare", "--format", "csv", cwd=folder)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert not text.startswith("\ufeff") and text.endswith("\r\n")
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])  # CRLF, RFC 4180
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == ["view", "id", "name", "article_id", "article_title", "article_source",
                             "mentions", "quotes", "claims", "members", "contradicted_by"]
    actors = [r for r in rows if r["view"] == "actors"]
    claims = [r for r in rows if r["view"] == "claims"]
    assert len(actors) == 4 * 2 and len(claims) == 4 * 2 and len(rows) == 16
    ingrid = [r for r in actors if r["name"] == "Ingrid Solberg"]
    assert [(r["article_id"], r["mentions"], r["quotes"]) for r in ingrid] == [(a, "0", "0"), (b, "0", "0")]
    tomas = {r["article_id"]: r for r in actors if r["name"] == "Tomás Ferreira"}
    assert (tomas[a]["mentions"], tomas[a]["quotes"], tomas[b]["mentions"]) == ("1", "1", "0")
    assert tomas[b]["article_title"].startswith("Halvorsen Coatings says cold snap, not plant")
    for number, group in enumerate(expected["claims"], 1):
        mine = [r for r in claims if r["id"] == str(number)]
        assert [int(r["claims"]) for r in mine] == [group["articles"][a], group["articles"][b]]
        assert sorted(" ".join(r["members"] for r in mine).split()) == group["members"]
        assert sorted(" ".join(r["contradicted_by"] for r in mine).split()) == group["contradicted_by"]
    assert claims[0]["name"] in ("Nobody discharges at night unless they have something to hide.",
                                 "The company confirmed that it released water at night")


def test_html_written_to_a_file(work):
    folder, _ids, _expected = work
    done = run("--db", "p.sqlite", "compare", "--format", "html", "-o", "report.html", cwd=folder)
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr == "annotator: wrote the comparison of 2 articles (html) to report.html\n"
    page = (folder / "report.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Tomás Ferreira" in page
    assert run_bytes("--db", "p.sqlite", "compare", "--format", "html", cwd=folder).stdout == \
        page.encode("utf-8")
    left = {p.name for p in folder.iterdir()} - {"p.sqlite", "p.sqlite-wal", "p.sqlite-shm",
                                                 ".p.sqlite.lock"}
    assert left == {"report.html"}  # no working file left behind


def test_reads_only_beside_a_window(work):
    """The project is opened read-only: it works while a window holds the lock, and changes
    nothing (SQLite's -wal and -shm aside)."""
    folder, _ids, expected = work
    db = folder / "p.sqlite"

    def files():
        return {p.name: p.read_bytes() for p in folder.iterdir()
                if p.is_file() and not p.name.endswith(("-wal", "-shm"))}

    with Project(db, lock="window"):
        before = files()
        for fmt in ("json", "csv", "html"):
            done = run_bytes("--db", "p.sqlite", "compare", "--format", fmt, cwd=folder)
            assert done.returncode == 0, done.stderr
        assert files() == before
    done = run_bytes("--db", "p.sqlite", "compare", "-o", "out.json", cwd=folder)
    assert done.returncode == 0
    assert (folder / "out.json").read_bytes() == compare_json(expected)


@pytest.mark.parametrize("target", [".p.sqlite.lock", "p.sqlite", "p.sqlite-wal", "p.sqlite-backups"])
def test_the_projects_own_files_are_refused(work, target):
    folder, _ids, _expected = work
    (folder / "p.sqlite-backups").mkdir(exist_ok=True)
    (folder / ".p.sqlite.lock").touch()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    done = run("--db", "p.sqlite", "compare", "--format", "csv", "-o", target, cwd=folder)
    assert done.returncode == 1
    assert done.stderr.startswith(f"annotator: {target}: is ") and len(done.stderr.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_another_database_is_not_overwritten(work):
    folder, _ids, _expected = work
    other = folder / "other.sqlite"
    other.write_bytes((folder / "p.sqlite").read_bytes())
    done = run("--db", "p.sqlite", "compare", "-o", "other.sqlite", cwd=folder)
    assert done.returncode == 1 and "SQLite database" in done.stderr
    assert other.read_bytes() == (folder / "p.sqlite").read_bytes()


def test_usage_and_missing_projects(tmp_path):
    done = run("--db", "p.sqlite", "compare", "--format", "xml", cwd=tmp_path)
    assert done.returncode == 2 and "invalid choice: 'xml'" in done.stderr
    done = run("--db", "missing.sqlite", "compare", cwd=tmp_path)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr and list(tmp_path.iterdir()) == []


def test_an_empty_project(tmp_path):
    Project(tmp_path / "e.sqlite").close()
    done = run_bytes("--db", "e.sqlite", "compare", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"articles": [], "actors": [], "claims": []}
    done = run_bytes("--db", "e.sqlite", "compare", "--format", "csv", cwd=tmp_path)
    assert done.stdout.count(b"\r\n") == 1  # the header alone
