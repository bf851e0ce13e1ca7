"""Two writers at the same moment on one PostgreSQL project, on real concurrent connections (one
transaction held open in this thread while another Project writes from a second thread). Skipped,
saying why, without a PostgreSQL server (tests/support/pg.py); SQLite's writers are one at a
time (BEGIN IMMEDIATE), so these races cannot happen there.

- the same span changed by both: the second waits for the first's commit, then is refused with a
  Conflict (never an overwrite);
- articles added by both at once get distinct import positions (next_seq under a lock);
- a new annotator name made by both at once is one row (INSERT ... ON CONFLICT DO NOTHING);
- the same link made by both at once: one is refused in a sentence;
- change-log rows become visible in the order of their numbers (a reader never skips one);
- a merge updating a span someone is changing at that moment is refused whole, not overwriting.
"""

from __future__ import annotations

import threading
import time

import pytest

from annotator.domain.model import Change, ParsedArticle
from annotator.errors import Conflict, InputRefused
from annotator.storage.writes import change_log, edits
from annotator.storage.writes.comparison import add_link
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe. Police closed it anyway."
HOLD = 0.6  # seconds the first transaction stays open while the second writer tries


@pytest.fixture
def pg(pg_url):
    Project(pg_url, create="init").close()
    alice = Project(pg_url, annotator="alice")
    bob = Project(pg_url, annotator="bob")
    article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
    yield alice, bob, article
    alice.close()
    bob.close()


def in_thread(fn):
    """Run fn in a thread; returns (thread, box) where box gets 'result' or 'error' and 'at'."""
    box: dict = {}

    def run():
        try:
            box["result"] = fn()
        except Exception as exc:  # handed to the test
            box["error"] = exc
        box["at"] = time.monotonic()
    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


def holding(project: Project, write):
    """Run ``write(conn)`` in an open write transaction of ``project``, then hold it HOLD s
    while the caller's second writer starts; returns (the time of the commit, write's value)."""
    class Held:
        def __enter__(self):
            self.context = project._write()
            conn = self.context.__enter__()
            self.value = write(conn)
            return self

        def __exit__(self, *exc):
            time.sleep(HOLD)
            self.committed = time.monotonic()
            return self.context.__exit__(*exc)
    return Held()


def test_the_same_span_changed_at_once_waits_then_is_refused(pg):
    alice, bob, article = pg
    span = alice.add_annotation(article.id, 0, 12, "actor")
    with holding(alice, lambda conn: edits.change_annotation(
            conn, alice._texts, span.id, tag="quote", version=1)) as held:
        thread, box = in_thread(lambda: bob.retag(span.id, "claim", version=1))
    thread.join(10)
    assert isinstance(box.get("error"), Conflict), box
    assert box["at"] >= held.committed  # it waited for alice's commit
    assert box["error"].current.tag == "quote"
    assert alice.annotation(span.id)[2:3] == ("quote",) and alice.annotation(span.id).version == 2


def test_a_delete_at_once_with_a_change_does_not_lose_the_change_silently(pg):
    alice, bob, article = pg
    span = alice.add_annotation(article.id, 0, 12, "actor")
    with holding(alice, lambda conn: edits.change_annotation(conn, alice._texts, span.id,
                                                             note="mine", version=1)):
        thread, box = in_thread(lambda: bob.delete_annotations_and_links([span.id],
                                                                         {span.id: 1}))
    thread.join(10)
    assert isinstance(box.get("error"), Conflict)
    assert alice.annotation(span.id).note == "mine"


def test_articles_added_at_once_get_distinct_positions(pg):
    alice, bob, _article = pg
    with holding(alice, lambda conn: edits.add_article(
            conn, ParsedArticle(text="First of two at once.", title="A"))):
        thread, box = in_thread(lambda: bob.add_article(
            ParsedArticle(text="Second of two at once.", title="B")))
    thread.join(10)
    assert box.get("result") is not None, box
    seqs = [row[0] for row in alice._connection().execute("SELECT seq FROM articles")]
    alice._connection().rollback()
    assert sorted(seqs) == [1, 2, 3]
    assert [a.title for a in bob.articles()] == ["Bridge", "A", "B"]


