"""The times a project stores: RFC 3339 in UTC with milliseconds, as utc_now writes them
(2026-11-22T09:30:00.123Z), whatever form a file gave them in.

A spreadsheet writes `2026-01-01 12:00:00` (no zone: taken as UTC), another tool `+05:00` or
microseconds. Stored as written, such a time was compared as text with the project's (an edit at
noon was "older" than the same day's midnight, since ' ' sorts before 'T'), the same instant
written two ways was an edit, and the project's export carried a time its schema refuses. So a
bundle's times are made canonical before they are merged (canonical_times), and two stored
times are compared as instants (same_instant, later).
"""

from __future__ import annotations

from datetime import UTC, datetime
from operator import attrgetter

from .bundle import Bundle

__all__ = ["canonical_time", "canonical_times", "later", "same_instant"]

_SIZE = 24  # len("2026-11-22T09:30:00.123Z")
# (where each of those characters is; between them, digits, as datetime.fromisoformat has found)
_MARKS = ((4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z"))
_CREATED, _UPDATED = attrgetter("created_at"), attrgetter("updated_at")


def canonical_time(value: str) -> str:
    """``value`` (a time datetime.fromisoformat takes; ValueError if not) in the stored form.
    A time whose UTC falls outside years 1-9999 keeps the file's form (ValueError if it is
    not one already): there is no other way to write it."""
    if len(value) in (19, 20) and value[10] in " T" and _marked(value):
        if len(value) == 19:  # (a spreadsheet's, without a zone: UTC)
            return _checked(f"{value[:10]}T{value[11:]}.000Z", value)
        if value[19] == "Z":  # (…:SSZ: W3C's, many tools')
            return _checked(value[:19] + ".000Z", value)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # (0001-01-01T00:00:00+01:00)
        return value
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
            f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z")


def _marked(value: str) -> bool:
    """'YYYY-MM-DD?HH:MM:SS' at the start (its digits are fromisoformat's to check)."""
    return value[4] == value[7] == "-" and value[13] == value[16] == ":"


def _checked(made: str, value: str) -> str:
    """``made`` when ``value`` is a time at all (ValueError if not)."""
    datetime.fromisoformat(value)
    return made


def _all_canonical(values: list[str]) -> bool:
    """Whether every value is in the stored form (one look at each column of characters)."""
    if not values:
        return True
    joined = "".join(values)
    count = len(values)
    return len(joined) == _SIZE * count and max(map(len, values)) == _SIZE and all(
        joined[at::_SIZE] == mark * count for at, mark in _MARKS)


def canonical_times(bundle: Bundle) -> None:
    """Put every annotation's and link's times in the stored form, in place (ValueError for a
    time that is none: the readers have refused those). One look at all of them when they are
    in it already (our exports, most files)."""
    items = [a for article in bundle.articles for a in article.annotations] + bundle.links
    for get, key in ((_CREATED, "created_at"), (_UPDATED, "updated_at")):
        values = list(map(get, items))
        if _all_canonical(values):
            continue
        made: dict[str, str] = {}
        for item, value in zip(items, values, strict=True):
            if not _all_canonical([value]):
                if value not in made:
                    made[value] = canonical_time(value)
                setattr(item, key, made[value])


def _instant(value: str) -> datetime:
    """The instant, to the millisecond (what is stored; a project's older copy may have
    microseconds: the same edit, not an older one)."""
    moment = datetime.fromisoformat(value)
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def later(incoming: str, stored: str) -> bool:
    """Whether ``incoming`` is a later instant than ``stored`` (a time without a zone is UTC;
    a stored value that is no time at all compares as text)."""
    try:
        return _instant(incoming) > _instant(stored)
    except (ValueError, OverflowError):
        return incoming > stored


def same_instant(these: tuple[str, ...], those: tuple[str, ...]) -> bool:
    """Whether two tuples of times are the same instants (equal text first: the common case)."""
    if these == those:
        return True
    try:
        return len(these) == len(those) and all(
            _instant(a) == _instant(b) for a, b in zip(these, those, strict=True))
    except (ValueError, OverflowError):
        return False
