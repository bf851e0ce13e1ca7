"""Regions that are not part of the article (scraped navigation, captions twice, reader
comments): marking one (key B), and how they look. A region is a span of the tag
domain.comparison.links.NOT_ARTICLE, made on first use; it is drawn dimmed (grey text, no background),
and the spans inside it stay visible, dimmed too."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QMessageBox

from ...domain.comparison.links import NOT_ARTICLE, NOT_ARTICLE_COLOR
from ...domain.model import Annotation, Tag
from ...domain.spans import has_letter_or_digit
from ...errors import AnnotatorError
from ..undo.commands import _Command, _excerpt, perform
from ..session import Session

DESCRIPTION = "Not part of the article: navigation, captions, reader comments."
DIM_TEXT = QColor(NOT_ARTICLE_COLOR)
SPAN_ALPHA_DIMMED = 0.35  # a span inside a region keeps this share of its tint


def dimmed_region_format() -> QTextCharFormat:
    """Text of a region with no span of its own inside: grey, no background."""
    fmt = QTextCharFormat()
    fmt.setForeground(DIM_TEXT)
    return fmt


def dim(fmt: QTextCharFormat) -> QTextCharFormat:
    """A span's format as it looks inside a region: grey text, a paler tint, same underline."""
    out = QTextCharFormat(fmt)
    out.setForeground(DIM_TEXT)
    background = QColor(fmt.background().color())
    background.setAlpha(round(background.alpha() * SPAN_ALPHA_DIMMED))
    out.setBackground(background)
    return out


class MarkNotArticle(_Command):
    """Store a region as a not-article span, making the tag first if the project has none:
    one step to undo (the tag made for it goes too)."""

    def __init__(self, session: Session, article_id: str, start: int, end: int, text: str):
        super().__init__(session, f"Not part of the article: “{_excerpt(text)}”")
        self.args = (article_id, start, end)
        self.annotation: Annotation | None = None
        self.made_tag = False  # the tag was made for this region (and goes with its undo)
        self.tag_back: tuple[Tag, int] | None = None  # that tag and its place, once undone

    def do(self) -> None:
        project = self.session.project
        with self.session.batch():  # the views hear of the tag and the span at once
            if self.annotation is not None:  # redo: the same tag, the same span (same id)
                if self.tag_back is not None:
                    project.add_tag(*self.tag_back)
                project.restore_annotations([self.annotation])
                return
            if not any(t.name == NOT_ARTICLE for t in project.tags()):
                project.add_tag(Tag(NOT_ARTICLE, NOT_ARTICLE_COLOR, DESCRIPTION))
                self.made_tag = True
            try:
                self.annotation = project.add_annotation(*self.args, NOT_ARTICLE)
            except AnnotatorError:
                if self.made_tag:
                    project.delete_tag(NOT_ARTICLE)
                raise

    def undo(self) -> None:
        assert self.annotation is not None
        with self.session.batch():
            self.session.project.delete_annotations([self.annotation.id])
            if self.made_tag:
                try:
                    self.tag_back = self.session.project.delete_tag(NOT_ARTICLE)
                except AnnotatorError:  # a merge has used the tag since: it stays
                    self.tag_back = None


class RegionOps:
    """The window's action "Not part of the article" (B)."""

    def __init__(self, window):
        self.w = window

    def mark_selection(self) -> None:
        w = self.w
        pane = w.active_pane()
        if pane.article_id is None:
            w.statusBar().showMessage("Open an article first", 4000)
            return
        span = pane.view.clean_selection()
        if span is None:
            w.statusBar().showMessage("Select the text that is not part of the article "
                                      "(navigation, a caption, comments), then press B", 6000)
            return
        start, end = span
        if not has_letter_or_digit(pane.view.text[start:end]):
            w.statusBar().showMessage("The selection holds no letter or digit: nothing to mark",
                                      4000)
            return
        if any((a.start, a.end, a.tag) == (start, end, NOT_ARTICLE)
               for a in pane.view.store.overlapping(start, end)):
            w.statusBar().showMessage("This text is already marked as not part of the article",
                                      4000)
            return
        command = MarkNotArticle(w.session, pane.article_id, start, end,
                                 pane.view.text[start:end])
        try:
            perform(w.undo_stack, command)
        except AnnotatorError as exc:
            QMessageBox.warning(w, "annotator", str(exc))
            return
        cursor = pane.view.textCursor()
        cursor.clearSelection()
        pane.view.setTextCursor(cursor)
        w.statusBar().showMessage(f"Marked {end - start:,} characters as not part of the "
                                  "article: dimmed, and left out of counts (Ctrl+Z to undo)", 6000)
