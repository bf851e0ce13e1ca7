"""The one place where Qt positions (UTF-16 code units) and storage offsets (code points) meet.

The conversion itself is domain/offsets16.py (pure, shared with the exchange formats); this
module adds what only the window needs: the text handed to Qt. It imports no Qt so it can be
tested alone.
"""

from __future__ import annotations

from ...domain.offsets16 import OffsetMap, utf16_length

__all__ = ["OffsetMap", "display_text", "utf16_length"]


def display_text(text: str) -> str:
    """The text to hand to Qt: same length in UTF-16 units, nothing Qt would drop.

    Qt's plain-text document drops a byte-order mark (U+FEFF) at the start; the word joiner
    (U+2060) looks the same (nothing) and keeps every later offset aligned. Storage keeps the
    original text. (str.replace, not translate: 1 ms instead of 200 ms on 2 MB.)"""
    return text.replace("\ufeff", "\u2060") if "\ufeff" in text else text
