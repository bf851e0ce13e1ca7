"""The agreement report (annotator/domain/team/agreement.py) on hand-made cases: F1 strict and overlap
(one-to-one, greedy by largest overlap), the empty pair (null, not 1), which articles count, the
worst article first, span counts, and links matched by their ends."""

from annotator.domain.team.agreement import agreement, overlap_matches

PAIR = ("ann", "bob")
ARTICLES = [("a1", "First", 100), ("a2", "Second", 100), ("a3", "Third", 100)]


def report(spans, links=(), tags=("claim", "quote")):
    return agreement(PAIR, ARTICLES, list(tags), spans, links)


def test_strict_and_overlap_by_hand():
    spans = [("ann", "a1", "claim", 0, 10), ("ann", "a1", "claim", 20, 30),
             ("ann", "a1", "claim", 40, 50),
             ("bob", "a1", "claim", 0, 10), ("bob", "a1", "claim", 22, 35),
             ("bob", "a1", "quote", 60, 70)]
    r = report(spans)
    claim = r["tags"]["claim"]
    # strict: 1 common of 3 + 2 spans; overlap: (0,10) and (20,30)~(22,35): 2 matches
    assert claim["f1_strict"] == round(2 * 1 / 5, 4)
    assert claim["f1_overlap"] == round(2 * 2 / 5, 4)
    assert claim["spans"] == {"ann": 3, "bob": 2}
    quote = r["tags"]["quote"]
    assert (quote["f1_strict"], quote["f1_overlap"], quote["spans"]) == (0.0, 0.0,
                                                                        {"ann": 0, "bob": 1})
    assert r["overall"] == {"f1_strict": round(2 / 6, 4), "f1_overlap": round(4 / 6, 4),
                            "spans": {"ann": 3, "bob": 3}}
    assert list(r) == ["annotators", "tags", "overall", "articles", "links"]
    assert list(claim) == ["f1_strict", "f1_overlap", "alpha", "alpha_u", "spans"]


def test_the_empty_pair_is_null_not_one():
    r = report([("ann", "a1", "claim", 0, 10), ("bob", "a1", "claim", 0, 10)])
    assert r["tags"]["quote"] == {"f1_strict": None, "f1_overlap": None, "alpha": None,
                                  "alpha_u": None, "spans": {"ann": 0, "bob": 0}}
    assert r["tags"]["claim"]["f1_strict"] == 1.0
    assert r["tags"]["claim"]["alpha"] == 1.0
    assert r["tags"]["claim"]["alpha_u"] == 1.0
    nobody = report([])
    assert nobody["overall"]["f1_strict"] is None and nobody["articles"] == []


def test_overlap_is_one_to_one_greedy_by_largest_overlap():
    # b's (0,10) overlaps a's (0,4) by 4 and a's (3,10) by 7: it goes to (3,10); (0,4) is left
    assert overlap_matches([(0, 4), (3, 10)], [(0, 10)]) == 1
    # greedy by size: (5,15) with (5,15) first (10), then (0,6) with (0,5) (5)
    assert overlap_matches([(0, 6), (5, 15)], [(0, 5), (5, 15)]) == 2
    assert overlap_matches([(0, 5)], [(5, 9)]) == 0  # touching is no overlap
    assert overlap_matches([(0, 100)], [(10, 11), (50, 60)]) == 1


def test_only_articles_both_annotated_count_and_worst_comes_first():
    spans = [("ann", "a1", "claim", 0, 10), ("bob", "a1", "claim", 0, 10),
             ("ann", "a2", "claim", 0, 10), ("bob", "a2", "claim", 5, 10),
             ("ann", "a3", "claim", 0, 10),  # bob did not annotate a3: it does not count
             ("eve", "a2", "claim", 0, 10)]  # others are left out
    r = report(spans)
    assert [(a["id"], a["f1_strict"], a["f1_overlap"]) for a in r["articles"]] == [
        ("a2", 0.0, 1.0), ("a1", 1.0, 1.0)]
    assert r["articles"][0] == {"id": "a2", "f1_strict": 0.0, "f1_overlap": 1.0,
                                "spans": {"ann": 1, "bob": 1}, "title": "Second"}
    assert r["tags"]["claim"]["spans"] == {"ann": 2, "bob": 2}  # a3's span is not counted


def test_identical_spans_of_one_annotator_count_once():
    r = report([("ann", "a1", "claim", 0, 10), ("ann", "a1", "claim", 0, 10),
                ("bob", "a1", "claim", 0, 10)])
    assert r["tags"]["claim"]["spans"] == {"ann": 1, "bob": 1}
    assert r["tags"]["claim"]["f1_strict"] == 1.0


def test_alpha_over_the_characters_of_the_counted_articles():
    # a1 and a2 count (200 characters): ann covers 10, bob 5 of them, 5 in common
    spans = [("ann", "a1", "claim", 0, 10), ("bob", "a1", "claim", 0, 5),
             ("ann", "a2", "quote", 0, 10), ("bob", "a2", "quote", 0, 10)]
    claim = report(spans)["tags"]["claim"]
    n, ones, d = 400, 15, 5
    assert claim["alpha"] == round(1 - (n - 1) * d / ((n - ones) * ones), 4)
    assert claim["alpha_u"] is not None and claim["alpha_u"] < 1


def test_links_match_by_their_ends():
    q1, s1 = ("a1", "quote", 0, 10), ("a1", "actor", 20, 25)
    c1, c2 = ("a1", "claim", 30, 40), ("a2", "claim", 0, 10)
    spans = [("ann", "a1", "quote", 0, 10), ("bob", "a1", "quote", 0, 10),
             ("ann", "a2", "claim", 0, 10), ("bob", "a2", "claim", 0, 10)]
    links = [("ann", "speaker", True, q1, s1), ("bob", "speaker", True, q1, s1),
             ("ann", "same", False, c1, c2), ("bob", "same", False, c2, c1),  # undirected
             ("bob", "contradicts", False, c1, c2),
             ("ann", "speaker", True, q1, ("a1", "actor", 20, 26))]  # an end differs
    r = report(spans, links, tags=("claim", "quote", "actor"))
    assert r["links"] == {"speaker": {"f1": round(2 * 1 / 3, 4), "links": {"ann": 2, "bob": 1}},
                          "cross_article": {"f1": round(2 * 1 / 3, 4),
                                            "links": {"ann": 1, "bob": 2}}}


def test_links_with_an_end_in_an_article_not_counted_are_left_out():
    spans = [("ann", "a1", "claim", 0, 10), ("bob", "a1", "claim", 0, 10)]
    links = [("ann", "same", False, ("a1", "claim", 0, 10), ("a3", "claim", 0, 10))]
    assert report(spans, links)["links"]["cross_article"] == {"f1": None,
                                                              "links": {"ann": 0, "bob": 0}}


def test_tags_keep_the_given_order():
    r = agreement(PAIR, ARTICLES, ["quote", "claim"], [])
    assert list(r["tags"]) == ["quote", "claim"]
