"""`agreement` read from a project built through its use cases (DESIGN.md section 10): the pair
chosen or refused in one sentence naming the annotators, not-article spans not measured, links
read with their ends, the gold layer not a coder."""

import pytest

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import InputRefused

A = "Gu Kailai met Bo. Bo said it is over. The sky is green. Comments: Bo rules."
B = "Bo and Gu spoke. The sky is red. The sky is green indeed."
C = "Nothing about them here."


def at(project, article, phrase, tag, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(phrase, start + 1)
    return project.add_annotation(article.id, start, start + len(phrase), tag)


@pytest.fixture
def two(db_target):
    """alice and bob on one project (a SQLite file, or a PostgreSQL database)."""
    from annotator.storage.project import Project

    with Project(db_target) as project:
        yield from _two(project)


def _two(project):
    a = project.add_article(ParsedArticle(A, "A"))[0]
    b = project.add_article(ParsedArticle(B, "B"))[0]
    c = project.add_article(ParsedArticle(C, "C"))[0]
    project.add_tag(Tag("not-article", "#9e9e9e"))
    project.annotator = "alice"
    q = at(project, a, "it is over", "quote")
    project.add_link(q.id, at(project, a, "Bo", "actor", 1).id, "speaker")
    green = at(project, a, "The sky is green", "claim")
    project.add_link(green.id, at(project, b, "The sky is green indeed", "claim").id, "same")
    at(project, a, "Comments: Bo rules.", "not-article")
    at(project, c, "Nothing", "claim")  # bob never annotates C: it does not count
    project.annotator = "bob"
    q = at(project, a, "Bo said it is over", "quote")
    project.add_link(q.id, at(project, a, "Bo", "actor", 1).id, "speaker")
    green = at(project, a, "The sky is green", "claim")
    project.add_link(at(project, b, "The sky is green indeed", "claim").id, green.id, "same")
    at(project, b, "The sky is red", "claim")
    at(project, a, "Comments", "not-article")
    yield project, (a, b, c)


def test_the_only_two_annotators_and_the_numbers(two):
    project, (a, b, c) = two
    result = project.agreement()
    assert result["annotators"] == ["alice", "bob"]
    assert "not-article" not in result["tags"]
    assert list(result["tags"]) == [t.name for t in project.tags() if t.name != "not-article"]
    claim = result["tags"]["claim"]
    assert claim["spans"] == {"alice": 2, "bob": 3}  # C's claim is not counted
    assert claim["f1_strict"] == round(2 * 2 / 5, 4)
    assert claim["f1_overlap"] == round(2 * 2 / 5, 4)
    quote = result["tags"]["quote"]
    assert (quote["f1_strict"], quote["f1_overlap"]) == (0.0, 1.0)
    assert result["tags"]["actor"]["f1_strict"] == 1.0
    # A: 2 of 3 and 3 spans strict, 3 overlapping; B: 1 of 1 and 2, 1 overlapping: the same
    # strict F1, and B is worse by overlap
    assert [(x["id"], x["f1_strict"], x["f1_overlap"]) for x in result["articles"]] == [
        (b.id, 0.6667, 0.6667), (a.id, 0.6667, 1.0)]
    assert result["links"] == {"speaker": {"f1": 0.0, "links": {"alice": 1, "bob": 1}},
                               "cross_article": {"f1": 1.0, "links": {"alice": 1, "bob": 1}}}


def test_more_than_two_annotators_is_refused_naming_them(two):
    project, (a, _b, _c) = two
    project.annotator = "carol"
    at(project, a, "Gu", "actor")
    with pytest.raises(InputRefused) as refused:
        project.agreement()
    assert str(refused.value) == ("agreement needs two annotators and this project has 3 "
                                  "(alice, bob, carol); choose two with --annotators A,B")
    assert project.agreement(["carol", "alice"])["annotators"] == ["carol", "alice"]


def test_unknown_or_bad_pairs_are_refused(two):
    project, _ = two
    with pytest.raises(InputRefused, match=r"^dave: no annotation by this annotator in this "
                                           r"project \(its annotators: alice, bob\)$"):
        project.agreement(["alice", "dave"])
    with pytest.raises(InputRefused, match="two different names"):
        project.agreement(["alice", "alice"])
    with pytest.raises(InputRefused, match="two different names"):
        project.agreement(["alice"])


def test_one_annotator_only(project):
    a = project.add_article(ParsedArticle(C, "C"))[0]
    project.annotator = "alice"
    at(project, a, "Nothing", "claim")
    with pytest.raises(InputRefused, match=r"has 1 \(alice\)"):
        project.agreement()
