"""The tags and link types an import adds (storage/merge/merge.py): counted in the summary; from a
file that names only those its spans and links use (Bundle.lacks "tags", "link_types"), only
those of what was merged, the project's own list kept."""

import json

from annotator.domain.model import ParsedArticle
from annotator.storage.merge.merge import MergeReport

TEXT = "The cat said hello world to the dog."


def test_tags_added_are_counted_in_the_summary():
    assert MergeReport(added=2, tags_added=1, link_types_added=2).summary() == \
        "2 annotations added, 0 updated, 0 already there, 1 tag and 2 link types added"
    assert MergeReport(tags_added=3).changed


def test_a_w3c_file_whose_spans_are_all_refused_adds_no_tag_and_no_link_type(project, tmp_path):
    project.add_article(ParsedArticle(text=TEXT, title="A"))
    items = [{"id": "#a", "type": "Annotation", "target": {"selector": {
                  "type": "TextQuoteSelector", "exact": "not in any article"}},
              "body": [{"type": "TextualBody", "value": "x", "purpose": "tagging"}]},
             {"id": "#b", "type": "Annotation", "target": {"selector": {
                  "type": "TextQuoteSelector", "exact": "cat"}},
              "body": [{"type": "TextualBody", "value": "animal", "purpose": "tagging"}]},
             {"id": "#l", "type": "Annotation", "motivation": "linking",
              "body": [{"type": "TextualBody", "value": "isRelatedTo", "purpose": "tagging"}],
              "target": [{"id": "#a"}, {"id": "#b"}]}]
    path = tmp_path / "w.jsonld"
    path.write_text(json.dumps(items), "utf-8")
    before = [t.name for t in project.link_types()]
    result = project.import_path(path)
    assert len(result.refused) == 2  # (the span, and the link with it)
    assert result.report.summary() == "1 annotation added, 0 updated, 0 already there, 1 tag " \
        "added"
    assert [t.name for t in project.link_types()] == before
    assert [t.name for t in project.tags()] == ["claim", "quote", "actor", "animal"]


def test_the_label_of_a_refused_span_is_not_added(project, tmp_path):
    project.add_article(ParsedArticle(text=TEXT, title="A"))
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": TEXT, "spans": [
        {"start": 4, "end": 7, "label": "ANIMAL"},
        {"start": 4, "end": 700, "label": "NOWHERE"}]}) + "\n", "utf-8")
    result = project.import_path(path)
    assert len(result.refused) == 1
    assert [t.name for t in project.tags()] == ["claim", "quote", "actor", "ANIMAL"]


def test_a_codebook_alone_says_the_tags_it_adds(project, tmp_path):
    """A REFI-QDA project without sources (ATLAS.ti's codebook exchange) brings its codes:
    said, not quietly."""
    import zipfile

    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           'name="codes"><CodeBook><Codes>'
           '<Code guid="6f0b5d2e-8a4e-4d7b-9c21-6f0e4a2d8b01" name="economy" isCodable="true"/>'
           '<Code guid="6f0b5d2e-8a4e-4d7b-9c21-6f0e4a2d8b02" name="claim" isCodable="true"/>'
           '</Codes></CodeBook></Project>')
    path = tmp_path / "codes.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
    result = project.import_path(path)
    assert result.report.summary() == "0 annotations added, 0 updated, 0 already there, 1 tag " \
        "added"
    assert "economy" in [t.name for t in project.tags()]


def _w3c(tmp_path, items):
    path = tmp_path / "w.jsonld"
    path.write_text(json.dumps(items), "utf-8")
    return path


def _quote(exact):
    return {"source": "urn:x:page", "selector": {"type": "TextQuoteSelector", "exact": exact}}


