"""The registry's ``doccano`` format (issue 11): JSON Lines, one article per line.

doccano counts offsets in JavaScript string indices, i.e. UTF-16 code units (a character outside
the Basic Multilingual Plane, most emoji, counts two); annotator converts them exactly
(domain.offsets16), and through canonicalisation when a text has CRLF or is not NFC
(foreign_text). A project made with doccano's "count grapheme clusters" option stores grapheme
indices instead; its files do not say so, and are read as UTF-16.

Shapes read (each line on its own; values may also span several lines):
- sequence labeling: ``{"id", "text", "label": [[start, end, "tag"], ...]}`` (``labels`` in
  older converters);
- relation extraction: ``{"text", "entities": [{"id", "label", "start_offset", "end_offset"}],
  "relations": [{"from_id", "to_id", "type"}]}``: relations become links;
- doccano 1.x: ``{"text", "annotations": [{"label", "start_offset", "end_offset", "user"}]}``
  (label ids: tags named by the number; one annotator per user).

Written: the sequence-labeling shape, or the relation shape when the project has a link within
one article. Beside the text each line carries ``article_id`` and the article's details (doccano
keeps unknown keys as metadata) and ``annotator_spans``: ``[start, end, tag, id, annotator,
created_at, updated_at]`` per span, so that an import into annotator keeps the spans' ids and
annotators (a re-import changes nothing). Lost: notes, actors, attributes, links between
articles, tags' colours and descriptions (counted before writing).
"""

from __future__ import annotations

import re
from operator import lt
from pathlib import Path

from .shared.gc_pause import gc_paused
from ...domain.bundle import BARE, AnnotationIn, Bundle
from ...domain.loss import LossReport
from ..export.export_fields import ident, tag_name
from ..export.export_scan import Refuse
from .shared.foreign_read import (PLAIN_ID, article_of, file_values, finish_checked,
                                  good_tag_names,
                                  own_entries, span_in)

__all__ = ["detect", "read", "write"]

_KEYS = ("label", "labels", "entities", "annotations")
_SPANS = re.compile(rb'"labels?"\s*:\s*\[\s*\[\s*\d|"(?:entities|annotations)"\s*:\s*\[\s*\{[^{}]*'
                    rb'"start_offset"')


def detect(path: Path, head: bytes) -> bool:
    from ..registry import _first_object

    if not head:
        return False
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    first = _first_object(text) if text[:1] == b"{" else None
    if first is None:  # (a first line larger than the head: its spans' keys)
        return text[:1] == b"{" and _SPANS.search(text) is not None
    if not isinstance(first.get("text"), str):
        return False
    if any(isinstance(first.get(k), list) for k in ("label", "labels", "entities")):
        return True
    legacy = first.get("annotations")
    return isinstance(legacy, list) and all(isinstance(a, dict) and "start_offset" in a
                                            for a in legacy)


@gc_paused
def read(path: Path, *, now: str) -> Bundle:
    path = Path(path)
    bundle = Bundle(tags=[], articles=[], version=2, lacks=BARE)
    directions: dict[str, bool] = {}
    link_items: list[dict] = []
    found_any = False
    tags_ok: set[str] = set()  # labels found to be good tag names
    for line, record in file_values(path):
        where = f"{path}, line {line}"
        if not isinstance(record, dict) or not any(k in record for k in _KEYS) or \
                "text" not in record:
            raise_refused(path, f"line {line} is not a doccano record (an object with 'text' "
                                "and 'label', 'entities' or 'annotations')")
        found_any = True
        try:
            foreign, article = article_of(record["text"], record, where)
        except Refuse as exc:
            bundle.refused.append(f"{exc}: refused with its spans")
            continue
        fast = _plain_labels(record, foreign, article.text_sha256, now, tags_ok)
        if fast is not None:  # (the usual record: a label list and our round-trip keys, all fine)
            article.annotations = fast
            bundle.articles.append(article)
            continue
        own = own_entries(record.get("annotator_spans"), now)
        by_entity: dict[object, str] = {}
        for index, (start, end, tag, user, entity, utf16) in enumerate(_spans(record)):
            place = f"{where}, span {index + 1}"
            if start is None or end is None:
                bundle.refused.append(f"{place}: refused: {str(tag)[:40]!r} is not a span "
                                      "([start, end, label], or an entity with offsets)")
                continue
            if not isinstance(tag, str) or not tag:
                bundle.refused.append(f"{place}: refused: its label {tag!r} is not a name")
                continue
            try:
                tag_name(tag, place)
            except Refuse as exc:
                bundle.refused.append(f"{exc}: refused")
                continue
            tags_ok.add(tag)
            placed = foreign.span(start, end, utf16=utf16)
            if placed is None or placed[0] >= placed[1]:
                bundle.refused.append(f"{place}: refused: " + (
                    foreign.unplaceable(start, end, utf16=utf16) if placed is None else
                    f"{start!r}-{end!r} holds no character"))
                continue
            mine = own.get((start, end, tag))
            who = "doccano" if user is None else f"doccano user {user}"
            default = "" if mine else ident({}, place, f"doccano:{article.text_sha256}:{who}:"
                                                        f"{tag}:{placed[0]}:{placed[1]}")
            span: AnnotationIn = span_in(foreign, tag, *placed, default,
                                         mine.pop(0) if mine else None, who, now)
            article.annotations.append(span)
            if entity is not None:
                by_entity[_key(entity)] = span.id
        for index, relation in enumerate(record.get("relations") or []):
            place = f"{where}, relation {index + 1}"
            if not isinstance(relation, dict) or not isinstance(relation.get("type"), str):
                bundle.refused.append(f"{place}: refused: not a relation with a 'type'")
                continue
            ends = [by_entity.get(_key(relation.get(k))) for k in ("from_id", "to_id")]
            if None in ends or ends[0] == ends[1]:
                bundle.refused.append(f"{place}: refused: its ends are not two entities of "
                                      "this line that were read")
                continue
            directions.setdefault(relation["type"], True)
            # (no coder: doccano does not say whose a relation is; see LinkIn)
            link_items.append({"type": relation["type"], "from": ends[0], "to": ends[1],
                               "where": place})
        bundle.articles.append(article)
    if not found_any:
        raise_refused(path, "holds no doccano record")
    return finish_checked(bundle, directions, link_items, now, path)


