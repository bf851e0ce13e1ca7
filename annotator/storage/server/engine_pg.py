"""Connections to a PostgreSQL project (psycopg 3) with the interface the storage code uses on
sqlite3: ``execute``/``executemany`` with ``?`` parameters returning a cursor, ``in_transaction``,
``commit``/``rollback``/``close``, and transactions we open ourselves.

- ``?`` placeholders become ``%s`` (outside string literals and quoted names) and a literal
  ``%`` becomes ``%%``; each statement is translated once and cached.
- ``BEGIN IMMEDIATE`` (a writer) is a plain READ COMMITTED transaction: the server arbitrates
  between writers row by row. ``BEGIN`` (a reader) is REPEATABLE READ, so a read spanning many
  statements (an export) sees one snapshot, as SQLite's does.
- psycopg's errors become the sqlite3 ones the storage code already handles (an integrity error
  stays an integrity error), or a ProjectError naming the server and the database when the
  server is unreachable or the connection is lost. A failed COMMIT raises: nothing is reported
  saved that was not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from ...errors import ProjectError
from ..target import PgTarget

CONNECT_TIMEOUT = 10
_BEGIN = {"BEGIN IMMEDIATE": "BEGIN ISOLATION LEVEL READ COMMITTED",
          "BEGIN": "BEGIN ISOLATION LEVEL REPEATABLE READ"}


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``?`` -> ``%s`` and ``%`` -> ``%%`` outside '...' literals and "..." names."""
    if sql in _BEGIN:
        return _BEGIN[sql]
    out = []
    quote = None
    name = None  # a :name parameter being read
    for char in sql + " ":
        if name is not None:
            if char.isalnum() or char == "_":
                name += char
                continue
            out.append(f"%({name})s" if name else ":")
            name = None
        if quote:
            if char == quote:
                quote = None
            out.append("%%" if char == "%" else char)
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        elif char == ":" and (not out or out[-1] != ":"):
            name = ""
        else:
            out.append(char)
    return "".join(out)[:-1]


def unreachable(target: PgTarget, exc: Exception) -> ProjectError:
    """One sentence for a failed connection: the database missing, the password refused, or the
    server not answering."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    detail = first.rsplit("failed: ", 1)[-1].removeprefix("FATAL:").strip()
    lowered = detail.lower()
    if "does not exist" in lowered and "database" in lowered:
        return ProjectError(f"{target.url}: there is no {target.where} (create it with createdb "
                            "or on the hosted server, then run annotator --db URL init)")
    if "password" in lowered or "authentication" in lowered:
        return ProjectError(f"{target.url}: the server refused the login ({detail}); give the "
                            "password with PGPASSWORD or in ~/.pgpass")
    return ProjectError(f"{target.url}: the PostgreSQL server cannot be reached for the "
                        f"{target.where} ({detail}); nothing was changed")


def raw_connect(target: PgTarget, autocommit: bool = True):
    """A psycopg connection, or a ProjectError in one sentence naming the server."""
    import psycopg

    try:
        return psycopg.connect(**target.connect_args(), autocommit=autocommit,
                               connect_timeout=CONNECT_TIMEOUT, application_name="annotator")
    except psycopg.Error as exc:
        raise unreachable(target, exc) from None


def connect(target: PgTarget) -> PgConnection:
    return PgConnection(raw_connect(target), target)


def _bound(parameters):
    """sqlite3 takes any sequence (or a mapping for :name); psycopg a tuple or a dict."""
    if not parameters:
        return None
    return parameters if isinstance(parameters, dict) else tuple(parameters)


class PgConnection:
    """A psycopg connection behind sqlite3's interface (see the module's docstring)."""

    dialect = "postgresql"

    def __init__(self, raw, target: PgTarget):
        self.raw, self.target = raw, target

    def execute(self, sql: str, parameters=()):
        cursor = self.raw.cursor()
        with self._errors():
            cursor.execute(translate(sql), _bound(parameters))
        return cursor

    def executemany(self, sql: str, rows):
        cursor = self.raw.cursor()
        with self._errors():
            cursor.executemany(translate(sql), [_bound(row) for row in rows])
        return cursor

    @property
    def broken(self) -> bool:
        """The server connection is gone (Project then opens a new one for the next use)."""
        return bool(self.raw.closed or self.raw.broken)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status in (TransactionStatus.INTRANS,
                                                    TransactionStatus.INERROR,
                                                    TransactionStatus.ACTIVE)

    def commit(self) -> None:
        with self._errors():
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        import psycopg

        try:
            self.raw.execute("ROLLBACK")
        except psycopg.Error:  # a connection already lost rolls back on the server by itself
            pass

    def close(self) -> None:
        import psycopg

        try:
            self.raw.close()
        except psycopg.Error:
            pass

    def _errors(self):
        return _translated(self.target)


@contextmanager
def _translated(target: PgTarget) -> Iterator[None]:
    """psycopg's exceptions as sqlite3's (which storage code and Project already handle), or a
    ProjectError naming the server when the connection is gone."""
    import psycopg

    try:
        yield
    except psycopg.Error as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, psycopg.errors.IntegrityError):
            raise sqlite3.IntegrityError(message) from exc
        if isinstance(exc, (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected,
                            psycopg.errors.LockNotAvailable)):
            raise sqlite3.OperationalError(f"database is busy: {message}") from exc
        if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
            raise ProjectError(f"{target.url}: the connection to the PostgreSQL server was "
                               f"lost ({message}); what was not yet saved was not changed") from None
        if isinstance(exc, psycopg.errors.ProgrammingError):
            raise sqlite3.OperationalError(message) from exc
        raise sqlite3.DatabaseError(message) from exc
