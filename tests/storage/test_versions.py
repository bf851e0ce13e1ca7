"""Optimistic versions, on SQLite and PostgreSQL: every change of an annotation or link raises its
version; a write that says the version it saw is refused with a Conflict (who, when, the row as
it is now) when someone else changed or deleted the row since, and writes nothing."""

from __future__ import annotations

import json

import pytest
from dbrows import rows

from annotator.domain.model import ParsedArticle
from annotator.errors import Conflict, NotFound
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe. Police closed it anyway."


@pytest.fixture
def two(db_target):
    """alice and bob on the same project, and a span of alice's."""
    alice = Project(db_target, annotator="alice")
    bob = Project(db_target, annotator="bob")
    article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
    span = alice.add_annotation(article.id, 0, 12, "actor")
    yield alice, bob, span
    alice.close()
    bob.close()


def version(target, table, ident) -> int:
    return rows(target, f"SELECT version FROM {table} WHERE id = ?", (ident,))[0][0]


def test_every_change_raises_the_version_by_one(two, db_target):
    alice, bob, span = two
    assert span.version == 1 and version(db_target, "annotations", span.id) == 1
    steps = [lambda v: alice.retag(span.id, "quote", version=v),
             lambda v: bob.set_note(span.id, "check", version=v),
             lambda v: alice.set_extent(span.id, 0, 9, version=v),
             lambda v: bob.set_attributes(span.id, {"quote_form": "direct"}, version=v),
             lambda v: alice.set_actor([span.id], alice.add_actor("Ann Lee").id,
                                       versions={span.id: v})[0],
             lambda v: bob.retag(span.id, "claim")]  # no version given: changed all the same
    for expected, step in enumerate(steps, start=2):
        assert step(expected - 1).version == expected
        assert version(db_target, "annotations", span.id) == expected
    assert alice.annotation(span.id).version == 7


def test_a_stale_version_is_refused_with_who_when_and_the_row_now(two, db_target):
    alice, bob, span = two
    theirs = bob.retag(span.id, "quote", version=1)
    before = rows(db_target, "SELECT * FROM annotations")
    logged = rows(db_target, "SELECT count(*) FROM changes")
    for write in (lambda: alice.set_note(span.id, "mine", version=1),
                  lambda: alice.set_extent(span.id, 0, 9, version=1),
                  lambda: alice.delete_annotations_and_links([span.id], {span.id: 1})):
        with pytest.raises(Conflict) as caught:
            write()
        conflict = caught.value
        assert (conflict.what, conflict.ident, conflict.who) == ("span", span.id, "bob")
        assert conflict.current == theirs and conflict.when == theirs.updated_at
        assert "changed by bob" in str(conflict) and "nothing was changed" in str(conflict)
    assert rows(db_target, "SELECT * FROM annotations") == before  # nothing written
    assert rows(db_target, "SELECT count(*) FROM changes") == logged  # nor logged
    assert alice.set_note(span.id, "mine", version=2).note == "mine"  # with theirs: fine


def test_a_span_deleted_meanwhile_is_a_conflict_with_no_current_row(two):
    alice, bob, span = two
    bob.delete_annotation(span.id)
    with pytest.raises(Conflict) as caught:
        alice.retag(span.id, "quote", version=1)
    assert caught.value.current is None and caught.value.who == "bob"
    assert "was deleted by bob" in str(caught.value)
    with pytest.raises(NotFound):  # without a version: as before
        alice.retag(span.id, "quote")


def test_deleting_checks_the_version_and_restoring_keeps_it(two, db_target):
    alice, bob, span = two
    alice.retag(span.id, "quote")
    [gone], _links = alice.delete_annotations_and_links([span.id], {span.id: 2})
    assert gone.version == 3  # the delete claimed it
    back = bob.restore_annotations([gone])[0]
    assert back == gone and version(db_target, "annotations", span.id) == 3
    with pytest.raises(Conflict):
        alice.retag(span.id, "claim", version=2)


def test_links_have_versions_too(two, db_target):
    alice, bob, span = two
    other = alice.add_annotation(span.article_id, 39, 45, "actor")
    link = alice.add_link(span.id, other.id, "same")
    assert link.version == 1
    changed = bob.change_link(link.id, note="same person", version=1)
    assert changed.version == 2 and version(db_target, "links", link.id) == 2
    with pytest.raises(Conflict) as caught:
        alice.change_link(link.id, link_type="contradicts", version=1)
    assert caught.value.what == "link" and caught.value.current.note == "same person"
    with pytest.raises(Conflict):
        alice.delete_links([link.id], {link.id: 1})
    assert bob.delete_links([link.id], {link.id: 2})[0].version == 3
    assert alice.restore_links([changed._replace(version=3)])[0].version == 3


def test_actor_merges_and_deletes_raise_the_versions_of_their_spans(two):
    alice, _bob, span = two
    ann, lee = alice.add_actor("Ann"), alice.add_actor("Lee")
    alice.set_actor([span.id], lee.id)  # version 2
    *_, moved = alice.merge_actors(ann.id, lee.id)
    assert [a.version for a in moved] == [3] == [alice.annotation(span.id).version]
    _gone, named = alice.delete_actor(ann.id)
    assert alice.annotation(span.id).version == 4
    assert alice.last_change.upserted[0].version == 4 and named[0].id == span.id


def test_a_merge_that_updates_a_span_raises_its_version(two, tmp_path):
    alice, bob, span = two
    out = tmp_path / "export.json"
    with out.open("wb") as f:
        alice.write_export(f)
    data = json.loads(out.read_text())
    [row] = data["articles"][0]["annotations"]
    row.update(tag="quote", updated_at="2999-01-01T00:00:00.000Z")
    out.write_text(json.dumps(data))
    assert bob.merge_export_file(out).updated == 1
    assert alice.annotation(span.id).version == 2
    with pytest.raises(Conflict):
        alice.set_note(span.id, "mine", version=1)
