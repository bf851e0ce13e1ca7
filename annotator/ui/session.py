"""The window's single path to the project (Anki's "operations"): every change goes through a
Session method, which runs one Project transaction and announces exactly what changed, so each
view refreshes only that."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..domain.model import Annotation, Tag
from ..storage.project import Project


class Session(QObject):
    # article id, annotations added or changed, ids removed
    annotationsChanged = Signal(str, list, list)
    articlesChanged = Signal()
    articleChanged = Signal(object)  # an Article whose details (not text) changed
    saved = Signal()

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.tags: list[Tag] = project.tags()
        self.tag_colors = {t.name: t.color for t in self.tags}
        self._titles: dict[str, str] = {}
        self.refresh_articles()

    # -- articles -------------------------------------------------------------------------------
    def refresh_articles(self):
        self.articles = self.project.articles()
        self._titles = {a.id: a.title for a in self.articles}
        self.tags = self.project.tags()
        self.tag_colors = {t.name: t.color for t in self.tags}

    def title(self, article_id: str) -> str:
        return self._titles.get(article_id, "")

    def update_article(self, article_id: str, details: dict):
        changed = self.project.update_article(article_id, **details)
        self.refresh_articles()
        self.articleChanged.emit(changed)
        self.saved.emit()
        return changed

    def delete_article(self, article_id: str):
        removed = self.project.delete_article(article_id)
        self.imported()
        return removed

    def restore_article(self, removed) -> None:
        self.project.restore_article(*removed)
        self.imported()

    def imported(self):
        """After an import or merge: re-read the article list and tell the views."""
        self.refresh_articles()
        self.articlesChanged.emit()
        self.saved.emit()

    # -- annotations ----------------------------------------------------------------------------
    def _changed(self, article_id: str, upserted: list[Annotation], removed: list[str]):
        self.annotationsChanged.emit(article_id, upserted, removed)
        self.saved.emit()

    def add(self, article_id: str, start: int, end: int, tag: str) -> Annotation:
        added = self.project.add_annotation(article_id, start, end, tag)
        self._changed(article_id, [added], [])
        return added

    def restore(self, annotations: list[Annotation]) -> None:
        restored = self.project.restore_annotations(annotations)
        for article_id in dict.fromkeys(a.article_id for a in restored):
            self._changed(article_id, [a for a in restored if a.article_id == article_id], [])

    def delete(self, ids: list[str]) -> list[Annotation]:
        gone = self.project.delete_annotations(ids)
        for article_id in dict.fromkeys(a.article_id for a in gone):
            self._changed(article_id, [], [a.id for a in gone if a.article_id == article_id])
        return gone

    def retag(self, annotation_id: str, tag: str, updated_at: str | None = None) -> Annotation:
        changed = self.project.retag(annotation_id, tag, updated_at=updated_at)
        self._changed(changed.article_id, [changed], [])
        return changed

    def set_note(self, annotation_id: str, note: str, updated_at: str | None = None) -> Annotation:
        changed = self.project.set_note(annotation_id, note, updated_at=updated_at)
        self._changed(changed.article_id, [changed], [])
        return changed

    def set_extent(self, annotation_id: str, start: int, end: int,
                   updated_at: str | None = None) -> Annotation:
        changed = self.project.set_extent(annotation_id, start, end, updated_at=updated_at)
        self._changed(changed.article_id, [changed], [])
        return changed
