"""The note editor: several lines; Ctrl+Enter saves, Escape cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout


class NoteDialog(QDialog):
    def __init__(self, excerpt: str, note: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.setMinimumSize(460, 220)
        label = QLabel(f"Note on “{excerpt}”:")
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(note)
        self.edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Save (Ctrl+Enter)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.edit.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.edit.setFocus()
        self.edit.moveCursor(QTextCursor.MoveOperation.End)  # go on writing after the old note

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.edit and event.type() == event.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.accept()
            return True
        return False

    def note(self) -> str:
        return self.edit.toPlainText()


def ask_note(parent, excerpt: str, note: str) -> tuple[str, bool]:
    dialog = NoteDialog(excerpt, note, parent)
    accepted = bool(dialog.exec())
    return dialog.note(), accepted
