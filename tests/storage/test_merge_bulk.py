"""A merge into a project without annotations inserts them in bulk (storage.merge.bulk: on SQLite the
annotations' indexes are dropped and made again after the rows, in the same transaction). The
indexes are there afterwards, a refusal or a crash midway leaves them (and everything else) as
it was, and the result is the same as one at a time."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from annotator.domain.bundle import AnnotationIn, ArticleIn, Bundle
from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.storage.project import Project

TEXT = "The mayor said the bridge would close. 👩‍👩‍👧 Residents disagreed loudly.\n" * 20
TIME = "2026-03-01T10:00:00+00:00"


def article(ident: str, text: str, n: int) -> ArticleIn:
    spans = [AnnotationIn(f"{ident}-{i:05d}", "claim", i % 50, i % 50 + 5,
                          text[i % 50:i % 50 + 5], "", "ann", TIME, TIME) for i in range(n)]
    return ArticleIn(ident, f"Title {ident}", None, None, None, None, TIME, text,
                     hashlib.sha256(text.encode()).hexdigest(), spans)


def indexes(path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                  "AND tbl_name = 'annotations'").fetchall())
    finally:
        con.close()


def test_bulk_merge_keeps_the_indexes_and_every_row(db_target):
    project = Project(db_target)
    before = indexes(db_target) if not isinstance(db_target, str) else None
    report = project.merge_bundle(Bundle([], [article("a", TEXT, 300), article("b", TEXT + "x", 2)]),
                                  "file.json")
    assert report.added == 302
    rows = project.annotations("a")
    assert len(rows) == 300 and all(TEXT[r.start:r.end] == r.text for r in rows)
    if before is not None:
        assert indexes(db_target) == before and len(before) >= 4
        con = sqlite3.connect(db_target)
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA cache_size").fetchone()[0] == -2000  # (a new connection)
        con.close()
    again = project.merge_bundle(Bundle([], [article("a", TEXT, 300)]), "file.json")
    assert (again.added, again.unchanged, again.changed) == (0, 300, False)
    project.close()


def test_bulk_rows_with_and_without_notes_actors_and_attributes_keep_order_and_values(db_target):
    """Runs of plain spans are inserted with the constant columns in the statement: spans with a
    note, an actor or attributes between them keep theirs, and every span keeps its place."""
    from annotator.domain.model import Actor

    spans = article("a", TEXT, 12).annotations
    for i in (0, 3, 4, 11):
        spans[i].note = f"note {i}"
    spans[5].actor = "actor-1"
    spans[7].attributes = {"quote_form": "direct"}
    bundle = Bundle([], [article("a", TEXT, 0)], actors=[Actor("actor-1", "The Mayor", [], None, "")])
    bundle.articles[0].annotations = spans
    project = Project(db_target)
    assert project.merge_bundle(bundle, "file.json").added == 12
    rows = {r.id: r for r in project.annotations("a")}
    assert [(rows[a.id].note, rows[a.id].actor, rows[a.id].attributes, rows[a.id].start)
            for a in spans] == [(a.note, a.actor, a.attributes or {}, a.start) for a in spans]
    project.close()
    if not isinstance(db_target, str):  # (SQLite: the rows in the file's order)
        con = sqlite3.connect(db_target)
        assert [r[0] for r in con.execute("SELECT id FROM annotations ORDER BY rowid")] == [
            a.id for a in spans]
        con.close()


def test_a_refusal_after_the_rows_leaves_the_indexes(tmp_path):
    path = tmp_path / "p.sqlite"
    project = Project(path)
    taken = project.add_article(ParsedArticle(text="Another text entirely.", title="T"))[0]
    before = indexes(path)
    clash = article(taken.id, "Not the same text.", 1)  # the id of another text: refused
    with pytest.raises(InputRefused):
        project.merge_bundle(Bundle([], [article("a", TEXT, 200), clash]), "file.json")
    assert indexes(path) == before
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM annotations").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()
    project.close()


WORKER = textwrap.dedent("""
    import sys, time
    from annotator.storage.merge import merge
    from annotator.storage.project import Project
    sys.path.insert(0, sys.argv[2])
    from test_merge_bulk import Bundle, TEXT, article

    original = merge._merge_articles
    def slow(*args):
        original(*args)  # the rows are in, the indexes not made yet
        made = args[0].execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                               "AND tbl_name = 'annotations' AND sql IS NOT NULL").fetchone()[0]
        print("inserted", made, flush=True)
        time.sleep(60)
    merge._merge_articles = slow
    Project(sys.argv[1]).merge_bundle(Bundle([], [article("a", TEXT, 2000)]), "file.json")
""")


def test_a_kill_midway_leaves_a_whole_file_with_its_indexes(tmp_path):
    path = tmp_path / "p.sqlite"
    Project(path).close()
    before = indexes(path)
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(path), os.path.dirname(__file__)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"inserted 0\n", proc.stderr.read()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("SELECT count(*) FROM annotations").fetchone() == (0,)
    finally:
        con.close()
    assert indexes(path) == before
    project = Project(path)  # opens, and takes the same merge whole
    assert project.merge_bundle(Bundle([], [article("a", TEXT, 2000)]), "file.json").added == 2000
    project.close()
    assert indexes(path) == before


def test_the_collector_runs_again_after_an_import_or_a_refused_one(tmp_path):
    import gc

    good, bad = tmp_path / "spans.jsonl", tmp_path / "bad.jsonl"
    good.write_text('{"text": "Some text here.", "label": [[0, 4, "claim"]]}\n', encoding="utf-8")
    bad.write_text('{"no": "text"}\n', encoding="utf-8")
    project = Project(tmp_path / "p.sqlite")
    assert gc.isenabled()
    assert project.import_path(good, format="doccano").report.added == 1
    assert gc.isenabled()
    with pytest.raises(InputRefused):
        project.import_path(bad, format="doccano")
    assert gc.isenabled()
    gc.disable()  # (a caller that paused it finds it paused still)
    try:
        project.import_path(good, format="doccano")
        assert not gc.isenabled()
    finally:
        gc.enable()
    project.close()
