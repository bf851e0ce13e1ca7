"""The question asked when a file's encoding cannot be told: what the preview shows."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from annotator.ui.dialogs import encoding_dialog
from annotator.ui.dialogs.encoding_dialog import EncodingDialog, ask_encoding

SAMPLE = "Sklep przy ulicy Żelaznej: żółte róże".encode("cp1250")
CANDIDATES = [(name, SAMPLE.decode(name)) for name in ("cp1250", "cp1252", "iso8859_2")]


def _dialog(qtbot, sample=SAMPLE):
    dialog = EncodingDialog(None, "shop.txt", CANDIDATES, sample)
    qtbot.addWidget(dialog)
    return dialog


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_likeliest_candidate_is_shown_first(qtbot):
    dialog = _dialog(qtbot)
    assert dialog.choice.currentText() == "cp1250"
    assert dialog.preview.toPlainText() == "Sklep przy ulicy Żelaznej: żółte róże"
    assert dialog.preview.isReadOnly()


def test_choosing_a_candidate_shows_the_text_read_so(qtbot):
    dialog = _dialog(qtbot)
    dialog.choice.setCurrentIndex(1)
    assert dialog.preview.toPlainText() == "Sklep przy ulicy ¯elaznej: ¿ó³te ró¿e"
    assert dialog.encoding() == "cp1252"


def test_a_typed_encoding_is_previewed_from_the_file(qtbot):
    dialog = _dialog(qtbot)
    dialog.choice.setEditText("cp1251")
    assert dialog.preview.toPlainText() == SAMPLE.decode("cp1251")
    assert _ok(dialog).isEnabled()
    assert dialog.encoding() == "cp1251"


def test_a_typed_name_that_is_no_text_encoding_cannot_be_chosen(qtbot):
    dialog = _dialog(qtbot)
    for name in ("rot13", "klingon-8", "base64"):
        dialog.choice.setEditText(name)
        assert "not an encoding" in dialog.preview.toPlainText()
        assert not _ok(dialog).isEnabled()
    dialog.choice.setEditText("cp1250")
    assert _ok(dialog).isEnabled()


def test_the_preview_is_the_start_of_a_long_text(qtbot):
    long = [("cp1252", "x" * 5000)]
    dialog = EncodingDialog(None, "long.txt", long)
    qtbot.addWidget(dialog)
    assert dialog.preview.toPlainText() == "x" * 2000


def test_ok_returns_the_choice_and_cancel_none(qtbot, monkeypatch):
    def accept_second(self):
        self.choice.setCurrentIndex(2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(encoding_dialog.EncodingDialog, "exec", accept_second)
    assert ask_encoding(None, "shop.txt", CANDIDATES, SAMPLE) == "iso8859_2"
    monkeypatch.setattr(encoding_dialog.EncodingDialog, "exec",
                        lambda self: QDialog.DialogCode.Rejected)
    assert ask_encoding(None, "shop.txt", CANDIDATES, SAMPLE) is None
