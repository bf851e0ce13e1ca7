"""A small form for one actor: name, aliases, kind, description (new actor, or edit one)."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout)

from ...domain.comparison.actors import KINDS
from ...domain.model import Actor


def split_aliases(text: str) -> list[str]:
    """Aliases as typed: separated by commas or semicolons (names may hold spaces)."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class ActorDialog(QDialog):
    def __init__(self, parent, title: str, actor: Actor | None = None, name: str = "",
                 hint: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.name = QLineEdit(actor.name if actor else name)
        self.aliases = QLineEdit(", ".join(actor.aliases) if actor else "")
        self.aliases.setPlaceholderText("other names, separated by commas: Gu, Mrs Bo")
        self.kind = QComboBox()
        self.kind.addItem("(not set)", None)
        for kind in KINDS:
            self.kind.addItem(kind, kind)
        if actor and actor.kind:
            self.kind.setCurrentIndex(self.kind.findData(actor.kind))
        self.description = QLineEdit(actor.description if actor else "")
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Aliases", self.aliases)
        form.addRow("&Kind", self.kind)
        form.addRow("&Description", self.description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            column.addWidget(note)
        column.addLayout(form)
        column.addWidget(buttons)
        self.name.selectAll()
        self.name.setFocus()

    def values(self) -> dict:
        """name, aliases, kind, description as typed (the project cleans and checks them)."""
        return {"name": self.name.text().strip(), "aliases": tuple(split_aliases(self.aliases.text())),
                "kind": self.kind.currentData(), "description": self.description.text().strip()}

    def changes(self, actor: Actor) -> dict:
        """Only what differs from ``actor``."""
        values = self.values()
        return {k: v for k, v in values.items() if v != getattr(actor, k)}
