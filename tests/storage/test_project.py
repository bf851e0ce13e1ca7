"""The Project's use cases, on a SQLite file and on a PostgreSQL database (``db_target``); the
file-only details (pragmas, a deferred foreign key) are checked on SQLite alone."""

import pytest
from dbrows import is_pg, rows

from annotator.storage.schema import HEAD
from annotator.domain.model import ParsedArticle
from annotator.errors import NotFound, SpanError
from annotator.storage.project import Project

TEXT = "The mayor 👩‍⚖️ Zoë said: “Bridges close.” 中文 ends"


@pytest.fixture
def article(project):
    return project.add_article(ParsedArticle(text=TEXT, title="Bridge", source="Gull"))[0]


@pytest.fixture
def project_path(db_target):
    return db_target


def test_new_project_has_default_tags_and_pragmas(project, project_path):
    assert [t.name for t in project.tags()] == ["claim", "quote", "actor"]
    assert [t.shortcut for t in project.tags()] == ["1", "2", "3"]
    assert project.status == ("current" if is_pg(project_path) else "created")  # init made it
    if not is_pg(project_path):
        check_pragmas(project)
    assert rows(project_path, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def check_pragmas(project):
    with project._write() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_add_annotation_stores_the_code_point_slice(project, project_path, article):
    start = TEXT.index("Zoë")
    added = project.add_annotation(article.id, start, start + 3, "actor", note="mayor")
    assert (added.text, added.tag, added.note, added.annotator) == ("Zoë", "actor", "mayor", "tester")
    assert rows(project_path, "SELECT start, \"end\", text FROM annotations") == [(start, start + 3, "Zoë")]
    assert project.annotations(article.id) == [added]


def test_span_outside_the_text_is_refused_and_nothing_written(project, project_path, article):
    for start, end in [(0, len(TEXT) + 1), (5, 5), (-1, 3)]:
        with pytest.raises(SpanError):
            project.add_annotation(article.id, start, end, "claim")
    with pytest.raises(NotFound, match="no tag 'frame'"):
        project.add_annotation(article.id, 0, 3, "frame")
    with pytest.raises(NotFound):
        project.add_annotation("no-such-article", 0, 3, "claim")
    assert rows(project_path, "SELECT count(*) FROM annotations") == [(0,)]


def test_retag_note_extent_delete_restore(project, article):
    a = project.add_annotation(article.id, 0, 3, "claim")
    assert project.retag(a.id, "quote").tag == "quote"
    assert project.set_note(a.id, "check this").note == "check this"
    moved = project.set_extent(a.id, 4, 9)
    assert (moved.start, moved.end, moved.text) == (4, 9, "mayor")
    with pytest.raises(SpanError):
        project.set_extent(a.id, 9, 4)
    assert project.annotation(a.id) == moved  # refused change left it as it was
    gone = project.delete_annotation(a.id)
    assert project.annotations(article.id) == []
    back = project.restore_annotation(gone)
    assert back == gone  # same id, times, author (and version)


def test_same_text_is_not_imported_twice(project):
    first, created = project.add_article(ParsedArticle(text=TEXT, title="One"))
    again, created_again = project.add_article(ParsedArticle(text=TEXT, title="Two"))
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert [a.title for a in project.articles()] == ["One"]


def test_articles_in_import_order_with_counts(project):
    ids = [project.add_article(ParsedArticle(text=f"text {i}", title=f"T{i}"))[0].id for i in range(3)]
    project.add_annotation(ids[1], 0, 4, "claim")
    project.add_annotation(ids[1], 5, 6, "actor")
    summary = project.articles()
    assert [a.id for a in summary] == ids
    assert [a.annotation_count for a in summary] == [0, 2, 0]


def test_reopen_keeps_everything(project_path):
    with Project(project_path) as p:
        art = p.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
        added = p.add_annotation(art.id, 0, 3, "claim")
    with Project(project_path) as p:
        assert p.status == "current"
        assert p.annotations(art.id) == [added]


def test_deleting_an_article_row_cascades(project, project_path, article):
    project.add_annotation(article.id, 0, 3, "claim")
    with project._write() as conn:
        conn.execute("DELETE FROM articles")
    assert rows(project_path, "SELECT count(*) FROM annotations") == [(0,)]


@pytest.mark.parametrize("text, reason", [("cafe\u0301", "NFC"), ("a\r\nb", "CR"), ("  ", "no text")])
def test_add_article_refuses_text_that_is_not_canonical(project, text, reason):
    from annotator.errors import InputRefused

    with pytest.raises(InputRefused, match=reason):
        project.add_article(ParsedArticle(text=text, title="x"))
    assert project.articles() == []


def test_a_failed_commit_leaves_the_connection_usable(tmp_path):
    """A COMMIT that fails (here: deferred foreign keys violated at commit) is rolled back, and
    the next transaction starts cleanly."""
    import sqlite3

    import pytest

    from annotator.domain.model import ParsedArticle
    from annotator.storage.project import Project

    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(text="A short text.\n", title="T"))
        with pytest.raises(sqlite3.IntegrityError), project._write() as conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.execute("DELETE FROM tags")  # annotations may point at them: checked at COMMIT
            conn.execute("INSERT INTO annotations VALUES ('x', ?, 999, 0, 1, 'A', '', 1, 't', 't', NULL, NULL, 1)",
                         (article.id,))
        assert not project._connection().in_transaction
        project.add_annotation(article.id, 0, 1, "claim")
        assert project.annotation_count() == 1


def test_worker_threads_give_back_their_connections(tmp_path):
    import threading

    from annotator.storage.project import Project

    with Project(tmp_path / "p.sqlite") as project:
        project.tags()

        def work():
            project.tags()
            project.release_thread_connection()

        for _ in range(50):
            thread = threading.Thread(target=work)
            thread.start()
            thread.join()
        assert len(project._connections) == 1  # the main thread's only
