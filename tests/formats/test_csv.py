"""The csv format (DESIGN.md section 10, issue 11): a folder of tables that round-trips a whole
project byte for byte, one spans table, the formula guard, the BOM, and refusals that name the
file and row."""

import csv
import io
import json
import re

import pytest
from cli_run import run
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import InputRefused
from annotator.formats.exchange.csv.csv_format import SPANS, guard, unguard
from annotator.storage.project import Project

TEXT_A = ("=Harbour master Ilse Varga said the pier was sound. 🌉 Varga added that ferries "
          "would run.\n- Second line, a list item.")
TEXT_B = "@Officials doubted the pier was sound,\nand the harbour master did not answer."


def span(project, article_id, text, piece, tag, **kw):
    start = text.index(piece)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def fill(project: Project) -> tuple[str, str]:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "=cmd|' /C calc'!A0", source="+Gazette",
                                             url="https://x.example/a"))
    b, _ = project.add_article(ParsedArticle(TEXT_B, "Second, \"quoted\" title"))
    project.add_tag(Tag("-minus tag", "#123456", "a tag whose name looks like a formula"))
    project.add_link_type("answers", True, "one answers the other")
    varga = project.add_actor("Ilse Varga", ["Varga", "=the master"], "person", "-harbour")
    project.add_actor("Unused Actor")
    quote = span(project, a.id, TEXT_A, "the pier was sound", "quote", note="=SUM(A1)\n'@x",
                 attributes={"quote_form": "indirect", "anonymous": False})
    who = span(project, a.id, TEXT_A, "Ilse Varga", "actor", actor=varga.id)
    span(project, a.id, TEXT_A, "Varga added", "actor", actor=varga.id, note="'=already")
    span(project, a.id, TEXT_A, "🌉 Varga", "-minus tag")
    claim = span(project, b.id, TEXT_B, "the pier was sound,\nand", "claim", note="\tTab")
    project.add_link(quote.id, who.id, "speaker")
    project.add_link(quote.id, claim.id, "contradicts", note="+1")
    project.add_link(claim.id, quote.id, "answers")
    return a.id, b.id


def folder_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def json_export(project) -> bytes:
    out = io.BytesIO()
    project.write_export(out)
    return re.sub(rb'"exported_at": "[^"]*"', b"", out.getvalue())


@pytest.mark.parametrize("bom", [False, True])
def test_folder_round_trip_same_bytes_and_nothing_lost(tmp_path, bom):
    from annotator.formats.registry import by_name

    csv_format = by_name("csv", writing=True)
    with Project(tmp_path / "p.sqlite", annotator="ann") as first:
        fill(first)
        said = []
        report = csv_format.write(first, tmp_path / "one", before=said.append, bom=bom)
        assert said == [report] and not report.lines()  # a folder loses nothing
        assert (report.articles, report.annotations) == (2, 5)
        original = json_export(first)
    written = folder_bytes(tmp_path / "one")
    assert sorted(written) == ["actors.csv", "articles.csv", "link_types.csv", "links.csv",
                               "spans.csv", "tags.csv"]
    assert all(data.startswith(b"\xef\xbb\xbf") == bom for data in written.values())
    with Project(tmp_path / "q.sqlite", annotator="someone else") as second:
        result = second.import_path(tmp_path / "one")
        assert result.format.name == "csv" and not result.refused and not result.said
        assert result.report.summary().startswith("2 articles and 5 annotations added")
        csv_format.write(second, tmp_path / "two", bom=bom)
        assert json_export(second) == original  # articles, spans, links, actors, tags: all
        again = second.import_path(tmp_path / "one")  # idempotent
        assert not again.report.changed
    assert folder_bytes(tmp_path / "two") == written


