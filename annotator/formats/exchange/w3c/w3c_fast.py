"""The ``w3c`` reader's fast path (formats.exchange.w3c.w3c_read): a run of annotations that are
all in the shape our writer gives a span (w3c_write.span_line: a tagging body, maybe a note and
an actor, a target whose source is an article the file carries, a position and a quote that
agree with its text, a creator's name, both times, maybe attributes) is taken apart in one pass
into columns, each checked at once in C (types by ``set(map(type, ...))``, ids by one join and
split, times by ``map(fromisoformat, ...)``, the quotes against the carried texts by one
comparison), and placed.

A run is taken whole or not at all: one annotation of another shape (a link, two tags, two
notes, a bodyValue, an article the file does not carry, a quote not at its position, a bad
time...) sends the run back to the careful way (w3c_parts, one annotation at a time), which finds
and names any problem. So what is taken here is exactly what the careful way would make of it:
spans with the same ids, offsets, text, tag, note, actor, annotator, times and attributes
(test_w3c_fast compares the two).

Only for a document that orjson parsed: it refuses lone surrogates, which the careful way looks
for in times.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from itertools import compress, groupby, repeat
from operator import itemgetter, le, lt, ne

from ....domain.bundle import AnnotationIn, ArticleIn
from ...export import export_read_v2 as v2
from ...export.export_scan import Refuse
from .w3c import ACTOR_IRI, ANNOTATION_IRI
from .w3c_parts import MAX_NOTE, checked_tag

_ATTRIBUTES = "annotator:attributes"
_MAX_ID = 128  # (w3c_parts.plain_id)
_MAX_FIELD = 10_000  # a time's or a creator's name's most characters (export_fields.get)
# What every plain span has alike (_rows): 7 keys besides the attributes, "type" among them
# (with id, body, target, creator, created and modified read, that leaves no room for a
# motivation or a bodyValue); a first body of 3 keys, a tagging TextualBody (any other body:
# _notes_and_actors); two selectors, a position and a quote, of 3 and 4 keys (no refinedBy).
_SHAPE = (7, True, 3, "TextualBody", "tagging", 2, 3, "TextPositionSelector", 4,
          "TextQuoteSelector")


class NotPlain(Exception):
    """The run holds something the careful way must read."""


Owner = Callable[[str], "ArticleIn | None"]


def plain_spans(objs: list, owner: Owner) -> tuple[Sequence[str], list[AnnotationIn]] | None:
    """(each annotation's source, its span) when every one of ``objs`` is a plain span, else
    None (nothing was changed: the careful way reads them)."""
    try:
        return _spans(objs, owner)
    except (NotPlain, KeyError, TypeError, ValueError, IndexError):
        return None  # (an odd shape: a key missing, a list where a dict was expected, ...)


def add_spans(sources: Sequence[str], spans: list[AnnotationIn], owner: Owner) -> None:
    """Each span to its article, in the file's order (a run of one article's spans at a time)."""
    for source, run in groupby(zip(sources, spans, strict=True), key=itemgetter(0)):
        article = owner(source)
        assert article is not None  # (plain_spans found it)
        article.annotations += map(itemgetter(1), run)


def _spans(objs: list, owner: Owner) -> tuple[Sequence[str], list[AnnotationIn]]:
    (shapes, iris, values, sources, starts, ends, exacts, prefixes, suffixes, names, created,
     modified, found, bodies) = _rows(objs)
    if set(shapes) != {_SHAPE}:
        raise NotPlain
    ids, tags = _ids(iris), _tags(values)
    _positions(starts, ends)
    for texts in (exacts, prefixes, suffixes):
        _only(texts, str)
    _distinct(names, lambda name: len(name) <= _MAX_FIELD)
    _times(created + modified)
    attributes = _attributes(found)
    notes, actors = _notes_and_actors(bodies)
    _placed(sources, starts, ends, exacts, owner)
    return sources, list(map(AnnotationIn, ids, tags, starts, ends, exacts, notes, names,
                             created, modified, repeat(True), actors, attributes))


def _rows(objs: list) -> list[tuple]:
    """The parts of the annotations, a column each: shapes (to be _SHAPE), id IRIs, tag values,
    sources, starts, ends, exact texts, prefixes, suffixes, creators' names, created, modified,
    attributes and the lists of bodies. Made in one pass (each annotation's objects read while
    they are at hand): KeyError, IndexError or TypeError where a part is missing or of another
    kind."""
    return list(zip(*[(
        (len(o) - (_ATTRIBUTES in o), "type" in o, len(b := (body := o["body"])[0]), b["type"],
         b["purpose"], len(s := (t := o["target"])["selector"]), len(p := s[0]), p["type"],
         len(q := s[1]), q["type"]),
        o["id"], b["value"], t["source"], p["start"], p["end"], q["exact"], q["prefix"],
        q["suffix"], o["creator"]["name"], o["created"], o["modified"], o.get(_ATTRIBUTES), body)
        for o in objs], strict=True))


def _only(values: Sequence, kind: type) -> None:
    if set(map(type, values)) != {kind}:
        raise NotPlain


def _distinct(values: Sequence, check: Callable[[str], object] = bool) -> set:
    """The distinct values, each a string passing ``check`` and not empty: that checks all of
    them at the cost of one set (tags, names and sources repeat; a string equals no other JSON
    value)."""
    found = set(values)
    for value in found:
        if type(value) is not str or not value or not check(value):
            raise NotPlain
    return found


def _attributes(found: Sequence):
    """Each annotation's attributes checked (None when absent, null or empty, as
    export_read_v2.attributes makes them)."""
    if found.count(None) == len(found):
        return repeat(None)
    checked = [v2.plain_attributes(value) for value in found if value is not None]
    if None in checked:
        raise NotPlain  # (the careful way says what is wrong)
    attributes = iter(checked)
    return [None if value is None else next(attributes) or None for value in found]


def _notes_and_actors(bodies: Sequence) -> tuple[Iterable[str], Iterable[str | None]]:
    """Each span's note and actor, from the bodies after its tag (few spans have them)."""
    sizes = list(map(len, bodies))
    if sizes.count(1) == len(sizes):
        return repeat(""), repeat(None)
    notes: list[str] = [""] * len(sizes)
    actors: list[str | None] = [None] * len(sizes)
    for i in compress(range(len(sizes)), map(ne, sizes, repeat(1))):
        notes[i], actors[i] = _note_and_actor(bodies[i][1:])
    return notes, actors


