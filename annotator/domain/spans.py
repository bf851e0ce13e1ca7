"""Spans over canonical text: validation, whitespace trimming, grapheme-cluster snapping.

Offsets are 0-based code-point indexes into the canonical text, end exclusive. The invariant
``text[start:end] == annotation.text`` is established here, whatever the caller.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from ..errors import SpanError


@cache
def _grapheme():
    import regex  # 15 ms to import: paid at the first selection, not at start-up

    return regex.compile(r"\X")


def check_bounds(length: int, start: int, end: int) -> None:
    """Refuse offsets that are not whole numbers with 0 <= start < end <= length."""
    if type(start) is not int or type(end) is not int:
        raise SpanError(f"offsets must be whole numbers, got start={start!r}, end={end!r}")
    if not 0 <= start < end <= length:
        raise SpanError(
            f"span {start}-{end} does not fit a text of {length} characters "
            "(need 0 <= start < end <= length)"
        )


def check_span(text: str, start: int, end: int) -> str:
    """Return ``text[start:end]`` after checking that the span is non-empty and inside the text."""
    check_bounds(len(text), start, end)
    return text[start:end]


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink a span so that it neither starts nor ends with whitespace; None if nothing is left."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _cluster_bounds(text: str, pos: int) -> tuple[int, int]:
    """The grapheme cluster around ``pos``: (start, end) with start <= pos < end."""
    # A line feed always ends a cluster (UAX #29, GB4/GB5), so segmenting from the start of the
    # line is exact and keeps the work local however long the text is.
    line_start = text.rfind("\n", 0, pos) + 1
    for match in _grapheme().finditer(text, line_start):
        if match.end() > pos:
            return match.start(), match.end()
    return pos, pos + 1  # pragma: no cover - \X always matches up to the end of the text


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it neither starts nor ends inside a grapheme cluster (emoji, flags,
    letters with combining marks stay whole)."""
    start, end = max(0, start), min(len(text), end)
    if 0 < start < len(text):
        start = _cluster_bounds(text, start)[0]
    if 0 < end < len(text):
        cluster_start, cluster_end = _cluster_bounds(text, end)
        if cluster_start != end:
            end = cluster_end
    return start, end


_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))  # Thai, Lao, Myanmar, Khmer
_INNER = "'’-\u00ad"  # apostrophes and hyphens inside a word keep it one word


def _wordish(ch: str) -> bool:
    """A character of a word in a script that separates words with spaces. Chinese, Japanese,
    Thai and the like write no spaces, so there a "word" would swallow the whole sentence."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return False
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _UNSPACED):
        return False
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _inside_word(text: str, pos: int) -> bool:
    """Is ``pos`` (a boundary) in the middle of a word?"""
    if not 0 < pos < len(text):
        return False
    before, after = text[pos - 1], text[pos]
    if _wordish(before) and _wordish(after):
        return True
    # "Ortiz’|s", "Ortiz|’s": an apostrophe or hyphen between letters is part of the word
    if after in _INNER and pos + 1 < len(text):
        return _wordish(before) and _wordish(text[pos + 1])
    if before in _INNER and pos >= 2:
        return _wordish(text[pos - 2]) and _wordish(after)
    return False


def _possessive_at(text: str, pos: int) -> bool:
    """Does an English possessive ("'s", "’s") follow ``pos``? "Bo Xilai|'s aide": the name
    ends before it."""
    if text[pos:pos + 1] not in ("'", "’") or text[pos + 1:pos + 2] not in ("s", "S"):
        return False
    return pos + 2 >= len(text) or not _wordish(text[pos + 2])


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a word to the whole word (a possessive "'s"
    after the end is left out)."""
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end) and not _possessive_at(text, end):
        end += 1
    return start, end


def has_letter_or_digit(piece: str) -> bool:
    """A span worth tagging holds at least one letter or digit (a lone "," is a slip)."""
    return any(ch.isalnum() for ch in piece)


def clean_selection(text: str, start: int, end: int, words: bool = False) -> tuple[int, int] | None:
    """What a user's selection becomes as a span: whole grapheme clusters (and with ``words``
    whole words), no outer whitespace."""
    if start > end:
        start, end = end, start
    start, end = snap_to_graphemes(text, start, end)
    if words:
        trimmed = trim_span(text, start, end)  # a selection that ends in a space keeps its word
        if trimmed is None:
            return None
        start, end = snap_to_graphemes(text, *snap_to_words(text, *trimmed))
    return trim_span(text, start, end)


def step(text: str, pos: int, forward: bool) -> int:
    """The next (or previous) grapheme-cluster boundary after (before) ``pos``."""
    if forward:
        return len(text) if pos >= len(text) else _cluster_bounds(text, pos)[1]
    return 0 if pos <= 0 else _cluster_bounds(text, pos - 1)[0]
