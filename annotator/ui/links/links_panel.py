"""The Links panel: one row per link of the project (link_table.py), filtered by type or text
(and annotator:NAME); links of hidden annotators' layers are left out. A click on a row shows
the link's two ends, Delete deletes the selected links, the note is edited in place."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel,
                               QLineEdit, QTableView, QVBoxLayout, QWidget)

from .link_index import LinkIndex, link_color
from ..row_table import set_up_table
from .link_table import FROM, FROM_ARTICLE, NOTE, TO, TO_ARTICLE, TYPE, LinkTableModel
from ..panels import swatch
from ..words import plural

class LinkTable(QTableView):
    """Delete (or Backspace) deletes the selected links, before the window's Delete (which
    deletes annotations) can take the key."""

    deleteRequested = Signal()

    def event(self, event) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.state() != QAbstractItemView.State.EditingState):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.state() != QAbstractItemView.State.EditingState):
            self.deleteRequested.emit()
            return
        super().keyPressEvent(event)


class LinksPanel(QWidget):
    linkActivated = Signal(str)          # a row clicked (or reached with the keys): show its ends
    deleteRequested = Signal(list)       # ids of the selected links

    def __init__(self, index: LinkIndex, parent=None):
        super().__init__(parent)
        self.index_ = index
        self.model = LinkTableModel(index, self)
        self.type_filter = QComboBox()
        self.type_filter.setToolTip("Show only this link type (the colour links are drawn in)")
        self.text_filter = QLineEdit(placeholderText="Filter by text, article, note, "
                                     "annotator:NAME")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setToolTip("Words search both ends' texts, the note and the articles' "
                                    "titles; annotator:ali keeps the links made by annotators "
                                    "whose name contains “ali” (annotator:\"alice\": exactly "
                                    "alice). Links of hidden annotators (View › Annotators) are "
                                    "not listed.")
        self.count = QLabel()
        self.table = LinkTable()
        header = set_up_table(self.table, self.model, stretch=(FROM, TO))
        for section, width in ((TYPE, 110), (FROM_ARTICLE, 150), (TO_ARTICLE, 150), (NOTE, 180)):
            header.resizeSection(section, width)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        row = QHBoxLayout()
        row.addWidget(self.type_filter)
        row.addWidget(self.text_filter, 1)
        row.addWidget(self.count)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(row)
        column.addWidget(self.table)
        self.type_filter.currentIndexChanged.connect(self._refilter)
        self.text_filter.textChanged.connect(self._refilter)
        self.table.deleteRequested.connect(lambda: self.deleteRequested.emit(self.selected_ids()))
        self.table.selectionModel().currentRowChanged.connect(self._current_moved)
        self.table.clicked.connect(lambda i: self.linkActivated.emit(self.model.link(i.row()).id))
        for signal in (self.model.modelReset, self.model.layoutChanged, self.model.rowsInserted,
                       self.model.rowsRemoved):
            signal.connect(self._count)
        index.typesChanged.connect(self.set_types)
        self.set_types()

    def set_types(self) -> None:
        chosen = self.type_filter.currentData()
        self.type_filter.blockSignals(True)
        self.type_filter.clear()
        self.type_filter.addItem("All link types", None)
        for name, known in self.index_.types.items():
            self.type_filter.addItem(swatch(link_color(name)), name, name)
            self.type_filter.setItemData(self.type_filter.count() - 1, known.description,
                                         Qt.ItemDataRole.ToolTipRole)
        self.type_filter.setCurrentIndex(max(0, self.type_filter.findData(chosen)))
        self.type_filter.blockSignals(False)
        self._refilter()

    def _refilter(self) -> None:
        self.model.set_filter(self.type_filter.currentData(), self.text_filter.text())

    def _count(self, *_args) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        text = plural(total, "link") if shown == total else f"{shown:,} of {total:,}"
        self.count.setText(text if self.index_.complete else f"{text}, reading the others…")

    def _current_moved(self, current, _previous) -> None:
        # Moving through the rows with the keys shows each link (a click also emits clicked).
        if current.isValid() and self.table.hasFocus():
            self.linkActivated.emit(self.model.link(current.row()).id)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.link(r).id for r in rows]

    def select_id(self, link_id: str) -> None:
        row = self.model.row_of(link_id)
        if row < 0:
            return
        selection = self.table.selectionModel()
        index = self.model.index(row, TYPE)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect
                                  | selection.SelectionFlag.Rows)
        self.table.scrollTo(index)
