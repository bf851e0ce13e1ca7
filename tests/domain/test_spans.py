import pytest

from annotator.domain.spans import (check_span, has_letter_or_digit, clean_selection, snap_to_graphemes, snap_to_words,
                                    step, trim_span)
from annotator.errors import SpanError

FAMILY = "👩‍👩‍👧"  # 5 code points joined by ZWJ
FLAG = "🇫🇷"       # 2 regional indicators
E_ACUTE = "e\u0301"  # not NFC-composable in this order? (it is: kept decomposed on purpose here)


def test_check_span_returns_the_slice():
    assert check_span("Hello world", 6, 11) == "world"


@pytest.mark.parametrize("start, end", [(-1, 2), (3, 3), (4, 2), (0, 12), (True, 2), (0.0, 2)])
def test_check_span_refuses(start, end):
    with pytest.raises(SpanError):
        check_span("Hello world", start, end)


def test_trim_span_drops_outer_whitespace():
    text = "  a b \n"
    assert trim_span(text, 0, len(text)) == (2, 5)
    assert trim_span(text, 0, 2) is None


def test_snap_widens_to_whole_emoji_sequence():
    text = f"x {FAMILY} y"
    inside = text.index(FAMILY) + 2  # between the first ZWJ and the second woman
    assert snap_to_graphemes(text, inside, inside + 1) == (2, 2 + len(FAMILY))


def test_snap_keeps_flags_whole():
    text = f"{FLAG}{FLAG}"
    assert snap_to_graphemes(text, 1, 3) == (0, 4)
    assert snap_to_graphemes(text, 2, 4) == (2, 4)


def test_snap_keeps_combining_marks_with_their_letter():
    text = "cafe\u0301 noir"
    assert snap_to_graphemes(text, 0, 4) == (0, 5)


def test_clean_selection_reverses_snaps_and_trims():
    text = f"  {FAMILY} said  "
    start, end = clean_selection(text, len(text), 3)
    assert text[start:end] == f"{FAMILY} said"
    assert clean_selection(text, 0, 2) is None


def test_step_moves_by_whole_characters():
    text = f"a{FAMILY}{FLAG}e\u0301"
    assert step(text, 1, True) == 1 + len(FAMILY)
    assert step(text, 1 + len(FAMILY), True) == 1 + len(FAMILY) + 2
    assert step(text, len(text), False) == len(text) - 2
    assert step(text, 1 + len(FAMILY), False) == 1
    assert step(text, 0, False) == 0 and step(text, len(text), True) == len(text)



def test_snap_to_words_widens_partial_words_only():
    text = "said Wang Lijun along the road"
    part = text.index("g Lijun alon")
    assert text[slice(*snap_to_words(text, part, part + len("g Lijun alon")))] == "Wang Lijun along"
    whole = text.index("Lijun")
    assert snap_to_words(text, whole, whole + 5) == (whole, whole + 5)


def test_snap_to_words_keeps_apostrophes_accents_and_leaves_cjk_alone():
    text = "Ortiz’s plan, Zoë’s café. 市长说桥梁是安全的。"
    i = text.index("tiz")
    assert text[slice(*snap_to_words(text, i, i + 2))] == "Ortiz"  # the possessive is left out
    j = text.index("caf")
    assert text[slice(*snap_to_words(text, j + 1, j + 3))] == "café"
    k = text.index("桥梁")
    assert snap_to_words(text, k, k + 2) == (k, k + 2)


def test_clean_selection_with_words():
    text = "  the minister said "
    assert text[slice(*clean_selection(text, 4, 12, words=True))] == "the minister"
    assert clean_selection(text, 0, 2, words=True) is None


def test_snap_to_words_leaves_out_a_possessive_but_keeps_inner_apostrophes():
    text = "Bo Xilai's aide didn't say; O'Neill's men and the councils' votes. ZOË'S"
    i = text.index("Bo")
    assert text[slice(*snap_to_words(text, i, i + len("Bo Xila")))] == "Bo Xilai"
    whole = text.index("Xilai's")
    assert snap_to_words(text, whole, whole + 7) == (whole, whole + 7)  # chosen whole: kept
    d = text.index("didn")
    assert text[slice(*snap_to_words(text, d + 1, d + 3))] == "didn't"
    o = text.index("O'Neill")
    assert text[slice(*snap_to_words(text, o + 3, o + 5))] == "O'Neill"
    c = text.index("councils")
    assert text[slice(*snap_to_words(text, c + 1, c + 4))] == "councils"
    z = text.index("ZOË")
    assert text[slice(*snap_to_words(text, z, z + 2))] == "ZOË"


def test_a_span_needs_a_letter_or_digit():
    assert not has_letter_or_digit(",")
    assert not has_letter_or_digit("— …")
    assert has_letter_or_digit("7")
    assert has_letter_or_digit("“Zoë”")
