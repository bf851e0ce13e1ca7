"""Long work off the window's thread, waited for: the window keeps painting (the status bar's
busy bar moves) while a file is read and merged, and takes no input meanwhile. Input is not
lost: a key pressed or a click made during the import comes once it is done.

The caller waits as before (``run_painting`` returns the work's result or raises its error), so
the import loop stays one sequence of steps; only the waiting is different. The work runs in a
QThread whose database connection is closed when it ends (``release``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QThread
from PySide6.QtWidgets import QWidget

__all__ = ["run_painting"]


class _Work(QThread):
    def __init__(self, fn: Callable[..., Any], args: tuple, release: Callable[[], None] | None):
        super().__init__()
        self.fn, self.args, self.release = fn, args, release
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn(*self.args)
        except BaseException as exc:  # noqa: BLE001 (raised again in the window's thread)
            self.error = exc
        finally:
            if self.release is not None:
                self.release()


def run_painting(fn: Callable[..., Any], *args: Any, busy: QWidget | None = None,
                 release: Callable[[], None] | None = None) -> Any:
    """``fn(*args)`` in a thread while the window paints (``busy`` shown meanwhile); its
    result, or its error raised."""
    work = _Work(fn, args, release)
    loop = QEventLoop()
    work.finished.connect(loop.quit)  # (queued: the loop quits once it runs, even if late)
    if busy is not None:
        busy.show()
    work.start()
    try:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        work.wait()
    finally:
        if busy is not None:
            busy.hide()
    if work.error is not None:
        raise work.error
    return work.result
