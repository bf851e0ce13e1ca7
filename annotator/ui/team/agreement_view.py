"""The Agreement view (View › Agreement…): a dock, hidden until asked for, with the same report
as `annotator agreement` for the pair chosen in two combo boxes: per tag (F1 strict and overlap,
α and α_U with their verdicts coloured, span counts), the links, and the articles worst first (a
click opens the article). It reads the project in a thread ~100 ms after the Session announces a
change, only while visible (as the Compare view does)."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QHeaderView,
                               QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.team.agreement_alpha import RELIABLE, TENTATIVE, verdict
from ...domain.annotators import GOLD
from ..compare.background_read import BackgroundRead
from ..compare.side_dock import install_right

FIRST_WIDTH = 780  # the dock's width when first shown beside the panes
COLORS = {"reliable": "#c8e6c9", "tentative": "#ffe0b2", "not reliable": "#ffcdd2"}
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1


class AgreementReader(QThread):
    """Who annotated, and the report of the pair (None when there is no pair to measure)."""

    loaded = Signal(object, object, object)  # names, (a, b) or None, report dict or None
    failed = Signal(str)

    def __init__(self, project, wanted: tuple[str, str] | None):
        super().__init__()
        self.project, self.wanted = project, wanted

    def run(self) -> None:
        try:
            names = self.project.annotator_names()
            pair = choose(names, self.wanted)
            self.loaded.emit(names, pair, None if pair is None else self.project.agreement(pair))
        except Exception as exc:  # noqa: BLE001  (said in the status bar; the view keeps its tables)
            self.failed.emit(f"The agreement could not be read: {exc}")
        finally:
            self.project.release_thread_connection()


def choose(names: list[str], wanted: tuple[str, str] | None) -> tuple[str, str] | None:
    """The pair asked for while both still annotate, else the first two coders (gold last)."""
    if wanted and wanted[0] != wanted[1] and all(n in names for n in wanted):
        return wanted
    ordered = [n for n in names if n != GOLD] + [n for n in names if n == GOLD]
    return (ordered[0], ordered[1]) if len(ordered) >= 2 else None


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if text in COLORS:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QColor(COLORS[text]))
                item.setForeground(QColor("#202020"))
            table.setItem(r, c, item)


def _label(text: str, small: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if small:
        label.setStyleSheet("color: palette(mid); font-size: small;")
    return label


class AgreementView(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.w = window
        self.names: list[str] = []
        self.pair: tuple[str, str] | None = None
        self.report: dict | None = None
        self.first, self.second = QComboBox(), QComboBox()
        for combo in (self.first, self.second):
            combo.setMinimumContentsLength(8)
            combo.activated.connect(lambda _i: self._pair_chosen())
        top = QHBoxLayout()
        top.addWidget(QLabel("Annotators:"))
        top.addWidget(self.first)
        top.addWidget(QLabel("and"))
        top.addWidget(self.second)
        top.addStretch(1)
        self.summary = _label("")
        self.tags = _table(["tag", "spans A", "spans B", "F1 strict", "F1 overlap", "α",
                            "α verdict", "α_U", "α_U verdict"])
        self.links = _table(["links", "A", "B", "F1"])
        self.articles = _table(["article (worst first)", "F1 strict", "F1 overlap", "spans A",
                                "spans B"])
        self.articles.clicked.connect(self._article_clicked)
        self.articles.activated.connect(self._article_clicked)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addWidget(self.summary)
        column.addWidget(self.tags, 3)
        column.addWidget(_label(
            f"α ≥ {RELIABLE:.3f} reliable, {TENTATIVE:.3f} to {RELIABLE:.3f} tentative, below "
            "not reliable; — undefined. F1 overlap: spans sharing a character, one to one. "
            "Links match when their ends' spans match exactly.", small=True))
        rows_high = self.links.verticalHeader().defaultSectionSize()
        self.links.setFixedHeight(self.links.horizontalHeader().sizeHint().height()
                                  + 2 * rows_high + 2 * self.links.frameWidth())
        column.addWidget(self.links)
        column.addWidget(self.articles, 4)
        self.reading = BackgroundRead(
            self, window, lambda: AgreementReader(self.w.session.project, self._wanted()),
            self._show)
        s = window.session
        for signal in (s.articlesChanged, s.linksReloaded, s.tagsChanged):
            signal.connect(self.schedule)
        for signal in (s.annotationsChanged, s.annotationsReloaded, s.linksChanged):
            signal.connect(lambda *_a: self.schedule())

    # -- reading --------------------------------------------------------------------------------
    def schedule(self) -> None:
        self.reading.schedule()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reading.shown()

    def refresh(self) -> None:
        self.reading.refresh()

    def _wanted(self) -> tuple[str, str] | None:
        a, b = self.first.currentText(), self.second.currentText()
        return (a, b) if a and b else self.pair

    def _pair_chosen(self) -> None:
        a, b = self.first.currentText(), self.second.currentText()
        if a == b:
            self.summary.setText("Choose two different annotators.")
            return
        self.pair = (a, b)
        self.refresh()

    # -- showing --------------------------------------------------------------------------------
    def _show(self, names: list[str], pair: tuple[str, str] | None, report: dict | None) -> None:
        if self.w.closed:
            return
        self.names, self.pair, self.report = names, pair, report
        for combo, chosen in ((self.first, pair[0] if pair else ""),
                              (self.second, pair[1] if pair else "")):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(names.index(chosen) if chosen in names else -1)
            combo.blockSignals(False)
        if pair is None or report is None:
            self.summary.setText(f"Agreement needs two annotators; this project has "
                                 f"{len(names)}{': ' + ', '.join(names) if names else ''}. "
                                 "Merge a colleague's export (File › Import…) to compare.")
            for table in (self.tags, self.links, self.articles):
                table.setRowCount(0)
            return
        a, b = pair
        count = len(report["articles"])
        self.summary.setText(f"{a} and {b}: {count} article{'s' if count != 1 else ''} "
                             "annotated by both (only those count).")
        for table, (first, second) in ((self.tags, (1, 2)), (self.links, (1, 2)),
                                       (self.articles, (3, 4))):
            for col, who in ((first, a), (second, b)):
                header = table.horizontalHeaderItem(col)
                header.setText(("spans " if table is not self.links else "") + who)
        rows = [[tag, str(m["spans"][a]), str(m["spans"][b]), _number(m["f1_strict"]),
                 _number(m["f1_overlap"]), _number(m["alpha"]), verdict(m["alpha"]),
                 _number(m["alpha_u"]), verdict(m["alpha_u"])]
                for tag, m in report["tags"].items()]
        o = report["overall"]
        rows.append(["(all tags)", str(o["spans"][a]), str(o["spans"][b]),
                     _number(o["f1_strict"]), _number(o["f1_overlap"]), "", "", "", ""])
        _fill(self.tags, rows)
        _fill(self.links, [[name.replace("_", "-"), str(m["links"][a]), str(m["links"][b]),
                            _number(m["f1"])] for name, m in report["links"].items()])
        _fill(self.articles, [[r["title"], _number(r["f1_strict"]), _number(r["f1_overlap"]),
                               str(r["spans"][a]), str(r["spans"][b])]
                              for r in report["articles"]])
        for row, r in enumerate(report["articles"]):
            self.articles.item(row, 0).setData(ARTICLE_ROLE, r["id"])
            self.articles.item(row, 0).setToolTip(r["title"])

    def _article_clicked(self, index) -> None:
        item = self.articles.item(index.row(), 0)
        if item is not None:
            from ..compare.compare_open import show_articles

            show_articles(self.w, [item.data(ARTICLE_ROLE)])


def install(window) -> tuple[AgreementView, QDockWidget]:
    """The Agreement dock, on the right of the panes, hidden until View › Agreement…"""
    view = AgreementView(window)
    return view, install_right(window, "Agreement", view, FIRST_WIDTH)


def add_action(w, a) -> None:
    """View › Agreement… (Ctrl+Shift+G): shows or hides the dock."""
    toggle = w.agreement_dock.toggleViewAction()
    toggle.setText("A&greement…")
    toggle.setShortcut("Ctrl+Shift+G")
    toggle.setStatusTip("How far two annotators agree: F1, Krippendorff's α and α_U, per tag "
                        "and per article")
    w.addAction(toggle)
    a["agreement"] = toggle
