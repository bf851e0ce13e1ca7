"""One small QUndoCommand per user action, each calling the Session (orange-canvas style).

A command runs once *before* it is pushed (``perform``), so a refused action (a database error,
a span that does not fit) never lands on the undo stack; Qt's first redo() is then skipped.
Redo after undo puts back the very same annotation (same id), and undo restores the previous
``updated_at`` too, so the database after undo is what it was before the action.

Commands that change or delete an annotation pass the version they last saw: when someone else
changed it meanwhile (a colleague on the same project) the Session's ``resolve_conflict`` asks
whether to apply ours anyway (then the command retries with their version) or to keep theirs
(then the command is not pushed, or, for an undo or redo, leaves the stack).
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from ...domain.model import Annotation, Link
from ...errors import Conflict
from ..session import Session


def _excerpt(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Command(QUndoCommand):
    def __init__(self, session: Session, label: str):
        super().__init__(label)
        self.session = session
        self._skip_redo = True

    def do(self) -> None:  # first run, may raise
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.guarded(self.do)

    def rebase(self, conflict: Conflict) -> bool:
        """Take the version someone else made as the one this command saw ("apply mine");
        False when there is nothing to apply to (it was deleted) or the command has no
        versions."""
        return False

    def guarded(self, run) -> bool:
        """Run ``run`` (do, undo or redo); on a Conflict ask, then retry with the newer version
        or keep theirs (an undo or redo that keeps theirs leaves the stack). True if it ran."""
        try:
            run()
            return True
        except Conflict as exc:
            ask = self.session.resolve_conflict
            if ask is None:
                raise
            if ask(exc) and self.rebase(exc):
                run()
                return True
            self.setObsolete(True)
            return False


def perform(stack: QUndoStack, command: _Command) -> bool:
    """Run ``command``; push it on the undo stack only if it succeeded (it raises otherwise) and
    was not given up for someone else's change (a Conflict whose user kept theirs: False)."""
    if not command.guarded(command.do):
        return False
    command.setObsolete(False)
    stack.push(command)
    return True


class AddSpan(_Command):
    def __init__(self, session: Session, article_id: str, start: int, end: int, tag: str,
                 text: str):
        super().__init__(session, f"Tag “{_excerpt(text)}” as {tag}")
        self.args = (article_id, start, end, tag)
        self.annotation: Annotation | None = None

    def do(self) -> None:
        if self.annotation is None:
            self.annotation = self.session.add(*self.args)
        else:
            self.session.restore([self.annotation])

    def undo(self) -> None:
        self.guarded(self._delete)

    def _delete(self) -> None:
        assert self.annotation is not None
        ident = self.annotation.id
        gone = self.session.delete([ident], {ident: self.session.version_for(
            ident, self.annotation.version)})
        self.annotation = gone[0]  # redo puts back this, at its version (never an older one)

    def rebase(self, conflict: Conflict) -> bool:
        if conflict.current is None or self.annotation is None:
            return False
        self.annotation = conflict.current
        return True


class DeleteSpans(_Command):
    def __init__(self, session: Session, annotations: list[Annotation]):
        label = (f"Delete “{_excerpt(annotations[0].text)}”" if len(annotations) == 1
                 else f"Delete {len(annotations)} annotations")
        super().__init__(session, label)
        self.annotations = annotations
        self.links: list = []

    def do(self) -> None:
        self.annotations, self.links = self.session.delete_with_links(
            [a.id for a in self.annotations],
            {a.id: self.session.version_for(a.id, a.version) for a in self.annotations})

    def undo(self) -> None:
        self.session.restore(self.annotations, self.links)

    def rebase(self, conflict: Conflict) -> bool:
        if conflict.current is None:
            return False
        self.annotations = [conflict.current if a.id == conflict.ident else a
                            for a in self.annotations]
        return True


class _OneRow(_Command):
    """A command changing one annotation or link (``before``), which passes the version it last
    saw (or made) and, on "apply mine", takes the version someone else made."""

    def __init__(self, session: Session, before: Annotation | Link, label: str):
        super().__init__(session, label)
        self.before = before
        self.seen = before.version  # the version this command last saw (or made)

    def _seen(self) -> int:
        return self.session.version_for(self.before.id, self.seen)

    def rebase(self, conflict: Conflict) -> bool:
        if conflict.current is None:
            return False
        self.seen = conflict.current.version
        return True


class _Change(_OneRow):
    """Change one field of one annotation; undo restores the old value and updated_at."""

    before: Annotation

    new_value: object
    old_value: object

    def apply(self, annotation_id: str, value, updated_at: str | None, version: int):
        raise NotImplementedError

    def _apply(self, value, updated_at: str | None) -> None:
        after = self.apply(self.before.id, value, updated_at, self._seen())
        self.seen = after.version

    def do(self) -> None:
        self._apply(self.new_value, None)

    def undo(self) -> None:
        self.guarded(lambda: self._apply(self.old_value, self.before.updated_at))


class Retag(_Change):
    def __init__(self, session: Session, before: Annotation, tag: str):
        super().__init__(session, before, f"Retag “{_excerpt(before.text)}” as {tag}")
        self.old_value, self.new_value = before.tag, tag

    def apply(self, annotation_id, value, updated_at, version):
        return self.session.retag(annotation_id, value, updated_at, version)


class SetNote(_Change):
    def __init__(self, session: Session, before: Annotation, note: str):
        super().__init__(session, before, f"Note on “{_excerpt(before.text)}”")
        self.old_value, self.new_value = before.note, note

    def apply(self, annotation_id, value, updated_at, version):
        return self.session.set_note(annotation_id, value, updated_at, version)


class SetExtent(_Change):
    NUDGE_ID = 1001

    def __init__(self, session: Session, before: Annotation, start: int, end: int,
                 nudge: bool = False):
        super().__init__(session, before, f"Change extent of “{_excerpt(before.text)}”")
        self.old_value, self.new_value = (before.start, before.end), (start, end)
        self.nudge = nudge

    def apply(self, annotation_id, value, updated_at, version):
        return self.session.set_extent(annotation_id, *value, updated_at, version)

    def id(self) -> int:
        return self.NUDGE_ID if self.nudge else -1

    def mergeWith(self, other) -> bool:
        """Nudges of one annotation, one character at a time, undo as one step."""
        if not (isinstance(other, SetExtent) and other.nudge and other.before.id == self.before.id):
            return False
        self.new_value, self.seen = other.new_value, other.seen
        return True


class SetArticleDetails(_Command):
    def __init__(self, session: Session, before, details: dict):
        super().__init__(session, f"Details of “{_excerpt(before.title)}”")
        self.article_id = before.id
        self.old = {k: getattr(before, k) for k in details}
        self.new = details

    def do(self) -> None:
        self.session.update_article(self.article_id, self.new)

    def undo(self) -> None:
        self.session.update_article(self.article_id, self.old)


class DeleteArticle(_Command):
    def __init__(self, session: Session, article_id: str, title: str):
        super().__init__(session, f"Delete article “{_excerpt(title)}”")
        self.article_id = article_id
        self.removed = None

    def do(self) -> None:
        self.removed = self.session.delete_article(self.article_id)

    def undo(self) -> None:
        self.session.restore_article(self.removed)
