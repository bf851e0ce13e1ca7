"""What is PostgreSQL's own: init, upgrades from 0001 by Alembic, refusals (a newer schema, a
database that is not ours, a password in the URL, an unreachable server), COLLATE "C" (the
export's bytes equal a SQLite project's with the same content, in a database whose own collation
is linguistic), a lost connection, and the SQL that differs between the two (quotes found in
articles, dismissed suggestions)."""

from __future__ import annotations

import io
import json
import re

import pytest
from dbrows import rows

from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import ProjectError
from annotator.storage.project import Project
from annotator.storage.schema import HEAD

TEXT = "Zoë said the Bridge closes. zoë denied it. 中文 ends."


def fill(project) -> None:
    """Content whose order differs between code-point and linguistic collations: tag names of
    both cases, ids that sort differently, an undirected link between them."""
    project.add_tag(Tag("Zeta", "#112233", "", None))
    project.add_tag(Tag("alpha", "#445566", "", None))
    article = project.add_article(ParsedArticle(text=TEXT, title="Éclair", source="b"))[0]
    first = project.add_annotation(article.id, 0, 3, "Zeta", annotation_id="a-lower")
    second = project.add_annotation(article.id, 0, 3, "alpha", annotation_id="B-upper")
    project.add_annotation(article.id, 28, 31, "claim", annotation_id="_under")
    project.add_link(first.id, second.id, "same")
    project.add_link(second.id, "_under", "contradicts")


def exported(project) -> bytes:
    out = io.BytesIO()
    project.write_export(out)
    return re.sub(rb'"exported_at": ?"[^"]*"', b'"exported_at":""', out.getvalue())


