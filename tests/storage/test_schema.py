"""The schema of project files: tables.py against the migrations, creation, upgrades of committed
old files. SQLite only: PostgreSQL's init and upgrades are in tests/storage/test_pg.py."""

import hashlib
import json
import shutil
import sqlite3
from importlib.resources import files
from pathlib import Path

import pytest
from dbrows import rows

from annotator.domain.model import ParsedArticle
from annotator.errors import ProjectError
from annotator.storage import schema
from annotator.storage.files.backup import backup_dir
from annotator.storage.project import Project

DATA = Path(__file__).with_name("data")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_revisions_match_alembic_history():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(files("annotator._migrations")))
    script = ScriptDirectory.from_config(config)
    history = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(history) == schema.REVISIONS
    assert script.get_current_head() == schema.HEAD


def test_migrations_build_exactly_the_models(tmp_path):
    """A file upgraded from the first revision has the schema the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from annotator.storage.files.engine import make_engine
    from annotator.storage.models import Base

    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "project-0001.sqlite", path)
    schema.upgrade(path)
    engine = make_engine(path)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_old_schema_is_backed_up_then_upgraded_with_data_kept(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "project-0001.sqlite", path)
    original = digest(path)
    with Project(path) as project:
        assert project.status == "upgraded"
        (article,) = project.articles()
        assert article.annotation_count == 3
        spans = {(a.tag, a.text) for a in project.annotations(article.id)}
        assert spans == {("actor", "Mayor"), ("claim", "“Zoë”"), ("quote", "🌉")}
        assert set(project.info()) == {"project_id", "created_at"}
        project.add_annotation(article.id, 0, 5, "claim")  # the upgraded file is writable
    (backup,) = backup_dir(path).glob("*.before-upgrade.sqlite")
    con = sqlite3.connect(backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001_initial",)]
    assert con.execute("SELECT count(*) FROM annotations").fetchall() == [(3,)]
    con.close()
    assert original != digest(path)
    assert page_size(path) == 4096  # (an older file keeps its pages)


def page_size(path: Path) -> int:
    return rows(path, "PRAGMA page_size")[0][0]


def test_a_new_project_has_larger_pages(tmp_path):
    """16 KiB: a quarter of the pages to write when a file of 100,000 spans is imported."""
    path = tmp_path / "new.sqlite"
    with Project(path) as project:
        article = project.add_article(ParsedArticle("One claim here.", "A title"))[0]
        project.add_annotation(article.id, 0, 3, "claim")
    assert page_size(path) == 16_384
    with Project(path) as project:
        assert [a.text for a in project.annotations(article.id)] == ["One"]


def test_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my notes, not a database.\n" * 10)
    before = digest(path)
    with pytest.raises(ProjectError, match="not a SQLite database"):
        Project(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.sqlite"
    shutil.copy(DATA / "project-0001.sqlite", path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    con.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")  # the usual state of a project file
    con.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Project(path)
    assert digest(path) == before
    assert not backup_dir(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.sqlite"]  # no -wal, no -shm


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project(path)
    assert digest(path) == before


def test_folder_is_refused(tmp_path):
    with pytest.raises(ProjectError, match="folder"):
        Project(tmp_path)


def test_opening_a_current_project_does_not_import_alembic(project_path):
    import subprocess
    import sys

    Project(project_path).close()
    code = ("import sys; from annotator.storage.project import Project; "
            f"Project({str(project_path)!r}).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_another_programs_alembic_database_is_not_called_newer(tmp_path):
    path = tmp_path / "taguette.sqlite3"
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE alembic_version (version_num TEXT); "
                      "INSERT INTO alembic_version VALUES ('abc123'); CREATE TABLE projects (id INT);")
    con.close()
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project(path)


def test_pipes_are_refused_and_symlinks_followed(tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ProjectError, match="not a regular file"):
        Project(fifo)
    assert fifo.is_fifo()
    target = tmp_path / "real.sqlite"
    link = tmp_path / "link.sqlite"
    link.symlink_to(target)
    Project(link).close()
    assert link.is_symlink() and target.stat().st_size > 0


def test_reading_commands_do_not_create_a_project(tmp_path):
    with pytest.raises(ProjectError, match="no such project"):
        Project(tmp_path / "typo.sqlite", create=False)
    assert not (tmp_path / "typo.sqlite").exists()


def test_a_file_of_schema_0002_opens_with_every_row_as_it_was(tmp_path):
    """project-0002.sqlite (made by data/make_schema_0002.py) is what the next migrations are
    tested on; today it is the head, and opens as it is."""
    import json

    from annotator.storage.project import Project

    path = tmp_path / "p.sqlite"
    shutil.copy(DATA / "project-0002.sqlite", path)
    with Project(path) as project:
        assert project.status in ("current", "upgraded")
        assert project.info()["project_id"] == "0a0a0a0a-0002-4000-8000-000000000002"
        assert [t.name for t in project.tags()] == ["claim", "quote", "actor", "source"]
        buffer = __import__("io").BytesIO()
        project.write_export(buffer)
    doc = json.loads(buffer.getvalue())
    spans = {a["id"]: (a["tag"], a["text"], a["annotator"], a["note"])
             for article in doc["articles"] for a in article["annotations"]}
    assert spans == {"s1": ("actor", "Mayor “Zoë” Ortiz", "ana", ""),
                     "s2": ("actor", "“Zoë” Ortiz", "ben", ""),
                     "s3": ("claim", "the bridge 🌉 would reopen", "ana", "main claim"),
                     "s4": ("quote", "“not yet”", "ben", "short answer"),
                     "s5": ("actor", "Raj Patel", "ana", ""),
                     "s6": ("source", "engineer", "ben", "")}


def test_a_reader_reads_a_file_of_0004_as_it_is_and_a_writer_upgrades_it(tmp_path):
    """0005 changed nothing in a SQLite file: list, export, compare read a 0004 file without
    upgrading it (they never change the file), where they used to stamp it and back it up."""
    from cli_run import run

    path = tmp_path / "p.sqlite"
    with Project(path) as project:
        article, _ = project.add_article(ParsedArticle(text="Mayor Ann Lee spoke.", title="T"))
        project.add_annotation(article.id, 6, 13, "actor")
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0004_teams'")
    con.close()
    before = digest(path)
    for args in (["list"], ["export", "-o", str(tmp_path / "e.json")], ["compare"]):
        assert run("--db", str(path), *args, cwd=tmp_path).returncode == 0
    assert digest(path) == before
    assert not backup_dir(path).exists()
    assert json.loads((tmp_path / "e.json").read_bytes())["articles"][0]["annotations"][0][
        "text"] == "Ann Lee"
    with Project(path) as project:
        assert project.status == "upgraded"
    assert rows(path, "SELECT version_num FROM alembic_version") == [(schema.HEAD,)]


def test_readers_take_as_is_only_revisions_up_to_head_that_read_like_it():
    """READ_AS_IS names its revisions: a new one that changes a SQLite file is not read as is
    by mistake (the list must then start again from it)."""
    assert schema.READ_AS_IS[-1] == schema.HEAD, "a new revision: does it change a SQLite file?"
    assert set(schema.READ_AS_IS) <= set(schema.REVISIONS)
