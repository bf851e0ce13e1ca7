"""The Actors panel: the project's actors with their mentions and quotes in each open article
and in the whole project. It reads the project again (once, a moment later) whenever the
Session says actors, annotations, links or articles changed; edits go through ActorOps."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLineEdit, QMenu, QToolBar,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...domain.model import Actor
from .actor_dialog import split_aliases

NAME = 0  # then a column per open article, "All", "Kind", "Aliases"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def counts_text(mentions: int, quotes: int) -> str:
    return f"{mentions} / {quotes}"


class ActorsPanel(QWidget):
    revealRequested = Signal(object)  # an Actor whose mentions to show

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.w = window
        self.actors: list[Actor] = []
        self.articles: list[tuple[str, str]] = []  # (id, short title) of the open articles
        self.kind_column, self.aliases_column = 2, 3
        self.filter = QLineEdit(placeholderText="Filter actors")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self._reveal(item))
        self.tree.itemChanged.connect(self._edited)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.installEventFilter(self)
        # A tool bar: narrower than its buttons, it folds them into a » menu.
        buttons = QToolBar()
        buttons.setIconSize(QSize(1, 1))
        buttons.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        buttons.addAction("New…", lambda: self.w.actor_ops.new_actor()).setToolTip("A new actor")
        self.merge_action = buttons.addAction("Merge…", self._merge)
        self.merge_action.setToolTip("Merge the two selected actors into one (asks which name "
                                     "to keep)")
        self.mentions_action = buttons.addAction("Tag every mention…", self._tag_mentions)
        self.mentions_action.setToolTip("Find the selected actor's names in the open articles "
                                        "and tag them, after a preview (M)")
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.filter)
        column.addWidget(self.tree, 1)
        column.addWidget(buttons)
        self.filter.textChanged.connect(self._apply_filter)
        self._stale = False
        # The first reading waits until the window has shown its articles (counting is a query
        # over every actor span); later ones come 30 ms after a change.
        self._timer = QTimer(self, singleShot=True, interval=500)
        self._timer.timeout.connect(self.refresh)
        s = window.session
        for signal in (s.actorsChanged, s.articlesChanged, s.linksReloaded):
            signal.connect(self.schedule)
        s.annotationsChanged.connect(lambda *_a: self.schedule())
        s.annotationsReloaded.connect(lambda *_a: self.schedule())
        s.linksChanged.connect(lambda *_a: self.schedule())
        # The panes show other articles (a column each): the annotations table is refilled then.
        window.annotations_panel.model.modelReset.connect(self._panes_maybe_changed)
        self._update_buttons()
        self.schedule()

    def _panes_maybe_changed(self) -> None:
        if [aid for aid, _ in self.open_articles()] != [aid for aid, _ in self.articles]:
            self.schedule()

    # -- reading --------------------------------------------------------------------------------
    def schedule(self) -> None:
        """Read again a moment later: many signals in a row (an import) make one refresh; a
        hidden panel reads when it is shown."""
        if self.isVisible() or not self.w.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._timer.start()

    def open_articles(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for pane in self.w.panes:
            if pane.article_id and pane.article_id not in seen:
                article = next((a for a in self.w.session.articles if a.id == pane.article_id), None)
                title = (article.source or article.title) if article else "?"
                seen[pane.article_id] = title if len(title) <= 14 else title[:13].rstrip() + "…"
        return list(seen.items())

    def refresh(self) -> None:
        if self.w.closed:  # the project may be closed already
            return
        if not self.isVisible() and self.w.isVisible():
            self._stale = True
            return
        self._timer.setInterval(30)
        project = self.w.session.project
        self.actors = project.actors()
        counts = project.actor_counts()
        self.articles = self.open_articles()
        chosen = set(self.selected_ids())
        current = self.current_actor()
        headers = ["Actor", *(title for _, title in self.articles), "All", "Kind", "Aliases"]
        first, self.kind_column, self.aliases_column = 1, len(headers) - 2, len(headers) - 1
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            self.tree.setColumnCount(len(headers))
            self.tree.setHeaderLabels(headers)
            header_item = self.tree.headerItem()
            for i, (article_id, _) in enumerate(self.articles):
                header_item.setToolTip(first + i, f"{self.w.session.title(article_id)}: mentions "
                                                  "/ quotes in this article")
            header_item.setToolTip(self.kind_column - 1, "Mentions / quotes in every article of "
                                                         "the project")
            for actor in self.actors:
                per = counts.get(actor.id, {})
                cells = [counts_text(*per.get(aid, (0, 0))) for aid, _ in self.articles]
                total = (sum(m for m, _ in per.values()), sum(q for _, q in per.values()))
                item = QTreeWidgetItem([actor.name, *cells, counts_text(*total), actor.kind or "",
                                        ", ".join(actor.aliases)])
                item.setData(NAME, ID_ROLE, actor.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                tip = actor.description or "Double-click: show its mentions; F2: rename"
                item.setToolTip(NAME, f"{actor.name}\n{tip}")
                for column in range(first, self.kind_column):
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                    if item.text(column) == counts_text(0, 0):
                        item.setForeground(column, QColor("#999999"))
                self.tree.addTopLevelItem(item)
                item.setSelected(actor.id in chosen)
                if current is not None and actor.id == current.id:
                    self.tree.setCurrentItem(item, 0, self.tree.selectionModel().SelectionFlag.NoUpdate)
            header = self.tree.header()
            header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(NAME, max(header.sectionSize(NAME), 130))
            for column in range(first, len(headers)):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        finally:
            self.tree.blockSignals(False)
        self._apply_filter(self.filter.text())
        self._update_buttons()

    # -- selection ------------------------------------------------------------------------------
    def _actor_of(self, item: QTreeWidgetItem | None) -> Actor | None:
        if item is None:
            return None
        actor_id = item.data(NAME, ID_ROLE)
        return next((a for a in self.actors if a.id == actor_id), None)

    def current_actor(self) -> Actor | None:
        selected = self.tree.selectedItems()
        item = self.tree.currentItem()
        if item is None or (selected and item not in selected):
            item = selected[0] if selected else None
        return self._actor_of(item)

    def selected_ids(self) -> list[str]:
        return [item.data(NAME, ID_ROLE) for item in self.tree.selectedItems()]

    def selected(self) -> list[Actor]:
        return [a for a in (self._actor_of(i) for i in self.tree.selectedItems()) if a]

    def select_actor(self, actor_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(NAME, ID_ROLE) == actor_id:
                self.tree.setCurrentItem(item)
                return

    def _update_buttons(self) -> None:
        n = len(self.tree.selectedItems())
        self.merge_action.setEnabled(n == 2)
        self.mentions_action.setEnabled(n == 1)

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            hay = " ".join(item.text(c) for c in (NAME, self.kind_column, self.aliases_column))
            hay = hay.casefold()
            item.setHidden(bool(needle) and needle not in hay)

    # -- editing --------------------------------------------------------------------------------
    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        """A name or the aliases typed in place (F2)."""
        actor = self._actor_of(item)
        if actor is None:
            return
        ops = self.w.actor_ops
        text = item.text(column)
        if column == NAME:
            done = ops.rename(actor, text)
        elif column == self.aliases_column:
            done = ops.set_aliases(actor, split_aliases(text))
        else:
            done = False
        if not done:
            self.schedule()  # refused or unchanged: show the stored value again

    def eventFilter(self, watched, event) -> bool:
        """Delete and F2 in the list are for actors, not the window's annotation keys."""
        if watched is self.tree and event.type() in (QEvent.Type.ShortcutOverride,
                                                     QEvent.Type.KeyPress):
            key = event.key()
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_F2) and not event.modifiers():
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if key == Qt.Key.Key_Delete:
                    self._delete()
                    return True
        return False

    def _delete(self) -> None:
        chosen = self.selected()
        stack = self.w.undo_stack
        if len(chosen) > 1:
            stack.beginMacro(f"Delete {len(chosen)} actors")
        try:
            for actor in chosen:
                self.w.actor_ops.delete(actor)
        finally:
            if len(chosen) > 1:
                stack.endMacro()

    def _tag_mentions(self) -> None:
        actor = self.current_actor()
        if actor is not None:
            self.w.actor_ops.tag_every_mention(actor)

    def _merge(self) -> None:
        chosen = self.selected()
        if len(chosen) == 2:
            self.w.actor_ops.merge(*chosen)

    def _reveal(self, item: QTreeWidgetItem) -> None:
        actor = self._actor_of(item)
        if actor is not None:
            self.revealRequested.emit(actor)

    def _menu(self, point) -> None:
        item = self.tree.itemAt(point)
        ops = self.w.actor_ops
        menu = QMenu(self)
        actor = self._actor_of(item)
        chosen = self.selected()
        if actor is not None:
            menu.addAction("Show mentions", lambda: self.revealRequested.emit(actor))
            menu.addAction("Tag every mention…\tM", lambda: ops.tag_every_mention(actor))
            menu.addSeparator()
            menu.addAction("Rename\tF2", lambda: self.tree.editItem(item, NAME))
            menu.addAction("Edit aliases", lambda: self.tree.editItem(item, self.aliases_column))
            menu.addAction("Edit name, aliases, kind, description…", lambda: ops.edit(actor))
            if len(chosen) == 2:
                menu.addAction(f"Merge {chosen[0].name} and {chosen[1].name}…",
                               lambda: ops.merge(*chosen))
            menu.addSeparator()
            menu.addAction("Delete actor", lambda: ops.delete(actor))
            menu.addSeparator()
        menu.addAction("New actor…", ops.new_actor)
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()
