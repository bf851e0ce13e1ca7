"""The csv tables as people keep them: a spans table among a folder of articles (the folder is
its files, the table one of them), and a folder of the spans and links tables without the
others (the links' types and the spans' actors named by their rows, as a spans table alone
names its actors)."""

import hashlib

from annotator.domain.model import ParsedArticle
from annotator.formats.registry import detect
from annotator.storage.project import Project

TEXTS = ("Mayor Ana Ruiz said the bridge stays shut.\n", "The council chair Bo Li disagreed.\n")
TIME = "2026-11-20T10:00:00.000Z"
SPANS = ("article_id,annotation_id,tag,start,end,text,note,annotator,created_at,updated_at,"
         "actor_id,actor,attributes,article_title,article_source,article_sha256\r\n")
LINKS = ("link_id,type,from_id,to_id,from_article,to_article,note,annotator,created_at,"
         "updated_at\r\n")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def spans_table() -> str:
    rows = [("s1", "actor", 6, 14, "Ana Ruiz", "a-ruiz", "Ana Ruiz", 0),
            ("s2", "claim", 15, 41, "said the bridge stays shut", "", "", 0),
            ("s3", "actor", 18, 23, "Bo Li", "", "Bo Li", 1)]
    return SPANS + "".join(
        f",{ident},{tag},{start},{end},{text},,Ana,{TIME},{TIME},{actor_id},{actor},,T,,"
        f"{sha(TEXTS[n])}\r\n" for ident, tag, start, end, text, actor_id, actor, n in rows)


def tables(tmp_path, types: tuple[str, str]):
    """A folder of the spans table and a links table alone: s2 to s3 and s1 to s3, of these
    types (as CSV cells)."""
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "spans.csv").write_text(spans_table(), "utf-8")
    (folder / "links.csv").write_text(
        LINKS + f"l1,{types[0]},s2,s3,,,,Ana,{TIME},{TIME}\r\n"
        f"l2,{types[1]},s1,s3,,,,Ana,{TIME},{TIME}\r\n", "utf-8")
    return folder


def import_into_texts(project, folder):
    for n, text in enumerate(TEXTS):
        project.add_article(ParsedArticle(text, f"T{n}"))
    return project.import_path(folder)


def test_a_spans_table_among_articles_is_one_of_the_folders_files(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for n, text in enumerate(TEXTS):
        (folder / f"report{n}.txt").write_text(text, "utf-8")
    (folder / "spans.csv").write_text(spans_table(), "utf-8")
    assert detect(folder) is None  # (no format's folder: imported file by file)
    with Project(tmp_path / "p.sqlite") as project:
        from annotator.cli.imports import import_files

        done = import_files(project, [str(folder)], None)
        assert not done.refused and not done.left_out
        assert sorted(a.name for a in project.actors()) == ["Ana Ruiz", "Bo Li"]
        assert sum(len(project.annotations(i)) for i in done.ids[:2]) == 3


def test_a_folder_of_spans_and_links_alone_names_their_types_and_actors(tmp_path):
    folder = tables(tmp_path, ("contradicts", "echoes"))
    assert detect(folder).name == "csv"
    with Project(tmp_path / "p.sqlite") as project:
        result = import_into_texts(project, folder)
        assert not result.refused
        assert {(t.name, t.directed) for t in project.link_types()} >= {
            ("contradicts", False), ("echoes", True)}
        assert sorted((link.type, link.from_id, link.to_id) for link in project.links()) == [
            ("contradicts", "s2", "s3"), ("echoes", "s1", "s3")]
        assert sorted(a.name for a in project.actors()) == ["Ana Ruiz", "Bo Li"]


def test_the_files_a_csv_or_label_studio_folder_does_not_read_are_named(tmp_path):
    from annotator.formats.registry import by_name

    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(TEXTS[0], "T0"))
        project.add_annotation(article.id, 6, 14, "actor")
        for name, how in (("csv", "a csv folder is read as its tables"),
                          ("labelstudio", "a Label Studio folder is read as its tasks.json and "
                                          "config.xml")):
            folder = tmp_path / name
            by_name(name, writing=True).write(project, folder)
            (folder / "notes.txt").write_text("mine", "utf-8")
            (folder / ".hidden").write_text("passed over", "utf-8")
            result = project.import_path(folder)
            assert f"{folder}: notes.txt left out: {how} (import it by name)" in result.said


def test_a_table_separated_by_semicolons_is_refused_for_that(tmp_path):
    import pytest

    from annotator.errors import InputRefused

    path = tmp_path / "spans.csv"
    for sep in (";", "\t"):
        path.write_text(spans_table().replace(",", sep), "utf-8")
        with Project(tmp_path / "p.sqlite") as project, pytest.raises(
                InputRefused, match=r"its cells are separated by (semicolons \(as a "
                                    r"spreadsheet in some languages saves CSV\)|tabs), not "
                                    "commas"):
            project.import_path(path)


def test_a_links_type_that_cannot_be_a_link_types_name_refuses_that_link_alone(tmp_path):
    folder = tables(tmp_path, ('"  \x01 "', '" echoes  back "'))
    with Project(tmp_path / "p.sqlite") as project:
        result = import_into_texts(project, folder)
        assert result.refused == (f"{folder / 'links.csv'}, row 2: refused: link 'l1': its type "
                                  "must be 1 to 200 characters without control characters, not "
                                  "'  \\x01 '",)
        assert [(k.id, k.type) for k in project.links()] == [("l2", "echoes back")]
        assert "echoes back" in [t.name for t in project.link_types()]
