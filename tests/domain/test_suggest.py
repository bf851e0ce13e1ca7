"""Offline suggestions on fixed texts: every quotation-mark style, nesting, paragraphs,
apostrophes, the speaker patterns, known actors' mentions, and what is never suggested."""

from __future__ import annotations

import pytest

from annotator.domain.model import Actor, Annotation
from annotator.domain.suggestions.quotes import find_quotes
from annotator.domain.suggestions.suggest import ACTOR, QUOTE, suggest


def quotes(text: str) -> list[tuple[str, str]]:
    """(quote text, speaker name) of each quote suggested."""
    return [(text[s.start:s.end], s.name) for s in suggest(text) if s.kind == QUOTE]


def span(id_: str, text: str, phrase: str, tag: str, nth: int = 0) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Annotation(id_, "a1", tag, start, start + len(phrase), phrase, "", "me", "t", "t")


@pytest.mark.parametrize("text, quote", [
    ('Ann said: "The bridge is safe for now."', "The bridge is safe for now."),
    ("Ann said: \u201cThe bridge is safe for now.\u201d", "The bridge is safe for now."),
    ("Ann said: \u2018The bridge is safe for now.\u2019", "The bridge is safe for now."),
    ("Ann a dit : \u00ab\u00a0Le pont est s\u00fbr pour l\u2019instant\u00a0\u00bb.",
     "Le pont est s\u00fbr pour l\u2019instant"),
    ("Ann sagte: \u00bbDie Br\u00fccke ist vorerst sicher.\u00ab", "Die Br\u00fccke ist vorerst sicher."),
    ("Ann a dit : \u2039\u00a0Le pont est s\u00fbr pour l\u2019instant\u00a0\u203a.",
     "Le pont est s\u00fbr pour l\u2019instant"),
    ("Ann sagte: \u201eDie Br\u00fccke ist vorerst sicher.\u201c", "Die Br\u00fccke ist vorerst sicher."),
    ("Ann powiedzia\u0142a: \u201eMost jest na razie bezpieczny.\u201d", "Most jest na razie bezpieczny."),
    ("Ann s\u00e4ger: \u201dBron \u00e4r s\u00e4ker f\u00f6r tillf\u00e4llet.\u201d", "Bron \u00e4r s\u00e4ker f\u00f6r tillf\u00e4llet."),
    ("\u5e02\u9577\u8868\u793a\uff1a\u300c\u6a4b\u6a11\u76ee\u524d\u662f\u5b89\u5168\u7684\u3002\u300d",
     "\u6a4b\u6a11\u76ee\u524d\u662f\u5b89\u5168\u7684\u3002"),
    ("\u5973\u6027\u306f\u300e\u6a4b\u306f\u5b89\u5168\u3060\u3068\u601d\u3044\u307e\u3059\u300f\u3068\u8a71\u3057\u305f\u3002",
     "\u6a4b\u306f\u5b89\u5168\u3060\u3068\u601d\u3044\u307e\u3059"),
])
def test_every_quotation_mark_style(text, quote):
    assert [q for q, _ in quotes(text)] == [quote]


def test_offsets_are_code_points_past_emoji():
    text = "\U0001f309\U0001f1eb\U0001f1f7 \u201cStay off the east walkway now,\u201d said Ann Lee."
    (s,) = [s for s in suggest(text) if s.kind == QUOTE]
    assert text[s.start:s.end] == "Stay off the east walkway now"
    assert text[s.speaker[0]:s.speaker[1]] == "Ann Lee"


def test_nested_quotes_are_part_of_the_outer_one():
    text = ("Gu testified that \"I said 'I'm a bit worried.' He said, 'It will be fine.'\"\n"
            "\u2018We\u2019ve heard \u201clessons will be learned\u201d too often,\u2019 said Rae Osei.\n"
            "\u201eSie hat das \u201anicht einmal gelesen\u2018\u201c, sagte Klaus Berger.\n"
            "\u300c\u8001\u95c6\u53eb\u6211\u5011\u300e\u65e9\u9ede\u56de\u5bb6\u300f\uff0c\u4f46\u5df4\u58eb\u5f88\u64e0\u3002\u300d\n")
    found = find_quotes(text)
    inner = [text[q.open + 1:q.close] for q in found if q.depth == 1]
    assert inner == ["I'm a bit worried.", "It will be fine.", "lessons will be learned",
                     "nicht einmal gelesen", "\u65e9\u9ede\u56de\u5bb6"]
    assert quotes(text) == [
        ("I said 'I'm a bit worried.' He said, 'It will be fine.'", "Gu"),
        ("We\u2019ve heard \u201clessons will be learned\u201d too often", "Rae Osei"),
        ("Sie hat das \u201anicht einmal gelesen\u2018", "Klaus Berger"),
        ("\u8001\u95c6\u53eb\u6211\u5011\u300e\u65e9\u9ede\u56de\u5bb6\u300f\uff0c\u4f46\u5df4\u58eb\u5f88\u64e0\u3002", ""),
    ]


