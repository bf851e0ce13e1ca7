"""A source's PlainTextSelections read (issue 11): one element at a time (``Selections.one``,
the careful way), or the plain ones (refi_events.Run) a column at a time (``Selections.rows``):
the same values, as lists (Rows).

Each column is checked whole in C (a join, ``map``, a set of the values that repeat: users and
codes) and taken as it is only when the careful reading would give every value unchanged;
otherwise that column is read value by value with the careful functions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from .refi_events import CODE_REF, CODING, Run, unescaped
from .refi_parts import Q, guid, time
from .refi_units import SAMPLE, Sample

_NOTE_REF, _DESCRIPTION = Q + "NoteRef", Q + "Description"
_GUID_BYTES = b"0123456789abcdef-"


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    name: str
    user: str
    created: str | None
    updated: str | None
    notes: list[str]
    codings: list[tuple[str, str, list[str], str]]  # (coding guid, code guid, notes, user)


@dataclass
class Rows:
    """Plain selections as columns, each value what ``Selections.one`` gives."""
    guids: list[str]
    starts: list[int]
    ends: list[int]
    names: list[str]
    users: list[str]
    created: list[str | None]
    updated: list[str | None]
    codes: list[str]
    coding_users: list[str]
    coding_guids: list  # (as the file gives them: read only for Selections)

    def selections(self) -> list[Selection]:
        """What ``Selections.one`` makes of each (for the careful way)."""
        coding_guids = map(guid, self.coding_guids)
        return [Selection(g, s, e, n, u, c, m, [], [(cg, code, [], cu)])
                for g, s, e, n, u, c, m, cg, code, cu in zip(
                    self.guids, self.starts, self.ends, self.names, self.users, self.created,
                    self.updated, coding_guids, self.codes, self.coding_users, strict=True)]

    def sample(self, raw: str) -> Sample:
        """What refi_units.choose_unit looks at (refi_units.sample, but the first spans only)."""
        quotes = [n or None for n in self.names[:SAMPLE]]
        return Sample(raw, list(zip(self.starts[:SAMPLE], self.ends[:SAMPLE], quotes, strict=True)),
                      len(self.names) - self.names.count(""))


class Selections:
    """Reads selections with the project's users and notes; GUIDs a file repeats (users, codes)
    and times are each read once per distinct value."""

    def __init__(self, users: dict[str, str], notes: dict[str, str]):
        self.users, self.notes = users, notes
        self._refs: dict[str | None, str] = {}
        self._times: dict[str | None, str | None] = {}

    def ref(self, value: str | None) -> str:
        found = self._refs.get(value)
        if found is None:
            found = self._refs[value] = guid(value)
        return found

    def time(self, value: str | None) -> str | None:
        if value in self._times:
            return self._times[value]
        found = self._times[value] = time(value)
        return found

    def one(self, element) -> Selection:
        """A PlainTextSelection element, the careful way."""
        ident = guid(element.get("guid"))
        try:
            start, end = int(element.get("startPosition")), int(element.get("endPosition"))
        except (TypeError, ValueError):
            start, end = -1, -1  # (refused with the others that cannot be placed)
        user = self.users.get(self.ref(element.get("creatingUser")), "")
        notes: list[str] = []
        codings = []
        for child in element:  # (one pass over the children: find/iterfind cost 3x more)
            tag = child.tag
            if tag == CODING:
                code, coding_notes = "", []
                for part in child:
                    if part.tag == CODE_REF:
                        code = self.ref(part.get("targetGUID"))
                    elif part.tag == _NOTE_REF:
                        coding_notes.append(self.notes.get(guid(part.get("targetGUID")), ""))
                codings.append((guid(child.get("guid")), code, coding_notes,
                                self.users.get(self.ref(child.get("creatingUser")), "")))
            elif tag == _NOTE_REF:
                notes.append(self.notes.get(guid(child.get("targetGUID")), ""))
            elif tag == _DESCRIPTION and child.text and child.text.strip():
                notes.insert(0, child.text)
        return Selection(ident, start, end, element.get("name") or "", user,
                         self.time(element.get("creationDateTime")),
                         self.time(element.get("modifiedDateTime")), notes, codings)

    def rows(self, runs: Sequence[Run]) -> Rows:
        """Runs of plain selections, a column at a time."""
        escaped = any(run.escaped for run in runs)
        guids, starts, ends, names, users, created, updated = _columns(
            [run.selections for run in runs], escaped)
        coding_guids, coding_users = _columns([run.codings for run in runs], escaped)
        codes, = _columns([run.refs for run in runs], escaped)
        starts, ends = _positions(starts, ends)
        return Rows(self.guids(guids), starts, ends, _names(names), self.user_names(users),
                    self.times(created), self.times(updated), self.codes(codes),
                    self.user_names(coding_users), coding_guids)

    @staticmethod
    def guids(values: list) -> list[str]:
        """refi_parts.guid of each (the values themselves when they are lower-case hex)."""
        try:
            if not "".join(values).encode("ascii").translate(None, _GUID_BYTES):
                return values
        except (TypeError, UnicodeEncodeError):  # (None, or not ASCII)
            pass
        return list(map(guid, values))

    def user_names(self, values: list) -> list[str]:
        names = {v: self.users.get(self.ref(v), "") for v in set(values)}
        if len(names) == 1:
            return [names[values[0]]] * len(values)
        return list(map(names.__getitem__, values))

    def codes(self, values: list) -> list[str]:
        codes = {v: self.ref(v) for v in set(values)}
        return list(map(codes.__getitem__, values))

    def times(self, values: list) -> list[str | None]:
        """The values themselves when each is a date and time without white space around it
        (what refi_parts.time then gives); else each read by it."""
        try:
            if list(map(str.strip, values)) == values:
                deque(map(datetime.fromisoformat, values), maxlen=0)
                return values
        except (TypeError, ValueError):  # (None, or not a time)
            pass
        return list(map(self.time, values))


def _columns(runs: list[list[list]], escaped: bool) -> list[list]:
    """The runs' columns, each run's after the other's."""
    columns = runs[0] if len(runs) == 1 else [list(chain.from_iterable(c))
                                              for c in zip(*runs, strict=True)]
    return [unescaped(c) for c in columns] if escaped else columns


def _names(values: list) -> list[str]:
    return [v or "" for v in values] if None in values else values


def _positions(starts: list, ends: list) -> tuple[list[int], list[int]]:
    """Both ends as int(); (-1, -1) where either is not a number (as ``Selections.one``)."""
    try:
        return list(map(int, starts)), list(map(int, ends))
    except (TypeError, ValueError):
        pairs = [_position(s, e) for s, e in zip(starts, ends, strict=True)]
        return [s for s, _ in pairs], [e for _, e in pairs]


def _position(start, end) -> tuple[int, int]:
    try:
        return int(start), int(end)
    except (TypeError, ValueError):
        return -1, -1
