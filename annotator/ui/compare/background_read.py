"""A view's data read in a worker thread, a moment after the project changed, and only while
the view is visible (the Compare and Agreement views): a burst of changes makes one reading; a
change while hidden is read when the view is shown; a change during a reading reads once more
when it is done. The window waits for a running reader before it closes the project."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer
from PySide6.QtWidgets import QWidget

DEBOUNCE_MS = 100


class BackgroundRead(QObject):
    def __init__(self, view: QWidget, window, make_reader: Callable[[], QThread],
                 show: Callable) -> None:
        """``make_reader()`` returns a QThread with signals ``loaded(...)`` (passed to
        ``show``) and ``failed(str)`` (shown in the status bar)."""
        super().__init__(view)
        self.view, self.w = view, window
        self.make_reader, self.show = make_reader, show
        self.stale = True
        self.reader: QThread | None = None
        self.again = False
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

    def schedule(self) -> None:
        """Read again a moment later; while hidden, only remember to read when shown."""
        if self.view.isVisible():
            self.timer.start()
        else:
            self.stale = True

    def shown(self) -> None:
        """The view's showEvent: read what changed while it was hidden."""
        if self.stale:
            self.stale = False
            self.timer.start()

    def refresh(self) -> None:
        if self.w.closed:
            return
        if not self.view.isVisible():
            self.stale = True
            return
        if self.reader is not None:  # reading: once more when it is done
            self.again = True
            return
        reader = self.reader = self.make_reader()
        self.w._loaders.add(reader)  # the window waits for it before closing the project
        reader.loaded.connect(self._loaded)  # type: ignore[attr-defined]
        reader.failed.connect(lambda m: self.w.statusBar().showMessage(m, 10000))  # type: ignore[attr-defined]
        reader.finished.connect(lambda: self._done(reader))
        reader.start()

    def _loaded(self, *data) -> None:
        if not self.w.closed:
            self.show(*data)

    def _done(self, reader: QThread) -> None:
        self.w._loaders.discard(reader)
        self.reader = None
        reader.deleteLater()
        if self.again and not self.w.closed:
            self.again = False
            self.schedule()