def test_apostrophes_are_not_quotes():
    text = ("It's the bridge's third closure since the '60s and the \u201970s, Wang\u2019s aides "
            "said; the students' union and the teachers\u2019 union played rock 'n' roll. "
            "Don't panic, y'all.\n")
    assert find_quotes(text) == []
    assert quotes(text) == []


def test_apostrophes_inside_a_single_quoted_quote():
    text = "\u2018It wasn\u2019t mine, but it was someone\u2019s worst day,\u2019 she said.\n"
    assert [q for q, _ in quotes(text)] == ["It wasn\u2019t mine, but it was someone\u2019s worst day"]


def test_a_quote_running_over_paragraphs():
    text = ("Gao added that it showed \"the complete bankruptcy of the 'core values' of the "
            "party.\n\n\"Who would still believe in these 'core values'?\"\n\n"
            "Another paragraph with \"an unclosed mark.\n\nAnd a new paragraph.\n")
    assert quotes(text) == [("the complete bankruptcy of the 'core values' of the party.\n\n"
                             "\"Who would still believe in these 'core values'?", "Gao")]


@pytest.mark.parametrize("text, speaker", [
    ('"The plan was rushed," said Mayor Elena Vasquez, who voted for it.', "Elena Vasquez"),
    ('"The plan was rushed," Vasquez said.', "Vasquez"),
    ('"The plan was rushed," Ronald Okoye told reporters.', "Ronald Okoye"),
    ('Fire Chief Ronald Okoye told the council: "We will move an engine east."', "Ronald Okoye"),
    ('"The plan was rushed and badly costed," according to Lucia Ferraro.', "Lucia Ferraro"),
    ('"He told me not to worry at all," the account quoted Gu as saying.', "Gu"),
    ('"The plan was rushed," Ann Lee says.', "Ann Lee"),
    ('"The plan was rushed," added Ann Lee.', "Ann Lee"),
    ('The incident, Gao added, has caused "the complete bankruptcy of the values".', "Gao"),
    ('"After he got slapped, it was public," one of his aides, Guo Weiguo, later told '
     'interrogators.', "Guo Weiguo"),
    ('Analyst Priya Raman of Castell & Webb said investors were "pricing in the risk".',
     "Priya Raman"),
    ('Union representative Kofi Mensah warned that calls to halt could cost jobs: "Let\'s '
     'see the evidence first."', "Kofi Mensah"),
    ('"Nous n\u2019avons pas d\u2019autre choix", a d\u00e9clar\u00e9 Sophie Marchand.',
     "Sophie Marchand"),
])
def test_speaker_patterns(text, speaker):
    assert quotes(text) == [(quotes(text)[0][0], speaker)]


def test_a_pronoun_stands_for_the_last_speaker_and_a_quote_goes_on_the_previous_one():
    text = ("Council member Jonah Briggs, one of the two who voted against, said the city had "
            "not studied the detours. \"Nobody has told the fire department,\" he said.\n\n"
            "\"I drive over it every morning,\" said Teresa Lind, a nurse. \"When I read that "
            "report, I didn't sleep.\"\n\n"
            "Vasquez said the city would add buses.\n\n"
            "\"This isn't the end of the conversation,\" she said.\n")
    assert quotes(text) == [("Nobody has told the fire department", "Jonah Briggs"),
                            ("I drive over it every morning", "Teresa Lind"),
                            ("When I read that report, I didn't sleep.", "Teresa Lind"),
                            ("This isn't the end of the conversation", "Vasquez")]


def test_who_is_told_is_not_the_speaker_nor_is_a_common_word():
    text = ("Visitors were told: \u201cStay off the east walkway for now.\u201d\n"
            "Residents said: \u201cWe were never asked about the detour.\u201d Some residents "
            "left.\n")
    assert quotes(text) == [("Stay off the east walkway for now.", ""),
                            ("We were never asked about the detour.", "")]


def test_an_unnamed_source_gives_a_quote_without_a_speaker():
    text = ("\"It's all gone up in smoke, flown away,\" the account said. The Times quoted other "
            "sources as saying that \"incriminating knowledge or evidence\" had been passed on.\n")
    assert quotes(text) == [("It's all gone up in smoke, flown away", ""),
                            ("incriminating knowledge or evidence", "")]


