"""Backups from the window: regular verified copies while working, restoring one, and the
offer of the newest good copy when a project turns out to be damaged."""

from __future__ import annotations

from PySide6.QtCore import QThread, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QVBoxLayout)

from ...errors import AnnotatorError
from ...storage.files.backup import backup_problem, list_backups

AUTO_BACKUP_MS = 5 * 60 * 1000


class BackupWorker(QThread):
    done = Signal(str)
    failed = Signal(str)

    def __init__(self, project, reason: str):
        super().__init__()
        self.project, self.reason = project, reason

    def run(self) -> None:
        try:
            self.done.emit(str(self.project.backup(self.reason)))
        except AnnotatorError as exc:
            self.failed.emit(str(exc))


class AutoBackup:
    """A verified copy every few minutes while the project changes, and one at closing."""

    def __init__(self, window):
        self.w = window
        self.changes = 0
        self.worker: BackupWorker | None = None
        window.session.saved.connect(self._changed)
        self.timer = QTimer(window, interval=AUTO_BACKUP_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def _changed(self) -> None:
        self.changes += 1

    def tick(self) -> None:
        if not self.changes or (self.worker is not None and self.worker.isRunning()):
            return
        self.changes = 0
        self.worker = BackupWorker(self.w.session.project, "auto")
        self.worker.failed.connect(lambda m: self.w.statusBar().showMessage(f"Backup failed: {m}", 15000))
        self.worker.start()

    def at_close(self) -> None:
        if self.worker is not None:
            self.worker.wait()
        if self.changes:
            try:
                self.w.session.project.backup("at-close")
            except AnnotatorError:
                pass  # the project itself is safe; a failed extra copy must not block closing


class RestoreDialog(QDialog):
    def __init__(self, project_path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setMinimumWidth(560)
        self.list = QListWidget()
        for b in list_backups(project_path):
            if b.reason == "damaged" or backup_problem(b.path):
                continue
            label = b.describe() + ("  — the file a restore replaced" if b.reason == "replaced" else "")
            item = QListWidgetItem(label)
            item.setData(256, str(b.path))
            item.setToolTip(str(b.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        info = QLabel("The chosen copy replaces the project. The current file is not deleted: it "
                      "is kept in the backup folder, so a restore can itself be undone.")
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.list.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Backups of {project_path.name}, newest first:"
                                if self.list.count() else "There are no backups of this project yet."))
        layout.addWidget(self.list)
        layout.addWidget(info)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(256) if item else None


def offer_restore(error) -> bool:
    """A damaged project at start: offer its newest good backup. True if it was restored."""
    from ...storage.files.restore import restore
    from ...storage.files.lock import ProjectLock

    if error.backup is None:
        QMessageBox.critical(None, "Damaged project", str(error))
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, "Damaged project",
                      f"{error.path.name} is damaged ({error.problem}). It has not been changed.\n\n"
                      f"Restore the newest good backup, from {error.backup.describe()}? The damaged "
                      "file is kept in the backup folder.")
    restore_button = box.addButton("Restore backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    try:
        with ProjectLock(error.path, "window").acquire():
            restore(error.path, error.backup.path, damaged=True)
    except AnnotatorError as exc:
        QMessageBox.critical(None, "Restore failed", str(exc))
        return False
    return True
