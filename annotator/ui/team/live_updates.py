"""Other people's changes in an open window (several annotators on one project).

Every POLL_MS the window asks the project for the changes others committed since it last looked
(Project.changes_since: one indexed read of the change log, then of the rows it names; on
PostgreSQL, a round trip to a server, in a thread so that a slow network never stalls the
window) and passes them to Session.apply_remote, the same path as its own changes: the views refresh exactly
those rows, and the selection, the scroll position and an edit in progress stay as they are. On
PostgreSQL a thread LISTENs on its own connection for the NOTIFY each write sends after commit
and wakes the poll at once; polling stays as the fallback (a lost connection, a missed notify).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from ...errors import AnnotatorError

log = logging.getLogger(__name__)
POLL_MS = 2000


class LiveUpdates(QObject):
    woken = Signal()  # from the listening thread: poll now
    read = Signal(object)  # from a reading thread: (seq, Change) or the AnnotatorError

    def __init__(self, window, poll_ms: int = POLL_MS):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.project = window.session.project
        self.seq = self.project.newest_change()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(poll_ms)
        self.woken.connect(self.poll)
        self.read.connect(self._apply)
        self.reading = False
        self.listener: _Listener | None = None
        target = getattr(self.project, "shared", None)
        self.in_thread = target is not None
        if target is not None:
            self.listener = _Listener(target, self.woken.emit)
            self.listener.start()

    def poll(self) -> None:
        """Read and show what others committed since the last poll."""
        if getattr(self.window, "closed", False):
            self.stop()
            return
        if self.reading:
            return
        self.reading = True
        if self.in_thread:
            threading.Thread(target=self._read, name="annotator-poll", daemon=True).start()
        else:  # a file: a read of a few rows, well under a millisecond
            self._apply(self._changes())

    def _changes(self):
        try:
            return self.project.changes_since(self.seq)
        except AnnotatorError as exc:
            return exc

    def _read(self) -> None:
        try:
            result = self._changes()
        finally:
            self.project.release_thread_connection()
        try:
            self.read.emit(result)
        except RuntimeError:  # the window is gone meanwhile
            pass

    def _apply(self, result) -> None:
        self.reading = False
        if isinstance(result, AnnotatorError):  # the server unreachable: try again later
            log.warning("live updates: %s", result)
            return
        if getattr(self.window, "closed", False):
            return
        self.seq, change = result
        if change:
            self.session.apply_remote(change)

    def stop(self) -> None:
        self.timer.stop()
        if self.listener is not None:
            self.listener.stopped = True
            self.listener = None


class _Listener(threading.Thread):
    """LISTEN on the change log's channel on a connection of its own; each notification calls
    ``wake`` (a queued signal into the GUI thread)."""

    def __init__(self, target, wake):
        super().__init__(name="annotator-listen", daemon=True)
        self.target, self.wake = target, wake
        self.stopped = False

    def run(self) -> None:
        from ...storage.writes.change_log import CHANNEL
        from ...storage.server.engine_pg import raw_connect

        while not self.stopped:
            try:
                conn = raw_connect(self.target)
            except AnnotatorError:
                self._pause(5.0)
                continue
            try:
                conn.execute(f"LISTEN {CHANNEL}")
                while not self.stopped:
                    if any(True for _ in conn.notifies(timeout=1.0, stop_after=1)):
                        self.wake()
            except Exception as exc:  # noqa: BLE001 - a lost connection: connect again
                log.info("live updates: listening stopped (%s); polling meanwhile", exc)
                self._pause(2.0)
            finally:
                conn.close()

    def _pause(self, seconds: float) -> None:
        event = threading.Event()
        event.wait(seconds)


def install(window) -> LiveUpdates:
    """Follow other people's changes in ``window``, and ask the conflict dialog on a Conflict."""
    from . import conflict_dialog

    conflict_dialog.install(window)
    window.live_updates = LiveUpdates(window)
    return window.live_updates