def raise_refused(path: Path, reason: str):
    from ...errors import InputRefused

    raise InputRefused(reason, str(path))


def _plain_labels(record: dict, foreign, sha: str, now: str,
                  tags_ok: set[str]) -> list[AnnotationIn] | None:
    """A record's spans made in a few list-wide steps, when it is the usual one: a list of
    ``[start, end, label]`` (whole numbers, in range, not empty, labels known to be good names),
    no entities, relations or 1.x annotations, and our round-trip entries either absent or
    well-formed and listed in the same order as the labels (as we write them). Then each span
    is what the careful loop of read() makes of it; otherwise None, and that loop runs."""
    items = record.get("label") or record.get("labels") or []
    if any(record.get(k) for k in ("entities", "annotations", "relations")) or \
            type(items) is not list or set(map(type, items)) - {list} or \
            set(map(len, items)) - {3}:
        return None
    starts, ends, tags = zip(*items, strict=True) if items else ((), (), ())
    if (set(map(type, starts)) | set(map(type, ends))) - {int} or \
            not good_tag_names(set(tags) - tags_ok, tags_ok):
        return None
    if not foreign.unchanged or (starts and (min(starts) < 0 or max(ends) > foreign.units.length_u16
                                          or not all(map(lt, starts, ends)))):
        return None
    table = foreign.units.codepoints_by_unit()  # (-1: an offset splitting a surrogate pair)
    firsts, lasts = list(map(table.__getitem__, starts)), list(map(table.__getitem__, ends))
    if -1 in firsts or -1 in lasts:
        return None
    placed = zip(firsts, lasts, strict=True)
    own = _own_in_order(record.get("annotator_spans"), items, now)
    text = foreign.text
    if own is None:
        if "annotator_spans" in record:
            return None
        return [AnnotationIn(ident({}, "", f"doccano:{sha}:doccano:{tag}:{s}:{e}"), tag, s, e,
                             text[s:e], "", "doccano", now, now, False)
                for (s, e), tag in zip(placed, tags, strict=True)]
    return [AnnotationIn(span_id, tag, s, e, text[s:e], "", who, made, edited, True)
            for (s, e), tag, (span_id, who, made, edited) in zip(placed, tags, own, strict=True)]


def _own_in_order(entries, items: list, now: str) -> list[tuple[str, str, str, str]] | None:
    """(id, annotator, created_at, updated_at) of each label, when the round-trip entries are
    all well-formed and in the labels' order; None otherwise."""
    if type(entries) is not list or len(entries) != len(items) or \
            set(map(type, entries)) - {list} or set(map(len, entries)) - {7} or \
            [e[:3] for e in entries] != items:
        return None
    columns = list(zip(*entries, strict=True))[2:] if entries else []
    if any(set(map(type, column)) - {str} for column in columns) or \
            not all(map(PLAIN_ID.fullmatch, columns[1] if columns else ())):
        return None
    return [(e[3], e[4] or "unknown", e[5] or now, e[6] or e[5] or now) for e in entries]


def _key(value) -> object:
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else object()


def _spans(record: dict):
    """(start, end, tag, user, entity id, whether in UTF-16 units) for each span of a record:
    doccano counts UTF-16 units; spaCy 2's entities lists, code points."""
    for item in record.get("label") or record.get("labels") or []:
        if isinstance(item, list) and len(item) == 3:
            yield item[0], item[1], item[2], None, None, True
        else:  # (a text-classification label, or anything else: refused by the caller)
            yield None, None, item, None, None, True
    for key in ("entities", "annotations"):
        for item in record.get(key) or []:
            if isinstance(item, list) and len(item) == 3:  # (spaCy 2's training data writes
                yield item[0], item[1], item[2], None, None, False  # them so)
                continue
            if not isinstance(item, dict):
                yield None, None, item, None, None, True
                continue
            tag = item.get("label")
            if key == "annotations" and isinstance(tag, int) and not isinstance(tag, bool):
                tag = str(tag)  # doccano 1.x: a label id, the name is not in the file
            yield (item.get("start_offset"), item.get("end_offset"), tag, item.get("user"),
                   item.get("id") if key == "entities" else None, True)


def write(source, target, *, before=None, **options) -> LossReport:
    from .doccano_write import write_doccano

    return write_doccano(source.bundle(), target, before=before)
