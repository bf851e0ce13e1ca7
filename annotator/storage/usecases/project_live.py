"""The Project's side of the change log (writes/change_log.py): every write logs its Change, and a
window reads what *others* committed since it last looked (live updates).

Every write passes its Change to ``self._log(conn, change)`` inside its transaction; the
transaction (Project._transaction) inserts the log rows just before its COMMIT, so the write and
its row commit together or not at all (a crash or a failed COMMIT loses neither alone), and
PostgreSQL's lock on the log (change_log.record) is held only for the COMMIT. A Change announced
without having been passed to ``_log`` is a bug: it is logged after its commit with a warning.
The seqs this Project wrote are remembered, so that ``changes_since`` hands back only other
people's changes."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from ...domain.model import Change
from ...errors import AnnotatorError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from sqlite3 import Connection

log = logging.getLogger(__name__)


def _log_module():
    from ..writes import change_log

    return change_log


class LiveUseCases:
    annotator: str
    readonly: bool

    if TYPE_CHECKING:
        _local: threading.local

        def _read(self) -> AbstractContextManager[Connection]: ...
        def _write(self) -> AbstractContextManager[Connection]: ...

    @property
    def _mine(self) -> set[int]:
        return self.__dict__.setdefault("_written_seqs", set())  # (one set, whichever thread
        # asks first: an import writes in a worker thread)

    def _log(self, conn: Connection, change: Change, changed: bool = True) -> Change:
        """Have ``change`` logged by the write transaction of ``conn`` just before its COMMIT
        (unless ``changed`` says nothing was written); returns it, to announce after the commit,
        which then does not log it again."""
        if change and changed:
            pending = getattr(self._local, "pending", None)
            if pending is None or conn is not getattr(self._local, "conn", None):
                # (a connection that is not this thread's transaction: log at once)
                self._mine.add(_log_module().record(conn, self.annotator, change))
            else:
                pending.append(change)
        self._local.logged = change
        return change

    def _record_pending(self, conn: Connection) -> None:
        """Insert the log rows of the Changes passed to _log in this transaction (called by the
        transaction right before its COMMIT)."""
        pending, self._local.pending = getattr(self._local, "pending", None) or [], []
        for change in pending:
            self._mine.add(_log_module().record(conn, self.annotator, change))

    def _log_unlogged(self, change: Change) -> None:
        """Called by _announce after a commit: a Change its write did not pass to _log (a bug)
        is logged now, late, in a transaction of its own (better late than never)."""
        if getattr(self._local, "logged", None) is change:
            self._local.logged = None
            return
        if self.readonly:
            return
        log.warning("a change was not logged in its write's transaction (logged after it): %r",
                    change)
        try:
            with self._write() as conn:
                self._mine.add(_log_module().record(conn, self.annotator, change))
        except AnnotatorError as exc:  # the write itself is saved; others reload later
            log.warning("a change was saved but not logged for other windows: %s", exc)

    def newest_change(self) -> int:
        """The number of the newest logged change (where a window that has just read the
        project starts following it)."""
        with self._read() as conn:
            return _log_module().newest(conn)

    def changes_since(self, seq: int) -> tuple[int, Change]:
        """(the newest number read, one Change of what others committed after ``seq``, as the
        rows are now). The window passes it through the same path as its own changes."""
        with self._read() as conn:
            return _log_module().since(conn, seq, self._mine)
