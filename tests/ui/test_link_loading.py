"""A large project's links read in a worker thread (link_index.py), offscreen: what is on screen
is drawn before the rest arrives, changes made meanwhile are kept whichever came first, sync
scrolling and the Links panel get every link, closing the window waits for the thread."""

from __future__ import annotations

import threading

import pytest

from links_world import lined_reports

from annotator.ui.links import link_index

class Gate:
    """Holds the thread reading the links after it has read them (or, ``before``, before it
    reads), until opened (at the end of the test at the latest)."""

    def __init__(self, monkeypatch):
        self.read, self.go = threading.Event(), threading.Event()
        self.before = False
        real = link_index.read_all

        def read_all(project):
            held = threading.current_thread() is not threading.main_thread()
            if held and self.before:
                self.read.set()
                assert self.go.wait(10)
            found = real(project)
            if held and not self.before:
                self.read.set()
                assert self.go.wait(10)
            return found

        monkeypatch.setattr(link_index, "read_all", read_all)


@pytest.fixture
def gate(monkeypatch):
    held = Gate(monkeypatch)
    yield held
    held.go.set()


@pytest.fixture
def big(tmp_path, qtbot, settings, monkeypatch):
    """Reports A and B (200 lines each), a `same` link joining each line's phrase in A to the
    same line's in B, opened side by side as a large project would be (the links read in a
    thread)."""
    from annotator.storage.project import Project

    monkeypatch.setattr(link_index, "EAGER_ANNOTATIONS", 0)
    project = Project(tmp_path / "big.sqlite")
    ids, spans = lined_reports(project, "AB", 200)
    for a, b in zip(*spans, strict=True):
        project.add_link(a.id, b.id, "same")
    yield project, ids, spans
    project.close()


def open_window(project, qtbot, settings):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    win = MainWindow(Session(project), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_on_screen_first_then_every_link(big, gate, qtbot, settings):
    project, _ids, spans = big
    win = open_window(project, qtbot, settings)
    index, overlay = win.linking.index, win.linking.overlay
    assert not index.complete
    drawn = overlay.segments()  # the lines on screen, read ahead of the others
    assert drawn and all(s.link.type == "same" for s in drawn)
    assert len(drawn) <= len(index.links) < 200
    # A span off screen: its links are read when asked (its context menu, a duplicate check).
    far = spans[0][190]
    assert [{k.from_id, k.to_id} for k in index.of(far.id)] == [{far.id, spans[1][190].id}]
    qtbot.waitUntil(gate.read.is_set)
    assert "reading the others" in win.linking.panel.count.text()
    gate.go.set()
    qtbot.waitUntil(lambda: index.complete)
    assert len(index.links) == 200 and win.linking.panel.model.rowCount() == 200
    assert win.linking.panel.count.text() == "200 links"
    assert len(overlay.segments()) == len(drawn)
    win.close()


@pytest.mark.parametrize("before", [False, True], ids=["after-reading", "before-reading"])
def test_changes_while_reading_are_kept(big, gate, qtbot, settings, before):
    """A link deleted, one added and an end moved while the thread reads, after it has read
    (or before): the changes are applied again on top of what it read, to the same effect."""
    project, _ids, spans = big
    gate.before = before
    win = open_window(project, qtbot, settings)
    index = win.linking.index
    qtbot.waitUntil(gate.read.is_set)
    gone = project.links()[0]
    project.delete_links([gone.id])
    new = project.add_link(spans[0][5].id, spans[1][7].id, "contradicts")
    moved = project.set_extent(spans[1][7].id, spans[1][7].start, spans[1][7].end + 4)
    assert not index.complete
    gate.go.set()
    qtbot.waitUntil(lambda: index.complete)
    assert gone.id not in index.links and index.links[new.id] == new
    assert set(index.links) == {k.id for k in project.links()}
    assert index.ends[moved.id] == moved  # the end's new extent, not the one read before
    model = win.linking.panel.model
    assert model.rowCount() == 200 and model.row_of(gone.id) == -1 and model.row_of(new.id) >= 0
    win.close()


def test_sync_scrolling_waits_for_every_link(big, gate, qtbot, settings):
    project, _ids, _spans = big
    gate.go.set()  # the thread is not held: scrolling waits for it
    win = open_window(project, qtbot, settings)
    left, right = win.panes
    win.actions_["sync"].setChecked(True)
    assert not win.linking.index.complete or len(win.linking.index) == 200
    bar = left.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert win.linking.index.complete and len(win.linking.index) == 200
    # Every link gave an anchor (not only those read ahead, whose ends were known before).
    assert len(win.linking.sync.anchors(left.article_id, right.article_id)) == 200
    # Line i is linked to line i: the right pane shows the left's middle line.
    from annotator.ui.links.link_sync import centre_codepoint

    middle_left = left.view.text[:centre_codepoint(left.view)].count("\n")
    middle_right = right.view.text[:centre_codepoint(right.view)].count("\n")
    assert abs(middle_left - middle_right) <= 1
    win.close()


def test_closing_waits_for_the_thread(big, gate, qtbot, settings):
    project, _ids, _spans = big
    win = open_window(project, qtbot, settings)
    qtbot.waitUntil(gate.read.is_set)
    threading.Timer(0.2, gate.go.set).start()
    loaders = [t for t in win._loaders if isinstance(t, link_index.LinkLoader)]
    assert loaders and loaders[0].isRunning()
    win.close()  # waits for the thread before the project may close
    assert loaders[0].isFinished()


def test_no_thread_starts_once_the_window_has_closed(big, qtbot, settings):
    """A timer set before the close (read_rest, 1 s after a reload) may fire after it: it starts
    no thread, which would still be running when the program ends (Qt then aborts it)."""
    project, _ids, _spans = big
    win = open_window(project, qtbot, settings)
    index = win.linking.index
    index.reload()  # (as an import does: a timer to read the rest later)
    win.close()
    index.read_rest()
    assert index._loader is None
    assert not any(isinstance(t, link_index.LinkLoader) and t.isRunning() for t in win._loaders)
