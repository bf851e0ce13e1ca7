"""One table of the ``csv`` format read: UTF-8 (a BOM skipped), a header row holding the required
columns, every row of the header's width; the columns the reader knows picked (a repeated one:
the last), cells unguarded (csv_format), an empty cell None. Anything else is an InputRefused
naming the file (and the row).

Two ways that give the same: ``read_table`` (csv.reader, row by row: the small tables, and the
careful way for any table) and ``read_columns`` (csv_split, column by column: the spans table,
100,000 rows, which falls back to read_table when csv_split cannot tell).
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from ....errors import InputRefused
from ...encoding.decode import MAX_TEXT_BYTES, read_capped
from ...export.export_read import MAX_EXPORT_BYTES
from .csv_format import unguard
from .csv_split import Split, split_table

_BOM = b"\xef\xbb\xbf"


def read_table(path: Path, columns: tuple[str, ...], required: tuple[str, ...],
               raw: bytes | None = None) -> list[tuple[int, dict]]:
    """(row number, {column: cell}) for each row; ``raw``: the file's bytes, when read."""
    if raw is None:
        raw = read_capped(path, MAX_EXPORT_BYTES)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 (byte {exc.start:,}); save it as CSV UTF-8",
                           str(path)) from None
    del raw
    with _field_limit(), _not_well_formed(path):
        rows = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(rows, None)
        if header is None:
            raise InputRefused("is empty: a CSV table needs a header row", str(path))
        kept = _kept(header, columns, required, path)
        found = []
        width = len(header)
        keys = [k for _, k in kept]
        pick = itemgetter(*[i for i, _ in kept]) if len(kept) > 1 else None
        for number, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != width:
                raise InputRefused(f"refused: row {number} has {len(row)} cells, the header "
                                   f"{width}", str(path))
            cells = pick(row) if pick else [row[i] for i, _ in kept]
            found.append((number, dict(zip(keys, [  # (only a cell starting with ' is guarded)
                (unguard(v) if v[0] == "'" else v) if v else None for v in cells], strict=True))))
        return found


class Columns:
    """A table read column by column (each column split out when first asked for); rows
    numbered from 2, the header being row 1."""

    def __init__(self, split: Split, index: dict[str, int], raw: bytes):
        self._split, self._index = split, index
        self._cells: dict[str, list[str]] = {}
        self.numbers = range(2, split.rows + 2)
        self.guarded = b"'" in raw  # (else no cell can begin with ')
        self.nul = b"\x00" in raw

    def has(self, key: str) -> bool:
        return key in self._index

    def cells(self, key: str) -> list[str]:
        """A known column's cells as written (not unguarded, an empty cell '')."""
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._split.column(self._index[key])
        return found

    def unguarded(self, key: str) -> list[str]:
        """A column's cells unguarded ('' for an empty one)."""
        cells = self.cells(key)
        if self.guarded and any(map(str.startswith, cells, repeat("'"))):
            return [unguard(v) if v[:1] == "'" else v for v in cells]
        return cells

    def row(self, i: int) -> dict:
        """Row ``i`` (from 0) as read_table gives it."""
        return {k: (unguard(v) if v[0] == "'" else v) if (v := self.cells(k)[i]) else None
                for k in self._index}


def read_columns(path: Path, columns: tuple[str, ...], required: tuple[str, ...]
                 ) -> Columns | list[tuple[int, dict]]:
    """The table as Columns; as read_table gives it when csv_split cannot tell."""
    raw = read_capped(path, MAX_EXPORT_BYTES)
    with _field_limit() as limit:
        split = split_table(raw.removeprefix(_BOM), limit)
    if split is None:
        return read_table(path, columns, required, raw)
    kept = _kept(split.header, columns, required, path)
    return Columns(split, {k: i for i, k in kept}, raw)  # (a repeated column: the last)


def _kept(header: list[str], columns: tuple[str, ...], required: tuple[str, ...], path: Path
          ) -> list[tuple[int, str]]:
    """(index, name) of the header's known columns; InputRefused when one required is not."""
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        for sep, name in ((";", "semicolons (as a spreadsheet in some languages saves CSV)"),
                          ("\t", "tabs")):
            cells = {c.strip().strip('"') for h in header for c in h.split(sep)}
            if len(header) <= 2 and all(c in cells for c in required):
                raise InputRefused(f"refused: its cells are separated by {name}, not commas: "
                                   "save it as 'CSV UTF-8 (comma delimited)'", str(path))
        raise InputRefused(f"refused: its header row lacks {', '.join(missing)}", str(path))
    return [(i, k) for i, k in enumerate(header) if k in columns]


@contextmanager
def _field_limit():
    """csv's field size limit raised to what a text cell may hold, while reading."""
    limit = csv.field_size_limit()
    csv.field_size_limit(4 * MAX_TEXT_BYTES + 16)
    try:
        yield 4 * MAX_TEXT_BYTES + 16
    finally:
        csv.field_size_limit(limit)


@contextmanager
def _not_well_formed(path: Path):
    try:
        yield
    except csv.Error as exc:
        raise InputRefused(f"refused: it is not well-formed CSV ({exc})", str(path)) from None
