"""Projects are never made where a person did not mean one (issue 7, case 14)."""

import pytest

from annotator.errors import ProjectError
from annotator.storage.project import Project


def test_an_existing_empty_file_of_another_kind_is_not_turned_into_a_project(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"")
    with pytest.raises(ProjectError, match="notes.txt: is an existing file, not a project"):
        Project(notes)
    assert notes.read_bytes() == b""
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("name", ["study.sqlite", "study.db", "study.sqlite3", "study.annotator"])
def test_an_empty_file_named_as_a_project_becomes_one(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with Project(path) as project:
        assert project.status == "created"


def test_a_new_file_of_any_name_becomes_a_project(tmp_path):
    with Project(tmp_path / "study.notes") as project:
        assert project.status == "created"
