"""Where each pane was scrolled to, kept as a code point (which survives a change of font size
or window width, unlike a scroll bar value)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor


def first_visible(view) -> int:
    """The code point at the top left of the view's text."""
    if not view.text:
        return 0
    cursor = view.cursorForPosition(QPoint(0, 0))
    return view.offsets.to_codepoint(cursor.position())


def scroll_to(view, codepoint: int) -> None:
    """Scroll so that the line holding ``codepoint`` is the first one shown."""
    if not view.text or not 0 < codepoint <= len(view.text):
        return
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(codepoint))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # from below, making the cursor visible puts its line on top
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
