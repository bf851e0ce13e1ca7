"""The annotations of the open articles as a table model: a thin adapter over plain data.

Rows are kept in (article pane order, start, end, tag, id) order and filtered inside the model:
a QSortFilterProxyModel would call back into Python for every row on every change, which is
seconds for tens of thousands of annotations.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ..row_table import RowTableModel
from ...domain.model import Annotation
from .table_filter import TableFilter, form_text

COLUMNS = ("Tag", "Text", "Note", "Offsets", "Annotator", "Article", "Actor", "Speaker", "Form")
TAG, TEXT, NOTE, OFFSETS, ANNOTATOR, ARTICLE, ACTOR, SPEAKER, FORM = range(9)
IdRole = Qt.ItemDataRole.UserRole + 1


class AnnotationTableModel(RowTableModel):
    COLUMNS = COLUMNS
    NOTE = NOTE

    noteEdited = Signal(str, str)  # annotation id, new note (the window turns it into a command)

    def __init__(self, parent=None):
        super().__init__(parent)
        # Annotations in (pane order, start, end, tag, id) order; positions are found with
        # bisect(key=...), which computes keys only for the few rows it compares.
        self._all: list[Annotation] = []
        self._rows: list[Annotation] = []     # the ones passing the filter
        self._by_id: dict[str, Annotation] = {}
        self._article_order: dict[str, int] = {}
        self._titles: dict[str, str] = {}
        self._colors: dict[str, QColor] = {}
        self._tag_filter: str | None = None
        self._text_filter = ""
        self._filter = TableFilter("")  # the filter box: words, actor:, speaker:, form:, anonymous
        self._shown: frozenset[str] | None = None  # annotators whose rows are listed (None: all)
        self.actor_names: dict[str, str] = {}  # actor id -> name (the Actor column)
        self.speakers: dict[str, str] = {}     # quote id -> its speakers' names (Speaker column)
        self._sort: tuple[int, bool] | None = None  # (column, descending); None: reading order

    # -- feeding --------------------------------------------------------------------------------
    def _key(self, a: Annotation) -> tuple:
        return (self._article_order.get(a.article_id, 1 << 30), a.start, a.end, a.tag, a.id)

    def set_colors(self, colors: dict[str, str]) -> None:
        self._colors = {name: QColor(value) for name, value in colors.items()}

    def set_articles(self, articles: list[tuple[str, str, list[Annotation]]]) -> None:
        """Show these articles' annotations: [(article id, title, annotations in (start, end,
        tag, id) order)], in pane order. Nothing is sorted: the order is already right."""
        self.beginResetModel()
        self._article_order = {aid: i for i, (aid, _, _) in enumerate(articles)}
        self._titles = {aid: title for aid, title, _ in articles}
        self._all = [a for _, _, items in articles for a in items]
        self._by_id = {a.id: a for a in self._all}
        self._rows = self._filtered()
        self.endResetModel()

    def apply_changes(self, article_id: str, upserted: list[Annotation], removed: list[str]) -> None:
        if article_id not in self._article_order:
            return
        if self._sort is not None:  # sorted by a column: rebuild (reading order stays fast)
            for annotation_id in [*removed, *(a.id for a in upserted)]:
                old = self._by_id.pop(annotation_id, None)
                if old is not None:
                    del self._all[bisect_left(self._all, self._key(old), key=self._key)]
            for a in upserted:
                self._by_id[a.id] = a
                self._all.insert(bisect_left(self._all, self._key(a), key=self._key), a)
            self.beginResetModel()
            self._rows = self._filtered()
            self.endResetModel()
            return
        fresh, moved = [], []
        for a in upserted:
            old = self._by_id.get(a.id)
            if old is None:
                fresh.append(a)
            elif self._key(old) == self._key(a) and self._passes(a):
                self._replace_in_place(old, a)  # a note: the row stays where it is
            else:
                moved.append(a)
        for annotation_id in removed:
            self._remove(annotation_id)
        if moved:
            self._move(moved)
        for a in fresh:
            key = self._key(a)
            self._by_id[a.id] = a
            self._all.insert(bisect_left(self._all, key, key=self._key), a)
            if self._passes(a):
                i = bisect_left(self._rows, key, key=self._key)
                self.beginInsertRows(QModelIndex(), i, i)
                self._rows.insert(i, a)
                self.endInsertRows()

    def _remove(self, annotation_id: str) -> None:
        old = self._by_id.pop(annotation_id, None)
        if old is None:
            return
        key = self._key(old)
        del self._all[bisect_left(self._all, key, key=self._key)]
        i = bisect_left(self._rows, key, key=self._key)
        if i < len(self._rows) and self._rows[i].id == annotation_id:
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self.endRemoveRows()

    def _move(self, changed: list[Annotation]) -> None:
        """Annotations whose place in the order changed (retag, new extent): a layout change,
        so that selections and the current row follow them instead of sliding to a neighbour."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        followed = [(index, self._rows[index.row()].id) for index in persistent
                    if 0 <= index.row() < len(self._rows)]
        for a in changed:
            old = self._by_id.pop(a.id)
            del self._all[bisect_left(self._all, self._key(old), key=self._key)]
            self._by_id[a.id] = a
            self._all.insert(bisect_left(self._all, self._key(a), key=self._key), a)
        self._rows = self._filtered()
        self.changePersistentIndexList(
            [index for index, _ in followed],
            [self.index(self.row_of(ident), index.column()) if self.row_of(ident) >= 0
             else QModelIndex() for index, ident in followed])
        self.layoutChanged.emit()

    def _replace_in_place(self, old: Annotation, new: Annotation) -> None:
        self._by_id[new.id] = new
        key = self._key(old)
        self._all[bisect_left(self._all, key, key=self._key)] = new
        i = bisect_left(self._rows, key, key=self._key)
        if i < len(self._rows) and self._rows[i].id == new.id:
            self._rows[i] = new
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def set_names(self, actor_names: dict[str, str] | None = None,
                  speakers: dict[str, str] | None = None) -> None:
        """The actors' names and the quotes' speakers (they change without the rows changing)."""
        if (actor_names is None or actor_names == self.actor_names) and \
                (speakers is None or speakers == self.speakers):
            return
        if actor_names is not None:
            self.actor_names = actor_names
        if speakers is not None:
            self.speakers = speakers
        if self._filter.uses_names:
            self.set_filter(self._tag_filter, self._text_filter)
        elif self._rows:
            self.dataChanged.emit(self.index(0, ACTOR), self.index(len(self._rows) - 1, SPEAKER))

    # -- filtering ------------------------------------------------------------------------------
    def set_shown_annotators(self, shown: frozenset[str] | None) -> None:
        """List only these annotators' annotations (the window's annotator layers; None: all)."""
        if shown == self._shown:
            return
        self.beginResetModel()
        self._shown = shown
        self._rows = self._filtered()
        self.endResetModel()

    def _passes(self, a: Annotation) -> bool:
        if self._shown is not None and a.annotator not in self._shown:
            return False
        if self._tag_filter and a.tag != self._tag_filter:
            return False
        if self._text_filter:
            return self._filter.passes(a, self.actor_names.get(a.actor or "", ""),
                                       self.speakers.get(a.id, ""))
        return True

    def _filtered(self) -> list[Annotation]:
        rows = list(self._all) if not self._tag_filter and not self._text_filter and \
            self._shown is None else \
            [a for a in self._all if self._passes(a)]
        if self._sort is not None:
            column, descending = self._sort
            value = self._sort_value(column)
            rows.sort(key=lambda a: (value(a), self._key(a)), reverse=descending)
        return rows

    def _sort_value(self, column: int):
        if column == TAG:
            return lambda a: a.tag
        if column == TEXT:
            return lambda a: a.text.casefold()
        if column == NOTE:
            return lambda a: a.note.casefold()
        if column == ANNOTATOR:
            return lambda a: a.annotator.casefold()
        if column == ARTICLE:
            return lambda a: self._titles.get(a.article_id, "").casefold()
        if column == ACTOR:
            return lambda a: self.actor_names.get(a.actor or "", "").casefold()
        if column == SPEAKER:
            return lambda a: self.speakers.get(a.id, "").casefold()
        if column == FORM:
            return lambda a: form_text(a.attributes)
        return lambda a: (a.start, a.end)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; column -1 (or Offsets ascending) is reading order, the fastest."""
        descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        self._sort = None if column < 0 or (column == OFFSETS and not descending) else (column, descending)
        self._rows = self._filtered()
        self.layoutChanged.emit()

    def set_filter(self, tag: str | None, text: str) -> None:
        self.beginResetModel()
        self._tag_filter = tag or None
        self._text_filter = text.casefold().strip()
        self._filter = TableFilter(self._text_filter)
        self._rows = self._filtered()
        self.endResetModel()

    # -- lookup ---------------------------------------------------------------------------------
    def annotation(self, row: int) -> Annotation:
        return self._rows[row]

    def row_of(self, annotation_id: str) -> int:
        a = self._by_id.get(annotation_id)
        if a is None:
            return -1
        if self._sort is not None:
            return next((i for i, row in enumerate(self._rows) if row.id == annotation_id), -1)
        i = bisect_left(self._rows, self._key(a), key=self._key)
        return i if i < len(self._rows) and self._rows[i].id == annotation_id else -1

    def total(self) -> int:
        return len(self._all)

    # -- Qt model interface ---------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == TAG:
                return a.tag
            if column == TEXT:
                return " ".join(a.text.split()) if role == Qt.ItemDataRole.DisplayRole else a.text
            if column == NOTE:
                return a.note
            if column == ANNOTATOR:
                return a.annotator
            if column == OFFSETS:
                return f"{a.start}–{a.end}"
            if column == ACTOR:
                return self.actor_names.get(a.actor, "") if a.actor else ""
            if column == SPEAKER:
                return self.speakers.get(a.id, "")
            if column == FORM:
                return form_text(a.attributes)
            return self._titles.get(a.article_id, "")
        if role == Qt.ItemDataRole.DecorationRole and column == TAG:
            return self._colors.get(a.tag, QColor("#888888"))
        if role == Qt.ItemDataRole.ToolTipRole and column in (TEXT, NOTE):
            return (f"{a.text}\n\n[{a.start}–{a.end}]" if column == TEXT else a.note) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == OFFSETS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return a.id
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != NOTE or not index.isValid():
            return False
        a = self._rows[index.row()]
        if value != a.note:
            self.noteEdited.emit(a.id, str(value))
        return True
