"""A PostgreSQL project owns no local file (README, "A shared project on PostgreSQL": no lock
and no backup copies), so no local file is refused as one of its own: not even where a project
file named like the database would keep its own (./newsproj, ./newsproj-backups/,
./.newsproj.lock). A project file's own files stay refused
(tests/storage/test_project_accidents.py).

PostgreSQL only: a file project has its own files."""

import json
from pathlib import Path

from cli_run import run

from annotator.storage.project import Project


def names_of_a_file_project_named(dbname: str) -> list[str]:
    """Where a project file named like the database would keep its files, in the folder."""
    return [dbname, f"{dbname}/alice.txt", f"{dbname}-backups", f"{dbname}-backups/bob.txt",
            f".{dbname}.lock", f"{dbname}-wal", f"{dbname}-shm"]


def test_no_local_file_is_a_postgresql_projects_own(pg_url, tmp_path, monkeypatch):
    Project(pg_url, create="init").close()
    dbname = pg_url.rsplit("/", 1)[1]
    monkeypatch.chdir(tmp_path)
    (tmp_path / dbname).mkdir()
    (tmp_path / dbname / "alice.txt").write_text("The bridge is safe, said the mayor.\n")
    (tmp_path / f"{dbname}-backups").mkdir()
    (tmp_path / f"{dbname}-backups" / "bob.txt").write_text("The bridge is closed.\n")
    with Project(pg_url) as project:
        assert [project.own_file_role(name) for name in names_of_a_file_project_named(dbname)] \
            == [None] * 7
        project.import_file(Path(f"{dbname}/alice.txt"))
        project.import_file(Path(f"{dbname}-backups/bob.txt"))
        assert len(project.articles()) == 2


def test_importing_from_a_folder_named_like_the_database(pg_url, tmp_path):
    """The command line, as a team member would run it beside a folder of the team's files."""
    Project(pg_url, create="init").close()
    dbname = pg_url.rsplit("/", 1)[1]
    folder = tmp_path / dbname
    folder.mkdir()
    (folder / "alice.txt").write_text("The bridge is safe, said the mayor.\n")
    done = run("--db", pg_url, "import", f"{dbname}/alice.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = run("--db", pg_url, "export", "-o", str(tmp_path / "alice.json"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (tmp_path / "alice.json").rename(folder / "alice.json")
    done = run("--db", pg_url, "import", f"{dbname}/alice.json", cwd=tmp_path)  # (merged)
    assert done.returncode == 0 and "alice.json: merged: " in done.stderr, done.stderr


def test_exporting_into_a_folder_named_like_the_database(pg_url, tmp_path):
    """``export -o`` checks its target the same way (cli/read.output_target): neither a file in
    ./<dbname>/ nor a brat folder named ./<dbname> is taken for the project's own."""
    Project(pg_url, create="init").close()
    dbname = pg_url.rsplit("/", 1)[1]
    (tmp_path / "a.txt").write_text("The bridge is safe, said the mayor.\n")
    assert run("--db", pg_url, "import", "a.txt", cwd=tmp_path).returncode == 0
    (tmp_path / dbname).mkdir()
    done = run("--db", pg_url, "export", "-o", f"{dbname}/out.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / dbname / "out.json").read_text("utf-8"))["articles"]
    (tmp_path / dbname).rename(tmp_path / "moved")
    done = run("--db", pg_url, "export", "--format", "brat", "-o", dbname, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert {p.suffix for p in (tmp_path / dbname).iterdir()} == {".ann", ".conf", ".txt"}
