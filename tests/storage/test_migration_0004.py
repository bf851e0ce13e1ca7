"""The team-work migration (0004_teams) on a file a 0003 program left: every row kept, every
annotation and link at version 1, the decisions and changes tables empty and usable.

SQLite only: it upgrades a committed 0003 project file; Alembic's whole chain (0001 to head)
is run on PostgreSQL in tests/storage/test_pg.py."""

import shutil
import sqlite3
from pathlib import Path

from annotator.storage.project import Project
from annotator.storage.schema import HEAD

DATA = Path(__file__).parent / "data"


def test_0003_file_upgrades_to_0004_with_every_row_kept(tmp_path):
    path = tmp_path / "p.sqlite"
    shutil.copy(DATA / "project-0003.sqlite", path)
    before = sqlite3.connect(path)
    spans = before.execute("SELECT * FROM annotations ORDER BY id").fetchall()
    links = before.execute("SELECT * FROM links ORDER BY id").fetchall()
    actors = before.execute("SELECT * FROM actors").fetchall()
    before.close()
    with Project(path) as project:
        assert project.status == "upgraded"
        assert project.annotation("s5").actor == "act-1"
        assert project.annotation("s5").attributes == {"quote_form": "direct"}
        assert [(link.from_id, link.to_id, link.type) for link in project.links()] == [
            ("s4", "s5", "speaker")]
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    assert [row[:-1] for row in con.execute("SELECT * FROM annotations ORDER BY id")] == spans
    assert {row[-1] for row in con.execute("SELECT * FROM annotations")} == {1}
    assert [row[:-1] for row in con.execute("SELECT * FROM links ORDER BY id")] == links
    assert con.execute("SELECT version FROM links").fetchall() == [(1,)]
    assert con.execute("SELECT * FROM actors").fetchall() == actors
    assert con.execute("SELECT count(*) FROM decisions").fetchone() == (0,)
    con.execute("INSERT INTO changes (at, payload) VALUES ('2026-11-29T00:00:00Z', '{}')")
    assert con.execute("SELECT seq FROM changes").fetchall() == [(1,)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
