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
    """``value`` (a time datetime.fromisoformat takes; ValueError if not) in the stored form."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


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
    time that is none: the readers have refused those)."""
    for items in [article.annotations for article in bundle.articles] + [bundle.links]:
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
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def later(incoming: str, stored: str) -> bool:
    """Whether ``incoming`` is a later instant than ``stored`` (a time without a zone is UTC;
    a stored value that is no time at all compares as text)."""
    try:
        return _instant(incoming) > _instant(stored)
    except ValueError:
        return incoming > stored


def same_instant(these: tuple[str, ...], those: tuple[str, ...]) -> bool:
    """Whether two tuples of times are the same instants (equal text first: the common case)."""
    if these == those:
        return True
    try:
        return len(these) == len(those) and all(
            _instant(a) == _instant(b) for a, b in zip(these, those, strict=True))
    except ValueError:
        return False
