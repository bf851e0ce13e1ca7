"""Bytes -> str for imported files: strict UTF-8 first, then a charset detector, else refuse.

Also the input guards every importer shares: a size cap and the refusal of binary files.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from ..errors import InputRefused

MAX_INPUT_BYTES = 20 * 1024 * 1024

# BOM -> a codec that keeps the BOM as U+FEFF, so that canonicalisation removes exactly one,
# as the contract's formula does to the decoded text.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls that never occur in text (tab, LF, VT, FF, CR and ESC aside).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Magic numbers of common binary formats, refused before any decoding is tried.
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"SQLite format 3",
          b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0", b"BZh", b"7z\xbc\xaf", b"Rar!", b"OggS", b"ID3", b"RIFF")


HEAD_BYTES = 65536


def read_capped(path: Path, limit: int = MAX_INPUT_BYTES, check_head=None) -> bytes:
    """Read a file, refusing it without reading it all when it is larger than ``limit``, or
    when its first 64 KB already show it is binary (or fail ``check_head``)."""
    try:
        if not path.is_file():
            raise InputRefused("is not a file" if path.exists() else "does not exist", str(path))
        if path.stat().st_size > limit:
            raise InputRefused(f"is larger than the {limit // (1024 * 1024)} MB limit", str(path))
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
            if b"\x00" in head and _bom_encoding(head) not in ("utf-16-le", "utf-16-be",
                                                               "utf-32-le", "utf-32-be"):
                raise InputRefused("is a binary file, not text", str(path))
            if check_head is not None:
                check_head(head, str(path))
            data = head + handle.read(limit + 1 - len(head))
    except OSError as exc:
        raise InputRefused(f"cannot be read ({os.strerror(exc.errno) if exc.errno else exc})", str(path)) from None
    if len(data) > limit:
        raise InputRefused(f"is larger than the {limit // (1024 * 1024)} MB limit", str(path))
    return data


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _looks_binary(data: bytes) -> bool:
    return data.startswith(_MAGIC) or b"\x00" in data[:65536]


def _too_many_controls(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 1000)


def decode(data: bytes, source: str | None = None, declared: str | None = None,
           forced: str | None = None) -> tuple[str, str]:
    """Decode file bytes to text; returns (text, encoding name). Refuses binary data.

    Order: the user's ``forced`` encoding alone; else a BOM; else strict UTF-8; else an
    encoding the file itself ``declared`` (an HTML meta charset); else the detector.
    """
    if not data.strip():
        raise InputRefused("is empty", source)
    if forced:
        return _decode_forced(data, source, forced)
    bom = _bom_encoding(data)
    candidates = [bom] if bom else ["utf-8"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _too_many_controls(text):
            raise InputRefused("is a binary file, not text", source)
        return text, encoding
    if _looks_binary(data):
        raise InputRefused("is a binary file, not text", source)
    if declared:
        try:
            text = data.decode(declared)
            if not _too_many_controls(text):
                return text, declared
        except (UnicodeDecodeError, LookupError):
            pass
    return _detect(data, source)


def _decode_forced(data: bytes, source: str | None, encoding: str) -> tuple[str, str]:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputRefused(f"unknown encoding {encoding!r}", source) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not valid {encoding} text (byte {exc.start})", source) from None
    if _too_many_controls(text):
        raise InputRefused("is a binary file, not text", source)
    return text, encoding


def _detect(data: bytes, source: str | None) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # only files that are not UTF-8 pay for it
    from charset_normalizer.utils import is_multi_byte_encoding

    # Without a BOM (handled before), UTF-16/32 guesses are wrong: short Western texts come back
    # as CJK "UTF-16" otherwise.
    results = [m for m in from_bytes(data) if m.encoding and not m.encoding.startswith("utf_")]
    best = results[0] if results else None
    high = sum(b >= 0x80 for b in data)
    if best is None or (is_multi_byte_encoding(best.encoding) and high < 8):
        # A handful of accented letters in ASCII text cannot be told apart by statistics;
        # Western text in Windows-1252 is by far the likeliest source of them.
        western = _strict(data, "cp1252")
        if western is not None:
            return western, "cp1252"
    if best is None:
        raise InputRefused("is not text in any encoding we can recognise", source)
    if best.encoding != "cp1252" and not is_multi_byte_encoding(best.encoding):
        # Single-byte Latin code pages differ in a few punctuation marks (« » “ ” € …) that a
        # detector cannot weigh; Windows-1252 is by far the commonest of them (and what browsers
        # read "latin-1" as), so it wins whenever it reads the bytes about as cleanly.
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        if western is not None and western.chaos <= best.chaos + 0.05:
            best = western
    text = str(best)
    if _too_many_controls(text):
        raise InputRefused("is a binary file, not text", source)
    return text, best.encoding


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _too_many_controls(text) else text
