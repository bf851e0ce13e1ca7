"""set_actors: each annotation its own actor, in one transaction (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from annotator.domain.model import ParsedArticle
from annotator.errors import Conflict
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe. Police closed it anyway."


def test_set_actors_with_a_conflict_on_one_changes_none(db_target):
    with Project(db_target, annotator="alice") as alice, \
            Project(db_target, annotator="bob") as bob:
        article = alice.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
        ann, police = (alice.add_annotation(article.id, 6, 13, "actor"),
                       alice.add_annotation(article.id, 39, 45, "actor"))
        lee, force = alice.add_actor("Ann Lee"), alice.add_actor("Police")
        bob.set_note(police.id, "bob's")
        with pytest.raises(Conflict) as told:
            alice.set_actors({ann.id: lee.id, police.id: force.id},
                             versions={ann.id: ann.version, police.id: police.version})
        assert told.value.ident == police.id
        assert [(a.actor, a.version) for a in alice.annotations_by_ids([ann.id, police.id])] \
            == [(None, 1), (None, 2)]
        done = alice.set_actors({ann.id: lee.id, police.id: None},
                                updated_at={ann.id: "2020-01-01T00:00:00.000Z"})
        assert [(a.actor, a.updated_at) for a in done][0] == (lee.id, "2020-01-01T00:00:00.000Z")
        assert [a.actor for a in bob.annotations_by_ids([ann.id, police.id])] == [lee.id, None]
