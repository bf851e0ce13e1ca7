"""A csv folder export that fails partway (a full disk, an error while writing) leaves every
table of the folder as it was, and no temporary file: the tables are written together, as
brat's files are (shared/many_files), none replacing an old one before all are written whole."""

from __future__ import annotations

import itertools
import os
import time

import pytest

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import AnnotatorError
from annotator.formats.registry import by_name
from annotator.storage.project import Project

TABLES = ["actors.csv", "articles.csv", "link_types.csv", "links.csv", "spans.csv", "tags.csv"]


def fill(project: Project, name: str) -> None:
    """A project whose every table differs from another's filled with another ``name``."""
    text = f"{name} said the pier was sound. The harbour master of {name} did not answer."
    article, _ = project.add_article(ParsedArticle(text, f"Report on {name}"))
    project.add_tag(Tag(f"tag-{name}", "#123456", f"tag of {name}"))
    project.add_link_type(f"answers-{name}", True, f"link type of {name}")
    actor = project.add_actor(f"Actor {name}", [name], "person")
    said = project.add_annotation(article.id, 0, len(name), f"tag-{name}", actor=actor.id)
    pier = text.index("the pier")
    sound = project.add_annotation(article.id, pier, pier + 8, "quote", note=name)
    project.add_link(said.id, sound.id, f"answers-{name}")


def export(tmp_path, name: str, folder) -> None:
    path = tmp_path / f"{name}.sqlite"
    new = not path.exists()
    with Project(path, annotator=name) as project:
        if new:
            fill(project, name)
        by_name("csv", writing=True).write(project, folder)


def folder_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def first(tmp_path) -> dict[str, bytes]:
    """Project A exported whole into tmp_path / "out": its tables' bytes."""
    export(tmp_path, "Alpha", tmp_path / "out")
    written = folder_bytes(tmp_path / "out")
    assert sorted(written) == TABLES
    return written


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("table", ["spans.csv", "link_types.csv"])
def test_a_full_disk_while_writing_one_table_changes_no_table(tmp_path, first, monkeypatch,
                                                              table):
    real_open = os.open

    def full_disk(path, flags, mode=0o777, *, dir_fd=None):
        name = os.path.basename(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else ""
        if name.startswith(f".{table}.") and name.endswith(".tmp"):
            os.close(real_open(path, flags, mode))  # (the temporary file is made, and writing
            return real_open("/dev/full", os.O_WRONLY)  # into it finds the disk full: ENOSPC)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", full_disk)
    with pytest.raises(AnnotatorError, match="cannot be written"):
        export(tmp_path, "Bravo", tmp_path / "out")
    monkeypatch.undo()
    assert folder_bytes(tmp_path / "out") == first  # every table A's, no temporary file
    export(tmp_path, "Bravo", tmp_path / "out")  # (and B's tables do differ from A's)
    assert all(data != first[name] for name, data in folder_bytes(tmp_path / "out").items())


def test_an_error_before_every_table_is_written_changes_no_table(tmp_path, first, monkeypatch):
    class Boom(Exception):
        pass

    real_fsync, calls = os.fsync, itertools.count(1)

    def fsync(fd):
        if next(calls) == 3:  # (a table's, after one or two others were written)
            raise Boom
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(Boom):
        export(tmp_path, "Bravo", tmp_path / "out")
    monkeypatch.undo()
    assert folder_bytes(tmp_path / "out") == first


def test_a_killed_exports_temporary_is_removed_by_the_next(tmp_path, first):
    leftover = tmp_path / "out" / ".spans.csv.abcdef-1-0123abcd.tmp"  # (what kill -9 leaves)
    leftover.write_bytes(b"half a table")
    hours_ago = time.time() - 7200
    os.utime(leftover, (hours_ago, hours_ago))
    export(tmp_path, "Bravo", tmp_path / "out")
    assert sorted(folder_bytes(tmp_path / "out")) == TABLES
