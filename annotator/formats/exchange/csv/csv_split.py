"""A CSV table split into columns at C speed, exactly as ``csv.reader`` (the excel dialect,
strict) reads the file decoded as UTF-8: the fast way for the tables our exports write (issue
11: decoding and csv.reader alone take 0.35 s for 100,000 spans, more than a whole read may).

- The bytes are decoded and split at every comma (``str.split``), so a row's last cell and the
  next row's first come joined by the row break, and are split apart after; a column is then
  every (width - 1)th piece.
- A row holding a quote (a cell with a comma, quote or line break inside) is cut out first (on
  the bytes: a quote, comma, CR or LF is never inside a UTF-8 sequence), read by ``csv.reader``
  on its own, and its cells put back in its place.

Whatever this cannot show it reads as ``csv.reader`` would gives None, and the caller decodes
and reads the file the careful way, which also names what is wrong: bytes that are not UTF-8, a
lone CR or LF outside quotes, an empty line, a row of another width, a quote that does not pair
up, a header with a quote in it, a file longer than the field size limit.
"""

from __future__ import annotations

import csv
from collections import deque
from itertools import repeat
from operator import itemgetter

__all__ = ["Split", "split_table"]

_CHUNK = 1 << 16


class Split:
    """The header's cells and, on demand, each column's cells (data rows only, as written: not
    unguarded, an empty cell '')."""

    def __init__(self, header: list[str], columns: list[list[str]],
                 patches: list[tuple[int, list[str]]]):
        self.header = header
        self.rows = len(columns[0])
        self._columns, self._patches = columns, patches

    def column(self, i: int) -> list[str]:
        cells = list(self._columns[i])
        if self._patches:  # (the rows read by csv.reader, each in its place)
            rows, records = zip(*self._patches, strict=True)
            deque(map(cells.__setitem__, rows, map(itemgetter(i), records)), maxlen=0)
        return cells


def split_table(raw: bytes, limit: int) -> Split | None:
    """``raw`` (a whole table's bytes, BOM removed) split as csv.reader splits it decoded; None
    when this cannot tell (see the module's text). ``limit``: csv.field_size_limit() in force."""
    if not raw or len(raw) > limit:  # (no cell can then be over the limit)
        return None
    sep = b"\r\n" if b"\r\n" in raw else b"\n"
    end = raw.find(sep)
    head = raw if end < 0 else raw[:end]
    if b"," not in head or b'"' in head or b"\r" in head or b"\n" in head:
        return None
    try:
        header = head.decode("utf-8").split(",")
    except UnicodeDecodeError:
        return None
    cut = _cut_records(raw, sep, len(header))
    if cut is None:
        return None
    body, records = cut
    columns = _columns(body, sep, len(header))
    if columns is None:
        return None
    return _patched(Split(header, columns, []), records)


def _cut_records(raw: bytes, sep: bytes, width: int) -> tuple[bytes, list[bytes]] | None:
    """The bytes with every row holding a quote replaced by a placeholder row (its first cell a
    lone quote, which no other row can then hold), and those rows; None when a quote does not
    pair up before the end."""
    if b'"' not in raw:
        return raw, []
    pieces: list[bytes] = []
    records: list[bytes] = []
    placeholder = b'"' + b"," * (width - 1)
    at, quote = 0, raw.find(b'"')
    while quote >= 0:
        start = raw.rfind(sep, 0, quote) + len(sep)  # (the header holds no quote: found)
        end = raw.find(sep, quote)
        while True:  # to the first row break after which the quotes are even
            end = len(raw) if end < 0 else end
            if not raw.count(b'"', start, end) % 2:
                break
            if end == len(raw):
                return None
            end = raw.find(sep, end + len(sep))
        records.append(raw[start:end])
        pieces += [raw[at:start], placeholder]
        at, quote = end, raw.find(b'"', end)
    pieces.append(raw[at:])
    return b"".join(pieces), records


def _columns(body: bytes, sep: bytes, width: int) -> list[list[str]] | None:
    """Each column's cells (data rows)."""
    step, br = width - 1, sep.decode("ascii")
    flat = _pieces(body)
    if flat is None:
        return None
    lines, odd = divmod(len(flat) - 1, step)
    if odd:
        return None
    trailing = flat[-1].endswith(br)
    if trailing:
        flat[-1] = flat[-1][:-len(br)]
    # The pieces holding a row break: [last of row 0 + break + first of row 1, ...]. Each holds
    # one, and the body has no other CR or LF: then every row has the header's width.
    cut = list(map(str.partition, flat[step:step * lines:step], repeat(br)))
    breaks = lines - 1 + trailing
    if (not all(map(itemgetter(1), cut)) or body.count(b"\n") != breaks
            or body.count(b"\r") != (breaks if sep == b"\r\n" else 0)):
        return None
    if lines == 1:  # (a header alone)
        return [[] for _ in range(width)]
    lasts = list(map(itemgetter(0), cut[1:]))
    lasts.append(flat[-1])
    firsts = list(map(itemgetter(2), cut))
    return [firsts, *(flat[step + i::step] for i in range(1, step)), lasts]


def _pieces(body: bytes) -> list[str] | None:
    """The body decoded as UTF-8 and split at every comma; None when it is not UTF-8. It is
    decoded a line-ending chunk at a time (an LF is never inside a UTF-8 sequence): several
    times faster than at once, the pieces' strings being small, and one character of four bytes
    (an emoji) making only its own chunk four bytes a character."""
    flat: list[str] = []
    at = 0
    while at < len(body):
        end = body.find(b"\n", at + _CHUNK)
        end = len(body) if end < 0 else end + 1
        try:
            pieces = body[at:end].decode("utf-8").split(",")
        except UnicodeDecodeError:
            return None
        if flat:  # (the piece across the chunks' boundary, joined again)
            pieces[0] = flat.pop() + pieces[0]
        flat += pieces
        at = end
    return flat


def _patched(split: Split, records: list[bytes]) -> Split | None:
    """The rows cut out, read by csv.reader (one line each: a row that ends before its line does
    or goes on into the next shows in line_num) and put where their placeholders are."""
    if any(map(bytes.endswith, records, repeat((b"\r", b"\n")))):
        return None  # (the full read would add an empty row after it)
    firsts, row, width = split._columns[0], -1, len(split.header)
    try:
        reader = csv.reader(map(bytes.decode, records), strict=True)
        for number, cells in enumerate(reader, start=1):
            if reader.line_num != number or len(cells) != width:
                return None
            row = firsts.index('"', row + 1)
            split._patches.append((row, cells))
    except (UnicodeDecodeError, csv.Error):
        return None
    return split if len(split._patches) == len(records) else None
