"""Qt models over Project.compare() (DESIGN.md section 10): the matrix of actors by articles
(mentions / quotes in each cell, zeros and omissions marked, never blank) and the claims grouped
by `same` links (which articles carry each group, what contradicts it). Both sort by any column
through a QSortFilterProxyModel on SORT_ROLE (numbers, not the text shown)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from ...domain.model import Annotation
from ..words import plural

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ACTOR_ROLE = Qt.ItemDataRole.UserRole + 2     # the row's actor id (matrix)
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 3   # the column's article id ("" for All / Actor)
GROUP_ROLE = Qt.ItemDataRole.UserRole + 4     # the row's claim group (a dict; claims)

ARTICLES, CONTRADICTED_BY = 0, 1  # the claims' summary columns, after the text
NONE_TEXT = "—"  # an empty cell: nothing counted there
GREY = QColor("#9a9a9a")
OMITTED = QColor("#fbe3c8")       # this outlet never names an actor that another one names
CONTRADICTED = QColor("#f6d0d0")  # a claim group something contradicts
HEADER_CHARS = 32
NAME_CHARS = 48


class CompareData(NamedTuple):
    articles: list[dict]            # {"id", "title", "source"} in import order
    labels: list[str]               # a short header per article (source, else title)
    names: list[str]                # the same, longer (the chart's legend, the PDF)
    actors: list[dict]              # {"id", "name", "mentions": {aid: n}, "quotes": {aid: n}}
    claims: list[dict]              # {"members", "articles": {aid: n}, "contradicted_by"}
    annotations: dict[str, Annotation]  # the claims' members and contradictors, by id

    def full_title(self, index: int) -> str:
        article = self.articles[index]
        return article["title"] + (f" — {article['source']}" if article["source"] else "")


def article_labels(articles: list[dict], limit: int = HEADER_CHARS) -> list[str]:
    """A header per article: its source, else its title, cut to ``limit`` characters; two of
    one outlet are told apart by a number."""
    labels = []
    for article in articles:
        text = " ".join((article.get("source") or article.get("title") or "?").split())
        labels.append(text if len(text) <= limit else text[:limit - 1].rstrip() + "…")
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    counter: dict[str, int] = {}
    out = []
    for label in labels:
        if seen[label] > 1:
            counter[label] = counter.get(label, 0) + 1
            out.append(f"{label} ({counter[label]})")
        else:
            out.append(label)
    return out


def two_lines(label: str) -> str:
    """A long header on two lines, broken at the space nearest its middle."""
    if len(label) <= 10 or " " not in label:
        return label
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return f"{label[:cut]}\n{label[cut + 1:]}"


def load(project) -> CompareData:
    """The comparison as the project holds it now, with the texts the claims table shows (read
    in one batch)."""
    data = project.compare()
    ids = sorted({i for g in data["claims"] for i in (*g["members"], *g["contradicted_by"])})
    texts = {a.id: a for a in project.annotations_by_ids(ids)} if ids else {}
    return CompareData(data["articles"], article_labels(data["articles"]),
                       article_labels(data["articles"], NAME_CHARS), data["actors"],
                       data["claims"], texts)


def excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class _Base(QAbstractTableModel):
    """Columns: the row's name, then ``lead`` summary columns, one per article, then ``tail``
    summary columns (each a (header, tooltip))."""

    first_label = ""
    lead: tuple[tuple[str, str], ...] = ()
    tail: tuple[tuple[str, str], ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data_ = CompareData([], [], [], [], [], {})

    def set_data(self, data: CompareData) -> None:
        self.beginResetModel()
        self.data_ = data
        self.endResetModel()

    def article_column(self, column: int) -> int:
        """The article index of a column, or -1."""
        index = column - 1 - len(self.lead)
        return index if 0 <= index < len(self.data_.articles) else -1

    def summary(self, column: int) -> int:
        """Which summary column (an index into lead + tail), or -1."""
        if 1 <= column <= len(self.lead):
            return column - 1
        after = column - 1 - len(self.lead) - len(self.data_.articles)
        return len(self.lead) + after if 0 <= after < len(self.tail) else -1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else \
            1 + len(self.lead) + len(self.data_.articles) + len(self.tail)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        article, summary = self.article_column(section), self.summary(section)
        extra = (*self.lead, *self.tail)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return self.first_label
            if article >= 0:
                return two_lines(self.data_.labels[article])
            if summary >= 0:
                return extra[summary][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            if article >= 0:
                return f"{self.data_.full_title(article)}\n{self.column_tip()}"
            if summary >= 0:
                return extra[summary][1]
        return None

    def column_tip(self) -> str:
        return ""

    def article_id(self, column: int) -> str:
        article = self.article_column(column)
        return self.data_.articles[article]["id"] if article >= 0 else ""


class MatrixModel(_Base):
    """Rows: actors (the project's order: most mentioned first). Columns: Actor, one per
    article ("mentions / quotes"), All."""

    first_label = "Actor"

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.data_.actors)

    tail = (("All", "Mentions / quotes in every article"),)

    def column_tip(self) -> str:
        return "Mentions / quotes in this article (click a cell to show them)"

    def counts(self, row: int, column: int) -> tuple[int, int]:
        actor = self.data_.actors[row]
        article_id = self.article_id(column)
        if article_id:
            return actor["mentions"].get(article_id, 0), actor["quotes"].get(article_id, 0)
        return sum(actor["mentions"].values()), sum(actor["quotes"].values())

    def omitted(self, row: int, column: int) -> bool:
        """This article never names the actor, though another article does."""
        actor = self.data_.actors[row]
        article_id = self.article_id(column)
        return bool(article_id) and not actor["mentions"].get(article_id) \
            and any(actor["mentions"].values())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        actor = self.data_.actors[row]
        if role == ACTOR_ROLE:
            return actor["id"]
        if role == ARTICLE_ROLE:
            return self.article_id(column)
        if column == 0:
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return actor["name"] if role == Qt.ItemDataRole.DisplayRole \
                    else actor["name"].casefold()
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{actor['name']}: click to show every article that names or quotes it"
            return None
        mentions, quotes = self.counts(row, column)
        empty = not mentions and not quotes
        if role == Qt.ItemDataRole.DisplayRole:
            return NONE_TEXT if empty else f"{mentions} / {quotes}"
        if role == SORT_ROLE:  # mentions first, then quotes
            return mentions * 1_000_000_000 + quotes
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and empty:
            return GREY
        if role == Qt.ItemDataRole.BackgroundRole and self.omitted(row, column):
            return OMITTED
        if role == Qt.ItemDataRole.ToolTipRole:
            where = self.data_.labels[self.article_column(column)] if self.article_id(column) \
                else "all articles"
            said = f"{actor['name']} in {where}: {plural(mentions, 'mention')}, " \
                   f"{plural(quotes, 'quote')}"
            if self.omitted(row, column):
                said += f"\n{where} never names {actor['name']}; other articles do"
            return said
        return None


class ClaimsModel(_Base):
    """Rows: claim groups (joined by `same` links). Columns: Claim (its first member's text),
    Articles, Contradicted, then one per article (✓ when the article carries the group)."""

    first_label = "Claim"

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.data_.claims)

    # The summaries first: in a narrow dock they stay in sight beside the claim's text.
    lead = (("Articles", "How many articles carry the claim"),
            ("Contra-\ndicted", "How many spans a contradicts link sets against the claim "
                             "(click: show them beside it)"))

    def column_tip(self) -> str:
        return "✓: the article carries the claim (a number: how many spans)"

    def text(self, annotation_id: str) -> str:
        found = self.data_.annotations.get(annotation_id)
        return found.text if found is not None else "?"

    def where(self, annotation_id: str) -> str:
        found = self.data_.annotations.get(annotation_id)
        ids = [a["id"] for a in self.data_.articles]
        if found is None or found.article_id not in ids:
            return "?"
        return self.data_.labels[ids.index(found.article_id)]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        group = self.data_.claims[row]
        if role == GROUP_ROLE:
            return group
        if role == ARTICLE_ROLE:
            return self.article_id(column)
        if column == 0:
            first = self.text(group["members"][0])
            if role == Qt.ItemDataRole.DisplayRole:
                return excerpt(first, 160)
            if role == SORT_ROLE:
                return first.casefold()
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{self.where(i)}: “{excerpt(self.text(i), 200)}”"
                                 for i in group["members"])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        article = self.article_column(column)
        if article >= 0:
            n = group["articles"].get(self.article_id(column), 0)
            if role == Qt.ItemDataRole.DisplayRole:
                return NONE_TEXT if not n else ("✓" if n == 1 else f"✓ {n}")
            if role == SORT_ROLE:
                return n
            if role == Qt.ItemDataRole.ForegroundRole and not n:
                return GREY
            if role == Qt.ItemDataRole.ToolTipRole:
                label = self.data_.labels[article]
                return f"{label} carries it ({plural(n, 'span')})" if n else \
                    f"{label} does not carry this claim"
            return None
        if self.summary(column) == ARTICLES:
            reached = sum(1 for n in group["articles"].values() if n)
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return reached
            return None
        against = group["contradicted_by"]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(len(against)) if against else NONE_TEXT
        if role == SORT_ROLE:
            return len(against)
        if role == Qt.ItemDataRole.ForegroundRole and not against:
            return GREY
        if role == Qt.ItemDataRole.BackgroundRole and against:
            return CONTRADICTED
        if role == Qt.ItemDataRole.ToolTipRole and against:
            return "Contradicted by:\n" + "\n".join(
                f"{self.where(i)}: “{excerpt(self.text(i), 200)}”" for i in against)
        return None

    def contradicted_column(self) -> int:
        return 1 + CONTRADICTED_BY


def sorted_proxy(model: QAbstractTableModel, parent=None) -> QSortFilterProxyModel:
    """A proxy that sorts by SORT_ROLE (numbers compare as numbers, names case-folded)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setDynamicSortFilter(True)
    return proxy
