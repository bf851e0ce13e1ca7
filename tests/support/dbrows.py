"""Rows of a project read straight from its database, a SQLite file or a PostgreSQL URL (what
tests compare with what the program says)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def rows(target: Path | str, sql: str, parameters=()) -> list[tuple]:
    if isinstance(target, str) and "://" in target:
        from annotator.storage.server.backend_pg import connect
        from annotator.storage.target import parse_url

        con = connect(parse_url(target))
        try:
            return [tuple(row) for row in con.execute(sql, parameters).fetchall()]
        finally:
            con.close()
    con = sqlite3.connect(target)
    try:
        return con.execute(sql, parameters).fetchall()
    finally:
        con.close()


def is_pg(target) -> bool:
    return isinstance(target, str) and "://" in target
