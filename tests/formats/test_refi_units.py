"""REFI-QDA positions (formats/exchange/refi/refi_units): a file's unit told from its
selections (code points, UTF-16 units, or UTF-8 bytes when the quotes say so), and a source's
raw positions mapped onto its canonical text (BOM, CRLF, NFD)."""

from annotator.formats.exchange.refi.refi_units import CODE_POINTS, UTF8, UTF16, choose_unit, sample
from annotator.formats.exchange.shared.foreign_text import ForeignText


def test_unit_detection():
    text = "😀😀 Ana said yes. 🙂 Bo said no."
    cp = (text.index("Bo"), text.index("Bo") + 2)
    u16 = (cp[0] + 3, cp[1] + 3)
    utf8 = (len(text[:cp[0]].encode()), len(text[:cp[1]].encode()))
    assert choose_unit([sample(text, [(*cp, None)])]) == CODE_POINTS
    assert choose_unit([sample(text, [(*u16, None)])]) == UTF16  # word boundaries
    assert choose_unit([sample(text, [(*u16, "Bo")])]) == UTF16
    assert choose_unit([sample(text, [(*utf8, "Bo")])]) == UTF8  # only when the quotes say so
    assert choose_unit([sample(text, [(*utf8, None)])]) != UTF8
    assert choose_unit([sample("plain ascii", [(0, 5, None)])]) == CODE_POINTS


def test_canon_map_crlf_bom_nfd():
    raw = "\ufeffa\r\nb\re\u0301x"
    m = ForeignText(raw)  # (what refi_read maps a source's raw positions with)
    assert m.text == "a\nb\néx"
    assert [(m.canonical_span(i, i) or (None,))[0] for i in range(len(raw) + 1)] == [
        0, 0, 1, 1, 2, 3, 4, None, 5, 6]


def test_notes_joined_ours_as_written_anothers_trimmed():
    from annotator.formats.exchange.refi.refi_parts import joined_notes

    assert joined_notes(["  one\n"], own=True) == "  one\n"
    assert joined_notes(["  one\n"], own=False) == "one"
    assert joined_notes(["\n   first\n  ", "  ", "second  "], own=False) == "first\n\nsecond"
    assert joined_notes([" a ", "b"], own=True) == " a \n\nb"
    assert joined_notes([], own=False) == ""
