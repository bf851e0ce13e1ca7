"""The spacy format (DESIGN.md section 10, issue 11): JSON Lines {text, spans, meta} in code
points; round trips; what cannot be held counted before writing; Prodigy's answers; spaCy's
Doc.to_json() shape; CRLF text mapped exactly; refusals naming the line; a DocBin refused with a
sentence; Prodigy's own files (../shared/peers/spacy)."""

import io
import json
import os
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

DATA = Path(__file__).parent / "data" / "spacy"
ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers") / "spacy"
PEER_FILES = sorted(PEERS.glob("*.jsonl")) if PEERS.is_dir() else []
SPACY = by_name("spacy", writing=True)
NOW = "2026-01-01T00:00:00.000Z"

TEXT_A = "Harbour master Ilse Varga 🌉 said the pier was sound.\nFerries would run."
TEXT_B = "Officials doubted the pier was sound, and the harbour master did not answer."


def span(project, article_id, text, piece, tag, **kw):
    start = text.index(piece)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def fill(project: Project) -> None:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "Pier", source="Gazette"))
    b, _ = project.add_article(ParsedArticle(TEXT_B, "Second"))
    varga = project.add_actor("Ilse Varga")
    quote = span(project, a.id, TEXT_A, "the pier was sound.\nFerries", "quote", note="n",
                 attributes={"quote_form": "direct"})
    who = span(project, a.id, TEXT_A, "Ilse Varga 🌉", "actor", actor=varga.id)
    span(project, b.id, TEXT_B, "the pier was sound", "claim")
    span(project, b.id, TEXT_B, "pier", "claim")  # overlapping: spans may overlap
    project.add_link(quote.id, who.id, "speaker")


def spans_of(project: Project) -> set[tuple]:
    return {(a.tag, a.start, a.end, a.text)
            for article in project.articles() for a in project.annotations(article.id)}


def exported(project: Project) -> tuple[bytes, object]:
    out, said = io.BytesIO(), []
    report = SPACY.write(project, out, before=said.append)
    assert said == [report]
    return out.getvalue(), report


