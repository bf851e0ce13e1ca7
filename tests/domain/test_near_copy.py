"""A colleague's copy of an article, loosely the same text (domain/near_copy.py): spans mapped
character by character."""

from annotator.domain.near_copy import Loose

OURS = "Mayor Ana Ruiz said “the bridge is safe”.\nCritics — led by Bo Li — disagreed."
THEIRS = "Mayor  Ana Ruiz said \"the bridge is safe\".\n\n Critics - led by Bo Li - disagreed. "


def test_loosely_the_same_text():
    assert Loose(OURS).key == Loose(THEIRS).key
    assert Loose(OURS).key != Loose(OURS.replace("Ruiz", "Ruis")).key


def test_a_span_of_their_copy_maps_onto_ours():
    theirs, ours = Loose(THEIRS), Loose(OURS)
    for piece, mapped in (("Ana Ruiz", "Ana Ruiz"), ('"the bridge is safe"', "“the bridge is safe”"),
                          ("Critics - led by Bo Li", "Critics — led by Bo Li"),
                          ("safe\".\n\n Critics", "safe”.\nCritics")):
        start = THEIRS.index(piece)
        place = theirs.span_in(ours, start, start + len(piece))
        assert place is not None and OURS[place[0]:place[1]] == mapped
    assert theirs.span_in(ours, 3, 3) is None  # (nothing)



def test_an_em_dash_typed_as_two_hyphens_is_a_dash():
    from annotator.domain.near_copy import quick_key

    typed = OURS.replace("—", "--")
    assert Loose(typed).key == Loose(OURS).key == quick_key(typed) == quick_key(OURS)
    start = typed.index("-- led")
    place = Loose(typed).span_in(Loose(OURS), start, start + len("-- led by"))
    assert place is not None and OURS[place[0]:place[1]] == "— led by"
    assert Loose("a - - b").key != Loose("a - b").key  # (dashes apart stay apart)
    dash = OURS.index("—")  # (and their dash maps onto both of our hyphens)
    place = Loose(OURS).span_in(Loose(typed), dash, dash + 1)
    assert place is not None and typed[place[0]:place[1]] == "--"
