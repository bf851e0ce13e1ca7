"""Undo steps that join commands: naming a span's actor right after tagging it (or retagging it
as actor) is one step with the tagging, even though the choice comes later (from a menu that
does not block the window); "tag every mention" tags new spans and names the actor of spans
already tagged, in one step.

TagActor wraps the AddSpan or Retag that made a span an actor span; a ChooseActor pushed while
it is still on top of the undo stack is merged into it (QUndoCommand.mergeWith), so Ctrl+Z
removes the span (or its new tag) and its actor together. Pushed later (the user did something
else first), the choice is its own step."""

from __future__ import annotations

from .commands import _Command
from .commands_comparison import SetActor, TagMentions
from ..session import Session

TAG_ACTOR_ID = 2001


class Steps(_Command):
    """Some commands run in order as one step; undo runs them back in reverse. A child refused
    undoes the ones before it, so nothing is left half done. Each child's do() is re-runnable:
    it is how they redo."""

    def __init__(self, session: Session, children: list[_Command], label: str):
        super().__init__(session, label)
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


class ChooseActor(Steps):
    """The actor chosen for one span (add an alias, then set the actor, say): merged into the
    TagActor of that span when it is on top of the undo stack."""

    def __init__(self, session: Session, annotation_id: str, children: list[_Command], label: str):
        super().__init__(session, children, label)
        self.annotation_id = annotation_id

    def id(self) -> int:
        return TAG_ACTOR_ID


class TagActor(_Command):
    """The AddSpan of an actor span, or the Retag of a span as actor, which takes in the actor
    chosen for it afterwards."""

    def __init__(self, session: Session, tagged: _Command, annotation_id: str):
        super().__init__(session, tagged.text())
        self.tagged = tagged
        self.annotation_id = annotation_id
        self.chosen: list[ChooseActor] = []

    def do(self) -> None:  # first run, then redo
        self.tagged.do()
        for choice in self.chosen:
            choice.do()

    def undo(self) -> None:
        for choice in reversed(self.chosen):
            choice.undo()
        self.tagged.undo()

    def id(self) -> int:
        return TAG_ACTOR_ID

    def mergeWith(self, other) -> bool:
        if not (isinstance(other, ChooseActor) and other.annotation_id == self.annotation_id):
            return False
        # A plain Python holder of the children: Qt deletes ``other`` after the merge.
        self.chosen.append(ChooseActor(self.session, other.annotation_id, list(other.children),
                                       other.text()))
        self.setText(f"{self.tagged.text()}: {other.text()}")
        return True


def tag_and_name(session: Session, spans: list[tuple[str, int, int, str, str | None]],
                 named: list, actor_id: str, label: str) -> _Command:
    """"Tag every mention" accepted: the new spans, and the actor named by spans that were
    tagged actor already (``named``, as they are now), in one step. Undo deletes the new spans
    and gives the others back their earlier actor and updated_at."""
    children: list[_Command] = []
    if spans:
        children.append(TagMentions(session, spans, label))
    if named:
        children.append(SetActor(session, named, actor_id, label))
    return children[0] if len(children) == 1 else Steps(session, children, label)
