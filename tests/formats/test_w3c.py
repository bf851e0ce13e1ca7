"""The w3c format (DESIGN.md section 10, issue 11): W3C Web Annotation JSON-LD. A project goes
out and comes back whole (links, actors, attributes, notes); a file that only points at articles
finds them by IRI, URL or quote; spans are re-anchored by their quote (with prefix and suffix) or
refused with a sentence; the W3C and INCEpTION/Recogito samples in ../shared/peers import."""

import io
import json
import os
import re
from pathlib import Path

import pytest
from cli_run import run

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

DATA = Path(__file__).parent / "data" / "w3c"
ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers") \
    / "w3c-web-annotation"
TEXT_A = ("The ferry 🚢 to Ithaca left late. Harbour master Ilse Varga said the delay was due to "
          "fog. Varga said the fog would lift by noon. The fog did not lift.")
TEXT_B = "Passengers said the ferry left on time,\nand the fog was light."
W3C = by_name("w3c", writing=True)


def span(project, article_id, text, piece, tag, nth=0, **kw):
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def add_articles(project: Project) -> tuple[str, str]:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "Ferry late", source="Gazette",
                                             url="https://news.example/ferry"))
    b, _ = project.add_article(ParsedArticle(TEXT_B, "Ferry on time"))
    return a.id, b.id


def fill(project: Project) -> tuple[str, str]:
    a, b = add_articles(project)
    project.add_tag(Tag("place", "#123456", "where things happen"))
    project.add_link_type("answers", True, "one answers the other")
    varga = project.add_actor("Ilse Varga", ["Varga", "the harbour master"], "person",
                              "runs the harbour")
    project.add_actor("Unused Actor")
    quote = span(project, a, TEXT_A, "the delay was due to fog", "quote",
                 note="Reported speech.\nSecond line", attributes={"quote_form": "indirect",
                                                                    "anonymous": False})
    who = span(project, a, TEXT_A, "Ilse Varga", "actor", actor=varga.id)
    span(project, a, TEXT_A, "Varga", "actor", nth=1, actor=varga.id)
    span(project, a, TEXT_A, "🚢 to Ithaca", "place")
    span(project, a, TEXT_A, "fog", "claim", nth=1)  # (overlaps nothing; "fog" is not unique)
    claim = span(project, b, TEXT_B, "the ferry left on time,\nand", "claim", note="Disputed")
    project.add_link(quote.id, who.id, "speaker")
    project.add_link(quote.id, claim.id, "contradicts", note="times differ")
    project.add_link(claim.id, quote.id, "answers")
    return a, b


def json_export(project) -> bytes:
    out = io.BytesIO()
    project.write_export(out)
    return re.sub(rb'"exported_at": "[^"]*"', b"", out.getvalue())


def w3c_bytes(project) -> bytes:
    out = io.BytesIO()
    W3C.write(project, out)
    return out.getvalue()


@pytest.fixture
def exported(tmp_path):
    """(the W3C file of a filled project, that project's JSON export, its article ids)."""
    with Project(tmp_path / "first.sqlite", annotator="ann") as first:
        ids = fill(first)
        said = []
        with open(tmp_path / "out.jsonld", "wb") as out:
            report = W3C.write(first, out, before=said.append)
        assert said == [report] and not report.lines()  # nothing lost
        assert (report.articles, report.annotations) == (2, 6)
        return tmp_path / "out.jsonld", json_export(first), ids


def test_the_file_is_one_collection_as_the_contract_says(exported):
    path, _, (a, b) = exported
    doc = json.loads(path.read_bytes())
    assert doc["type"] == "AnnotationCollection" and doc["@context"][0] == \
        "http://www.w3.org/ns/anno.jsonld"
    items = doc["first"]["items"]
    assert doc["first"]["type"] == "AnnotationPage" and doc["total"] == len(items) == 9
    quote = next(i for i in items if i["body"][0]["value"] == "quote")
    assert quote["id"].startswith("urn:annotator:annotation:")
    assert quote["target"]["source"] == f"urn:annotator:article:{a}"
    position, text_quote = quote["target"]["selector"]
    start = TEXT_A.index("the delay")
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 24}
    assert text_quote == {"type": "TextQuoteSelector", "exact": "the delay was due to fog",
                          "prefix": TEXT_A[start - 32:start], "suffix": TEXT_A[start + 24:][:32]}
    assert [(b["purpose"], b["value"]) for b in quote["body"]] == [
        ("tagging", "quote"), ("commenting", "Reported speech.\nSecond line")]
    assert quote["creator"] == {"type": "Person", "name": "ann"}
    assert {"created", "modified"} <= quote.keys()
    assert quote["annotator:attributes"] == {"anonymous": False, "quote_form": "indirect"}
    place = next(i for i in items if i["body"][0]["value"] == "place")
    assert place["target"]["selector"][0]["start"] == TEXT_A.index("🚢")  # code points
    links = [i for i in items if i.get("motivation") == "linking"]
    assert sorted(k["body"][0]["value"] for k in links) == ["answers", "contradicts", "speaker"]
    speaker = next(k for k in links if k["body"][0]["value"] == "speaker")
    assert speaker["body"][0]["purpose"] == "tagging"
    assert [t["id"] for t in speaker["target"]] == [quote["id"], next(
        i["id"] for i in items if i["body"][0]["value"] == "actor")]  # from, to
    assert [x["name"] for x in doc["annotator:actors"]] == ["Ilse Varga", "Unused Actor"]
    assert len(doc["annotator:articles"]) == 2


