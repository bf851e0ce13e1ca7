"""UTF-16 units <-> code points (domain/offsets16.py), the conversion the window and the
exchange formats (doccano, Label Studio, REFI-QDA) share."""

from hypothesis import given
from tricky_text import raw_text

from annotator.domain.offsets16 import OffsetMap, utf16_length
from annotator.domain.text import canonicalize


def units(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_length_counts_two_units_per_astral_character():
    assert utf16_length("a😀b👩‍👩‍👧c") == units("a😀b👩‍👩‍👧c") == 13
    assert utf16_length("") == 0 and utf16_length("héllo") == 5


def test_doccano_issue_sample_firetrucks():
    """doccano#2290: 'firetrucks' after a firefighter emoji is 22-32 in UTF-16, 19-29 here."""
    text = "I love 👨🏻‍🚒 and their firetrucks"
    start = text.index("firetrucks")
    m = OffsetMap(text)
    assert m.span_to_utf16(start, start + 10) == (start + 3, start + 13)
    assert m.exact_span_to_codepoints(start + 3, start + 13) == (start, start + 10)


def test_an_offset_inside_a_surrogate_pair_is_told():
    text = "a😀b"
    m = OffsetMap(text)
    assert [m.splits_pair(u) for u in range(5)] == [False, False, True, False, False]
    assert m.exact_span_to_codepoints(0, 2) is None  # ends between the halves of 😀
    assert m.exact_span_to_codepoints(0, 3) == (0, 2)
    assert m.exact_span_to_codepoints(0, 5) is None  # past the end (4 units)
    assert m.span_to_codepoints(2, 2) == (1, 2)  # rounded outwards, never splitting one


def test_identity_without_astral_characters():
    m = OffsetMap("héllo 中文")
    assert m.identity and m.to_utf16(7) == 7 and m.to_codepoint(7) == 7
    assert not m.splits_pair(3) and m.exact_span_to_codepoints(1, 4) == (1, 4)


@given(raw_text)
def test_round_trip_at_every_character_boundary(raw):
    text = canonicalize(raw)
    m = OffsetMap(text)
    assert m.length_u16 == units(text) == utf16_length(text)
    for cp in range(len(text) + 1):
        u16 = units(text[:cp])
        assert m.to_utf16(cp) == u16
        assert m.to_codepoint(u16) == cp
        assert not m.splits_pair(u16)


def test_the_window_uses_this_same_module():
    from annotator.ui.panes import offsets

    assert offsets.OffsetMap is OffsetMap
