"""The places to adjudicate: how the coders' spans group, how each place is classified, which
places are settled, and the order."""

from annotator.domain.team.adjudication import (CoderSpan, DecisionRef, article_places, ordered_places,
                                           strict_agreement)
from annotator.domain.annotators import clean_annotator_name


def span(ident, who, tag, start, end):
    return CoderSpan(ident, who, tag, start, end)


def kinds(places):
    return [(p.tags, p.start, p.end, p.kind, [s.id for s in p.spans]) for p in places]


def test_unanimous_missing_extent_and_tag_places():
    spans = [span("a1", "alice", "actor", 0, 5), span("b1", "bob", "actor", 0, 5),
             span("a2", "alice", "claim", 10, 20), span("b2", "bob", "claim", 12, 20),
             span("a3", "alice", "quote", 30, 40),
             span("a4", "alice", "actor", 50, 55), span("b4", "bob", "place", 50, 55)]
    assert kinds(article_places("art", spans)) == [
        (("actor",), 0, 5, "unanimous", ["a1", "b1"]),
        (("claim",), 10, 20, "extent", ["a2", "b2"]),
        (("quote",), 30, 40, "missing", ["a3"]),
        (("actor", "place"), 50, 55, "tag", ["a4", "b4"]),
    ]


def test_overlaps_chain_across_coders_and_a_coder_with_two_spans_is_no_unanimity():
    spans = [span("a1", "alice", "claim", 0, 10), span("b1", "bob", "claim", 8, 15),
             span("a2", "alice", "claim", 14, 20),
             span("a3", "alice", "claim", 30, 35), span("a4", "alice", "claim", 30, 35),
             span("b3", "bob", "claim", 30, 35)]
    places = article_places("art", spans)
    assert kinds(places) == [(("claim",), 0, 20, "extent", ["a1", "a2", "b1"]),
                             (("claim",), 30, 35, "extent", ["a3", "a4", "b3"])]
    assert places[0].of("alice") == (spans[0], spans[2])


def test_touching_spans_do_not_overlap():
    spans = [span("a1", "alice", "claim", 0, 10), span("b1", "bob", "claim", 10, 20)]
    assert [p.kind for p in article_places("art", spans)] == ["missing", "missing"]


def test_tag_places_join_only_disjoint_coders():
    # alice marked both tags on the extent, bob only one: bob is missing the other, no tag place
    spans = [span("a1", "alice", "actor", 0, 5), span("a2", "alice", "place", 0, 5),
             span("b1", "bob", "actor", 0, 5)]
    assert kinds(article_places("art", spans)) == [
        (("actor",), 0, 5, "unanimous", ["a1", "b1"]),
        (("place",), 0, 5, "missing", ["a2"])]


def test_one_coder_is_single_not_unanimous():
    places = article_places("art", [span("a1", "alice", "actor", 0, 5)])
    assert [(p.kind, p.disagreement) for p in places] == [("single", False)]


def test_three_coders_all_needed_for_unanimity():
    spans = [span("a1", "alice", "actor", 0, 5), span("b1", "bob", "actor", 0, 5),
             span("c1", "carol", "claim", 10, 12)]
    assert [p.kind for p in article_places("art", spans)] == ["missing", "missing"]


def test_decisions_settle_places_and_a_new_span_opens_one_again():
    spans = [span("a1", "alice", "claim", 0, 10), span("b1", "bob", "claim", 2, 10)]
    decided = [DecisionRef("d1", "art", ("a1", "b1"), "accept")]
    place = article_places("art", spans, decided)[0]
    assert place.settled and place.decisions == ("d1",)
    later = article_places("art", [*spans, span("b2", "bob", "claim", 8, 12)], decided)[0]
    assert not later.settled and later.decisions == ("d1",)


def test_order_disagreements_first_worst_articles_first_then_position():
    good = [span("g1", "alice", "actor", 0, 5), span("g2", "bob", "actor", 0, 5),
            span("g3", "alice", "claim", 10, 20), span("g4", "bob", "claim", 11, 20)]
    bad = [span("b1", "alice", "actor", 0, 5), span("b2", "bob", "actor", 0, 5),
           span("b3", "alice", "claim", 30, 40), span("b4", "bob", "claim", 6, 9),
           span("b5", "bob", "claim", 31, 40)]
    decided = [DecisionRef("d", "bad", ("b4",), "reject")]
    places = ordered_places({"good": good, "bad": bad}, decided, ["good", "bad"])
    assert [(p.article_id, p.start, p.kind, p.settled) for p in places] == [
        ("bad", 30, "extent", False),  # bad: 2 disagreements (one settled) against 1
        ("good", 10, "extent", False),
        ("bad", 0, "unanimous", False),
        ("good", 0, "unanimous", False),
        ("bad", 6, "missing", True),
    ]


def test_equal_disagreements_lower_strict_agreement_first():
    one = [span("x1", "alice", "claim", 0, 5), span("x2", "bob", "claim", 0, 6)]
    two = [*one, span("x3", "alice", "actor", 10, 12), span("x4", "bob", "actor", 10, 12)]
    two = [s._replace(id="t" + s.id) for s in two]
    places = ordered_places({"one": one, "two": two}, (), ["two", "one"])
    assert [p.article_id for p in places if p.disagreement] == ["one", "two"]


def test_strict_agreement():
    assert strict_agreement([span("a", "alice", "x", 0, 1)]) is None
    assert strict_agreement([span("a", "alice", "x", 0, 1), span("b", "bob", "x", 0, 1),
                             span("c", "bob", "x", 3, 4)]) == 2 / 3


def test_gold_is_no_name_to_annotate_as():
    for given in ("gold", "Gold", " GOLD "):
        name, problem = clean_annotator_name(given)
        assert name is None and "gold layer" in problem
    assert clean_annotator_name("golden") == ("golden", None)
