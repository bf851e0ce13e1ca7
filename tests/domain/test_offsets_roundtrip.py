"""Property: any valid span over any text survives store -> export -> import -> export."""

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from tricky_text import raw_text

from annotator.domain.model import ParsedArticle
from annotator.domain.text import canonicalize, check_storable
from annotator.errors import InputRefused
from annotator.storage.project import Project


@st.composite
def text_and_spans(draw):
    text = canonicalize(draw(raw_text))
    try:
        check_storable(text)
    except InputRefused:  # nothing to read (e.g. only a line break and a U+FEFF): not an article
        text = "x" + text
    spans = draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)),
                                    st.sampled_from(["claim", "quote", "actor"])),
                          max_size=8))
    return text, [(s, e, tag) for s, e, tag in spans if s < e]


def export_of(project) -> dict:
    out = io.BytesIO()
    project.write_export(out)
    return json.loads(out.getvalue())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_spans())
def test_spans_survive_store_export_import_export(case):
    text, spans = case
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Project(tmp / "a.sqlite") as first:
            article, _ = first.add_article(ParsedArticle(text=text, title="t"))
            for start, end, tag in spans:
                stored = first.add_annotation(article.id, start, end, tag)
                assert stored.text == text[start:end]
            doc = export_of(first)
        (tmp / "e.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        with Project(tmp / "b.sqlite") as second:
            second.merge_export_file(tmp / "e.json")
            again = export_of(second)
    doc.pop("exported_at"), again.pop("exported_at")
    assert again == doc
    (exported_article,) = again["articles"]
    assert exported_article["text"] == text
    assert sorted((a["start"], a["end"], a["tag"]) for a in exported_article["annotations"]) == \
        sorted(spans)
    for a in exported_article["annotations"]:
        assert text[a["start"]:a["end"]] == a["text"]
