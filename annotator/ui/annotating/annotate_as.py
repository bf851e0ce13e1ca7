"""Who annotates, chosen in the window (File › Annotate as…) and remembered in the settings.
``--as NAME`` and ANNOTATOR_NAME win over the setting when the window starts; the status bar
always says whose name new annotations and links carry."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox

from ...errors import InputRefused
from ..settings import check_annotator_name, name_given_elsewhere


class AnnotateAs:
    def __init__(self, window, given: bool | None = None):
        """``given``: whether the command line chose the name (None: tell from the project's
        name and the environment)."""
        self.w = window
        project = window.session.project
        if given is None:
            from ..app import annotator_explicit  # what the command line said, when it ran us

            given = annotator_explicit() or name_given_elsewhere(project.annotator)
        self.given = given
        remembered = window.settings.annotator()
        if remembered and not self.given:
            try:
                project.annotator = check_annotator_name(remembered)
            except InputRefused:
                pass  # a hand-edited settings file: keep the default
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        self.show()

    def show(self) -> None:
        name = self.w.session.project.annotator
        self.label.setText(f"Annotating as {name}")
        self.label.setToolTip("New annotations and links carry this name (File › Annotate as…)")

    def ask(self) -> None:
        project = self.w.session.project
        name, ok = QInputDialog.getText(self.w, "Annotate as",
                                        "Your name, on the annotations and links you make:",
                                        text=project.annotator)
        if not ok:
            return
        try:
            name = check_annotator_name(name)
        except InputRefused as exc:
            QMessageBox.warning(self.w, "Annotate as", f"Not changed: {exc}.")
            return
        self.set(name)

    def set(self, name: str) -> None:
        self.w.session.project.annotator = name
        self.w.settings.set_annotator(name)
        self.show()
        note = "; remembered, but --as or ANNOTATOR_NAME win when annotator starts" \
            if self.given else "; remembered for next time"
        self.w.statusBar().showMessage(f"New annotations and links are made as {name}{note}",
                                       8000)
