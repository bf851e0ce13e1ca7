"""`list` and `export` work on a project in a read-only place (a read-only mount, a CD, a
colleague's folder you cannot write to): issue 7, case 11. SQLite cannot make its -shm there,
so a file without a -wal is opened immutable, and one whose -wal has no -shm is read from a
private copy. A real read-only mount is used (tests run as root in CI); elsewhere it is skipped.

SQLite only: read-only folders and mounts are a file's."""

import json
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project


def annotator(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator.cli", *args], capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def readonly_mount(tmp_path):
    point = tmp_path / f"ro-{uuid.uuid4().hex[:6]}"
    point.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(point)],
                          capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root, or no mount namespace)")

    def seal() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)

    yield point, seal
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


def make_project(folder: Path) -> Path:
    path = folder / "p.sqlite"
    with Project(path) as project:
        article, _ = project.add_article(ParsedArticle(text="The bridge is safe, said the mayor.\n",
                                                       title="Safe"))
        project.add_annotation(article.id, 4, 10, "actor")
    return path


def test_list_and_export_in_a_read_only_mount(tmp_path, readonly_mount):
    point, seal = readonly_mount
    source = make_project(tmp_path)
    shutil.copyfile(source, point / "clean.sqlite")  # closed cleanly: no -wal
    # A window that crashed: its last span only in the -wal, with the -shm, and without it.
    holder = sqlite3.connect(source)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("SELECT 1 FROM articles").fetchall()
    with Project(source) as project:
        article = project.articles()[0]
        project.add_annotation(article.id, 29, 34, "actor")
    for name, suffixes in (("crashed", ("", "-wal", "-shm")), ("copied", ("", "-wal"))):
        for suffix in suffixes:
            shutil.copyfile(f"{source}{suffix}", point / f"{name}.sqlite{suffix}")
    holder.close()
    seal()
    for name, spans in (("clean", 1), ("crashed", 2), ("copied", 2)):
        path = point / f"{name}.sqlite"
        listed = annotator("--db", str(path), "list")
        assert listed.returncode == 0, f"{name}: {listed.stderr}"
        assert listed.stdout.rstrip("\n").split("\t")[1:] == ["Safe", str(spans)]
        out = tmp_path / f"{name}.json"
        exported = annotator("--db", str(path), "export", "-o", str(out))
        assert exported.returncode == 0, f"{name}: {exported.stderr}"
        texts = [a["text"] for a in json.loads(out.read_text("utf-8"))["articles"][0]["annotations"]]
        assert texts == ["bridge", "mayor"][:spans]
