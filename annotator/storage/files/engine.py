"""Connections to a project file: WAL, synchronous=FULL, foreign keys, busy timeout, and
transactions we open ourselves (BEGIN IMMEDIATE for writers, so two writers queue instead of
failing midway).

The program reads and writes through plain ``sqlite3``: SQLAlchemy owns the schema and its
migrations (tables.py, schema.py, db/), and is imported only to create or upgrade a file, so no
start-up and no reading command pays for it.

A reading connection opens the file with SQLite's ``mode=ro``: such a connection never
checkpoints and never deletes the -wal when it closes, so a reading command cannot take the -wal
away from a window that writes to it, even if that window's POSIX locks were lost. In a place
where nothing can be written (a read-only folder or mount), or beside a file that cannot be
written, a file without a -wal is opened ``immutable``, which needs no -shm.

SQLite makes a -wal and -shm with the mode of their file: beside a read-only file they would be
read-only too, and would stop every writer even once the file is writable again. So a writer
refuses such a file before SQLite opens it (refuse_read_only), and a reader creates nothing
beside it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from ...errors import ProjectError

BUSY_TIMEOUT_MS = 10_000
# Pages of a new project file (SQLite's default is 4 KiB). Importing 100,000 annotations writes
# a quarter as many pages and their -wal frames: 0.07 s less of a 0.9 s import (issue 11), for
# 0.1 ms more per saved annotation (0.3 ms). A file made before keeps its pages.
PAGE_SIZE = 16_384


def read_uri(path: Path) -> str:
    """The SQLite URI a reader uses for ``path`` (see the module's docstring)."""
    uri = f"file:{quote(str(path))}?mode=ro"
    if not os.path.exists(f"{path}-wal") and not writable_place(path):
        uri += "&immutable=1"
    return uri


def writable_place(path: Path) -> bool:
    """Can SQLite create a -wal and -shm beside ``path`` that a writer can use?"""
    folder = Path(path).parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK) and (not os.path.exists(path) or os.access(path, os.W_OK))


def refuse_read_only(path: Path) -> None:
    """A project file, or a -wal or -shm of it, that cannot be written is refused before a
    writer opens it: SQLite would open the file read-only, fail at the first change and leave a
    read-only -wal and -shm behind (see the module's docstring)."""
    for name in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists() and not os.access(name, os.W_OK):
            raise ProjectError(f"{name}: cannot be written (the file is read-only); the project "
                               "cannot be opened for writing here")


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (the caller opens its transactions)."""
    options: dict = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False,
                     "isolation_level": None}
    if not readonly:
        con = sqlite3.connect(path, **options)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
    elif (os.path.exists(f"{path}-wal") and not os.path.exists(f"{path}-shm")
          and not writable_place(path)):
        from .checks import connect_ro  # a -wal nobody can index here: read a private copy

        con = connect_ro(path)
        con.isolation_level = None
    else:
        con = sqlite3.connect(read_uri(path), uri=True, **options)
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    con.execute("PRAGMA foreign_keys = ON")
    return con


def make_engine(path: Path):
    """A SQLAlchemy engine, for creating a file from the tables and for Alembic's upgrades."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite+pysqlite:///{path}",
                           connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # autocommit driver; transactions are ours
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # (only a file still empty takes it)
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
