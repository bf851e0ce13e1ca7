"""One pane: a header (article drop-down, source and date, close), the text, a find bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QSizePolicy,
                               QToolButton, QVBoxLayout, QWidget)

from .article_view import ArticleView

ARTICLE_MIME = "application/x-annotator-article-id"


class FindBar(QWidget):
    def __init__(self, view: ArticleView, parent=None):
        super().__init__(parent)
        self.view = view
        self._matches: tuple[tuple | None, list[int]] = (None, [])  # see _count
        self.edit = QLineEdit(placeholderText="Find in article (Enter: next, Shift+Enter: previous)")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel()
        close = QToolButton(text="✕", autoRaise=True, toolTip="Close (Esc)")  # type: ignore[call-arg]
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.status)
        row.addWidget(close)
        self.edit.textChanged.connect(lambda: self.search(backward=False, from_start=True))
        self.edit.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched, event) -> bool:
        # The line edit would take Return (and Shift+Return) for itself: look first.
        if watched is self.edit and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.search(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.hide()
                self.view.setFocus()
                return True
        return False

    def open(self):
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def find_again(self, backward: bool) -> bool:
        if not self.edit.text():
            self.open()
            return False
        return self.search(backward)

    def search(self, backward: bool, from_start: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.status.setText("")
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        before = self.view.textCursor()
        scrolled = self.view.verticalScrollBar().value()
        if from_start:
            cursor = self.view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.view.setTextCursor(cursor)
        found = self.view.find(needle, flags)
        if not found:  # wrap around
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            found = self.view.find(needle, flags)
        if not found:  # a failed search leaves the reader where they were
            self.view.setTextCursor(before)
            self.view.verticalScrollBar().setValue(scrolled)
        self.status.setText(self._count(needle) if found else "not found")
        return found

    def _count(self, needle: str) -> str:
        """"3 of 12": which match is selected, of how many (case-insensitive, as the search).
        The matches are found once per needle and text, not again at every Enter."""
        import re
        from bisect import bisect_left

        key = self._matches[0]
        if key is None or key[0] != needle or key[1] is not self.view.text:
            found = re.finditer(re.escape(needle), self.view.text, re.IGNORECASE)
            self._matches = ((needle, self.view.text), [m.start() for m in found])
        starts = self._matches[1]
        selected = self.view.selection_codepoints()
        if not starts or selected is None:
            return ""
        return f"{bisect_left(starts, selected[0]) + 1:,} of {len(starts):,}"


class ElidedLabel(QLabel):
    """One line that never widens its pane: a long source or author is cut with "…" (the whole
    line is in the tooltip)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str, tip: str = "") -> None:
        self.full = text
        self.setToolTip("\n".join(t for t in (text, tip) if t))
        self._elide()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideMiddle,
                                                   max(0, self.width())))


class ArticlePane(QFrame):
    articleRequested = Signal(str)   # the user picked another article in the drop-down
    closeRequested = Signal()
    detailsRequested = Signal()
    activated = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.article_id: str | None = None
        self.deleted_article: str | None = None  # shown again if its deletion is undone
        self.chooser = QComboBox(
            sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(8)  # (three panes and Compare fit a 1366 px screen)
        self.chooser.setToolTip("Article shown in this pane")
        font = self.chooser.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.chooser.setFont(font)
        self.meta = ElidedLabel()
        self.meta.setStyleSheet("color: palette(mid);")
        self.close_button = QToolButton(text="✕", autoRaise=True, toolTip="Close this pane")
        self.close_button.clicked.connect(self.closeRequested)
        self.details_button = QToolButton(text="✎", autoRaise=True,
                                          toolTip="Article details: title, source, author, date")
        self.details_button.clicked.connect(self.detailsRequested)
        header = QWidget()
        row = QHBoxLayout(header)
        row.setContentsMargins(6, 4, 4, 0)
        row.addWidget(self.chooser, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        self.view = ArticleView()
        self.view.setAcceptDrops(False)  # articles dragged here are for the pane
        self.find_bar = FindBar(self.view)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(header)
        meta_row = QHBoxLayout()
        meta_row.setContentsMargins(10, 0, 6, 2)
        meta_row.addWidget(self.meta)
        column.addLayout(meta_row)
        column.addWidget(self.view, 1)
        column.addWidget(self.find_bar)
        self.chooser.activated.connect(self._chosen)
        self.view.installEventFilter(self)
        self.set_active(False)

    def set_choices(self, articles) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for a in articles:
            self.chooser.addItem(a.title, a.id)
            self.chooser.setItemData(self.chooser.count() - 1, a.title, Qt.ItemDataRole.ToolTipRole)
        index = self.chooser.findData(self.article_id)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)

    def show_article(self, article, annotations, colors) -> None:
        self.article_id = article.id
        self.show_details(article)
        self.chooser.setCurrentIndex(self.chooser.findData(article.id))
        self.view.set_article(article.text, annotations, colors)

    def clear(self) -> None:
        self.article_id = None
        self.meta.set_full_text("")
        self.view.set_article("", [], {})

    def show_details(self, article) -> None:
        parts = [p for p in (article.source, article.published, article.author) if p]
        parts.append(f"{len(article.text):,} characters")
        self.meta.set_full_text(" · ".join(parts), article.url or article.filename or "")

    def _chosen(self, index: int) -> None:
        article_id = self.chooser.itemData(index)
        if article_id and article_id != self.article_id:
            self.articleRequested.emit(article_id)

    def set_active(self, active: bool) -> None:
        self.setStyleSheet("ArticlePane { border: 2px solid palette(highlight); border-radius: 4px; }"
                           if active else "ArticlePane { border: 2px solid transparent; }")

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == event.Type.FocusIn:
            self.activated.emit()
        return False

    def mousePressEvent(self, event):
        self.activated.emit()
        super().mousePressEvent(event)

    def dragEnterEvent(self, event):
        if event.mimeData().hasFormat(ARTICLE_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event):
        article_id = bytes(event.mimeData().data(ARTICLE_MIME)).decode()
        self.activated.emit()
        self.articleRequested.emit(article_id)
        event.acceptProposedAction()