def test_round_trip_into_a_new_project_loses_nothing(exported, tmp_path):
    path, original, _ = exported
    assert detect(path).name == "w3c"
    with Project(tmp_path / "second.sqlite", annotator="someone else") as second:
        result = second.import_path(path)
        assert result.format.name == "w3c" and not result.refused and not result.said
        assert result.report.summary().startswith("2 articles and 6 annotations added")
        assert json_export(second) == original
        assert w3c_bytes(second) == path.read_bytes()  # and the same W3C file again
        again = second.import_path(path)  # importing twice changes nothing
        assert again.report.summary().startswith("0 annotations added, 0 updated, 6 already")
        assert json_export(second) == original


def _spans(project) -> list[tuple]:
    return sorted((a.id, a.tag, a.start, a.end, a.text, a.note, a.annotator, a.actor,
                   a.attributes, a.created_at, a.updated_at)
                  for art in project.articles() for a in project.annotations(art.id))


def _links(project) -> list[tuple]:
    return sorted((k.id, k.type, k.from_id, k.to_id, k.note) for k in project.links())


def test_into_a_project_with_the_same_articles_and_no_annotations(exported, tmp_path):
    path, _, _ = exported
    with Project(tmp_path / "first.sqlite") as first:
        spans, links = _spans(first), _links(first)
    with Project(tmp_path / "third.sqlite", annotator="ann") as third:
        add_articles(third)  # the same texts under other ids
        result = third.import_path(path)
        assert not result.refused and not result.said
        assert len(third.articles()) == 2
        assert _spans(third) == spans and _links(third) == links


def test_a_file_that_only_points_at_articles_finds_them_by_iri_url_and_quote(exported,
                                                                              tmp_path):
    path, _, (a, b) = exported
    doc = json.loads(path.read_bytes())
    del doc["annotator:articles"]  # (as another program would write it)
    for item in doc["first"]["items"]:
        if item["target"] and isinstance(item["target"], dict):
            source = item["target"]["source"]
            item["target"]["source"] = "https://news.example/ferry" if a in source else \
                "urn:annotator:article:" + "0" * 8  # article B: by its quote only
    pointing = tmp_path / "pointing.jsonld"
    pointing.write_text(json.dumps(doc), "utf-8")
    with Project(tmp_path / "first.sqlite") as first:
        spans, links = _spans(first), _links(first)
    with Project(tmp_path / "fourth.sqlite", annotator="ann") as fourth:
        add_articles(fourth)
        result = fourth.import_path(pointing)
        assert not result.refused and not result.said
        assert _spans(fourth) == spans and _links(fourth) == links
    with Project(tmp_path / "empty.sqlite") as empty:  # the articles are not there
        empty.add_article(ParsedArticle("Nothing alike here.", "Other"))
        result = empty.import_path(pointing)
        assert len(result.refused) == 9 and not _spans(empty)
        assert all(": refused: " in line for line in result.refused)
        assert "its article 'https://news.example/ferry' is not in this project" in \
            result.refused[0]


