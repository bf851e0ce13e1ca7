"""The labelstudio format (issue 11): tasks JSON and labelling config; code points in the current
editor's files, UTF-16 units in old ones (chosen per file by the quotes, checked per span);
round trips with links within an article; refusals; Label Studio's own files
(../shared/peers/label-studio)."""

import io
import json
import os
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

DATA = Path(__file__).parent / "data" / "labelstudio"
ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers") / \
    "label-studio"
PEER_FILES = sorted(PEERS.glob("*.json")) if PEERS.is_dir() else []
NOW = "2025-01-01T00:00:00.000Z"

TEXT_A = "港口 master 👩‍⚓ Ilse Varga said:\nthe pier 🌉 was sound. 𠮷野家 closed."
TEXT_B = "Officials 🙄 doubted the pier was sound."


def spans_of(project: Project) -> set[tuple]:
    return {(art.title, a.id, a.tag, a.start, a.end, a.text, a.annotator, a.note)
            for art in project.articles() for a in project.annotations(art.id)}


def span(project, article_id, text, piece, tag, **kw):
    start = text.index(piece)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def fill(project: Project) -> None:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "Pier", source="Gazette"))
    b, _ = project.add_article(ParsedArticle(TEXT_B, "Doubt"))
    project.add_tag(Tag("place", "#123456", "a place"))
    varga = project.add_actor("Ilse Varga")
    who = span(project, a.id, TEXT_A, "Ilse Varga", "actor", actor=varga.id)
    quote = span(project, a.id, TEXT_A, "said:\nthe pier 🌉 was sound", "quote",
                 note="multi-line")
    span(project, a.id, TEXT_A, "港口", "place")
    span(project, a.id, TEXT_A, "𠮷野家", "place")
    claim = span(project, b.id, TEXT_B, "the pier was sound", "claim")
    project.add_link(quote.id, who.id, "speaker", note="said so")
    project.add_link(quote.id, claim.id, "contradicts")


