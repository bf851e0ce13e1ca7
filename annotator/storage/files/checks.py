"""Is a project file sound? Checked read-only: checking never writes to the file, and creates
nothing beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote


SQLITE_MAGIC = b"SQLite format 3\x00"  # the first bytes of every SQLite database file
# The tables every annotator project has (schema 0001 on), Alembic's version table included.
OUR_TABLES = frozenset({"articles", "annotations", "tags", "annotators", "alembic_version"})


class _CopyConnection(sqlite3.Connection):
    """A connection to a private copy of a file and its -wal; closing it removes the copy."""
    copy_dir: str | None = None

    def close(self) -> None:
        super().close()
        if self.copy_dir:
            import shutil

            shutil.rmtree(self.copy_dir, ignore_errors=True)
            self.copy_dir = None

    def __del__(self) -> None:
        self.close()


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that creates nothing beside the file and never changes it.

    - Without a -wal (or with an empty one): immutable.
    - With a -wal and a -shm (the file is or was in use): ``mode=ro``, which reads the -wal
      through the -shm and, unlike a read-write connection, never checkpoints or deletes it.
    - With a -wal but no -shm (a copy made without it, a file set aside by a restore): nobody
      has it open, and SQLite can only read that -wal by rebuilding its index, which a read-only
      connection cannot do; so the file and its -wal are copied into a private temporary folder
      and read there. The copy goes when the connection is closed."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        wal_size = wal.stat().st_size
    except OSError:
        wal_size = 0
    if not wal_size:
        return sqlite3.connect(uri + "&immutable=1", uri=True)
    if shm.exists():
        return sqlite3.connect(uri, uri=True)
    import tempfile

    import shutil

    folder = tempfile.mkdtemp(prefix="annotator-check-")
    try:
        copy = Path(folder) / "copy.sqlite"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, f"{copy}-wal")
        con = sqlite3.connect(copy, factory=_CopyConnection)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    con.copy_dir = folder
    return con


def _content_problems(con: sqlite3.Connection, full: bool) -> list[str]:
    """Damage SQLite's own checks cannot see: an article whose text no longer matches its
    SHA-256 (a few bytes overwritten inside a text), and with ``full`` an annotation whose text
    is not its article's slice."""
    import hashlib

    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"articles", "annotations"} <= tables:
        return []
    problems = []
    for article_id, text, sha in con.execute("SELECT id, text, text_sha256 FROM articles"):
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() \
            if isinstance(text, str) else None
        if digest != sha:
            problems.append(f"the text of article {article_id} has changed since it was imported")
        elif full:
            rows = con.execute('SELECT id, start, "end", text FROM annotations WHERE article_id = ?',
                               (article_id,))
            for ident, start, end, piece in rows:
                if text[start:end] != piece:
                    problems.append(f"annotation {ident} no longer matches its article's text")
                    break
        if len(problems) >= 3:
            break
    return problems


def _lenient(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def check(path: Path, full: bool = False) -> str:
    """'ok', or what is wrong: SQLite's quick_check (integrity_check with ``full``), foreign
    keys, and the articles' texts against their hashes (with ``full``, every annotation too)."""
    try:
        con = connect_ro(path)
        # (a damaged page can hold bytes that are not UTF-8, in a value or in quick_check's
        # own words about it: read with U+FFFD, they are still told as damage, never raised)
        con.text_factory = _lenient
        try:
            rows = con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
            problems = [r[0] for r in rows if r[0] != "ok"]
            if not problems:
                bad_keys = con.execute("PRAGMA foreign_key_check").fetchall()
                if bad_keys:
                    problems.append(f"{len(bad_keys)} rows point at missing rows")
            if not problems:
                problems = _content_problems(con, full)
        finally:
            con.close()
    except (sqlite3.Error, OSError, UnicodeDecodeError) as exc:
        return said(exc)
    return "ok" if not problems else "; ".join(problems[:3])


def said(exc: Exception) -> str:
    """What SQLite said of a failure; its message about a damaged schema may quote bytes that
    are not UTF-8, which Python then raises as a UnicodeDecodeError instead."""
    if isinstance(exc, UnicodeDecodeError):
        return "SQLite's description of the damage is not readable text"
    return str(exc)


def identity(con: sqlite3.Connection) -> tuple[frozenset, str | None]:
    """(table names, project id) as a connection sees them."""
    tables = frozenset(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'"))
    project_id = None
    if "project_info" in tables:
        row = con.execute("SELECT value FROM project_info WHERE key = 'project_id'").fetchone()
        project_id = row[0] if row else None
    return tables, project_id


def project_id_of(path: Path) -> str | None:
    try:
        con = connect_ro(path)
        try:
            return identity(con)[1]
        finally:
            con.close()
    except (sqlite3.Error, OSError, UnicodeDecodeError):  # (damaged: no id to tell)
        return None


def wal_mismatch(path: Path) -> str | None:
    """A -wal file beside ``path`` that does not belong to it (copied from elsewhere, left by
    another database) would be replayed into it. Compare what the file says it is with and
    without the -wal; None when they agree (a normal -wal after a crash, say), and None when the
    main file cannot be read alone: a checkpoint cut short (a kill, a full disk) leaves it
    half-updated, and only the main file *with* its -wal is the project, which ``check`` then
    judges. Only call this while no other program can be writing."""
    if not Path(f"{path}-wal").exists():
        return None
    try:
        alone = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
        try:
            before = identity(alone)
        finally:
            alone.close()
    except (sqlite3.Error, UnicodeDecodeError):
        return None  # mid-checkpoint: inconclusive alone
    try:
        both = connect_ro(path)
        try:
            after = identity(both)
        finally:
            both.close()
    except (sqlite3.Error, OSError, UnicodeDecodeError) as exc:
        return f"its -wal file cannot be read ({said(exc)})"
    if before[0] and (before[0] - after[0] or (before[1] and before[1] != after[1])):
        return "the -wal file beside it belongs to another database"
    return None
