"""A project in a PostgreSQL database: the counterparts of backend_file's checks.

- ``init`` creates the schema from tables.py in an empty database (SQLAlchemy's create_all),
  stamps Alembic's head and seeds the default tags and link types, all in one transaction; a
  database holding other tables is refused untouched.
- ``prepare`` opens an existing project: a database made by a newer program is refused; an older
  one is upgraded by Alembic (under an advisory lock, so two programs never upgrade at once).
- Every text column is created with COLLATE "C", whatever the database's own collation: text
  then compares and sorts by code point, as SQLite's BINARY does, and an export's bytes are the
  same on both.
- There is no file lock (the server arbitrates between writers) and no file backups: a
  PostgreSQL project is backed up with pg_dump.
"""

from __future__ import annotations

from ...errors import ProjectError
from ..target import PgTarget

BACKUP_HINT = ("a PostgreSQL project is backed up with the server's own tools, not by annotator: "
               "pg_dump -Fc -f project.dump DBNAME (pg_restore puts it back)")
_LOCK_KEY = 0x616E6E6F  # pg_advisory locks of annotator's init and upgrades ("anno")


def no_backups(target: PgTarget) -> ProjectError:
    return ProjectError(f"{target.url}: {BACKUP_HINT}")


def _tables(conn) -> set[str]:
    rows = conn.execute("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema()")
    return {row[0] for row in rows}


def _revision(target: PgTarget, conn) -> str | None:
    """The database's Alembic revision; None when it has no tables at all."""
    from ..files.checks import OUR_TABLES

    names = _tables(conn)
    if not names:
        return None
    if not names >= OUR_TABLES:
        raise ProjectError(f"{target.url}: the {target.where} holds other tables and is not an "
                           "annotator project; nothing was changed")
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1:
        raise ProjectError(f"{target.url}: has an unreadable schema version")
    return rows[0][0]


def _engine(target: PgTarget):
    from sqlalchemy import create_engine

    from .engine_pg import raw_connect

    return create_engine("postgresql+psycopg://", creator=lambda: raw_connect(target, False))


def collate_c(conn) -> None:
    """Give every text column COLLATE "C" (what init creates; after an Alembic upgrade, the
    columns a migration added). ``conn``: a SQLAlchemy connection in a transaction."""
    rows = conn.exec_driver_sql(
        "SELECT table_name, column_name, data_type, character_maximum_length FROM "
        "information_schema.columns WHERE table_schema = current_schema() AND data_type IN "
        "('text', 'character varying') AND coalesce(collation_name, '') <> 'C'").fetchall()
    for table, column, kind, length in rows:
        spelled = "TEXT" if kind == "text" else f"VARCHAR({length})" if length else "VARCHAR"
        conn.exec_driver_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {spelled} '
                             'COLLATE "C"')


def _c_metadata():
    """tables.metadata with COLLATE "C" on every text column."""
    from sqlalchemy import MetaData, String
    from sqlalchemy.dialects.postgresql import psycopg

    from ..tables import metadata

    copy = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    dialect = psycopg.dialect()
    for table in copy.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String) and column.type.collation is None:
                length = column.type.dialect_impl(dialect).length  # (an id's: PostgreSQL's)
                column.type = type(column.type)(length=length, collation="C")
    return copy


def init(target: PgTarget) -> None:
    """Create a project in the empty database ``target`` (one transaction: all or nothing)."""
    from ..schema import HEAD, REVISIONS, seed

    engine = _engine(target)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
            revision = _revision(target, conn.connection.driver_connection)
            if revision is not None:
                newer = "" if revision in REVISIONS else " made by a newer annotator"
                raise ProjectError(f"{target.url}: the {target.where} is already an annotator "
                                   f"project{newer} (schema {revision}); nothing was changed")
            _c_metadata().create_all(conn)
            conn.exec_driver_sql('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, '
                                 'CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))')
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES (%s)", (HEAD,))
            seed(conn)
    finally:
        engine.dispose()


def upgrade(target: PgTarget) -> None:
    """Alembic's upgrade to head, then COLLATE "C" on any text column it added."""
    from importlib.resources import files

    from alembic import command
    from alembic.config import Config

    from ..schema import HEAD

    config = Config()
    config.set_main_option("script_location", str(files("annotator._migrations")))
    engine = _engine(target)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({_LOCK_KEY})")
            conn.commit()
            try:
                if _revision(target, conn.connection.driver_connection) != HEAD:
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                    conn.commit()
                with conn.begin():
                    collate_c(conn)
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_LOCK_KEY})")
                conn.commit()
    finally:
        engine.dispose()


def connect(target: PgTarget, readonly: bool = False):
    """A connection with sqlite3's interface (engine_pg.PgConnection)."""
    from .engine_pg import connect as connected

    conn = connected(target)
    if readonly:
        conn.execute("SET default_transaction_read_only = on")
    return conn


def prepare(target: PgTarget, create: bool = False) -> str:
    """Make ``target`` a project at head: 'created', 'upgraded' or 'current'. An empty database
    is made a project only with ``create`` (``annotator --db URL init``)."""
    from .engine_pg import connect
    from ..schema import HEAD, REVISIONS

    conn = connect(target)
    try:
        revision = _revision(target, conn.raw)
    finally:
        conn.close()
    if revision is None:
        if not create:
            raise ProjectError(f"{target.url}: the {target.where} is empty, not yet a project; "
                               f"create it with: annotator --db {target.url} init")
        init(target)
        return "created"
    if revision not in REVISIONS:
        raise ProjectError(f"{target.url}: was made by a newer version of annotator (schema "
                           f"{revision!r}); update annotator to open it. Nothing was changed.")
    if revision != HEAD:
        upgrade(target)
        return "upgraded"
    return "current"
