"""One brat ``.ann`` of the common kind read in bulk (issue 11: brat_read's line by line way takes
1.2 s for 100,000 spans).

Taken in bulk, when the ``.txt`` is canonical as it is and the ``.ann`` holds no CR: the ``T``
lines, each ``T<id><TAB><type> <start> <end><TAB><text>`` with that text at those offsets (as
our exports and brat write them), and the ``#`` lines of the ``annotator`` records. Each check
brat_read makes of one line (``_span``), record (``record``) or span (``annotations``) is made
once over a whole column (a join, the set of types, maps), and the spans are made by one map.
The other lines (notes, actors, attributes, relations, what is not kept) go through the per-line
way in their order, and a span with a note, actor or attributes, or without a record, is made
the per-span way, in its place. Anything else (a span not at its offsets, a type that is not a
tag name, fragments, a T id twice, a line of another shape) and the whole file is read line by
line (read_bulk gives None, having changed nothing), which moves, refuses and names as before.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256
from itertools import compress, pairwise, repeat
from json.encoder import encode_basestring as _string
from operator import eq, itemgetter, lt, methodcaller, ne, not_, or_, sub
from pathlib import Path
from typing import TYPE_CHECKING, cast

import orjson

from ....domain.bundle import AnnotationIn, ArticleIn
from ...export.export_fields import ident, tag_name, timestamp
from ...export.export_scan import Refuse
from ..shared.foreign_read import whole_numbers
from ..shared.foreign_text import ForeignText
from .brat import RECORD

if TYPE_CHECKING:
    from .brat_read import _Reader

__all__ = ["Found", "read_bulk", "record"]

_KEYS = ("id", "annotator", "created_at", "updated_at", "sum")
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f]")
_BAD_ASCII_ID = re.compile(rb"[\x00-\x20\x7f]")  # (the same, of ASCII: \s there is in \x09-\x20)
_OTHER_SPACE = re.compile(r"[^\S ]")  # (white space str.split() splits at, but for a space)
_HEX = methodcaller("hexdigest")
_SUM = b'["span",%b,%d,%d,"","",{}]'  # (span_sum's text: no note, actor, attributes)


@dataclass
class Found:
    """What the lines of one .ann hold, by T (or R) id."""

    spans: dict[str, tuple] = field(default_factory=dict)  # (line, tag, [(start, end)])
    notes: dict[str, list[str]] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    records: dict[str, dict | None] = field(default_factory=dict)
    attrs: dict[str, dict] = field(default_factory=dict)
    relations: list[tuple[int, str, str, list[str]]] = field(default_factory=list)
    t_lines: dict[str, int] = field(default_factory=dict)  # (the line of each T id)


def record(text: str, times: set[str]) -> dict | None:
    """A '# annotator' record, when it is whole; else None (the span is then taken as new).
    ``times``: those already found to be dates and times (added to)."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:  # (what orjson refuses and json takes: NaN, lone surrogates)
        try:
            value = json.loads(text)
        except ValueError:
            return None
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in _KEYS):
        return None
    try:
        ident(value, "", "")
        for key in ("created_at", "updated_at"):
            if value[key] not in times:
                timestamp(value, key, "", None)
                times.add(value[key])
    except Refuse:
        return None
    return value


def read_bulk(reader: _Reader, ann: Path, content: str, lines: list[str], cmap: ForeignText,
              article: ArticleIn, found: Found) -> dict[str, str] | None:
    """The spans of ``lines`` (``content`` split at LF) into ``article`` and the reader, the
    other lines into ``found``; the annotation id of each T id. None when the file is not of
    the common kind (nothing changed then)."""
    if "\r" in content or cmap.raw != cmap.text:
        return None
    is_t = list(map(str.startswith, lines, repeat("T")))
    is_note = list(map(str.startswith, lines, repeat("#")))
    numbers = range(1, len(lines) + 1)
    spans = _t_lines(reader, list(compress(lines, is_t)), cmap.raw)
    notes = _columns(list(compress(lines, is_note)), "\t", 3)
    heads = None if notes is None else _words(notes[1])
    if spans is None or notes is None or heads is None:
        return None
    is_record = list(map(eq, heads[0], repeat(RECORD)))
    targets = list(compress(heads[1], is_record))
    records, columns = _records(list(compress(notes[2], is_record)), reader.times)
    found.records.update(zip(targets, records, strict=True))
    others = [*compress(numbers, map(not_, map(or_, is_t, is_note))),
              *compress(compress(numbers, is_note), map(not_, is_record))]
    for number in sorted(others):  # (in their order, as line by line)
        reader.line(ann, number, lines[number - 1], cmap, found)
    t_ids = spans[0]
    if columns is None or targets[:len(t_ids)] != t_ids or len(set(targets)) != len(targets):
        columns = None  # (not the T lines' own records, each once and in their order)
    return _made(reader, ann, article, found, list(compress(numbers, is_t)), columns, *spans)


