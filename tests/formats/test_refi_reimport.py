"""The refi format, exported and imported back (issue 11): a file annotator wrote is read in
code points whatever its text repeats; what XML cannot hold is said, and changes nothing when
imported back into its project; white space is kept as written; ids that are not UUIDs come
back as they were."""

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from annotator.formats.registry import by_name
from annotator.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers")
XSD = PEERS / "refi-qda" / "Project.xsd"
T = "2026-11-22T09:30:00.000Z"
U = [f"11111111-1111-4111-8111-11111111111{i}" for i in range(6)]
TYPES = [{"name": "speaker", "directed": True, "description": "s"},
         {"name": "same", "directed": False, "description": ""},
         {"name": "elaborates", "directed": True, "description": ""}]


def project_from(path: Path, articles, links=(), actors=(), tags=None) -> Project:
    """A project made by importing a JSON export (version 2) built from ``articles``: (id,
    title, text, [(id, start, end, note, actor)]), ``links``: (id, type, from, to, note)."""
    arts = [{"id": ident, "title": title, "source": None, "url": None, "author": None,
             "published": None, "imported_at": T, "text": text,
             "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
             "annotations": sorted(
                 ({"id": a, "tag": "claim", "start": s, "end": e, "text": text[s:e], "note": n,
                   "annotator": "Ana", "created_at": T, "updated_at": T,
                   **({"actor": who} if who else {})} for a, s, e, n, who in spans),
                 key=lambda x: (x["start"], x["end"], x["tag"], x["id"]))}
            for ident, title, text, spans in articles]
    doc = {"format": "annotator-export", "version": 2, "exported_at": T, "offsets": "codepoints",
           "tags": tags or [{"name": "claim", "color": "#123456", "description": ""}],
           "link_types": TYPES, "actors": list(actors), "articles": arts,
           "links": [{"id": i, "type": k, "from": f, "to": t, "note": n, "annotator": "Ana",
                      "created_at": T, "updated_at": T} for i, k, f, t, n in links]}
    source = path.with_suffix(".json")
    source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    project = Project(path, annotator="Ana")
    result = project.import_path(source)
    assert not result.refused
    return project


def export(project: Project, path: Path):
    out = io.BytesIO()
    report = by_name("refi", writing=True).write(project, out)
    path.write_bytes(out.getvalue())
    return report


def state(project: Project):
    articles = [(a.id, a.title) for a in project.articles()]
    spans = sorted((a.id, a.article_id, a.start, a.end, a.text, a.note, a.actor)
                   for art in project.articles() for a in project.annotations(art.id))
    links = sorted((k.id, k.type, k.from_id, k.to_id, k.note) for k in project.links())
    return articles, spans, links, project.actors(), [(t.name, t.description)
                                                      for t in project.tags()]