def test_a_foreign_w3c_link_of_an_undirected_type_the_project_has_is_merged(project, tmp_path):
    """Another program's W3C links say no direction: 'same' is the project's (undirected),
    not a clash that refuses the file."""
    project.add_article(ParsedArticle(text=TEXT, title="A"))
    path = _w3c(tmp_path, [
        {"id": "urn:a", "type": "Annotation", "target": _quote("cat")},
        {"id": "urn:b", "type": "Annotation", "target": _quote("dog")},
        {"id": "urn:l", "type": "Annotation", "motivation": "linking", "target": ["urn:a", "urn:b"],
         "body": [{"type": "TextualBody", "value": "same", "purpose": "tagging"}]}])
    result = project.import_path(path)
    assert not result.refused and result.report.links_added == 1
    assert {t.name: t.directed for t in project.link_types()}["same"] is False


def test_a_new_project_takes_the_files_direction_of_a_type_it_shares(tmp_path):
    """A REFI-QDA file whose 'same' links go one way: a new project (no links yet) takes that
    direction for its 'same', rather than refusing the file."""
    from annotator.formats.registry import by_name
    from annotator.storage.project import Project

    with Project(tmp_path / "p.sqlite") as first:
        a, _ = first.add_article(ParsedArticle(text=TEXT, title="A"))
        first.delete_link_type("same")
        first.add_link_type("same", True)
        cat = first.add_annotation(a.id, 4, 7, "actor")
        dog = first.add_annotation(a.id, 32, 35, "actor")
        first.add_link(cat.id, dog.id, "same")
        with open(tmp_path / "x.qdpx", "wb") as out:
            by_name("refi", writing=True).write(first, out)
    with Project(tmp_path / "new.sqlite") as fresh:
        result = fresh.import_path(tmp_path / "x.qdpx")
        assert not result.refused and result.report.links_added == 1
        assert {t.name: t.directed for t in fresh.link_types()}["same"] is True


def test_an_article_of_another_text_under_a_project_articles_id_is_named_by_its_title(
        project, tmp_path):
    import io

    from annotator.errors import InputRefused

    article = project.add_article(ParsedArticle(text=TEXT, title="Cat and dog"))[0]
    out = io.BytesIO()
    project.write_export(out)
    doc = json.loads(out.getvalue())
    doc["articles"][0].update(text=TEXT + " More.", title="Cats, again")
    doc["articles"][0].pop("text_sha256", None)
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), "utf-8")
    try:
        project.import_path(path)
    except InputRefused as exc:
        said = str(exc)
    assert f"refused: article 'Cats, again' (id {article.id!r}) has the id of an article in " \
        "this project whose text is different" in said


def test_an_actor_matched_by_name_is_the_one_named_exactly_so(tmp_path):
    """Two project actors whose names differ only in case (from an import: the window refuses
    such a second one): a file's actor named 'Acme' is the project's 'Acme', not the first of
    the two by case-folded name ('ACME')."""
    import io

    from annotator.storage.project import Project

    with Project(tmp_path / "source.sqlite") as source:
        article, _ = source.add_article(ParsedArticle(TEXT, "T"))
        span = source.add_annotation(article.id, 4, 7, "actor")
        source.set_actor([span.id], source.add_actor("Acme").id)
        out = io.BytesIO()
        source.write_export(out)
    doc = json.loads(out.getvalue())
    doc["actors"].append({"id": "act-ACME", "name": "ACME", "aliases": [], "kind": None,
                          "description": ""})
    (tmp_path / "both.json").write_text(json.dumps(doc), "utf-8")
    doc["actors"] = [dict(doc["actors"][0], id="new1")]
    doc["articles"][0]["annotations"][0]["actor"] = "new1"
    doc["articles"][0]["annotations"][0]["id"] = "other-span"
    (tmp_path / "new.json").write_text(json.dumps(doc), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        project.import_path(tmp_path / "both.json")
        acme = next(a.id for a in project.actors() if a.name == "Acme")
        project.import_path(tmp_path / "new.json")
        assert project.annotation("other-span").actor == acme