def _t_lines(reader: _Reader, lines: list[str], raw: str) -> tuple | None:
    """(T ids, tags, starts, ends, texts) of T lines each with its text at its offsets and a
    type that is a tag name; a span written as fragments (across line breaks) is one span from
    the first fragment's start to the last's end, its text the .txt's there. None unless every
    line is so."""
    columns = _columns(lines, "\t", 3)
    if columns is None or len(set(columns[0])) != len(lines):
        return None
    t_ids, mids, texts = columns
    for i in compress(range(len(mids)), map(ne, map(str.count, mids, repeat(" ")), repeat(2))):
        one = _fragments(mids[i], texts[i], raw)  # (not 'type start end': one by one)
        if one is None:
            return None
        mids[i], texts[i] = one
    places = _columns(mids, " ", 3)
    assert places is not None  # (each is 'type start end' now)
    kinds, starts, ends = places[0], whole_numbers(places[1]), whole_numbers(places[2])
    if starts is None or ends is None or not _at_offsets(raw, starts, ends, texts):
        return None
    try:
        names = {kind: tag_name(reader.conf.tag(kind), "") for kind in set(kinds)}
    except Refuse:
        return None
    return t_ids, list(map(names.__getitem__, kinds)), starts, ends, texts


def _fragments(mid: str, quote: str, raw: str) -> tuple[str, str] | None:
    """('type start end', text) of a T line whose offsets are not one 'START END' (fragments,
    more spaces), as brat_read's _span and annotations make it when its text is at its offsets
    and the gaps between fragments, in order, are white space (one span over them); else None."""
    kind, _, places = mid.partition(" ")
    try:
        pieces = [tuple(int(n) for n in p.split()) for p in places.split(";")]
    except ValueError:
        return None
    if any(len(p) != 2 for p in pieces) or not all(0 <= s < e <= len(raw) for s, e in pieces) \
            or " ".join(raw[s:e] for s, e in pieces) != quote \
            or any(s < e or raw[e:s].strip() for (_, e), (s, _) in pairwise(pieces)):
        return None
    start, end = pieces[0][0], pieces[-1][1]
    return f"{kind} {start} {end}", raw[start:end]


def _columns(items: list[str], sep: str, width: int) -> list[list[str]] | None:
    """The items' parts between ``sep``, as columns; None unless each has ``width`` parts."""
    if not items:
        return [[] for _ in range(width)]
    if any(map(ne, map(str.count, items, repeat(sep)), repeat(width - 1))):
        return None
    parts = sep.join(items).split(sep)
    return [parts[i::width] for i in range(width)]


def _words(heads: list[str]) -> list[list[str]] | None:
    """The two words of each '#' line's middle column, as str.split() gives them; None unless
    each is two words apart by one space."""
    words = _columns(heads, " ", 2)
    if words is None or not (all(words[0]) and all(words[1])) \
            or _OTHER_SPACE.search("".join(heads)):
        return None
    return words


def _at_offsets(raw: str, starts: list[int], ends: list[int], texts: list[str]) -> bool:
    """Whether each text is raw[start:end], with 0 <= start < end <= len(raw)."""
    return not starts or (
        min(starts) >= 0 and max(ends) <= len(raw) and all(map(lt, starts, ends))
        and all(map(eq, map(sub, ends, starts), map(len, texts)))
        and all(map(raw.startswith, texts, starts)))