def test_init_creates_the_schema_at_head_with_c_collation(pg_url):
    with Project(pg_url, create="init") as project:
        assert project.status == "created"
        assert [t.name for t in project.tags()] == ["claim", "quote", "actor"]
        assert [t.name for t in project.link_types()][:2] == ["speaker", "same"]
    assert rows(pg_url, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    collations = rows(pg_url, "SELECT DISTINCT collation_name FROM information_schema.columns "
                              "WHERE table_schema = current_schema() AND data_type IN "
                              "('text', 'character varying') AND table_name <> 'alembic_version'")
    assert collations == [("C",)]
    with Project(pg_url) as again:
        assert again.status == "current"


def test_the_export_bytes_equal_a_sqlite_projects_with_the_same_content(pg_url, tmp_path):
    Project(pg_url, create="init").close()
    with Project(pg_url) as shared, Project(tmp_path / "p.sqlite") as local:
        # The database's own collation is linguistic: 'alpha' < 'Zeta' there, not in "C".
        assert rows(pg_url, "SELECT 'alpha' < 'Zeta'") == [(True,)]
        fill(shared)
        path = tmp_path / "shared.json"
        path.write_bytes(exported(shared))
        local.merge_export_file(path)
        assert exported(local) == exported(shared)
        doc = json.loads(exported(shared))
        tags = [a["tag"] for a in doc["articles"][0]["annotations"]]
        assert tags == ["Zeta", "alpha", "claim"]  # code-point order, as Python's sorted()
        assert [k["type"] for k in doc["links"]] == ["contradicts", "same"]
        assert (doc["links"][1]["from"], doc["links"][1]["to"]) == ("B-upper", "a-lower")


def test_an_empty_database_is_upgraded_from_0001_by_alembic(pg_url):
    from annotator.storage.server.backend_pg import upgrade
    from annotator.storage.target import parse_url

    upgrade(parse_url(pg_url))  # every migration, 0001 to head, on PostgreSQL
    assert rows(pg_url, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    made = set(rows(pg_url, "SELECT table_name, column_name FROM information_schema.columns "
                            "WHERE table_schema = current_schema()"))
    assert made  # and it is the schema init makes:
    from annotator.storage.tables import metadata

    assert {(t.name, c.name) for t in metadata.sorted_tables for c in t.columns} \
        <= made
    assert rows(pg_url, "SELECT DISTINCT collation_name FROM information_schema.columns WHERE "
                        "table_schema = current_schema() AND data_type = 'text'") == [("C",)]
    assert rows(pg_url, "SELECT character_maximum_length, collation_name FROM "  # (0005)
                        "information_schema.columns WHERE table_schema = current_schema() AND "
                        "table_name = 'links' AND column_name = 'to_id'") == [(128, "C")]
    with Project(pg_url) as project:  # a project like any other
        article = project.add_article(ParsedArticle(text=TEXT, title="T"))[0]
        assert project.add_annotation(article.id, 0, 3, "claim").text == "Zoë"


def test_a_database_made_by_a_newer_program_is_refused_untouched(pg_url):
    Project(pg_url, create="init").close()
    with Project(pg_url) as project, project._write() as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Project(pg_url)
    assert rows(pg_url, "SELECT version_num FROM alembic_version") == [("9999_future",)]


def test_a_database_that_is_not_ours_is_refused_by_init_and_open(pg_url):
    from annotator.storage.server.backend_pg import connect
    from annotator.storage.target import parse_url

    conn = connect(parse_url(pg_url))
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    for create in ("init", False):
        with pytest.raises(ProjectError, match="not an annotator project"):
            Project(pg_url, create=create)
    assert rows(pg_url, "SELECT count(*) FROM information_schema.tables WHERE "
                        "table_schema = current_schema()") == [(1,)]


def test_an_empty_database_is_not_made_a_project_by_opening_it(pg_url):
    with pytest.raises(ProjectError, match="empty, not yet a project.*init"):
        Project(pg_url)


@pytest.mark.parametrize("url, message", [
    ("postgresql+psycopg://alice:secret@db.example:5432/news", "password in the URL is refused"),
    ("postgresql+psycopg://alice@db.example:5432/news?password=x", "password in the URL"),
    ("mysql://alice@db.example/news", "not a project file path nor a PostgreSQL URL"),
    ("postgresql+psycopg://alice@db.example:5432/", "names no database"),
])
def test_urls_that_are_refused(url, message):
    with pytest.raises(ProjectError, match=message) as info:
        Project(url)
    assert "secret" not in str(info.value)


def test_no_server_and_no_database_are_one_sentence(pg_server, pg_url):
    missing = pg_url.rsplit("/", 1)[0] + "/no_such_db"
    with pytest.raises(ProjectError, match="there is no database no_such_db on 127.0.0.1"):
        Project(missing)
    closed = re.sub(r":\d+/", ":1/", pg_url)
    with pytest.raises(ProjectError, match="server cannot be reached .* on 127.0.0.1:1"):
        Project(closed)


def test_a_lost_connection_raises_changes_nothing_and_the_next_use_reconnects(pg_server, pg_url):
    Project(pg_url, create="init").close()
    with Project(pg_url) as project:
        article = project.add_article(ParsedArticle(text=TEXT, title="T"))[0]
        pid = project._connection().raw.info.backend_pid
        with pg_server.admin() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(ProjectError, match="connection to the PostgreSQL server was lost"):
            project.add_annotation(article.id, 0, 3, "claim")
        assert project.annotation_count() == 0  # a new connection; nothing was written
        project.add_annotation(article.id, 0, 3, "claim")
        assert project.annotation_count() == 1


def test_quotes_find_their_article_and_dismissed_suggestions_are_kept(db_target, tmp_path):
    """The two places where the SQL differs: instr/strpos, and no json_each."""
    with Project(db_target) as project:
        article = project.add_article(ParsedArticle(text=TEXT, title="T"))[0]
        project.set_suggestions_dismissed([(article.id, 0, 3, "actor"), ("gone", 1, 2, "actor")])
        assert project.dismissed_suggestions() == {(article.id, 0, 3, "actor")}
        from annotator.domain.bundle import AnnotationIn, ArticleIn
        from annotator.storage.merge.bundle_resolve import _by_quotes

        def pointing(*quotes):
            spans = [AnnotationIn("x", "claim", 0, 1, q, "", "w", "t", "t") for q in quotes]
            return ArticleIn("elsewhere", "", None, None, None, None, None, "", "", spans,
                             reference=True, by_quote=True)

        with project._read() as conn:
            assert _by_quotes(conn, pointing("zoë denied", "中文")) == (article.id,)
            assert _by_quotes(conn, pointing("ZOË DENIED")) is None  # case counts, as in instr
