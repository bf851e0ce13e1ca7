"""The change log, on SQLite and PostgreSQL: one row per committed write, in its transaction;
another Project reads the others' changes as one Change of the rows as they are now (its own
skipped); a huge write is logged by its articles; the log is pruned and a reader left behind
reloads everything."""

from __future__ import annotations

import json

import pytest
from dbrows import rows

from annotator.domain.model import Annotation, Change, ParsedArticle
from annotator.errors import Conflict, InputRefused
from annotator.storage.writes import change_log
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe. Police closed it anyway."


@pytest.fixture
def two(db_target):
    alice = Project(db_target, annotator="alice")
    bob = Project(db_target, annotator="bob")
    article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
    yield alice, bob, article
    alice.close()
    bob.close()


def logged(target) -> list[tuple]:
    """(who, the payload without "by") of every row; who by annotator_id, checked against
    the payload's "by"."""
    out = []
    for who, body in rows(target, "SELECT who.name, ch.payload FROM changes ch LEFT JOIN "
                                  "annotators who ON who.id = ch.annotator_id ORDER BY ch.seq"):
        body = json.loads(body)
        by = body.pop("by")
        assert who in (by, None)
        out.append((by, body))
    return out


def test_each_write_logs_one_row_with_its_ids_and_a_refused_one_none(two, db_target):
    alice, _bob, article = two
    start = len(logged(db_target))
    span = alice.add_annotation(article.id, 0, 12, "actor")
    other = alice.add_annotation(article.id, 39, 45, "actor")
    link = alice.add_link(span.id, other.id, "same")
    alice.delete_annotations_and_links([other.id])
    with pytest.raises(InputRefused):  # refused: its end is gone
        alice.add_link(span.id, other.id, "same")
    body = [b for _who, b in logged(db_target)[start:]]
    assert [who for who, _ in logged(db_target)[start:]] == ["alice"] * 4
    assert body[0] == {"a": [[span.id, article.id]], "l": [], "reloaded": [], "flags": []}
    assert body[2]["l"] == [link.id]
    assert body[3] == {"a": [[other.id, article.id]], "l": [link.id], "reloaded": [],
                       "flags": []}


def test_another_project_reads_what_others_did_as_the_rows_are_now(two):
    alice, bob, article = two
    seq = bob.newest_change()
    span = alice.add_annotation(article.id, 0, 12, "actor")
    gone = alice.add_annotation(article.id, 39, 45, "actor")
    alice.retag(span.id, "quote")
    alice.delete_annotation(gone.id)
    mine = bob.add_annotation(article.id, 13, 18, "claim")
    seq, change = bob.changes_since(seq)
    assert [(a.id, a.tag, a.version) for a in change.upserted] == [(span.id, "quote", 2)]
    assert change.removed == ((article.id, gone.id),)
    assert mine.id not in {a.id for a in change.upserted}  # bob's own write is not handed back
    assert bob.changes_since(seq) == (seq, Change())
    seq_a, change_a = alice.changes_since(0)
    assert [a.id for a in change_a.upserted] == [mine.id] and change_a.articles is False


def test_links_and_flags_come_through(two):
    alice, bob, article = two
    seq = bob.newest_change()
    a = alice.add_annotation(article.id, 0, 12, "actor")
    b = alice.add_annotation(article.id, 39, 45, "actor")
    link = alice.add_link(a.id, b.id, "same")
    alice.add_actor("Ann Lee")
    alice.update_article(article.id, title="Bridge, again")
    seq, change = bob.changes_since(seq)
    assert [k.id for k in change.links_upserted] == [link.id]
    assert change.actors and change.articles
    alice.delete_links([link.id])
    _seq, change = bob.changes_since(seq)
    assert change.links_removed == (link.id,) and change.links_upserted == ()


def test_a_huge_change_is_logged_by_its_articles():
    many = tuple(Annotation(f"id-{i}", "art-1", "claim", 0, 1, "x", "", "a", "t", "t")
                 for i in range(change_log.BIG + 1))
    body = json.loads(change_log.payload(Change(upserted=many)))  # (no "by" when not given)
    assert body == {"a": [], "l": [], "reloaded": ["art-1"], "flags": []}


def test_the_log_is_pruned_and_a_reader_behind_reloads_everything(two, db_target, monkeypatch):
    alice, bob, article = two
    monkeypatch.setattr(change_log, "PRUNE_EVERY", 5)
    monkeypatch.setattr(change_log, "KEEP_ROWS", 3)
    seq = bob.newest_change()
    for i in range(12):
        alice.add_annotation(article.id, i, i + 1, "claim")
    left = rows(db_target, "SELECT count(*) FROM changes")[0][0]
    assert left <= 3 + 5
    _seq, change = bob.changes_since(seq)
    assert change.reloaded == {article.id} and change.articles and change.links_reloaded


def test_logging_makes_nobody_an_annotator_and_still_says_who(two, db_target):
    alice, bob, article = two
    span = alice.add_annotation(article.id, 0, 12, "actor")
    bob.retag(span.id, "quote")
    assert rows(db_target, "SELECT name FROM annotators ORDER BY name") == [("alice",)]
    assert logged(db_target)[-1][0] == "bob"
    with pytest.raises(Conflict) as caught:
        alice.set_note(span.id, "x", version=1)
    assert caught.value.who == "bob"


def test_a_merge_that_changes_nothing_logs_nothing(two, db_target, tmp_path):
    alice, bob, article = two
    alice.add_annotation(article.id, 0, 12, "actor")
    out = tmp_path / "export.json"
    with out.open("wb") as f:
        alice.write_export(f)
    count = rows(db_target, "SELECT count(*) FROM changes")[0][0]
    bob.merge_export_file(out)
    assert rows(db_target, "SELECT count(*) FROM changes")[0][0] == count
