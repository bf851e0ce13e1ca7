"""Two people change the same span: the window's command carries the version it acted on, the
second writer is told who changed it, when and what it is now, and chooses: keep theirs (nothing
written, nothing pushed on the undo stack) or apply mine (retried on their version; undo then
puts back what was there before mine)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.errors import Conflict
from annotator.storage.project import Project
from annotator.ui.undo import commands_comparison as cc
from annotator.ui.team import conflict_dialog
from annotator.ui.undo.commands import AddSpan, DeleteSpans, Retag, SetNote, perform


@pytest.fixture
def shared(window):
    """A span the window shows, and bob: another writer on the same project file."""
    project = window.session.project
    article_id = window.panes[0].article_id
    text = project.article(article_id).text
    at = text.index("Raj Patel")
    span = project.add_annotation(article_id, at, at + len("Raj Patel"), "actor")
    bob = Project(project.path, annotator="bob")
    yield span, bob
    bob.close()


@pytest.fixture
def answers(monkeypatch):
    """What the user answers the dialog (True: apply mine), and the conflicts it was shown."""
    asked: list[Conflict] = []
    replies: list[bool] = []

    def ask(_parent, conflict, _me=None):
        asked.append(conflict)
        return replies.pop(0)
    monkeypatch.setattr(conflict_dialog, "ask", ask)
    return replies, asked


def test_keep_theirs_writes_nothing_and_pushes_nothing(window, shared, answers):
    span, bob = shared
    replies, asked = answers
    bob.retag(span.id, "quote")
    replies.append(False)
    perform(window.undo_stack, Retag(window.session, span, "claim"))
    assert window.session.project.annotation(span.id).tag == "quote"
    assert window.undo_stack.count() == 0
    [conflict] = asked
    assert (conflict.who, conflict.current.tag, conflict.current.version) == ("bob", "quote", 2)


def test_an_undo_given_up_for_their_change_is_not_said_as_undone(window, shared, answers):
    span, bob = shared
    replies, _asked = answers
    perform(window.undo_stack, SetNote(window.session, span, "mine"))
    bob.set_note(span.id, "theirs")
    replies.append(False)  # (keep theirs)
    window.actions_["undo"].trigger()
    assert window.session.project.annotation(span.id).note == "theirs"
    assert not window.statusBar().currentMessage().startswith("Undone")


def test_apply_mine_retries_on_their_version_and_undo_stays_true(window, shared, answers):
    span, bob = shared
    replies, _asked = answers
    bob.set_note(span.id, "bob's note")
    replies.append(True)
    perform(window.undo_stack, Retag(window.session, span, "claim"))
    now = window.session.project.annotation(span.id)
    assert (now.tag, now.note, now.version) == ("claim", "bob's note", 3)
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()  # our own last write: no conflict, back to the tag before ours
    assert window.session.project.annotation(span.id).tag == "actor"
    window.undo_stack.redo()
    assert window.session.project.annotation(span.id).tag == "claim"


def test_an_undo_after_someone_elses_change_asks_and_keep_theirs_leaves_the_stack(
        window, shared, answers):
    span, bob = shared
    replies, asked = answers
    perform(window.undo_stack, SetNote(window.session, span, "mine"))
    bob.set_note(span.id, "theirs")
    replies.append(False)
    window.undo_stack.undo()
    assert window.session.project.annotation(span.id).note == "theirs"
    assert len(asked) == 1 and window.undo_stack.count() == 0  # the step left the stack


def test_deleting_a_span_someone_else_changed_is_told_and_undoable_once_applied(
        window, shared, answers):
    span, bob = shared
    replies, _asked = answers
    bob.retag(span.id, "quote")
    replies.append(True)
    perform(window.undo_stack, DeleteSpans(window.session, [span]))
    assert window.session.project.annotations(span.article_id) == []
    window.undo_stack.undo()  # puts back bob's version, not the one we had seen
    assert window.session.project.annotation(span.id).tag == "quote"


def test_a_span_someone_deleted_cannot_be_changed_and_says_so(window, shared, answers):
    span, bob = shared
    replies, asked = answers
    bob.delete_annotation(span.id)
    replies.append(True)  # "OK": there is nothing to apply to
    perform(window.undo_stack, Retag(window.session, span, "claim"))
    assert window.undo_stack.count() == 0 and asked[0].current is None
    assert "bob deleted this span" in conflict_dialog.describe(asked[0])


def test_undo_of_an_add_after_our_own_later_edits_is_no_conflict(window, shared, answers):
    span, _bob = shared
    article_id = span.article_id
    add = AddSpan(window.session, article_id, 0, 5, "claim", "Mayor")
    perform(window.undo_stack, add)
    perform(window.undo_stack, Retag(window.session, add.annotation, "quote"))
    perform(window.undo_stack, SetNote(window.session,
                                       window.session.project.annotation(add.annotation.id), "n"))
    for _ in range(3):
        window.undo_stack.undo()
    assert [a.id for a in window.session.project.annotations(article_id)] == [span.id]
    assert answers[1] == []


def test_a_link_changed_by_someone_else_is_told(window, shared, answers):
    span, bob = shared
    replies, asked = answers
    project = window.session.project
    other = project.add_annotation(span.article_id, 0, 5, "actor")
    link = project.add_link(span.id, other.id, "same")
    bob.change_link(link.id, note="bob's")
    replies.append(False)
    perform(window.undo_stack, cc.ChangeLink(window.session, link, note="mine"))
    assert project.link(link.id).note == "bob's" and asked[0].what == "link"


def test_the_dialog_says_who_when_and_what_it_is_now(window, shared, qtbot):
    span, bob = shared
    bob.set_note(span.id, "looks like a quote")
    try:
        window.session.project.retag(span.id, "claim", version=span.version)
    except Conflict as exc:
        conflict = exc
    box = conflict_dialog.build(window, conflict)
    qtbot.addWidget(box)
    when = conflict_dialog.local_time(conflict.when)
    assert box.text() == (f"bob changed this span at {when} (now: actor, “Raj Patel”, note "
                          "“looks like a quote”).")
    assert {b.text() for b in box.buttons()} == {"Keep theirs", "Apply mine"}
    assert box.escapeButton().text() == "Keep theirs"
    assert isinstance(box, QMessageBox) and len(when) == 5 and when[2] == ":"
    assert window.session.project.annotation(span.id).tag == "actor"  # nothing written



def test_naming_an_actor_on_a_span_someone_changed_is_told(window, shared, answers):
    span, bob = shared
    replies, asked = answers
    actor = window.session.project.add_actor("Raj Patel")
    bob.set_note(span.id, "bob's")
    replies.append(True)
    perform(window.undo_stack, cc.SetActor(window.session, [span], actor.id))
    now = window.session.project.annotation(span.id)
    assert asked and (now.actor, now.note) == (actor.id, "bob's")
    window.undo_stack.undo()
    assert window.session.project.annotation(span.id).actor is None


def test_undo_after_importing_a_colleagues_edit_says_it_was_the_users_change(window, shared,
                                                                             tmp_path,
                                                                             monkeypatch):
    """The window's user retags a span, then imports carol's copy, in which she changed it
    later: undoing the retag is told it was the user's own change, when it was made here (not
    "root changed this span at 01 Jan 09:00", the file's time without its year); another
    coder's change keeps its own time, with the year when it is not this one."""
    from edited_export import edited_export

    span, _bob = shared
    project = window.session.project
    perform(window.undo_stack, Retag(window.session, span, "claim"))
    path = edited_export(project, tmp_path / "carol.json", span.id, tag="quote",
                         note="from colleague", annotator="carol",
                         updated_at="2027-01-01T09:00:00.000Z")
    window.files.import_paths([path])
    assert project.annotation(span.id).tag == "quote"
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.windowTitle(), box.text(), box.informativeText(),
         sorted(b.text() for b in box.buttons()))))
    window.undo_stack.undo()
    ((title, text, asked, buttons),) = shown
    assert title == "Changed meanwhile" and buttons == ["Apply mine", "Keep as it is"]
    assert asked == "Keep it as it is now, or apply this change on top of it?"
    prefix = "You changed this span at "
    when = text[len(prefix):text.index(", in another window")]
    assert text.startswith(prefix) and len(when) == 5 and when[2] == ":"  # (today, here)
    assert text.endswith(", in another window or by an import (now: quote, “Raj Patel”, note "
                         "“from colleague”, coded by carol).")
    assert project.annotation(span.id).tag == "quote"  # (kept: nothing undone)
    assert "2027" in conflict_dialog.local_time("2027-01-01T09:00:00.000Z")
