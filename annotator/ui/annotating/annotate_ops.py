"""What the user does to annotations: tag a selection, select, retag, note, extent, delete,
move between annotations. Every change becomes one undoable command (commands.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from ...domain.spans import has_letter_or_digit, step
from ...errors import AnnotatorError
from ..undo.commands import (AddSpan, DeleteArticle, DeleteSpans, Retag, SetArticleDetails, SetExtent,
                       SetNote, perform)
from .details_dialog import DetailsDialog
from .note_dialog import ask_note


class AnnotateOps:
    def __init__(self, window):
        self.w = window
        self.current: tuple[object, str] | None = None  # (pane, annotation id)
        self.selecting = False
        # A feature waiting for the user to click a span (speaker attribution, a link's second
        # end) sets pick(pane, annotation_id) -> True when it took the click.
        self.pick = None
        # Features add entries to an annotation's context menu: fn(menu, pane, annotation).
        self.menu_hooks: list = []
        # Called after a new span is stored (before it is pushed): fn(pane, command) -> True
        # when it pushed the command itself (tagging an actor offers the actors first).
        self.after_add = None
        # Called after the current annotation of a pane is retagged (before it is pushed):
        # fn(pane, command) -> True when it pushed the command itself (as after_add).
        self.after_retag = None

    # -- helpers --------------------------------------------------------------------------------
    def _run(self, command, push: bool = True) -> bool:
        try:
            if push:  # False when a Conflict was asked about and theirs kept: nothing done
                return perform(self.w.undo_stack, command)
            return command.guarded(command.do)  # the caller pushes it (after_add)
        except AnnotatorError as exc:
            QMessageBox.warning(self.w, "annotator", str(exc))
            return False

    def _tell(self, message: str) -> None:
        self.w.statusBar().showMessage(message, 4000)

    def current_annotation(self):
        if self.current is None:
            return None, None
        pane, annotation_id = self.current
        if pane not in self.w.panes:
            self.current = None
            return None, None
        return pane, pane.view.store.by_id.get(annotation_id)

    # -- selecting ------------------------------------------------------------------------------
    def clicked(self, annotation_id: str, pane) -> None:
        """A click on a span (or on plain text, ''): a waiting pick takes it, else it selects."""
        if self.pick is not None and self.pick(pane, annotation_id):
            return
        self.select(annotation_id, pane)

    def context_menu(self, pane, point) -> None:
        """Right click on a span: select it, then offer what can be done with it."""
        from PySide6.QtWidgets import QMenu

        under = pane.view.annotations_at(point)
        if not under:  # plain text: Copy, Select All
            standard = pane.view.createStandardContextMenu()
            standard.exec(pane.view.viewport().mapToGlobal(point))
            standard.deleteLater()
            return
        ids = [a.id for a in under]
        chosen = pane.view.current_id if pane.view.current_id in ids else ids[0]
        self.select(chosen, pane)
        annotation = pane.view.store.by_id[chosen]
        menu = QMenu(self.w)
        menu.addAction("Edit &note…", self.edit_note)
        menu.addAction("&Delete", self.delete)
        for hook in self.menu_hooks:
            menu.addSeparator()
            hook(menu, pane, annotation)
        menu.exec(pane.view.viewport().mapToGlobal(point))
        menu.deleteLater()

    def select(self, annotation_id: str, pane, reveal: bool = False, from_table: bool = False) -> None:
        """Make an annotation current in a pane (and in the table), or clear with ''."""
        for other in self.w.panes:
            if other is not pane and other.view.current_id:
                other.view.set_current(None)
        pane.view.set_current(annotation_id or None, reveal=reveal)
        self.current = (pane, annotation_id) if annotation_id else None
        self.w.set_active(self.w.panes.index(pane))
        if not from_table:
            self.selecting = True
            try:
                self.w.annotations_panel.select_id(annotation_id or None)
            finally:
                self.selecting = False
        self.refresh_label()

    def refresh_label(self) -> None:
        """The status bar's word on the current annotation, as it is now."""
        _, annotation = self.current_annotation()
        if annotation is None:
            self.w.selection_label.setText("")
            return
        n = annotation.end - annotation.start
        self.w.selection_label.setText(f"{annotation.tag} {annotation.start:,}–{annotation.end:,} "
                                       f"({n:,} character{'s' if n != 1 else ''})")

    # -- tagging --------------------------------------------------------------------------------
    def tag(self, tag: str) -> None:
        """Tag the selection in the active pane, or retag the current annotation (or the rows
        selected in the table, when it has the focus)."""
        table = self.w.annotations_panel.table
        if table.hasFocus() and table.selectionModel().hasSelection():
            self._retag_all([a for a in self._targets() if a.tag != tag], tag)
            return
        pane = self.w.active_pane()
        if pane.article_id is None:
            self._tell("Open an article first")
            return
        raw = pane.view.selection_codepoints()
        if raw is not None:
            span = pane.view.clean_selection()
            if span is None:
                self._tell("The selection holds only spaces: nothing to tag")
                return
            start, end = span
            if not has_letter_or_digit(pane.view.text[start:end]):
                self._tell("The selection holds no letter or digit: nothing to tag")
                return
            for existing in pane.view.store.overlapping(start, end):
                if (existing.start, existing.end, existing.tag) == (start, end, tag):
                    self.select(existing.id, pane)
                    self._tell(f"This text is already tagged as {tag}")
                    return
            command = AddSpan(self.w.session, pane.article_id, start, end, tag,
                              pane.view.text[start:end])
            follow = self.after_add
            if self._run(command, push=follow is None):
                cursor = pane.view.textCursor()
                cursor.clearSelection()
                pane.view.setTextCursor(cursor)
                if command.annotation is not None:
                    self.select(command.annotation.id, pane)
                if follow is not None and not follow(pane, command):
                    self.w.undo_stack.push(command)
            return
        pane, annotation = self.current_annotation()
        if annotation is None:
            self._tell("Select some text first, then press a tag's key")
        elif annotation.tag != tag:
            follow = self.after_retag
            if follow is None:
                self._retag_all([annotation], tag)
                return
            retag = Retag(self.w.session, annotation, tag)
            if self._run(retag, push=False) and not follow(pane, retag):
                self.w.undo_stack.push(retag)
            self.refresh_label()

    def _retag_all(self, annotations: list, tag: str) -> None:
        stack = self.w.undo_stack
        if len(annotations) > 1:
            stack.beginMacro(f"Retag {len(annotations)} annotations as {tag}")
        try:
            for annotation in annotations:
                if not self._run(Retag(self.w.session, annotation, tag)):
                    break
        finally:
            if len(annotations) > 1:
                stack.endMacro()
        self.refresh_label()

    # -- changing -------------------------------------------------------------------------------
    def _targets(self) -> list:
        """Annotations the user means: the table's selected rows when it has focus, else the
        current annotation."""
        table = self.w.annotations_panel.table
        if table.hasFocus() and table.selectionModel().hasSelection():
            model = self.w.annotations_panel.model
            rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
            return [model.annotation(r) for r in rows]
        _, annotation = self.current_annotation()
        return [annotation] if annotation is not None else []

    def delete(self) -> None:
        targets = self._targets()
        if not targets:
            self._tell("Click an annotation (or select rows in the table) to delete it")
            return
        if self._run(DeleteSpans(self.w.session, targets)):
            self.current = None
            self._tell(f"Deleted {len(targets)} annotation{'s' if len(targets) > 1 else ''} "
                       "(Ctrl+Z to undo)")

    def edit_note(self) -> None:
        targets = self._targets()
        if not targets:
            self._tell("Click an annotation first")
            return
        annotation = targets[0]
        excerpt = annotation.text if len(annotation.text) <= 80 else annotation.text[:79] + "…"
        note, ok = ask_note(self.w, excerpt, annotation.note)
        if ok and note != annotation.note:
            self._run(SetNote(self.w.session, annotation, note))

    def set_note_text(self, annotation_id: str, note: str) -> None:
        """A note typed into the table."""
        for pane in self.w.panes:
            annotation = pane.view.store.by_id.get(annotation_id)
            if annotation is not None:
                self._run(SetNote(self.w.session, annotation, note))
                return

    def set_extent_from_selection(self) -> None:
        pane, annotation = self.current_annotation()
        if annotation is None:
            self._tell("Click the annotation to change first, then select its new text")
            return
        span = pane.view.clean_selection()
        if span is None:
            self._tell("Select the new text for the annotation first")
            return
        if span != (annotation.start, annotation.end):
            self._run(SetExtent(self.w.session, annotation, *span))

    def nudge(self, edge: str, forward: bool) -> None:
        """Move the current annotation's start or end by one character (grapheme)."""
        pane, annotation = self.current_annotation()
        if annotation is None:
            self._tell("Click an annotation first")
            return
        text = pane.view.text
        start, end = annotation.start, annotation.end
        if edge == "start":
            start = step(text, start, forward)
        else:
            end = step(text, end, forward)
        if not 0 <= start < end <= len(text):
            self._tell("An annotation needs at least one character")
            return
        self._run(SetExtent(self.w.session, annotation, start, end, nudge=True))

    def set_snap_words(self, on: bool) -> None:
        for pane in self.w.panes:
            pane.view.snap_words = on

    def edit_details(self, pane=None) -> None:
        pane = pane or self.w.active_pane()
        if pane.article_id is None:
            self._tell("Open an article first")
            return
        dialog = DetailsDialog(self.w.session.project.article(pane.article_id), self.w)
        if dialog.exec() and (changes := dialog.changes()):
            if "title" in changes and not changes["title"]:
                QMessageBox.warning(self.w, "annotator", "An article needs a title.")
                return
            self._run(SetArticleDetails(self.w.session, dialog.article, changes))

    def delete_article(self, article_id: str, confirm: bool = True) -> None:
        summary = next((a for a in self.w.session.articles if a.id == article_id), None)
        if summary is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self.w, "Delete article",
                f"Delete “{summary.title}” and its {summary.annotation_count} annotation"
                f"{'s' if summary.annotation_count != 1 else ''}?\n\nA backup is made first, and "
                "Edit › Undo puts it back.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self._run(DeleteArticle(self.w.session, article_id, summary.title)):
            self._tell(f"Deleted “{summary.title}” (Ctrl+Z to undo)")

    # -- moving ---------------------------------------------------------------------------------
    def goto(self, forward: bool) -> None:
        pane = self.w.active_pane()
        shown = pane.view.store.shown  # hidden annotators' layers are stepped over
        ordered = sorted((a for a in pane.view.store.by_id.values()
                          if shown is None or a.annotator in shown),
                         key=lambda a: (a.start, a.end, a.id))
        if not ordered:
            self._tell("No annotations in this article yet")
            return
        _, current = self.current_annotation()
        if current is not None and current.article_id == pane.article_id:
            key = (current.start, current.end, current.id)
            later = [a for a in ordered if (a.start, a.end, a.id) > key]
            earlier = [a for a in ordered if (a.start, a.end, a.id) < key]
        else:
            cursor = pane.view.offsets.to_codepoint(pane.view.textCursor().position())
            later = [a for a in ordered if a.start >= cursor]
            earlier = [a for a in ordered if a.start < cursor]
        choice = (later[0] if later else ordered[0]) if forward else (earlier[-1] if earlier else ordered[-1])
        self.select(choice.id, pane, reveal=True)

    def pick_current(self) -> bool:
        """Enter while a link or a speaker waits for its span (L, A): the current annotation
        (reached with Alt+Down / Alt+Up) is taken as if clicked. Whether one was waiting."""
        pane, annotation = self.current_annotation()
        if self.pick is None or annotation is None:
            return False
        self.pick(pane, annotation.id)
        return True

    def copy(self) -> None:
        pane = self.w.active_pane()
        if pane.view.textCursor().hasSelection():
            pane.view.copy()
            return
        targets = self._targets()
        if targets:
            QApplication.clipboard().setText("\n".join(a.text for a in targets))
