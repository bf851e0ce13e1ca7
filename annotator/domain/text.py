"""Canonical text (DESIGN.md section 2): the one form in which an article's text is stored.

The canonical text is the decoded source with a leading BOM removed, CRLF and lone CR turned into
LF, and Unicode NFC applied. Nothing else: offsets everywhere count code points of this string.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..errors import InputRefused

# Characters that show nothing and that str.strip() keeps: zero-width space, non-joiner and
# joiner, word joiner, BOM (a text of only these has nothing to read either)
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def canonicalize(raw: str) -> str:
    """Return the canonical form of decoded text. Idempotent."""
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_storable(text: str, source: str | None = None) -> None:
    """Refuse text that must never be stored: NUL characters, lone surrogates, nothing to read."""
    if "\x00" in text:
        raise InputRefused("contains NUL characters, so it is not a text file", source)
    match = _LONE_SURROGATE.search(text)
    if match:
        raise InputRefused(
            f"contains a lone surrogate (U+{ord(match.group()):04X}) at offset {match.start()}",
            source,
        )
    shown = text.strip()
    if not shown or (shown[0] in _INVISIBLE and not "".join(shown.split()).strip(_INVISIBLE)):
        raise InputRefused("has no text (empty or only whitespace)", source)


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the text encoded as UTF-8: the article's identity across projects."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_canonical(text: str, source: str | None = None) -> None:
    """Refuse text that is not in stored form (it has CR, or is not NFC): offsets into it would
    mean something else after canonicalisation. A leading U+FEFF is allowed: the contract removes
    one BOM, so a file that began with two keeps the second."""
    if "\r" in text:
        raise InputRefused("is not in canonical form (it contains CR characters)", source)
    if not unicodedata.is_normalized("NFC", text):
        raise InputRefused("is not in canonical form (not Unicode NFC)", source)
