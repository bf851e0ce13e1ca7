"""The Project's side of the change log (change_log.py): every write logs its Change, and a
window reads what *others* committed since it last looked (live updates).

A write logs inside its own transaction with ``self._log(conn, change)`` (then the log row and
the write commit together); a write that does not is logged by ``_announce`` right after its
commit, in a transaction of its own. The seqs this Project wrote are remembered, so that
``changes_since`` hands back only other people's changes."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from ..domain.model import Change
from ..errors import AnnotatorError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from sqlite3 import Connection

log = logging.getLogger(__name__)


def _log_module():
    from . import change_log

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
        mine = self.__dict__.get("_written_seqs")
        if mine is None:
            mine = self.__dict__["_written_seqs"] = set()
        return mine

    def _log(self, conn: Connection, change: Change, changed: bool = True) -> Change:
        """Log ``change`` in the write transaction of ``conn`` (unless ``changed`` says nothing
        was written); returns it, to announce after the commit, which then does not log it."""
        if change and changed:
            self._mine.add(_log_module().record(conn, self.annotator, change))
        self._local.logged = change
        return change

    def _log_unlogged(self, change: Change) -> None:
        """Called by _announce after a commit: log a Change its write did not log itself."""
        if getattr(self._local, "logged", None) is change:
            self._local.logged = None
            return
        if self.readonly:
            return
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
