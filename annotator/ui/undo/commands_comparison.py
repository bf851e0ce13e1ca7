"""Undo commands of the comparison layer: links, actors, an annotation's actor and attributes,
and the project's tags. One small command per user action, as in commands.py; each calls one
Project method, whose announced Change refreshes the views (Session._on_change)."""

from __future__ import annotations

from ...domain.model import Actor, Annotation, Link, Tag
from ...errors import Conflict
from .commands import _Command, _excerpt, _OneRow
from ..session import Session


# -- links --------------------------------------------------------------------------------------
class AddLink(_Command):
    def __init__(self, session: Session, from_id: str, to_id: str, link_type: str,
                 note: str = "", label: str | None = None):
        super().__init__(session, label or f"Link as {link_type}")
        self.args = (from_id, to_id, link_type, note)
        self.link: Link | None = None

    def do(self) -> None:
        if self.link is None:
            self.link = self.session.project.add_link(*self.args)
        else:
            self.session.project.restore_links([self.link])

    def undo(self) -> None:
        self.guarded(self._delete)

    def _delete(self) -> None:
        assert self.link is not None
        ident = self.link.id
        gone = self.session.project.delete_links(
            [ident], {ident: self.session.version_for(ident, self.link.version)})
        self.link = gone[0]  # redo puts back this, at its version (never an older one)

    def rebase(self, conflict: Conflict) -> bool:
        if conflict.current is None or self.link is None:
            return False
        self.link = conflict.current
        return True


class DeleteLinks(_Command):
    def __init__(self, session: Session, links: list[Link]):
        super().__init__(session, "Delete link" if len(links) == 1
                         else f"Delete {len(links)} links")
        self.links = links

    def do(self) -> None:
        self.links = self.session.project.delete_links([k.id for k in self.links],
                                                       self._versions())

    def undo(self) -> None:
        self.session.project.restore_links(self.links)

    def _versions(self) -> dict[str, int]:
        return {k.id: self.session.version_for(k.id, k.version) for k in self.links}

    def rebase(self, conflict: Conflict) -> bool:
        if conflict.current is None:
            return False
        self.links = [conflict.current if k.id == conflict.ident else k for k in self.links]
        return True


class ChangeLink(_OneRow):
    """A link's note or type; undo restores both and the earlier updated_at."""

    before: Link

    def __init__(self, session: Session, before: Link, *, note: str | None = None,
                 link_type: str | None = None):
        super().__init__(session, before, "Change link" if link_type is None
                         else f"Make link {link_type}")
        self.note, self.link_type = note, link_type
        self.done_at: str | None = None  # redo puts back the very same state

    def do(self) -> None:
        after = self.session.project.change_link(self.before.id, note=self.note,
                                                 link_type=self.link_type, updated_at=self.done_at,
                                                 version=self._seen())
        self.done_at, self.seen = after.updated_at, after.version

    def undo(self) -> None:
        self.guarded(self._undo)

    def _undo(self) -> None:
        after = self.session.project.change_link(self.before.id, note=self.before.note,
                                                 link_type=self.before.type,
                                                 updated_at=self.before.updated_at,
                                                 version=self._seen())
        self.seen = after.version


class AddLinkType(_Command):
    def __init__(self, session: Session, name: str, directed: bool, description: str = ""):
        super().__init__(session, f"Add link type {name}")
        self.args = (name, directed, description)

    def do(self) -> None:
        self.session.project.add_link_type(*self.args)

    def undo(self) -> None:
        self.session.project.delete_link_type(self.args[0])


# -- actors -------------------------------------------------------------------------------------
class AddActor(_Command):
    """A new actor, optionally named at once by some annotations (tagging an actor span)."""

    def __init__(self, session: Session, name: str, aliases=(), kind: str | None = None,
                 description: str = "", annotation_ids: list[str] | None = None):
        super().__init__(session, f"New actor {_excerpt(name)}")
        self.args = (name, tuple(aliases), kind, description)
        self.annotation_ids = annotation_ids or []
        self.actor: Actor | None = None
        self.before: dict[str, str] = {}
        self.after: dict[str, str] = {}

    def do(self) -> None:
        project = self.session.project
        if self.actor is None:
            self.actor = project.add_actor(*self.args)
            if self.annotation_ids:
                self.before = {a.id: a.updated_at
                               for a in project.annotations_by_ids(self.annotation_ids)}
                named = project.set_actor(self.annotation_ids, self.actor.id)
                self.after = {a.id: a.updated_at for a in named}
        else:
            project.add_actor(*self.args, actor_id=self.actor.id)
            if self.annotation_ids:
                project.set_actor(self.annotation_ids, self.actor.id, updated_at=self.after)

    def undo(self) -> None:
        assert self.actor is not None
        project = self.session.project
        if self.annotation_ids:
            project.set_actor(self.annotation_ids, None, updated_at=self.before)
        project.delete_actor(self.actor.id)


class UpdateActor(_Command):
    """Rename an actor, or change its aliases, kind or description."""

    def __init__(self, session: Session, before: Actor, **changes):
        what = "Rename" if "name" in changes else "Edit"
        super().__init__(session, f"{what} actor {_excerpt(before.name)}")
        self.before, self.changes = before, changes

    def do(self) -> None:
        self.session.project.update_actor(self.before.id, **self.changes)

    def undo(self) -> None:
        b = self.before
        self.session.project.update_actor(b.id, name=b.name, aliases=b.aliases, kind=b.kind,
                                          description=b.description)


