"""A throwaway PostgreSQL server for the test session (Debian's `postgresql` package).

`initdb` and `pg_ctl` from /usr/lib/postgresql/*/bin make a cluster in a temporary folder that
listens on 127.0.0.1 only, on a free port, with trust authentication for local TCP; it is
stopped and removed at the end of the session. initdb refuses to run as root, so as root the
cluster belongs to the `postgres` user (runuser). Without the binaries the PostgreSQL tests are
skipped with a reason saying so.
"""

from __future__ import annotations

import getpass
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name
                   .isdigit() else 0)
    return Path(found[-1]).parent if found else None


def missing_reason() -> str | None:
    if binaries() is None:
        return ("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; "
                "apt-get install postgresql)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser, and initdb refuses root"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running cluster: ``url(dbname)`` names a database on it, ``create()`` makes a fresh
    empty database and returns its name."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.root = os.geteuid() == 0
        self.user = "postgres" if self.root else getpass.getuser()
        self.folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._count = 0

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd=self.folder)

    def start(self) -> Server:
        if self.root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(self.bin / "initdb", "-D", self.data, "-U", self.user, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.folder} -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off")
        self._run(self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l",
                  self.folder / "log", "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def admin(self):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=self.user,
                               dbname="postgres", autocommit=True)

    def create(self, template: str = "template0") -> str:
        """A new empty database. Its default collation is a linguistic one when the server
        has one, not C, so that the program's own COLLATE "C" is what is tested."""
        self._count += 1
        name = f"t{os.getpid()}_{self._count}_{int(time.time() * 1000) % 100000}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {template} ENCODING UTF8'
                         + _linguistic(conn))
        return name

    def drop(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_LINGUISTIC: list[str] = []


def _linguistic(conn) -> str:
    """Options giving a database a linguistic default collation (ICU's English when the server
    has ICU, else an en_* locale of the system; none: the server's default)."""
    if not _LINGUISTIC:
        icu = conn.execute("SELECT 1 FROM pg_collation WHERE collname = 'en-x-icu'").fetchone()
        if icu and conn.info.server_version >= 150000:
            _LINGUISTIC.append(" LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C.UTF-8'")
        else:
            rows = conn.execute("SELECT collcollate FROM pg_collation WHERE collprovider = 'c' "
                                "AND collcollate ILIKE 'en_%utf%8' ORDER BY 1").fetchall()
            _LINGUISTIC.append(f" LC_COLLATE '{rows[0][0]}' LC_CTYPE '{rows[0][0]}'" if rows
                               else "")
    return _LINGUISTIC[0]