def _edit(path: Path, out: Path, exact: str, change) -> None:
    doc = json.loads(path.read_bytes())
    for item in doc["first"]["items"]:
        if item.get("motivation") != "linking" and \
                item["target"]["selector"][1]["exact"] == exact:
            change(item["target"]["selector"])
    out.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def test_a_shifted_span_is_re_anchored_by_its_unique_quote(exported, tmp_path):
    path, original, _ = exported

    def shift(selectors):
        selectors[0]["start"] += 3
        selectors[0]["end"] += 3

    _edit(path, tmp_path / "shifted.jsonld", "the delay was due to fog", shift)
    with Project(tmp_path / "fifth.sqlite") as fifth:
        result = fifth.import_path(tmp_path / "shifted.jsonld")
        assert not result.refused
        start = TEXT_A.index("the delay")
        assert len(result.said) == 1 and f"moved from {start + 3}-{start + 27} to " \
            f"{start}-{start + 24}, where its text 'the delay was due to fog' is" in result.said[0]
        assert "shifted.jsonld, annotation #" in result.said[0]
        assert json_export(fifth) == original


def test_a_quote_found_twice_is_placed_by_prefix_and_suffix_or_refused(exported, tmp_path):
    path, original, _ = exported
    fog = [i for i in range(len(TEXT_A)) if TEXT_A.startswith("fog", i)]
    assert len(fog) == 3

    def elsewhere(selectors):  # a wrong position; the prefix and suffix still tell which
        selectors[0]["start"], selectors[0]["end"] = 0, 3

    _edit(path, tmp_path / "context.jsonld", "fog", elsewhere)
    with Project(tmp_path / "sixth.sqlite") as sixth:
        result = sixth.import_path(tmp_path / "context.jsonld")
        assert not result.refused and len(result.said) == 1
        assert f"moved from 0-3 to {fog[1]}-{fog[1] + 3}" in result.said[0]
        assert json_export(sixth) == original

    def ambiguous(selectors):
        elsewhere(selectors)
        selectors[1]["prefix"], selectors[1]["suffix"] = "", ""

    _edit(path, tmp_path / "ambiguous.jsonld", "fog", ambiguous)
    with Project(tmp_path / "seventh.sqlite") as seventh:
        result = seventh.import_path(tmp_path / "ambiguous.jsonld")
        assert len(result.refused) == 1 and not result.said
        assert re.search(r"ambiguous\.jsonld, annotation #\d+: refused: annotation '[^']+': its "
                         r"text 'fog' is not at 0-3 and occurs more than once .*in its article "
                         r"'Ferry late'",
                         result.refused[0])
        tags = [a.tag for art in seventh.articles() for a in seventh.annotations(art.id)]
        assert sorted(tags) == ["actor", "actor", "claim", "place", "quote"]  # the rest is in
        assert len(seventh.links()) == 3


def test_other_programs_shapes_list_and_collection(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="me") as project:
        a, _ = add_articles(project)
        listed = project.import_path(DATA / "list_of_annotations.json")
        assert listed.format.name == "w3c" and not listed.refused
        # positions counted in UTF-16 (after the emoji) are re-anchored by their quote
        assert any("where its text 'Ithaca' is" in line for line in listed.said)
        spans = {(x.tag, x.text, x.note) for x in project.annotations(a)}
        assert spans == {("place", "Ithaca", "Where the ferry goes"),
                         ("destination", "Ithaca", "Where the ferry goes"),
                         ("person", "Ilse Varga", ""),
                         ("annotation", "the delay was due to fog", "Only a comment")}
        (link,) = project.links()
        ends = {x.id: x.text for x in project.annotations(a)}
        assert (link.type, ends[link.from_id], ends[link.to_id]) == (
            "says", "Ilse Varga", "the delay was due to fog")
        assert "says" in [t.name for t in project.link_types()]

        found = project.import_path(DATA / "collection_with_items.jsonld")  # by URL
        assert len(found.refused) == 1 and re.search(
            r"collection_with_items\.jsonld, annotation #2: refused: .*its text 'said' is not "
            r"at 0-5 and occurs more than once", found.refused[0])
        by_text = {x.text: x for x in project.annotations(a) if x.tag in ("commenting",
                                                                          "annotation")}
        fog = by_text["fog"]
        assert fog.start == TEXT_A.index("due to fog") + 7 and fog.note == "Which fog?"
        assert (fog.tag, fog.annotator, fog.created_at) == ("commenting", "rhea",  # (stored
                                                            "2025-03-01T10:00:00.000Z")  # form)
        assert by_text["The fog did not lift."].note == "https://comments.example/77"


PEER_FILES = sorted(PEERS.glob("*.json")) if PEERS.is_dir() else []
# Our own text holding the INCEpTION/Recogito sample's quotes (its text is not in the sample).
RECOGITO_TEXT = ("Odysseus sailed home from Troy after ten years. Many of his men met their death in "
                 "battle or at sea. At last he reached Ithaca.")


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/w3c-web-annotation is not beside "
                    "this checkout")