class DeleteActor(_Command):
    def __init__(self, session: Session, actor: Actor):
        super().__init__(session, f"Delete actor {_excerpt(actor.name)}")
        self.actor = actor
        self.named: list[Annotation] = []

    def do(self) -> None:
        self.actor, self.named = self.session.project.delete_actor(self.actor.id)

    def undo(self) -> None:
        self.session.project.restore_actor(self.actor, [a.id for a in self.named])


class MergeActors(_Command):
    def __init__(self, session: Session, keep: Actor, gone: Actor):
        super().__init__(session, f"Merge {_excerpt(gone.name)} into {_excerpt(keep.name)}")
        self.keep_id, self.gone_id = keep.id, gone.id
        self.result: tuple | None = None

    def do(self) -> None:
        self.result = self.session.project.merge_actors(self.keep_id, self.gone_id)

    def undo(self) -> None:
        assert self.result is not None
        before, _after, gone, moved = self.result
        self.session.project.unmerge_actors(before, gone, [a.id for a in moved])


class SetActor(_Command):
    """Name an actor (or none) by some annotations; undo gives each its earlier actor."""

    def __init__(self, session: Session, before: list[Annotation], actor_id: str | None,
                 label: str = "Set actor"):
        super().__init__(session, label)
        self.before, self.actor_id = before, actor_id
        self.after: dict[str, str] | None = None

    def do(self) -> None:
        named = self.session.project.set_actor([a.id for a in self.before], self.actor_id,
                                               updated_at=self.after, versions=self._versions())
        self.after = {a.id: a.updated_at for a in named}

    def undo(self) -> None:
        self.guarded(self._undo)

    def _undo(self) -> None:  # one transaction: a Conflict on one span changes none
        self.session.project.set_actors({a.id: a.actor for a in self.before},
                                        updated_at={a.id: a.updated_at for a in self.before},
                                        versions=self._versions())

    def _versions(self) -> dict[str, int]:
        return {a.id: self.session.version_for(a.id, a.version) for a in self.before}

    def rebase(self, conflict: Conflict) -> bool:
        if conflict.current is None:
            return False
        self.before = [a._replace(version=conflict.current.version) if a.id == conflict.ident
                       else a for a in self.before]
        return True


class TagMentions(_Command):
    """Tag many mentions of an actor at once (\u201ctag every mention\u201d): one step to undo."""

    def __init__(self, session: Session, spans: list[tuple[str, int, int, str, str | None]],
                 label: str):
        super().__init__(session, label)
        self.spans = spans
        self.added: list[Annotation] = []

    def do(self) -> None:
        if not self.added:
            self.added = self.session.project.add_annotations(self.spans)
        else:
            self.session.project.restore_annotations(self.added)

    def undo(self) -> None:
        self.guarded(self._delete)

    def _delete(self) -> None:
        seen = {a.id: self.session.version_for(a.id, a.version) for a in self.added}
        # redo puts back these, at their versions (never older ones)
        self.added = self.session.delete([a.id for a in self.added], seen)

    def rebase(self, conflict: Conflict) -> bool:
        if conflict.current is None:
            return False
        self.added = [conflict.current if a.id == conflict.ident else a for a in self.added]
        return True


class SetAttributes(_OneRow):
    before: Annotation

    def __init__(self, session: Session, before: Annotation, attributes: dict, label: str):
        super().__init__(session, before, label)
        self.attributes = attributes
        self.done_at: str | None = None

    def do(self) -> None:
        after = self.session.project.set_attributes(self.before.id, self.attributes,
                                                    updated_at=self.done_at, version=self._seen())
        self.done_at, self.seen = after.updated_at, after.version

    def undo(self) -> None:
        self.guarded(self._undo)

    def _undo(self) -> None:
        after = self.session.project.set_attributes(self.before.id, dict(self.before.attributes),
                                                    updated_at=self.before.updated_at,
                                                    version=self._seen())
        self.seen = after.version


# -- tags ---------------------------------------------------------------------------------------
class AddTag(_Command):
    def __init__(self, session: Session, tag: Tag):
        super().__init__(session, f"Add tag {tag.name}")
        self.tag = tag

    def do(self) -> None:
        self.tag = self.session.project.add_tag(self.tag)

    def undo(self) -> None:
        self.session.project.delete_tag(self.tag.name)


class UpdateTag(_Command):
    """Rename, recolour, describe or re-key a tag."""

    def __init__(self, session: Session, before: Tag, after: Tag):
        super().__init__(session, f"Change tag {before.name}")
        self.before, self.after = before, after

    def do(self) -> None:
        self.after = self.session.project.update_tag(self.before.name, self.after)

    def undo(self) -> None:
        self.session.project.update_tag(self.after.name, self.before)


class ReorderTags(_Command):
    def __init__(self, session: Session, before: list[str], after: list[str]):
        super().__init__(session, "Reorder tags")
        self.before, self.after = before, after

    def do(self) -> None:
        self.session.project.reorder_tags(self.after)

    def undo(self) -> None:
        self.session.project.reorder_tags(self.before)


class DeleteTag(_Command):
    """Remove a tag no annotation uses; undo puts it back in its place."""

    def __init__(self, session: Session, tag: Tag):
        super().__init__(session, f"Delete tag {tag.name}")
        self.tag = tag
        self.position: int | None = None

    def do(self) -> None:
        self.tag, self.position = self.session.project.delete_tag(self.tag.name)

    def undo(self) -> None:
        self.session.project.add_tag(self.tag, self.position)
