"""Choosing a link's type: the small menu shown at the second span (one key per type; the
common types first, speaker last, "New link type…" at the end) and the dialog that makes a
new type (name, directed, description)."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit,
                               QMenu)

from ...domain.comparison.links import SPEAKER
from ...domain.model import LinkType
from .link_index import link_color
from ..panels import swatch

NEW_TYPE = "\x00new"  # the data of the menu's "New link type…" entry


def _accelerated(names: list[str], taken: set[str]) -> dict[str, str]:
    """Menu labels with a key each (the first letter of the name not already taken)."""
    labels = {}
    for name in names:
        at = next((i for i, c in enumerate(name) if c.isalnum() and c.lower() not in taken), -1)
        if at < 0:
            labels[name] = name.replace("&", "&&")
            continue
        taken.add(name[at].lower())
        labels[name] = name[:at].replace("&", "&&") + "&" + name[at:].replace("&", "&&")
    return labels


class LinkTypeDialog(QDialog):
    """A new link type: name, directed or not, description."""

    def __init__(self, existing: set[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("New link type")
        self.existing = {n.casefold() for n in existing}
        self.name = QLineEdit(placeholderText="for example: quotes, echoes, cites")
        self.directed = QCheckBox("Directed: goes from the first span to the second")
        self.description = QLineEdit(placeholderText="what a link of this type says")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("", self.directed)
        form.addRow("Description:", self.description)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        name = self.name.text().strip()
        ok = bool(name) and name.casefold() not in self.existing
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.name.setToolTip("" if ok or not name else f"There is already a link type “{name}”")

    def values(self) -> tuple[str, bool, str]:
        return self.name.text().strip(), self.directed.isChecked(), self.description.text().strip()


def type_menu(types: dict[str, LinkType], across: bool, last: str | None, parent) -> QMenu:
    """The link types as a menu; each action's data is its type's name (NEW_TYPE: a new one).
    A speaker link is offered only within one article."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    names = sorted(types, key=lambda t: t == SPEAKER)  # speaker last: it is for quotes only
    labels = _accelerated(names, {"n"})
    for name in names:
        action = menu.addAction(swatch(link_color(name)), labels[name])
        action.setData(name)
        action.setToolTip(types[name].description or name)
        if name == SPEAKER and across:
            action.setEnabled(False)
            action.setText(f"{labels[name]} (within one article)")
        if name == last:
            menu.setActiveAction(action)
    menu.addSeparator()
    menu.addAction("&New link type…").setData(NEW_TYPE)
    return menu
