"""SQLAlchemy engine for a project file: WAL, synchronous=FULL, foreign keys, busy timeout, and
real transactions (pysqlite's own implicit ones are switched off; we emit BEGIN ourselves).

A reading engine opens the file with SQLite's ``mode=ro``: such a connection never checkpoints
and never deletes the -wal when it closes, so a reading command cannot take the -wal away from a
window that writes to it, even if that window's POSIX locks were lost. In a place where nothing
can be written (a read-only folder or mount) a file without a -wal is opened ``immutable``,
which needs no -shm.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, QueuePool, create_engine, event

BUSY_TIMEOUT_MS = 10_000


def read_uri(path: Path) -> str:
    """The SQLite URI a reader uses for ``path`` (see the module's docstring)."""
    uri = f"file:{quote(str(path))}?mode=ro"
    if not os.path.exists(f"{path}-wal") and not writable_place(path):
        uri += "&immutable=1"
    return uri


def writable_place(path: Path) -> bool:
    """Can SQLite create its -wal and -shm beside ``path``?"""
    folder = Path(path).parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def make_engine(path: Path, readonly: bool = False) -> Engine:
    connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    if readonly:
        def creator():
            if (os.path.exists(f"{path}-wal") and not os.path.exists(f"{path}-shm")
                    and not writable_place(path)):
                from .checks import connect_ro  # a -wal nobody can index here: read a copy

                return connect_ro(path)
            return sqlite3.connect(read_uri(path), uri=True, **connect_args)

        engine = create_engine("sqlite+pysqlite://", creator=creator, poolclass=QueuePool)
    else:
        # Pooled connections stay open: closing the last one makes SQLite checkpoint and delete
        # the WAL, which would turn every one-span transaction into several fsyncs.
        engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # autocommit driver; transactions are ours
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Writers take the write lock at BEGIN, so two writers queue instead of failing midway.
        mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
