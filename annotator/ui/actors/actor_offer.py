"""The actor offer: right after a span is tagged as actor, a small list by the span offers the
actors it may name, "New actor…" and "No actor". It never holds the window up: the keyboard
stays in the article. Enter takes the highlighted entry (the likeliest, at first), ↑/↓ move,
Esc closes it; selecting more text, scrolling, any other key or a click elsewhere closes it too,
leaving the span without an actor, so tagging 200 actors costs no extra key where the actor is
not wanted, and one (Enter) where it is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

DATA = Qt.ItemDataRole.UserRole + 1
KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Up, Qt.Key.Key_Down)


class ActorOffer(QFrame):
    chosen = Signal(object)  # the chosen entry's data (see ActorOps.apply_choice)

    def __init__(self, view, title: str, entries: list[tuple[str, tuple, bool]]):
        """entries: (text, data, bold); the first is highlighted."""
        super().__init__(view.viewport())
        self.view = view
        self.setObjectName("actor-offer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#actor-offer { background: palette(base); border: 1px solid "
                           "palette(mid); border-radius: 4px; }")
        self.title = QLabel(title)
        self.title.setStyleSheet("color: palette(mid); padding: 2px 4px;")
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the article
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for text, data, bold in entries:
            item = QListWidgetItem(text)
            item.setData(DATA, data)
            if bold:
                font = QFont(self.list.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemClicked.connect(lambda item: self._choose(item))
        column = QVBoxLayout(self)
        column.setContentsMargins(3, 3, 3, 3)
        column.setSpacing(1)
        column.addWidget(self.title)
        column.addWidget(self.list)
        rows = min(len(entries), 8)
        row_height = self.list.sizeHintForRow(0) if entries else 20
        self.list.setFixedHeight(rows * row_height + 4)
        width = max(self.list.sizeHintForColumn(0) + 24, self.title.sizeHint().width() + 10)
        self.resize(min(360, max(220, width)), self.sizeHint().height())
        self._watch: _Closer | None = _Closer(self)
        view.installEventFilter(self._watch)
        view.viewport().installEventFilter(self._watch)
        view.verticalScrollBar().valueChanged.connect(self._dismiss)

    def show_at(self, below: QPoint, above_y: int) -> None:
        """Under the span (``below``, viewport coordinates), or above it where there is no room."""
        room = self.view.viewport().height()
        x = max(2, min(below.x(), self.view.viewport().width() - self.width() - 2))
        y = below.y() if below.y() + self.height() <= room else max(2, above_y - self.height())
        self.move(x, y)
        self.show()
        self.raise_()

    def entries(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item.text() for item in items if item is not None]

    def highlighted(self) -> str:
        item = self.list.currentItem()
        return item.text() if item is not None else ""

    def _choose(self, item: QListWidgetItem | None) -> None:
        data = item.data(DATA) if item is not None else None
        self.close_offer()
        if data:
            self.chosen.emit(data)

    def _dismiss(self, *_args) -> None:
        self.close_offer()

    def close_offer(self) -> None:
        if self._watch is None:
            return
        self.view.removeEventFilter(self._watch)
        self.view.viewport().removeEventFilter(self._watch)
        self.view.verticalScrollBar().valueChanged.disconnect(self._dismiss)
        self._watch = None
        self.hide()
        self.deleteLater()

    def key(self, key: int) -> None:
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(self.list.currentItem())
        elif key == Qt.Key.Key_Escape:
            self.close_offer()
        else:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.list.setCurrentRow((self.list.currentRow() + step) % self.list.count())


class _Closer(QObject):
    """Watches the article view while the offer shows: Enter, Esc, ↑, ↓ are the offer's; any
    other key, a press of the mouse elsewhere, or the view losing its article close it."""

    def __init__(self, offer: ActorOffer):
        super().__init__(offer)
        self.offer = offer

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() in KEYS and plain:
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # not the window's Esc (cancel linking) or others
                else:
                    self.offer.key(event.key())
                return True
            if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                                   Qt.Key.Key_Meta):
                self.offer.close_offer()
        elif (kind == QEvent.Type.MouseButtonPress and watched is self.offer.view.viewport()) \
                or (kind in (QEvent.Type.Hide, QEvent.Type.Resize) and watched is self.offer.view):
            self.offer.close_offer()
        return False
