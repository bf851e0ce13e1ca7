"""Two adjudicators deciding the same place at once on one PostgreSQL project, on real concurrent
connections (carol's decision held uncommitted in this thread while dave decides from a second
thread): dave waits for carol's commit, then is refused in a sentence; one decision and one gold
span are stored, never two. Skipped, saying why, without a PostgreSQL server (tests/support/pg.py);
SQLite's writers are one at a time."""

from __future__ import annotations

import threading
import time

import pytest
from dbrows import rows

from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge will close. Police disagreed. The river rose."
HOLD = 0.6


@pytest.fixture
def team(pg_url):
    Project(pg_url, create="init").close()
    with Project(pg_url, annotator="alice") as alice, Project(pg_url, annotator="bob") as bob, \
            Project(pg_url, annotator="carol") as carol, \
            Project(pg_url, annotator="dave") as dave:
        article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
        a = alice.add_annotation(article.id, 14, 40, "claim")
        b = bob.add_annotation(article.id, 19, 40, "claim")
        yield pg_url, carol, dave, a, b


def racing(carol, dave, carol_decides, dave_decides):
    """carol decides inside a transaction held HOLD s while dave decides in a thread; returns
    (dave's box, the time carol committed)."""
    box: dict = {}

    def run():
        try:
            box["result"] = dave_decides()
        except Exception as exc:  # handed to the test
            box["error"] = exc
        box["at"] = time.monotonic()

    context = carol._write()
    context.__enter__()
    carol_decides()  # (inside the open transaction: the same connection)
    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(HOLD)
    committed = time.monotonic()
    context.__exit__(None, None, None)
    thread.join(10)
    return box, committed


def test_the_same_place_decided_at_once_is_refused_once(team):
    url, carol, dave, a, b = team
    [place] = carol.adjudication_places()
    [seen] = dave.adjudication_places()
    box, committed = racing(carol, dave,
                            lambda: carol.decide(place, "accept", source_ids=[a.id]),
                            lambda: dave.decide(seen, "reject"))
    assert isinstance(box.get("error"), InputRefused), box
    assert "decided already" in str(box["error"])
    assert box["at"] >= committed
    assert rows(url, "SELECT d.outcome, who.name FROM decisions d JOIN annotators who ON "
                     "who.id = d.decided_by") == [("accept", "carol")]
    assert rows(url, "SELECT count(*) FROM annotations an JOIN annotators who ON "
                     "who.id = an.annotator_id WHERE who.name = 'gold'") == [(1,)]


def test_unanimous_accepted_at_once_with_a_decision_of_the_place_is_stored_once(team):
    url, carol, dave, a, b = team
    dave.decide(dave.adjudication_places()[0], "reject")  # the disagreement: settled
    alice_span = Project(url, annotator="alice")
    bob_span = Project(url, annotator="bob")
    try:
        article_id = a.article_id
        alice_span.add_annotation(article_id, 42, 48, "actor")
        bob_span.add_annotation(article_id, 42, 48, "actor")
    finally:
        alice_span.close()
        bob_span.close()
    [open_place] = [p for p in dave.adjudication_places() if not p.settled]
    box, _ = racing(carol, dave, lambda: carol.accept_unanimous(),
                    lambda: dave.decide(open_place, "reject"))
    assert isinstance(box.get("error"), InputRefused), box
    assert rows(url, "SELECT count(*) FROM decisions WHERE start = 42") == [(1,)]
