"""The Project's agreement use case (DESIGN.md section 10, `agreement`). Mixed into Project."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from sqlite3 import Connection


class AgreementUseCases:
    if TYPE_CHECKING:
        def _read(self) -> AbstractContextManager[Connection]: ...

    def agreement(self, annotators: Sequence[str] | None = None) -> dict:
        """The agreement of two annotators: ``annotators`` (two names), else the project's only
        two; InputRefused naming the annotators found otherwise. Read in one transaction."""
        from ..reads.agreement import read_agreement

        with self._read() as conn:
            return read_agreement(conn, annotators)

    def annotator_names(self) -> list[str]:
        """Who annotated or linked anything in this project, by name."""
        from ..reads.agreement import annotators_found

        with self._read() as conn:
            return annotators_found(conn)
