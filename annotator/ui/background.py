"""Long work off the window's thread, waited for: the window keeps painting (the status bar's
busy bar moves) while a file is read and merged, and takes no input meanwhile. Input is not
lost: a key pressed or a click made during the import comes once it is done.

The caller waits as before (``run_painting`` returns the work's result or raises its error), so
the import loop stays one sequence of steps; only the waiting is different. A ``Worker`` is one
thread for a whole sequence (every file of an import): one database connection for all of them
(on PostgreSQL, one connection's handshake rather than one per file), closed when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

__all__ = ["Worker", "run_painting"]


class Worker:
    """One thread that runs work given one piece at a time; ``close`` runs ``release`` there
    (the thread's connection closed) and ends it."""

    def __init__(self, release: Callable[[], None] | None = None):
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="annotator-import")
        self._release = release

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._release is not None:
            self._pool.submit(self._release).result()
        self._pool.shutdown(wait=True)


class _Done(QObject):
    done = Signal()


def run_painting(fn: Callable[..., Any], *args: Any, busy: QWidget | None = None,
                 worker: Worker | None = None) -> Any:
    """``fn(*args)`` in ``worker``'s thread (else a thread of its own) while the window paints
    (``busy`` shown meanwhile); its result, or its error raised."""
    own = worker is None
    used = Worker() if worker is None else worker
    loop = QEventLoop()
    note = _Done()
    note.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)  # (quits once it runs)
    if busy is not None:
        busy.show()
    try:
        future = used.submit(fn, *args)
        future.add_done_callback(lambda _done: note.done.emit())
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return future.result()  # (the work's error raised here, in the window's thread)
    finally:
        if busy is not None:
            busy.hide()
        if own:
            used.close()
