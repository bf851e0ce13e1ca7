"""The two side panels: the project's articles, and the annotations of the open articles."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QIcon, QPixmap
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QMenu, QTableView, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from .row_table import set_up_table
from .annotating.annotation_table import (ACTOR, ARTICLE, FORM, NOTE, OFFSETS, SPEAKER, TAG, TEXT,
                               AnnotationTableModel)
from .panes.article_pane import ARTICLE_MIME


def swatch(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


COUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # the annotation count as a number

class ArticleTree(QTreeWidget):
    """Article list that can be dragged onto a pane."""

    def startDrag(self, actions):
        item = self.currentItem()
        if item is None:
            return
        mime = QMimeData()
        mime.setData(ARTICLE_MIME, item.data(0, Qt.ItemDataRole.UserRole).encode())
        mime.setText(item.text(0))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


class ArticlesPanel(QWidget):
    openRequested = Signal(str, int)  # article id, pane index (-1: the active pane, -2: a new pane)
    deleteRequested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter articles")
        self.filter.setClearButtonEnabled(True)
        self.tree = ArticleTree()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Title", "Source", "Annotations"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setDragEnabled(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.resizeSection(1, 80)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemDoubleClicked.connect(
            lambda item, _c: self.openRequested.emit(item.data(0, Qt.ItemDataRole.UserRole), -1))
        self.filter.textChanged.connect(self._apply_filter)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.filter)
        column.addWidget(self.tree)

    def set_articles(self, articles) -> None:
        self.tree.clear()
        for a in articles:
            item = QTreeWidgetItem([a.title, a.source or "", f"{a.annotation_count:,}"])
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.setData(2, COUNT_ROLE, a.annotation_count)
            item.setToolTip(0, a.title)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        self._apply_filter(self.filter.text())

    def adjust_count(self, article_id: str, delta: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == article_id:
                count = int(item.data(2, COUNT_ROLE) or 0) + delta
                item.setData(2, COUNT_ROLE, count)
                item.setText(2, f"{count:,}")
                return

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            hay = f"{item.text(0)} {item.text(1)}".casefold()
            item.setHidden(bool(needle) and needle not in hay)

    def _menu(self, point) -> None:
        item = self.tree.itemAt(point)
        if item is None:
            return
        article_id = item.data(0, Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        menu.addAction("Open in left pane", lambda: self.openRequested.emit(article_id, 0))
        menu.addAction("Open in right pane", lambda: self.openRequested.emit(article_id, 1))
        menu.addAction("Open in a new pane", lambda: self.openRequested.emit(article_id, -2))
        menu.addSeparator()
        menu.addAction("Delete article…", lambda: self.deleteRequested.emit(article_id))
        menu.exec(self.tree.viewport().mapToGlobal(point))


class AnnotationsPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = AnnotationTableModel(self)
        self.tag_filter = QComboBox()
        self.tag_filter.setToolTip("Show only this tag")
        self.text_filter = QLineEdit(
            placeholderText="Filter by text or note — or actor:gu  speaker:tkacik  form:direct  "
                            "anonymous  annotator:alice")
        self.text_filter.setToolTip(
            "Words find the text or the note. Also:\nactor:NAME — spans naming that actor\n"
            "speaker:NAME — quotes said by that actor\nform:direct, form:indirect, "
            "form:paraphrase, form:none\nanonymous (or -anonymous) — quotes from an anonymous "
            "source\nannotator:NAME — spans of that annotator (the View › Annotators menu hides "
            "layers)\nQuote names with spaces: actor:\"Gu Kailai\"")
        self.text_filter.setClearButtonEnabled(True)
        self.table = QTableView()
        header = set_up_table(self.table, self.model, stretch=(TEXT,))
        header.resizeSection(TAG, 80)
        header.resizeSection(NOTE, 220)
        header.resizeSection(OFFSETS, 90)
        header.resizeSection(ARTICLE, 170)
        for section, width in ((ACTOR, 110), (SPEAKER, 110), (FORM, 90)):
            header.resizeSection(section, width)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # clicking a header sorts; reading order at first
        row = QHBoxLayout()
        row.addWidget(self.tag_filter)
        row.addWidget(self.text_filter, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(row)
        column.addWidget(self.table)
        self.tag_filter.currentIndexChanged.connect(self._refilter)
        self.text_filter.textChanged.connect(self._refilter)

    def set_tags(self, tags) -> None:
        chosen = self.tag_filter.currentData()  # kept through a merge or an undo
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for t in tags:
            self.tag_filter.addItem(swatch(t.color), t.name, t.name)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(chosen)))
        self.tag_filter.blockSignals(False)
        if self.tag_filter.currentData() != chosen:  # the tag shown was renamed or deleted
            self._refilter()
        self.model.set_colors({t.name: t.color for t in tags})

    def _refilter(self) -> None:
        self.model.set_filter(self.tag_filter.currentData(), self.text_filter.text())

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.annotation(r).id for r in rows]

    def select_id(self, annotation_id: str | None) -> None:
        selection = self.table.selectionModel()
        row = self.model.row_of(annotation_id) if annotation_id else -1
        if row < 0:
            selection.clearSelection()
            return
        index = self.model.index(row, TAG)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect
                                  | selection.SelectionFlag.Rows)
        self.table.scrollTo(index)
