"""Every kind of write logs exactly one change-log row, inside its own transaction (on SQLite and
PostgreSQL): the row is inserted by the write's transaction just before its COMMIT, so a write
that fails after its row was added leaves neither the row nor the write (rollback), and no
write needs the late logging after its commit that project_live keeps for a forgotten Change
(which warns)."""

from __future__ import annotations

import logging

import pytest
from dbrows import rows

from annotator.domain.model import ParsedArticle, Tag
from annotator.storage.writes import change_log
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe. Police closed it anyway."


def count(target) -> int:
    return rows(target, "SELECT count(*) FROM changes")[0][0]


@pytest.fixture
def two(db_target):
    with Project(db_target, annotator="alice") as alice, \
            Project(db_target, annotator="bob") as bob:
        yield db_target, alice, bob


TABLES = ("articles", "annotations", "links", "link_types", "actors", "tags", "decisions",
          "project_info", "changes")


def everything(target) -> dict:
    return {name: sorted(map(repr, rows(target, f"SELECT * FROM {name}"))) for name in TABLES}


class Refused(Exception):
    pass


def test_every_kind_of_write_logs_one_row_in_its_transaction(two, tmp_path, caplog,
                                                             monkeypatch):
    """Each write first runs with the log's insert failing: it must leave the database as it
    was (a write logged after its own commit would be kept without its row); then it runs for
    real and adds exactly one row, with no late logging."""
    target, alice, bob = two
    caplog.set_level(logging.WARNING, logger="annotator.storage.usecases.project_live")
    state: dict = {}

    def refuse(conn, annotator, change):
        raise Refused

    def step(name, write):
        before = everything(target)
        with monkeypatch.context() as patch:
            patch.setattr(change_log, "record", refuse)
            with pytest.raises(Refused):
                write()
        assert everything(target) == before, name
        state[name] = write()
        assert count(target) == len(before["changes"]) + 1, name
        assert not caplog.records, (name, [r.getMessage() for r in caplog.records])

    step("add_article", lambda: alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0])
    art = state["add_article"].id
    step("update_article", lambda: alice.update_article(art, title="The bridge"))
    step("add_annotation", lambda: alice.add_annotation(art, 6, 13, "actor"))
    span = state["add_annotation"]
    step("add_annotations", lambda: alice.add_annotations([(art, 0, 38, "quote", None),
                                                           (art, 39, 45, "actor", None)]))
    quote, police = state["add_annotations"]
    step("retag", lambda: alice.retag(police.id, "claim"))
    step("set_note", lambda: alice.set_note(police.id, "n"))
    step("set_extent", lambda: alice.set_extent(police.id, 39, 46))
    step("set_attributes", lambda: alice.set_attributes(quote.id, {"quote_form": "direct"}))
    step("add_link_type", lambda: alice.add_link_type("cites", True))
    step("add_link", lambda: alice.add_link(quote.id, span.id, "speaker"))
    link = state["add_link"]
    step("change_link", lambda: alice.change_link(link.id, note="who"))
    step("delete_links", lambda: alice.delete_links([link.id]))
    step("restore_links", lambda: alice.restore_links(state["delete_links"]))
    step("delete_link_type", lambda: alice.delete_link_type("cites"))
    step("add_actor", lambda: alice.add_actor("Ann Lee", ("Lee",), "person"))
    step("add_actor2", lambda: alice.add_actor("Mayor Lee"))
    lee, mayor = state["add_actor"], state["add_actor2"]
    step("update_actor", lambda: alice.update_actor(lee.id, description="the mayor"))
    step("set_actor", lambda: alice.set_actor([span.id], mayor.id))
    step("set_actors", lambda: alice.set_actors({span.id: lee.id, police.id: mayor.id}))
    step("merge_actors", lambda: alice.merge_actors(lee.id, mayor.id))
    before, _after, gone, moved = state["merge_actors"]
    step("unmerge_actors", lambda: alice.unmerge_actors(before, gone, [a.id for a in moved]))
    step("delete_actor", lambda: alice.delete_actor(mayor.id))
    step("restore_actor", lambda: alice.restore_actor(
        state["delete_actor"][0], [a.id for a in state["delete_actor"][1]]))
    step("add_tag", lambda: alice.add_tag(Tag("fact", "#123456")))
    step("update_tag", lambda: alice.update_tag("fact", Tag("facts", "#654321")))
    step("reorder_tags", lambda: alice.reorder_tags([t.name for t in alice.tags()][::-1]))
    step("delete_tag", lambda: alice.delete_tag("facts"))
    step("dismiss", lambda: alice.set_suggestions_dismissed([(art, 0, 5, "quote")]))
    step("bob_annotation", lambda: bob.add_annotation(art, 6, 13, "actor"))
    with Project(target, annotator="carol") as carol:
        step("accept_unanimous", lambda: carol.accept_unanimous())
        place = next(p for p in carol.adjudication_places() if quote.id in p.span_ids)
        step("decide", lambda: carol.decide(place, "reject"))
        step("undo_decisions", lambda: carol.undo_decisions([state["decide"][0].id]))
        step("restore_decisions", lambda: carol.restore_decisions(state["undo_decisions"]))
    step("delete_annotations", lambda: alice.delete_annotations_and_links([police.id]))
    step("restore_annotations", lambda: alice.restore_annotations(*state["delete_annotations"]))
    out = tmp_path / "export.json"
    with out.open("wb") as f:
        alice.write_export(f)
    step("delete_article", lambda: alice.delete_article(art))
    step("restore_article", lambda: alice.restore_article(*state["delete_article"]))
    step("delete_again", lambda: alice.delete_article(art))
    step("merge", lambda: bob.merge_export_file(out))
    before_again = count(target)
    bob.merge_export_file(out)  # (writes nothing: logs nothing)
    assert count(target) == before_again


def test_a_write_failing_after_its_row_was_added_leaves_neither(two, monkeypatch):
    target, alice, bob = two
    article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
    real = change_log.record
    added = []

    def record_then_fail(conn, annotator, change):
        added.append(real(conn, annotator, change))
        assert conn.execute("SELECT count(*) FROM changes WHERE seq = ?",
                            (added[-1],)).fetchone()[0] == 1  # the row is there, uncommitted
        raise OSError("the disk went away")

    before = rows(target, "SELECT seq FROM changes")
    monkeypatch.setattr(change_log, "record", record_then_fail)
    for write in (lambda: alice.add_annotation(article.id, 6, 13, "actor"),
                  lambda: alice.add_actor("Ann Lee"),
                  lambda: alice.update_article(article.id, title="Other"),
                  lambda: alice.add_tag(Tag("fact", "#123456"))):
        with pytest.raises(OSError):
            write()
    monkeypatch.undo()
    assert len(added) == 4
    assert rows(target, "SELECT seq FROM changes") == before
    assert rows(target, "SELECT count(*) FROM annotations")[0][0] == 0
    assert alice.actors() == [] and alice.article(article.id).title == "Bridge"
    assert "fact" not in [t.name for t in alice.tags()]
    # and the next write logs normally, its row seen by the other project
    start = bob.newest_change()
    alice.add_annotation(article.id, 6, 13, "actor")
    assert [a.tag for a in bob.changes_since(start)[1].upserted] == ["actor"]
