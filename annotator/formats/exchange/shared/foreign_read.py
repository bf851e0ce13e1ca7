"""What the readers of other tools' JSON formats (doccano, Label Studio) share: reading the file,
an article made from a task's text and details, the tags and link types a bundle names, and our
own round-trip keys (the ids, annotators and times of spans, which those tools do not hold)."""

from __future__ import annotations

import json
import re
from operator import attrgetter
from collections.abc import Iterable, Iterator
from typing import Any
from pathlib import Path

import orjson

from ....domain.bundle import AnnotationIn, ArticleIn, Bundle, TagIn
from ....domain.comparison.links import DEFAULT_LINK_TYPES
from ....domain.model import LinkType
from ....domain.text import check_storable, text_sha256
from ....errors import InputRefused
from ...encoding.decode import check_text_size, read_capped
from ...export.export_fields import ident, tag_name
from ...export.export_read import MAX_EXPORT_BYTES
from ...export.export_scan import Refuse
from .foreign_text import ForeignText

__all__ = ["DETAILS", "article_of", "file_text", "file_values", "finish", "finish_checked", "good_tag_names",
           "json_values", "own_span", "whole_numbers"]

PLAIN_ID = re.compile(r"[^\s\x00-\x1f\x7f]{1,128}")  # an id as export_fields.ident takes it
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG = attrgetter("tag")
DETAILS = ("title", "source", "url", "author", "published")  # an article's details, as keys


def file_text(path: Path) -> str:
    raw = read_capped(Path(path), MAX_EXPORT_BYTES)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 (byte {exc.start:,})", str(path)) from None


def file_values(path: Path) -> Iterator[tuple[int, Any]]:
    """json_values of the file: orjson reads each line's bytes as they are when it can (no copy
    of the whole text decoded, then encoded again line by line); else the text is decoded (or
    refused as not UTF-8) and json_values reads it."""
    raw = read_capped(Path(path), MAX_EXPORT_BYTES).removeprefix(b"\xef\xbb\xbf")
    found = _line_values(raw.split(b"\n"))  # (orjson checks the bytes are UTF-8)
    if found is not None:
        return iter(found)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 (byte {exc.start:,})", str(path)) from None
    return json_values(text, path)


def json_problem(exc: json.JSONDecodeError) -> str:
    """The parser's reason, without its dangling 'starting at' (the place is said apart)."""
    return exc.msg.removesuffix(" starting at").removesuffix(" at")


