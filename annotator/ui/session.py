"""The window's single path to the project (Anki's "operations"): every change goes through a
Session method, which runs one Project transaction and announces exactly what changed, so each
view refreshes only that."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from ..domain.model import Annotation, Change, Tag
from ..errors import Conflict
from ..storage.project import Project


def combined(changes: list[Change]) -> Change:
    """One Change that says what a sequence of them said (later states of an annotation win;
    an article read again wholesale needs no piecemeal changes)."""
    upserted: dict[str, Annotation] = {}
    removed: dict[str, tuple[str, str]] = {}
    links: dict = {}
    links_removed: dict[str, None] = {}
    for c in changes:
        for a in c.upserted:
            upserted[a.id] = a
            removed.pop(a.id, None)
        for article_id, annotation_id in c.removed:
            upserted.pop(annotation_id, None)
            removed[annotation_id] = (article_id, annotation_id)
        for link in c.links_upserted:
            links[link.id] = link
            links_removed.pop(link.id, None)
        for link_id in c.links_removed:
            links.pop(link_id, None)
            links_removed[link_id] = None
    return Change(upserted=tuple(upserted.values()), removed=tuple(removed.values()),
                  links_upserted=tuple(links.values()), links_removed=tuple(links_removed),
                  reloaded=frozenset().union(*(c.reloaded for c in changes)),
                  **{flag: any(getattr(c, flag) for c in changes)
                     for flag in ("articles", "actors", "tags", "link_types", "links_reloaded",
                                  "suggestions", "decisions")})


class Session(QObject):
    # article id, annotations added or changed, ids removed
    annotationsChanged = Signal(str, list, list)
    annotationsReloaded = Signal(str)  # an article whose annotations changed wholesale (merge)
    articlesChanged = Signal()
    articleChanged = Signal(object)  # an Article whose details (not text) changed
    linksChanged = Signal(list, list)  # links added or changed, ids of links removed
    linksReloaded = Signal()
    actorsChanged = Signal()
    tagsChanged = Signal()
    linkTypesChanged = Signal()
    suggestionsChanged = Signal()  # the dismissed suggestions changed
    decisionsChanged = Signal()  # adjudication decisions made or taken back
    saved = Signal()  # a write of ours committed
    remoteShown = Signal()  # another window's committed change is shown (live_updates.py)

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.tags: list[Tag] = project.tags()
        self.tag_colors = {t.name: t.color for t in self.tags}
        self._titles: dict[str, str] = {}
        self.refresh_articles()
        self._pending: list[Change] | None = None
        # Asked when someone else changed what a command acts on: fn(Conflict) -> True to apply
        # ours anyway (the window's conflict dialog; None: the Conflict is raised).
        self.resolve_conflict: Callable[[Conflict], bool] | None = None
        self._own_versions: dict[str, int] = {}  # id: version of this window's last write
        project.subscribe(self._on_change)

    # -- the one path from the project to the views ---------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Announce the changes of many writes (an import of 100 files) once, at the end."""
        self._pending = []
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            if pending:
                self._emit(combined(pending))

    def apply_remote(self, change: Change) -> None:
        """Another window's committed change (live_updates.py): the same path as our own, so
        the views refresh exactly what it touched. A row read before a write of ours that made
        it newer (a read in a thread) is left out: the views already show ours."""
        own = self._own_versions
        if any(a.version < own.get(a.id, 0) for a in change.upserted):
            change = change._replace(upserted=tuple(a for a in change.upserted
                                                    if a.version >= own.get(a.id, 0)))
        if self._pending is not None:
            self._pending.append(change)
        else:
            self._emit(change, remote=True)

    def version_for(self, ident: str, seen: int) -> int:
        """The version a command passes for an annotation or link: the newer of the one it saw
        and the one this window's own last write made (an undo after later edits of ours is no
        conflict; someone else's write since ours is)."""
        return max(seen, self._own_versions.get(ident, 0))

    def _on_change(self, change: Change) -> None:
        for a in change.upserted:
            self._own_versions[a.id] = a.version
        for k in change.links_upserted:
            self._own_versions[k.id] = k.version
        self._pass_on(change)

    def _pass_on(self, change: Change) -> None:
        if self._pending is not None:
            self._pending.append(change)
        else:
            self._emit(change)

    def _emit(self, change: Change, remote: bool = False) -> None:
        """Every committed write of the project, whatever made it (an edit, an undo, an import,
        a merge), is announced here and turned into the signals of exactly what changed."""
        if change.articles or change.tags:
            self.refresh_articles()
        if change.articles:
            self.articlesChanged.emit()
        if change.tags:
            self.tagsChanged.emit()
        if change.link_types:
            self.linkTypesChanged.emit()
        if change.actors:
            self.actorsChanged.emit()
        if change.suggestions:
            self.suggestionsChanged.emit()
        if change.decisions:
            self.decisionsChanged.emit()
        by_article: dict[str, tuple[list, list]] = {}
        for a in change.upserted:
            by_article.setdefault(a.article_id, ([], []))[0].append(a)
        for article_id, annotation_id in change.removed:
            by_article.setdefault(article_id, ([], []))[1].append(annotation_id)
        for article_id, (upserted, removed) in by_article.items():
            if article_id not in change.reloaded:
                self.annotationsChanged.emit(article_id, upserted, removed)
        for article_id in sorted(change.reloaded):
            self.annotationsReloaded.emit(article_id)
        if change.links_reloaded:
            self.linksReloaded.emit()
        elif change.links_upserted or change.links_removed:
            self.linksChanged.emit(list(change.links_upserted), list(change.links_removed))
        if remote:
            self.remoteShown.emit()
        else:
            self.saved.emit()

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
        self.articleChanged.emit(changed)
        return changed

    def delete_article(self, article_id: str):
        return self.project.delete_article(article_id)

    def restore_article(self, removed) -> None:
        self.project.restore_article(*removed)

    # -- annotations ----------------------------------------------------------------------------
    def add(self, article_id: str, start: int, end: int, tag: str, actor: str | None = None
            ) -> Annotation:
        return self.project.add_annotation(article_id, start, end, tag, actor=actor)

    def restore(self, annotations: list[Annotation], links=()) -> None:
        self.project.restore_annotations(annotations, links)

    # ``version(s)``: what the command last saw; someone else's change since is a Conflict.
    def delete(self, ids: list[str], versions: dict[str, int] | None = None) -> list[Annotation]:
        return self.project.delete_annotations_and_links(ids, versions)[0]

    def delete_with_links(self, ids: list[str], versions: dict[str, int] | None = None):
        """(annotations, links) as they were, for undo."""
        return self.project.delete_annotations_and_links(ids, versions)

    def retag(self, annotation_id: str, tag: str, updated_at: str | None = None,
              version: int | None = None) -> Annotation:
        return self.project.retag(annotation_id, tag, updated_at=updated_at, version=version)

    def set_note(self, annotation_id: str, note: str, updated_at: str | None = None,
                 version: int | None = None) -> Annotation:
        return self.project.set_note(annotation_id, note, updated_at=updated_at, version=version)

    def set_extent(self, annotation_id: str, start: int, end: int,
                   updated_at: str | None = None, version: int | None = None) -> Annotation:
        return self.project.set_extent(annotation_id, start, end, updated_at=updated_at,
                                       version=version)

    def set_attributes(self, annotation_id: str, attributes: dict,
                       updated_at: str | None = None, version: int | None = None) -> Annotation:
        return self.project.set_attributes(annotation_id, attributes, updated_at=updated_at,
                                           version=version)
