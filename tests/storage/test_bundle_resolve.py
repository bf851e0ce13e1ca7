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