def test_many_writers_adding_articles_never_collide(pg):
    alice, bob, _article = pg

    def add(project, who):
        for i in range(15):
            project.add_article(ParsedArticle(text=f"{who} wrote article {i}.", title=f"{who}{i}"))
    threads = [in_thread(lambda p=p, w=w: add(p, w)) for p, w in ((alice, "a"), (bob, "b"))]
    for thread, box in threads:
        thread.join(60)
        assert "error" not in box, box
    assert len(alice.articles()) == 31


def test_a_new_annotator_made_at_once_is_one_row(pg_url, pg):
    alice, _bob, article = pg
    carol1 = Project(pg_url, annotator="carol")
    carol2 = Project(pg_url, annotator="carol")
    try:
        with holding(carol1, lambda conn: edits.annotator_id(conn, "carol")):
            thread, box = in_thread(lambda: carol2.add_annotation(article.id, 0, 5, "claim"))
        thread.join(10)
        assert "error" not in box, box
        ids = alice._connection().execute(
            "SELECT count(*) FROM annotators WHERE name = ?", ("carol",)).fetchone()[0]
        alice._connection().rollback()
        assert ids == 1
        assert alice.annotation(box["result"].id).annotator == "carol"
    finally:
        carol1.close()
        carol2.close()


def test_the_same_link_made_at_once_is_refused_once(pg):
    alice, bob, article = pg
    a = alice.add_annotation(article.id, 0, 12, "actor")
    b = alice.add_annotation(article.id, 39, 45, "actor")
    with holding(alice, lambda conn: add_link(conn, a.id, b.id, "same", "", "alice")):
        thread, box = in_thread(lambda: bob.add_link(a.id, b.id, "same"))
    thread.join(10)
    assert isinstance(box.get("error"), InputRefused) and "already linked" in str(box["error"])
    assert len(alice.links()) == 1


def test_log_rows_become_visible_in_the_order_of_their_numbers(pg):
    """The first writer logs (number n) and holds its transaction; the second must not commit
    n+1 before n is visible, or a reader polling in between would skip n for ever."""
    alice, bob, article = pg
    span = alice.add_annotation(article.id, 0, 12, "actor")
    start = bob.newest_change()
    with holding(alice, lambda conn: change_log.record(conn, "alice",
                                                        Change(upserted=(span,)))) as held:
        thread, box = in_thread(lambda: bob.add_annotation(article.id, 13, 18, "claim"))
        time.sleep(HOLD / 2)
        # While alice holds her row, nobody can see a row after it.
        assert bob.changes_since(start)[0] == start
    thread.join(10)
    assert box["at"] >= held.committed
    seq, change = alice.changes_since(start)
    assert seq == start + 2  # both rows read (alice's was logged by hand: not marked hers)
    assert sorted(a.tag for a in change.upserted) == ["actor", "claim"]


def test_a_merge_racing_a_change_is_refused_not_overwriting_it(pg, tmp_path):
    import json

    alice, bob, article = pg
    span = alice.add_annotation(article.id, 0, 12, "actor")
    out = tmp_path / "export.json"
    with out.open("wb") as f:
        alice.write_export(f)
    data = json.loads(out.read_text())
    data["articles"][0]["annotations"][0].update(tag="quote",
                                                 updated_at="2999-01-01T00:00:00.000Z")
    out.write_text(json.dumps(data))
    with holding(alice, lambda conn: edits.change_annotation(conn, alice._texts, span.id,
                                                             note="mine", version=1)):
        thread, box = in_thread(lambda: bob.merge_export_file(out))
    thread.join(10)
    assert isinstance(box.get("error"), InputRefused), box
    now = alice.annotation(span.id)
    assert (now.tag, now.note, now.version) == ("actor", "mine", 2)
