"""The Compare view (View › Compare, Ctrl+Shift+C): a dock beside the article panes, which can
float as a window of its own. Three tabs over Project.compare(): the matrix of actors by
articles, the claims grouped by `same` links, and the chart. It reads the project again ~100 ms
after the Session announces a change, and only while it is visible (a hidden view reads when
shown). A click opens what a cell counts, side by side (compare_open)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QDockWidget, QHBoxLayout,
                               QHeaderView, QLabel, QMessageBox, QPushButton, QRadioButton,
                               QScrollArea, QTableView, QTabWidget, QVBoxLayout, QWidget)

from . import compare_open
from .compare_chart import ChartWidget, chart_of, preferred_width, save
from .compare_model import (ACTOR_ROLE, ARTICLE_ROLE, GROUP_ROLE, ClaimsModel, CompareData,
                            MatrixModel, sorted_proxy)
from .background_read import BackgroundRead
from .compare_reader import CompareReader
from ..words import plural
from .side_dock import install_right

FIRST_WIDTH = 540  # the dock's width when first shown beside the panes
ACTOR_WIDTH, CLAIM_WIDTH = 130, 160  # the first columns at their narrowest
CHART_EXPORT_HEIGHT = 420


def _table(proxy) -> QTableView:
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # project order
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setWordWrap(False)
    table.setMouseTracking(True)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    # Qt elides a two-line header as if it were one long line: never elided, always wide enough
    header.setTextElideMode(Qt.TextElideMode.ElideNone)
    return table


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid); padding: 6px;")
    return label


class CompareView(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.w = window
        self.data = CompareData([], [], [], [], [], {})
        self.matrix = MatrixModel(self)
        self.claims = ClaimsModel(self)
        self.matrix_proxy = sorted_proxy(self.matrix, self)
        self.claims_proxy = sorted_proxy(self.claims, self)
        self.matrix_table = _table(self.matrix_proxy)
        self.claims_table = _table(self.claims_proxy)
        self.matrix_table.setToolTip("")
        self.chart = ChartWidget()
        self.summary = QLabel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._page(self.matrix_table, "matrix"), "Matrix")
        self.tabs.addTab(self._page(self.claims_table, "claims"), "Claims")
        self.tabs.addTab(self._chart_page(), "Chart")
        report = QPushButton("Export report…")
        report.setToolTip("The comparison with the articles side by side, as HTML or PDF")
        report.clicked.connect(lambda: self.w.actions_["report"].trigger())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(report)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(top)
        column.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: QTimer.singleShot(0, self._fit_columns))
        self.matrix_table.clicked.connect(self._matrix_clicked)
        self.matrix_table.activated.connect(self._matrix_clicked)
        self.claims_table.clicked.connect(self._claim_clicked)
        self.claims_table.activated.connect(self._claim_clicked)
        self.chart.barClicked.connect(self.open_cell)
        self.chart.saveRequested.connect(self.save_chart)
        self.reading = BackgroundRead(self, window, lambda: CompareReader(self.w.session.project),
                                      self._show)
        s = window.session
        for signal in (s.actorsChanged, s.articlesChanged, s.linksReloaded, s.tagsChanged):
            signal.connect(self.schedule)
        s.annotationsChanged.connect(lambda *_a: self.schedule())
        s.annotationsReloaded.connect(lambda *_a: self.schedule())
        s.linksChanged.connect(lambda *_a: self.schedule())
        s.articleChanged.connect(lambda *_a: self.schedule())  # a new source is a new header

    def _page(self, table: QTableView, which: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        if which == "matrix":
            self.matrix_hint = _hint("No actors yet. Tag a span as actor (then name its actor), "
                                     "or use Tag every mention (M): each actor gets a row here.")
            hint = self.matrix_hint
            note = _hint("Each cell: mentions / quotes. — : none; orange: this article never "
                         "names an actor that another names. Click a cell to show its spans.")
        else:
            self.claims_hint = _hint("No claims yet. Tag spans as claim; link the ones that say "
                                     "the same (L, then same) or contradict each other.")
            hint = self.claims_hint
            note = _hint("Claims joined by same links. ✓: the article carries it; red: something "
                         "contradicts it. Click a row to show its spans side by side.")
        note.setStyleSheet("color: palette(mid); padding: 0 4px; font-size: small;")
        layout.addWidget(hint)
        layout.addWidget(table, 1)
        layout.addWidget(note)
        return page

    def _chart_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.metric_group = QButtonGroup(self)
        for i, (metric, text) in enumerate((("quotes", "Quotes"), ("mentions", "Mentions"))):
            button = QRadioButton(text)
            button.setChecked(i == 0)
            button.setProperty("metric", metric)
            self.metric_group.addButton(button, i)
            row.addWidget(button)
        self.metric_group.idToggled.connect(lambda _i, on: self._show_chart() if on else None)
        row.addStretch(1)
        for kind in ("png", "svg"):
            save = QPushButton(f"Save {kind.upper()}…")
            save.setToolTip(f"Save the chart as {kind.upper()} (also in its context menu)")
            save.clicked.connect(lambda _=False, k=kind: self.save_chart(k))
            row.addWidget(save)
        layout.addLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        layout.addWidget(scroll, 1)
        return page

    # -- reading --------------------------------------------------------------------------------
    def schedule(self) -> None:
        self.reading.schedule()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reading.shown()

    def refresh(self) -> None:
        self.reading.refresh()

    def _show(self, data: CompareData) -> None:
        if self.w.closed:
            return
        self.data = data
        self.matrix.set_data(self.data)
        self.claims.set_data(self.data)
        self.matrix_hint.setVisible(not self.data.actors)
        self.claims_hint.setVisible(not self.data.claims)
        QTimer.singleShot(0, self._fit_columns)
        self.summary.setText(f"{plural(len(self.data.articles), 'article')} · "
                             f"{plural(len(self.data.actors), 'actor')} · "
                             f"{plural(len(self.data.claims), 'claim group')}")
        self._show_chart()

    def _fit_columns(self) -> None:
        """Counts as wide as their contents and headers; the first column (actor, claim) takes
        the room left, never less than a few words (a narrow view scrolls sideways)."""
        for table, narrowest in ((self.matrix_table, ACTOR_WIDTH), (self.claims_table, CLAIM_WIDTH)):
            if not table.isVisible():
                continue  # no widths yet: fitted when its tab is shown
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            room = table.viewport().width() - 2
            cells = [table.sizeHintForColumn(i) for i in range(header.count())]
            widths = [max(cells[i], header.sectionSizeHint(i)) for i in range(header.count())]
            for i in range(1, header.count()):
                header.resizeSection(i, widths[i])
            header.resizeSection(0, max(narrowest, room - sum(widths[1:])))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_columns)

    def chart_metric(self) -> str:
        button = self.metric_group.checkedButton()
        return button.property("metric") if button is not None else "quotes"

    def _show_chart(self) -> None:
        self.chart.set_chart(chart_of(self.data, self.chart_metric()))

    # -- clicks ---------------------------------------------------------------------------------
    def _matrix_clicked(self, index) -> None:
        if index.isValid():
            self.open_cell(index.data(ACTOR_ROLE), index.data(ARTICLE_ROLE) or "")

    def open_cell(self, actor_id: str, article_id: str) -> None:
        """One article's cell: that article; the actor's name or its All cell: every article
        that names or quotes it."""
        actor = next((a for a in self.data.actors if a["id"] == actor_id), None)
        if actor is None:
            return
        ids = [a["id"] for a in self.data.articles]
        if article_id:
            targets = [article_id]
        else:
            targets = [a for a in ids if actor["mentions"].get(a) or actor["quotes"].get(a)]
            if not targets:
                self.w.statusBar().showMessage(f"No article names or quotes {actor['name']} yet",
                                               10000)
                return
        compare_open.open_actor(self.w, actor, targets, dict(zip(ids, self.data.labels, strict=True)))

    def _claim_clicked(self, index) -> None:
        if not index.isValid():
            return
        group = index.data(GROUP_ROLE)
        ids = list(group["members"])
        if index.column() == self.claims.contradicted_column():  # show those too
            ids += group["contradicted_by"]
        spans = [self.data.annotations[i] for i in ids if i in self.data.annotations]
        compare_open.open_spans(self.w, spans, [a["id"] for a in self.data.articles])

    # -- the chart's files ----------------------------------------------------------------------
    def chart_size(self) -> QSize:
        return QSize(max(800, preferred_width(self.chart.chart)), CHART_EXPORT_HEIGHT)

    def save_chart(self, kind: str) -> None:
        from ..dialogs import file_dialogs

        default = str(self.w.session.project.path.with_name(
            f"{self.w.session.project.path.stem}-{self.chart_metric()}.{kind}"))
        name = file_dialogs.save_file_name(self.w, f"Save the chart as {kind.upper()}", default,
                                           f"{kind.upper()} (*.{kind})", kind)
        if name:
            self.write_chart(Path(name), kind)

    def write_chart(self, path: Path, kind: str) -> bool:
        from ...cli.read import output_target
        from ...errors import AnnotatorError

        try:
            save(output_target(self.w.session.project, str(path)), kind, self.chart.chart,
                 self.chart_size())
        except AnnotatorError as exc:
            QMessageBox.warning(self.w, "Save the chart", str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(self.w, "Save the chart",
                                f"{path}: cannot be written ({exc.strerror or exc})")
            return False
        self.w.statusBar().showMessage(f"Saved the chart to {path}", 10000)
        return True


def install(window) -> tuple[CompareView, QDockWidget]:
    """The Compare dock, on the right of the panes, hidden until View › Compare."""
    view = CompareView(window)
    return view, install_right(window, "Compare", view, FIRST_WIDTH)


def add_actions(w, act, a) -> None:
    """Called by build_actions: View › Compare (Ctrl+Shift+C), File › Export report…"""
    toggle = w.compare_dock.toggleViewAction()
    toggle.setText("&Compare")
    toggle.setShortcut("Ctrl+Shift+C")
    toggle.setStatusTip("Actors by articles, claims and a chart: what each outlet names, quotes "
                        "and carries")
    w.addAction(toggle)
    a["compare"] = toggle
    from .report_export import export_report

    act("report", "Export re&port…", lambda: export_report(w), None,
        "The comparison with the articles side by side, as one HTML file or a PDF")


def fill_menus(w, a, file, view) -> None:
    entries = file.actions()  # right after Export…, in its group
    after = entries.index(a["export"]) + 1
    if after < len(entries):
        file.insertAction(entries[after], a["report"])
    else:
        file.addAction(a["report"])
    view.addSeparator()
    view.addAction(a["compare"])
