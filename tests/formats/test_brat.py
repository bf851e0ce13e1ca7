"""The brat format (issue 11): a folder of .txt/.ann pairs with annotation.conf and visual.conf;
round trips (into a project with the same articles, into an empty one, back into the same one),
spans across lines as fragments, what cannot be held counted before writing, spans checked
against the .txt and the text column (moved or refused, naming file and line), brat's own files
(../shared/peers/brat)."""

import io
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from brat_pair import brat_pair

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import AnnotatorError, InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

DATA = Path(__file__).parent / "data" / "brat"
ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers") / "brat"
PEER_FOLDERS = sorted({p.parent for p in PEERS.rglob("*.ann")}) if PEERS.is_dir() else []

TEXT_A = ("Harbour master Ilse Varga said the pier was sound. 🌉 Varga added that ferries "
          "would run.\nSecond line: a list item.")
TEXT_B = "Officials doubted the pier was sound,\nand the harbour master did not answer."
BRAT = by_name("brat", writing=True)


def span(project, article_id, text, piece, tag, **kw):
    start = text.index(piece)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def fill(project: Project) -> tuple[str, str]:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "Pier: sound?", source="Gazette",
                                             url="https://x.example/a"))
    b, _ = project.add_article(ParsedArticle(TEXT_B, "Second report"))
    project.add_tag(Tag("minus tag", "#123456", ""))
    project.add_link_type("answers to", True, "")
    varga = project.add_actor("Ilse Varga", ["Varga"], "person", "")
    quote = span(project, a.id, TEXT_A, "the pier was sound", "quote", note="checked twice",
                 attributes={"quote_form": "indirect", "anonymous": True})
    who = span(project, a.id, TEXT_A, "Ilse Varga", "actor", actor=varga.id)
    span(project, a.id, TEXT_A, "🌉 Varga", "minus tag", actor=varga.id)
    claim = span(project, b.id, TEXT_B, "the pier was sound,\nand", "claim")
    master = span(project, b.id, TEXT_B, "harbour master", "claim", note="who?")
    project.add_link(quote.id, who.id, "speaker")
    project.add_link(quote.id, claim.id, "contradicts")  # across articles: lost
    project.add_link(master.id, claim.id, "answers to", note="in part")
    return a.id, b.id


def spans_of(project: Project) -> set[tuple]:
    return {(article.title, a.tag, a.start, a.end, a.text)
            for article in project.articles() for a in project.annotations(article.id)}


def links_of(project: Project) -> set[tuple]:
    text = {a.id: a.text for art in project.articles() for a in project.annotations(art.id)}
    return {(k.type, text[k.from_id], text[k.to_id], k.note) for k in project.links()}


