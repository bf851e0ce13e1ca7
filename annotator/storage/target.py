"""Which kind of project --db (or ANNOTATOR_DB, or the window) names: a file path, or a
PostgreSQL database given as a SQLAlchemy URL, ``postgresql+psycopg://USER@HOST:PORT/DBNAME``.

A password is never taken from a URL (it would sit in the shell's history, the process list and
the window's settings): libpq reads it from PGPASSWORD or ~/.pgpass. Parsing imports nothing
heavy, so a file project's start-up pays nothing for this.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from ..errors import ProjectError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
POSTGRES_SCHEMES = ("postgresql+psycopg", "postgresql", "postgres")
# libpq connection options a URL may carry (?sslmode=require ...); never the password.
_OPTIONS = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name",
            "options", "target_session_attrs", "gssencmode", "channel_binding", "service"}


class PgTarget(NamedTuple):
    """A PostgreSQL project: where it is, without any password."""

    user: str | None
    host: str | None
    port: int | None
    dbname: str
    options: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        """The URL as a user gives it (SQLAlchemy's spelling), password-free."""
        who = f"{self.user}@" if self.user else ""
        host = f"[{self.host}]" if self.host and ":" in self.host else (self.host or "")
        port = f":{self.port}" if self.port else ""
        query = "&".join(f"{k}={v}" for k, v in self.options)
        return f"postgresql+psycopg://{who}{host}{port}/{self.dbname}" + (f"?{query}" if query else "")

    @property
    def where(self) -> str:
        """'database newsproj on host:5432', for messages."""
        host = self.host or "localhost"
        return f"database {self.dbname} on {host}:{self.port or 5432}"

    @property
    def name(self) -> str:
        return self.dbname

    def connect_args(self) -> dict:
        """psycopg.connect() keywords; libpq adds the password from PGPASSWORD or ~/.pgpass."""
        args: dict = {"dbname": self.dbname}
        if self.user:
            args["user"] = self.user
        if self.host:
            args["host"] = self.host
        if self.port:
            args["port"] = self.port
        args.update(self.options)
        return args

    def __str__(self) -> str:
        return self.url


def is_url(value: str | Path) -> bool:
    return isinstance(value, str) and bool(_SCHEME.match(value))


def parse_url(value: str) -> PgTarget:
    """A PgTarget, or a ProjectError saying in one sentence what is wrong with the URL."""
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in POSTGRES_SCHEMES:
        raise ProjectError(f"{value}: is not a project file path nor a PostgreSQL URL "
                           "(postgresql+psycopg://USER@HOST:PORT/DBNAME)")
    try:
        port = parts.port
    except ValueError:
        raise ProjectError(f"{_without_password(value)}: has a port that is not a number") from None
    if parts.password is not None:
        raise ProjectError(f"{_without_password(value)}: a password in the URL is refused; give it "
                           "with PGPASSWORD or in ~/.pgpass instead")
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise ProjectError(f"{value}: names no database (postgresql+psycopg://USER@HOST:PORT/DBNAME)")
    options = []
    for key, item in parse_qsl(parts.query, keep_blank_values=True):
        if key == "password":
            raise ProjectError(f"{_without_password(value)}: a password in the URL is refused; "
                               "give it with PGPASSWORD or in ~/.pgpass instead")
        if key not in _OPTIONS:
            raise ProjectError(f"{value}: has an option annotator does not pass on ({key})")
        options.append((key, item))
    return PgTarget(unquote(parts.username) if parts.username else None,
                    parts.hostname, port, dbname, tuple(options))


def _without_password(value: str) -> str:
    """The URL with any password (before @, or ?password=) replaced by ***."""
    value = re.sub(r"^([^:/]+://[^:@/]*):[^@/]*@", r"\1:***@", value)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", value)


def parse(value: str | Path) -> Path | PgTarget:
    """A Path for a file project, a PgTarget for a URL."""
    if isinstance(value, PgTarget):
        return value
    if is_url(value):
        return parse_url(str(value))
    return Path(value)
