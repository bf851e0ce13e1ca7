"""Live updates: another Project on the same project commits, and the open window shows it within
a few seconds (the change log polled every 2 s; NOTIFY on PostgreSQL), through the same path as
its own changes, without moving the reader's selection, scroll position or current span.

On SQLite the window holds the file lock, so the other writer is a second Project in the test
(as a command would be); two windows on one PostgreSQL project are tested when a server is
there."""

from __future__ import annotations

import pytest

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project

LONG = "\n\n".join(f"Paragraph {i}: the council met again about the bridge." for i in range(300))


def spans_shown(pane) -> dict[str, str]:
    return {a.id: a.tag for a in pane.view.store.ordered()}


def reader_state(window, pane):
    return (pane.view.verticalScrollBar().value(), pane.view.selection_codepoints(),
            pane.view.current_id, pane.article_id)


@pytest.fixture
def reading(window):
    """The window reads a long article, scrolled down, with a span current and text selected."""
    project = window.session.project
    project.add_article(ParsedArticle(text=LONG, title="Long report", source="Gull"))
    article_id = next(a.id for a in project.articles() if a.title == "Long report")
    pane = window.panes[0]
    window.show_in_pane(pane, article_id)
    start = LONG.index("Paragraph 200")
    span = project.add_annotation(article_id, start, start + len("Paragraph 200"), "actor")
    window.ops.select(span.id, pane, reveal=True)
    phrase = LONG.index("Paragraph 201")
    pane.view.select_codepoints(phrase, phrase + 9)
    assert pane.view.verticalScrollBar().value() > 100
    return pane, article_id, span


def test_a_span_another_writer_adds_appears_and_the_selection_stays(window, reading, qtbot):
    pane, article_id, span = reading
    before = reader_state(window, pane)
    with Project(window.session.project.path, annotator="bob") as bob:
        at = LONG.index("Paragraph 202")
        added = bob.add_annotation(article_id, at, at + len("Paragraph 202"), "quote")
    qtbot.waitUntil(lambda: added.id in spans_shown(pane), timeout=6000)
    assert spans_shown(pane)[added.id] == "quote"
    assert reader_state(window, pane) == before
    shown = window.annotations_panel.model
    assert any(added.id == shown.annotation(r).id for r in range(shown.rowCount()))
    assert window.undo_stack.count() == 0  # not our action: nothing to undo
    # the status bar does not claim a save of ours: it says others' changes are shown
    assert window.saved_label.text().startswith("↻ Others' changes shown at ")


def test_another_writers_retag_and_delete_show_and_the_current_span_stays(window, reading,
                                                                          qtbot):
    pane, article_id, span = reading
    with Project(window.session.project.path, annotator="bob") as bob:
        at = LONG.index("Paragraph 210")
        other = bob.add_annotation(article_id, at, at + 12, "claim")
        qtbot.waitUntil(lambda: other.id in spans_shown(pane), timeout=6000)
        before = reader_state(window, pane)
        bob.retag(span.id, "quote")
        bob.delete_annotation(other.id)
    qtbot.waitUntil(lambda: spans_shown(pane) == {span.id: "quote"}, timeout=6000)
    assert reader_state(window, pane) == before
    assert pane.view.store.by_id[span.id].version == 2


def test_the_windows_own_writes_are_not_applied_twice(window, reading):
    pane, article_id, span = reading
    live = window.live_updates
    live.poll()
    seq = live.seq
    window.session.project.retag(span.id, "claim")
    seen = []
    window.session.annotationsChanged.connect(lambda *args: seen.append(args))
    live.poll()
    assert live.seq == seq + 1 and seen == []  # read past, not announced again


def test_polling_stops_when_the_window_closes(window):
    live = window.live_updates
    window.close()
    live.poll()
    assert not live.timer.isActive()


def test_two_windows_on_one_postgresql_project_see_each_other_at_once(qtbot, pg_url, tmp_path):
    """Two windows, two writers: one tags a span, the other shows it woken by NOTIFY (its
    polling is slowed to a minute to show that), its selection unchanged; a retag of the same
    span from the stale window is a Conflict the dialog is asked about."""
    from annotator.ui.team import conflict_dialog
    from annotator.ui.undo.commands import AddSpan, Retag, perform
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session
    from annotator.ui.settings import WindowSettings

    Project(pg_url, create="init").close()
    first = Project(pg_url, annotator="alice")
    first.add_article(ParsedArticle(text=LONG, title="Long report", source="Gull"))
    second = Project(pg_url, annotator="bob")
    windows = []
    for n, project in enumerate((first, second)):
        win = MainWindow(Session(project), WindowSettings(tmp_path / f"w{n}.ini"))
        qtbot.addWidget(win)
        win.show()
        windows.append(win)
    alice, bob = windows
    bob.live_updates.timer.setInterval(60_000)
    article_id = first.articles()[0].id
    for win in windows:
        win.show_in_pane(win.panes[0], article_id)
    phrase = LONG.index("Paragraph 3")
    bob.panes[0].view.select_codepoints(phrase, phrase + 11)
    at = LONG.index("Paragraph 1")
    add = AddSpan(alice.session, article_id, at, at + 11, "actor", "Paragraph 1")
    perform(alice.undo_stack, add)
    qtbot.waitUntil(lambda: add.annotation.id in spans_shown(bob.panes[0]), timeout=10_000)  # polling is at 60 s: only NOTIFY can do it
    assert bob.panes[0].view.selection_codepoints() == (phrase, phrase + 11)
    stale = bob.panes[0].view.store.by_id[add.annotation.id]
    perform(alice.undo_stack, Retag(alice.session, add.annotation, "quote"))
    asked = []
    bob.session.resolve_conflict = lambda conflict: asked.append(conflict) or False
    perform(bob.undo_stack, Retag(bob.session, stale, "claim"))
    assert asked and asked[0].who == "alice" and first.annotation(stale.id).tag == "quote"
    qtbot.waitUntil(lambda: spans_shown(bob.panes[0])[stale.id] == "quote", timeout=10_000)
    for win in windows:
        win.close()
    first.close()
    second.close()
    assert conflict_dialog.describe(asked[0]).startswith("alice changed this span")


def test_a_remote_read_older_than_our_own_write_is_not_shown(window, reading):
    """A poll read in a thread may hand back a row as it was before a write of ours: the view
    keeps ours (and its version, which the next command passes)."""
    from annotator.domain.model import Change

    pane, _article_id, span = reading
    old = window.session.project.annotation(span.id)
    window.session.retag(span.id, "quote")
    window.session.apply_remote(Change(upserted=(old,)))
    shown = pane.view.store.by_id[span.id]
    assert (shown.tag, shown.version) == ("quote", old.version + 1)
