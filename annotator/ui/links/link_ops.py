"""What the user does with links: link the current span to the next span clicked (L, Annotate ›
Link…, or "Link to…" on a span's context menu), choose the type from a small menu (or make a
new type), delete links, edit a link's note, and show a link's two ends side by side. Every
change is one undoable command (commands_comparison)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from ...domain.comparison.links import SPEAKER
from ...errors import AnnotatorError
from ..undo.commands import _excerpt, perform
from ..undo.commands_comparison import AddLink, AddLinkType, ChangeLink, DeleteLinks
from .link_index import LinkIndex, link_color
from .link_types_ui import NEW_TYPE, LinkTypeDialog, type_menu
from ..panels import swatch


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


class LinkOps:
    def __init__(self, window, index: LinkIndex, panel):
        self.w = window
        self.index = index
        self.panel = panel
        self.source: tuple[str, str, str] | None = None  # (annotation id, article id, text)
        self.type_menu: QMenu | None = None
        self.last_type: str | None = None
        self._chosen = False
        window.ops.menu_hooks.append(self.context_menu)

    def _tell(self, message: str, timeout: int = 6000) -> None:
        self.w.statusBar().showMessage(message, timeout)

    # -- linking: the first span, then a click on the second ------------------------------------
    @property
    def linking(self) -> bool:
        return self.source is not None

    def start(self, annotation=None) -> None:
        """Link ``annotation`` (else the current one) to the next span clicked."""
        if annotation is None:
            _pane, annotation = self.w.ops.current_annotation()
        if annotation is None:
            self._tell("Click a span first, then press L and click the span to link it to")
            return
        self.source = (annotation.id, annotation.article_id, annotation.text)
        self.w.ops.pick = self._picked
        self.w.actions_["link-cancel"].setEnabled(True)
        self.w.statusBar().showMessage(f"Linking “{_excerpt(annotation.text)}”: click the span to "
                                       "link to, Esc to cancel")

    def cancel(self, message: str = "Linking cancelled") -> None:
        if self.source is None:
            return
        self._end()
        self._tell(message, 3000)

    def _end(self) -> None:
        self.source = None
        if self.w.ops.pick == self._picked:
            self.w.ops.pick = None
        self.w.actions_["link-cancel"].setEnabled(False)

    def _picked(self, pane, annotation_id: str) -> bool:
        if self.source is None:
            return False
        if not annotation_id:
            self.w.statusBar().showMessage("Click a highlighted span to link to, Esc to cancel")
            return True
        if annotation_id == self.source[0]:
            self.w.statusBar().showMessage("That is the span you are linking from: click another "
                                           "span, Esc to cancel")
            return True
        self.w.ops.select(annotation_id, pane)
        for other in self.w.panes_showing(self.source[1]):  # both ends stay outlined
            if other is not pane:
                other.view.set_current(self.source[0])
        self.ask_type(pane, annotation_id)
        return True

    def ask_type(self, pane, target_id: str) -> None:
        """The link types in a small menu at the span clicked (a key each; Esc cancels)."""
        assert self.source is not None
        target = pane.view.store.by_id.get(target_id)
        across = target is not None and target.article_id != self.source[1]
        if self.type_menu is not None:
            self.type_menu.deleteLater()  # the previous one, long closed
        menu = type_menu(self.index.types, across, self.last_type, self.w)
        self._chosen = False
        menu.triggered.connect(lambda action: self._type_chosen(action.data(), target_id))
        menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self._menu_closed))
        self.type_menu = menu
        rects = pane.view.span_rects(target.start, target.end) if target is not None else []
        where = rects[-1].bottomLeft().toPoint() if rects else pane.view.viewport().rect().center()
        self.w.statusBar().showMessage("Choose the link type (its underlined key), Esc to cancel")
        menu.popup(pane.view.viewport().mapToGlobal(where))

    def _menu_closed(self) -> None:
        if not self._chosen:
            self.cancel()

    def _type_chosen(self, name: str, target_id: str) -> None:
        self._chosen = True
        if self.source is None:
            return
        source_id = self.source[0]
        if name == NEW_TYPE:
            self._new_type_then_link(source_id, target_id)
        else:
            self.create(source_id, target_id, name)

    # -- making the link ------------------------------------------------------------------------
    def _article_of(self, annotation_id: str) -> str | None:
        for pane in self.w.panes:
            found = pane.view.store.by_id.get(annotation_id)
            if found is not None:
                return found.article_id
        end = self.index.ends.get(annotation_id)
        return end.article_id if end is not None else None

    def refusal(self, from_id: str, to_id: str, link_type: str) -> str | None:
        """Why this link cannot be made, in one sentence, or None."""
        if from_id == to_id:
            return "A link joins two different spans, not a span with itself."
        if self.index.duplicate(from_id, to_id, link_type) is not None:
            return f"These two spans are already linked as {link_type}."
        if link_type == SPEAKER and self._article_of(from_id) != self._article_of(to_id):
            return ("A speaker link joins a quote to its speaker in the same article, "
                    "not across articles.")
        return None

    def create(self, from_id: str, to_id: str, link_type: str):
        """Link two spans (one undoable step); a refusal is said in the status bar."""
        self._end()
        why = self.refusal(from_id, to_id, link_type)
        if why is not None:
            self._tell(why, 8000)
            return None
        command = AddLink(self.w.session, from_id, to_id, link_type)
        try:
            perform(self.w.undo_stack, command)
        except AnnotatorError as exc:
            self._tell(_sentence(str(exc)), 8000)
            return None
        self.last_type = link_type
        self._linked(command.link)
        return command.link

    def _linked(self, link) -> None:
        ends = [self.index.ends.get(i) for i in (link.from_id, link.to_id)]
        texts = [f"“{_excerpt(a.text, 24)}”" if a else "the span" for a in ends]
        self._tell(f"Linked {texts[0]} and {texts[1]} as {link.type} (Ctrl+Z to undo)")
        self.panel.select_id(link.id)

    def _new_type_then_link(self, from_id: str, to_id: str) -> None:
        dialog = LinkTypeDialog(set(self.index.types), self.w)
        accepted = dialog.exec()
        name, directed, description = dialog.values()
        dialog.deleteLater()
        if not accepted:
            self.cancel()
            return
        add_type = AddLinkType(self.w.session, name, directed, description)
        try:
            add_type.do()
        except AnnotatorError as exc:
            self._end()
            self._tell(_sentence(str(exc)), 8000)
            return
        self._end()
        why = self.refusal(from_id, to_id, name)
        link = AddLink(self.w.session, from_id, to_id, name)
        try:
            if why is not None:
                raise AnnotatorError(why)
            link.do()
        except AnnotatorError as exc:
            add_type.undo()  # nothing of it stays, nothing goes on the undo stack
            self._tell(_sentence(str(exc)), 8000)
            return
        stack = self.w.undo_stack
        stack.beginMacro(f"Link as {name} (new link type)")
        stack.push(add_type)
        stack.push(link)
        stack.endMacro()
        self.last_type = name
        self._linked(link.link)

    # -- changing and deleting ------------------------------------------------------------------
    def delete(self, link_ids: list[str]) -> None:
        links = [self.index.links[i] for i in link_ids if i in self.index.links]
        if not links:
            self._tell("Select links in the Links panel to delete them")
            return
        try:
            perform(self.w.undo_stack, DeleteLinks(self.w.session, links))
        except AnnotatorError as exc:
            self._tell(_sentence(str(exc)), 8000)
            return
        self._tell(f"Deleted {len(links)} link{'s' if len(links) > 1 else ''} (Ctrl+Z to undo)")

    def set_note(self, link_id: str, note: str) -> None:
        link = self.index.links.get(link_id)
        if link is None or link.note == note:
            return
        try:
            perform(self.w.undo_stack, ChangeLink(self.w.session, link, note=note))
        except AnnotatorError as exc:
            self._tell(_sentence(str(exc)), 8000)

    # -- showing a link's two ends --------------------------------------------------------------
    def show(self, link_id: str) -> None:
        """Scroll panes to both ends of a link (opening its articles where they are not shown)
        and select them."""
        link = self.index.links.get(link_id)
        if link is None:
            return
        a, b = self.index.ends.get(link.from_id), self.index.ends.get(link.to_id)
        if a is None or b is None:
            return
        w = self.w
        first = next(iter(w.panes_showing(a.article_id)), None)
        second = next((p for p in w.panes_showing(b.article_id) if p is not first), None)
        if a.article_id == b.article_id:
            second = first = first or self._open(a.article_id, None)
        else:
            first = first or self._open(a.article_id, second)
            second = second or self._open(b.article_id, first)
        syncing, w._syncing = w._syncing, True  # the two panes are placed here, not by syncing
        try:
            self._reveal(first, a)
            if second is not first:
                self._reveal(second, b)
            if w.panes.index(second) < w.panes.index(first):  # the left one becomes current
                (first, a), (second, b) = (second, b), (first, a)
            w.ops.select(a.id, first)
            if second is not first:
                second.view.set_current(b.id)
        finally:
            w._syncing = syncing

    def _open(self, article_id: str, avoid):
        """Open an article in a pane other than ``avoid`` (the one next to it, or a new one)."""
        w = self.w
        if avoid is None:
            where = 0
        else:
            i = w.panes.index(avoid)
            where = i + 1 if i + 1 < len(w.panes) else i - 1
            if where < 0:
                where = -2  # a second pane
        before = len(w.panes)
        w.open_article_at(article_id, where)
        return w.panes[-1] if len(w.panes) > before else w.panes[max(0, where)]

    @staticmethod
    def _reveal(pane, annotation) -> None:
        view = pane.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(min(annotation.start, len(view.text))))
        view.setTextCursor(cursor)
        view.centerCursor()
        view.set_current(annotation.id, reveal=annotation.id in view.store)

    def _show_and_select(self, link_id: str) -> None:
        self.show(link_id)
        self.panel.select_id(link_id)

    # -- a span's context menu ------------------------------------------------------------------
    def context_menu(self, menu: QMenu, pane, annotation) -> None:
        menu.addAction("&Link to…", lambda: self.start(annotation))
        links = self.index.of(annotation.id)
        if not links:
            return
        sub = menu.addMenu(f"Lin&ks ({len(links)})")
        for link in links:
            other = self.index.ends.get(link.to_id if link.from_id == annotation.id
                                        else link.from_id)
            text = _excerpt(other.text, 40) if other else "?"
            sub.addAction(swatch(link_color(link.type)), f"{link.type}: “{text}”".replace("&", "&&"),
                          lambda i=link.id: self._show_and_select(i))
        sub.addSeparator()
        sub.addAction("Delete these links", lambda: self.delete([k.id for k in links]))



class WindowLinks:
    """What links add to the window (MainWindow.linking): the index, the Links dock (a tab
    beside Annotations), linking, sync scrolling and the overlay drawing them. Made before the
    window's actions (L, Esc)."""

    def __init__(self, window):
        from PySide6.QtCore import Qt

        from .link_overlay import LinkOverlay
        from .link_sync import LinkSync
        from .links_panel import LinksPanel

        w = window
        # A large project's links are read in a thread the window waits for before closing.
        self.index = LinkIndex(w.session, w, workers=w._loaders)
        self.index.readFailed.connect(lambda message: w.statusBar().showMessage(message, 10000))
        self.panel = LinksPanel(self.index)
        self.dock = w._dock("Links", self.panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        w.tabifyDockWidget(w.annotations_dock, self.dock)
        w.annotations_dock.raise_()
        self.ops = LinkOps(w, self.index, self.panel)
        self.sync = LinkSync(self.index)
        self.overlay = LinkOverlay(w, self.index)
        self.panel.linkActivated.connect(self.ops.show)
        self.panel.deleteRequested.connect(self.ops.delete)
        # After the editor has closed: a command changes the model under it otherwise.
        self.panel.model.noteEdited.connect(
            lambda i, n: QTimer.singleShot(0, lambda: self.ops.set_note(i, n)))
