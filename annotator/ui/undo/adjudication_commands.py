"""Undo commands of adjudication: one decision, or every unanimous place accepted at once, is one
undo step. Undo takes the decisions back (their gold spans and gold links go with them); redo puts
back the very same rows (Project.restore_decisions), as the commands of commands.py do."""

from __future__ import annotations

from ...domain.team.adjudication import Decision, Place
from ...errors import InputRefused
from ...storage.usecases.project_adjudication import Undone
from .commands import _Command
from ..session import Session


class _Decisions(_Command):
    def __init__(self, session: Session, label: str):
        super().__init__(session, label)
        self.rows: list[Decision] = []
        self.undone: Undone | None = None

    def make(self) -> list[Decision]:
        raise NotImplementedError

    def do(self) -> None:
        if self.undone is None:
            self.rows = self.make()
        else:
            self.session.project.restore_decisions(self.undone)

    def undo(self) -> None:
        self.undone = self.session.project.undo_decisions([d.id for d in self.rows])


class Decide(_Decisions):
    def __init__(self, session: Session, place: Place, outcome: str, label: str, **details):
        super().__init__(session, label)
        self.place, self.outcome, self.details = place, outcome, details

    def make(self) -> list[Decision]:
        return self.session.project.decide(self.place, self.outcome, **self.details)


class AcceptUnanimous(_Decisions):
    def __init__(self, session: Session, article_id: str | None = None):
        super().__init__(session, "Accept all unanimous places")
        self.article_id = article_id

    def make(self) -> list[Decision]:
        made = self.session.project.accept_unanimous(self.article_id)
        if not made:
            raise InputRefused("there is no open unanimous place to accept")
        self.setText(f"Accept {len(made)} unanimous place{'' if len(made) == 1 else 's'}")
        return made
