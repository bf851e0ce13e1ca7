from annotator.domain.comparison.actors import clean_aliases, find_mentions, matching, name_key


def test_mentions_are_whole_words_longest_first_and_case_insensitive():
    text = "Bo Xilai met Gu. Bo left; BO returned. Guests and Bohemians stayed."
    assert find_mentions(text, ["Bo", "Bo Xilai"]) == [(0, 8), (17, 19), (26, 28)]
    assert find_mentions(text, ["Gu"]) == [(13, 15)]


def test_a_name_before_a_possessive_is_a_mention_without_it():
    text = "Bo Xilai's aide and Wang’s boss. Wangs are not."
    assert [text[s:e] for s, e in find_mentions(text, ["Bo Xilai", "Wang"])] == ["Bo Xilai", "Wang"]


def test_mentions_skip_excluded_regions_and_follow_line_breaks():
    text = "Gu Kailai spoke.\nComments: Gu\nKailai is guilty."
    assert find_mentions(text, ["Gu Kailai"], excluded=[(17, len(text))]) == [(0, 9)]
    assert find_mentions(text, ["Gu Kailai"]) == [(0, 9), (27, 36)]


def test_names_and_aliases_match_after_nfc_and_case_folding():
    assert name_key("  ZOE\u0301  Ortiz ") == name_key("zoé ortiz")
    assert matching([("Gu Kailai", ("Gu",)), ("Bo Xilai", ())], "GU") == [0]
    assert clean_aliases("Gu", ["gu", "Mrs  Bo", "Mrs Bo", "Bogu Kailai"]) == ("Bogu Kailai", "Mrs Bo")
