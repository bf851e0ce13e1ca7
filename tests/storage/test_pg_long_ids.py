"""Ids of up to 128 characters (a W3C annotation named by its IRI, a script's long names), as
every reader takes them: a project file keeps them, and so does a shared PostgreSQL project since
0005_long_ids (before, its VARCHAR(36) refused the whole file)."""

import json

import pytest
from dbrows import rows

from annotator.storage.merge import pg_ids
from annotator.storage.project import Project
from annotator.storage.tables import ID_LENGTH, metadata

TEXT = "Mayor Ann Lee said the bridge is safe."
LONG = "https://annotations.example.org/projects/alpha/anno-000001"
LONGEST = "x" * 128


@pytest.fixture
def project_path(db_target):
    """A SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


def test_long_ids_are_kept_in_a_file_and_on_postgresql(project, tmp_path, db_target):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({
        "format": "annotator-export", "version": 2, "exported_at": "2026-01-01T00:00:00Z",
        "tags": [{"name": "actor", "color": "#2e9e5b", "description": ""}],
        "actors": [{"id": LONGEST, "name": "Ann Lee", "aliases": []}],
        "link_types": [{"name": "same", "directed": False, "description": ""}],
        "articles": [{"id": LONG + "-article", "title": "Bridge", "text": TEXT, "annotations": [
            {"id": LONG, "tag": "actor", "start": 6, "end": 13, "text": "Ann Lee",
             "actor": LONGEST},
            {"id": LONGEST[:-1] + "y", "tag": "actor", "start": 0, "end": 5, "text": "Mayor"}]}],
        "links": [{"id": "l" * 128, "type": "same", "from": LONG, "to": LONGEST[:-1] + "y"}]}),
        "utf-8")
    project.import_path(path)
    [article] = project.articles()
    assert article.id == LONG + "-article"
    assert {(a.id, a.actor) for a in project.annotations(article.id)} == {
        (LONG, LONGEST), (LONGEST[:-1] + "y", None)}
    assert [link.id for link in project.links()] == ["l" * 128]


def test_postgresql_ids_hold_128_characters_in_c_collation(db_target, project):
    if not str(db_target).startswith("postgresql"):
        pytest.skip("SQLite does not enforce a VARCHAR's length")
    ids = {(t.name, c.name) for t in metadata.sorted_tables for c in t.columns
           if getattr(c.type, "length", None) == 36}
    assert len(ids) == 11
    made = set(rows(db_target, "SELECT table_name, column_name FROM information_schema.columns "
                               "WHERE table_schema = current_schema() AND "
                               "character_maximum_length = 128 AND collation_name = 'C'"))
    assert ids <= made


def test_the_guard_before_a_merge_knows_the_schemas_length():
    assert pg_ids.ID_LENGTH == ID_LENGTH


def test_a_postgresql_project_of_0004_with_work_in_it_is_upgraded_to_long_ids(pg_url, tmp_path):
    from importlib.resources import files

    from alembic import command
    from alembic.config import Config

    from annotator.storage.server.backend_pg import _engine
    from annotator.storage.target import parse_url

    config = Config()
    config.set_main_option("script_location", str(files("annotator._migrations")))
    engine = _engine(parse_url(pg_url))
    with engine.connect() as conn:  # (a database a 0004 program made and worked in)
        config.attributes["connection"] = conn
        command.upgrade(config, "0004_teams")
        for sql in (
                "INSERT INTO articles (id, seq, title, imported_at, text, text_sha256) VALUES "
                "('a1', 1, 'T', '2026-01-01T00:00:00Z', 'Mayor Ann Lee', 'sha')",
                "INSERT INTO annotators (id, name) VALUES (1, 'ann')",
                "INSERT INTO annotations (id, article_id, tag_id, start, \"end\", text, note, "
                "annotator_id, created_at, updated_at) SELECT s, 'a1', id, b, e, t, '', 1, "
                "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM tags, (VALUES ('s1', 0, "
                "5, 'Mayor'), ('s2', 6, 13, 'Ann Lee')) AS v (s, b, e, t) WHERE name = 'actor'",
                "INSERT INTO link_types (name, directed, description, position) SELECT "
                "'same', false, '', 99 WHERE NOT EXISTS (SELECT 1 FROM link_types WHERE "
                "name = 'same')",
                "INSERT INTO links (id, type_id, from_id, to_id, note, annotator_id, created_at, "
                "updated_at) SELECT 'l1', id, 's1', 's2', '', 1, '2026-01-01T00:00:00Z', "
                "'2026-01-01T00:00:00Z' FROM link_types WHERE name = 'same'"):
            conn.exec_driver_sql(sql)
        conn.commit()
    engine.dispose()
    with Project(pg_url) as project:  # (upgraded as it opens)
        assert project.status == "upgraded"
        assert [(a.id, a.text) for a in project.annotations("a1")] == [
            ("s1", "Mayor"), ("s2", "Ann Lee")]
        assert [(k.id, k.from_id, k.to_id) for k in project.links()] == [("l1", "s1", "s2")]
    assert rows(pg_url, "SELECT version_num FROM alembic_version") == [("0005_long_ids",)]
    assert set(rows(pg_url, "SELECT character_maximum_length, collation_name FROM "
                            "information_schema.columns WHERE table_schema = current_schema() "
                            "AND column_name IN ('id', 'from_id', 'to_id') AND table_name IN "
                            "('articles', 'annotations', 'links')")) == {(128, "C")}
