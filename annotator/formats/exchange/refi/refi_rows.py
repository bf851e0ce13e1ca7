"""The plain selections of a source (refi_events.Run) read a column at a time (issue 11): what
refi_read's careful ``selection`` makes of each one, as lists (Rows), and their annotations
made at once (``fast_annotations``) when nothing in the source needs the careful way.

Each column is checked whole in C (a join, ``map``, a set of the values that repeat) and is
taken as it is only when the careful reading would give every value unchanged; otherwise that
column is read value by value with the careful functions. ``fast_annotations`` gives None (the
reader then makes Selections and reads them the careful way) for anything it does not take: a
text that is not canonical, positions not in code points, a span out of range or empty, a
quote to find, a code that is no tag.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, repeat
from operator import eq, lt

from ....domain.bundle import AnnotationIn
from .refi_events import Run, unescaped
from .refi_parts import guid
from .refi_units import CODE_POINTS, UTF16, has_astral

_GUID_CHARACTERS = "0123456789abcdef-"


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


class Columns:
    """How a column of attribute values is read: the reader's GUID, user and time readers
    (each exact, and each remembering what it read: users and codes repeat)."""

    def __init__(self, ref: Callable[[str | None], str], users: dict[str, str],
                 time: Callable[[str | None], str | None]):
        self.ref, self.users, self.time = ref, users, time

    def guids(self, values: list) -> list[str]:
        """refi_parts.guid of each (the values themselves when they are lower-case hex)."""
        if None not in values and not "".join(values).strip(_GUID_CHARACTERS):
            return values
        return list(map(guid, values))

    def names(self, values: list) -> list[str]:
        return [v or "" for v in values] if None in values else values

    def positions(self, starts: list, ends: list) -> tuple[list[int], list[int]]:
        """Both ends as int(); (-1, -1) where either is not a number."""
        try:
            return list(map(int, starts)), list(map(int, ends))
        except (TypeError, ValueError):
            pairs = [_position(s, e) for s, e in zip(starts, ends, strict=True)]
            return [s for s, _ in pairs], [e for _, e in pairs]

    def user_names(self, values: list) -> list[str]:
        names = {v: self.users.get(self.ref(v), "") for v in set(values)}
        return list(map(names.__getitem__, values))

    def codes(self, values: list) -> list[str]:
        codes = {v: self.ref(v) for v in set(values)}
        return list(map(codes.__getitem__, values))

    def times(self, values: list) -> list[str | None]:
        """The values themselves when each is a date and time without white space around it
        (what refi_parts.time then gives); else each read by it."""
        try:
            if None not in values and list(map(str.strip, values)) == values:
                deque(map(datetime.fromisoformat, values), maxlen=0)
                return values
        except ValueError:
            pass
        return list(map(self.time, values))


def _position(start, end) -> tuple[int, int]:
    try:
        return int(start), int(end)
    except (TypeError, ValueError):
        return -1, -1


def _column(mappings: list, name: str, escaped: bool) -> list:
    try:
        values = list(map(dict.get, mappings, repeat(name)))
    except TypeError:  # (an element without attributes: lxml gives an empty mapping, no dict)
        values = [m.get(name) for m in mappings]
    return unescaped(values) if escaped else values


@dataclass
class Rows:
    """A source's plain selections as columns, each value what the careful reading gives."""
    guids: list[str]
    starts: list[int]
    ends: list[int]
    names: list[str]
    users: list[str]
    created: list[str | None]
    updated: list[str | None]
    coding_guids: list  # (as the file gives them: read only for Selections)
    codes: list[str]
    coding_users: list[str]

    @classmethod
    def read(cls, runs: Sequence[Run], columns: Columns) -> Rows:
        selections = list(chain.from_iterable(run.selections for run in runs))
        codings = list(chain.from_iterable(run.codings for run in runs))
        refs = list(chain.from_iterable(run.refs for run in runs))
        escaped = any(run.escaped for run in runs)

        def column(mappings: list, name: str) -> list:
            return _column(mappings, name, escaped)

        starts, ends = columns.positions(column(selections, "startPosition"),
                                         column(selections, "endPosition"))
        return cls(columns.guids(column(selections, "guid")), starts, ends,
                   columns.names(column(selections, "name")),
                   columns.user_names(column(selections, "creatingUser")),
                   columns.times(column(selections, "creationDateTime")),
                   columns.times(column(selections, "modifiedDateTime")),
                   column(codings, "guid"), columns.codes(column(refs, "targetGUID")),
                   columns.user_names(column(codings, "creatingUser")))

    def selections(self) -> list[Selection]:
        """What refi_read's ``selection`` makes of each (for the careful way)."""
        return [Selection(g, s, e, n, u, c, m, [], [(guid(cg), code, [], cu)])
                for g, s, e, n, u, c, m, cg, code, cu in zip(
                    self.guids, self.starts, self.ends, self.names, self.users, self.created,
                    self.updated, self.coding_guids, self.codes, self.coding_users, strict=True)]

    def samples(self) -> list[tuple[int, int, str | None]]:
        """(start, end, quote or None) of each, as refi_units.choose_unit takes them."""
        return list(zip(self.starts, self.ends, [n or None for n in self.names], strict=True))


