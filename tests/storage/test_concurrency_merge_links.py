"""A merge racing a change of the same link on PostgreSQL, on real concurrent connections (one
transaction held open in this thread while another Project merges from a second thread): the
merge updates a link only at the version it read, so it waits for the change's commit, then is
refused whole, never overwriting it. Skipped, saying why, without a PostgreSQL server
(tests/support/pg.py); SQLite's writers are one at a time. Without a race, the same merge updates
the link (one version up)."""

from __future__ import annotations

import json
import threading
import time

import pytest

from annotator.domain.model import ParsedArticle
from annotator.errors import InputRefused
from annotator.storage.writes.comparison import change_link
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe. Police closed it anyway."
HOLD = 0.6


@pytest.fixture
def linked(pg_url, tmp_path):
    Project(pg_url, create="init").close()
    with Project(pg_url, annotator="alice") as alice, Project(pg_url, annotator="bob") as bob:
        article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
        quote = alice.add_annotation(article.id, 0, 38, "quote")
        actor = alice.add_annotation(article.id, 6, 13, "actor")
        link = alice.add_link(quote.id, actor.id, "speaker")
        out = tmp_path / "export.json"
        with out.open("wb") as f:
            alice.write_export(f)
        data = json.loads(out.read_text())
        data["links"][0].update(note="theirs", updated_at="2999-01-01T00:00:00.000Z")
        out.write_text(json.dumps(data))
        yield alice, bob, link, out


def test_a_merge_racing_a_change_of_a_link_is_refused_not_overwriting_it(linked):
    alice, bob, link, out = linked
    box: dict = {}

    def merge():
        try:
            box["result"] = bob.merge_export_file(out)
        except Exception as exc:  # handed to the test
            box["error"] = exc
        box["at"] = time.monotonic()

    context = alice._write()
    conn = context.__enter__()
    change_link(conn, link.id, note="mine", version=1)
    thread = threading.Thread(target=merge)
    thread.start()
    time.sleep(HOLD)
    committed = time.monotonic()
    context.__exit__(None, None, None)
    thread.join(10)
    assert isinstance(box.get("error"), InputRefused), box
    assert "someone changed some of these links" in str(box["error"])
    assert box["at"] >= committed  # it waited for the change, then refused
    now = alice.link(link.id)
    assert (now.note, now.version) == ("mine", 2)


def test_without_a_race_the_merge_updates_the_link(linked):
    alice, bob, link, out = linked
    report = bob.merge_export_file(out)
    assert report.links_updated == 1
    now = alice.link(link.id)
    assert (now.note, now.version) == ("theirs", 2)