def test_folder_round_trip_keeps_spans_notes_ids_and_links_within_an_article(tmp_path):
    labelstudio = by_name("labelstudio", writing=True)
    with Project(tmp_path / "p.sqlite", annotator="ann") as first:
        fill(first)
        said = []
        report = labelstudio.write(first, tmp_path / "out", before=said.append)
        original = spans_of(first)
    assert said == [report] and (report.articles, report.annotations) == (2, 5)
    assert report.lines() == ["labelstudio cannot hold 1 actor: left out",
                              "labelstudio cannot hold 1 link between two articles: left out",
                              "labelstudio cannot hold 1 link's note: left out"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["config.xml", "tasks.json"]
    config = (tmp_path / "out" / "config.xml").read_text("utf-8")
    assert '<Label value="place" background="#123456" hint="a place"/>' in config
    assert '<Text name="text" value="$text"/>' in config and '<Relation value="speaker"/>' in config
    tasks = json.loads((tmp_path / "out" / "tasks.json").read_text("utf-8"))
    regions = {r["value"]["text"]: r for r in tasks[0]["annotations"][0]["result"]
               if r["type"] == "labels"}
    assert regions["𠮷野家"]["value"]["start"] == TEXT_A.index("𠮷野家")  # code points
    (relation,) = [r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "relation"]
    assert (relation["labels"], relation["direction"]) == (["speaker"], "right")
    assert relation["from_id"] == regions["said:\nthe pier 🌉 was sound"]["id"]
    assert detect(tmp_path / "out").name == "labelstudio"
    with Project(tmp_path / "q.sqlite", annotator="other") as second:
        second.add_article(ParsedArticle(TEXT_A, "Pier"))
        second.add_article(ParsedArticle(TEXT_B, "Doubt"))
        result = second.import_path(tmp_path / "out")
        assert result.format.name == "labelstudio" and not result.refused and not result.said
        assert spans_of(second) == original
        assert [k.type for k in second.links()] == ["speaker"]
        assert {t.name: t.color for t in second.tags()}["place"] == "#123456"
    with Project(tmp_path / "p.sqlite", annotator="ann") as again:
        assert not again.import_path(tmp_path / "out").report.changed  # a re-import


def test_tasks_file_alone_says_the_config_is_not_written(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        fill(project)
        out = io.BytesIO()
        report = by_name("labelstudio", writing=True).write(project, out)
        original = spans_of(project)
    assert any(line.startswith("labelstudio cannot hold 4 tags' colours and descriptions: "
                               "left out (-o DIR writes tasks.json with config.xml")
               for line in report.lines())
    path = tmp_path / "tasks.json"
    path.write_bytes(out.getvalue())
    assert detect(path).name == "labelstudio"
    with Project(tmp_path / "q.sqlite") as second:  # the tasks carry the texts
        assert not second.import_path(path).refused
        assert spans_of(second) == original


def test_current_editor_file_code_points_relations_predictions_and_refusals():
    bundle = by_name("labelstudio").read(DATA / "emoji_codepoints.json", now=NOW)
    cat, pier = bundle.articles
    assert [(a.tag, a.start, a.end, a.text) for a in cat.annotations] == \
        [("claim", 21, 25, "test")]  # Label Studio's emoji.cy.ts example
    assert pier.title == "Pier"
    found = [(a.tag, a.text, a.annotator) for a in pier.annotations]
    assert found == [("quote", "said:\nthe pier 🌉 was sound", "ann@example.org"),
                     ("actor", "Ilse Varga", "ann@example.org"),
                     ("person", "Ilse Varga", "ann@example.org"),  # two labels, two spans
                     ("org", "𠮷野家", "ann@example.org"),
                     ("place", "港口", "prediction ner-2")]
    assert cat.annotations[0].annotator == "label-studio user 3"
    ids = {a.id: a.tag for a in pier.annotations}
    related, speaker = sorted(bundle.links, key=lambda k: k.type)
    assert (speaker.type, ids[speaker.from_id], ids[speaker.to_id]) == ("speaker", "quote",
                                                                        "actor")
    assert related.type == "related"  # (undirected: its ends in id order)
    assert {ids[related.from_id], ids[related.to_id]} == {"org", "actor"}
    assert {t.name: t.directed for t in bundle.link_types} == {"speaker": True,
                                                               "related": False}
    (refused,) = bundle.refused
    assert "task 2, annotation 1, result 6: refused: a 'choices' result" in refused
    assert bundle.said == [f"{DATA / 'emoji_codepoints.json'}, task 2, annotation 2: left out: "
                           "it was cancelled (skipped) in Label Studio"]


def test_old_file_in_utf16_units_with_its_config_beside_it():
    path = DATA / "legacy_utf16.json"
    bundle = by_name("labelstudio").read(path, now=NOW)
    (article,) = bundle.articles
    assert [(a.tag, a.text) for a in article.annotations] == [
        ("actor", "the mayor"), ("claim", "bridge is safe"), ("date", "2021"), ("verb", "left")]
    assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    assert bundle.said == [f"{path}, task 1, annotation 1, result 4: moved from 0-3 to 72-76, "
                           "where its text 'left' is"]
    assert bundle.refused == [
        f"{path}, task 1, annotation 1, result 5: refused: its text 'mayor' is not at 0-3 and "
        "occurs more than once in the task's text",
        f"{path}, task 1, annotation 1, result 6: refused: 500-502 is not a span of the task's "
        "text"]
    tags = {t.name: (t.color, t.description) for t in bundle.tags}
    assert tags["actor"] == ("#1f77b4", "a person or body") and tags["claim"] == (None, "")
    assert [t.name for t in bundle.link_types] == ["cites"]


def test_files_that_are_not_tasks_are_refused_with_a_sentence(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"data": {"text": "x"}, "annotations": [', "utf-8")
    with pytest.raises(InputRefused, match=r"bad.json: is not JSON"):
        by_name("labelstudio").read(bad, now=NOW)
    bad.write_text('[{"data": {"text": "x"}, "annotations": {"result": []}}]', "utf-8")
    bundle = by_name("labelstudio").read(bad, now=NOW)
    assert bundle.refused == [f"{bad}, task 1: refused: its 'annotations' should be a list (of "
                              "objects with a 'result' list): none of them imported"]
    bad.write_text('[{"data": {"text": "x"}, "annotations": []}, 3]', "utf-8")
    with pytest.raises(InputRefused, match=r"bad.json: task 2 is not a Label Studio task"):
        by_name("labelstudio").read(bad, now=NOW)
    (tmp_path / "out").write_text("a file", "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        project.add_article(ParsedArticle(TEXT_B, "Doubt"))
        with pytest.raises(Exception, match="writes a folder"):
            by_name("labelstudio", writing=True).write(project, tmp_path / "out")


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/label-studio is not beside this "
                    "checkout")
@pytest.mark.parametrize("path", PEER_FILES, ids=lambda p: p.name)
def test_label_studio_files_import_with_every_span_text_as_the_file_says(tmp_path, path):
    assert detect(path).name == "labelstudio"
    raw = json.loads(path.read_text("utf-8"))
    results = [r for task in (raw if isinstance(raw, list) else [raw])
               for kind in ("annotations", "predictions") for group in task.get(kind, [])
               for r in group["result"]]
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(path)
        stored = [a for art in project.articles() for a in project.annotations(art.id)]
        texts = {art.id: project.article(art.id).text for art in project.articles()}
        tags = [t.name for t in project.tags()]
    quotes = {r["value"]["text"] for r in results}
    for a in stored:
        assert texts[a.article_id][a.start:a.end] == a.text and a.text in quotes
    if path.name.startswith("rich_text_plain"):  # a stale result: 'February 22' is not there
        assert stored == [] and "'February 22' is not at 343-354" in result.refused[0]
    elif path.name.startswith("html_document"):  # HyperText: XPaths, refused as one task
        assert stored == [] and "HyperText" in result.refused[0]
        assert tags == ["claim", "quote", "actor"]  # (nothing of it written: nor its labels)
    else:
        assert not result.refused and len(stored) == len(results)


def test_a_first_task_larger_than_the_detection_head_is_still_recognised(tmp_path):
    text = "Varga spoke. " * 6000  # 78,000 characters: more than the 64 KiB read to detect
    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(text, "Long"))
        project.add_annotation(article.id, 0, 5, "actor")
        out = io.BytesIO()
        by_name("labelstudio", writing=True).write(project, out)
    path = tmp_path / "long.json"
    path.write_bytes(out.getvalue())
    assert detect(path).name == "labelstudio"
    path.write_bytes(b'[{"id": 1, "data": {"text": "' + b"x" * 70000 + b'"}, "annotations": []}]')
    assert detect(path).name != "labelstudio"  # (nothing in its head says so: --format says it)


def test_completions_of_label_studio_before_1_0_are_its_annotations(tmp_path):
    """Label Studio 0.x called what its people made 'completions'; such a file lost every span
    without a word."""
    result = {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 10, "text": "Wang Lijun", "labels": ["actor"]}}
    task = {"id": 1, "data": {"text": "Wang Lijun fled to the consulate."},
            "completions": [{"result": [result], "completed_by": 3}]}
    path = tmp_path / "old.json"
    for shape in ([task], task):
        path.write_text(json.dumps(shape), "utf-8")
        assert detect(path).name == "labelstudio"
        bundle = by_name("labelstudio").read(path, now=NOW)
        assert [(a.text, a.tag, a.annotator) for a in bundle.articles[0].annotations] == [
            ("Wang Lijun", "actor", "label-studio user 3")]
        assert not bundle.refused


def test_offsets_given_as_strings_are_said_so_when_the_quote_places_the_span(tmp_path):
    result = {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": "0", "end": "10", "text": "Wang Lijun", "labels": ["actor"]}}
    path = tmp_path / "strings.json"
    path.write_text(json.dumps([{"id": 1, "data": {"text": "Wang Lijun fled."},
                                 "annotations": [{"result": [result]}]}]), "utf-8")
    bundle = by_name("labelstudio").read(path, now=NOW)
    assert bundle.said == [f"{path}, task 1, annotation 1, result 1: its offsets '0'-'10' are "
                           "not whole numbers: placed at 0-10, where its text 'Wang Lijun' is"]


def test_an_annotation_listed_twice_alike_is_kept_once_and_said(tmp_path):
    result = {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 4, "text": "Wang", "labels": ["actor"]}}
    task = {"id": 1, "data": {"text": "Wang fled."},
            "annotations": [{"id": 1, "result": [result]}],
            "completions": [{"id": 1, "result": [result]}]}
    path = tmp_path / "both.json"
    path.write_text(json.dumps([task]), "utf-8")
    bundle = by_name("labelstudio").read(path, now=NOW)
    assert len(bundle.articles[0].annotations) == 1
    assert bundle.said == [f"{path}, task 1, completion 1: listed twice alike (id 1): kept once"]
