"""The Links panel's table model: one row per link of the project (type, both texts, both
articles, note). A model over the LinkIndex: rows are link ids sorted by keys kept per link, so a
change re-sorts ids (milliseconds for 10,000) and asks nothing of the database; it refreshes
from the index's signals, which come from the Session's, and from article titles changing."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ..row_table import RowTableModel
from ...domain.model import Link
from .link_index import LinkIndex, link_color
from ..annotating.table_filter import LinkFilter

COLUMNS = ("Type", "From", "From article", "To", "To article", "Note")
TYPE, FROM, FROM_ARTICLE, TO, TO_ARTICLE, NOTE = range(6)
LinkIdRole = Qt.ItemDataRole.UserRole + 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


class LinkTableModel(RowTableModel):
    COLUMNS = COLUMNS
    NOTE = NOTE

    noteEdited = Signal(str, str)  # link id, new note (the window turns it into a command)

    def __init__(self, index: LinkIndex, parent=None):
        super().__init__(parent)
        self.index_ = index
        self._rows: list[str] = []         # link ids passing the filter, in order
        self._keys: dict[str, tuple] = {}  # per link: its sort key in reading order
        self._type_filter: str | None = None
        self._text_filter = ""
        self._filter = LinkFilter("")  # the filter box: words, annotator:
        self._sort: tuple[int, bool] | None = None
        self._rank: dict[str, int] = {}     # article id -> its place in the project's order
        index.reset.connect(self.rebuild)
        index.changed.connect(self._on_changed)
        index.endsChanged.connect(self._on_ends)
        index.shownChanged.connect(lambda: self._relayout(reset=True))  # View › Annotators
        index.session.articlesChanged.connect(self.rebuild)  # titles
        index.session.articleChanged.connect(lambda _article: self.rebuild())
        self.rebuild()

    # -- feeding --------------------------------------------------------------------------------
    def _title(self, article_id: str) -> str:
        return self.index_.session.title(article_id)

    def _text(self, annotation_id: str) -> str:
        end = self.index_.ends.get(annotation_id)
        return end.text if end is not None else ""

    def _place(self, article_id: str, annotation_id: str) -> tuple[int, int]:
        """Where an end is in the project: its article's place in the project's order (the
        Articles panel's), then its position in the text."""
        end = self.index_.ends.get(annotation_id)
        return self._rank.get(article_id, 1 << 30), end.start if end is not None else 0

    def _shown(self, link: Link) -> Link:
        """An undirected link as the table shows it: its ends in project order, whichever way
        it is stored (smaller id first)."""
        if self.index_.directed(link.type) or \
                self._place(link.to_article, link.to_id) >= self._place(link.from_article,
                                                                        link.from_id):
            return link
        return link._replace(from_id=link.to_id, to_id=link.from_id,
                             from_article=link.to_article, to_article=link.from_article)

    def _keys_of(self, links) -> dict[str, tuple]:
        """Each link's sort key: both ends' places (article, then position; an undirected
        link's in project order, as _shown turns it), its type, its id."""
        rank, ends, far = self._rank, self.index_.ends, 1 << 30
        directed = {name for name, known in self.index_.types.items() if known.directed}
        keys = {}
        for link in links:
            a, b = ends.get(link.from_id), ends.get(link.to_id)
            first = (rank.get(link.from_article, far), a.start if a is not None else 0)
            second = (rank.get(link.to_article, far), b.start if b is not None else 0)
            if second < first and link.type not in directed:  # as _shown turns it
                first, second = second, first
            keys[link.id] = (*first, *second, link.type, link.id)
        return keys

    def rebuild(self) -> None:
        """Every key again (all links read again, or the articles changed)."""
        self._rank = {a.id: i for i, a in enumerate(self.index_.session.articles)}
        self._keys = self._keys_of(self.index_.links.values())
        self._relayout(reset=True)

    def _on_changed(self, upserted: list[Link], removed: list[str]) -> None:
        for link_id in removed:
            self._keys.pop(link_id, None)
        self._keys.update(self._keys_of(upserted))
        if len(upserted) == 1 and not removed and self._in_place(upserted[0]):
            return
        self._relayout()

    def _on_ends(self, link_ids: list[str]) -> None:
        links = self.index_.links
        self._keys.update(self._keys_of(links[i] for i in link_ids if i in links))
        self._relayout()

    def _in_place(self, link: Link) -> bool:
        """A note edited: the row stays where it is, only its cells change."""
        row = self.row_of(link.id)
        if row < 0 or self._sort is not None or not self._passes(link):
            return False
        before = self._rows[row - 1] if row > 0 else None
        after = self._rows[row + 1] if row + 1 < len(self._rows) else None
        key = self._keys[link.id]
        if (before and self._keys[before] > key) or (after and self._keys[after] < key):
            return False
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def _ordered(self) -> list[str]:
        links = self.index_.links
        if self._type_filter or self._filter or self.index_.shown is not None:
            ids = [i for i in self._keys if i in links and self._passes(links[i])]
        else:
            ids = [i for i in self._keys if i in links]
        if self._sort is None:
            ids.sort(key=self._keys.__getitem__)
            return ids
        column, descending = self._sort
        value = self._sort_value(column)
        ids.sort(key=lambda i: (value(self._shown(links[i])), self._keys[i]), reverse=descending)
        return ids

    def _relayout(self, reset: bool = False) -> None:
        if reset:
            self.beginResetModel()
            self._rows = self._ordered()
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        followed = [self._rows[i.row()] if 0 <= i.row() < len(self._rows) else None for i in old]
        self._rows = self._ordered()
        where = {link_id: row for row, link_id in enumerate(self._rows)}
        self.changePersistentIndexList(
            old, [self.index(where[f], i.column()) if f in where else QModelIndex()
                  for i, f in zip(old, followed, strict=True)])
        self.layoutChanged.emit()

    # -- filtering and sorting ------------------------------------------------------------------
    def _passes(self, link: Link) -> bool:
        if self._type_filter and link.type != self._type_filter:
            return False
        if not self.index_.visible(link):  # a hidden annotator's link, or one to a hidden span
            return False
        if self._filter:
            hay = " ".join((self._text(link.from_id), self._text(link.to_id), link.note,
                            self._title(link.from_article), self._title(link.to_article)))
            return self._filter.passes(link.annotator, hay)
        return True

    def set_filter(self, link_type: str | None, text: str) -> None:
        wanted = (link_type or None, text.casefold().strip())
        if wanted == (self._type_filter, self._text_filter):
            return  # the rows are these already (the panel sets its filter when built)
        self._type_filter, self._text_filter = wanted
        self._filter = LinkFilter(text)
        self._relayout(reset=True)

    def _sort_value(self, column: int):
        if column == TYPE:
            return lambda k: k.type
        if column in (FROM, TO):
            return lambda k: self._text(k.from_id if column == FROM else k.to_id).casefold()
        if column in (FROM_ARTICLE, TO_ARTICLE):
            return lambda k: self._title(k.from_article if column == FROM_ARTICLE
                                         else k.to_article).casefold()
        return lambda k: k.note.casefold()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        wanted = None if column < 0 else (column, descending)
        if wanted != self._sort:  # (the table asks for its order when sorting is turned on)
            self._sort = wanted
            self._relayout()

    # -- lookup ---------------------------------------------------------------------------------
    def link(self, row: int) -> Link:
        return self.index_.links[self._rows[row]]

    def row_of(self, link_id: str) -> int:
        if link_id not in self._keys:
            return -1
        if self._sort is None:
            i = bisect_left(self._rows, self._keys[link_id], key=self._keys.__getitem__)
            return i if i < len(self._rows) and self._rows[i] == link_id else -1
        return next((i for i, row in enumerate(self._rows) if row == link_id), -1)

    def total(self) -> int:
        return len(self.index_.links)

    # -- Qt model interface ---------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        link = self.index_.links.get(self._rows[index.row()])
        if link is None:
            return None
        link = self._shown(link)
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(link, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.DecorationRole and column == TYPE:
            return QColor(link_color(link.type))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TYPE:
                known = self.index_.types.get(link.type)
                return known.description if known else None
            if column in (FROM, TO):
                return self._text(link.from_id if column == FROM else link.to_id) or None
            return (link.note or None) if column == NOTE else None
        if role == LinkIdRole:
            return link.id
        return None

    def _display(self, link: Link, column: int, editing: bool):
        if column == TYPE:
            return link.type + (" →" if self.index_.directed(link.type) and not editing else "")
        if column == FROM:
            return _one_line(self._text(link.from_id))
        if column == TO:
            return _one_line(self._text(link.to_id))
        if column == FROM_ARTICLE:
            return self._title(link.from_article)
        if column == TO_ARTICLE:
            return self._title(link.to_article)
        return link.note

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != NOTE or not index.isValid():
            return False
        link = self.link(index.row())
        if value != link.note:
            self.noteEdited.emit(link.id, str(value))
        return True
