"""Spans of articles a file only names (a spans table alone, storage/merge/bundle_resolve) land
on the project's article the file means: one with the same id but another text (the file gives
its SHA-256) is not it, and its spans are refused, as every other format refuses them."""

import hashlib

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project

HEADER = ("article_id,annotation_id,tag,start,end,text,note,annotator,created_at,updated_at,"
          "actor_id,actor,attributes,article_title,article_source,article_sha256\r\n")
TIME = "2026-11-22T09:30:00.000Z"


def table(article_id: str, text_of_file: str) -> str:
    sha = hashlib.sha256(text_of_file.encode()).hexdigest()
    return HEADER + (f"{article_id},s1,claim,4,12,minister,,Ana,{TIME},{TIME},,,,A,,{sha}\r\n")


def test_a_spans_table_never_moves_spans_onto_another_text_with_the_same_id(tmp_path):
    path = tmp_path / "spans.csv"
    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(
            "A different story: the minister resigned, no comment.", "B"))
        path.write_text(table(article.id, "The minister said yes. Later he said no."), "utf-8")
        result = project.import_path(path)
        assert result.refused == (
            f"{path}, row 2: refused: annotation 's1': its article 'A' (id '{article.id}') has "
            "the id of an article in this project whose text is different (the file gives the "
            "SHA-256 of another text)",)
        assert project.annotations(article.id) == []
        path.write_text(table(article.id, article.text), "utf-8")  # (its own text: moved, said)
        result = project.import_path(path)
        assert [(a.start, a.end, a.text) for a in project.annotations(article.id)] == [
            (23, 31, "minister")]


def test_a_file_none_of_whose_texts_comes_in_writes_nothing(tmp_path):
    """Its tags, link types and actors alone are not merged either: a csv folder whose spans
    all name articles the project lacks, and a REFI-QDA project of PDF sources alone, replaced a
    new project's claim, quote and actor by their own tags."""
    import zipfile

    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "spans.csv").write_text(table("nope", "another text"), "utf-8")
    (folder / "tags.csv").write_text("tag,color,description\r\nNEWTAG,#ff0000,\r\n", "utf-8")
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           'name="p" origin="x"><CodeBook><Codes><Code guid="11111111-1111-4111-8111-111111111111"'
           ' name="NEWTAG" isCodable="true"/></Codes></CodeBook><Cases><Case guid="22222222-'
           '2222-4222-8222-222222222222" name="Newactor"/></Cases><Sources><PDFSource guid='
           '"33333333-3333-4333-8333-333333333333" name="d.pdf" path="internal://33333333-3333-'
           '4333-8333-333333333333.pdf"/></Sources></Project>')
    with zipfile.ZipFile(tmp_path / "pdfs.qdpx", "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/33333333-3333-4333-8333-333333333333.pdf", b"%PDF-1.4")
    with Project(tmp_path / "p.sqlite") as project:
        for path in (folder, tmp_path / "pdfs.qdpx"):
            result = project.import_path(path)
            assert result.refused and result.report is None and not result.articles
        assert [t.name for t in project.tags()] == ["claim", "quote", "actor"]
        assert project.actors() == []
