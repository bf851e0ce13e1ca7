"""The Label Studio reader's quick way (issue 11): a group of results as we write them (and as
Label Studio does: ``labels`` results with the quote, one label each) made in a few list-wide
steps instead of result by result. It takes only what the careful way (labelstudio_read._spans)
would take as it is, at the reading the file's unit prefers; anything else (a relation, a note,
an odd offset, a quote to re-anchor or found only in the other unit, a bad id) goes the careful
way, which names the problem. tests/formats/test_read_fast_paths.py checks both agree."""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import eq, itemgetter, le, lt

from ....domain.bundle import AnnotationIn
from ...export.export_fields import ident
from ..shared.foreign_read import PLAIN_ID, good_tag_names
from ..shared.foreign_text import ForeignText

__all__ = ["group_votes", "plain_group"]

_KIND = itemgetter("type", "value")
_VALUE = itemgetter("start", "end", "text", "labels")
_LONE = re.compile("[\ud800-\udfff]")


def plain_group(foreign: ForeignText, sha: str, label: str, annotator: str, results: list,
                utf16: bool, now: str, tags_ok: set[str]) -> list[AnnotationIn] | None:
    """The group's spans, or None when one of its results needs the careful way."""
    if not results:
        return []
    if set(map(type, results)) - {dict} or not foreign.unchanged or \
            any("meta" in r for r in results):
        return None
    try:
        kinds, values = zip(*map(_KIND, results), strict=True)
        if set(kinds) - {"labels"} or set(map(type, values)) - {dict}:
            return None
        starts, ends, quotes, labels = zip(*map(_VALUE, values), strict=True)
    except KeyError:
        return None
    if (set(map(type, starts)) | set(map(type, ends))) - {int} or set(map(type, quotes)) - {str} \
            or set(map(type, labels)) - {list} or set(map(len, labels)) - {1}:
        return None
    tags = [names[0] for names in labels]
    if not good_tag_names(set(tags) - tags_ok, tags_ok):
        return None
    placed = _placed(foreign, starts, ends, utf16)
    if placed is None:
        return None
    firsts, lasts = placed
    raw = foreign.raw
    if list(map(raw.__getitem__, map(slice, firsts, lasts))) != list(quotes):
        return None
    return _annotations(results, sha, label, annotator, tags, firsts, lasts, quotes, now)


def _placed(foreign: ForeignText, starts, ends, utf16: bool) -> tuple[list, list] | None:
    """The spans' code points in the reading of the preferred unit, all within the text and
    none empty or splitting a surrogate pair; else None."""
    if not all(map(lt, starts, ends)) or min(starts) < 0:
        return None
    if not utf16 or foreign.units.identity:
        return (list(starts), list(ends)) if max(ends) <= len(foreign.raw) else None
    if max(ends) > foreign.units.length_u16:
        return None
    table = foreign.units.codepoints_by_unit()
    firsts, lasts = list(map(table.__getitem__, starts)), list(map(table.__getitem__, ends))
    return None if -1 in firsts or -1 in lasts else (firsts, lasts)


def _annotations(results: list, sha: str, label: str, annotator: str, tags: list, firsts: list,
                 lasts: list, quotes, now: str) -> list[AnnotationIn] | None:
    """With our round-trip keys on every result (its id, and its annotator's name and times),
    the spans keep them; without them on any, they are made as the careful way makes them."""
    rids = [r.get("id") for r in results]
    owns = [r.get("annotator") for r in results]
    if set(map(type, rids)) - {str}:
        return None
    if not any(owns):
        group = label.rsplit(", ", 2)[-1]
        return [AnnotationIn(ident({}, label, f"labelstudio:{sha}:{group}:{rid}:{tag}"), tag,
                             start, end, quote, "", annotator, now, now, False)
                for rid, tag, start, end, quote in zip(rids, tags, firsts, lasts, quotes,
                                                       strict=True)]
    if set(map(type, owns)) - {dict} or not all(map(PLAIN_ID.fullmatch, rids)) or \
            _LONE.search("".join(rids)):
        return None
    names, made, edited = (list(map(dict.get, owns, [key] * len(owns)))
                           for key in ("name", "created_at", "updated_at"))
    if (set(map(type, names)) | set(map(type, made)) | set(map(type, edited))) - {str} or \
            "" in names or "" in made or "" in edited:
        return None
    return [AnnotationIn(rid, tag, start, end, quote, "", name, when, later)
            for rid, tag, start, end, quote, name, when, later in zip(
                rids, tags, firsts, lasts, quotes, names, made, edited, strict=True)]


def group_votes(foreign: ForeignText, results: list,
                same: Callable[[str, str], bool]) -> tuple[int, int] | None:
    """(for UTF-16 units, for code points): how many of the group's quotes are at their offsets
    read in one unit and not in the other, as labelstudio_read._prefers_utf16 counts them
    result by result; None when a result is not of the usual shape (then it counts them).
    ``same`` is that module's _same (the quote as the editor writes a line break)."""
    if set(map(type, results)) - {dict}:
        return None
    try:
        values = [r["value"] for r in results]
        if set(map(type, values)) - {dict}:
            return None
        columns = zip(*map(itemgetter("start", "end", "text"), values), strict=True)
        starts, ends, quotes = (list(c) for c in columns) if values else ([], [], [])
    except KeyError:
        return None
    if (set(map(type, starts)) | set(map(type, ends))) - {int} or set(map(type, quotes)) - {str} \
            or (starts and (min(starts) < 0 or not all(map(le, starts, ends)))):
        return None
    raw, table = foreign.raw, foreign.units.codepoints_by_unit()
    by_points = _fits(raw, starts, ends, quotes, same, [i for i, e in enumerate(ends)
                                                       if e > len(raw)])
    beyond = [i for i, e in enumerate(ends) if e >= len(table)]
    if beyond:  # (read as UTF-16 units, these end past the text)
        past = set(beyond)
        starts, ends = ([0 if i in past else x for i, x in enumerate(column)]
                        for column in (starts, ends))
    firsts, lasts = list(map(table.__getitem__, starts)), list(map(table.__getitem__, ends))
    by_units = _fits(raw, firsts, lasts, quotes, same, beyond + [
        i for i, (a, b) in enumerate(zip(firsts, lasts, strict=True)) if a < 0 or b < 0])
    utf16 = sum(map(lt, by_points, by_units))  # (True where units fit and points do not)
    return utf16, sum(map(lt, by_units, by_points))


def _fits(raw: str, starts, ends, quotes, same, unread: list[int]) -> list[bool]:
    """Whether each quote is at its reading (none at those ``unread``)."""
    pieces = list(map(raw.__getitem__, map(slice, starts, ends)))
    fits = list(map(eq, pieces, quotes))
    for i in [i for i, ok in enumerate(fits) if not ok and ("\n" in pieces[i] or
                                                            "\r" in pieces[i])]:
        fits[i] = same(pieces[i], quotes[i])  # (the editor's way with line breaks)
    for i in unread:
        fits[i] = False
    return fits
