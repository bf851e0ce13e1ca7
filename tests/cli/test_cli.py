"""The command line end to end, through the installed `annotator` entry point, run from a folder
other than the checkout."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import ENTRY, run

SEEDLIKE = "Harbour bridge closes\n\nThe council said the bridge “is unsafe”. 🌉\r\nMore text.\n"


@pytest.fixture
def work(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEEDLIKE.encode("utf-8"))
    (tmp_path / "b.md").write_text("# Second *report*\n\nThe [mayor](http://x) disagreed.\n", "utf-8")
    return tmp_path


@pytest.fixture
def db(db_target) -> str:
    """The project of a behaviour test: a SQLite file, then a PostgreSQL URL (conftest)."""
    return str(db_target)


def test_entry_point_is_installed():
    assert ENTRY.exists(), f"run the tests with the package installed ({ENTRY} missing)"


def test_import_list_export(work, db):
    out = run("--db", db, "import", "a.txt", "b.md", cwd=work)
    assert out.returncode == 0, out.stderr
    lines = [line.split("\t") for line in out.stdout.splitlines()]
    assert [title for _, title in lines] == ["Harbour bridge closes", "Second report"]
    assert out.stderr == ""
    listed = run("--db", db, "list", cwd=work)
    assert [line.split("\t") for line in listed.stdout.splitlines()] == \
        [[lines[0][0], "Harbour bridge closes", "0"], [lines[1][0], "Second report", "0"]]
    exported = run("--db", db, "export", cwd=work)
    doc = json.loads(exported.stdout)
    assert doc["articles"][0]["text"] == SEEDLIKE.replace("\r\n", "\n")
    assert doc["articles"][0]["text_sha256"] == hashlib.sha256(
        doc["articles"][0]["text"].encode()).hexdigest()


def test_export_to_file_then_merge_into_new_project(work, db):
    run("--db", db, "import", "a.txt", cwd=work)
    done = run("--db", db, "export", "--format", "json", "-o", "out.json", cwd=work)
    assert done.returncode == 0 and done.stdout == ""
    assert "exported 1 article and 0 annotations to out.json" in done.stderr
    merged = run("--db", str(work / "q.sqlite"), "import", "out.json", cwd=work)
    assert merged.returncode == 0
    assert merged.stdout.split("\t")[1].strip() == "Harbour bridge closes"


def test_env_variable_names_the_project(work):
    out = run("import", "a.txt", cwd=work, env={"ANNOTATOR_DB": str(work / "env.sqlite")})
    assert out.returncode == 0
    assert (work / "env.sqlite").exists()


def test_default_project_starts_with_the_samples(work):
    listed = run("list", cwd=work)
    assert listed.returncode == 0, listed.stderr
    titles = [line.split("\t")[1] for line in listed.stdout.splitlines()]
    assert len(titles) == 2 and all(titles)
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert (data_home / "annotator" / "project.annotator.sqlite").exists()


def test_refused_files_exit_1_others_still_imported(work, db):
    (work / "empty.txt").write_bytes(b"")
    (work / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(256))
    out = run("--db", db, "import", "empty.txt", "a.txt", "pic.txt",
              "missing.md", cwd=work)
    assert out.returncode == 1
    errors = out.stderr.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith("annotator: empty.txt: ") and "empty" in errors[0]
    assert errors[1].startswith("annotator: pic.txt: ")
    assert "binary" in errors[1] or "not text" in errors[1]
    assert errors[2].startswith("annotator: missing.md: ") and "does not exist" in errors[2]
    assert "Traceback" not in out.stderr
    assert len(out.stdout.splitlines()) == 1


def test_reimport_reports_already_present(work, db):
    first = run("--db", db, "import", "a.txt", cwd=work)
    again = run("--db", db, "import", "a.txt", cwd=work)
    assert again.returncode == 0
    assert again.stdout == first.stdout
    assert "already in the project" in again.stderr


def test_not_a_database_is_refused_untouched(work):
    bogus = work / "notes.sqlite"
    bogus.write_text("my notes\n" * 50)
    before = bogus.read_bytes()
    out = run("--db", str(bogus), "list", cwd=work)
    assert out.returncode == 1
    assert "not a SQLite database" in out.stderr and "Traceback" not in out.stderr
    assert bogus.read_bytes() == before


@pytest.mark.parametrize("args", [["frobnicate"], ["import"], ["export", "--format", "xml"]])
def test_wrong_usage_exits_2(work, args):
    out = run(*args, cwd=work)
    assert out.returncode == 2
    assert "usage:" in out.stderr


def test_no_display_gives_a_sentence_not_an_abort(work):
    out = run("--db", str(work / "p.sqlite"), cwd=work)
    assert out.returncode == 1
    assert "no display is available" in out.stderr
    assert "Traceback" not in out.stderr


def test_import_export_list_never_load_qt(work):
    code = ("import sys; from annotator.cli import main; "
            f"main(['--db', {str(work / 'p.sqlite')!r}, 'import', 'a.txt']); "
            f"main(['--db', {str(work / 'p.sqlite')!r}, 'list']); "
            f"main(['--db', {str(work / 'p.sqlite')!r}, 'export', '-o', 'x.json']); "
            "print(sorted(m for m in ('PySide6', 'alembic', 'trafilatura', "
            "'annotator.domain.suggestions.suggest') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True, text=True)
    assert out.stdout.splitlines()[-1] == "[]", out.stderr  # (nor the suggesters: 25 ms)


def test_html_page_import(work, db):
    page = ("<html><head><title>Storm closes port</title></head><body><nav>Home | News</nav>"
            "<article><p>The port closed on Friday after a storm, the harbour master said in a "
            "statement released to the press.</p><p>Ships were told to wait offshore until the "
            "winds eased, which forecasters expect by Sunday morning.</p></article>"
            "<script>var tracking = 1;</script></body></html>")
    (work / "page.html").write_text(page, "utf-8")
    out = run("--db", db, "import", "page.html", cwd=work)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\t")[1].strip() == "Storm closes port"
    doc = json.loads(run("--db", db, "export", cwd=work).stdout)
    assert "harbour master" in doc["articles"][0]["text"]
    assert "tracking" not in doc["articles"][0]["text"]


def test_export_never_overwrites_the_project_and_is_readable_by_others(work):
    db = work / "p.sqlite"
    run("--db", str(db), "import", "a.txt", cwd=work)
    before = db.read_bytes()
    out = run("--db", str(db), "export", "-o", str(db), cwd=work)
    assert out.returncode == 1 and "project file itself" in out.stderr
    assert db.read_bytes() == before
    run("--db", str(db), "export", "-o", "out.json", cwd=work)
    assert (work / "out.json").stat().st_mode & 0o044 == 0o044


def test_empty_db_argument_is_a_usage_error(work):
    out = run("--db", "", "list", cwd=work)
    assert out.returncode == 2 and "--db needs a file path" in out.stderr


def test_list_on_a_mistyped_project_does_not_create_it(work):
    out = run("--db", str(work / "typo.sqlite"), "list", cwd=work)
    assert out.returncode == 1 and "no such project" in out.stderr
    assert not (work / "typo.sqlite").exists()


def test_a_bad_file_name_or_bad_json_does_not_stop_the_other_files(work):
    odd = work / "caf\udcfe.txt"
    import os
    with open(os.fsencode(odd), "wb") as handle:
        handle.write(b"Odd name\n\nBody text.\n")
    (work / "bad.json").write_text('{"format": "annotator-export", "version": 1, "articles": '
                                   '[{"title": "\\ud800", "text": "x"}]}', "utf-8")
    out = run("--db", str(work / "p.sqlite"), "import", "bad.json", os.fsdecode(os.fsencode(odd)),
              "a.txt", cwd=work)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and "lone surrogate" in out.stderr
    assert [line.split("\t")[1] for line in out.stdout.splitlines()] == ["Odd name", "Harbour bridge closes"]


def test_merge_prints_what_it_did(work, db):
    run("--db", db, "import", "a.txt", cwd=work)
    run("--db", db, "export", "-o", "e.json", cwd=work)
    out = run("--db", str(work / "q.sqlite"), "import", "e.json", cwd=work)
    assert "e.json: merged: 1 article and 0 annotations added, 0 updated, 0 already there" in out.stderr


def test_the_import_line_says_which_encoding_was_used(tmp_path):
    (tmp_path / "old.txt").write_bytes("Café naïve façade: the bridge stays shut.\n".encode("cp1252"))
    (tmp_path / "new.txt").write_text("A plain UTF-8 report.\n", "utf-8")
    (tmp_path / "short.txt").write_bytes("大桥关闭".encode("gb18030"))
    done = run("--db", "p.sqlite", "import", "old.txt", "new.txt", "short.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert "old.txt: read as cp1252" in done.stderr
    assert "new.txt: read as" not in done.stderr
    assert "short.txt: the encoding cannot be told for sure (" in done.stderr
    assert "run again with --encoding NAME" in done.stderr
    assert "Café naïve façade" in done.stdout


def test_a_folder_of_articles_is_imported_file_by_file(work, db):
    folder = work / "articles"
    folder.mkdir()
    (folder / "b.md").write_bytes((work / "b.md").read_bytes())
    (folder / "a.txt").write_bytes((work / "a.txt").read_bytes())
    (folder / ".hidden.txt").write_text("not this", "utf-8")
    (folder / "notes.xyz").write_text("nor this", "utf-8")
    (folder / "inner").mkdir()
    out = run("--db", db, "import", "articles", cwd=work)
    assert out.returncode == 0, out.stderr
    assert [line.split("\t")[1] for line in out.stdout.splitlines()] == [
        "Harbour bridge closes", "Second report"]
    assert out.stderr == ("annotator: articles: left out (no format annotator reads, or a folder "
                          "within): inner/, notes.xyz\n")
    empty = work / "nothing"
    empty.mkdir()
    out = run("--db", db, "import", "nothing", cwd=work)
    assert out.returncode == 1 and "nothing: is a folder of no format annotator reads" in \
        out.stderr
    said = work / "said"  # (a format named: each file read in it, whatever its ending)
    said.mkdir()
    (said / "one.log").write_text(json.dumps({"text": "Third report", "label": [[0, 5, "x"]]}),
                                  "utf-8")
    out = run("--db", db, "import", "--format", "doccano", "said", cwd=work)
    assert out.returncode == 0, out.stderr
    assert [line.split("\t")[1] for line in out.stdout.splitlines()] == ["Third report"]