def from_another(ours: Path, target: Path, origin: bytes) -> None:
    """Our .qdpx as another program would have written it: its origin another."""
    with zipfile.ZipFile(ours) as source, zipfile.ZipFile(target, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "project.qde":
                data = data.replace(b'origin="annotator"', b'origin="' + origin + b'"')
            archive.writestr(name, data)


def back_unchanged(project: Project, path: Path):
    """The file imported back into its project: nothing refused, nothing changed; returns what
    the project holds."""
    before = state(project)
    again = project.import_path(path)
    assert not again.refused and not again.report.changed
    assert state(project) == before
    return before


def test_own_file_is_read_in_code_points(tmp_path):
    """A text repeating itself after an emoji: the span (3, 5) read as UTF-16 units would be
    the same "aa" one to the left, starting on a word boundary; annotator's file says it counts
    code points (origin="annotator"), so no guess is made."""
    with project_from(tmp_path / "p.sqlite", [(U[0], "t", "👍 aaaa", [(U[1], 3, 5, "", None)]),
                                              (U[2], "u", "😂😂 hahaha",
                                               [(U[3], 5, 7, "", None)])]) as first:
        export(first, tmp_path / "x.qdpx")
        before = state(first)
    with Project(tmp_path / "q.sqlite") as fresh:
        result = fresh.import_path(tmp_path / "x.qdpx")
        assert not result.said and not result.refused
        assert state(fresh)[1] == before[1]


def test_a_foreign_file_of_the_same_shape_is_still_guessed(tmp_path):
    """The same file but from another program: its unit is told by its selections (here the
    UTF-16 reading lands on a word boundary), and said."""
    with project_from(tmp_path / "p.sqlite",
                      [(U[0], "t", "👍 aaaa", [(U[1], 3, 5, "", None)])]) as first:
        export(first, tmp_path / "x.qdpx")
    from_another(tmp_path / "x.qdpx", tmp_path / "y.qdpx", b"QualCoder 3.5")
    with Project(tmp_path / "q.sqlite") as fresh:
        result = fresh.import_path(tmp_path / "y.qdpx")
        assert any("read as UTF-16 code units" in s for s in result.said)
        assert [(a.start, a.end) for a in fresh.annotations(U[0])] == [(2, 4)]


def test_characters_xml_cannot_hold_are_said_and_change_nothing_imported_back(tmp_path):
    with project_from(tmp_path / "p.sqlite",
                      [(U[0], "Title\x0bwith VT", "one two",
                        [(U[1], 0, 3, "line one\x0bline two", None), (U[2], 4, 7, "", None)])],
                      links=[(U[3], "elaborates", U[1], U[2], "see\x0balso")],
                      tags=[{"name": "claim", "color": "#123456", "description": "a\x01b"}]
                      ) as first:
        report = export(first, tmp_path / "x.qdpx")
        assert "refi cannot hold 4 titles, notes or other texts with characters XML cannot " \
               "hold: those characters written as U+FFFD" in "\n".join(report.lines())
        back_unchanged(first, tmp_path / "x.qdpx")
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(tmp_path / "x.qdpx")
        articles, spans, links, _, tags = state(fresh)
        assert articles == [(U[0], "Title\ufffdwith VT")]
        assert spans[0][5] == "line one\ufffdline two"
        assert links == [(U[3], "elaborates", U[1], U[2], "")]  # (not what the project has)
        assert tags == [("claim", "a\ufffdb")]


def test_no_report_of_characters_when_there_are_none(tmp_path):
    with project_from(tmp_path / "p.sqlite", [(U[0], "t", "one\x0btwo",
                                              [(U[1], 0, 7, "fine", None)])]) as first:
        report = export(first, tmp_path / "x.qdpx")  # (a span's text: its source holds it)
        assert not any("XML cannot hold" in line for line in report.lines())


def test_white_space_is_kept_as_written(tmp_path):
    with project_from(tmp_path / "p.sqlite",
                      [(U[0], " padded title ", "one two",
                        [(U[1], 0, 3, " ", None), (U[2], 4, 7, "\tnote\n", None)])],
                      links=[(U[3], "elaborates", U[1], U[2], " see also ")],
                      tags=[{"name": "claim", "color": "#123456", "description": " d\t"}]
                      ) as first:
        export(first, tmp_path / "x.qdpx")
        before = back_unchanged(first, tmp_path / "x.qdpx")
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(tmp_path / "x.qdpx")
        assert state(fresh) == before


def test_ids_that_are_not_uuids_come_back(tmp_path):
    actor = {"id": "act-1", "name": "Ilse Varga", "aliases": [], "kind": "person",
             "description": ""}
    upper = "ABCDEF01-2345-4678-89AB-CDEF01234567"
    with project_from(tmp_path / "p.sqlite",
                      [("art1", "t", "one two three", [("s1", 0, 3, "n", "act-1"),
                                                       ("s2", 4, 7, "", None),
                                                       (upper, 8, 13, "", None)])],
                      links=[("l1", "speaker", "s1", "s2", ""), ("l2", "same", upper, "s1", ""),
                             (U[4], "elaborates", "s2", upper, "x")],
                      actors=[actor]) as first:
        report = export(first, tmp_path / "x.qdpx")
        assert not any("UUID" in line for line in report.lines())
        before = back_unchanged(first, tmp_path / "x.qdpx")
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(tmp_path / "x.qdpx")
        assert state(fresh) == before
    qde = zipfile.ZipFile(tmp_path / "x.qdpx").read("project.qde")
    assert b'guid="art1"' not in qde and b"s1" in qde  # (GUIDs, the ids in a note)
    if XSD.is_file():
        xmlschema = pytest.importorskip("xmlschema")
        xmlschema.XMLSchema(str(XSD)).validate(io.BytesIO(qde))


def test_a_foreign_file_with_such_a_note_is_not_renamed(tmp_path):
    """Only a file annotator wrote is trusted with its note of ids."""
    with project_from(tmp_path / "p.sqlite", [("art1", "t", "one two",
                                               [("s1", 0, 3, "", None)])]) as first:
        export(first, tmp_path / "x.qdpx")
    from_another(tmp_path / "x.qdpx", tmp_path / "y.qdpx", b"other")
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(tmp_path / "y.qdpx")
        assert [a.id for a in fresh.articles()] != ["art1"]


def test_a_text_beginning_with_u_feff_keeps_its_spans_on_their_words(tmp_path):
    """A text file that began with two BOMs is stored with one U+FEFF (the contract removes
    one). Its source was written as it is, so the reader took that character for a BOM and every
    position fell one character to the right ('Hello ' for 'Hello'); now a BOM goes before it,
    and the spans come back on their words, as in every other format."""
    with project_from(tmp_path / "p.sqlite", [(U[0], "t", "\ufeffHello world", [
            (U[1], 0, 6, "", None), (U[2], 7, 12, "", None)])]) as first:
        export(first, tmp_path / "x.qdpx")
        back_unchanged(first, tmp_path / "x.qdpx")  # (the same article: nothing changes)
    with Project(tmp_path / "q.sqlite") as fresh:
        result = fresh.import_path(tmp_path / "x.qdpx")
        assert not result.refused
        article, = fresh.articles()
        assert [a.text for a in fresh.annotations(article.id)] == ["Hello", "world"]


def test_ids_alike_but_for_case_stay_two(tmp_path):
    """Two span ids that differ only in case (UUIDs from another tool) were both written as the
    lower-case UUID: one GUID, and a file that could not be imported anywhere."""
    upper, lower = "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA", "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
    with project_from(tmp_path / "p.sqlite", [(U[0], "t", "one two", [
            (upper, 0, 3, "", None), (lower, 4, 7, "", None)])]) as first:
        export(first, tmp_path / "x.qdpx")
        back_unchanged(first, tmp_path / "x.qdpx")
    with Project(tmp_path / "q.sqlite") as fresh:
        assert not fresh.import_path(tmp_path / "x.qdpx").refused
        assert sorted(a.id for a in fresh.annotations(U[0])) == [upper, lower]


def test_another_programs_white_space_is_trimmed_as_before(tmp_path):
    """Only a file annotator wrote keeps titles, notes and descriptions as written: another
    program may indent its XML, and its indentation is no part of a note."""
    with project_from(tmp_path / "p.sqlite",
                      [(U[0], " padded title ", "one two", [(U[1], 0, 3, "\tnote\n", None)])],
                      tags=[{"name": "claim", "color": "#123456", "description": " d\t"}]
                      ) as first:
        export(first, tmp_path / "x.qdpx")
    from_another(tmp_path / "x.qdpx", tmp_path / "y.qdpx", b"QualCoder 3.5")
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(tmp_path / "y.qdpx")
        articles, spans, _, _, tags = state(fresh)
        assert [t for _, t in articles] == ["padded title"] and spans[0][5] == "note"
        assert tags == [("claim", "d")]


def test_a_links_note_holding_u_fffd_is_counted_as_left_out(tmp_path):
    with project_from(tmp_path / "p.sqlite", [(U[0], "t", "one two", [
            (U[1], 0, 3, "", None), (U[2], 4, 7, "", None)])],
            links=[(U[3], "elaborates", U[1], U[2], "caf\ufffd as it was")]) as first:
        report = export(first, tmp_path / "x.qdpx")
    assert report.counts["title, note or other text with characters XML cannot hold"] == 1
