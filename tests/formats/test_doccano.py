"""The doccano format (issue 11): JSON Lines with UTF-16 offsets, converted exactly (emoji, CJK
outside the BMP, CRLF); the sequence-labeling, relation and 1.x shapes; round trips; refusals
that name the file and line; doccano's own files (../shared/peers/doccano)."""

import io
import json
import os
import unicodedata
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.formats.exchange.shared.foreign_text import SAFE, ForeignText
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

DATA = Path(__file__).parent / "data" / "doccano"
ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers") / "doccano"
PEER_FILES = sorted(PEERS.glob("*.jsonl")) if PEERS.is_dir() else []

TEXT_A = "Fire chief 👨🏻‍🚒 Ilse Varga said 消防车 and 𠮷野家 staff left. Varga added more."
TEXT_B = "Officials 🙄 doubted it,\nand the 🌉 harbour master did not answer."


def spans_of(project: Project) -> set[tuple]:
    return {(article.title, a.tag, a.start, a.end, a.text, a.annotator)
            for article in project.articles() for a in project.annotations(article.id)}


def span(project, article_id, text, piece, tag, nth=0, **kw):
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def fill(project: Project, *, links=True) -> tuple[str, str]:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "Fire", source="Gazette"))
    b, _ = project.add_article(ParsedArticle(TEXT_B, "Doubt"))
    who = span(project, a.id, TEXT_A, "Ilse Varga", "actor")
    quote = span(project, a.id, TEXT_A, "said 消防车 and 𠮷野家", "quote", note="a note")
    span(project, a.id, TEXT_A, "👨🏻‍🚒 Ilse", "actor")  # overlapping: doccano keeps both
    span(project, a.id, TEXT_A, "Varga", "actor", nth=1)
    claim = span(project, b.id, TEXT_B, "doubted it,\nand the 🌉", "claim")
    if links:
        project.add_link(quote.id, who.id, "speaker")
        project.add_link(quote.id, claim.id, "contradicts")
    return a.id, b.id


def export(project: Project) -> tuple[bytes, object]:
    out, said = io.BytesIO(), []
    report = by_name("doccano", writing=True).write(project, out, before=said.append)
    assert said == [report]
    return out.getvalue(), report


