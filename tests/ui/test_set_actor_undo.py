"""The undo of naming one actor by spans that had different actors is one transaction: someone
else's change of one of those spans (a Conflict whose user keeps theirs) leaves every span as it
is, never some undone and some not."""

from __future__ import annotations

import pytest

from annotator.storage.project import Project
from annotator.ui.undo import commands_comparison as cc
from annotator.ui.team import conflict_dialog
from annotator.ui.undo.commands import perform


@pytest.fixture
def spans(window):
    project = window.session.project
    article_id = window.panes[0].article_id
    text = project.article(article_id).text
    at = text.index("Raj Patel")
    first = project.add_annotation(article_id, at, at + 3, "actor")
    second = project.add_annotation(article_id, at + 4, at + 9, "actor")
    raj, patel, both = (project.add_actor(n) for n in ("Raj", "Patel", "Raj Patel"))
    first, second = (project.set_actor([first.id], raj.id)[0],
                     project.set_actor([second.id], patel.id)[0])
    bob = Project(project.path, annotator="bob")
    yield project, first, second, both, bob
    bob.close()


def test_a_conflict_on_one_span_undoes_none(window, spans, monkeypatch):
    project, first, second, both, bob = spans
    asked = []
    monkeypatch.setattr(conflict_dialog, "ask",
                        lambda _parent, c, _me=None: asked.append(c) or False)
    assert perform(window.undo_stack, cc.SetActor(window.session, [first, second], both.id))
    bob.set_note(second.id, "bob's")  # the span undone last (by the old undo, in its own step)
    window.undo_stack.undo()
    assert [c.ident for c in asked] == [second.id]
    now = {a.id: (a.actor, a.note) for a in project.annotations_by_ids([first.id, second.id])}
    assert now == {first.id: (both.id, ""), second.id: (both.id, "bob's")}


def test_the_undo_gives_each_span_its_own_earlier_actor(window, spans):
    project, first, second, both, _bob = spans
    before = project.annotations_by_ids([first.id, second.id])
    perform(window.undo_stack, cc.SetActor(window.session, [first, second], both.id))
    window.undo_stack.undo()
    assert project.annotations_by_ids([first.id, second.id]) == [
        a._replace(version=a.version + 2) for a in before]
