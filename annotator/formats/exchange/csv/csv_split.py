"""A CSV table split into columns at C speed, exactly as ``csv.reader`` (the excel dialect,
strict) reads the file decoded as UTF-8: the fast way for the tables our exports write (issue
11: decoding and csv.reader alone take 0.35 s for 100,000 spans, more than a whole read may).

- Quoted cells are unwrapped first, on the bytes (a quote, comma, CR or LF is never inside a
  UTF-8 sequence): split at every quote, the pieces alternate between outside and inside
  quotes; inside, a comma, CR and LF become control characters the file does not hold (put back
  in the cells at the end), a doubled quote becomes one, and the quotes go.
- The bytes are decoded and split at every comma (``str.split``), so a row's last cell and the
  next row's first come joined by the row break, and are split apart after; a column is then
  every (width - 1)th piece.

Whatever this cannot show it reads as ``csv.reader`` would gives None, and the caller decodes
and reads the file the careful way, which also names what is wrong: bytes that are not UTF-8, a
lone CR or LF outside quotes, an empty line, a row of another width, a quote anywhere but around
a whole cell, a header with a quote in it, a file longer than the field size limit, a file
holding one of the control characters used here.
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter

__all__ = ["Split", "split_table"]

_CHUNK = 1 << 16
# Inside quotes, while splitting: a comma, CR and LF (and what parts the quoted pieces then)
_HIDDEN = {b",": b"\x01", b"\r": b"\x02", b"\n": b"\x03"}
_APART = b"\x04"
_STARTS, _ENDS = b",\r\n", b",\n"  # (what may stand just after a quoted cell, just before)


class Split:
    """The header's cells and, on demand, each column's cells (data rows only, as written: not
    unguarded, an empty cell '')."""

    def __init__(self, header: list[str], columns: list[list[str]], hidden: bool):
        self.header = header
        self.rows = len(columns[0])
        self._columns, self._hidden = columns, hidden

    def column(self, i: int) -> list[str]:
        """Column ``i``'s cells (a list of the Split's own: not to be changed)."""
        cells = self._columns[i]
        if self._hidden:  # (a comma, CR or LF inside quotes, put back)
            joined = "\x04".join(cells)
            if "\x01" in joined or "\x02" in joined or "\x03" in joined:
                for shown, hidden in _HIDDEN.items():  # (replace: translate is slow on non-ASCII)
                    joined = joined.replace(hidden.decode(), shown.decode())
                return joined.split("\x04")
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
    body = _unquoted(raw) if b'"' in raw else raw
    if body is None:
        return None
    hidden = body is not raw and any(c in body for c in _HIDDEN.values())
    columns = _columns(body, sep, len(header))
    return None if columns is None else Split(header, columns, hidden)


def _unquoted(raw: bytes) -> bytes | None:
    """The bytes with their quoted cells unwrapped (see the module's text); None unless every
    quote opens a cell (after a comma or a line break), closes it (before a comma or a line
    break, or the end) or is doubled inside it."""
    if any(c in raw for c in (*_HIDDEN.values(), _APART)):
        return None
    parts = raw.split(b'"')
    if not len(parts) % 2:
        return None  # (a quote left open)
    outside, inside = parts[0::2], parts[1::2]
    between = outside[1:-1]  # (each between two quoted pieces: b"" is a doubled quote)
    filled = list(filter(None, between))
    if not (outside[0][-1:] in (b",", b"\n") and outside[-1][:1] in (b"", b",", b"\r", b"\n")
            and not bytes(map(itemgetter(0), filled)).translate(None, _STARTS)
            and not bytes(map(itemgetter(-1), filled)).translate(None, _ENDS)):
        return None
    joined = _APART.join(inside)
    for shown, hidden in _HIDDEN.items():
        joined = joined.replace(shown, hidden)
    parts[1::2] = joined.split(_APART)
    parts[2:-1:2] = [piece or b'"' for piece in between]
    body = b"".join(parts)
    if body.endswith(b"\n") and not raw.endswith(b"\n"):
        return None  # (a last row of one empty quoted cell would look like a last line break)
    return body


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
