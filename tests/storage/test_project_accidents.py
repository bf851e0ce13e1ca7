"""Projects are never made where a person did not mean one (issue 7, case 14).

SQLite only: about files made where nobody meant a project; on PostgreSQL only `init` makes
one (tests/storage/test_pg.py)."""

from pathlib import Path

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


def test_a_creation_killed_midway_leaves_nothing_for_long(tmp_path):
    import os
    import time

    leftover = tmp_path / ".study.sqlite.0123456789abcdef0123456789abcdef.partial"
    for suffix in ("", "-journal", "-wal"):
        Path(f"{leftover}{suffix}").write_bytes(b"half")
        os.utime(f"{leftover}{suffix}", (time.time() - 600, time.time() - 600))
    with Project(tmp_path / "study.sqlite") as project:
        assert project.status == "created"
    assert not [p.name for p in tmp_path.iterdir() if "partial" in p.name]


def test_a_symbolic_link_loop_is_named_as_one(tmp_path):
    from annotator.errors import AnnotatorError

    (tmp_path / "a.sqlite").symlink_to(tmp_path / "b.sqlite")
    (tmp_path / "b.sqlite").symlink_to(tmp_path / "a.sqlite")
    with pytest.raises(AnnotatorError, match="symbolic link loop"):
        Project(tmp_path / "a.sqlite", lock="window")


def test_a_suggested_command_quotes_a_path_with_spaces(tmp_path):
    import shlex

    from annotator.errors import ProjectError

    path = tmp_path / "my study" / "p.sqlite"
    with pytest.raises(ProjectError) as info:
        Project(path, create=False)
    message = str(info.value)
    command = message[message.index("annotator --db"):message.index(" or by opening")]
    assert shlex.split(command) == ["annotator", "--db", str(path), "import", "FILE..."]


def test_the_projects_own_files_are_never_opened_as_input(tmp_path):
    """Opening and closing them would drop this process's SQLite locks on the project."""
    from annotator.domain.model import ParsedArticle
    from annotator.errors import InputRefused

    with Project(tmp_path / "p.sqlite", lock="window") as project:
        project.add_article(ParsedArticle(text="A report.\n", title="R"))
        (tmp_path / "link.txt").symlink_to(tmp_path / "p.sqlite")
        for name, role in (("p.sqlite-wal", "the project's -wal file"),
                           ("link.txt", "the project file itself"),
                           (".p.sqlite.lock", "the project's lock file")):
            with pytest.raises(InputRefused, match=f"is {role}, not an article"):
                project.import_file(tmp_path / name)
        assert len(project.articles()) == 1
