"""Bring a project file to the current schema, or refuse it untouched.

Opening never imports Alembic unless the file needs an upgrade: a new file is created from the
tables and stamped at head; a file at head is used as it is (DESIGN.md section 7, start-up).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..domain.model import utc_now
from ..errors import ProjectDamaged, ProjectError, shell_word
from .files.checks import (OUR_TABLES, SQLITE_MAGIC, check, connect_ro, project_id_of, said,
                          wal_mismatch)
from .files.engine import make_engine
from datetime import UTC

# Every revision in db/versions, oldest first (tests check this against Alembic's own list).
REVISIONS = ("0001_initial", "0002_project_info", "0003_comparison", "0004_teams",
             "0005_long_ids")
HEAD = REVISIONS[-1]
# The revisions whose files today's reading code reads as they are (0005 changed nothing in a
# SQLite file): a reader (list, export, compare...) opens such a file without upgrading it, so
# that it never changes the file; an older one is upgraded first, as a writer would. A revision
# that changes a SQLite file starts this list again (tests/storage/test_schema.py checks it).
READ_AS_IS = ("0004_teams", "0005_long_ids")
# An existing empty file becomes a project only under one of these names (an empty notes.txt
# given by mistake does not).
PROJECT_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".annotator")


def default_tags() -> list[dict]:
    import json
    from importlib.resources import files

    return json.loads(files("annotator.resources").joinpath("tags.json").read_text("utf-8"))




def seed(conn) -> None:
    """A new project's own rows (its id, the default tags and link types), on a SQLAlchemy
    connection: the same for a file and a PostgreSQL database."""
    import uuid

    from sqlalchemy import insert

    from ..domain.comparison.links import DEFAULT_LINK_TYPES
    from .tables import link_types, project_info, tags

    conn.execute(insert(project_info), [{"key": "project_id", "value": str(uuid.uuid4())},
                                        {"key": "created_at", "value": utc_now()}])
    conn.execute(insert(tags), [{**tag, "position": i} for i, tag in enumerate(default_tags())])
    conn.execute(insert(link_types), [{**t._asdict(), "position": i}
                                      for i, t in enumerate(DEFAULT_LINK_TYPES)])


def _read_revision(path: Path) -> str | None:
    """The file's Alembic revision; None for an empty SQLite file. Opens it read-only; without a
    -wal file beside it, as immutable, so that not even -shm/-wal files are created."""
    try:
        con = connect_ro(path)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({exc})") from None
    try:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not names:
            return None
        if not names >= OUR_TABLES:
            raise ProjectError(f"{path}: is a SQLite database but not an annotator project")
        rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{path}: is damaged or not a SQLite database ({said(exc)})") \
            from None
    finally:
        con.close()
    if len(rows) != 1:
        raise ProjectError(f"{path}: has an unreadable schema version")
    return rows[0][0]


def _wal_problem(path: Path, locked: bool) -> str | None:
    """A stray -wal is looked for only while no other program can be writing: reading the main
    file as unchanging during another program's checkpoint would see a half-written file."""
    if locked or not Path(f"{path}-wal").exists():
        return wal_mismatch(path)
    from .files.lock import ProjectLock, ProjectLocked

    try:
        with ProjectLock(path, "check").acquire():
            return wal_mismatch(path)
    except ProjectLocked:
        return None  # in use: its writer opened it, and checked it, first
    except (OSError, ProjectError):
        return None  # a read-only folder: no lock file can be made, nor a stray -wal replayed


def check_file(path: Path, locked: bool = False, thorough: bool = True) -> str | None:
    """Refuse what is not a project we can open; return its revision (None: new or empty).

    ``thorough`` (whoever will write) runs SQLite's quick_check, the foreign keys and every
    text against its hash before anything is written. A reader skips them: it changes nothing,
    so it cannot spread damage, and SQLite itself refuses a damaged page when it is read (the
    export also checks every annotation against its text as it goes)."""
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if path.exists() and not path.is_file():
        raise ProjectError(f"{path}: is not a regular file (a device, pipe or socket)")
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise ProjectError(f"{path}: is not a SQLite database (not an annotator project)")
    problem = _wal_problem(path, locked) or (check(path) if thorough else "ok")
    if problem != "ok":
        from .files.backup import newest_good_backup

        raise ProjectDamaged(path, problem, newest_good_backup(path, project_id_of(path)))
    revision = _read_revision(path)
    if revision is not None and revision not in REVISIONS:
        raise ProjectError(
            f"{path}: was made by a newer version of annotator (schema {revision!r}); "
            "update annotator to open it. The file was not changed."
        )
    return revision