def test_export_shape_and_losses(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        fill(project)
        data, report = exported(project)
        first = project.articles()[0]
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 2
    obj = json.loads(lines[0])
    assert obj["text"] == TEXT_A
    assert obj["meta"] == {"id": first.id, "title": "Pier", "source": "Gazette", "url": None,
                           "author": None, "published": None}
    start = TEXT_A.index("Ilse")
    assert [(s["start"], s["end"], s["label"], s["text"], s["annotator"]) for s in obj["spans"]] \
        == [(start, start + 12, "actor", "Ilse Varga 🌉", "ann"),
            (TEXT_A.index("the pier"), TEXT_A.index("Ferries") + 7, "quote",
             "the pier was sound.\nFerries", "ann")]  # code points: the emoji counts one
    said = report.lines()
    for line in ("spacy cannot hold 1 note: left out", "spacy cannot hold 1 link: left out",
                 "spacy cannot hold 1 actor: left out",
                 "spacy cannot hold 1 annotation's attributes: left out"):
        assert line in said


def test_round_trips(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as first:
        fill(first)
        data, _ = exported(first)
        spans = spans_of(first)
        (tmp_path / "out.jsonl").write_bytes(data)
        assert detect(tmp_path / "out.jsonl").name == "spacy"
        again = first.import_path(tmp_path / "out.jsonl")  # back into the same project
        assert not again.report.changed and not again.refused and not again.said
        quote = next(a for art in first.articles() for a in first.annotations(art.id)
                     if a.tag == "quote")
        assert quote.note == "n" and quote.attributes == {"quote_form": "direct"}
    with Project(tmp_path / "q.sqlite", annotator="other") as second:
        result = second.import_path(tmp_path / "out.jsonl")
        assert result.format.name == "spacy" and not result.refused
        assert spans_of(second) == spans
        assert [a.title for a in second.articles()] == ["Pier", "Second"]
        assert {second.article(a.id).source for a in second.articles()} == {"Gazette", None}
        assert {a.annotator for art in second.articles()
                for a in second.annotations(art.id)} == {"ann"}
        assert exported(second)[0] == data  # the same bytes again
    with Project(tmp_path / "r.sqlite") as third:  # a project holding the same articles
        third.add_article(ParsedArticle(TEXT_B, "B on its own"))
        third.add_article(ParsedArticle(TEXT_A, "A on its own"))
        third.import_path(tmp_path / "out.jsonl")
        assert spans_of(third) == spans and len(third.articles()) == 2


def test_prodigy_answers_tokens_and_quotes(tmp_path):
    path = DATA / "prodigy_ner.jsonl"
    assert detect(path).name == "spacy"
    bundle = SPACY.read(path, now=NOW)
    assert not bundle.refused
    assert bundle.said == [
        f"{path}: 1 task answered 'reject' skipped (Prodigy's training leaves them out too)",
        f"{path}: 1 task answered 'ignore' skipped (Prodigy's training leaves them out too)"]
    first, second = bundle.articles
    assert (first.title, first.source) == ("Norrvik Lines’ ferry 🚢 resumes crossings to "
                                           "Vassholm", "Harbour Gazette")
    assert [(a.tag, a.text) for a in first.annotations] == [("ORG", "Norrvik Lines"),
                                                            ("LOCATION", "Vassholm")]
    assert [(a.tag, a.start, a.text) for a in second.annotations] == [("PERSON", 13, "Ada Lund")]
    assert {t.name for t in bundle.tags} == {"ORG", "LOCATION", "PERSON"}


def test_doc_to_json_with_crlf_entities_and_span_groups(tmp_path):
    path = DATA / "doc_to_json.json"
    assert detect(path).name == "spacy"
    bundle = SPACY.read(path, now=NOW)
    assert not bundle.refused and not bundle.said
    (article,) = bundle.articles
    assert "\r" not in article.text
    got = sorted((a.tag, a.text) for a in article.annotations)
    assert got == sorted([("PERSON", "Anna Müller"), ("DATE", "Friday"), ("ORG", "市議会"),
                          ("ACTOR", "Council member Anna Müller"),
                          ("QUOTE", "I have done my part"),
                          ("CLAIM", "resigned on Friday.\nShe said")])  # PERSON once
    for a in article.annotations:
        assert article.text[a.start:a.end] == a.text


def test_spans_moved_or_refused_naming_the_line(tmp_path):
    text = "The mayor spoke. The mayor left. A ferry sailed to Vassholm."
    at = text.index("Vassholm")
    lines = [
        {"text": text, "spans": [
            {"start": at + 1, "end": at + 9, "label": "GPE", "text": "Vassholm"},  # moved
            {"start": 0, "end": 3, "label": "PER", "text": "mayor"},  # twice: refused
            {"start": 50, "end": 400, "label": "PER"},  # outside: refused
            {"start": "4", "end": 9, "label": "PER"},  # not a number: refused
            {"start": 4, "end": 9, "label": " PER"},  # not a tag name: refused
            {"start": 4, "end": 9, "label": "PER"}]},
        "not json",
        {"no": "text"},
        {"text": "  ", "spans": []},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines),
                    "utf-8")
    bundle = SPACY.read(path, now=NOW)
    assert bundle.said == [f"{path}, line 1, span #1: moved from {at + 1}-{at + 9} to "
                           f"{at}-{at + 8}, where its text 'Vassholm' is"]
    refused = sorted(bundle.refused)
    assert len(refused) == 7
    assert refused[0] == (f"{path}, line 1, span #2: refused: its text 'mayor' is not at 0-3 "
                          "and occurs more than once in the text")
    assert refused[1] == f"{path}, line 1, span #3: refused: its offsets 50-400 do not fit the text"
    assert refused[2].startswith(f"{path}, line 1, span #4: refused: 'start' and 'end'")
    assert refused[3].startswith(f"{path}, line 1, span #5: refused: the tag name")
    assert refused[4].startswith(f"{path}, line 2: refused: not JSON")
    assert refused[5] == f"{path}, line 3: refused: not an object with a 'text'"
    assert refused[6].startswith(f"{path}, line 4: refused: it has no text")
    assert [a.text for a in bundle.articles[0].annotations] == ["Vassholm", "mayor"]


def test_spans_of_the_wrong_kind_are_refused_not_quietly_none(tmp_path):
    lines = [{"text": "The cat sat.", "spans": {"start": 4, "end": 7, "label": "animal"}},
             {"text": "The dog sat.", "spans": "4 7 animal"},
             {"text": "The owl sat.", "ents": {"start": 4, "end": 7, "label": "animal"}},
             {"text": "The bat sat.", "spans": {"sc": [{"start": 4, "end": 7, "label": "x"}]}}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(map(json.dumps, lines)), "utf-8")
    bundle = SPACY.read(path, now=NOW)
    spans = ("its 'spans' should be a list of spans, or spaCy's groups of them (an object of "
             "lists): its spans are not imported")
    assert bundle.refused == [f"{path}, line 1: refused: {spans}",
                              f"{path}, line 2: refused: {spans}",
                              f"{path}, line 3: refused: its 'ents' should be a list of spans: "
                              "its spans are not imported"]
    assert [(a.text, [x.text for x in a.annotations]) for a in bundle.articles] == [
        ("The cat sat.", []), ("The dog sat.", []), ("The owl sat.", []),
        ("The bat sat.", ["bat"])]


def test_a_doccano_line_in_a_spacy_file_is_said_not_read_as_a_text_without_spans(tmp_path):
    lines = [{"text": "Bo Li was removed.", "spans": [{"start": 0, "end": 5, "label": "actor"}]},
             {"id": 1, "text": "Wang Lijun fled.", "label": [[0, 10, "actor"]]},
             {"text": "No spans yet.", "label": []}]  # (a text not yet annotated: fine)
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(map(json.dumps, lines)), "utf-8")
    assert detect(path).name == "spacy"
    bundle = SPACY.read(path, now=NOW)
    assert bundle.refused == [f"{path}, line 2: refused: it has doccano's 'label', not spaCy's "
                              "'spans' or 'ents' (a doccano line in a spaCy file): its spans "
                              "are not imported"]
    assert [len(a.annotations) for a in bundle.articles] == [1, 0, 0]


