"""REFI-QDA positions -> code points of the canonical text, exactly (issue 11).

The REFI-QDA standard counts ``startPosition``/``endPosition`` in "characters" without naming a
unit. NVivo for Mac writes UTF-16 code units; QualCoder writes Python indices (code points) and a
UTF-8 BOM in front of its source texts, which is not counted (see shared/peers/README.md). So the
unit is detected per file (the first SAMPLE selections of its sources together: one file is
written by one tool), among the readings that can be told apart only where a character outside
the Basic Multilingual Plane (most emoji) comes before a position:

1. a reading that puts a position outside the text, or between the two halves of a surrogate pair
   (UTF-16) or inside a character's bytes (UTF-8), is not the file's unit;
2. where selections carry their text (a ``name`` equal to the selected text, as QualCoder and
   annotator write it), the reading under which most of them match is the unit;
3. otherwise the reading whose positions fall on more word or line boundaries (what the peers
   README used to show that NVivo counts UTF-16 units: 562 aligned boundaries against 63).
Ties go to code points (the standard's "characters"). (A quote matched under both readings is
no tie: the boundaries then decide. A file annotator wrote says so, ``origin="annotator"``, and is
read in code points without a guess: refi_read.) UTF-8 bytes are considered only by rule 2:
no REFI-QDA tool is known to count bytes, and a byte reading of text with accents would otherwise
win by chance.

The source text itself may be non-canonical (CRLF, NFD): the reader maps the code points of the
raw text onto the canonical text with shared/foreign_text.ForeignText (exactly, or not at all),
as the other foreign formats do.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple

from ....domain.offsets16 import OffsetMap

__all__ = ["CODE_POINTS", "SAMPLE", "UTF8", "UTF16", "Reader", "Sample", "choose_unit",
           "has_astral", "sample"]

CODE_POINTS, UTF16, UTF8 = "code points", "UTF-16 code units", "UTF-8 bytes"
SAMPLE = 5_000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_QUOTE = itemgetter(2)


def has_astral(text: str) -> bool:
    """Whether a character outside the Basic Multilingual Plane is in ``text`` (only there do
    code points and UTF-16 units differ)."""
    return _ASTRAL.search(text) is not None


class Reader:
    """One source text read under one unit: positions -> code points of the raw text."""

    def __init__(self, raw: str, unit: str):
        self.raw, self.unit = raw, unit
        self._map16 = OffsetMap(raw) if unit == UTF16 else None
        self._bytes: bytes | None = raw.encode("utf-8", "surrogatepass") if unit == UTF8 else None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """(start, end) in code points of the raw text; None when the span cannot be in this
        unit (out of range, reversed, or splitting a character)."""
        if start < 0 or end < start:
            return None
        if self.unit == CODE_POINTS:
            return (start, end) if end <= len(self.raw) else None
        if self._map16 is not None:
            return self._map16.exact_span_to_codepoints(start, end)
        data = self._bytes
        assert data is not None
        if end > len(data) or _inside_char(data, start) or _inside_char(data, end):
            return None
        first = len(data[:start].decode("utf-8", "surrogatepass"))
        return first, first + len(data[start:end].decode("utf-8", "surrogatepass"))


def _inside_char(data: bytes, at: int) -> bool:
    return at < len(data) and (data[at] & 0xC0) == 0x80


class Sample(NamedTuple):
    """A source's raw text, its first SAMPLE spans (start, end, quote or None) and how many of
    all its spans carry a quote."""
    raw: str
    spans: list[tuple[int, int, str | None]]
    named: int


def sample(raw: str, spans: list[tuple[int, int, str | None]]) -> Sample:
    return Sample(raw, spans[:SAMPLE], len(spans) - list(map(_QUOTE, spans)).count(None))


def choose_unit(samples: list[Sample]) -> str:
    """The file's unit from a Sample of each source (module text)."""
    best = CODE_POINTS
    astral = [(raw, spans) for raw, spans, _ in samples if _ASTRAL.search(raw)]
    if astral:  # (elsewhere code points and UTF-16 units agree)
        scores = {unit: _score(astral, unit) for unit in (CODE_POINTS, UTF16)}
        best = max((CODE_POINTS, UTF16), key=lambda u: scores[u])  # (ties: the first)
    quoted = [(raw, spans) for raw, spans, named in samples if not raw.isascii() and named]
    if quoted:
        matched = _score(quoted, best)[0]
        named = sum(n for raw, _, n in samples if n and not raw.isascii())
        if matched * 2 < named and _score(quoted, UTF8)[0] > matched:
            best = UTF8
    return best


def _score(samples, unit: str) -> tuple[int, int, int]:
    """(quotes matched, -positions impossible, boundaries on word or line edges) over the first
    SAMPLE selections (plenty to tell units apart; a large file need not be read twice)."""
    matches = misses = aligned = 0
    left = SAMPLE
    for raw, spans in samples:
        if left <= 0:
            break
        span, length = Reader(raw, unit).span, len(raw)
        spans = spans[:left]
        left -= len(spans)
        for start, end, quote in spans:
            found = span(start, end)
            if found is None:
                misses += 1
                continue
            first, last = found
            if quote is not None and raw[first:last] == quote:
                matches += 1
            # (each end not inside a word, nor between a surrogate's halves; inline: 10,000 a
            # file)
            aligned += (first <= 0 or first >= length or not (
                raw[first - 1].isalnum() and raw[first].isalnum())) + (
                last <= 0 or last >= length or not (
                    raw[last - 1].isalnum() and raw[last].isalnum()))
    return matches, -misses, aligned
