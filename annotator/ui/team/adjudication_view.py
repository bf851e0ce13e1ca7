"""The adjudication view (View › Adjudicate…, Ctrl+Shift+J): a dock listing the places where the
coders' spans are to be settled into the gold layer, disagreements first and worst articles
first. Selecting a place shows it selected in an article pane; the buttons (and keys, while the
list has the focus) decide it: accept one coder's span (1, 2, …), both (B), a gold span of the
pane's current selection (E), no span (R), or every unanimous place at once (U). Each decision is
one undo step; the list refreshes from the Session's signals."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDockWidget, QHBoxLayout,
                               QHeaderView, QInputDialog, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ...domain.team.adjudication import ACCEPT, BOTH, EDIT, REJECT, UNANIMOUS, Place
from ...errors import AnnotatorError
from ..undo.adjudication_commands import AcceptUnanimous, Decide
from .adjudication_model import PlacesModel
from ..undo.commands import perform

FIRST_HEIGHT = 340
KEYS = {Qt.Key.Key_B: "both", Qt.Key.Key_E: "edit", Qt.Key.Key_R: "reject",
        Qt.Key.Key_U: "unanimous"}


class PlacesTable(QTableView):
    """The list; its keys (1-9, B, E, R, U) win over the window's while it has the focus."""

    def __init__(self, view: AdjudicationView):
        super().__init__()
        self.view = view

    def _ours(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        return event.key() in KEYS or Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._ours(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if not self._ours(event):
            super().keyPressEvent(event)
        elif event.key() in KEYS:
            self.view.press(KEYS[event.key()])
        else:
            self.view.accept_coder(event.key() - Qt.Key.Key_1)


class AdjudicationView(QWidget):
    def __init__(self, window):
        super().__init__()
        self.w = window
        self.model = PlacesModel(self)
        self.stale = True
        self._scheduled = False
        self.summary = QLabel()
        self.hide_decided = QCheckBox("Hide decided")
        self.hide_decided.toggled.connect(lambda _on: self.refresh())
        self.table = PlacesTable(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.clicked.connect(lambda index: self.reveal())
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note for the next decision (optional)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.coder_buttons: list[QPushButton] = []
        self.coder_row = QHBoxLayout()
        self.both_button = self._button("Both  B", lambda: self.press("both"),
                                        "Keep every coder's span of the place in the gold layer")
        self.edit_button = self._button("Edit to selection  E", lambda: self.press("edit"),
                                        "A gold span of the text selected in the article pane")
        self.reject_button = self._button("Reject  R", lambda: self.press("reject"),
                                          "Decide that there is no span here (stored, no gold span)")
        self.unanimous_button = self._button("Accept all unanimous  U",
                                             lambda: self.press("unanimous"),
                                             "Accept every open place where all coders agree "
                                             "exactly, in one step")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.hide_decided)
        buttons = QHBoxLayout()
        buttons.addLayout(self.coder_row)
        for button in (self.both_button, self.edit_button, self.reject_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.unanimous_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        s = window.session
        for signal in (s.decisionsChanged, s.articlesChanged, s.tagsChanged, s.linksReloaded):
            signal.connect(self.schedule)
        s.annotationsChanged.connect(lambda *_: self.schedule())
        s.annotationsReloaded.connect(lambda *_: self.schedule())

    def _button(self, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- the list -------------------------------------------------------------------------------
    def schedule(self) -> None:
        """Read the places again soon (once for a burst of changes), or when next shown."""
        self.stale = True
        if self.isVisible() and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self._scheduled_refresh)

    def _scheduled_refresh(self) -> None:
        self._scheduled = False
        if self.stale and self.isVisible() and not self.w.closed:
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """The places as they are now; the selection stays on its place while that is open,
        else moves to the place now in its row (the next one)."""
        self.stale = False
        current = self.current_place()
        row = self.table.currentIndex().row()
        project = self.w.session.project
        places = project.adjudication_places()
        shown = [p for p in places if not (p.settled and self.hide_decided.isChecked())]
        titles = {a.id: a.title for a in self.w.session.articles}
        self.model.set_places(shown, titles, project.decisions())
        self._size_columns()
        self._rebuild_coder_buttons()
        open_places = [p for p in places if not p.settled]
        disagreements = sum(p.disagreement for p in open_places)
        unanimous = sum(p.kind == UNANIMOUS for p in open_places)
        self.summary.setText(f"{len(places)} places: {disagreements} disagreements and "
                             f"{unanimous} unanimous to decide, "
                             f"{len(places) - len(open_places)} decided")
        self.unanimous_button.setText(f"Accept all unanimous ({unanimous})  U")
        self.unanimous_button.setEnabled(unanimous > 0)
        target = None
        if current is not None and not current.settled:
            again = self.model.row_of((current.article_id, current.span_ids))
            if again is not None and not self.model.place(again).settled:
                target = again
        if target is None and self.model.rowCount():
            target = min(max(row, 0), self.model.rowCount() - 1)
        if target is not None:
            self.table.selectRow(target)
        self._update_buttons()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        last = self.model.columnCount() - 1
        for column in range(last + 1):
            mode = QHeaderView.ResizeMode.Stretch if 2 <= column < last else \
                QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.table.resizeRowsToContents()

    def _rebuild_coder_buttons(self) -> None:
        coders = self.model.coders
        if [b.property("coder") for b in self.coder_buttons] == coders:
            return
        for button in self.coder_buttons:
            self.coder_row.removeWidget(button)
            button.deleteLater()
        self.coder_buttons = []
        for i, coder in enumerate(coders):
            key = f"  {i + 1}" if i < 9 else ""
            button = self._button(f"Accept {coder}{key}", lambda _=False, n=i: self.accept_coder(n),
                                  f"Copy {coder}'s span of the place into the gold layer")
            button.setProperty("coder", coder)
            self.coder_row.addWidget(button)
            self.coder_buttons.append(button)

    def current_place(self) -> Place | None:
        row = self.table.currentIndex().row()
        return self.model.place(row) if 0 <= row < self.model.rowCount() else None

    def _current_changed(self, current, _previous) -> None:
        self._update_buttons()
        if current.isValid() and self.table.hasFocus():
            self.reveal()

    def _update_buttons(self) -> None:
        place = self.current_place()
        can = place is not None and not place.settled
        for button in self.coder_buttons:
            button.setEnabled(can and bool(place and place.of(button.property("coder"))))
        self.both_button.setEnabled(can and place is not None and len(place.spans) > 1)
        self.edit_button.setEnabled(can)
        self.reject_button.setEnabled(can)

    def reveal(self) -> None:
        """Show the current place in a pane showing its article (else the active pane), its
        extent selected, without taking the focus from the list."""
        place = self.current_place()
        if place is None:
            return
        panes = self.w.panes_showing(place.article_id)
        if panes:
            pane = panes[0]
        else:
            self.w.open_article_at(place.article_id, -1)
            pane = self.w.active_pane()
        if pane.article_id != place.article_id:
            return
        pane.view.select_codepoints(place.start, place.end)
        pane.view.centerCursor()

    # -- deciding -------------------------------------------------------------------------------
    def press(self, what: str) -> None:
        if what == "unanimous":
            self._run(AcceptUnanimous(self.w.session))
            return
        place = self.current_place()
        if place is None or place.settled:
            self._say("Choose an open place in the list first")
            return
        if what == "both":
            if len(place.spans) > 1:
                self._decide(place, BOTH, f"Keep both at {place.start:,}–{place.end:,}")
        elif what == "reject":
            self._decide(place, REJECT, f"Reject {place.tag} at {place.start:,}–{place.end:,}")
        elif what == "edit":
            self._edit(place)

    def accept_coder(self, index: int) -> None:
        place = self.current_place()
        if place is None or place.settled or index >= len(self.model.coders):
            return
        coder = self.model.coders[index]
        spans = place.of(coder)
        if not spans:
            self._say(f"{coder} has no span here")
            return
        outcome = ACCEPT if len(spans) == 1 else BOTH
        self._decide(place, outcome, f"Accept {coder}'s {spans[0].tag} at "
                     f"{spans[0].start:,}–{spans[0].end:,}", source_ids=[s.id for s in spans])

    def _edit(self, place: Place) -> None:
        panes = self.w.panes_showing(place.article_id)
        span = panes[0].view.clean_selection() if panes else None
        if span is None:
            self._say("Select the gold span's text in the article pane first, then Edit")
            return
        tag = place.tag
        if len(place.tags) > 1:
            tag, ok = QInputDialog.getItem(self, "Gold span", "Tag of the gold span:",
                                           list(place.tags), 0, False)
            if not ok:
                return
        self._decide(place, EDIT, f"Gold {tag} at {span[0]:,}–{span[1]:,}", start=span[0],
                     end=span[1], tag=tag, source_ids=[s.id for s in place.spans if s.tag == tag])

    def _decide(self, place: Place, outcome: str, label: str, **details) -> None:
        details["note"] = self.note.text().strip()
        if self._run(Decide(self.w.session, place, outcome, label, **details)):
            self.note.clear()

    def _run(self, command) -> bool:
        try:
            perform(self.w.undo_stack, command)
        except AnnotatorError as exc:
            self._say(str(exc))
            return False
        self._say(f"{command.text()} (Ctrl+Z to undo)")
        return True

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.w.statusBar().showMessage(text, 5000)


def install(window) -> tuple[AdjudicationView, QDockWidget]:
    """The Adjudication dock, at the bottom beside the Annotations, hidden until asked for."""
    view = AdjudicationView(window)
    dock = window._dock("Adjudication", view, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.tabifyDockWidget(window.annotations_dock, dock)
    dock.hide()
    return view, dock


def open_view(w) -> None:
    dock = w.adjudication_dock
    dock.show()
    dock.raise_()
    if not dock.isFloating() and not dock.property("sized"):  # room for a dozen places
        dock.setProperty("sized", True)
        QTimer.singleShot(0, lambda: w.resizeDocks([dock], [max(dock.height(), FIRST_HEIGHT)],
                                                   Qt.Orientation.Vertical))
    w.adjudication_view.table.setFocus()


def add_actions(w, act, a) -> None:
    """Called by build_actions: View › Adjudicate… (Ctrl+Shift+J)."""
    act("adjudicate", "A&djudicate…", lambda: open_view(w), "Ctrl+Shift+J",
        "Settle the coders' disagreements into the gold layer: accept one side, both, an edited "
        "span or none; every unanimous place at once")


def fill_menus(w, a, view) -> None:
    view.addAction(a["adjudicate"])
