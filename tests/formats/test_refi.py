"""The refi format (REFI-QDA .qdpx, issue 11): an export that validates against the REFI-QDA
Project.xsd and round-trips spans, notes, actors and links; imports of files in the shapes NVivo
and QualCoder write (positions in UTF-16 units or in code points, told apart per file; a BOM;
CRLF; nested codes; inline text; notes; cases; links); and the zip guards."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from cli_run import run

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import InputRefused
from annotator.formats.exchange.refi import refi
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

DATA = Path(__file__).parent / "data" / "refi"
ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers")
XSD = PEERS / "refi-qda" / "Project.xsd"

TEXT_A = ("Harbour master Ilse Varga said the pier was sound. 🌉 Varga added that ferries "
          "would run.\nA second line, with a 🙂 and a note.")
TEXT_B = "Officials doubted the pier was sound,\nand the harbour master did not answer."


def span(project, article_id, text, piece, tag, **kw):
    start = text.index(piece)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def fill(project: Project) -> None:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "Pier & <ferries>", source="Gazette",
                                             url="https://x.example/a", author="R. Roe"))
    b, _ = project.add_article(ParsedArticle(TEXT_B, "Second report"))
    project.add_tag(Tag("mood", "#123456", "how it sounds"))
    project.add_link_type("answers", True, "one answers the other")
    varga = project.add_actor("Ilse Varga", ["Varga", "the master"], "person", "harbour master")
    project.add_actor("Unused Actor")
    quote = span(project, a.id, TEXT_A, "the pier was sound", "quote", note="\tsays <who>\n&x",
                 attributes={"quote_form": "indirect"})
    who = span(project, a.id, TEXT_A, "Ilse Varga", "actor", actor=varga.id)
    span(project, a.id, TEXT_A, "Varga added", "actor", actor=varga.id)
    span(project, a.id, TEXT_A, "🌉 Varga", "mood")
    span(project, a.id, TEXT_A, "a 🙂 and a note", "mood")
    claim = span(project, b.id, TEXT_B, "the pier was sound,\nand", "claim", note="across")
    project.add_link(quote.id, who.id, "speaker")
    project.add_link(quote.id, claim.id, "contradicts", note="both cannot hold")
    project.add_link(claim.id, quote.id, "answers")


def state(project: Project):
    spans = {(a.id, a.article_id, a.tag, a.start, a.end, a.text, a.note, a.annotator, a.actor,
              a.created_at) for art in project.articles() for a in project.annotations(art.id)}
    links = {(k.id, k.type, k.from_id, k.to_id, k.note) for k in project.links()}
    return spans, links, project.actors(), [(t.name, t.color, t.description) for t in project.tags()]


def export(project: Project) -> tuple[bytes, object]:
    out = io.BytesIO()
    said = []
    report = by_name("refi", writing=True).write(project, out, before=said.append)
    assert said == [report]
    return out.getvalue(), report


def test_round_trip_keeps_spans_notes_actors_links_and_valid_xml(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as first:
        fill(first)
        data, report = export(first)
        before = state(first)
    assert report.lines() == [
        "refi cannot hold 1 annotation's attributes: left out",
        "refi cannot hold 1 link type's description: left out",
        "refi cannot hold 3 links' annotators and times: left out"]
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names[0] == "project.qde" and len(names) == 3
    assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    assert {archive.read(n).decode("utf-8") for n in names[1:]} == {TEXT_A, TEXT_B}
    qde = archive.read("project.qde").decode("utf-8")
    assert 'startPosition="51"' in qde  # "🌉 Varga" counted in code points
    (tmp_path / "x.qdpx").write_bytes(data)
    assert detect(tmp_path / "x.qdpx").name == "refi"
    with Project(tmp_path / "q.sqlite", annotator="someone else") as second:
        result = second.import_path(tmp_path / "x.qdpx")
        assert result.format.name == "refi" and not result.refused and not result.said
        assert result.report.summary().startswith("2 articles and 6 annotations added")
        after = state(second)
        assert after[0] == before[0] and after[1] == before[1] and after[2] == before[2]
        assert after[3] == before[3]
        articles = {a.title: second.article(a.id) for a in second.articles()}
        assert articles["Pier & <ferries>"].url == "https://x.example/a"
        assert articles["Pier & <ferries>"].author == "R. Roe"
        again = second.import_path(tmp_path / "x.qdpx")
        assert not again.report.changed  # importing twice changes nothing
        assert export(second)[0] != b""


def test_link_types_no_link_uses_are_neither_added_nor_taken_away(tmp_path):
    """A .qdpx names a link type only on its links: importing one neither adds the project's
    default types back nor makes a new project drop its own."""
    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        first.delete_link_type("elaborates")  # (no link of it)
        names = [t.name for t in first.link_types()]
        (tmp_path / "x.qdpx").write_bytes(export(first)[0])
        again = first.import_path(tmp_path / "x.qdpx")
        assert again.report.link_types_added == 0 and not again.report.changed
        assert [t.name for t in first.link_types()] == names
    with Project(tmp_path / "new.sqlite") as fresh:
        defaults = [(t.name, t.description) for t in fresh.link_types()]
        assert ("elaborates", defaults[-1][1]) == defaults[-1]
        fresh.import_path(tmp_path / "x.qdpx")
        assert [(t.name, t.description) for t in fresh.link_types()] == [
            *defaults, ("answers", "")]


@pytest.mark.skipif(not XSD.is_file(), reason="the REFI-QDA Project.xsd (../shared/peers/"
                    "refi-qda) is not beside this checkout")
def test_export_validates_against_the_refi_qda_schema(tmp_path):
    import xmlschema

    schema = xmlschema.XMLSchema(str(XSD))
    with Project(tmp_path / "p.sqlite", annotator="a \x0b name") as project:
        empty = zipfile.ZipFile(io.BytesIO(export(project)[0])).read("project.qde")
        schema.validate(io.BytesIO(empty))  # nothing in the project: still a valid project
        fill(project)
        a = project.articles()[0]
        project.add_tag(Tag("odd\u00a0tag", "#abcdef", ""))
        project.add_annotation(a.id, 0, 7, "odd\u00a0tag", note="bell \x07 in a note")
        qde = zipfile.ZipFile(io.BytesIO(export(project)[0])).read("project.qde")
    schema.validate(io.BytesIO(qde))
    for fixture in ("nvivo_like", "qualcoder_like"):  # (the fixtures are in real shapes)
        schema.validate(str(DATA / fixture / "project.qde"))


def qdpx(folder: Path, target: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != ".gitattributes":
                archive.write(path, path.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def imported(tmp_path, path: Path):
    with Project(tmp_path / "p.sqlite", annotator="me") as project:
        result = project.import_path(path)
        spans = {(a.tag, a.text, a.note, a.annotator, a.actor)
                 for art in project.articles() for a in project.annotations(art.id)}
        for art in project.articles():
            text = project.article(art.id).text
            for a in project.annotations(art.id):
                assert text[a.start:a.end] == a.text
        return result, spans, project.tags(), project.actors(), project.links(), \
            project.articles()


def project_article(tmp_path, ident):
    with Project(tmp_path / "p.sqlite") as project:
        return project.article(ident)


def test_nvivo_shape_utf16_positions_nested_codes(tmp_path):
    path = qdpx(DATA / "nvivo_like", tmp_path / "nvivo.qdpx")
    result, spans, tags, actors, links, articles = imported(tmp_path, path)
    assert result.said == (f"{path}: its positions are read as UTF-16 code units",)
    assert spans == {("safety", "the pier was sound", "", "harbourmaster", None),
                     ("2. Claims / positive", "ferries would run on Monday", "", "harbourmaster",
                      None),
                     ("1. Reaction / positive", "Commuters", "", "harbourmaster", None),
                     ("doubt", "a council member doubted the repairs", "", "harbourmaster", None)}
    # Leaf names, except where two codes share one: then their paths.
    assert [t.name for t in tags if t.name not in ("claim", "quote", "actor", "not-article")] == [
        "1. Reaction", "1. Reaction / positive", "doubt", "2. Claims", "safety",
        "2. Claims / positive"]
    assert {t.name: t.description for t in tags}["1. Reaction"] == "How people react\nto the news"
    assert articles[0].id == "70a540a6-0000-4ce3-8a60-9f29ffd2b259"
    assert articles[0].title == "ferry_story"


def test_bare_qde_reads_its_sources_folder_beside_it(tmp_path):
    result, spans, *_ = imported(tmp_path, DATA / "nvivo_like" / "project.qde")
    assert len(spans) == 4 and not result.refused


def test_qualcoder_shape_code_points_bom_crlf_notes_cases_links(tmp_path):
    path = qdpx(DATA / "qualcoder_like", tmp_path / "qc.qdpx")
    result, spans, tags, actors, links, articles = imported(tmp_path, path)
    assert not result.refused
    assert result.said == (
        f"{path}, source 'memo inline': 1 selection without a code left out (an annotation "
        "needs a tag)",
        f"{path}: 1 link not joining two imported selections left out")
    actor = "ca5e0000-0000-4000-8000-000000000001"
    assert spans == {
        ("claim", "Engineers found no cracks in the main span", "Checked against the 2023 report.",
         "default", None),
        ("person", "Ana Kovač", "", "default", actor),
        ("claim", "promised a second inspection in May", "", "default", None),
        ("claim", "bridge", "a comment on the word", "unknown", None),  # two codings, two spans
        ("person", "bridge", "a comment on the word", "unknown", None)}
    assert {t.name: t.color for t in tags}["claim"] == "#FF33CC"  # #F3C written out
    assert "Findings" not in {t.name for t in tags}  # a folder (isCodable="false")
    assert [(a.id, a.name, a.description) for a in actors] == [(actor, "Ana Kovač",
                                                                  "chief engineer")]
    assert [(k.type, k.from_id, k.to_id) for k in links] == [
        ("elaborates", "a0000000-0000-4000-8000-000000000004",
         "a0000000-0000-4000-8000-000000000001")]
    bridge = next(a for a in articles if a.title == "bridge.txt")
    bridge = project_article(tmp_path, bridge.id)
    assert "\r" not in bridge.text and bridge.text.startswith("Bridge inspection report 🌉\n")


def project_qde(sources: str, extra: str = "") -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
            'name="t"><CodeBook><Codes><Code guid="11111111-1111-4111-8111-111111111111" '
            'name="claim" isCodable="true"/></Codes></CodeBook><Sources>' + sources +
            "</Sources>" + extra + "</Project>")


def selection(guid_end: int, start: int, end: int, name: str = "") -> str:
    return (f'<PlainTextSelection guid="22222222-2222-4222-8222-{guid_end:012d}" '
            f'startPosition="{start}" endPosition="{end}" name="{name}"><Coding '
            f'guid="33333333-3333-4333-8333-{guid_end:012d}"><CodeRef '
            'targetGUID="11111111-1111-4111-8111-111111111111"/></Coding></PlainTextSelection>')


def inline_source(text: str, selections: str) -> str:
    return ('<TextSource guid="44444444-4444-4444-8444-444444444444" name="s">'
            f"<PlainTextContent>{text}</PlainTextContent>{selections}</TextSource>")


def test_nfd_text_maps_exactly_and_a_position_inside_a_composed_letter_is_refused(tmp_path):
    raw = "Cafe\u0301 owner Rene\u0301 spoke."  # NFD: two letters composed by NFC
    sources = inline_source(raw, selection(1, 0, 5) + selection(2, 12, 17) + selection(3, 0, 4))
    (tmp_path / "nfd.qde").write_text(project_qde(sources), "utf-8")
    result, spans, *_ = imported(tmp_path, tmp_path / "nfd.qde")
    assert {s[1] for s in spans} == {"Café", "René"}
    assert len(result.refused) == 1 and "0-4 cannot be placed exactly" in result.refused[0]


def test_positions_that_are_not_numbers_are_refused_saying_so(tmp_path):
    sources = inline_source("A short text.", selection(1, 2, 7).replace('"2"', '"2.0"'))
    (tmp_path / "float.qde").write_text(project_qde(sources), "utf-8")
    result, spans, *_ = imported(tmp_path, tmp_path / "float.qde")
    assert not spans and len(result.refused) == 1
    assert result.refused[0].endswith(": refused: its positions that are not whole numbers of 0 "
                                      "or more cannot be placed exactly in its text (read as "
                                      "code points) and it carries no quote to find")


def test_names_that_are_quotes_re_anchor_a_moved_span_or_refuse_it(tmp_path):
    text = "The mayor said the budget is fine. Critics said the budget is not fine."
    sources = inline_source(text, selection(1, 4, 9, "mayor") + selection(2, 0, 3, "Critics")
                            + selection(3, 15, 21, "the budget") + selection(4, 10, 14, "said"))
    (tmp_path / "q.qde").write_text(project_qde(sources), "utf-8")
    result, spans, *_ = imported(tmp_path, tmp_path / "q.qde")
    assert {s[1] for s in spans} == {"mayor", "Critics", "said"}
    assert any("moved from 0-3 to 35-42" in s for s in result.said)
    assert len(result.refused) == 1 and "'the budget'" in result.refused[0] and \
        "more than once" in result.refused[0]


def test_names_that_are_labels_are_not_taken_for_quotes(tmp_path):
    text = "The mayor said the budget is fine."
    sources = inline_source(text, selection(1, 4, 9, "Speaker") + selection(2, 15, 25, "Topic"))
    (tmp_path / "l.qde").write_text(project_qde(sources), "utf-8")
    result, spans, *_ = imported(tmp_path, tmp_path / "l.qde")
    assert {s[1] for s in spans} == {"mayor", "the budget"} and not result.refused


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("members, reason", [
    ({"project.qde": b"<x/>", "../evil.txt": b"x"}, "unsafe path '../evil.txt'"),
    ({"project.qde": b"<x/>", "/etc/evil": b"x"}, "unsafe path '/etc/evil'"),
    ({"project.qde": b"<x/>", "sources/C:/evil": b"x", "C:/evil": b"x"}, "unsafe path"),
    ({"notes.txt": b"x"}, "holds no project.qde"),
    ({"project.qde": b"<Project"}, "is not well-formed XML"),
    ({"project.qde": b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project '
                     b'xmlns="urn:QDA-XML:project:1.0" name="x">&a;</Project>'}, "DTD"),
    ({"project.qde": b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'}, "codebook (.qdc)"),
    ({"project.qde": project_qde('<TextSource guid="44444444-4444-4444-8444-444444444444" '
                                'plainTextPath="internal://gone.txt"/>').encode()},
     "names internal://gone.txt, which is not in the file"),
])
def test_bad_archives_are_refused_with_a_sentence(tmp_path, members, reason):
    path = tmp_path / "bad.qdpx"
    path.write_bytes(zip_bytes(members))
    with Project(tmp_path / "p.sqlite") as project, pytest.raises(InputRefused) as caught:
        project.import_path(path, format="refi")
    assert reason in str(caught.value) and str(path) in str(caught.value)
    with Project(tmp_path / "p.sqlite") as project:
        assert project.articles() == []


def test_a_qdpx_that_is_no_zip_is_told_so(tmp_path):
    path = tmp_path / "notes.qdpx"
    path.write_text("Some notes, not a project.\n", "utf-8")
    with pytest.raises(InputRefused, match="is not a zip archive, as a .qdpx is"):
        refi.read(path, now="2026-01-01T00:00:00Z")


def test_zip_bomb_guards(tmp_path, monkeypatch):
    path = tmp_path / "many.qdpx"
    path.write_bytes(zip_bytes({f"sources/{i}.txt": b"x" for i in range(30)}
                               | {"project.qde": project_qde("").encode()}))
    monkeypatch.setattr(refi, "MAX_MEMBERS", 20)
    monkeypatch.setattr("annotator.formats.exchange.refi.refi_zip.MAX_MEMBERS", 20)
    with pytest.raises(InputRefused, match="more than 20 files"):
        refi.read(path, now="2026-01-01T00:00:00Z")
    big = tmp_path / "big.qdpx"  # 50 MB of zeros deflate to 50 KB
    big.write_bytes(zip_bytes({"project.qde": project_qde("").encode(),
                               "sources/zeros.txt": bytes(50 << 20)}))
    monkeypatch.setattr("annotator.formats.exchange.refi.refi_zip.MAX_UNPACKED", 40 << 20)
    with pytest.raises(InputRefused, match="would unpack to more than 40 MB"):
        refi.read(big, now="2026-01-01T00:00:00Z")


def test_a_member_larger_than_it_declares_is_cut_off(tmp_path, monkeypatch):
    path = tmp_path / "x.qdpx"
    text = "The mayor said the budget is fine. " * 100
    path.write_bytes(zip_bytes({"project.qde": project_qde(
        '<TextSource guid="44444444-4444-4444-8444-444444444444" '
        'plainTextPath="internal://t.txt"/>').encode(), "sources/t.txt": text.encode()}))
    monkeypatch.setattr("annotator.formats.exchange.refi.refi_zip._TEXT_LIMIT", 1000)
    with pytest.raises(InputRefused, match="larger than"):
        refi.read(path, now="2026-01-01T00:00:00Z")


@pytest.mark.skipif(not (PEERS / "refi-qda").is_dir(),
                    reason="../shared/peers/refi-qda is not beside this checkout")
def test_real_files(tmp_path):
    # ATLAS.ti 23.2: a codebook without sources; nested codable codes become tags.
    atlas = PEERS / "refi-qda" / "atlas-ti-win-23.2.target-atlas-project.qdpx"
    result, spans, tags, *_ = imported(tmp_path, atlas)
    assert spans == set() and not result.refused
    assert {"Commits", "2022-05-10T02:05:59Z 19e4dce"} <= {t.name for t in tags}
    # NVivo for Mac 12.7, kept here without its sources: refused, naming the missing file.
    nvivo = PEERS / "refi-qda" / "nvivo-mac-12.7.project.qde"
    assert detect(nvivo).name == "refi"
    with Project(tmp_path / "n.sqlite") as project, pytest.raises(InputRefused) as caught:
        project.import_path(nvivo)
    assert "internal://0a47de65-c207-4521-8a66-9a6d9ffa5f8d.txt" in str(caught.value)


def test_command_line_export_and_import(tmp_path):
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        fill(project)
    done = run("--db", "p.sqlite", "export", "--format", "refi", "-o", "out.qdpx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "refi cannot hold 1 annotation's attributes: left out" in done.stderr
    assert zipfile.is_zipfile(tmp_path / "out.qdpx")
    done = run("--db", "q.sqlite", "import", "out.qdpx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Project(tmp_path / "q.sqlite") as project:
        assert sum(len(project.annotations(a.id)) for a in project.articles()) == 6


def test_derived_guids_are_uuid5_and_uuids_are_kept():
    import uuid

    from annotator.formats.exchange.refi.refi_write import _ID_NAMESPACE, derived, guid

    for kind, ident in (("tag", "claim"), ("coding", "é-1"), ("user", "")):
        assert derived(kind, ident) == str(uuid.uuid5(_ID_NAMESPACE, f"{kind}:{ident}"))
    assert guid("annotation", "0f77948d-768a-4665-b7c3-fb9aaa3cdf08") == \
        "0f77948d-768a-4665-b7c3-fb9aaa3cdf08"
    # (an upper-case UUID is derived from too: lowered, ids alike but for case would be one)
    assert guid("annotation", "0F77948D-768A-4665-B7C3-FB9AAA3CDF08") == \
        derived("annotation", "0F77948D-768A-4665-B7C3-FB9AAA3CDF08")
    assert guid("annotation", "a1") == derived("annotation", "a1")
