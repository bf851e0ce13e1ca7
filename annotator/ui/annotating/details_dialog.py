"""Edit an article's details (title, source, author, date, address); its text never changes."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QMessageBox)

# What analysis scripts can parse: a year, a month or a day, or a full ISO 8601 time.
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?")

FIELDS = (("title", "Title"), ("source", "Source (outlet)"), ("author", "Author"),
          ("published", "Published"), ("url", "Address (URL)"))


class DetailsDialog(QDialog):
    def __init__(self, article, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Article details")
        self.setMinimumWidth(520)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label in FIELDS:
            edit = QLineEdit(getattr(article, key) or "")
            edit.setCursorPosition(0)  # show the start of a long title
            edit.setObjectName(key)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.edits["published"].setPlaceholderText("YYYY-MM-DD (or YYYY-MM, or YYYY)")
        info = QLabel(f"Imported {article.imported_at[:10]} from {article.filename or 'an export'}"
                      f" · {len(article.text):,} characters. The text itself never changes, so "
                      "every offset stays valid.")
        info.setWordWrap(True)
        info.setStyleSheet("color: palette(mid);")
        form.addRow(info)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.article = article

    def _check_and_accept(self) -> None:
        published = self.edits["published"].text().strip()
        if published and not DATE.fullmatch(published):
            QMessageBox.warning(self, "Article details",
                                f"“{published}” is not a date annotator can export in a form "
                                "analysis scripts read: write it as 2012-09-14, 2012-09 or 2012.")
            self.edits["published"].setFocus()
            return
        if not self.edits["title"].text().strip():
            QMessageBox.warning(self, "Article details", "An article needs a title.")
            return
        self.accept()

    def changes(self) -> dict:
        """The fields the user changed, as stored (empty means none)."""
        out = {}
        for key, edit in self.edits.items():
            value = edit.text().strip() or None
            if value != getattr(self.article, key):
                out[key] = value
        return out
