"""The Project's use cases of the comparison layer (DESIGN.md section 9): link types, links,
actors, an annotation's actor, and the project's tags. Mixed into Project; each method is one
transaction that announces its Change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.model import Actor, Annotation, Change, Link, LinkType, Tag
from ..reads import queries

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from sqlite3 import Connection


def _ops():
    from ..writes import comparison

    return comparison


def _tags():
    from ..writes import tag_edits

    return tag_edits


class ComparisonUseCases:
    annotator: str

    if TYPE_CHECKING:
        def _read(self) -> AbstractContextManager[Connection]: ...
        def _write(self) -> AbstractContextManager[Connection]: ...
        def _announce(self, change: Change) -> Change: ...
        def _log(self, conn: Connection, change: Change, changed: bool = True) -> Change: ...

    # -- reads ----------------------------------------------------------------------------------
    def link_types(self) -> list[LinkType]:
        with self._read() as conn:
            return queries.link_types(conn)

    def links(self, article_ids: list[str] | None = None) -> list[Link]:
        """Every link, or those with an end in one of ``article_ids``."""
        with self._read() as conn:
            return queries.links(conn, article_ids)

    def link(self, link_id: str) -> Link:
        with self._read() as conn:
            return queries.link(conn, link_id)

    def links_of(self, annotation_ids: list[str]) -> list[Link]:
        with self._read() as conn:
            return queries.links_touching(conn, annotation_ids)

    def actors(self) -> list[Actor]:
        with self._read() as conn:
            return queries.actors(conn)

    def actor(self, actor_id: str) -> Actor:
        with self._read() as conn:
            return queries.actor(conn, actor_id)

    def actor_counts(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Per actor, per article: (mentions, quotes), outside not-article regions."""
        with self._read() as conn:
            return queries.actor_counts(conn)

    def compare(self) -> dict:
        """The comparison of the articles (DESIGN.md section 10, `compare --format json`)."""
        from ..reads.compare import compare_project

        with self._read() as conn:
            return compare_project(conn)

    def annotations_by_ids(self, ids: list[str]) -> list[Annotation]:
        with self._read() as conn:
            return queries.annotations_by_ids(conn, ids)

    # -- links ----------------------------------------------------------------------------------
    def add_link(self, from_id: str, to_id: str, link_type: str, note: str = "", *,
                 link_id: str | None = None) -> Link:
        with self._write() as conn:
            link = _ops().add_link(conn, from_id, to_id, link_type, note, self.annotator, link_id)
            change = self._log(conn, Change(links_upserted=(link,)))
        self._announce(change)
        return link

    def restore_links(self, links: list[Link]) -> list[Link]:
        with self._write() as conn:
            back = [_ops().restore_link(conn, link) for link in links]
            change = self._log(conn, Change(links_upserted=tuple(back)))
        self._announce(change)
        return back

    def delete_links(self, link_ids: list[str], versions: dict[str, int] | None = None
                     ) -> list[Link]:
        """Delete links; ``versions`` (id: version seen) refuses if someone changed one since."""
        seen = versions or {}
        with self._write() as conn:
            gone = [_ops().delete_link(conn, i, seen.get(i)) for i in link_ids]
            change = self._log(conn, Change(links_removed=tuple(link_ids)))
        self._announce(change)
        return gone

    def change_link(self, link_id: str, *, note: str | None = None,
                    link_type: str | None = None, updated_at: str | None = None,
                    version: int | None = None) -> Link:
        """Change a link's note or type (undo passes the earlier updated_at; ``version`` the
        version seen, a Conflict if someone changed it since)."""
        with self._write() as conn:
            link = _ops().change_link(conn, link_id, note=note, link_type=link_type,
                                      updated_at=updated_at, version=version)
            change = self._log(conn, Change(links_upserted=(link,)))
        self._announce(change)
        return link

    def add_link_type(self, name: str, directed: bool, description: str = "") -> LinkType:
        with self._write() as conn:
            added = _ops().add_link_type(conn, name, directed, description)
            change = self._log(conn, Change(link_types=True))
        self._announce(change)
        return added

    def delete_link_type(self, name: str) -> LinkType:
        with self._write() as conn:
            gone = _ops().delete_link_type(conn, name)
            change = self._log(conn, Change(link_types=True))
        self._announce(change)
        return gone

    # -- actors ---------------------------------------------------------------------------------
    def add_actor(self, name: str, aliases=(), kind: str | None = None, description: str = "",
                  *, actor_id: str | None = None) -> Actor:
        """A new actor (refused when one of the same name exists, unless ``actor_id`` puts a
        deleted one back)."""
        with self._write() as conn:
            actor = _ops().add_actor(conn, name, aliases, kind, description, actor_id)
            change = self._log(conn, Change(actors=True))
        self._announce(change)
        return actor

    def update_actor(self, actor_id: str, **changes) -> Actor:
        """Rename an actor or change its aliases, kind or description."""
        with self._write() as conn:
            actor = _ops().update_actor(conn, actor_id, **changes)
            change = self._log(conn, Change(actors=True))
        self._announce(change)
        return actor

    def delete_actor(self, actor_id: str) -> tuple[Actor, list[Annotation]]:
        with self._write() as conn:
            gone, named = _ops().delete_actor(conn, actor_id)
            change = self._log(conn, Change(actors=True, upserted=tuple(
                a._replace(actor=None) for a in named)))
        self._announce(change)
        return gone, named

    def restore_actor(self, actor: Actor, annotation_ids: list[str]) -> Actor:
        with self._write() as conn:
            named = _ops().restore_actor(conn, actor, annotation_ids)
            change = self._log(conn, Change(actors=True, upserted=tuple(named)))
        self._announce(change)
        return actor

    def merge_actors(self, keep_id: str, gone_id: str) -> tuple[Actor, Actor, Actor,
                                                                 list[Annotation]]:
        """Merge ``gone`` into ``keep``; returns (keep before, keep after, gone, moved)."""
        with self._write() as conn:
            result = _ops().merge_actors(conn, keep_id, gone_id)
            change = self._log(conn, Change(actors=True, upserted=tuple(result[3])))
        self._announce(change)
        return result

    def unmerge_actors(self, before: Actor, gone: Actor, moved_ids: list[str]) -> None:
        with self._write() as conn:
            moved = _ops().unmerge_actors(conn, before, gone, moved_ids)
            change = self._log(conn, Change(actors=True, upserted=tuple(moved)))
        self._announce(change)

    def set_actor(self, annotation_ids: list[str], actor_id: str | None, *,
                  updated_at: dict[str, str] | None = None,
                  versions: dict[str, int] | None = None) -> list[Annotation]:
        """Name (or with None, stop naming) an actor by these annotations, in one transaction.
        ``updated_at`` (undo) gives each annotation its earlier time; ``versions`` (id: version
        seen) refuses with a Conflict if someone changed one since."""
        return self.set_actors(dict.fromkeys(annotation_ids, actor_id), updated_at=updated_at,
                               versions=versions)

    def set_actors(self, actors: dict[str, str | None], *,
                   updated_at: dict[str, str] | None = None,
                   versions: dict[str, int] | None = None) -> list[Annotation]:
        """Give each annotation its own actor ({annotation id: actor id or None}) in one
        transaction: the undo of naming one actor by spans that had different ones. A Conflict
        on any of them (``versions``) changes none."""
        from ..writes.edits import change_annotation

        times, seen = updated_at or {}, versions or {}
        with self._write() as conn:
            texts = self._texts  # type: ignore[attr-defined]
            changed = [change_annotation(conn, texts, i, actor=actor, updated_at=times.get(i),
                                         version=seen.get(i))
                       for i, actor in actors.items()]
            change = self._log(conn, Change(upserted=tuple(changed)))
        self._announce(change)
        return changed

    # -- tags -----------------------------------------------------------------------------------
    def add_tag(self, tag: Tag, position: int | None = None) -> Tag:
        with self._write() as conn:
            added = _tags().add_tag(conn, tag, position)
            change = self._log(conn, Change(tags=True))
        self._announce(change)
        return added

    def update_tag(self, name: str, tag: Tag) -> Tag:
        """Rename, recolour, describe or re-key the tag ``name`` (``tag`` holds the new values).
        Annotations keep it: they show the new name."""
        with self._write() as conn:
            changed = _tags().update_tag(conn, name, tag)
            change = self._log(conn, Change(tags=True, reloaded=frozenset(
                self._articles_with_tag(changed.name)) if changed.name != name else frozenset()))
        self._announce(change)
        return changed

    def _articles_with_tag(self, name: str) -> list[str]:
        with self._read() as conn:
            return [row[0] for row in conn.execute(
                "SELECT DISTINCT an.article_id FROM annotations an JOIN tags tg ON "
                "tg.id = an.tag_id WHERE tg.name = ?", (name,))]

    def reorder_tags(self, names: list[str]) -> list[Tag]:
        with self._write() as conn:
            tags = _tags().reorder_tags(conn, names)
            change = self._log(conn, Change(tags=True))
        self._announce(change)
        return tags

    def delete_tag(self, name: str) -> tuple[Tag, int]:
        """Remove a tag no annotation uses; returns (it, its position) for undo."""
        with self._write() as conn:
            gone = _tags().delete_tag(conn, name)
            change = self._log(conn, Change(tags=True))
        self._announce(change)
        return gone
