"""Walk a JSON export in its bytes, member by member, without building the whole document.

``json.loads`` of a whole file builds every object at once: 20-25 bytes of memory per byte of
a file of empty objects, ~6 for a real export. Here the top-level object, each article and
(when it is large) each annotation are walked member by member: values of keys the reader
knows are parsed one at a time, small annotations with one ``json.loads`` each, and values of
keys it does not know are stepped over without being built at all. Memory is then the file's
bytes plus what the reader keeps.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator

from ...errors import InputRefused

_WS = re.compile(rb"[ \t\n\r]*")
# Possessive quantifiers: the regular expression engine keeps no backtracking state, which
# otherwise grows with every string stepped over (2 GB for 20 MB of short strings).
_STRING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_KEY = re.compile(_STRING, re.DOTALL)
_SCALAR = re.compile(_STRING + rb"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
                     rb"|true|false|null|NaN|-?Infinity", re.DOTALL)
# Everything up to the next bracket, strings included (they may hold brackets).
_TO_BRACKET = re.compile(rb'(?:[^"\[\]{}]++|' + _STRING + rb")*+", re.DOTALL)
_FLAT = re.compile(rb'\{(?:[^"\[\]{}]++|' + _STRING + rb')*+\}|\[(?:[^"\[\]{}]++|' + _STRING
                   + rb")*+\]", re.DOTALL)
# More of them after one, stepped over in one match (the annotations of an article).
_FLAT_RUN = re.compile(rb"(?:[ \t\n\r]*+,[ \t\n\r]*+(?:" + _FLAT.pattern + rb"))*+", re.DOTALL)
_CLOSER = {b"{": b"}", b"[": b"]"}
_MAX_INT_DIGITS = 15
MAX_DEPTH = 500
# An export has one object or list per annotation (~230 bytes), and never one per 24 bytes.
BYTES_PER_CONTAINER = 24


def _end(pattern: re.Pattern[bytes], data: bytes, pos: int) -> int:
    """Where ``pattern`` (which may match nothing, and so always matches) stops."""
    match = pattern.match(data, pos)
    assert match is not None
    return match.end()


class Refuse(Exception):
    """A problem in the document, worded for the user (without the file's name)."""


def _no_duplicates(pairs):
    obj = dict(pairs)
    if len(obj) != len(pairs):  # rare: find the key to name it
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise Refuse(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return obj


def _constant(name):
    raise Refuse(f"{name} is not a number JSON allows")


def _float(text):
    value = float(text)
    if not math.isfinite(value):
        raise Refuse(f"the number {text[:20]} is too large")
    return value


def _int(text):
    if len(text) > _MAX_INT_DIGITS and len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise Refuse(f"the number {text[:20]}... is too large")
    return int(text)


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_constant,
                            parse_float=_float, parse_int=_int)


def check_export_head(head: bytes, source: str) -> None:
    """Refuse at once what cannot be an export: it is a JSON object, in UTF-8."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"\x00\x00\xfe\xff",):
        raise InputRefused("is not UTF-8 (it is UTF-16 or UTF-32); an export is always UTF-8",
                           source)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"{"):
        hint = ("; a list is another tool's file: Label Studio's JSON export imports with "
                "--format labelstudio (not its JSON-MIN or CSV exports), spaCy's and doccano's "
                "as JSON Lines (--format spacy, --format doccano)") if start[:1] == b"[" else ""
        raise InputRefused("is not an annotator export (an export is a JSON object starting "
                           f"with '{{'){hint}", source)


def check_structure(data: bytes, source: str) -> None:
    """Refuse, before parsing, a file with far more objects and lists than an export of its
    size has (millions of empty ones would each cost memory)."""
    containers = data.count(b"{") + data.count(b"[")
    if containers > len(data) // BYTES_PER_CONTAINER + (1 << 20):  # small files cannot hurt
        raise InputRefused(f"is not an export annotator can read: it has {containers:,} objects "
                           f"and lists in {len(data):,} bytes, where an export has at most one "
                           f"per {BYTES_PER_CONTAINER} bytes", source)


class Document:
    """A JSON document's bytes, read piece by piece; errors name the file, line and column."""

    def __init__(self, data: bytes, source: str):
        self.data, self.source = data, source
        self.end = 0  # where the last object or array walked ended
        self._ends: dict[int, int] = {}

    def fail(self, message: str, pos: int) -> InputRefused:
        line = self.data.count(b"\n", 0, pos) + 1
        column = pos - self.data.rfind(b"\n", 0, pos)
        return InputRefused(f"is not valid JSON ({message} at line {line}, column {column})",
                            self.source)

    def skip_ws(self, pos: int) -> int:
        return _end(_WS, self.data, pos)

    def expect(self, pos: int, char: bytes, what: str) -> int:
        pos = self.skip_ws(pos)
        if self.data[pos:pos + 1] != char:
            raise self.fail(f"Expecting {what}" if pos < len(self.data) else "Unexpected end of data", pos)
        return pos + 1

    def value_end(self, pos: int, record: int = 0) -> int:
        """Where the value starting at ``pos`` ends, stepping over it without building it.
        The ends of the objects and lists in it down to depth ``record`` are remembered, so
        that walking into them later does not step over them again."""
        if pos in self._ends:
            return self._ends[pos]
        if self.data[pos:pos + 1] not in (b"{", b"["):
            match = _SCALAR.match(self.data, pos)
            if not match:
                raise self.fail("Expecting value", pos)
            return match.end()
        closers: list[bytes] = []
        starts: list[int] = []
        while True:
            char = self.data[pos:pos + 1]
            flat = _FLAT.match(self.data, pos) if char in _CLOSER else None
            if flat:  # an object or list with none inside: over it in one step
                if not closers:
                    return flat.end()
                if len(closers) <= record:
                    self._ends[pos] = flat.end()
                    pos = flat.end()
                else:  # (no end to remember: the flat ones after it too, at once)
                    pos = _end(_FLAT_RUN, self.data, flat.end())
                pos = _end(_TO_BRACKET, self.data, pos)
                continue
            if char in _CLOSER:
                closers.append(_CLOSER[char])
                starts.append(pos)
                if len(closers) > MAX_DEPTH:
                    raise Refuse("it is nested too deeply")
            elif closers and char == closers[-1]:
                closers.pop()
                start = starts.pop()
                if not closers:
                    return pos + 1
                if len(closers) <= record:
                    self._ends[start] = pos + 1
            else:
                raise self.fail("Unterminated string" if char == b'"' else "Unbalanced brackets"
                                if char else "Unexpected end of data", pos)
            pos = _end(_TO_BRACKET, self.data, pos + 1)

    def load(self, start: int, end: int):
        """Parse the value in data[start:end] (as strict JSON, in UTF-8)."""
        try:
            text = str(memoryview(self.data)[start:end], "utf-8")
        except UnicodeDecodeError as exc:
            raise InputRefused(f"is not UTF-8 (byte {start + exc.start}); an export is always "
                               "UTF-8", self.source) from None
        try:
            value, used = _DECODER.raw_decode(text)
        except json.JSONDecodeError as exc:
            raise self.fail(exc.msg, start + len(text[:exc.pos].encode())) from None
        except RecursionError:
            raise Refuse("it is nested too deeply") from None
        if used != len(text):
            raise self.fail("Extra data", start + len(text[:used].encode()))
        return value

    def members(self, pos: int, record: int = 0) -> Iterator[tuple[str, int, int]]:
        """(key, start, end) of each member of the object starting at ``pos``; refuses a key
        that appears twice. The caller may read data[start:end]; iteration goes on after end.
        ``record``: see value_end."""
        pos = self.expect(pos, b"{", "'{'")
        seen: set[str] = set()
        pos = self.skip_ws(pos)
        if self.data[pos:pos + 1] == b"}":
            self.end = pos + 1
            return
        while True:
            pos = self.skip_ws(pos)
            match = _KEY.match(self.data, pos)
            if not match:
                raise self.fail("Expecting property name enclosed in double quotes", pos)
            key = self.load(pos, match.end())
            if key in seen:
                raise Refuse(f"the key {key!r} appears twice in one object")
            seen.add(key)
            start = self.skip_ws(self.expect(match.end(), b":", "':' delimiter"))
            end = self.value_end(start, record)
            yield key, start, end
            pos = self.skip_ws(end)
            if self.data[pos:pos + 1] == b"}":
                self.end = pos + 1
                return
            pos = self.expect(pos, b",", "',' delimiter")

    def elements(self, pos: int) -> Iterator[tuple[int, int]]:
        """(start, end) of each element of the array starting at ``pos``."""
        pos = self.expect(pos, b"[", "'['")
        pos = self.skip_ws(pos)
        if self.data[pos:pos + 1] == b"]":
            self.end = pos + 1
            return
        while True:
            start = self.skip_ws(pos)
            end = self.value_end(start)
            yield start, end
            pos = self.skip_ws(end)
            if self.data[pos:pos + 1] == b"]":
                self.end = pos + 1
                return
            pos = self.expect(pos, b",", "',' delimiter")

    def finish(self, pos: int) -> None:
        pos = self.skip_ws(pos)
        if pos != len(self.data):
            raise self.fail("Extra data", pos)
