"""Ctrl+Tab / Ctrl+Shift+Tab: the keyboard's way from the article panes to the panels (Articles,
Actors, Annotations or Links, Compare…) and back. Tab itself is taken inside a pane (the
suggestions' Tab, or a table's own), and F6 only goes from pane to pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget


def install(w) -> None:
    for name, keys, forward in (("Next area", ["Ctrl+Tab"], True),
                                ("Previous area", ["Ctrl+Shift+Tab", "Ctrl+Backtab"], False)):
        action = QAction(name, w)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False, f=forward: step(w, f))
        w.addAction(action)


def areas(w) -> list[QWidget]:
    """What the keyboard goes to, in order: each pane's text, then each panel shown (the one
    on top of docks sharing a place), where its keys start (a filter box, else its list)."""
    found: list[QWidget] = [pane.view for pane in w.panes if pane.isVisible()]
    for dock in w.findChildren(QDockWidget):
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            first = _first_focusable(dock.widget())
            if first is not None:
                found.append(first)
    return found


def step(w, forward: bool) -> None:
    shown = areas(w)
    if not shown:
        return
    focus = QApplication.focusWidget()
    here = next((i for i, area in enumerate(shown)
                 if focus is not None and (focus is area or _inside(focus, area))), None)
    target = shown[0] if here is None else shown[(here + (1 if forward else -1)) % len(shown)]
    target.setFocus(Qt.FocusReason.TabFocusReason)


def _inside(focus: QWidget, area: QWidget) -> bool:
    """Whether the focus is in the same panel as ``area`` (its dock's), or is that pane's."""
    dock = _dock_of(area)
    return dock is not None and _dock_of(focus) is dock


def _dock_of(widget: QWidget | None) -> QDockWidget | None:
    while widget is not None and not isinstance(widget, QDockWidget):
        widget = widget.parentWidget()
    return widget


def _first_focusable(root: QWidget | None) -> QWidget | None:
    if root is None:
        return None
    for child in [root, *root.findChildren(QWidget)]:
        if child.isVisible() and child.isEnabled() and \
                child.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return child
    return None
