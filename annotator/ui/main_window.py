"""The main window: article panes side by side, the Articles and Annotations panels, toolbar,
menus and status bar. Annotation work lives in annotate_ops, files in file_ops, actions in
window_actions; this module arranges the window and keeps the views in step with the Session."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter

from .annotating.annotate_as import AnnotateAs
from .status_line import StatusLine
from .actors.actor_ops import ActorOps
from .actors.actors_panel import ActorsPanel
from .annotating.annotate_ops import AnnotateOps
from .annotating.annotation_table import NOTE
from .team.adjudication_view import install as install_adjudication
from .team.agreement_view import install as install_agreement
from .compare.compare_view import install as install_compare
from .dialogs.backups_ui import AutoBackup
from .layout_memory import MAX_PANES, restore_layout, save_layout
from .team.layers_ui import AnnotatorLayers
from .panes.article_pane import ArticlePane
from .file_ops import FileOps
from .links.link_ops import WindowLinks
from .loading import open_in_pane
from .panels import AnnotationsPanel, ArticlesPanel
from .panes.regions import RegionOps
from .session import Session
from .team.live_updates import install as install_live_updates
from .focus_areas import install as install_focus_areas
from .links.speaker_ops import SpeakerOps
from .annotating.suggestions import Suggestions
from .settings import WindowSettings
from .window_actions import build_actions, rebuild_tag_actions


class MainWindow(QMainWindow):
    switchProject = Signal(str)  # path of a project to open instead of this one

    def __init__(self, session: Session, settings: WindowSettings | None = None,
                 open_ids: list[str] | None = None, annotator_given: bool | None = None):
        super().__init__()
        self.session = session
        self.settings = settings or WindowSettings()
        self.undo_stack = QUndoStack(self)
        self.panes: list[ArticlePane] = []
        self._loaders: set = set()
        self.active = 0
        self._syncing = False
        self.closed = False
        self.setWindowTitle(f"{session.project.path.name} — annotator")
        self.setAcceptDrops(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.articles_panel = ArticlesPanel()
        self.annotations_panel = AnnotationsPanel()
        self.articles_dock = self._dock("Articles", self.articles_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotations_dock = self._dock("Annotations", self.annotations_panel,
                                           Qt.DockWidgetArea.BottomDockWidgetArea)
        self.status_line = StatusLine(self)
        self.saved_label = self.status_line.saved  # the labels, as other views and tests use them
        self.counts_label = self.status_line.counts
        self.selection_label = self.status_line.selection
        self.annotate_as = AnnotateAs(self, annotator_given)  # --as wins over the setting
        self.ops = AnnotateOps(self)
        self.linking = WindowLinks(self)  # Links dock, overlay, linking (before the actions)
        self.regions = RegionOps(self)
        self.actor_ops = ActorOps(self)  # actors of spans, tag every mention
        self.speakers = SpeakerOps(self)  # speaker attribution, quote forms, the margin names
        self.actors_panel = ActorsPanel(self)
        self.actors_dock = self._dock("Actors", self.actors_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.actors_panel.revealRequested.connect(self.actor_ops.reveal_mentions)
        self.compare_view, self.compare_dock = install_compare(self)  # View › Compare
        self.agreement_view, self.agreement_dock = install_agreement(self)  # View › Agreement…
        self.adjudication_view, self.adjudication_dock = install_adjudication(self)  # View › Adjudicate…
        self.files = FileOps(self)
        self.autobackup = AutoBackup(self)
        self.actions_ = build_actions(self)
        self.suggestions = Suggestions(self)  # dashed outlines, Y / X / Tab (after the menus)
        self.layers = AnnotatorLayers(self)  # View › Annotators: whose spans are shown
        self.annotations_panel.set_tags(session.tags)
        self.articles_panel.set_articles(session.articles)
        self._connect()
        self._restore(open_ids)
        self.status_line.mark_saved(initial=True)
        install_live_updates(self)  # others' changes appear; a Conflict asks (conflict_dialog)
        install_focus_areas(self)  # Ctrl+Tab: from the panes to the panels and back
        QTimer.singleShot(0, self._warn_location)

    def _warn_location(self) -> None:
        from ..storage.files.location import risky_location, warning_text

        if self.session.project.shared is not None:  # a server's database, not a file
            return
        risk = risky_location(self.session.project.path)
        if risk:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Project location", warning_text(risk))

    # -- construction ---------------------------------------------------------------------------
    def _dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        s = self.session
        s.annotationsChanged.connect(self._on_annotations_changed)
        s.articlesChanged.connect(self._on_articles_changed)
        s.annotationsReloaded.connect(self._on_annotations_reloaded)
        s.tagsChanged.connect(self._on_tags_changed)
        s.articleChanged.connect(self._on_article_details)
        s.saved.connect(self.status_line.mark_saved)
        s.remoteShown.connect(self.status_line.mark_remote)
        self.articles_panel.openRequested.connect(self.open_article_at)
        self.articles_panel.deleteRequested.connect(self.ops.delete_article)
        table = self.annotations_panel.table
        table.selectionModel().currentRowChanged.connect(self._on_table_current)
        table.doubleClicked.connect(self._on_table_double_click)
        # A click on the row already current reveals its span again (the pane may have moved).
        table.clicked.connect(lambda index: self._on_table_current(index, index))
        # After the editor has closed: a command changes the model under it otherwise.
        self.annotations_panel.model.noteEdited.connect(
            lambda i, n: QTimer.singleShot(0, lambda: self.ops.set_note_text(i, n)))
        self.undo_stack.indexChanged.connect(self._undo_moved)
        self.annotations_panel.model.modelReset.connect(self._update_counts)

    def _undo_moved(self, _index: int) -> None:
        self.statusBar().clearMessage()  # "Deleted … (Ctrl+Z to undo)" is stale after an undo
        self.ops.refresh_label()

    # -- panes ----------------------------------------------------------------------------------
    def add_pane(self) -> ArticlePane | None:
        if len(self.panes) >= MAX_PANES:
            self.statusBar().showMessage(f"At most {MAX_PANES} panes", 3000)
            return None
        pane = ArticlePane()
        pane.set_choices(self.session.articles)
        pane.view.snap_words = self.actions_["words"].isChecked() if hasattr(self, "actions_") else True
        size = self.settings.qsettings.value("view/font-size")
        if size is not None:
            font = pane.view.font()
            font.setPointSizeF(float(size))
            pane.view.setFont(font)
        self.panes.append(pane)
        self.splitter.addWidget(pane)
        pane.articleRequested.connect(lambda aid, p=pane: self.show_in_pane(p, aid))
        pane.closeRequested.connect(lambda p=pane: self.close_pane(p))
        pane.detailsRequested.connect(lambda p=pane: self.ops.edit_details(p))
        pane.activated.connect(lambda p=pane: self.set_active(self.panes.index(p)))
        pane.view.selectionMoved.connect(
            lambda s, e, p=pane: self.status_line.show_selection(p, s, e))
        pane.view.annotationClicked.connect(lambda aid, p=pane: self.ops.clicked(aid, p))
        pane.view.enterPressed.connect(self.ops.pick_current)
        pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        pane.view.customContextMenuRequested.connect(
            lambda point, p=pane: self.ops.context_menu(p, point))
        menu_key = QShortcut(QKeySequence("Shift+F10"), pane.view)  # (as the Menu key: at the
        menu_key.setContext(Qt.ShortcutContext.WidgetShortcut)  # cursor, for the keyboard)
        menu_key.activated.connect(lambda v=pane.view: v.customContextMenuRequested.emit(
            v.cursorRect().center()))
        pane.view.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self._sync_from(p))
        if hasattr(self, "layers"):
            self.layers.apply_to(pane)
        self._update_close_buttons()
        sizes = [1] * len(self.panes)
        self.splitter.setSizes([s * 1000 for s in sizes])
        if hasattr(self, "status_line"):
            self._update_counts()
        return pane

    def close_pane(self, pane: ArticlePane) -> None:
        if len(self.panes) <= 1:
            return
        index = self.panes.index(pane)
        self.panes.remove(pane)
        # (the active pane is set before the pane is hidden: hiding it moves the keyboard
        # focus, and what follows the focus asks for the active pane)
        self.set_active(self.active if self.active < index else self.active - 1)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        self._update_close_buttons()
        self.refresh_table()

    def _update_close_buttons(self) -> None:
        for pane in self.panes:
            pane.close_button.setVisible(len(self.panes) > 1)

    def set_active(self, index: int) -> None:
        self.active = max(0, min(index, len(self.panes) - 1))
        for i, pane in enumerate(self.panes):
            pane.set_active(i == self.active and len(self.panes) > 1)

    def active_pane(self) -> ArticlePane:
        return self.panes[self.active]

    def next_pane(self) -> None:
        self.set_active((self.active + 1) % len(self.panes))
        self.active_pane().view.setFocus()

    def show_in_pane(self, pane: ArticlePane, article_id: str, refresh: bool = True) -> None:
        expected = next((a.annotation_count for a in self.session.articles if a.id == article_id), 0)
        loader = open_in_pane(pane, self.session.project, article_id, expected,
                              self.session.tag_colors, self._spans_loaded)
        if loader is not None:
            self._loaders.add(loader)
            loader.finished.connect(lambda done=loader: self._loaders.discard(done))
            loader.failed.connect(lambda m: self.statusBar().showMessage(m, 10000))
            self.statusBar().showMessage("Reading the article's annotations…")
        if refresh:
            self.refresh_table()

    def _spans_loaded(self, pane: ArticlePane, article_id: str) -> None:
        self.statusBar().clearMessage()
        self.refresh_table()

    def open_article_at(self, article_id: str, where: int) -> None:
        """Open an article: where = pane index, -1 the active pane, -2 a new pane."""
        if where == -2 or where >= len(self.panes):
            pane = self.add_pane() or self.active_pane()
        else:
            pane = self.active_pane() if where == -1 else self.panes[where]
        self.set_active(self.panes.index(pane))
        self.show_in_pane(pane, article_id)

    def panes_showing(self, article_id: str) -> list[ArticlePane]:
        return [p for p in self.panes if p.article_id == article_id]

    # -- keeping views in step ------------------------------------------------------------------
    def refresh_table(self) -> None:
        seen, items = set(), []
        for pane in self.panes:
            if pane.article_id and pane.article_id not in seen:
                seen.add(pane.article_id)
                items.append((pane.article_id, self.session.title(pane.article_id),
                              pane.view.store.ordered()))
        self.annotations_panel.model.set_articles(items)
        self._update_counts()

    def _on_annotations_changed(self, article_id: str, upserted: list, removed: list) -> None:
        panes = self.panes_showing(article_id)
        before = len(panes[0].view.store) if panes else 0
        for pane in panes:
            pane.view.apply_changes(upserted, removed)
        self.annotations_panel.model.apply_changes(article_id, upserted, removed)
        if panes:
            self.articles_panel.adjust_count(article_id, len(panes[0].view.store) - before)
        else:
            self.articles_panel.set_articles(self.session.project.articles())
        current = self.ops.current
        if current is not None and current[1] in removed:
            self.ops.current = None
        elif current is not None and any(a.id == current[1] for a in upserted):
            # Keep the table's selection on the annotation that changed (its row may move).
            self.ops.selecting = True
            try:
                self.annotations_panel.select_id(current[1])
            finally:
                self.ops.selecting = False
        self.ops.refresh_label()
        self._update_counts()

    def _on_annotations_reloaded(self, article_id: str) -> None:
        """A merge or an undone article deletion changed this article's annotations wholesale:
        the panes showing it read them again."""
        for pane in self.panes_showing(article_id):
            self.show_in_pane(pane, article_id, refresh=False)
        self.refresh_table()
        self.ops.refresh_label()  # (the current annotation's tag or extent may be new)

    def _on_tags_changed(self) -> None:
        rebuild_tag_actions(self)  # buttons, menu entries and keys of the tags as they are now
        self.annotations_panel.set_tags(self.session.tags)
        for pane in self.panes:
            pane.view.set_colors(self.session.tag_colors)

    def _on_articles_changed(self) -> None:
        self.articles_panel.set_articles(self.session.articles)
        known = {a.id for a in self.session.articles}
        for pane in self.panes:
            if pane.article_id is not None and pane.article_id not in known:
                pane.deleted_article = pane.article_id  # shown again if the delete is undone
                pane.clear()  # its article was deleted
                if self.ops.current and self.ops.current[0] is pane:
                    self.ops.current = None
            pane.set_choices(self.session.articles)
            back = pane.deleted_article
            if back is not None and pane.article_id is None and back in known:
                pane.deleted_article = None
                self.show_in_pane(pane, back)
        self.annotations_panel.set_tags(self.session.tags)
        for pane in self.panes:
            pane.view.set_colors(self.session.tag_colors)
        self.refresh_table()

    def _on_article_details(self, article) -> None:
        self.articles_panel.set_articles(self.session.articles)
        for pane in self.panes:
            pane.set_choices(self.session.articles)
            if pane.article_id == article.id:
                pane.show_details(article)
        self.refresh_table()

    def _update_counts(self) -> None:
        self.status_line.update_counts()

    def _on_table_current(self, current, _previous) -> None:
        # Only the user moving through the table reveals rows; the current row also moves when
        # rows come and go (an undo, say), and that must not scroll the article.
        table = self.annotations_panel.table
        if not current.isValid() or self.ops.selecting or not table.hasFocus():
            return
        annotation = self.annotations_panel.model.annotation(current.row())
        panes = self.panes_showing(annotation.article_id)
        if panes:
            self.ops.select(annotation.id, panes[0], reveal=True, from_table=True)

    def _on_table_double_click(self, index) -> None:
        if index.column() != NOTE:  # the note column edits in place
            annotation = self.annotations_panel.model.annotation(index.row())
            panes = self.panes_showing(annotation.article_id)
            if panes:
                self.ops.select(annotation.id, panes[0], reveal=True, from_table=True)

    # -- zoom -----------------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        """Bigger or smaller article text (0: back to the standard size); remembered."""
        from .panes.article_view import READING_POINT_SIZE

        size = READING_POINT_SIZE if step == 0 else \
            min(40.0, max(7.0, self.panes[0].view.font().pointSizeF() + step))
        for pane in self.panes:
            font = pane.view.font()
            font.setPointSizeF(size)
            pane.view.setFont(font)
        self.settings.set("view/font-size", size)

    # -- sync scrolling -------------------------------------------------------------------------
    def _sync_from(self, source: ArticlePane) -> None:
        if self._syncing or not self.actions_["sync"].isChecked():
            return
        bar = source.view.verticalScrollBar()
        ratio = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._syncing = True
        try:
            for pane in self.panes:
                if pane is not source:
                    other = pane.view.verticalScrollBar()
                    linked = self.linking.sync.value_for(source, pane)  # None: no links between
                    other.setValue(round(ratio * other.maximum()) if linked is None else linked)
        finally:
            self._syncing = False

    # -- persistence ----------------------------------------------------------------------------
    def _restore(self, open_ids: list[str] | None) -> None:
        restore_layout(self, open_ids)

    def save_layout(self) -> None:
        save_layout(self)

    def wait_for_workers(self) -> None:
        """Let the threads reading the project (span loaders, an export) finish, before its
        connections are closed."""
        for loader in list(self._loaders):
            loader.wait()
        if self.files.worker is not None:
            self.files.worker.wait()

    def closeEvent(self, event) -> None:
        if self.files.importing:  # (the window paints meanwhile: closed once it is done)
            self.files.close_after_import = True
            self.statusBar().showMessage("Closing once the file being imported is in…")
            event.ignore()
            return
        self.closed = True  # deferred work (a panel's refresh timer) reads the project no more
        self.save_layout()
        self.wait_for_workers()
        self.autobackup.at_close()
        super().closeEvent(event)

    # -- files dropped on the window ------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.files.import_paths(paths))
