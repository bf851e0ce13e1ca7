"""Edit an article's details (title, source, author, date, address); its text never changes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

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
            edit.setObjectName(key)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.edits["published"].setPlaceholderText("e.g. 2026-03-14")
        info = QLabel(f"Imported {article.imported_at[:10]} from {article.filename or 'an export'}"
                      f" · {len(article.text):,} characters. The text itself never changes, so "
                      "every offset stays valid.")
        info.setWordWrap(True)
        info.setStyleSheet("color: palette(mid);")
        form.addRow(info)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.article = article

    def changes(self) -> dict:
        """The fields the user changed, as stored (empty means none)."""
        out = {}
        for key, edit in self.edits.items():
            value = edit.text().strip() or None
            if value != getattr(self.article, key):
                out[key] = value
        return out