def test_formula_cells_are_guarded_and_read_back_exactly(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        fill(project)
        project.bundle()
        from annotator.formats.registry import by_name

        by_name("csv").write(project, tmp_path / "out")
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "spans.csv").read_text("utf-8"),
                                       newline="")))
    cells = [c for row in rows for c in row]
    assert "'=SUM(A1)\n'@x" in cells and "''=already" in cells and "'\tTab" in cells
    assert "'-minus tag" in cells and "'=cmd|' /C calc'!A0" in cells and "'+Gazette" in cells
    for cell in cells:  # nothing a spreadsheet would run
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    articles = (tmp_path / "out" / "articles.csv").read_text("utf-8")
    assert "'=Harbour master" in articles and "'@Officials" in articles


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM", "'@SUM"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("'=x", "''=x"), ("''-x", "'''-x"), ("'x", "'x"), ("'", "'"), ("", ""),
    ("a=b", "a=b"), ("'''", "'''"),
])
def test_guard_rule(cell, written):
    assert guard(cell) == written and unguard(written) == cell


@given(st.text(alphabet="'=+-@\t\rab", max_size=8))
def test_guard_is_undone_exactly(cell):
    assert unguard(guard(cell)) == cell
    assert guard(cell)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_spans_table_alone_into_a_project_with_the_same_texts(tmp_path):
    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        from annotator.formats.registry import by_name

        out = io.BytesIO()
        lines = []
        by_name("csv").write(first, out, before=lambda r: lines.extend(r.lines()))
        spans_before = {(a.tag, a.start, a.end, a.note, json.dumps(a.attributes))
                        for art in first.articles() for a in first.annotations(art.id)}
    keep = "left out (a folder of tables keeps everything: name it without .csv)"
    assert lines == [
        f"csv (one spans table) cannot hold 3 links: {keep}",
        f"csv (one spans table) cannot hold 5 link types: {keep}",
        f"csv (one spans table) cannot hold 1 actor's aliases, kind and description: {keep}",
        f"csv (one spans table) cannot hold 4 tags' colours and descriptions: {keep}",
        "csv (one spans table) cannot hold 2 articles' texts and details: left out (the spans "
        "import into a project that has the articles)",
        f"csv (one spans table) cannot hold 1 actor that no span names: {keep}"]
    header = out.getvalue().split(b"\r\n", 1)[0].decode()
    assert header.split(",")[:len(SPANS)] == list(SPANS)
    (tmp_path / "spans.csv").write_bytes(out.getvalue())
    with Project(tmp_path / "q.sqlite") as second:  # other ids, same texts
        second.add_article(ParsedArticle(TEXT_B, "B"))
        second.add_article(ParsedArticle(TEXT_A, "A"))
        result = second.import_path(tmp_path / "spans.csv")
        assert not result.refused
        spans_after = {(a.tag, a.start, a.end, a.note, json.dumps(a.attributes))
                       for art in second.articles() for a in second.annotations(art.id)}
        assert spans_after == spans_before
        assert [a.name for a in second.actors()] == ["Ilse Varga"]


def test_spans_without_article_ids_go_to_the_article_their_row_names(tmp_path):
    """Rows naming no article id: each goes to the article of its own article_sha256 (all went
    to the first row's), else to the one article holding their texts."""
    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        from annotator.formats.registry import by_name

        out = io.BytesIO()
        by_name("csv").write(first, out)
        wanted = sorted((a.tag, a.text) for art in first.articles()
                        for a in first.annotations(art.id))
    (tmp_path / "spans.csv").write_bytes(out.getvalue())

    def no_ids(rows):
        at, sha = rows[0].index("article_id"), rows[0].index("article_sha256")
        for i, row in enumerate(rows[1:]):
            row[at] = ""
            if i % 2:  # (half without the hash either: found by their texts)
                row[sha] = ""

    edit_spans(tmp_path / "spans.csv", no_ids)
    with Project(tmp_path / "q.sqlite") as second:
        second.add_article(ParsedArticle(TEXT_B, "B"))
        second.add_article(ParsedArticle(TEXT_A, "A"))
        result = second.import_path(tmp_path / "spans.csv")
        assert not result.refused, result.refused
        assert sorted((a.tag, a.text) for art in second.articles()
                      for a in second.annotations(art.id)) == wanted


@pytest.mark.parametrize("known", [False, True])
def test_an_actor_named_without_an_id_is_the_actor_of_that_name(tmp_path, known):
    """A spans table made by hand names a span's actor in 'actor' and leaves 'actor_id' empty:
    the span gets the actor of that name (the project's, if it has one), never none."""
    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        from annotator.formats.registry import by_name

        out = io.BytesIO()
        by_name("csv").write(first, out)
    (tmp_path / "spans.csv").write_bytes(out.getvalue())

    def no_actor_ids(rows):
        at = rows[0].index("actor_id")
        for row in rows[1:]:
            row[at] = ""

    edit_spans(tmp_path / "spans.csv", no_actor_ids)
    with Project(tmp_path / "q.sqlite") as second:
        second.add_article(ParsedArticle(TEXT_A, "A"))
        second.add_article(ParsedArticle(TEXT_B, "B"))
        mine = second.add_actor("ilse varga", ["the harbour master"]) if known else None
        result = second.import_path(tmp_path / "spans.csv")
        assert not result.refused, result.refused
        actors = {x.id: x.name for x in second.actors()}
        named = sorted((a.text, actors[a.actor]) for art in second.articles()
                       for a in second.annotations(art.id) if a.actor)
        assert named == [("Ilse Varga", "ilse varga" if known else "Ilse Varga"),
                         ("Varga added", "ilse varga" if known else "Ilse Varga")]
        assert len(actors) == 1 and (mine is None or mine.id in actors)


def edit_spans(path, change):
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def test_a_moved_span_is_re_anchored_or_refused_naming_file_and_row(tmp_path):
    from annotator.formats.registry import by_name

    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        by_name("csv").write(first, tmp_path / "out")
    spans = tmp_path / "out" / "spans.csv"

    def shift(rows):
        column = rows[0].index("start")
        for row in rows[1:]:
            if row[rows[0].index("text")] in ("Ilse Varga", "Varga added"):
                row[column] = str(int(row[column]) + 1)
                row[column + 1] = str(int(row[column + 1]) + 1)
        rows.append(list(rows[1]))  # a copy whose text occurs twice, at a wrong place
        rows[-1][rows[0].index("annotation_id")] = "extra"
        rows[-1][rows[0].index("text")] = "Varga"
        rows[-1][rows[0].index("note")] = ""
    edit_spans(spans, shift)
    with Project(tmp_path / "q.sqlite") as second:
        result = second.import_path(tmp_path / "out")
        assert len(result.said) == 2 and all(" moved from " in s for s in result.said)
        assert result.said[0].startswith(f"{spans}, row ")
        assert len(result.refused) == 1
        assert re.fullmatch(rf"{re.escape(str(spans))}, row 7: refused: annotation 'extra': its "
                            r"text 'Varga' is not at \d+-\d+ and occurs more than once in "
                            rf"its article {re.escape(repr(result.articles[0][1]))}",
                            result.refused[0])
        texts = sorted(a.text for art in second.articles() for a in second.annotations(art.id))
        assert texts == sorted(["the pier was sound", "Ilse Varga", "Varga added", "🌉 Varga",
                                "the pier was sound,\nand"])
        assert len(second.links()) == 3


def test_a_refused_span_takes_its_links_with_it(tmp_path):
    from annotator.formats.registry import by_name

    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        by_name("csv").write(first, tmp_path / "out")

    def lose(rows):
        for row in rows[1:]:
            if row[rows[0].index("text")] == "Ilse Varga":
                row[rows[0].index("text")] = "Nobody Here"
    edit_spans(tmp_path / "out" / "spans.csv", lose)
    with Project(tmp_path / "q.sqlite") as second:
        result = second.import_path(tmp_path / "out")
        assert len(result.refused) == 2
        assert "does not occur in" in result.refused[0]
        assert re.match(rf"{re.escape(str(tmp_path / 'out' / 'links.csv'))}, row \d: refused: "
                        r"link '[^']+': its end '[^']+' was refused", result.refused[1])
        assert sorted(k.type for k in second.links()) == ["answers", "contradicts"]


@pytest.mark.parametrize("column, value, message", [
    ("start", "abc", r"row 3: 'start' should be a whole number"),
    ("tag", "", r"row 3: 'tag' is empty"),
    ("attributes", "{not json", r"row 3: 'attributes' is not JSON"),
    ("created_at", "yesterday", r"row 3: 'created_at' is not a date and time"),
])
def test_a_malformed_row_refuses_the_file_naming_it(tmp_path, column, value, message):
    from annotator.formats.registry import by_name

    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        by_name("csv").write(first, tmp_path / "out")

    def spoil(rows):
        rows[2][rows[0].index(column)] = value
    edit_spans(tmp_path / "out" / "spans.csv", spoil)
    with Project(tmp_path / "q.sqlite") as second:
        with pytest.raises(InputRefused, match=message) as info:
            second.import_path(tmp_path / "out")
        assert str(tmp_path / "out" / "spans.csv") in str(info.value)
        assert second.articles() == []  # nothing written


def test_not_utf8_and_bad_header_are_refused(tmp_path):
    from annotator.formats.exchange.csv.csv_read import read_csv

    bad = tmp_path / "bad.csv"
    bad.write_bytes("article_id,tag,start,end,text\r\na,caf\xe9,0,1,x\r\n".encode("cp1252"))
    with pytest.raises(InputRefused, match="is not UTF-8"):
        read_csv(bad, "2026-01-01T00:00:00Z")
    bad.write_text("article_id,tag,start\r\n", "utf-8")
    with pytest.raises(InputRefused, match="header row lacks end, text"):
        read_csv(bad, "2026-01-01T00:00:00Z")
    bad.write_text("article_id,tag,start,end,text\r\na,b,0\r\n", "utf-8")
    with pytest.raises(InputRefused, match="row 2 has 3 cells, the header 5"):
        read_csv(bad, "2026-01-01T00:00:00Z")


def test_cli_csv_export_import_and_detection(tmp_path):
    db, other = str(tmp_path / "p.sqlite"), str(tmp_path / "q.sqlite")
    with Project(tmp_path / "p.sqlite") as project:
        fill(project)
    done = run("--db", db, "export", "--format", "csv", "-o", "tables", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "annotator: exported 2 articles and 5 annotations to tables\n"
    done = run("--db", db, "export", "--format", "csv", "--bom", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("\ufeffarticle_id,annotation_id,")
    assert done.stderr.count("cannot hold") == 6
    done = run("--db", db, "export", "--format", "json", "--bom", cwd=tmp_path)
    assert done.returncode == 2 and "--bom is for --format csv" in done.stderr
    done = run("--db", other, "import", "tables", cwd=tmp_path)  # a folder: detected
    assert done.returncode == 0, done.stderr
    assert "tables: merged: 2 articles and 5 annotations added" in done.stderr
    again = run("--db", other, "export", "--format", "csv", "-o", "again", cwd=tmp_path)
    assert again.returncode == 0
    for name in ("articles", "spans", "links", "actors", "tags", "link_types"):
        assert (tmp_path / "again" / f"{name}.csv").read_bytes() == \
            (tmp_path / "tables" / f"{name}.csv").read_bytes()
    (tmp_path / "spans.data").write_bytes((tmp_path / "tables" / "spans.csv").read_bytes())
    done = run("--db", other, "import", "spans.data", cwd=tmp_path)  # by its header
    assert done.returncode == 0
    assert "spans.data: merged: 0 annotations added, 0 updated, 5 already there" in done.stderr
    (tmp_path / "tables" / "spans.csv").write_text(
        "article_id,annotation_id,tag,start,end,text\r\nnowhere,x,claim,0,4,Word\r\n", "utf-8")
    done = run("--db", other, "import", "--format", "csv", "tables/spans.csv", cwd=tmp_path)
    assert done.returncode == 1
    assert "annotator: tables/spans.csv, row 2: refused: annotation 'x': its article " \
        "'nowhere' is not in this project" in done.stderr


def test_attributes_and_aliases_are_json(tmp_path):
    from annotator.formats.registry import by_name

    with Project(tmp_path / "p.sqlite") as first:
        fill(first)
        by_name("csv").write(first, tmp_path / "out")
    actors = list(csv.DictReader(io.StringIO((tmp_path / "out" / "actors.csv").read_text("utf-8"),
                                             newline="")))
    assert json.loads(actors[0]["aliases"]) == ["=the master", "Varga"]
    assert actors[0]["description"] == "'-harbour"


def test_refusals_name_articles_by_their_titles(tmp_path):
    header = ("article_id,annotation_id,tag,start,end,text,note,annotator,created_at,updated_at,"
              "actor_id,actor,attributes,article_title,article_source,article_sha256\r\n")
    path = tmp_path / "spans.csv"
    path.write_text(header + "elsewhere,s1,claim,0,4,Ferr,,,,,,,,Harbour news,,\r\n"
                    ",s2,claim,0,4,pier,,,,,,,,,,\r\n", "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        project.add_article(ParsedArticle("The pier, the pier, the pier.", "Pier report"))
        result = project.import_path(path)
    assert sorted(result.refused) == [
        f"{path}, row 2: refused: annotation 's1': its article 'Harbour news' (id 'elsewhere') "
        "is not in this project (and the file does not carry its text)",
        f"{path}, row 3: refused: annotation 's2': its text 'pier' is not at 0-4 and occurs "
        "more than once in the project's 'Pier report'"]


def test_an_actor_named_with_and_without_its_id_is_one_actor(tmp_path):
    header = ("article_id,annotation_id,tag,start,end,text,note,annotator,created_at,updated_at,"
              "actor_id,actor,attributes,article_title,article_source,article_sha256\r\n")
    text = "Ana Ruiz spoke. Then Ana Ruiz left. Ana Ruiz came back."
    rows = [f",s{i},actor,{text.index('Ana Ruiz', at)},{text.index('Ana Ruiz', at) + 8},"
            f"Ana Ruiz,,,,,{ident},{name},,,,\r\n"
            for i, (at, ident, name) in enumerate([(0, "", "ana ruiz "), (10, "act-1", "Ana Ruiz"),
                                                  (30, "", "Ana Ruiz")])]
    (tmp_path / "spans.csv").write_text(header + "".join(rows), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(text, "Ruiz"))
        result = project.import_path(tmp_path / "spans.csv")
        assert not result.refused, result.refused
        assert [a.name for a in project.actors()] == ["Ana Ruiz"]
        assert {a.actor for a in project.annotations(article.id)} == {project.actors()[0].id}