@pytest.mark.parametrize("shape", ["lines", "array over lines", "one object"])
def test_each_shape_of_file_names_its_places(tmp_path, shape):
    """JSON Lines (blank lines between), a pretty-printed array, one object: each task is
    read, and a refusal names the line, the object or the file."""
    tasks = [{"text": "A ferry sailed.", "spans": [{"start": 2, "end": 7, "label": "X"}]},
             {"no": "text"}]
    path = tmp_path / "in.jsonl"
    if shape == "lines":
        path.write_text("\n\n".join(map(json.dumps, tasks)) + "\n", "utf-8")
        where = f"{path}, line 3"
    elif shape == "array over lines":
        path.write_text(json.dumps(tasks, indent=1), "utf-8")
        where = f"{path}, object #2"
    else:
        path.write_text(json.dumps(tasks[1]), "utf-8")
        where = str(path)
    bundle = SPACY.read(path, now=NOW)
    assert bundle.refused == [f"{where}: refused: not an object with a 'text'"]
    assert [a.text for b in bundle.articles for a in b.annotations] == \
        ([] if shape == "one object" else ["ferry"])


def test_docbin_and_non_json_files_are_refused_with_a_sentence(tmp_path):
    docbin = tmp_path / "train.spacy"
    docbin.write_bytes(b"\x87\xa5attrs\x93")
    with pytest.raises(InputRefused, match="DocBin.*convert.*Doc.to_json"):
        SPACY.read(docbin, now=NOW)
    with Project(tmp_path / "p.sqlite") as project, pytest.raises(InputRefused) as refused:
        project.import_path(docbin)
    assert str(refused.value).startswith(f"{docbin}: is a spaCy DocBin")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\nworld\n", "utf-8")
    with pytest.raises(InputRefused, match="is not spaCy/Prodigy JSON Lines"):
        SPACY.read(junk, now=NOW)


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/spacy is not beside this checkout")
@pytest.mark.parametrize("path", PEER_FILES, ids=lambda p: p.name)
def test_prodigys_own_files_with_every_span_text_as_the_file_says(tmp_path, path):
    bundle = SPACY.read(path, now=NOW)
    assert not bundle.refused
    expected = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        task = json.loads(line)
        if task.get("answer") in ("reject", "ignore"):
            continue
        for s in task.get("spans", []):
            expected.append((task["text"], s["label"], s["start"], s["end"],
                             s.get("text", task["text"][s["start"]:s["end"]])))
    got = []
    for article in bundle.articles:
        for a in article.annotations:
            got.append((article.text, a.tag, a.start, a.end, a.text))
    assert sorted(set(got)) == sorted(set(expected)) and expected
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(path)
        assert result.format.name == "spacy" and not result.refused
        assert result.report.added == len(set(got))


def test_spans_alike_without_ids_are_one_span_whoever_made_them(tmp_path):
    """Without ids the place and label are the span (its id is made of them): two coders'
    alike import as one, and a span in 'ents' and again in a group with a coder too."""
    lines = [{"text": "Ana Ruiz spoke.", "spans": [
                 {"start": 0, "end": 8, "label": "PER", "annotator": "a"},
                 {"start": 0, "end": 8, "label": "PER", "annotator": "b"}]},
             {"text": "Bo Li spoke.", "ents": [{"start": 0, "end": 5, "label": "PER"}],
              "spans": {"sc": [{"start": 0, "end": 5, "label": "PER", "annotator": "a"}]}}]
    path = tmp_path / "alike.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(path, format="spacy")
        assert (result.report.added, result.refused) == (2, ())
