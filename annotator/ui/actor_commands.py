"""Undo steps that join commands: naming a span's actor right after tagging it is one step with
the tagging, even though the choice comes later (from a menu that does not block the window).

TagActor wraps the AddSpan of an actor span; a ChooseActor pushed while it is still on top of
the undo stack is merged into it (QUndoCommand.mergeWith), so Ctrl+Z removes the span and its
actor together. Pushed later (the user did something else first), the choice is its own step."""

from __future__ import annotations

from .commands import AddSpan, _Command
from .session import Session

TAG_ACTOR_ID = 2001


class ChooseActor(_Command):
    """Some commands run in order as one step (add an alias, then set the actor, say); undo
    runs them back in reverse. A child refused undoes the ones before it, so nothing is left
    half done. Each child's do() is re-runnable: it is how they redo."""

    def __init__(self, session: Session, annotation_id: str, children: list[_Command], label: str):
        super().__init__(session, label)
        self.annotation_id = annotation_id
        self.children = children

    def do(self) -> None:
        done: list[_Command] = []
        try:
            for child in self.children:
                child.do()
                done.append(child)
        except BaseException:
            for child in reversed(done):
                child.undo()
            raise

    def undo(self) -> None:
        for child in reversed(self.children):
            child.undo()

    def id(self) -> int:
        return TAG_ACTOR_ID


class TagActor(_Command):
    """The AddSpan of an actor span, which takes in the actor chosen for it afterwards."""

    def __init__(self, session: Session, added: AddSpan):
        super().__init__(session, added.text())
        self.added = added
        self.chosen: list[ChooseActor] = []

    def do(self) -> None:  # first run, then redo
        self.added.do()
        for choice in self.chosen:
            choice.do()

    def undo(self) -> None:
        for choice in reversed(self.chosen):
            choice.undo()
        self.added.undo()

    def id(self) -> int:
        return TAG_ACTOR_ID

    def mergeWith(self, other) -> bool:
        annotation = self.added.annotation
        if not (isinstance(other, ChooseActor) and annotation is not None
                and other.annotation_id == annotation.id):
            return False
        # A plain Python holder of the children: Qt deletes ``other`` after the merge.
        self.chosen.append(ChooseActor(self.session, other.annotation_id, list(other.children),
                                       other.text()))
        self.setText(f"{self.added.text()}: {other.text()}")
        return True
