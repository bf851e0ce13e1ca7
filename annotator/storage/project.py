"""The Project: one open project file, whose methods are the use cases.

Each method is one transaction (committed when it returns) and returns plain domain objects.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.model import Annotation, Article, ArticleSummary, Change, Tag
from ..errors import AnnotatorError, ProjectError
from .reads import queries
from .reads.texts import TextCache
from .usecases.project_adjudication import AdjudicationUseCases
from .usecases.project_agreement import AgreementUseCases
from .usecases.project_annotations import BULK_DELETE, AnnotationUseCases  # noqa: F401 (BULK_DELETE: tests)
from .usecases.project_comparison import ComparisonUseCases
from .usecases.project_files import FileUseCases
from .usecases.project_suggestions import SuggestionUseCases
from .usecases.project_live import LiveUseCases

if TYPE_CHECKING:
    from .files.lock import ProjectLock
    from .target import PgTarget


def default_annotator() -> str:
    try:
        return os.environ.get("ANNOTATOR_NAME") or getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "annotator"


class Project(AnnotationUseCases, LiveUseCases, FileUseCases, ComparisonUseCases,
              SuggestionUseCases, AgreementUseCases, AdjudicationUseCases):
    def __init__(self, path: Path | str, *, annotator: str | None = None, create: bool | str = True,
                 lock: str | None = None, wait: float = 0.0, readonly: bool = False):
        """Open (creating or upgrading as needed) the project file at ``path``; with ``create``
        false a missing file is refused. A symbolic link is followed to its target.

        ``path`` may instead be a PostgreSQL URL (storage/target.py): the database must already
        be a project unless ``create`` is 'init' (annotator --db URL init); no lock is taken
        (the server arbitrates) and ``path`` is then only a name for default file names.

        ``lock`` ('window' or 'cli') takes the project's one-writer lock for as long as the
        project is open, waiting up to ``wait`` seconds for another command (never a window).
        Reading needs no lock: SQLite's WAL lets readers work beside the writer. With
        ``readonly`` the file is opened with SQLite's read-only mode (see files/engine.py): nothing
        can be written, and closing never checkpoints or removes the -wal of a window that is
        writing to the project."""
        from .target import parse

        where = parse(path)
        self.shared = where if isinstance(where, tuple) else None
        self._lock: ProjectLock | None = None
        self._backend: Any  # backend_file or backend_pg: the same functions
        self.location: Path | PgTarget
        if self.shared is not None:
            from .server import backend_pg

            self._backend = backend_pg
            self.location = self.shared
            self.path = Path(self.shared.dbname)  # (a name only: it owns no local file)
            self.status = backend_pg.prepare(self.shared, create == "init")
        else:
            self._open_file(path if isinstance(path, Path) else Path(path), create, lock, wait,
                            readonly)
        self.annotator = annotator or default_annotator()
        self.readonly = readonly
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._texts = TextCache()
        self._listeners: list[Callable[[Change], None]] = []
        self.last_change = Change()

    def _open_file(self, path: Path, create, lock, wait: float, readonly: bool) -> None:
        from ..paths import resolved
        from .files import backend_file

        self._backend = backend_file
        self.path = self.location = resolved(path)
        if create:  # before a lock file is made beside a file that is not ours
            backend_file.refuse_existing_non_project(self.path)
        if lock is None or isinstance(lock, str):
            self._lock = backend_file.lock(self.path, lock, wait) if lock else None
        else:  # a ProjectLock handed over by a project closing on this file
            self._lock = lock
        try:
            if not readonly:  # (after the lock: a read-only folder is the lock's to tell)
                backend_file.refuse_read_only(self.path)
            self.status = backend_file.prepare(self.path, bool(create),
                                               locked=self._lock is not None,
                                               thorough=not readonly)
        except BaseException:
            if self._lock is not None and isinstance(lock, str):
                self._lock.discard()  # (taken by this open: a lock handed over is released)
            self.release_lock()
            raise

    @property
    def display(self) -> str:
        """The project as messages name it: its file, or its URL (never with a password)."""
        return str(self.location)

    # -- what changed ---------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """Call ``listener`` with the Change of every write, after it has committed (the window
        refreshes exactly that, whichever path the change took: an edit, an import, a merge)."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _announce(self, change: Change) -> Change:
        self.last_change = change
        if change:
            self._log_unlogged(change)
            for listener in list(self._listeners):
                listener(change)
        return change

    # -- plumbing -----------------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (the window reads spans in a worker thread)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(conn, "broken", False):  # a server connection lost
            self.release_thread_connection()
            conn = None
        if conn is None:
            with self._database_errors():
                conn = self._backend.connect(self.location, self.readonly)
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        if conn.in_transaction:  # a read inside this thread's write: the same transaction
            yield conn
            return
        with self._database_errors():
            conn.execute(begin)
            self._local.pending = []  # the Changes this write passes to _log
            try:
                yield conn
                self._record_pending(conn)  # their change-log rows, just before the COMMIT
                conn.commit()  # a failed COMMIT (busy, disk full) is rolled back too
            except BaseException:
                self._local.pending = []
                if conn.in_transaction:
                    conn.rollback()
                raise

    def _read(self):
        return self._transaction("BEGIN")

    def _write(self):
        if self.readonly:
            raise ProjectError(f"{self.display}: was opened for reading only; nothing was changed")
        return self._transaction("BEGIN IMMEDIATE")

    @contextmanager
    def _database_errors(self) -> Iterator[None]:
        """SQLite's own failures become a ProjectError naming the file; the transaction has
        been rolled back by then, so nothing was written."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise ProjectError(f"{self.display}: the project is busy (another program is "
                                   "writing to it); nothing was changed, try again") from None
            raise ProjectError(f"{self.display}: the database failed ({exc}); "
                               "nothing was changed") from None
        except sqlite3.IntegrityError:
            raise
        except sqlite3.ProgrammingError as exc:  # a connection closed under a worker thread
            raise ProjectError(f"{self.display}: the project was closed meanwhile ({exc}); "
                               "nothing was changed") from None
        except sqlite3.DatabaseError as exc:
            if self.shared is not None:
                raise ProjectError(f"{self.display}: the database refused the change ({exc}); "
                                   "nothing was changed") from None
            raise ProjectError(f"{self.path}: the project file looks damaged ({exc}); nothing was "
                               "changed. 'annotator backups' lists its backups and 'annotator "
                               "restore' puts the newest good one in its place") from None

    def release_thread_connection(self) -> None:
        """Close the calling thread's connection (a worker thread calls this when it ends, or
        each one would keep a connection, its file handles and its cache until closing)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            return
        self._local.conn = None
        with self._connections_lock:
            if conn in self._connections:
                self._connections.remove(conn)
        conn.close()

    def close(self) -> None:
        self.close_database()
        self.release_lock()

    def close_database(self) -> None:
        """Close every connection but keep the lock (a restore replaces the file under it)."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    def detach_lock(self):
        """Give up ownership of the lock without releasing it (to hand it to a new Project)."""
        lock, self._lock = self._lock, None
        return lock

    def release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def backup(self, reason: str = "auto") -> Path | None:
        """A verified copy in the backup folder (rotated). Returns its path. A PostgreSQL
        project is backed up with pg_dump: asked for one ('manual'), it says so; the automatic
        ones (before a bulk delete, at close) are left to the server's backups (None)."""
        if self.shared is not None:
            if reason == "manual":
                raise self._backend.no_backups(self.shared)
            return None
        return self._backend.backup(self.path, reason)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reads --------------------------------------------------------------------------------
    def info(self) -> dict[str, str]:
        with self._read() as conn:
            return dict(conn.execute("SELECT key, value FROM project_info"))

    def tags(self) -> list[Tag]:
        with self._read() as conn:
            return queries.tags(conn)

    def articles(self) -> list[ArticleSummary]:
        with self._read() as conn:
            return queries.article_summaries(conn)

    def article(self, article_id: str) -> Article:
        with self._read() as conn:
            article = queries.article(conn, article_id)
        self._texts.put(article.id, article.text)
        return article

    def annotations(self, article_id: str, start: int | None = None,
                    end: int | None = None) -> list[Annotation]:
        """The article's annotations in (start, end, tag, id) order; with start and end, only
        those overlapping [start, end)."""
        with self._read() as conn:
            return queries.annotations_of(conn, article_id, start, end)

    def annotation(self, annotation_id: str) -> Annotation:
        with self._read() as conn:
            return queries.annotation(conn, annotation_id)

    def annotation_count(self) -> int:
        with self._read() as conn:
            return queries.count(conn, "annotations")


def open_project(path: Path | str, **kwargs) -> Project:
    """Open a project, turning low-level failures into a ProjectError that names the file."""
    try:
        return Project(path, **kwargs)
    except AnnotatorError:
        raise
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
