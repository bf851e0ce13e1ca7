"""UTF-16 code units <-> code points, the one conversion every part uses (DESIGN.md section 2).

Qt, JavaScript tools (doccano, Label Studio before ~2022, browser W3C clients) and Java tools
(INCEpTION, NVivo) count a character outside the Basic Multilingual Plane (most emoji, some CJK)
as two units; Python and annotator count it as one. An OffsetMap holds the code-point positions
of those "astral" characters and converts with a binary search: O(log n) per offset, and nothing
at all for texts without astral characters. Pure Python, no Qt: the window (ui/panes/offsets.py) and
the exchange formats use this same module.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

__all__ = ["OffsetMap", "utf16_length"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + len(_ASTRAL.findall(text))


class OffsetMap:
    def __init__(self, text: str):
        self.length = len(text)
        astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_cp = astral                                  # code-point positions
        self._astral_u16 = [cp + i for i, cp in enumerate(astral)]  # their UTF-16 positions
        self.length_u16 = self.length + len(astral)

    @property
    def identity(self) -> bool:
        """True when both units agree everywhere (no astral character in the text)."""
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """Code-point offset -> UTF-16 offset (0 <= cp <= length)."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_codepoint(self, u16: int, *, round_up: bool = False) -> int:
        """UTF-16 offset -> code-point offset. A position inside a surrogate pair is moved to the
        start of its character, or past it with ``round_up`` (so a span never splits one)."""
        if not self._astral_cp:
            return u16
        k = bisect_right(self._astral_u16, u16 - 1)  # astral characters starting before u16
        if k and self._astral_u16[k - 1] == u16 - 1:   # u16 points at the low surrogate
            return self._astral_cp[k - 1] + (1 if round_up else 0)
        return u16 - k

    def splits_pair(self, u16: int) -> bool:
        """Whether a UTF-16 offset falls between the two halves of a surrogate pair (a file's
        offset there cannot be a UTF-16 reading of this text)."""
        if not self._astral_cp:
            return False
        k = bisect_right(self._astral_u16, u16 - 1)
        return bool(k) and self._astral_u16[k - 1] == u16 - 1

    def codepoints_by_unit(self) -> list[int]:
        """For every UTF-16 offset 0..length_u16, its code-point offset; -1 where it splits a
        surrogate pair. One list made in a few C-level steps, for a reader converting many spans
        of one text by indexing instead of two binary searches per span."""
        table: list[int] = []
        at = 0  # the next UTF-16 offset to fill
        for k, u in enumerate(self._astral_u16):  # k astral characters before this one, at u
            table.extend(range(at - k, u - k + 1))  # up to and including the pair's start
            table.append(-1)  # between its two halves
            at = u + 2
        table.extend(range(at - len(self._astral_u16), self.length + 1))
        return table

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoints(self, start: int, end: int) -> tuple[int, int]:
        return self.to_codepoint(start), self.to_codepoint(end, round_up=True)

    def exact_span_to_codepoints(self, start: int, end: int) -> tuple[int, int] | None:
        """A file's UTF-16 span in code points, or None when it is out of range or splits a
        surrogate pair (then it was not counted in UTF-16 units of this text)."""
        if not 0 <= start <= end <= self.length_u16 or self.splits_pair(start) or \
                self.splits_pair(end):
            return None
        return self.to_codepoint(start), self.to_codepoint(end)
