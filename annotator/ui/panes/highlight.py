"""How overlapping spans look: character formats for one block, computed by a sweep.

Every character covered by spans gets the background of its innermost (shortest) span, a deeper
tint for each further level of nesting, and, where a span of another tag encloses it, an
underline in the outer tag's colour. Not-article regions are drawn dimmed: grey text, no
background of their own, and the spans inside them paler (regions.py). Formats are cached by
what they show.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextLayout

from ...domain.comparison.links import NOT_ARTICLE
from ...domain.model import Annotation
from .offsets import OffsetMap
from .regions import dim, dimmed_region_format


class Palette:
    def __init__(self, colors: dict[str, str]):
        self.colors = {name: QColor(value) for name, value in colors.items()}
        self._formats: dict[tuple, QTextCharFormat] = {}

    def color(self, tag: str) -> QColor:
        return self.colors.get(tag, QColor("#888888"))

    def tint(self, tag: str, alpha: int) -> QColor:
        c = QColor(self.color(tag))
        c.setAlpha(alpha)
        return c

    def format(self, inner: str, depth: int, outer: str | None,
               dimmed: bool = False) -> QTextCharFormat:
        key = (inner, min(depth, 4), outer, dimmed)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(self.tint(inner, min(70 + 45 * (key[1] - 1), 220)))
            if outer is not None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(self.color(outer))
                fmt.setFontUnderline(True)
            if dimmed:
                fmt = dim(fmt)
            self._formats[key] = fmt
        return fmt

    def region(self) -> QTextCharFormat:
        """A not-article region's text where no other span covers it."""
        fmt = self._formats.get(("", 0, None, True))
        if fmt is None:
            fmt = self._formats[("", 0, None, True)] = dimmed_region_format()
        return fmt


def block_formats(spans: list[Annotation], block_start_cp: int, block_end_cp: int,
                  block_pos_u16: int, offsets: OffsetMap, palette: Palette) -> list:
    """QTextLayout.FormatRange list for one block, positions relative to the block (UTF-16)."""
    events: list[tuple[int, int, int]] = []  # (position, 0 end / 1 start, index)
    for i, a in enumerate(spans):
        events.append((max(a.start, block_start_cp), 1, i))
        events.append((min(a.end, block_end_cp), 0, i))
    events.sort()
    ranges = []
    active: set[int] = set()
    prev = None
    for pos, kind, i in events:
        if prev is not None and pos > prev and active:
            covering = sorted((spans[j] for j in active if spans[j].tag != NOT_ARTICLE),
                              key=lambda a: a.end - a.start)
            dimmed = len(covering) < len(active)  # inside a not-article region
            if covering:
                inner, outer = covering[0], covering[-1]
                fmt = palette.format(inner.tag, len(covering),
                                     outer.tag if len(covering) > 1 and outer.tag != inner.tag
                                     else None, dimmed)
            else:
                fmt = palette.region()
            r = QTextLayout.FormatRange()
            r.start = offsets.to_utf16(prev) - block_pos_u16
            r.length = offsets.to_utf16(pos) - offsets.to_utf16(prev)
            r.format = fmt
            ranges.append(r)
        if kind:
            active.add(i)
        else:
            active.discard(i)
        prev = pos
    return ranges
