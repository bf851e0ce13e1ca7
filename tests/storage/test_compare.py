"""`compare`'s numbers (DESIGN.md section 10) from a project built through its use cases."""

import pytest

from annotator.domain.model import ParsedArticle, Tag


@pytest.fixture
def project_path(db_target):
    """The project under test: a SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


A = "Gu Kailai met Bo. Bo said it is over. The sky is green. Comments: Bo rules."
B = "Bo and Gu spoke. The sky is red. The sky is green indeed."
C = "Nothing about them here."


@pytest.fixture
def built(project):
    a = project.add_article(ParsedArticle(A, "A", source="Gull"))[0]
    b = project.add_article(ParsedArticle(B, "B"))[0]
    c = project.add_article(ParsedArticle(C, "C"))[0]

    def at(article, text, phrase, tag, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        return project.add_annotation(article.id, start, start + len(phrase), tag)

    gu, bo = project.add_actor("Gu Kailai", ["Gu"]), project.add_actor("Bo")
    project.add_actor("Nobody")
    project.set_actor([at(a, A, "Gu Kailai", "actor").id, at(b, B, "Gu", "actor").id], gu.id)
    bo_a = at(a, A, "Bo", "actor", 1)
    project.set_actor([bo_a.id, at(a, A, "Bo", "actor", 0).id, at(b, B, "Bo", "actor").id], bo.id)
    quote = at(a, A, "it is over", "quote")
    project.add_link(quote.id, bo_a.id, "speaker")
    green_a, red_b = at(a, A, "The sky is green", "claim"), at(b, B, "The sky is red", "claim")
    green_b = at(b, B, "The sky is green indeed", "claim")
    project.add_link(green_a.id, green_b.id, "same")
    project.add_link(green_a.id, red_b.id, "contradicts")
    # a not-article region: its actor mention and claim are not counted
    project.add_tag(Tag("not-article", "#9e9e9e"))
    project.add_annotation(a.id, A.index("Comments"), len(A), "not-article")
    project.set_actor([at(a, A, "Bo", "actor", 2).id], bo.id)
    at(a, A, "Bo rules", "claim")
    return project, (a, b, c), (gu, bo), (green_a, green_b, red_b)


def test_actor_counts_with_zeros_and_order(built):
    project, (a, b, c), (gu, bo), _ = built
    result = project.compare()
    assert [x["title"] for x in result["articles"]] == ["A", "B", "C"]
    assert result["articles"][0]["source"] == "Gull"
    names = [x["name"] for x in result["actors"]]
    assert names == ["Bo", "Gu Kailai", "Nobody"]  # by mentions (3, 2, 0), then name
    by_name = {x["name"]: x for x in result["actors"]}
    assert by_name["Bo"]["mentions"] == {a.id: 2, b.id: 1, c.id: 0}
    assert by_name["Bo"]["quotes"] == {a.id: 1, b.id: 0, c.id: 0}
    assert by_name["Nobody"]["mentions"] == {a.id: 0, b.id: 0, c.id: 0}


def test_claims_grouped_by_same_links_with_contradictions(built):
    project, (a, b, c), _actors, (green_a, green_b, red_b) = built
    claims = project.compare()["claims"]
    assert claims[0] == {"members": sorted([green_a.id, green_b.id]),
                         "articles": {a.id: 1, b.id: 1, c.id: 0},
                         "contradicted_by": [red_b.id]}
    assert claims[1] == {"members": [red_b.id], "articles": {a.id: 0, b.id: 1, c.id: 0},
                         "contradicted_by": [green_a.id]}
    assert len(claims) == 2  # the claim in the not-article region is not counted
