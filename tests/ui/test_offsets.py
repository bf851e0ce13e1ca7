from hypothesis import given
from tricky_text import raw_text

from annotator.domain.text import canonicalize
from annotator.ui.panes.offsets import OffsetMap, display_text


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_identity_without_astral_characters():
    m = OffsetMap("héllo 中文")
    assert m.identity and m.to_utf16(7) == 7 and m.to_codepoint(7) == 7


def test_emoji_shift_offsets_by_one_unit_each():
    text = "a😀b👩‍👩‍👧c"
    m = OffsetMap(text)
    assert m.length_u16 == utf16_len(text)
    assert m.to_utf16(2) == 3          # 'b' comes after one astral character
    assert m.to_codepoint(3) == 2
    # inside the surrogate pair of 😀 (UTF-16 position 2): down to its start, or up past it
    assert m.to_codepoint(2) == 1 and m.to_codepoint(2, round_up=True) == 2
    assert m.span_to_codepoints(2, 2) == (1, 2)


@given(raw_text)
def test_round_trip_at_every_character_boundary(raw):
    text = canonicalize(raw)
    m = OffsetMap(text)
    assert m.length_u16 == utf16_len(text)
    for cp in range(len(text) + 1):
        u16 = utf16_len(text[:cp])
        assert m.to_utf16(cp) == u16
        assert m.to_codepoint(u16) == cp


def test_display_text_keeps_utf16_length():
    text = "\ufeffstart \ufeff mid 😀"
    shown = display_text(text)
    assert utf16_len(shown) == utf16_len(text) and "\ufeff" not in shown


def test_large_text_converts_exactly():
    text = ("word 😀 " * 300_000)[:2_000_000]
    m = OffsetMap(text)
    for cp in range(0, len(text), 997):
        u16 = m.to_utf16(cp)
        assert u16 == cp + text.count("😀", 0, cp)
        assert m.to_codepoint(u16) == cp