def test_peer_samples_are_refused_per_annotation_without_their_articles(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        project.add_article(ParsedArticle("A report on the bridge.", "Bridge"))
        for peer in PEER_FILES:
            assert detect(peer).name == "w3c", peer
            result = project.import_path(peer)
            assert result.refused and not result.said, peer
            for line in result.refused:
                assert line.startswith(f"{peer}, annotation #") and ": refused: " in line
        assert not project.annotations(project.articles()[0].id)


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/w3c-web-annotation is not beside "
                    "this checkout")
def test_peer_samples_find_an_article_holding_their_quotes(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(RECOGITO_TEXT, "Odyssey"))
        result = project.import_path(PEERS / "inception_recogito.annotations.w3c.json")
        assert not result.refused
        # "Ithaca" (6 characters) sits at 963-970 (7) in the file: re-anchored by its quote
        assert any("annotation 'd7197c87-b45d-4217-9c4f-27573030448f' moved from 963-970"
                   in line for line in result.said)
        spans = project.annotations(article.id)
        for a in spans:
            assert RECOGITO_TEXT[a.start:a.end] == a.text
        assert sorted((a.tag, a.text, a.note) for a in spans) == [
            ("A Tag", "Troy", "This is a comment"), ("Another Tag", "Troy", "This is a comment"),
            ("annotation", "Ithaca", "Comment..."),
            ("annotation", "death in battle", "Another comment")]
        (link,) = project.links()
        assert link.type == "isRelatedTo" and link.from_id == \
            "ce0ed291-766b-4763-8e91-90ce1d04e706" and link.to_id == \
            "447d4bea-08dc-4bd0-ae51-31f5ed7a95a0"

        project.add_article(ParsedArticle("Notes: this is an anotation that has some typos; "
                                          "an anotation is a note.", "Notes"))
        anno26 = project.import_path(PEERS / "w3c_anno26.TextQuoteSelector.json")
        assert not anno26.refused  # by its quote, placed by its prefix and suffix
        (placed,) = [a for art in project.articles()[1:] for a in project.annotations(art.id)]
        assert (placed.start, placed.text, placed.note) == (18, "anotation",
                                                            "http://example.org/comment1")


@pytest.mark.parametrize("content, message", [
    (b"{not json", "is not JSON"),
    (b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", '
     b'"annotator:articles": [{"id": "urn:annotator:article:x", "text": "abc", '
     b'"text_sha256": "00"}], "items": []}', "'text_sha256' does not match the text"),
    (b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", '
     b'"items": 3}', "'items' should be a list of annotations"),
])
def test_bad_files_are_refused_with_one_sentence(tmp_path, content, message):
    path = tmp_path / "bad.jsonld"
    path.write_bytes(content)
    with pytest.raises(InputRefused) as caught:
        W3C.read(path, now="2026-01-01T00:00:00.000Z")
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_a_bad_annotation_is_refused_alone(tmp_path):
    items = [{"type": "Annotation", "target": "https://news.example/ferry"},
             {"type": "Annotation", "body": {"type": "TextualBody", "value": "x",
                                             "purpose": "tagging"},
              "target": {"source": "https://news.example/ferry",
                         "selector": {"type": "TextQuoteSelector", "exact": "Ithaca"}}}]
    path = tmp_path / "two.json"
    path.write_text(json.dumps(items), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        a, _ = add_articles(project)
        result = project.import_path(path)
        assert result.refused == (f"{path}, annotation #1: refused: its target is a whole "
                                  "resource without a selector, not a part of a text",)
        assert [(x.tag, x.text) for x in project.annotations(a)] == [("x", "Ithaca")]


def test_cli_export_and_import(tmp_path):
    db, other = str(tmp_path / "p.sqlite"), str(tmp_path / "q.sqlite")
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        fill(project)
        original = json_export(project)
    done = run("--db", db, "export", "--format", "w3c", "-o", "out.jsonld", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = run("--db", other, "import", "out.jsonld", cwd=tmp_path)  # detected
    assert done.returncode == 0, done.stderr
    with Project(tmp_path / "q.sqlite") as second:
        assert json_export(second) == original


def test_the_quick_line_writer_agrees_with_the_annotation_objects(tmp_path):
    from annotator.formats.exchange.w3c.w3c_write import span_annotation, span_line

    line = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with Project(tmp_path / "p.sqlite", annotator='a "quoted" name\\') as project:
        fill(project)
        bundle = project.bundle()
    for article in bundle.articles:
        for a in article.annotations:
            assert span_line(article, a, line) == line(span_annotation(article, a))
