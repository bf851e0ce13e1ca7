"""Re-anchoring a span by its quote (domain/anchor.py, issue 11): the quote's one place, else
the one its context fits best, else the one its shifted place is next to; never a guess."""

from annotator.domain.anchor import anchor

TEXT = ("Gu said so. Wang said no. Then Gu said so again, and Wang said no again. "
        "Later Gu said so, loudly. Wang said no twice, then left the room. At last Wang said "
        "no, quietly.")


def places(quote: str) -> list[int]:
    found, at = [], TEXT.find(quote)
    while at >= 0:
        found.append(at)
        at = TEXT.find(quote, at + 1)
    return found


def test_the_quote_where_the_file_says_or_its_one_place():
    at = TEXT.index("loudly")
    assert anchor(TEXT, at, at + 6, "loudly") == (at, at + 6)
    assert anchor(TEXT, 0, 6, "loudly") == (at, at + 6)  # (once in the text)
    assert anchor(TEXT, 0, 6, "softly") is None


def test_the_third_and_fourth_places_are_found_by_their_context():
    """Every place is looked at, not the first two (the fourth 'Wang said no' was refused)."""
    third, fourth = places("Gu said so")[2], places("Wang said no")[3]
    assert anchor(TEXT, -1, -1, "Gu said so", "Later ", ", loudly") == (third, third + 10)
    assert anchor(TEXT, -1, -1, "Wang said no", "At last ", "") == (fourth, fourth + 12)


def test_a_context_that_fits_in_part_picks_the_place_it_fits_best():
    """A colleague's copy with other punctuation around: the most characters that fit win."""
    third = places("Gu said so")[2]
    assert anchor(TEXT, -1, -1, "Gu said so", "... Later ", "; loudly") == (third, third + 10)


def test_a_context_that_fits_two_places_is_refused_unless_the_place_is_shifted_near_one():
    third, fourth = places("Wang said no")[2:]
    assert anchor(TEXT, -1, -1, "said", "Wang ", " no") is None  # (four places fit alike)
    # A place the quote's length, two characters off the fourth (and far from the third).
    assert anchor(TEXT, fourth + 7, fourth + 11, "said", "Wang ", " no") == (fourth + 5,
                                                                             fourth + 9)
    # A made-up place (not the quote's length) tells nothing.
    assert anchor(TEXT, fourth + 7, fourth + 20, "said", "Wang ", " no") is None
    # Halfway between two places: nothing either.
    middle = (third + fourth) // 2 + 5
    assert anchor(TEXT, middle, middle + 4, "said", "Wang ", " no") is None


def test_without_a_context_or_with_one_from_elsewhere_several_places_are_ambiguous():
    """A shifted place alone is no proof (the true one may be farther than the wrong one is
    near); nor is a context that fits in a space and a full stop."""
    fourth = places("Wang said no")[3]
    assert anchor(TEXT, fourth + 7, fourth + 11, "said") is None
    assert anchor(TEXT, -1, -1, "Wang said no", "zzzz zzz. ", " zzzzz zzzz") is None


def test_a_quote_of_very_many_places_needs_its_whole_context():
    """Past 2,000 places, the context must fit whole (found at C speed), not in part."""
    text = "a " * 3000 + "the pier is sound a b" + " a" * 3000
    at = text.index("the pier is sound a b") + len("the pier is sound ")
    assert anchor(text, 0, 0, "a", "is sound ", " b") == (at, at + 1)
    assert anchor(text, 0, 0, "a", "is sound ", " c") is None
