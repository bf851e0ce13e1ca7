"""What the main window remembers between sessions (see settings.py for where)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from .panes.scroll_memory import first_visible, scroll_to

MAX_PANES = 4  # article panes side by side at most


def restore_layout(window, open_ids: list[str] | None) -> None:
    """Size, panels, splitter, settings, and the articles that were open (a first launch: the
    first two articles side by side)."""
    s = window.settings
    geometry = s.bytes("window/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(first_size(window))
    state = s.bytes("window/state")
    if state is not None:
        window.restoreState(state)
    else:
        window.resizeDocks([window.articles_dock], [260], Qt.Orientation.Horizontal)
        window.resizeDocks([window.annotations_dock], [220], Qt.Orientation.Vertical)
    window.actions_["sync"].setChecked(s.flag("view/sync", False))
    window.actions_["words"].setChecked(s.flag("view/snap-words", True))
    known = {a.id for a in window.session.articles}
    remembered = s.open_articles(window.session.project.path)
    active = 0
    if open_ids:
        ids = list(dict.fromkeys(open_ids))[:MAX_PANES]
    elif remembered is not None:
        ids, active = remembered
    else:  # a first launch on this project: the first two articles side by side
        ids = [a.id for a in window.session.articles[:2]]
    ids = [i for i in ids if i in known]
    for article_id in ids or [""]:
        pane = window.add_pane()
        if article_id:
            window.show_in_pane(pane, article_id, refresh=False)
    if len(window.panes) == 1 and len(window.session.articles) > 1 and not open_ids:
        window.add_pane()
    splitter = s.bytes("window/splitter")
    if splitter is not None and not open_ids:
        window.splitter.restoreState(splitter)
    window.set_active(active)
    window.refresh_table()
    window.active_pane().view.setFocus()
    positions = [] if open_ids else s.scroll_positions(window.session.project.path)

    def once_shown() -> None:  # sizes and scroll positions mean something only on screen
        clamp_panels(window)
        for pane, codepoint in zip(window.panes, positions, strict=False):
            scroll_to(pane.view, codepoint)

    QTimer.singleShot(0, window, once_shown)  # not after the window is gone


FIRST_SIZE = (1400, 900)  # a first launch's window, where the screen has room for it


def first_size(window) -> QSize:
    """The size of a first launch (see fitted). The offscreen platform (tests, benchmarks) has
    no screen to fit: there it is FIRST_SIZE."""
    screen = window.screen()
    if screen is None or QGuiApplication.platformName() == "offscreen":
        return QSize(*FIRST_SIZE)
    return fitted(screen.availableGeometry().size())


def fitted(room: QSize) -> QSize:
    """FIRST_SIZE, or nine tenths of a smaller screen's room (a 1366 x 768 laptop), so that
    the title bar and the status bar are on the screen."""
    return QSize(*FIRST_SIZE).boundedTo(QSize(room.width() * 9 // 10, room.height() * 9 // 10))


def clamp_panels(window) -> None:
    """A panel size remembered from a much smaller (or larger) window is brought back within
    reason: the Articles panel 180 px to 40% of the width, Annotations 120 px to half the
    height."""
    width, height = window.width(), window.height()
    dock = window.articles_dock
    if not dock.isFloating() and not dock.isHidden():
        wanted = min(max(dock.width(), 180), int(width * 0.4))
        if wanted != dock.width():
            window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)
    dock = window.annotations_dock
    if not dock.isFloating() and not dock.isHidden():
        wanted = min(max(dock.height(), 120), int(height * 0.5))
        if wanted != dock.height():
            window.resizeDocks([dock], [wanted], Qt.Orientation.Vertical)


def save_layout(window) -> None:
    s = window.settings
    s.set("window/geometry", window.saveGeometry())
    s.set("window/state", window.saveState())
    s.set("window/splitter", window.splitter.saveState())
    s.set("view/sync", window.actions_["sync"].isChecked())
    s.set("view/snap-words", window.actions_["words"].isChecked())
    s.set_open_articles(window.session.project.path, [p.article_id for p in window.panes],
                        window.active)
    s.set_scroll_positions(window.session.project.path,
                           [first_visible(p.view) for p in window.panes])
    s.add_recent(window.session.project.display)  # a shared project: its URL, no password
    s.sync()
