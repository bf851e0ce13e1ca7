"""File › Open shared project…: a PostgreSQL project by its URL (DESIGN.md section 11).

The URL is checked as the command line checks --db (storage/target.py): a password in it is
refused, so none can reach the recent-projects list or any settings file; the password comes
from PGPASSWORD or ~/.pgpass.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from ...errors import ProjectError
from ...storage.target import is_url, parse_url

EXAMPLE = "postgresql+psycopg://alice@db.example.org:5432/newsproj"


class SharedProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, url: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Open shared project")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The project's PostgreSQL database, as a URL:"))
        self.url = QLineEdit(url)
        self.url.setPlaceholderText(EXAMPLE)
        self.url.setMinimumWidth(460)
        layout.addWidget(self.url)
        hint = QLabel("The password is not part of the URL: it is read from the PGPASSWORD "
                      "variable or from ~/.pgpass. A new database is made a project with "
                      "annotator --db URL init.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.chosen: str | None = None

    def accept(self) -> None:
        text = self.url.text().strip()
        problem = None
        if not is_url(text):
            problem = f"Give a URL such as {EXAMPLE}"
        else:
            try:
                self.chosen = parse_url(text).url  # as given, and never with a password
            except ProjectError as exc:
                problem = str(exc)
        if problem:
            self.problem.setText(problem)
            self.url.setFocus()
            return
        super().accept()


def open_shared_project(window) -> None:
    """Ask for a URL and open it in place of the window's project (app._switch)."""
    dialog = SharedProjectDialog(window, _last_shared(window))
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen:
        window.switchProject.emit(dialog.chosen)


def _last_shared(window) -> str:
    for item in window.settings.recent():
        if is_url(item):
            return item
    return ""
