"""The table of places to adjudicate (View › Adjudicate…): one row per place, in the order the
project gives them (disagreements first, worst articles first, then position; decided places at
the end). Columns: the article, the tag(s), each coder's extent and text, and the status."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ...domain.team.adjudication import EXTENT, MISSING, SINGLE, TAG, UNANIMOUS, Decision, Place

NONE_TEXT = "—"
ROOT = QModelIndex()
TEXT_CHARS = 60
DISAGREEMENT = QColor("#fde7d4")  # an open disagreement
UNANIMOUS_BG = QColor("#e3f2e1")  # an open unanimous place
GREY = QColor("#8a8a8a")  # a decided place
OUTCOME_WORDS = {"accept": "accepted", "both": "both kept", "edit": "edited", "reject":
                 "rejected (no span)", "unanimous": "accepted (unanimous)"}


def _excerpt(text: str, limit: int = TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def status_text(place: Place, decisions: dict[str, Decision]) -> str:
    if place.settled:
        found = [decisions[i] for i in place.decisions if i in decisions]
        outcomes = sorted({OUTCOME_WORDS.get(d.outcome, d.outcome) for d in found})
        who = sorted({d.decided_by for d in found})
        return "✓ " + ", ".join(outcomes) + (f" by {', '.join(who)}" if who else "")
    if place.kind == MISSING:
        present = {s.annotator for s in place.spans}
        return "missing in " + ", ".join(c for c in place.coders if c not in present)
    return {UNANIMOUS: "unanimous", EXTENT: "extents differ", TAG: "tags differ",
            SINGLE: "one coder only"}.get(place.kind, place.kind)


class PlacesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.places: list[Place] = []
        self.coders: list[str] = []
        self.titles: dict[str, str] = {}
        self.decisions: dict[str, Decision] = {}

    def set_places(self, places: list[Place], titles: dict[str, str],
                   decisions: list[Decision]) -> None:
        self.beginResetModel()
        self.places = places
        self.coders = sorted({c for p in places for c in p.coders})
        self.titles = titles
        self.decisions = {d.id: d for d in decisions}
        self.endResetModel()

    def place(self, row: int) -> Place:
        return self.places[row]

    def row_of(self, key: tuple) -> int | None:
        for row, place in enumerate(self.places):
            if (place.article_id, place.span_ids) == key:
                return row
        return None

    # -- Qt -------------------------------------------------------------------------------------
    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(self.places)

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else 3 + len(self.coders)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return "Article"
        if section == 1:
            return "Tag"
        if section == 2 + len(self.coders):
            return "Status"
        return self.coders[section - 2]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        place = self.places[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(place, column, short=True)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(place, column, short=False)
        if role == Qt.ItemDataRole.BackgroundRole and not place.settled:
            if place.disagreement:
                return DISAGREEMENT
            return UNANIMOUS_BG if place.kind == UNANIMOUS else None
        if role == Qt.ItemDataRole.ForegroundRole and place.settled:
            return GREY
        if role == Qt.ItemDataRole.FontRole and column == 2 + len(self.coders) \
                and place.disagreement and not place.settled:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, place: Place, column: int, short: bool) -> str:
        if column == 0:
            title = self.titles.get(place.article_id, place.article_id)
            return _excerpt(title, 28) if short else title
        if column == 1:
            return " / ".join(place.tags)
        if column == 2 + len(self.coders):
            return status_text(place, self.decisions)
        coder = self.coders[column - 2]
        spans = place.of(coder)
        if not spans:
            return NONE_TEXT
        lines = []
        for s in spans:
            tag = f" {s.tag}" if len(place.tags) > 1 else ""
            text = _excerpt(s.text) if short else s.text
            lines.append(f"{s.start:,}–{s.end:,}{tag}  “{text}”")
        return "\n".join(lines)