def test_round_trip_with_relations_keeps_spans_ids_and_links_within_articles(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as first:
        a_id, b_id = fill(first)
        data, report = export(first)
        original = spans_of(first)
        ids = {a.id for art in first.articles() for a in first.annotations(art.id)}
    assert report.lines() == [
        "doccano cannot hold 1 note: left out",
        "doccano cannot hold 3 tags' colours and descriptions: left out",
        "doccano cannot hold 1 link between two articles: left out",
        "doccano cannot hold 1 link's id, annotator and times: left out"]
    assert (report.articles, report.annotations) == (2, 5)
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert [line["title"] for line in lines] == ["Fire", "Doubt"]
    first_line = lines[0]
    assert "label" not in first_line and len(first_line["entities"]) == 4
    by_id = {e["id"]: e for e in first_line["entities"]}
    (relation,) = first_line["relations"]
    assert relation["type"] == "speaker"
    # UTF-16 units: "Varga" twice, after 👨🏻‍🚒 (7 units, 4 code points)
    utf16 = TEXT_A.encode("utf-16-le")
    for e in first_line["entities"]:
        piece = utf16[2 * e["start_offset"]:2 * e["end_offset"]].decode("utf-16-le")
        assert piece in ("Ilse Varga", "said 消防车 and 𠮷野家", "👨🏻‍🚒 Ilse", "Varga")
    assert by_id[relation["from_id"]]["label"] == "quote"
    assert by_id[relation["to_id"]]["label"] == "actor"
    path = tmp_path / "out.jsonl"
    path.write_bytes(data)
    assert detect(path).name == "doccano"
    with Project(tmp_path / "q.sqlite", annotator="other") as second:
        second.add_article(ParsedArticle(TEXT_A, "Fire"))
        second.add_article(ParsedArticle(TEXT_B, "Doubt"))
        result = second.import_path(path)
        assert result.format.name == "doccano" and not result.refused
        assert spans_of(second) == original
        assert {a.id for art in second.articles() for a in second.annotations(art.id)} == ids
        assert [(k.type) for k in second.links()] == ["speaker"]
    with Project(tmp_path / "p.sqlite", annotator="ann") as again:  # a re-import: no change
        result = again.import_path(path)
        assert not result.report.changed and spans_of(again) == original


def test_without_links_the_sequence_labeling_shape_is_written(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        fill(project, links=False)
        data, report = export(project)
        original = spans_of(project)
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert all("label" in line and "entities" not in line for line in lines)
    assert lines[1]["label"] == [[13, 35, "claim"]]  # 🙄 and 🌉 count two units each
    path = tmp_path / "seq.jsonl"
    path.write_bytes(data)
    with Project(tmp_path / "q.sqlite") as second:  # articles come with the file
        assert not second.import_path(path).refused
        assert spans_of(second) == original


def test_emoji_and_cjk_fixture_utf16_offsets_and_crlf():
    bundle = by_name("doccano").read(DATA / "emoji_cjk.jsonl", now="2025-01-01T00:00:00.000Z")
    assert not bundle.refused
    first, second = bundle.articles
    assert [(a.tag, a.text) for a in first.annotations] == [
        ("VEHICLE", "firetrucks"), ("VEHICLE", "消防车"), ("ORG", "𠮷野家"), ("LOC", "東京"),
        ("EMOJI", "🚒🚒")]
    assert "\r" not in second.text
    assert [(a.tag, a.text) for a in second.annotations] == [
        ("PER", "Ilse Varga"), ("CLAIM", "The pier 🌊 was sound"), ("PER", "Varga")]
    for article in bundle.articles:
        assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    (link,) = bundle.links
    ids = {a.id: a.tag for a in second.annotations}
    assert (link.type, ids[link.from_id], ids[link.to_id]) == ("speaker", "CLAIM", "PER")


def test_refusals_name_the_file_line_and_span(tmp_path):
    bundle = by_name("doccano").read(DATA / "refusals.jsonl", now="2025-01-01T00:00:00.000Z")
    article = bundle.articles[0]
    assert [(a.tag, a.text) for a in article.annotations] == [("OK", "A")]
    assert len(bundle.refused) == 6
    where = f"{DATA / 'refusals.jsonl'}, line 1, span"
    assert bundle.refused[0] == f"{where} 1: refused: 2-3 splits a character in two (an " \
        "emoji, or another character that takes two UTF-16 units)"  # (😀)
    assert bundle.refused[1].startswith(f"{where} 3: refused: 5-99 is not a span of the text in "
                                        "UTF-16 units (its length is")
    assert bundle.refused[2].startswith(f"{where} 4: refused: 4-2")
    assert bundle.refused[3].startswith(f"{where} 5: refused: \"['positive']\" is not a span")
    assert "spaces around it" in bundle.refused[4]
    assert bundle.refused[5].startswith(f"{DATA / 'refusals.jsonl'}, line 2: its text has no text")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "label": []}\n{"text": "b", "label": [\n', "utf-8")
    with pytest.raises(InputRefused, match=r"bad.jsonl: line 3, column 1: is not JSON"):
        by_name("doccano").read(bad, now="2025-01-01T00:00:00.000Z")
    with Project(tmp_path / "p.sqlite") as project:  # the rest of the file is merged
        result = project.import_path(DATA / "refusals.jsonl")
        assert len(result.refused) == 6
        assert [a.text for art in project.articles() for a in project.annotations(art.id)] == \
            ["A"]


def test_offsets_through_canonicalisation_are_exact_or_refused():
    raw = "\ufeffCafe\u0301 says\r\nhi 😀 e\u0301\u0323x\rend"
    text = ForeignText(raw)
    assert text.text == "Café says\nhi 😀 ẹ́x\nend"
    assert text.span(1, 6, utf16=False) == (0, 4)  # "Café" (e + combining acute)
    assert text.text[slice(*text.span(13, 15, utf16=False))] == "hi"  # after CRLF
    assert text.span(1, 5, utf16=False) is None  # ends between e and its accent
    start = raw.index("😀")
    assert text.span(start, start + 2, utf16=True) == (13, 14)  # BOM, CR and a join before it
    assert text.span(start + 1, start + 2, utf16=True) is None  # inside the pair
    assert text.text[slice(*text.span(len(raw) - 3, len(raw), utf16=False))] == "end"


def test_the_safe_characters_never_change_or_join_under_nfc():
    import re

    safe = re.compile(f"[{SAFE}]")
    seconds = set()
    for cp in range(0x110000):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    for cp in range(0x110000):
        c = chr(cp)
        if safe.match(c) and not 0xD800 <= cp <= 0xDFFF:
            assert unicodedata.combining(c) == 0 and c not in seconds, hex(cp)
            assert unicodedata.normalize("NFC", c) == c, hex(cp)
    assert not any(safe.match(chr(cp)) for cp in range(0x1161, 0x11C3))  # Hangul V and T jamo


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/doccano is not beside this checkout")
@pytest.mark.parametrize("path", PEER_FILES, ids=lambda p: p.name)
def test_doccano_files_import_with_every_span_where_the_file_puts_it(tmp_path, path):
    assert detect(path).name == "doccano"
    raw = [r for r in _records(path)]
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(path)
        assert not result.refused
        stored = sorted((a.start, a.end, a.tag) for art in project.articles()
                        for a in project.annotations(art.id))
        for summary in project.articles():
            art = project.article(summary.id)
            assert all(art.text[a.start:a.end] == a.text for a in project.annotations(summary.id))
    expected = set()
    for record in raw:
        for item in record.get("label") or record.get("labels") or []:
            expected.add((item[0], item[1], item[2]))
        for item in record.get("entities") or record.get("annotations") or []:
            expected.add((item["start_offset"], item["end_offset"], str(item["label"])))
    assert set(stored) == expected  # (ASCII texts: UTF-16 units are code points)


def _records(path: Path):
    decoder, text, at = json.JSONDecoder(), path.read_text("utf-8"), 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        value, at = decoder.raw_decode(text, at)
        yield value


def test_a_first_line_larger_than_the_detection_head_is_still_recognised(tmp_path):
    text = "Varga spoke. " * 6000  # 78,000 characters: more than the 64 KiB read to detect
    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(text, "Long"))
        for i in range(0, 6000, 3):
            project.add_annotation(article.id, 13 * i, 13 * i + 5, "actor")
        data, _ = export(project)
    path = tmp_path / "long.jsonl"
    path.write_bytes(data)
    assert len(data) > 65536 and detect(path).name == "doccano"


def test_a_new_project_keeps_its_own_tags_and_link_types_and_adds_the_files(tmp_path):
    """A doccano file names only the labels and relation types it uses: a project started
    with it (from the command line) keeps claim, quote and actor, and the default link types."""
    from cli_run import run

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "Ilse Varga said so.", "entities": [
        {"id": 1, "start_offset": 0, "end_offset": 10, "label": "PER"},
        {"id": 2, "start_offset": 11, "end_offset": 18, "label": "SAID"}],
        "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "says"}]}) + "\n", "utf-8")
    db = tmp_path / "new.sqlite"
    done = run("--db", str(db), "import", str(path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Project(db) as project:
        assert [t.name for t in project.tags()] == ["claim", "quote", "actor", "PER", "SAID"]
        assert [t.shortcut for t in project.tags()] == ["1", "2", "3", "4", "5"]
        assert [t.name for t in project.link_types()] == ["speaker", "same", "contradicts",
                                                          "elaborates", "says"]


def test_a_relation_is_its_start_spans_coders(tmp_path):
    """doccano says whose a span is (a user's, or 'doccano'), not whose a relation is: a new
    link is its start span's coder's (it was 'unknown', another layer than its spans')."""
    path = tmp_path / "in.jsonl"
    lines = [{"id": 1, "text": "Ilse Varga said so.", "entities": [
                 {"id": 1, "start_offset": 0, "end_offset": 10, "label": "PER"},
                 {"id": 2, "start_offset": 11, "end_offset": 18, "label": "SAID"}],
              "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "says"}]},
             {"id": 2, "text": "Bo Li denied it.", "entities": [
                 {"id": 3, "start_offset": 0, "end_offset": 5, "label": "PER", "user": 7},
                 {"id": 4, "start_offset": 6, "end_offset": 12, "label": "SAID", "user": 7}],
              "relations": [{"id": 2, "from_id": 3, "to_id": 4, "type": "says"}]}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        project.import_path(path)
        spans = {a.id: a for art in project.articles() for a in project.annotations(art.id)}
        assert sorted((spans[k.from_id].text, k.annotator) for k in project.links()) == [
            ("Bo Li", "doccano user 7"), ("Ilse Varga", "doccano")]
        assert {k.annotator for k in project.links()} <= {a.annotator for a in spans.values()}


def test_a_span_that_cannot_be_placed_is_refused_for_its_own_reason():
    from annotator.formats.exchange.shared.foreign_text import ForeignText

    text = ForeignText("😀 Cafe\u0301\r\nend")  # (raw: NFD é, CRLF; 13 UTF-16 units)
    why = text.unplaceable
    assert text.span(1, 3, utf16=True) is None and why(1, 3, utf16=True) == \
        "1-3 splits a character in two (an emoji, or another character that takes two UTF-16 units)"
    assert why(0, 99, utf16=True) == "0-99 is not a span of the text in UTF-16 units (its length " \
        "is 13)"
    assert why(0, 99, utf16=False) == "0-99 is not a span of the text in code points (its length " \
        "is 12)"
    assert text.span(3, 7, utf16=True) is None and why(3, 7, utf16=True) == \
        "3-7 falls inside what the stored text makes one character (a letter and its accent, or " \
        "a CR and LF)"
    assert why("3", 7, utf16=True) == "'3'-7 are not whole numbers"


def test_entities_as_spacy_2_lists_are_spans_in_code_points(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "🎉 Bo Li left.", "entities": [[2, 7, "PER"], [9, 20, "X"]]}\n'
                    '{"text": "Ana left.", "entities": ["PER"]}\n', "utf-8")
    bundle = by_name("doccano").read(path, now="2025-01-01T00:00:00.000Z")
    assert [(a.start, a.end, a.text) for a in bundle.articles[0].annotations] == [(2, 7, "Bo Li")]
    assert bundle.refused == [f"{path}, line 1, span 2: refused: 9-20 is not a span of the text "
                              "in code points (its length is 13)",
                              f"{path}, line 2, span 1: refused: 'PER' is not a span ([start, "
                              "end, label], or an entity with offsets)"]


def test_a_line_cut_in_half_says_why_without_a_dangling_phrase(tmp_path):
    path = tmp_path / "half.jsonl"
    for cut, why in (('{"text": "b', "column 10: is not JSON (Unterminated string)"),
                     ('{"text": "b\n', "column 12: is not JSON (Invalid control character)")):
        path.write_text('{"text": "a", "label": []}\n' + cut, "utf-8")
        with pytest.raises(InputRefused) as caught:
            by_name("doccano").read(path, now="2025-01-01T00:00:00.000Z")
        assert str(caught.value) == f"{path}: line 2, {why}"


def test_a_relation_type_that_can_be_no_name_refuses_that_relation_alone(tmp_path):
    """One relation of a type that can be no link type's name (blank, control characters)
    refused the whole file; a type with runs of spaces is taken as the window keeps it."""
    text = "Mayor Ana Ruiz said the bridge is safe."
    path = tmp_path / "r.jsonl"
    for kind, links, refused in (("said  by", ["said by"], 0), ("a\x01b", [], 1)):
        path.write_text(json.dumps({"text": text, "entities": [
            {"id": 1, "label": "actor", "start_offset": 6, "end_offset": 14},
            {"id": 2, "label": "quote", "start_offset": 20, "end_offset": 38}],
            "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": kind}]}), "utf-8")
        bundle = by_name("doccano").read(path, now="2025-01-01T00:00:00.000Z")
        assert [k.type for k in bundle.links] == links
        assert len(bundle.refused) == refused and len(bundle.articles[0].annotations) == 2
        assert bundle.refused == ([] if not refused else [
            f"{path}, line 1, relation 1: refused: its type must be 1 to 200 characters "
            "without control characters, not 'a\\x01b'"])
