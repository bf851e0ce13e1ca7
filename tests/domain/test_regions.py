"""Not-article regions as ranges: joined, sorted, and asked whether a span lies in one."""

from annotator.domain.comparison.actors import find_mentions
from annotator.domain.comparison.links import NOT_ARTICLE
from annotator.domain.model import Annotation
from annotator.domain.comparison.regions import inside, not_article_ranges, overlaps


def span(start: int, end: int, tag: str = NOT_ARTICLE) -> Annotation:
    return Annotation(f"{tag}-{start}", "art", tag, start, end, "", "", "me", "t", "t")


def test_ranges_are_the_not_article_spans_sorted_and_joined():
    spans = [span(50, 60), span(0, 10), span(5, 20), span(20, 25), span(30, 40, "claim"),
             span(52, 55)]
    assert not_article_ranges(spans) == [(0, 25), (50, 60)]
    assert not_article_ranges([span(1, 4, "actor")]) == []


def test_inside_and_overlaps():
    ranges = [(0, 25), (50, 60)]
    assert inside(ranges, 0, 25) and inside(ranges, 51, 52)
    assert not inside(ranges, 20, 30) and not inside(ranges, 30, 40) and not inside([], 0, 1)
    assert overlaps(ranges, 24, 30) and overlaps(ranges, 45, 51) and overlaps(ranges, 0, 1)
    assert not overlaps(ranges, 25, 50) and not overlaps(ranges, 60, 70) and not overlaps([], 0, 9)


def test_tag_every_mention_skips_the_regions():
    text = "Menu: Bo Xilai news. Bo Xilai was removed. Comments: Bo Xilai is finished!"
    regions = not_article_ranges([span(0, text.index(".") + 1),
                                  span(text.index("Comments"), len(text))])
    found = find_mentions(text, ["Bo Xilai"], excluded=regions)
    assert [text[s:e] for s, e in found] == ["Bo Xilai"]
    assert found[0][0] == text.index("Bo Xilai was")
