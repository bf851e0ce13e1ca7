"""W3C annotations with several targets (issue 11): a span on each target in a text, the first
with the annotation's id (links to it take that one); a target that is a whole resource, a
page's IRI beside a selector, is passed over; a target placed nowhere is refused alone."""

import json

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project

TEXT = "The ferry to Ithaca left late. Harbour master Ilse Varga said so."
PAGE = "https://news.example/ferry"


def quote(exact: str) -> dict:
    return {"source": PAGE, "selector": {"type": "TextQuoteSelector", "exact": exact}}


def imported(tmp_path, items: list):
    path = tmp_path / "w.jsonld"
    path.write_text(json.dumps(items), "utf-8")
    project = Project(tmp_path / "p.sqlite")
    article, _ = project.add_article(ParsedArticle(TEXT, "Ferry", url=PAGE))
    return project, article.id, path, project.import_path(path)


def test_an_annotation_with_several_targets_is_a_span_on_each(tmp_path):
    project, article, path, result = imported(tmp_path, [
        {"id": "urn:x:1", "type": "Annotation",
         "target": [quote("Ithaca"), quote("Harbour master"), quote("nowhere")],
         "body": {"type": "TextualBody", "value": "place", "purpose": "tagging"}},
        {"id": "urn:x:2", "type": "Annotation", "motivation": "linking",
         "target": ["urn:x:1", "urn:x:3"]},
        {"id": "urn:x:3", "type": "Annotation", "target": quote("Ilse Varga")}])
    with project:
        assert f"{path}, annotation #1: it has 3 targets in texts: a span is looked for on " \
            "each" in result.said
        assert len(result.refused) == 1 and result.refused[0].startswith(
            f"{path}, annotation #1: refused: ") and "'nowhere'" in result.refused[0]
        spans = {x.id: (x.tag, x.text) for x in project.annotations(article)}
        assert sorted(spans.values()) == [("annotation", "Ilse Varga"),
                                          ("place", "Harbour master"), ("place", "Ithaca")]
        (link,) = project.links()  # (from the annotation's first target)
        assert (spans[link.from_id], spans[link.to_id]) == (("place", "Ithaca"),
                                                            ("annotation", "Ilse Varga"))
        again = project.import_path(path)
        assert again.report.added == 0 and again.report.unchanged == 3


def test_a_page_iri_beside_a_selector_is_passed_over_as_before(tmp_path):
    project, _, _, result = imported(tmp_path, [
        {"id": "urn:a", "type": "Annotation", "target": [PAGE, quote("Ithaca")]},
        {"id": "urn:b", "type": "Annotation", "target": quote("Ilse Varga")},
        {"id": "urn:l", "type": "Annotation", "motivation": "linking",
         "target": ["urn:a", "urn:b"]}])
    with project:
        assert not result.refused and not result.said
        assert result.report.added == 2 and result.report.links_added == 1
