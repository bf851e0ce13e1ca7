"""Other people's changes in an open window (several annotators on one project).

Every POLL_MS the window asks the project for the changes others committed since it last looked
(Project.changes_since: one indexed read of the change log, then of the rows it names) and
passes them to Session.apply_remote, the same path as its own changes: the views refresh exactly
those rows, and the selection, the scroll position and an edit in progress stay as they are. On
PostgreSQL a thread LISTENs on its own connection for the NOTIFY each write sends after commit
and wakes the poll at once; polling stays as the fallback (a lost connection, a missed notify).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from ..errors import AnnotatorError

log = logging.getLogger(__name__)
POLL_MS = 2000


class LiveUpdates(QObject):
    woken = Signal()  # from the listening thread: poll now

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
        self.listener: _Listener | None = None
        target = getattr(self.project, "shared", None)
        if target is not None:
            self.listener = _Listener(target, self.woken.emit)
            self.listener.start()

    def poll(self) -> None:
        """Read and show what others committed since the last poll."""
        if getattr(self.window, "closed", False):
            self.stop()
            return
        try:
            self.seq, change = self.project.changes_since(self.seq)
        except AnnotatorError as exc:  # the server unreachable for a while: try again later
            log.warning("live updates: %s", exc)
            return
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
        from ..storage.change_log import CHANNEL
        from ..storage.engine_pg import raw_connect

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
