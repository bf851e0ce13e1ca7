
from hypothesis import given, strategies as st

from annotator.domain.model import Annotation
from annotator.ui.panes.span_store import LONG, SpanStore


def ann(i, start, end, tag="claim"):
    return Annotation(f"id{i:05d}", "art", tag, start, end, "x", "", "me", "t", "t")


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 3000)), max_size=60),
       st.integers(0, 8000), st.integers(1, 500))
def test_overlapping_matches_a_linear_scan(spans, qstart, qlen):
    items = [ann(i, s, s + n) for i, (s, n) in enumerate(spans)]
    store = SpanStore(items[: len(items) // 2])
    for a in items[len(items) // 2:]:
        store.add(a)
    for a in items[::3]:
        store.remove(a.id)
    alive = [a for a in items if a.id in store]
    expected = sorted((a for a in alive if a.start < qstart + qlen and a.end > qstart),
                      key=lambda a: (a.start, a.end, a.tag, a.id))
    assert store.overlapping(qstart, qstart + qlen) == expected


def test_at_lists_innermost_first_and_long_spans_are_found():
    outer = ann(1, 0, LONG + 500)
    inner = ann(2, 100, 110, "actor")
    mid = ann(3, 90, 200, "quote")
    store = SpanStore([outer, inner, mid])
    assert [a.id for a in store.at(105)] == ["id00002", "id00003", "id00001"]
    assert [a.id for a in store.at(LONG + 10)] == ["id00001"]
    assert store.at(LONG + 500) == []
