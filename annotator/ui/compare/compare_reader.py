"""Reading the comparison off the window's thread: Project.compare() is a pass over every
actor span, claim and link, which takes seconds on a large project; the Compare view keeps
answering meanwhile and shows the result when it arrives."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from .compare_model import load


class CompareReader(QThread):
    loaded = Signal(object)  # a compare_model.CompareData
    failed = Signal(str)

    def __init__(self, project):
        super().__init__()
        self.project = project

    def run(self) -> None:
        try:
            self.loaded.emit(load(self.project))
        except Exception as exc:  # noqa: BLE001  (said in the view; it keeps what it shows)
            self.failed.emit(f"The comparison could not be read: {exc}")
        finally:
            self.project.release_thread_connection()
