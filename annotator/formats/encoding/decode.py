"""Bytes -> str for imported files: strict UTF-8 first, then a charset detector, else refuse.

Also the input guards every importer shares: a size cap, the refusal of binary files (by their
signature even when their bytes happen to be ASCII), and one cap on an article's text.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from ...errors import InputRefused

MAX_INPUT_BYTES = 20 * 1024 * 1024
# One cap on an article's text whatever it comes from (a file or an export), measured in UTF-8.
MAX_TEXT_BYTES = MAX_INPUT_BYTES
HEAD_BYTES = 65536

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
# Signatures of binary (or not plain text) formats, exact enough that no article starts so:
# "MZ Wallace" and "RIFF raff" are text, "MZ\x90\x00" and "RIFF....WAVE" are not.
_SIGNATURES = tuple((re.compile(pattern, re.DOTALL), name) for pattern, name in (
    (rb"%PDF-\d\.\d", "PDF document"), (rb"\{\\rtf1", "RTF document"),
    (rb"%!PS-Adobe-", "PostScript document"), (rb"GIF8[79]a", "GIF image"),
    (rb"\x89PNG\r\n\x1a\n", "PNG image"), (rb"\xff\xd8\xff", "JPEG image"),
    (rb"PK(\x03\x04|\x05\x06|\x07\x08)", "ZIP archive (or a Word, Excel or OpenDocument file)"),
    (rb"\x1f\x8b\x08", "gzip archive"), (rb"SQLite format 3\x00", "SQLite database"),
    (rb"\x7fELF", "program"), (rb"MZ[^\x00]{0,62}\x00", "program"),
    (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word or Excel 97-2003 document"),
    (rb"BZh[1-9]1AY&SY", "bzip2 archive"), (rb"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (rb"Rar!\x1a\x07", "RAR archive"), (rb"OggS\x00", "Ogg audio or video"),
    (rb"ID3[\x02-\x04]\x00", "MP3 audio"), (rb"RIFF.{4}(WAVE|AVI |WEBP)", "audio, video or image"),
))
# Codecs that are text encodings to Python but not encodings a file is written in.
_NOT_FILE_ENCODINGS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, after surrogateescape
_GOOD_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


class EncodingUncertain(InputRefused):
    """The file is text, but readings in different encodings are about equally likely.

    ``candidates`` are (encoding, preview of the text read so) pairs, likeliest first; ``sample``
    is the start of the file, for previewing another encoding."""

    def __init__(self, source: str | None, candidates: list[tuple[str, str]], sample: bytes):
        names = " or ".join(name for name, _ in candidates)
        super().__init__(f"the encoding cannot be told for sure ({names}?); "
                         "run again with --encoding NAME", source)
        self.candidates = candidates
        self.sample = sample


def binary_format(head: bytes) -> str | None:
    """The name of the binary format ``head`` (a file's first bytes) is in, if any."""
    for pattern, name in _SIGNATURES:
        if pattern.match(head):
            return name
    return None


def read_binary_capped(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A binary document's bytes (a PDF, a Word file), refused in one sentence when it is a
    folder, unreadable or larger than ``limit``."""
    source = str(path)
    try:
        if path.is_dir():
            raise InputRefused("is a folder, not a file (name the files in it)", source)
        if path.stat().st_size > limit:
            raise InputRefused(f"is larger than the {limit >> 20} MB limit", source)
        return path.read_bytes()
    except OSError as exc:
        raise InputRefused(f"cannot be read ({exc.strerror or exc})", source) from None


def read_capped(path: Path, limit: int = MAX_INPUT_BYTES, check_head=None,
                forced: str | None = None) -> bytes:
    """Read a file, refusing it without reading it all when it is larger than ``limit``, or
    when its first 64 KB already show it is binary (or fail ``check_head``). ``forced``: the
    encoding the user names (--encoding): NUL bytes are then no sign of a binary file when it
    is UTF-16 or UTF-32."""
    too_big = f"is larger than the {limit // (1024 * 1024)} MB limit"
    try:
        if not path.is_file():
            raise InputRefused("is a folder, not a file" if path.is_dir() else "is not a file"
                               if path.exists() else "does not exist", str(path))
        size = path.stat().st_size
        if size > limit:
            raise InputRefused(too_big, str(path))
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
            _refuse_binary(head, str(path), _wide(forced))
            if check_head is not None:
                check_head(head, str(path))
            if len(head) < HEAD_BYTES:
                data = head
            else:  # one buffer of the file's size, not head + rest (twice the memory)
                del head
                handle.seek(0)
                data = handle.read(min(size, limit) + 1)
                if len(data) <= limit and len(data) > size:  # it grew while we read it
                    data += handle.read(limit + 1 - len(data))
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else exc
        raise InputRefused(f"cannot be read ({reason})", str(path)) from None
    if len(data) > limit:
        raise InputRefused(too_big, str(path))
    return data


def _wide(forced: str | None) -> bool:
    """Whether an encoding named is UTF-16 or UTF-32 (text with NUL bytes)."""
    import codecs

    try:
        return forced is not None and codecs.lookup(forced).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False  # (an unknown name: decode says so)


def _refuse_binary(head: bytes, source: str | None, wide: bool = False) -> None:
    kind = binary_format(head)
    if kind:
        raise InputRefused(f"is a binary file ({kind}), not text", source)
    if not wide and b"\x00" in head[:HEAD_BYTES] and _bom_encoding(head) not in (
            "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        raise InputRefused(_utf16_hint(head[:HEAD_BYTES]) or "is a binary file, not text", source)


def _utf16_hint(head: bytes) -> str | None:
    """The refusal of text in UTF-16 without a byte-order mark (its ASCII letters each beside
    a NUL), or None."""
    for name, nuls in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if len(head) >= 8 and nuls.count(0) >= 0.9 * len(nuls):
            return (f"looks like text in UTF-16 without a byte-order mark: save it as UTF-8 (or, "
                    f"for an article, run again with --encoding {name})")
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _too_many_controls(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 1000)


def text_codec(name: str, source: str | None = None) -> str:
    """The codec called ``name``, refused unless it turns a file's bytes into text."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputRefused(f"unknown encoding {name!r}", source) from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        raise InputRefused(f"{name!r} is not a text encoding; give one such as utf-8, cp1252 "
                           "or cp1250", source)
    return info.name


def decode(data: bytes, source: str | None = None, declared: str | None = None,
           forced: str | None = None) -> tuple[str, str]:
    """Decode file bytes to text; returns (text, encoding name). Refuses binary data.

    Order: the user's ``forced`` encoding alone; else a BOM; else strict UTF-8; else UTF-8 with
    a few stray bytes replaced by U+FFFD (the encoding name then says how many); else an
    encoding the file itself ``declared`` (an HTML meta charset); else the detector, which
    raises EncodingUncertain when it cannot tell.
    """
    if not data.strip():
        raise InputRefused("is empty", source)
    kind = binary_format(data[:HEAD_BYTES])
    if kind:
        raise InputRefused(f"is a binary file ({kind}), not text", source)
    if forced:
        return _decode_forced(data, source, forced)
    encoding = _bom_encoding(data) or "utf-8"
    try:
        return _checked(data.decode(encoding), source), encoding
    except UnicodeDecodeError:
        pass
    if encoding == "utf-8":
        mostly = _mostly_utf8(data)
        if mostly is not None:
            return _checked(mostly[0], source), mostly[1]
    if declared:
        try:
            text = data.decode(text_codec(declared))
            if not _too_many_controls(text):
                return text, declared
        except (InputRefused, UnicodeError):
            pass
    from .guess import guess  # only files that are not UTF-8 pay for the detector

    return guess(data, source, lambda text: not _too_many_controls(text))


def _checked(text: str, source: str | None) -> str:
    if _too_many_controls(text):
        raise InputRefused("is a binary file, not text", source)
    return text


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few bytes that are not (a stray Latin-1 letter pasted in): the text with
    each such byte replaced by U+FFFD, and a name saying so. None when the file is not UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    allowed = max(3, (len(data) - 1) // 1000)  # at most 3 bytes, or under 0.1% of the file
    bad = 0
    for _ in _ESCAPED.finditer(text):
        bad += 1
        if bad > allowed:
            return None
    good = 0
    for _ in _GOOD_NON_ASCII.finditer(text):  # real UTF-8 sequences, at least as many as bad bytes
        good += 1
        if good >= bad:
            break
    if good < bad:
        return None
    plural = "byte" if bad == 1 else "bytes"
    return _ESCAPED.sub("\ufffd", text), f"utf-8 ({bad} invalid {plural} replaced)"


def _decode_forced(data: bytes, source: str | None, encoding: str) -> tuple[str, str]:
    text_codec(encoding, source)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not valid {encoding} text (byte {exc.start})", source) from None
    except UnicodeError as exc:
        raise InputRefused(f"cannot be read as {encoding} ({exc})", source) from None
    return _checked(text, source), encoding


def check_text_size(text: str, source: str | None, what: str = "its text") -> None:
    """Refuse an article's text over MAX_TEXT_BYTES in UTF-8, whatever file it comes from."""
    if len(text) * 4 <= MAX_TEXT_BYTES:
        return
    size = len(text) if len(text) > MAX_TEXT_BYTES or text.isascii() else \
        len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise InputRefused(f"{what} is larger than the {MAX_TEXT_BYTES >> 20} MB limit for an "
                           f"article ({size / (1 << 20):.1f} MB in UTF-8)", source)
