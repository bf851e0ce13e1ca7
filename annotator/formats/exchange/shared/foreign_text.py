"""A text as another tool gives it (doccano, Label Studio, INCEpTION, REFI-QDA), and its offsets
converted exactly to code points of the canonical text (domain.text: BOM removed, CRLF and CR ->
LF, NFC).

A tool counts offsets in the text it was given, which may not be canonical: ``ForeignText``
converts a span counted in that text (in code points or UTF-16 units) to the canonical text
without guessing. A CR removed from a CRLF pair, or a BOM, moves later offsets by one; NFC joins
(or reorders) characters only within a run of characters that can combine, so an offset is
mapped exactly unless it falls inside such a run that normalisation changes (then the span is
not placeable: None, and the reader refuses it). A position between the CR and the LF of a CRLF
maps to before the LF.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right

from ....domain.offsets16 import OffsetMap
from ....domain.text import canonicalize

__all__ = ["SAFE", "ForeignText"]

# Characters with a normalisation boundary before them: combining class 0, never the second
# character of a composition, unchanged by NFC (tests/formats/test_doccano.py checks each).
# NFC never changes a text across them, so a run of other characters is normalised on its own.
SAFE = ("\x00-\u02ff\u1100-\u1112\u3000-\u3029\u3030-\u3098\u30a0-\u30ff\u4e00-\u9fff\uac00-\ud7a3"
        "\U0001f000-\U0001faff")
_RUN = re.compile(f"[^{SAFE}]+")


class ForeignText:
    def __init__(self, raw: str):
        self.raw = raw
        self.text = canonicalize(raw)
        self.units = OffsetMap(raw)
        self._same = raw == self.text
        self._plain = self._same and self.units.identity  # offsets are the same in every unit
        self._length = len(raw)
        if not self._same:
            self._build()

    @property
    def unchanged(self) -> bool:
        """Whether the raw text is canonical already (offsets need no mapping but UTF-16's)."""
        return self._same

    def _build(self) -> None:
        raw = self.raw
        removed = [0] if raw.startswith("\ufeff") else []
        removed += [m.start() for m in re.finditer("\r\n", raw)]
        self._removed = removed
        lf = "".join(raw[i:j] for i, j in zip([0, *[r + 1 for r in removed]],
                                               [*removed, len(raw)], strict=True))
        lf = lf.replace("\r", "\n")
        # Runs NFC changes: (start, end, canonical start, run, its NFC)
        self._runs: list[tuple[int, int, int, str, str]] = []
        shift = 0
        for m in _RUN.finditer(lf):
            start = m.start() - 1 if m.start() > 0 else 0  # with the starter before it
            if self._runs and start < self._runs[-1][1]:
                start = self._runs[-1][1]
            run = lf[start:m.end()]
            norm = unicodedata.normalize("NFC", run)
            if norm != run:
                self._runs.append((start, m.end(), start + shift, run, norm))
                shift += len(norm) - len(run)
        self._starts = [r[0] for r in self._runs]
        self._broken = self._rebuilt(lf) != self.text  # (never expected; then nothing maps)

    def _rebuilt(self, lf: str) -> str:
        parts, at = [], 0
        for start, end, _, _, norm in self._runs:
            parts += [lf[at:start], norm]
            at = end
        parts.append(lf[at:])
        return "".join(parts)

    def _canonical(self, cp: int) -> int | None:
        """A code-point offset into the raw text -> one into the canonical text (None inside a
        run of characters that NFC joins)."""
        if self._same:
            return cp
        if self._broken:
            return None
        q = cp - bisect_left(self._removed, cp)
        k = bisect_right(self._starts, q) - 1
        if k < 0:
            return q
        start, end, cstart, run, norm = self._runs[k]
        if q >= end:
            return q - end + cstart + len(norm)
        if q == start:
            return cstart
        head = unicodedata.normalize("NFC", run[:q - start])
        if head + unicodedata.normalize("NFC", run[q - start:]) != norm:
            return None
        return cstart + len(head)

    def raw_span(self, start: object, end: object, *, utf16: bool) -> tuple[int, int] | None:
        """A span counted in the raw text (UTF-16 units or code points) in raw code points;
        None when out of range or splitting a surrogate pair."""
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) \
                or isinstance(end, bool):
            return None
        if utf16:
            return self.units.exact_span_to_codepoints(start, end)
        return (start, end) if 0 <= start <= end <= len(self.raw) else None

    def span(self, start: object, end: object, *, utf16: bool) -> tuple[int, int] | None:
        """A span counted in the raw text, in code points of the canonical text; None when it
        cannot be placed exactly."""
        if self._same and type(start) is int and type(end) is int:  # (not bool, not float)
            if self._plain or not utf16:
                return (start, end) if 0 <= start <= end <= self._length else None
            return self.units.exact_span_to_codepoints(start, end)
        found = self.raw_span(start, end, utf16=utf16)
        return None if found is None else self.canonical_span(*found)

    def canonical_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Raw code points -> canonical code points (None when not exact)."""
        s, e = self._canonical(start), self._canonical(end)
        if s is None or e is None:
            return None
        return s, e

    def unplaceable(self, start: object, end: object, *, utf16: bool) -> str:
        """Why span() gave None for these offsets, in words (a reader's refusal)."""
        unit, length = ("UTF-16 units", self.units.length_u16) if utf16 else \
            ("code points", self._length)
        if type(start) is not int or type(end) is not int:
            return f"{start!r}-{end!r} are not whole numbers"
        if not 0 <= start <= end <= length:
            return f"{start}-{end} is not a span of the text in {unit} (its length is {length})"
        if utf16 and self.units.exact_span_to_codepoints(start, end) is None:
            return (f"{start}-{end} splits a character in two (an emoji, or another character "
                    "that takes two UTF-16 units)")
        return (f"{start}-{end} falls inside what the stored text makes one character (a "
                "letter and its accent, or a CR and LF)")