def test_attributes_it_cannot_hold_are_counted_by_annotation(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        article, _ = project.add_article(ParsedArticle(TEXT_B, "Second report"))
        project.add_annotation(article.id, 0, 9, "claim", attributes={
            "anonymous": False, "quote_form": "indirect", "where": "two words"})
        report = BRAT.write(project, tmp_path / "out")
    assert "brat cannot hold 1 annotation's attributes: left out (brat holds true, or a word " \
        "without spaces)" in report.lines()
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:  # imported back: the same
        again = project.import_path(tmp_path / "out")  # edit (its times), nothing "newer"
        assert (again.report.unchanged, again.report.kept_local, again.report.updated) == \
            (1, 0, 0)


def test_export_writes_pairs_and_confs_and_says_what_is_lost(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        fill(project)
        said = []
        report = BRAT.write(project, tmp_path / "out", before=said.append)
    assert said == [report] and (report.articles, report.annotations) == (2, 5)
    lines = report.lines()
    assert "brat cannot hold 1 link: left out (brat links spans of one document only)" in lines
    assert any(line.startswith("brat cannot hold 1 span across lines: written as fragments")
               for line in lines)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["001-Pier-sound.ann", "001-Pier-sound.txt", "002-Second-report.ann",
                     "002-Second-report.txt", "annotation.conf", "visual.conf"]
    assert (tmp_path / "out" / "001-Pier-sound.txt").read_text("utf-8") == TEXT_A
    ann = (tmp_path / "out" / "002-Second-report.ann").read_text("utf-8").splitlines()
    start = TEXT_B.index("the pier")
    cut = TEXT_B.index("\n")
    assert ann[0] == f"T1\tclaim {start} {cut};{cut + 1} {cut + 4}\tthe pier was sound, and"
    assert "R1\tanswers_to Arg1:T2 Arg2:T1" in ann and "#2\tAnnotatorNotes T2\twho?" in ann
    first = (tmp_path / "out" / "001-Pier-sound.ann").read_text("utf-8")
    assert "A1\tanonymous T2\n" in first and "A2\tquote_form T2 indirect\n" in first
    assert "#1\tActor T1\tIlse Varga\n" in first and "\tActor T3\tIlse Varga\n" in first
    varga = TEXT_A.index("🌉")  # code points: the emoji counts one
    assert f"T3\tminus_tag {varga} {varga + 7}\t🌉 Varga\n" in first
    conf = (tmp_path / "out" / "annotation.conf").read_text("utf-8")
    assert "# annotator tag: minus_tag = minus tag" in conf
    assert "same\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric" in conf
    assert "quote_form\tArg:<ENTITY>, Value:indirect" in conf
    assert "minus_tag\tbgColor:#123456" in (tmp_path / "out" / "visual.conf").read_text("utf-8")


def test_one_of_a_kind_is_said_in_the_singular(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        a, _ = project.add_article(ParsedArticle("Line one.\n\nLine two.", "Lines"))
        project.add_annotation(a.id, 0, 9, "claim", note="first\nsecond")
        project.add_annotation(a.id, 9, 11, "claim")  # (line breaks alone)
        lines = BRAT.write(project, tmp_path / "out").lines()
    assert sorted(lines) == ["brat cannot hold 1 note with line breaks or tabs: written on one "
                             "line (spaces instead)",
                             "brat cannot hold 1 span of line breaks only: left out"]


def test_round_trip_into_an_empty_project_the_same_project_and_one_with_the_articles(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as first:
        fill(first)
        BRAT.write(first, tmp_path / "out")
        spans, links = spans_of(first), links_of(first)
        tags = [t[:3] for t in first.tags()]  # (shortcuts are no format's: not in a bundle)
        link_types = first.link_types()
        again = first.import_path(tmp_path / "out")  # nothing changed: nothing written
        assert again.format.name == "brat" and not again.report.changed
        assert not again.refused and not again.said
    with Project(tmp_path / "q.sqlite", annotator="other") as second:
        result = second.import_path(tmp_path / "out")
        assert not result.refused and not result.said
        assert spans_of(second) == spans
        assert links_of(second) == {k for k in links if k[0] != "contradicts"}  # (across)
        article = second.article(second.articles()[0].id)
        assert (article.title, article.source, article.url) == ("Pier: sound?", "Gazette",
                                                                "https://x.example/a")
        got = {a.text: a for a in second.annotations(article.id)}
        assert got["the pier was sound"].attributes == {"anonymous": True,
                                                        "quote_form": "indirect"}
        assert got["the pier was sound"].note == "checked twice"
        assert got["the pier was sound"].annotator == "ann"
        assert second.actor(got["Ilse Varga"].actor).name == "Ilse Varga"
        assert [t[:3] for t in second.tags()] == tags  # names, colours, descriptions, in order
        assert second.link_types() == link_types
    with Project(tmp_path / "r.sqlite") as third:  # the same articles, no spans
        third.add_article(ParsedArticle(TEXT_B, "B, imported on its own"))
        third.add_article(ParsedArticle(TEXT_A, "A, imported on its own"))
        third.import_path(tmp_path / "out")
        assert {s[1:] for s in spans_of(third)} == {s[1:] for s in spans}
        assert len(third.articles()) == 2


def test_a_span_edited_in_brat_is_updated_on_import(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        fill(project)
        BRAT.write(project, tmp_path / "out")
        ann = tmp_path / "out" / "002-Second-report.ann"
        ann.write_text(ann.read_text("utf-8").replace("T2\tclaim", "T2\tquote"), "utf-8")
        result = project.import_path(tmp_path / "out")
        assert (result.report.updated, result.report.added) == (1, 0)
        assert ("Second report", "quote", 46, 60, "harbour master") in spans_of(project)


def test_an_edit_in_brat_keeps_the_attributes_brat_cannot_hold(tmp_path):
    """A note changed (or a span moved) in brat is an edit: it used to take the span's
    attributes from the file alone, and a false, a number or words with spaces, which brat
    cannot hold, were gone. Those are the project's; what brat holds is the file's."""
    given = {"anonymous": False, "quote_form": "indirect", "score": 0.5, "where": "two words",
             "checked": True}
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        article, _ = project.add_article(ParsedArticle(TEXT_B, "Second report"))
        made = project.add_annotation(article.id, 0, 9, "claim", note="first",
                                      attributes=given)
        BRAT.write(project, tmp_path / "out")
        ann = tmp_path / "out" / "001-Second-report.ann"
        lines = ann.read_text("utf-8").split("\n")
        lines = [line.replace("\tfirst", "\tsecond") for line in lines
                 if not re.match(r"A\d+\tchecked ", line)]  # (the note edited, 'checked' off)
        ann.write_text("\n".join(lines), "utf-8")
        result = project.import_path(tmp_path / "out")
        assert (result.report.updated, result.report.added) == (1, 0)
        [span] = project.annotations(article.id)
        assert span.id == made.id and span.note == "second"
        assert span.attributes == {"anonymous": False, "quote_form": "indirect", "score": 0.5,
                                   "where": "two words"}


def test_export_refuses_a_folder_holding_other_brat_files(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.ann").write_text("", "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        fill(project)
        with pytest.raises(AnnotatorError, match=r"holds brat files .*old\.ann"):
            BRAT.write(project, tmp_path / "out")
        with pytest.raises(AnnotatorError, match="writes a folder"):
            BRAT.write(project, io.BytesIO())


def test_own_fixture_in_the_shape_of_brats_tutorial(tmp_path):
    folder = DATA / "tutorial"
    assert detect(folder).name == "brat"
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    assert not bundle.refused
    (article,) = bundle.articles
    assert article.title == "ferries"
    got = {a.text: a for a in article.annotations}
    assert set(got) == {"Norrvik Lines", "Ada Lund", "cancelled",
                        "the harbour\nwould reopen"}
    assert got["Norrvik Lines"].note == "Should operators count as organisations?"
    assert got["Norrvik Lines"].attributes == {"Mention": "Name"}
    assert got["Ada Lund"].attributes == {"Individual": True}
    assert [(k.type, k.from_id, k.to_id) for k in bundle.links] == [
        ("Speaker", got["the harbour\nwould reopen"].id, got["Ada Lund"].id)]
    assert [(t.name, t.directed) for t in bundle.link_types] == [("Speaker", True)]
    colors = {t.name: t.color for t in bundle.tags}
    assert colors["Person"] == "#ffccaa" and colors["Statement"] is None
    assert "Cancel" in colors and "Business" not in colors and "<ORG>=Organization" not in colors
    (said,) = bundle.said
    assert said.startswith(f"{folder}: not kept")
    for part in ("event lines (E): 1", "attributes of events or relations: 1",
                 "notes of other kinds (Lemma): 1", "equivalence lines (*): 1",
                 "notes on events: 1"):
        assert part in said


def test_spans_are_moved_to_their_text_or_refused_naming_file_and_line(tmp_path):
    text = "The mayor spoke. The mayor left. A ferry 🚢 sailed to Vassholm."
    ferry = text.index("Vassholm")
    ann = "\n".join([
        f"T1\tPlace {ferry + 1} {ferry + 9}\tVassholm",  # off by one (a UTF-16 count): moved
        "T2\tPerson 0 3\tmayor",  # 'mayor' twice in the text: refused
        "T3\tPerson 500 505\tnowhere",  # outside the text, and absent: refused
        "T4\tPerson 4 9\tmayor",  # right
        "R1\tSame Arg1:T2 Arg2:T4",  # an end refused: refused
        "R2\tSame Arg1:T1 Arg2:T4",
        "T5\tPerson x y\tmayor",
    ]) + "\n"
    folder = brat_pair(tmp_path / "f", text, ann)
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    ann_path = folder / "doc.ann"
    assert bundle.said == [f"{ann_path}, line 1: moved from {ferry + 1} {ferry + 9} to "
                           f"{ferry} {ferry + 8}, where its text 'Vassholm' is"]
    assert bundle.refused[0] == (f"{ann_path}, line 2: refused: its text 'mayor' is not at 0 3 "
                                 "and occurs more than once in the .txt")
    assert bundle.refused[1].startswith(f"{ann_path}, line 3: refused:")
    assert bundle.refused[2] == f"{ann_path}, line 7: refused: its offsets are not 'START END' pairs"
    assert bundle.refused[3].startswith(f"{ann_path}, line 5: refused: relation R1")
    assert len(bundle.refused) == 4
    assert [a.text for a in bundle.articles[0].annotations] == ["Vassholm", "mayor"]
    assert len(bundle.links) == 1


def test_crlf_and_decomposed_text_map_exactly(tmp_path):
    text = "Cafe\u0301 owner\nRene\u0301 Roux said"  # NFD accents, CRLF line ends in the file
    raw = text.replace("\n", "\r\n")
    start = raw.index("Rene")
    ann = (f"T1\tPerson {start} {start + len('René Roux') + 1}\tRene\u0301 Roux\n"
           f"T2\tPlace 0 5\tCafe\u0301\n"
           f"T3\tPlace 0 4\tCafe\n")  # ends between the e and its accent: refused
    folder = brat_pair(tmp_path / "f", text, ann, crlf=True)
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    article = bundle.articles[0]
    assert article.text == unicodedata.normalize("NFC", text)
    assert [a.text for a in article.annotations] == ["René Roux", "Café"]
    assert len(bundle.refused) == 1 and "line 3" in bundle.refused[0]


def test_unreadable_folders_and_files_are_refused_with_a_sentence(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputRefused, match="holds no .ann file"):
        BRAT.read(tmp_path / "empty", now="2026-01-01T00:00:00.000Z")
    folder = brat_pair(tmp_path / "bad", "Some text here.", "")
    (folder / "doc.ann").write_bytes(b"T1\tX 0 4\tSome\xff\n")
    with pytest.raises(InputRefused, match=r"doc\.ann: is not UTF-8"):
        BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    lone = tmp_path / "lone.ann"
    lone.write_text("", "utf-8")
    with pytest.raises(InputRefused, match=r"has no lone\.txt beside it"):
        BRAT.read(lone, now="2026-01-01T00:00:00.000Z")


def test_one_ann_file_is_read_with_its_txt(tmp_path):
    shutil.copytree(DATA / "tutorial", tmp_path / "t")
    found = detect(tmp_path / "t" / "ferries.ann")
    assert found is not None and found.name == "brat"
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(tmp_path / "t" / "ferries.ann")
        assert result.report.added == 4
        # Said by its text, with --format brat: the pair is read, not the text as .ann lines.
        again = project.import_path(tmp_path / "t" / "ferries.txt", format="brat")
        assert (again.report.unchanged, again.refused) == (4, ())


def test_an_empty_ann_is_a_text_not_yet_annotated(tmp_path):
    brat_pair(tmp_path / "d", "Nothing tagged here.", "")
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(tmp_path / "d" / "doc.ann")
        assert [title for _, title, _ in result.report.articles] == ["doc"]


def test_an_ann_without_its_txt_in_a_folder_is_said_not_skipped(tmp_path):
    shutil.copytree(DATA / "tutorial", tmp_path / "t")
    (tmp_path / "t" / "orphan.ann").write_text("T1\tX 0 4\tSome\n", "utf-8")
    bundle = BRAT.read(tmp_path / "t", now="2026-01-01T00:00:00.000Z")
    assert any("orphan.ann left out: no .txt of the same name beside it" in line
               for line in bundle.said)
    (tmp_path / "t" / "b.txt").write_text("An article of its own.", "utf-8")
    (tmp_path / "t" / "c.md").write_text("# Another", "utf-8")
    bundle = BRAT.read(tmp_path / "t", now="2026-01-01T00:00:00.000Z")
    assert f"{tmp_path / 't'}: b.txt, c.md left out: a brat folder is read as its .txt and " \
        ".ann pairs (import them by name)" in bundle.said
    with pytest.raises(InputRefused, match="is no brat file"):
        BRAT.read(tmp_path / "t" / "annotation.conf", now="2026-01-01T00:00:00.000Z")


def _t_lines(ann: Path):
    for number, line in enumerate(ann.read_text("utf-8").split("\n"), start=1):
        if line.startswith("T"):
            ident, kind, quote = line.split("\t", 2)
            places = [tuple(map(int, p.split())) for p in kind.split(" ", 1)[1].split(";")]
            yield number, places, quote


@pytest.mark.skipif(not PEER_FOLDERS, reason="../shared/peers/brat is not beside this checkout")
@pytest.mark.parametrize("folder", PEER_FOLDERS, ids=lambda p: p.name)
def test_brats_own_files_import_with_every_span_text_as_the_file_says(tmp_path, folder):
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    assert not bundle.refused
    by_line: dict[str, list] = {}
    for article in bundle.articles:
        for a in article.annotations:
            assert a.text == article.text[a.start:a.end]
            by_line.setdefault(bundle.where[a.id], []).append(a)
    count = 0
    for ann in sorted(folder.glob("*.ann")):
        for number, places, quote in _t_lines(ann):
            made = by_line[f"{ann}, line {number}"]
            count += 1
            if len(made) == 1 and len(places) > 1:  # fragments split at white space only
                assert re.sub(r"\s+", " ", made[0].text) == quote
                assert (made[0].start, made[0].end) == (places[0][0], places[-1][1])
            else:
                assert " ".join(a.text for a in made) == quote
                assert [(a.start, a.end) for a in made] == places
    assert count == sum(len(list(_t_lines(a))) for a in folder.glob("*.ann"))
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(folder)
        assert result.format.name == "brat" and not result.refused
        assert result.report.added == bundle.annotation_count
