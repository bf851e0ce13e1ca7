"""A view in a dock on the right of the panes (Compare, Agreement), hidden until asked for, and
widened on its first showing so that its columns fit beside the panes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget


def install_right(window, title: str, view: QWidget, first_width: int) -> QDockWidget:
    dock = window._dock(title, view, Qt.DockWidgetArea.RightDockWidgetArea)
    dock.hide()
    dock.visibilityChanged.connect(
        lambda on: QTimer.singleShot(0, lambda: _first_width(window, dock, first_width))
        if on else None)
    return dock


def _first_width(window, dock: QDockWidget, width: int) -> None:
    """Shown docked and narrow (its first showing): as wide as its view wants."""
    if dock.isVisible() and not dock.isFloating() and not dock.property("sized"):
        dock.setProperty("sized", True)
        if dock.width() < width - 40:
            window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