def _note_and_actor(bodies: list) -> tuple[str, str | None]:
    """As our writer writes them (and w3c_parts._bodies reads them): at most one commenting
    TextualBody, the note, and one identifying SpecificResource, one of our actors."""
    note, actor = "", None
    for body in bodies:
        if type(body) is not dict or len(body) != 3:
            raise NotPlain
        kind = (body.get("type"), body.get("purpose"))
        if kind == ("TextualBody", "commenting") and not note:
            value = body.get("value")
            if type(value) is not str or not value or len(value) > MAX_NOTE or "\x00" in value:
                raise NotPlain
            note = value
        elif kind == ("SpecificResource", "identifying") and actor is None:
            source = body.get("source")
            if type(source) is not str or not source.startswith(ACTOR_IRI) \
                    or source == ACTOR_IRI:
                raise NotPlain
            actor = source.removeprefix(ACTOR_IRI)
        else:
            raise NotPlain
    return note, actor


def _ids(iris: Sequence) -> list[str]:
    """Our ids in IRIs ``urn:annotator:annotation:<id>`` (w3c_parts.annotation_id): the IRIs
    joined by spaces are printable with no other space (so no whitespace or control character
    in any), and one split of them gives the ids, when each starts with the prefix."""
    joined = " ".join(iris)
    if not joined.isprintable() or joined.count(" ") != len(iris) - 1:
        raise NotPlain
    ids = (" " + joined).split(" " + ANNOTATION_IRI)
    if len(ids) != len(iris) + 1 or ids[0]:
        raise NotPlain
    del ids[0]
    sizes = set(map(len, ids))
    if min(sizes) < 1 or max(sizes) > _MAX_ID:
        raise NotPlain
    return ids


def _tags(values: Sequence) -> Sequence[str]:
    """Each tagging body's value stripped (w3c_parts._bodies), checked once per distinct value
    (a file holds few tags)."""
    try:
        tag = {value: checked_tag(value.strip()) for value in _distinct(values)}
    except Refuse:
        raise NotPlain from None
    return values if all(key == tag[key] for key in tag) else list(map(tag.__getitem__, values))


def _positions(starts: Sequence, ends: Sequence) -> None:
    """Whole numbers (not true or false), 0 <= start < end (w3c_parts._position)."""
    _only(starts, int)
    _only(ends, int)
    if min(starts) < 0 or not all(map(lt, starts, ends)):
        raise NotPlain


def _times(times: Sequence) -> None:
    """Each a date and time (fromisoformat takes a NUL or spaces after one: those are looked
    for as export_fields.get does)."""
    if "\x00" in "".join(times) or max(map(len, times)) > _MAX_FIELD:
        raise NotPlain  # (join: TypeError when one is not a string)
    deque(map(datetime.fromisoformat, times), maxlen=0)  # (ValueError: not one)


def _placed(sources: Sequence, starts: Sequence, ends: Sequence, exacts: Sequence,
            owner: Owner) -> None:
    """Each source a carried article whose text has the quote at the position (anchor() then
    keeps it there; and as start < end, the quote is not empty)."""
    articles = {source: owner(source) for source in _distinct(sources)}
    if None in articles.values():
        raise NotPlain  # (found later in the project: the careful way refers to it)
    text = {source: article.text for source, article in articles.items() if article}
    texts = list(map(text.__getitem__, sources))
    if not all(map(le, ends, map(len, texts))) \
            or tuple(map(str.__getitem__, texts, map(slice, starts, ends))) != exacts:
        raise NotPlain