@dataclass
class Place:
    """What an article's annotations are made with (refi_read.article's values)."""
    raw: str
    text: str
    unit: str
    tag_of: dict[str, str]
    actor_of: dict[str, str]
    now: str
    matches: Callable[[str, tuple[int, int] | None, str], bool]


def fast_annotations(rows: Rows, place: Place) -> list[AnnotationIn] | None:
    """The annotations the careful way makes of these rows, each kept where it is (its id its
    selection's GUID), or None when the careful way must make them (module text)."""
    raw, text = place.raw, place.text
    starts, ends, n = rows.starts, rows.ends, len(rows.starts)
    if raw != text or not (place.unit == CODE_POINTS or (place.unit == UTF16 and
                                                         not has_astral(raw))):
        return None  # (then positions need mapping: refi_units.Reader, ForeignText)
    if n and (min(starts) < 0 or max(ends) > len(raw) or not all(map(lt, starts, ends))):
        return None  # (out of range or empty: refused or said the careful way)
    pieces = list(map(raw.__getitem__, map(slice, starts, ends)))
    if _quotes_needed(rows.names, pieces, starts, ends, place):
        return None
    tags = list(map(place.tag_of.get, rows.codes))
    if None in tags:
        return None  # (a coding naming no codable code: refused the careful way)
    created, updated = rows.created, rows.updated
    given: Iterable[bool] = repeat(True)
    if None in created:
        given = [c is not None for c in created]
        created = [c or place.now for c in created]
    if None in updated:
        updated = [u or c for u, c in zip(updated, created, strict=True)]
    annotators = rows.coding_users if "" not in rows.coding_users else [
        c or u or "unknown" for c, u in zip(rows.coding_users, rows.users, strict=True)]
    actors = map(place.actor_of.get, rows.guids) if place.actor_of else repeat(None)
    return list(map(AnnotationIn, rows.guids, tags, starts, ends, pieces, repeat(""), annotators,
                    created, updated, given, actors))


def _quotes_needed(names: list[str], pieces: list[str], starts: list[int], ends: list[int],
                   place: Place) -> bool:
    """Whether the careful way would take a selection's name as the quote to find (names are
    quotes, as most named selections' names are their text, and this one's is not)."""
    differ = [i for i, same in enumerate(map(eq, pieces, names)) if not same and names[i]]
    named = len(names) - names.count("")
    failing = [i for i in differ if not place.matches(place.raw, (starts[i], ends[i]), names[i])]
    return bool(failing) and 0 < (named - len(failing)) * 2 >= named

