"""The Project's use cases of articles and annotations: add, change, delete and restore them.
Mixed into Project; each method is one transaction that logs and announces its Change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.model import Annotation, Article, Change, Link, ParsedArticle
from ..reads import queries

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path
    from sqlite3 import Connection

    from ..reads.texts import TextCache

BULK_DELETE = 20  # deleting this many annotations at once makes a backup first


def _edits():
    """The write use cases, imported by the first write: reading commands never load them."""
    from ..writes import edits

    return edits


class AnnotationUseCases:
    annotator: str
    _texts: TextCache

    if TYPE_CHECKING:
        def _write(self) -> AbstractContextManager[Connection]: ...
        def _announce(self, change: Change) -> Change: ...
        def _log(self, conn: Connection, change: Change, changed: bool = True) -> Change: ...
        def backup(self, reason: str = "auto") -> Path | None: ...

    # -- articles in and out ------------------------------------------------------------------
    def add_article(self, parsed: ParsedArticle) -> tuple[Article, bool]:
        """Store an article; returns (article, created). Same text twice: the first one, False."""
        with self._write() as conn:
            article, created = _edits().add_article(conn, parsed)
            change = self._log(conn, Change(articles=created))
        self._announce(change)
        return article, created

    def update_article(self, article_id: str, **details) -> Article:
        """Change title, source, url, author or published of an article (never its text)."""
        with self._write() as conn:
            article = _edits().update_article(conn, article_id, details)
            change = self._log(conn, Change(articles=True))
        self._announce(change)
        return article

    def delete_article(self, article_id: str):
        """Delete an article and its annotations (a backup is made first). Returns what
        restore_article needs to put it back."""
        self.backup("before-delete-article")
        with self._write() as conn:
            removed = _edits().delete_article(conn, article_id)
            change = self._log(conn, Change(articles=True,
                                            links_removed=tuple(k.id for k in removed[3])))
        self._announce(change)
        return removed

    def restore_article(self, article: Article, seq: int, annotations: list[Annotation],
                        links: list[Link] | tuple = ()) -> None:
        with self._write() as conn:
            _edits().restore_article(conn, self._texts, article, seq, annotations, links)
            change = self._log(conn, Change(articles=True, reloaded=frozenset({article.id}),
                                            links_upserted=tuple(links)))
        self._announce(change)

    # -- annotations ----------------------------------------------------------------------------
    def add_annotation(self, article_id: str, start: int, end: int, tag: str, note: str = "",
                       *, annotation_id: str | None = None, actor: str | None = None,
                       attributes: dict | None = None) -> Annotation:
        with self._write() as conn:
            added = _edits().add_annotation(conn, self._texts, article_id, start, end, tag, note,
                                            self.annotator, annotation_id, actor, attributes)
            change = self._log(conn, Change(upserted=(added,)))
        self._announce(change)
        return added

    def add_annotations(self, spans: list[tuple[str, int, int, str, str | None]]) -> list[Annotation]:
        """Add several annotations, (article id, start, end, tag, actor id) each, in one
        transaction (“tag every mention”)."""
        with self._write() as conn:
            added = [_edits().add_annotation(conn, self._texts, article_id, start, end, tag, "",
                                             self.annotator, None, actor)
                     for article_id, start, end, tag, actor in spans]
            change = self._log(conn, Change(upserted=tuple(added)))
        self._announce(change)
        return added

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        return self.restore_annotations([annotation])[0]

    def restore_annotations(self, annotations: list[Annotation],
                            links: list[Link] | tuple = ()) -> list[Annotation]:
        """Put back deleted annotations exactly as they were, and then their links, all in one
        transaction."""
        from ..writes.comparison import restore_link

        with self._write() as conn:
            restored = [_edits().restore_annotation(conn, self._texts, a) for a in annotations]
            back = [restore_link(conn, link) for link in links]
            change = self._log(conn, Change(upserted=tuple(restored), links_upserted=tuple(back)))
        self._announce(change)
        return restored

    def delete_annotation(self, annotation_id: str) -> Annotation:
        return self.delete_annotations([annotation_id])[0]

    def delete_annotations(self, annotation_ids: list[str]) -> list[Annotation]:
        """Delete several annotations in one transaction; returns them as they were. Their links
        go with them (see delete_annotations_and_links)."""
        return self.delete_annotations_and_links(annotation_ids)[0]

    def delete_annotations_and_links(self, annotation_ids: list[str],
                                     versions: dict[str, int] | None = None
                                     ) -> tuple[list[Annotation], list[Link]]:
        """Delete annotations and their links in one transaction; returns both as they were
        (restore_annotations puts them back). Before a bulk delete (BULK_DELETE or more) a
        backup is made. ``versions`` (id: the version the caller saw) refuses with a Conflict
        if someone changed one of them since."""
        if len(annotation_ids) >= BULK_DELETE:
            self.backup("before-bulk-delete")
        with self._write() as conn:
            links = queries.links_touching(conn, list(annotation_ids))
            seen = versions or {}
            gone = [_edits().delete_annotation(conn, i, seen.get(i)) for i in annotation_ids]
            change = self._log(conn, Change(removed=tuple((a.article_id, a.id) for a in gone),
                                            links_removed=tuple(k.id for k in links)))
        self._announce(change)
        return gone, links

    def _change(self, annotation_id: str, **what) -> Annotation:
        with self._write() as conn:
            changed = _edits().change_annotation(conn, self._texts, annotation_id, **what)
            change = self._log(conn, Change(upserted=(changed,)))
        self._announce(change)
        return changed

    # ``version``: the version the caller saw; someone else's change since is a Conflict.
    def retag(self, annotation_id: str, tag: str, *, updated_at: str | None = None,
              version: int | None = None) -> Annotation:
        return self._change(annotation_id, tag=tag, updated_at=updated_at, version=version)

    def set_note(self, annotation_id: str, note: str, *, updated_at: str | None = None,
                 version: int | None = None) -> Annotation:
        return self._change(annotation_id, note=note, updated_at=updated_at, version=version)

    def set_extent(self, annotation_id: str, start: int, end: int, *,
                   updated_at: str | None = None, version: int | None = None) -> Annotation:
        return self._change(annotation_id, extent=(start, end), updated_at=updated_at,
                            version=version)

    def set_attributes(self, annotation_id: str, attributes: dict, *,
                       updated_at: str | None = None, version: int | None = None) -> Annotation:
        """Replace an annotation's attributes (quote_form, anonymous, ...)."""
        return self._change(annotation_id, attributes=attributes, updated_at=updated_at,
                            version=version)
