"""Backups that are not what they seem (empty, not SQLite, not ours, without an id), copies cut
short by a kill, and places where no backup can be written: a sentence, never a traceback.

SQLite only: these are backup files of a project file (PostgreSQL: pg_dump)."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle
from annotator.errors import ProjectError
from annotator.storage.files import backup as backups
from annotator.storage.project import Project
from annotator.storage.files.restore import restore

ENTRY = Path(sys.executable).with_name("annotator")


def run(*args, cwd):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([str(ENTRY), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def articles(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def sentence(out):
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert out.stderr.startswith("annotator: ") and len(out.stderr.splitlines()) == 1, out.stderr
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr
    return out.stderr


@pytest.fixture
def saved(tmp_path):
    """A project with one article and a good backup of it, then a second article."""
    path = tmp_path / "p.sqlite"
    with Project(path) as project:
        project.add_article(ParsedArticle(text="First article.", title="One"))
        good = project.backup("manual")
        project.add_article(ParsedArticle(text="Second article.", title="Two"))
    return path, good


def newer_copy(project: Path, good: Path, content: bytes | None) -> Path:
    stamp = good.name.split(".")[-3]
    newer = good.with_name(good.name.replace(stamp, stamp[:-7] + "999999Z"))
    assert newer.name > good.name
    if content is None:  # an annotator file with project_info but no project id
        newer.write_bytes(good.read_bytes())
        con = sqlite3.connect(newer)
        con.execute("DELETE FROM project_info WHERE key = 'project_id'")
        con.commit()
        con.close()
    else:
        newer.write_bytes(content)
    return newer


@pytest.mark.parametrize("kind", ["empty", "not sqlite", "foreign", "no id"])
def test_a_bad_newest_backup_is_listed_damaged_and_skipped(saved, kind, tmp_path):
    path, good = saved
    if kind == "foreign":
        other = tmp_path / "zotero.sqlite"
        con = sqlite3.connect(other)
        con.execute("CREATE TABLE items (id INTEGER)")
        con.close()
        content = other.read_bytes()
    else:
        content = {"empty": b"", "not sqlite": b"hello " * 100, "no id": None}[kind]
    bad = newer_copy(path, good, content)
    assert backups.newest_good_backup(path).path == good
    listed = run("--db", str(path), "backups", cwd=tmp_path)
    lines = listed.stdout.splitlines()
    assert len(lines) == 2 and lines[0].endswith(str(bad)) and lines[1].endswith(str(good))
    assert "\tDAMAGED\t" in lines[0] and "\tok\t" in lines[1]
    done = run("--db", str(path), "restore", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(good) in done.stderr and articles(path) == 1
    refused = sentence(run("--db", str(path), "restore", str(bad), cwd=tmp_path))
    assert str(bad) in refused and articles(path) == 1


def test_restore_names_the_problem_of_an_empty_backup(saved):
    path, good = saved
    bad = newer_copy(path, good, b"")
    with pytest.raises(ProjectError, match="empty"):
        restore(path, bad)
    assert articles(path) == 2


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_backup_leaves_nothing_after_the_next_one(saved):
    path, good = saved
    folder = backups.backup_dir(path)
    # What a backup killed while SQLite was copying leaves: the partial copy and its journal,
    # under a name carrying the writer's process id (here: a process that has ended).
    start = good.name[: -len(".manual.sqlite")]
    left = folder / f"{start}.manual.{backups.writer_tag(dead_pid())}.partial"
    left.write_bytes(b"SQLite format 3\x00" + bytes(100))
    journal = Path(f"{left}-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(100))
    # One of a backup still running in another process (this one) stays.
    running = folder / f"{start}.manual.{backups.writer_tag(os.getpid())}.partial"
    running.write_bytes(b"")
    Path(f"{running}-journal").write_bytes(b"")
    with Project(path) as project:
        project.backup("manual")
    names = sorted(p.name for p in folder.iterdir())
    assert not left.exists() and not journal.exists(), names
    assert running.exists() and Path(f"{running}-journal").exists()
    assert [n for n in names if "partial" in n] == sorted([running.name, running.name + "-journal"])


def test_partial_copies_of_the_old_naming_go_after_an_hour_with_their_journal(saved):
    path, good = saved
    folder = backups.backup_dir(path)
    start = good.name[: -len(".manual.sqlite")]
    old = folder / f"{start}.auto.partial"
    old_journal = Path(f"{old}-journal")
    orphan_journal = folder / f"{start}.manual.partial-journal"  # its copy already gone
    for stale in (old, old_journal, orphan_journal):
        stale.write_bytes(b"x")
        os.utime(stale, (time.time() - 7200,) * 2)
    with Project(path) as project:
        project.backup("manual")
    assert sorted(p.name for p in folder.iterdir() if "partial" in p.name) == []


def test_make_backup_leaves_no_partial_or_journal_when_its_check_fails(saved, monkeypatch):
    path, _ = saved
    monkeypatch.setattr(backups, "check", lambda *a, **k: "simulated failure")
    with pytest.raises(ProjectError, match="simulated failure"):
        backups.make_backup(path, "manual")
    assert [p.name for p in backups.backup_dir(path).iterdir() if "partial" in p.name] == []


def backup_folder_replaced_by_a_file(path, content: bytes):
    folder = backups.backup_dir(path)
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_bytes(content)
    return folder


def test_backup_when_the_backup_folder_is_a_file(saved, tmp_path):
    path, _ = saved
    folder = backup_folder_replaced_by_a_file(path, b"not a folder")
    message = sentence(run("--db", str(path), "backup", cwd=tmp_path))
    assert f"annotator: {folder}: " in message
    assert folder.read_bytes() == b"not a folder"


def test_a_merge_when_the_backup_folder_is_a_file_is_refused_whole(saved, tmp_path):
    path, _ = saved
    folder = backup_folder_replaced_by_a_file(path, b"")
    export = tmp_path / "e.json"
    export.write_text('{"format": "annotator-export", "version": 1, "articles": [{"text": "New."}]}')
    out = run("--db", str(path), "import", str(export), cwd=tmp_path)
    message = sentence(out)
    assert str(export) in message and str(folder) in message
    assert articles(path) == 2


def test_restore_when_the_lock_or_the_copy_cannot_be_written(saved, tmp_path):
    path, good = saved
    lock = path.with_name(f".{path.name}.lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()  # open() fails as it does in a read-only folder: with an OSError
    message = sentence(run("--db", str(path), "restore", cwd=tmp_path))
    assert str(lock) in message
    lock.rmdir()
    restoring = path.with_name(f".{path.name}.restoring")
    restoring.mkdir()  # SQLite cannot create the copy there
    message = sentence(run("--db", str(path), "restore", cwd=tmp_path))
    assert str(restoring) in message or str(path.parent) in message
    assert articles(path) == 2


@pytest.fixture
def read_only_mount(tmp_path):
    """A folder on a tmpfs mounted read-only (root cannot write there either); skipped where
    mounting is not allowed."""
    place = tmp_path / "ro"
    place.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(place)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield place
    finally:
        subprocess.run(["umount", str(place)], capture_output=True)


def remount_read_only(place):
    assert subprocess.run(["mount", "-o", "remount,ro", str(place)]).returncode == 0


def test_backup_and_restore_in_a_read_only_folder(read_only_mount, tmp_path):
    path = read_only_mount / "p.sqlite"
    with Project(path) as project:
        project.add_article(ParsedArticle(text="First article.", title="One"))
        project.backup("manual")
    before = {p.name: p.read_bytes() for p in read_only_mount.rglob("*") if p.is_file()}
    remount_read_only(read_only_mount)
    message = sentence(run("--db", str(path), "backup", cwd=tmp_path))
    assert "Read-only file system" in message and str(read_only_mount) in message
    message = sentence(run("--db", str(path), "restore", cwd=tmp_path))
    assert "Read-only file system" in message and str(read_only_mount) in message
    assert {p.name: p.read_bytes() for p in read_only_mount.rglob("*") if p.is_file()} == before


def test_backup_when_no_backup_folder_can_be_made_on_a_read_only_mount(read_only_mount, tmp_path):
    path = read_only_mount / "p.sqlite"
    with Project(path) as project:
        project.add_article(ParsedArticle(text="First article.", title="One"))
    remount_read_only(read_only_mount)
    message = sentence(run("--db", str(path), "backup", cwd=tmp_path))
    assert f"{path}-backups: " in message and "Read-only file system" in message


def test_writer_tags_name_this_host_and_process():
    assert str(os.getpid()) in backups.writer_tag(os.getpid())
    assert socket.gethostname() not in backups.writer_tag(os.getpid())  # a short digest only
