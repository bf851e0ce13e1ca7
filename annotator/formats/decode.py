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

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls that never occur in text (tab, LF, VT, FF, CR and ESC aside).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Magic numbers of common binary formats, refused before any decoding is tried.
_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"SQLite format 3",
          b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0", b"BZh", b"7z\xbc\xaf", b"Rar!", b"OggS", b"ID3", b"RIFF")


def read_capped(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file, refusing it without reading it all when it is larger than ``limit``."""
    try:
        if not path.is_file():
            raise InputRefused("is not a file" if path.exists() else "does not exist", str(path))
        if path.stat().st_size > limit:
            raise InputRefused(f"is larger than the {limit // (1024 * 1024)} MB limit", str(path))
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
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

    ``declared`` is an encoding the file itself names (an HTML meta charset): tried after a BOM
    and strict UTF-8, before detection. ``forced`` is the user's word, used alone and strictly.
    """
    if not data.strip():
        raise InputRefused("is empty", source)
    if forced:
        return _decode_forced(data, source, forced)
    bom = _bom_encoding(data)
    if bom is None and _looks_binary(data):
        raise InputRefused("is a binary file, not text", source)
    candidates = [bom] if bom else ["utf-8"]
    if declared and bom is None:
        candidates.append(declared)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _too_many_controls(text):
            raise InputRefused("is a binary file, not text", source)
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
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

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
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
