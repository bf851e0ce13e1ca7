"""Ids longer than 36 characters (a W3C annotation named by its IRI, a script's long names): a
project file keeps them; a shared PostgreSQL project, whose schema holds 36, refuses the file
before anything is written, in a sentence naming the id (storage/merge/pg_ids.py), not with the
database's own message."""

import json

import pytest

from annotator.errors import InputRefused

TEXT = "Mayor Ann Lee said the bridge is safe."
LONG = "https://annotations.example.org/projects/alpha/anno-000001"


@pytest.fixture
def project_path(db_target):
    """A SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


def test_a_long_annotation_id_is_kept_in_a_file_and_refused_clearly_on_postgresql(
        project, tmp_path, db_target):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({
        "format": "annotator-export", "version": 2, "exported_at": "2026-01-01T00:00:00Z",
        "tags": [{"name": "actor", "color": "#2e9e5b", "description": ""}],
        "articles": [{"id": "art-1", "title": "Bridge", "text": TEXT, "annotations": [
            {"id": LONG, "tag": "actor", "start": 6, "end": 13, "text": "Ann Lee"}]}]}), "utf-8")
    if str(db_target).startswith("postgresql"):
        with pytest.raises(InputRefused) as refused:
            project.import_path(path)
        assert refused.value.reason == (
            f"refused: annotation {LONG!r} has an id of {len(LONG)} characters, and a shared "
            "PostgreSQL project holds ids of at most 36 (a project file holds longer ones: "
            "import it there, or give the file shorter ids)")
        assert project.articles() == []
    else:
        project.import_path(path)
        [article] = project.articles()
        assert [a.id for a in project.annotations(article.id)] == [LONG]
