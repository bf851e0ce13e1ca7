"""Ask which encoding a file is in, when the detector cannot tell: a guess would be permanent,
since an article's text never changes after import. The user sees the text as each candidate
reads it, or as any encoding they type, and chooses."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit,
                               QVBoxLayout)

from ...errors import InputRefused
from ...formats.encoding.decode import text_codec

PREVIEW_CHARS = 2000


def _readable(name: str) -> bool:
    try:
        text_codec(name)
    except InputRefused:
        return False
    return True


class EncodingDialog(QDialog):
    def __init__(self, parent, file_name: str, candidates: list[tuple[str, str]],
                 sample: bytes | None = None):
        super().__init__(parent)
        self.setWindowTitle("Which encoding?")
        self.setMinimumSize(640, 420)
        self._previews = dict(candidates)
        self._sample = sample
        layout = QVBoxLayout(self)
        intro = QLabel(f"The encoding of {file_name} cannot be told for sure, and the text is "
                       "stored as read: choose the encoding in which it reads right.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.choice = QComboBox()
        self.choice.setEditable(True)  # any other encoding can be typed
        self.choice.setObjectName("encoding")
        self.choice.addItems([name for name, _ in candidates])
        layout.addWidget(self.choice)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setObjectName("preview")
        layout.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.choice.currentTextChanged.connect(self._show)
        self._show(self.choice.currentText())

    def _show(self, name: str) -> None:
        name = name.strip()
        ok = name in self._previews or _readable(name)
        if name in self._previews:
            text = self._previews[name]
        elif not ok:
            text = f"“{name}” is not an encoding annotator knows."
        elif self._sample is None:
            text = "(no preview for this encoding)"
        else:
            try:
                text = self._sample.decode(name, "replace")
            except (UnicodeError, LookupError, ValueError) as exc:
                text, ok = f"The file cannot be read as {name} ({exc}).", False
        self.preview.setPlainText(text[:PREVIEW_CHARS])
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def encoding(self) -> str:
        return self.choice.currentText().strip()


def ask_encoding(parent, file_name: str, candidates: list[tuple[str, str]],
                 sample: bytes | None = None) -> str | None:
    """The encoding the user chooses for ``file_name`` among ``candidates`` ((name, preview)
    pairs, likeliest first) or types; None if they cancel. ``sample`` (the file's first bytes,
    EncodingUncertain.sample) gives a preview of typed encodings."""
    dialog = EncodingDialog(parent, file_name, candidates, sample)
    return dialog.encoding() if dialog.exec() == QDialog.DialogCode.Accepted else None
