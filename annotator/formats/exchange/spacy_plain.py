"""The ``spacy`` reader's quick way (issue 11): a task as we write it (and as most tools do, a
Prodigy list of spans with their text) read in a few list-wide steps instead of span by span.
It takes only what the careful way (spacy_jsonl._Reader._span) would take unchanged; anything
else (a missing key, an odd offset, a quote to re-anchor, a bad id or time) goes the careful
way, which names the problem. tests/formats/test_read_fast_paths.py checks both agree."""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial
from operator import itemgetter, lt

from ...domain.bundle import AnnotationIn
from .shared.foreign_read import PLAIN_ID, good_tag_names
from .shared.foreign_text import ForeignText

__all__ = ["plain_spans"]

_UNUSUAL = re.compile("[\ud800-\udfff\x00]")  # a lone surrogate or NUL, which no field takes
_FIELDS = itemgetter("start", "end", "label", "text", "id", "annotator", "created_at",
                     "updated_at")


def plain_spans(obj: dict, cmap: ForeignText, labels: dict[str, None]) -> list | None:
    """A task's spans made in a few list-wide steps, when it is the usual one (as we write it):
    a Prodigy list of spans with all eight keys, offsets in a canonical text without astral
    characters giving the span's text, tag names known good (or found so), ids and times fine,
    no span twice. Then each span is what _Reader._span makes of it; otherwise None, and that
    careful way runs."""
    spans = obj.get("spans")
    if "ents" in obj or type(spans) is not list or set(map(type, spans)) - {dict} or \
            not cmap.unchanged:
        return None
    try:
        columns = list(zip(*map(_FIELDS, spans), strict=True)) or [()] * 8
    except KeyError:
        return None
    # (place, tag, id and coder: two coders' spans alike are two)
    keys = list(zip(columns[0], columns[1], columns[2], columns[4], columns[5], strict=True))
    if len(set(keys)) != len(keys):  # a span listed twice: the first kept, as _spans does
        first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
        columns = list(zip(*map(_FIELDS, map(spans.__getitem__, sorted(first.values()))),
                           strict=True))
    starts, ends, tags, quotes, ids, whos, made, edited = columns
    if (set(map(type, starts)) | set(map(type, ends))) - {int} or \
            set().union(*map(set, map(partial(map, type), columns[2:]))) - {str} or \
            not good_tag_names(set(tags) - labels.keys(), set()):
        return None
    text = cmap.text
    if (starts and (min(starts) < 0 or max(ends) > len(text) or not all(map(lt, starts, ends))))\
            or list(map(text.__getitem__, map(slice, starts, ends))) != list(quotes) \
            or not all(map(PLAIN_ID.fullmatch, ids)) or _UNUSUAL.search("".join(ids)) \
            or not _times(made + edited):
        return None
    for tag in tags:  # (in order of first use)
        labels.setdefault(tag)
    return [AnnotationIn(ident, tag, start, end, quote, "", who or "unknown", when, later, True)
            for ident, tag, start, end, quote, who, when, later in zip(
                ids, tags, starts, ends, quotes, whos, made, edited, strict=True)]


def _times(values: tuple[str, ...]) -> bool:
    """Whether each is a date and time as export_fields.timestamp takes it."""
    if _UNUSUAL.search("".join(values)):
        return False
    try:
        for value in set(values):
            datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
