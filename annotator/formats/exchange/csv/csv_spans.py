"""The spans table made into AnnotationIn column by column (issue 11: 100,000 rows in a fraction
of a second). Each check csv_read's per-row ``plain_span`` makes is made once over a whole
column, in C (a join, the set of tag names, a map over the times), and the spans are made by one
map. Rows this does not take (attributes, an empty cell where our exports write one) are read by
the careful per-row way, in their place; when a column check fails, every row is, which then
finds and names the problem as before. ``in_place`` is place_spans's test (every span's text at
its offsets) over a whole article.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from datetime import datetime
from itertools import compress, repeat
from operator import attrgetter, eq, lt, sub

from ....domain.bundle import AnnotationIn
from ..shared.foreign_read import whole_numbers
from .csv_format import unguard
from .csv_table import Columns

# The cells a plain row (as our exports write it) holds, and those it leaves empty
_FILLED = ("annotation_id", "tag", "start", "end", "text", "created_at", "updated_at")
_EMPTY = ("attributes",)
_UNUSUAL = re.compile("[\ud800-\udfff\x00]")  # a lone surrogate or a NUL anywhere
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f]")
_BAD_ASCII_ID = re.compile(rb"[\x00-\x20\x7f]")  # (the same, of ASCII: \s there is in \x09-\x20)
_PLAIN_TAG = re.compile(r"[^\s\x00-\x1f\x7f](?:(?:[^\s\x00-\x1f\x7f]| ){0,98}[^\s\x00-\x1f\x7f])?")
_LONGEST = {"note": 100_000, "annotator": 10_000, "created_at": 64, "updated_at": 64}
_START, _END, _TEXT = attrgetter("start"), attrgetter("end"), attrgetter("text")


def spans(table: Columns, careful: Callable[[dict, str], AnnotationIn]) -> list[AnnotationIn]:
    """Every row's span, in row order; ``careful(row, "row N")`` makes one the per-row way."""
    everyone = list(range(len(table.numbers)))
    odd = _odd_rows(table) if all(map(table.has, _FILLED)) else everyone
    made = _plain(table, odd)
    if made is None:  # (a column check failed: every row the careful way, which names it)
        odd, made = everyone, []
    if not odd:
        return made
    found: list = [None] * len(table.numbers)
    for i, span in zip(_others(odd, len(found)), made, strict=True):
        found[i] = span
    for i in odd:
        found[i] = careful(table.row(i), f"row {table.numbers[i]}")
    return found


def in_place(text: str, given: list[AnnotationIn]) -> bool:
    """Whether every span's text is the article's at its offsets (place_spans keeps it as it
    is): 0 <= start < end <= len(text) and the text starts there and is end - start long."""
    if not given:
        return True
    starts, ends = list(map(_START, given)), list(map(_END, given))
    quotes = list(map(_TEXT, given))
    return (min(starts) >= 0 and max(ends) <= len(text) and all(map(lt, starts, ends))
            and all(map(eq, map(sub, ends, starts), map(len, quotes)))
            and all(map(text.startswith, quotes, starts)))


def _odd_rows(table: Columns) -> list[int]:
    """The rows the bulk way leaves to the careful one: a required cell empty, or attributes."""
    odd: set[int] = set()
    for key in _FILLED:
        cells = table.cells(key)
        if not all(cells):
            odd.update(i for i, v in enumerate(cells) if not v)
    for key in _EMPTY:
        if table.has(key) and any(table.cells(key)):
            odd.update(i for i, v in enumerate(table.cells(key)) if v)
    return sorted(odd)


def _others(odd: list[int], rows: int) -> list[int]:
    skip = set(odd)
    return [i for i in range(rows) if i not in skip]


def _plain(table: Columns, odd: list[int]) -> list[AnnotationIn] | None:
    """The spans of the rows not in ``odd`` (plain_span's for each), or None when one is not
    plain. (Every column of _FILLED is in the table.)"""
    keep = None
    if odd:
        skip = set(odd)
        keep = [i not in skip for i in range(len(table.numbers))]

    def column(key: str) -> list[str] | None:
        if not table.has(key):
            return None
        cells = table.cells(key)
        if keep is not None:
            cells = list(compress(cells, keep))
        if table.guarded and any(map(str.startswith, cells, repeat("'"))):
            cells = [unguard(v) if v[:1] == "'" else v for v in cells]
        return cells

    filled = {key: column(key) or [] for key in _FILLED}
    optional = {key: column(key) for key in ("note", "annotator", "actor_id")}
    if not filled["annotation_id"]:
        return []
    if not _checked(filled, optional, table.nul):
        return None
    starts, ends = whole_numbers(filled["start"]), whole_numbers(filled["end"])
    if starts is None or ends is None:
        return None
    notes, who, actors = optional["note"], optional["annotator"], optional["actor_id"]
    return list(map(AnnotationIn, filled["annotation_id"], filled["tag"], starts, ends,
                    filled["text"], repeat("") if notes is None else notes,
                    repeat("unknown") if who is None else who if all(who) else
                    [w or "unknown" for w in who], filled["created_at"], filled["updated_at"],
                    repeat(True), repeat(None) if actors is None else actors if all(actors) else
                    [a or None for a in actors], repeat(None)))


def _checked(filled: dict[str, list[str]], optional: dict[str, list[str] | None],
             nul: bool) -> bool:
    """plain_span's checks, each over a whole column."""
    ids = filled["annotation_id"]
    joined = "".join(ids)
    if max(map(len, ids)) > 128 or (_BAD_ID.search(joined) if not joined.isascii() else
                                    _BAD_ASCII_ID.search(joined.encode("ascii"))):
        return False
    if not all(map(_PLAIN_TAG.fullmatch, set(filled["tag"]))):
        return False
    for key, most in _LONGEST.items():
        cells = filled[key] if key in filled else optional[key]
        if cells is not None and max(map(len, cells)) > most:
            return False
    if nul and any(_UNUSUAL.search("".join(cells)) for cells in (
            filled["annotation_id"], filled["tag"], filled["text"], filled["created_at"],
            filled["updated_at"], optional["note"] or [], optional["annotator"] or [])):
        return False  # (without a NUL byte, a file decoded as UTF-8 holds no surrogate either)
    try:
        deque(map(datetime.fromisoformat, filled["created_at"]), maxlen=0)
        deque(map(datetime.fromisoformat, filled["updated_at"]), maxlen=0)
    except ValueError:
        return False
    return True