def json_values(text: str, path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each JSON value in the text: JSON Lines, or values written over
    several lines (doccano's own relation sample is pretty-printed). Each line is parsed by
    orjson when every non-blank line is one value it takes; else (a value over several lines,
    NaN, a lone surrogate, a huge number, an error to name) the standard parser reads it all."""
    by_line = _line_values(text.split("\n"))
    if by_line is not None:
        yield from by_line
        return
    decoder = json.JSONDecoder()
    at, line, size = 0, 1, len(text)
    while True:
        while at < size and text[at] in " \t\r\n":
            line += text[at] == "\n"
            at += 1
        if at >= size:
            return
        try:
            value, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise InputRefused(f"line {exc.lineno}, column {exc.colno}: is not JSON "
                               f"({json_problem(exc)})", str(path)) from None
        yield line, value
        line += text.count("\n", at, end)
        at = end


def _line_values(lines: list[Any]) -> list[tuple[int, Any]] | None:
    """(line number, value) of each non-blank line (all str, or all bytes), or None."""
    found = []
    loads, error = orjson.loads, orjson.JSONDecodeError
    blank = b" \t\r" if lines and type(lines[0]) is bytes else " \t\r"
    for number, line in enumerate(lines, 1):
        if line.strip(blank):
            try:
                found.append((number, loads(line)))
            except error:
                return None
    return found


def article_of(raw, details: dict, where: str) -> tuple[ForeignText, ArticleIn]:
    """The article of a task: its text (canonical; Refuse if unusable) and details (the keys of
    DETAILS and ``article_id`` when they are strings, as our exports write them)."""
    if not isinstance(raw, str):
        raise Refuse(f"{where}: its text is not a string")
    if _SURROGATE.search(raw):
        raise Refuse(f"{where}: its text contains a lone surrogate (not valid Unicode text)")
    try:  # (before its offsets are mapped: 40 bytes a character for a while)
        check_text_size(raw, None, "its text")
    except InputRefused as exc:
        raise Refuse(f"{where}: {exc.reason}") from None
    foreign = ForeignText(raw)
    try:
        check_storable(foreign.text)
    except InputRefused as exc:
        raise Refuse(f"{where}: its text {exc.reason}") from None
    sha = text_sha256(foreign.text)
    given = {k: v for k in DETAILS if isinstance(v := details.get(k), str) and v.strip()}
    article_id = details.get("article_id")
    article_id = ident({"id": article_id} if isinstance(article_id, str) else {}, where,
                       "article:" + sha)
    title = given.get("title") or foreign.text.strip().split("\n", 1)[0][:200]
    return foreign, ArticleIn(article_id, title[:1000], given.get("source"), given.get("url"),
                              given.get("author"), given.get("published"), None, foreign.text,
                              sha)


def own_span(entry, now: str) -> tuple[str, str, str, str] | None:
    """(id, annotator, created_at, updated_at) from one of our round-trip entries
    ``[start, end, tag, id, annotator, created_at, updated_at]``; None when malformed."""
    if not (type(entry) is list and len(entry) == 7 and all(type(v) is str for v in entry[2:])
            and PLAIN_ID.fullmatch(entry[3])):
        return None
    return entry[3], entry[4] or "unknown", entry[5] or now, entry[6] or entry[5] or now


def own_entries(value, now: str) -> dict[tuple, list[tuple[str, str, str, str]]]:
    """Our round-trip entries by (start, end, tag), each list in the order written."""
    found: dict[tuple, list] = {}
    for entry in value if isinstance(value, list) else []:
        own = own_span(entry, now)
        if own is not None:
            found.setdefault((entry[0], entry[1], entry[2]), []).append(own)
    return found


def whole_numbers(cells: list[str]) -> list[int] | None:
    """int() of each cell, for a reader's quick way; None unless every cell is ASCII digits.
    (Up to 18 digits and no leading zero, one JSON array is read at once: the same numbers.)"""
    joined = "".join(cells)
    if not (joined.isascii() and joined.encode("ascii").isdigit() and all(cells)):
        return None if cells else []
    if max(map(len, cells)) <= 18:
        try:
            return orjson.loads(f"[{','.join(cells)}]")
        except orjson.JSONDecodeError:  # (a leading zero)
            pass
    return list(map(int, cells))


def good_tag_names(names, known: set[str]) -> bool:
    """Whether each of these labels is a tag name (export_fields.tag_name takes it), for a
    reader's quick way; those that are join ``known``, so each is checked once per file."""
    for name in names:
        if type(name) is not str:
            return False
        try:
            tag_name(name, "")
        except Refuse:
            return False
        known.add(name)
    return True


def finish(bundle: Bundle, link_directions: dict[str, bool]) -> None:
    """The bundle's tags (those its spans use, in order of use) and link types (the defaults'
    directions for their names; the file's direction for others)."""
    tags: dict[str, TagIn] = {t.name: t for t in bundle.tags}
    for article in bundle.articles:
        for name in dict.fromkeys(map(_TAG, article.annotations)):  # (in order of first use)
            if name not in tags:
                tags[name] = TagIn(name, None, "")
    bundle.tags = list(tags.values())
    bundle.link_types = link_types_named(link_directions, link_directions)


def link_types_named(names: Iterable, directions: dict[str, bool] | None = None) -> list:
    """The link types of these names (each once, in order; names as named_links leaves them):
    the defaults' own for their names, else of ``directions`` (directed when it does not
    say)."""
    known = {t.name: t for t in DEFAULT_LINK_TYPES}
    return [known.get(name) or LinkType(name, (directions or {}).get(name, True), "")
            for name in dict.fromkeys(names)]


def named_links(bundle: Bundle, link_directions: dict[str, bool], link_items: list[dict],
                 path: Path) -> tuple[dict[str, bool], list[dict]]:
    """(the directions, the link objects) with each link's type as the window keeps names
    (runs of spaces one); a link whose type can be no name (blank, control characters, too
    long) is refused alone, naming it (its ``where``, put there by the reader, else its id's
    place), not the whole file. Two spellings of one name: directed if either is."""
    from ...export.export_read_v2 import link_type_name

    names: dict[str, str | None] = {}
    directions: dict[str, bool] = {}
    for name, directed in link_directions.items():
        try:
            clean = names[name] = link_type_name(name, "")
        except Refuse:
            names[name] = None
            continue
        directions[clean] = directions.get(clean, False) or directed
    kept = []
    for item in link_items:
        kind, ident = item.get("type"), item.get("id")
        where = item.pop("where", None) or (  # (the reader's place of it, else its id's)
            bundle.where.get(ident, str(path)) if isinstance(ident, str) else str(path))
        if kind in names and names[kind] is None:
            try:
                link_type_name(kind, f"{where}: refused" + (
                    f": link {ident!r}" if isinstance(ident, str) else ""))
            except Refuse as exc:
                bundle.refused.append(str(exc))
            continue
        if kind in names:
            item["type"] = names[kind]
        kept.append(item)
    return directions, kept


def finish_checked(bundle: Bundle, link_directions: dict[str, bool], link_items: list[dict],
                   now: str, path: Path) -> Bundle:
    """finish(), then the links (export_read_v2.links) and the whole bundle checked; any
    problem refuses the file (InputRefused naming it), but a link's type that can be no name,
    which refuses that link (named_links)."""
    from ...export.export_read_v2 import check_whole, links

    link_directions, link_items = named_links(bundle, link_directions, link_items, path)
    finish(bundle, link_directions)
    try:
        bundle.links = links(link_items, bundle.link_types, now)
        check_whole(bundle.articles, bundle.actors, bundle.links, bundle.said, str(path))
    except Refuse as exc:
        raise InputRefused(f"refused: {exc}", str(path)) from None
    return bundle


def span_in(foreign: ForeignText, tag: str, start: int, end: int, span_id: str,
            own: tuple[str, str, str, str] | None, annotator: str, now: str) -> AnnotationIn:
    """An annotation at canonical offsets start-end of ``foreign``'s text."""
    if own is not None:
        span_id, annotator, created, updated = own
        return AnnotationIn(span_id, tag, start, end, foreign.text[start:end], "", annotator,
                            created, updated, True)
    return AnnotationIn(span_id, tag, start, end, foreign.text[start:end], "", annotator, now,
                        now, False)