def _records(texts: list[str], times: set[str]) -> tuple[list, dict[str, list] | None]:
    """record() of each text, and their columns by key: parsed by one map and checked column by
    column when all are as our exports write them, else one by one (no columns)."""
    try:
        values = list(map(orjson.loads, texts))
    except orjson.JSONDecodeError:
        values = []
    columns = _whole(values) if len(values) == len(texts) else None
    if columns is None:
        return [record(text, times) for text in texts], None
    return values, columns


def _whole(values: list) -> dict[str, list] | None:
    """record()'s checks, column by column (orjson has refused lone surrogates); the columns."""
    if values and set(map(type, values)) != {dict}:
        return None
    try:  # (a key missing, a value that is not a string)
        columns = {key: list(map(itemgetter(key), values)) for key in _KEYS}
        joined = {key: "".join(cells) for key, cells in columns.items()}
    except (KeyError, TypeError):
        return None
    ids = columns["id"]
    if values and (not all(ids) or max(map(len, ids)) > 128 or (
            _BAD_ASCII_ID.search(joined["id"].encode("ascii")) if joined["id"].isascii()
            else _BAD_ID.search(joined["id"]))):
        return None
    for key in ("created_at", "updated_at"):  # (each time is its own: no use in ``times``)
        if "\x00" in joined[key] or (values and max(map(len, columns[key])) > 10_000):
            return None
        try:
            deque(map(datetime.fromisoformat, columns[key]), maxlen=0)
        except ValueError:
            return None
    return columns


def _made(reader: _Reader, ann: Path, article: ArticleIn, found: Found, numbers: list[int],
          columns: dict[str, list] | None, t_ids: list[str], tags: list[str], starts: list[int],
          ends: list[int], texts: list[str]) -> dict[str, str]:
    """The spans into the article, the reader's used types and where: in bulk when each has a
    record (``columns``: the T lines' records' columns, when they are those of the first
    records) and no note, actor or attributes; else one by one in T order. The annotation id
    of each T id (when the file has relations)."""
    prefix = f"{ann}, line "
    wheres = list(map(prefix.__add__, map(str, numbers)))
    records = None if columns else list(map(found.records.get, t_ids))
    special = found.notes.keys() | found.actors.keys() | found.attrs.keys()
    if (records is not None and None in records) or not special.isdisjoint(t_ids):
        return _one_by_one(reader, article, found, wheres, t_ids, tags, starts, ends, texts)
    given = {key: cells[:len(t_ids)] for key, cells in columns.items()} if columns else \
        {key: list(map(itemgetter(key), cast(list[dict], records))) for key in _KEYS}
    same = list(map(eq, given["sum"], _sums(tags, starts, ends)))
    now = reader.now
    updated = [u if s else now for u, s in zip(given["updated_at"], same, strict=True)]
    article.annotations += map(AnnotationIn, given["id"], tags, starts, ends, texts, repeat(""),
                               given["annotator"], given["created_at"], updated, same,
                               repeat(None), repeat(None))
    reader.used_types.update(dict.fromkeys(tags))
    reader.result.where.update(zip(given["id"], wheres, strict=True))
    return dict(zip(t_ids, given["id"], strict=True)) if found.relations else {}


def _one_by_one(reader, article, found, wheres, t_ids, tags, starts, ends, texts):
    ids: dict[str, str] = {}
    text, sha = article.text, article.text_sha256
    for t, tag, start, end, where in zip(t_ids, tags, starts, ends, wheres, strict=True):
        made = reader.annotations(t, tag, [(start, end)], text, sha, found, where)
        if made:
            ids[t] = made[0].id
            article.annotations += made
    return ids


def _sums(tags: list[str], starts: list[int], ends: list[int]) -> list[str]:
    """brat_write.span_sum(tag, start, end, "", "", {}) of each span."""
    quoted = {tag: _string(tag).encode("utf-8") for tag in set(tags)}
    data = [_SUM % one for one in zip(map(quoted.__getitem__, tags), starts, ends, strict=True)]
    return [digest[:16] for digest in map(_HEX, map(sha256, data))]