def refuse_existing_non_project(path: Path) -> None:
    """An existing empty file becomes a project only when it is named like one."""
    try:
        empty = path.is_file() and path.stat().st_size == 0
    except OSError:
        return
    if empty and path.suffix.lower() not in PROJECT_SUFFIXES:
        raise ProjectError(f"{path}: is an existing file, not a project; a project is only "
                           "made in a new file or an empty one named .sqlite, .sqlite3, .db "
                           "or .annotator")


def set_aside_strays(path: Path) -> list[Path]:
    """A -wal, -shm or -journal left beside a project file that is gone (or empty) belongs to
    that old file: SQLite would replay it into a new project made at the same path. They are
    moved into the backups folder (never deleted: the old file may come back); returns where."""
    from datetime import datetime

    from .files.backup import backup_dir, make_backup_folder

    moved = []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    for suffix in ("-wal", "-journal", "-shm"):
        stray = Path(f"{path}{suffix}")
        if not stray.exists() and not stray.is_symlink():
            continue
        if suffix == "-shm":  # only an index of the -wal, rebuilt from it when needed
            stray.unlink()
            continue
        folder = backup_dir(path)
        make_backup_folder(folder)
        target = folder / f"{path.name}.{stamp}.orphaned{suffix}"
        os.replace(stray, target)
        moved.append(target)
    return moved


def create_project_file(path: Path) -> None:
    """Create a new project at head, atomically: built beside the target, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    set_aside_strays(path)
    import uuid

    from .tables import metadata  # only new files pay for SQLAlchemy, the schema's owner

    _remove_stale_partials(path)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    engine = make_engine(partial)
    try:
        metadata.create_all(engine)
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                                 "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES (?)", (HEAD,))
            seed(conn)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(f"{path}: appeared while the new project was being created")
        os.replace(partial, path)
    finally:
        engine.dispose()
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)


def _remove_stale_partials(path: Path) -> None:
    """What a creation killed midway left (a new project takes well under a minute)."""
    import re
    import time

    pattern = re.compile(re.escape(f".{path.name}.") + r"[0-9a-f]{32}\.partial(-wal|-shm|-journal)?")
    try:
        for leftover in path.parent.iterdir():
            if pattern.fullmatch(leftover.name) and time.time() - leftover.stat().st_mtime > 60:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass  # a folder we cannot list or clean: the new file is still made


def upgrade(path: Path) -> Path:
    """Back the file up, then run Alembic's upgrade to head. Returns the backup's path."""
    from .files.backup import make_backup

    backup = make_backup(path, "before-upgrade")
    from importlib.resources import files

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("annotator._migrations")))
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    return backup


def prepare(path: Path, create: bool = True, locked: bool = False, thorough: bool = True) -> str:
    """Make ``path`` a project at head. Returns 'created', 'upgraded' or 'current'.
    With ``create`` false, a missing file is refused instead of created. A reader (not
    ``thorough``) takes a file of READ_AS_IS as it is ('current')."""
    revision = check_file(path, locked, thorough)
    if not thorough and revision in READ_AS_IS:
        return "current"
    if revision is None:
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(f"{path}: is an empty SQLite database, not an annotator project")
        if not create:
            raise ProjectError(f"{path}: no such project (it is created by annotator --db "
                               f"{shell_word(path)} import FILE... or by opening it in the "
                               "window)")
        refuse_existing_non_project(path)
        create_project_file(path)
        return "created"
    if revision != HEAD:
        if locked:
            upgrade(path)
        else:  # two programs must not upgrade one file at once
            from .files.lock import ProjectLock

            with ProjectLock(path, "upgrade").acquire(wait=60):
                if check_file(path, locked=True) != HEAD:
                    upgrade(path)
        return "upgraded"
    return "current"