def test_scare_quotes_nicknames_and_titles_are_not_suggested():
    text = ("The bridge, nicknamed \"the Rattler\" by commuters, is \"temporary\" again. Maps "
            "are posted under \"Harbor Street Updates.\" It has also brought \"great "
            "embarrassment\" to the party, Gao said.\n")
    assert quotes(text) == [("great embarrassment", "Gao")]


def test_known_actors_and_their_aliases_and_the_speakers_actor():
    text = ("\"We cannot wait another winter,\" said Elena Vasquez. The mayor, Vasquez, and Bo "
            "Xilai's aide met Bo.\n")
    actors = [Actor("v", "Elena Vasquez", ("Vasquez",)), Actor("b", "Bo Xilai", ("Bo",))]
    found = suggest(text, actors=actors)
    assert [(s.kind, text[s.start:s.end], s.actor_id) for s in found] == [
        (QUOTE, "We cannot wait another winter", "v"),
        (ACTOR, "Elena Vasquez", "v"), (ACTOR, "Vasquez", "v"), (ACTOR, "Bo Xilai", "b"),
        (ACTOR, "Bo", "b")]
    assert text[found[0].speaker[0]:found[0].speaker[1]] == "Elena Vasquez"


def test_a_name_two_actors_share_names_neither():
    text = "Wang met the press.\n"
    found = suggest(text, actors=[Actor("1", "Wang Lijun", ("Wang",)), Actor("2", "Wang Li", ("Wang",))])
    assert [(text[s.start:s.end], s.actor_id) for s in found] == [("Wang", None)]


def test_what_is_annotated_dismissed_or_not_article_is_never_suggested():
    text = ("Skip to content \"Subscribe now for just one euro a week\"\n"
            "\"We cannot wait another winter,\" said Elena Vasquez.\n"
            "\"Six months is a lifetime for a shop,\" said Arjun Mehta.\n"
            "\"They say it is temporary, but it never is,\" Mehta added, and Vasquez nodded.\n")
    actors = [Actor("v", "Elena Vasquez", ("Vasquez",))]
    everything = suggest(text, actors=actors)
    assert len([s for s in everything if s.kind == QUOTE]) == 4
    annotations = [
        span("r", text, "Skip to content \"Subscribe now for just one euro a week\"", "not-article"),
        span("q", text, "We cannot wait another winter", "quote"),  # same extent and tag
        span("w", text, "Six months is a lifetime", "quote"),  # part of the quote: dealt with
        span("v", text, "Vasquez", "actor", nth=1),
        span("c", text, "They say it is temporary, but it never is", "claim"),  # another tag
    ]
    dismissed = {(s.start, s.end, s.kind) for s in everything
                 if text[s.start:s.end] == "Elena Vasquez"}
    left = suggest(text, annotations, actors, dismissed)
    assert [(s.kind, text[s.start:s.end]) for s in left] == [
        (QUOTE, "They say it is temporary, but it never is")]
    assert left[0].name == "Mehta"


def test_a_speaker_in_a_region_not_of_the_article_is_dropped():
    text = "\"We cannot wait another winter,\" said Elena Vasquez.\n"
    region = span("r", text, "Elena Vasquez.", "not-article")
    (s,) = suggest(text, [region])
    assert (s.speaker, s.name) == (None, "")


def test_mentions_are_what_find_mentions_finds():
    from annotator.domain.comparison.actors import find_mentions
    from annotator.domain.suggestions.suggest import mention_suggestions

    text = ("Bo Xilai's aide met BO and Wang\u2019s lawyer; Bob, Bonn and the U.S. State "
            "Department did not. O\u2019Leary, Ros-Lehtinen and the agency wrote.\n") * 3
    actors = [Actor("b", "Bo Xilai", ("Bo",)), Actor("w", "Wang Lijun", ("Wang",)),
              Actor("s", "U.S. State Department"), Actor("o", "Martin O\u2019Leary", ("O\u2019Leary",)),
              Actor("r", "Ileana Ros-Lehtinen", ("Ros-Lehtinen",)),
              Actor("a", "Lenne Valley Agency", ("the agency",)),
              *(Actor(str(i), f"Absent Person{i}") for i in range(50))]
    names = [n for a in actors for n in (a.name, *a.aliases)]
    excluded = [(30, 60)]
    found = [(s.start, s.end) for s in mention_suggestions(text, actors, excluded)]
    assert found == find_mentions(text, names, excluded)
    assert {text[s:e] for s, e in found} == {"Bo Xilai", "BO", "Wang", "U.S. State Department",
                                             "O\u2019Leary", "Ros-Lehtinen", "the agency"}
