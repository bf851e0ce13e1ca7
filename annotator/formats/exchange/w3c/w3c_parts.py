"""One W3C annotation taken apart for the ``w3c`` reader (formats.exchange.w3c.w3c_read): its target (source
and selectors), its bodies (tags, note, actor), creator and times; or, for a linking annotation,
its two ends and its label. Each problem is a Refuse worded for the user."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from functools import lru_cache

from ....domain.comparison.actors import clean_name
from ....domain.bundle import AnnotationIn
from ....errors import InputRefused
from ...export import export_read_v2 as v2
from ...export.export_fields import timestamp
from ...export.export_scan import Refuse
from .w3c import ACTOR_IRI, ANNOTATION_IRI, LINK_IRI

_NAMESPACE = uuid.UUID("5b0c3d8e-7f1a-4c2e-9a43-0e6f1d2b7c59")
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f]")
_TAGGING = ("tagging", "classifying")
MAX_NOTE = 100_000
DEFAULT_TAG = "annotation"
DEFAULT_LINK_TYPE = "linking"


@dataclass
class Span:
    source: str | None  # the target's source IRI
    quote: str | None  # the TextQuoteSelector's exact text
    prefix: str
    suffix: str
    annotations: list[AnnotationIn]  # one per tag, all on the same text


def plain_id(value, prefix: str, default: str) -> str:
    """Our id in an IRI we wrote (``prefix`` + id), a ``#fragment`` id without its ``#``, any
    other IRI as it is (when it can be an id), else a stable id made from it or ``default``."""
    if isinstance(value, str) and value:
        plain = value.removeprefix(prefix) if value.startswith(prefix) else \
            value.removeprefix("#")
        if 0 < len(plain) <= 128 and not _BAD_ID.search(plain):
            return plain
        return str(uuid.uuid5(_NAMESPACE, value))
    return str(uuid.uuid5(_NAMESPACE, default))


def annotation_id(value, default: str = "") -> str:
    return plain_id(value, ANNOTATION_IRI, default)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _purposes(obj: dict) -> list[str]:
    return [p for p in _as_list(obj.get("purpose")) if isinstance(p, str)]


def _target(value) -> dict:
    for target in _as_list(value):
        if isinstance(target, dict) and target.get("selector") is not None:
            return target
    if isinstance(value, str) or any(isinstance(t, (str, dict)) for t in _as_list(value)):
        raise Refuse("its target is a whole resource without a selector, not a part of a text")
    raise Refuse("it has no target")


def _source(target: dict) -> str | None:
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    return source if isinstance(source, str) and source else None


def _selectors(value, found: dict, nested: bool = False) -> dict:
    """The first TextQuoteSelector and TextPositionSelector, looking into ``refinedBy``; a
    position that refines another selector (a fragment, an element) counts within it, so it is
    not taken."""
    for selector in _as_list(value):
        if not isinstance(selector, dict):
            continue
        kind = selector.get("type")
        if kind == "TextQuoteSelector":
            found.setdefault("quote", selector)
        elif kind == "TextPositionSelector" and not nested:
            found.setdefault("position", selector)
        if selector.get("refinedBy") is not None:
            _selectors(selector["refinedBy"], found, nested or kind not in (
                "TextQuoteSelector", "TextPositionSelector"))
    return found


def _quote(selector: dict | None) -> tuple[str | None, str, str]:
    if selector is None:
        return None, "", ""
    exact = selector.get("exact")
    if not isinstance(exact, str) or not exact:
        raise Refuse("its TextQuoteSelector has no 'exact' text")
    context = [selector.get(key) or "" for key in ("prefix", "suffix")]
    if not all(isinstance(c, str) for c in context):
        raise Refuse("its TextQuoteSelector's 'prefix' and 'suffix' should be strings")
    return exact, context[0], context[1]


def _position(selector: dict | None) -> tuple[int, int] | None:
    if selector is None:
        return None
    start, end = selector.get("start"), selector.get("end")
    if type(start) is not int or type(end) is not int or not 0 <= start < end:
        return None  # (placed by its quote, or refused when it has none)
    return start, end


def _bodies(obj: dict) -> tuple[list[str], list[str], str | None]:
    """(tags, note parts, actor id) from the bodies."""
    tags: list[str] = []
    notes: list[str] = []
    actor = None
    bodies = _as_list(obj.get("body"))
    if isinstance(obj.get("bodyValue"), str):
        bodies.append({"type": "TextualBody", "value": obj["bodyValue"]})
    for body in bodies:
        if isinstance(body, str):
            notes.append(body)  # (an IRI: a comment, review or page elsewhere)
        elif isinstance(body, dict) and body.get("type") == "Choice":
            items = _as_list(body.get("items"))
            if items and isinstance(items[0], (str, dict)):
                more, extra, who = _bodies({"body": items[0]})
                tags, notes, actor = tags + more, notes + extra, actor or who
        elif isinstance(body, dict):
            value, source = body.get("value"), body.get("source") or body.get("id")
            if isinstance(value, str):
                if any(p in _TAGGING for p in _purposes(body)):
                    tags.append(value.strip())
                elif value:
                    notes.append(value)
            elif isinstance(source, str):
                if source.startswith(ACTOR_IRI) and "identifying" in _purposes(body):
                    actor = actor or source.removeprefix(ACTOR_IRI)
                else:
                    notes.append(source)
    return tags, notes, actor


def _creator(value) -> str:
    for creator in _as_list(value):
        if isinstance(creator, str) and creator:
            return creator[:10_000]
        if isinstance(creator, dict):
            for key in ("name", "nickname", "id"):
                if isinstance(creator.get(key), str) and creator[key]:
                    return creator[key][:10_000]
    return "unknown"


def _times(obj: dict, where: str, now: str, seen: set | None = None) -> tuple[str, str, bool]:
    """(created, modified, whether given); ``seen``: times already checked (a file's annotations
    often share them), added to."""
    created, modified = obj.get("created"), obj.get("modified")
    if seen is not None and type(created) is str and type(modified) is str \
            and created in seen and modified in seen:
        return created, modified, True
    given = created is not None or modified is not None
    created = timestamp(obj, "created", where, now) or now
    modified = timestamp(obj, "modified", where, created) or created
    if seen is not None and given and obj.get("created") == created \
            and obj.get("modified") == modified:
        seen.update((created, modified))
    return created, modified, given


@lru_cache(maxsize=1024)  # (a file holds few tags, each on many annotations)
def checked_tag(tag: str) -> str:
    if not tag or len(tag) > 100 or _BAD_ID.search(tag.replace(" ", "")):
        raise Refuse(f"its tag {tag[:40]!r} is empty, longer than 100 characters or has "
                     "control characters")
    return tag


def span_parts(obj: dict, number: int, now: str, times: set | None = None) -> Span:
    target = _target(obj.get("target"))
    found = _selectors(target.get("selector"), {})
    quote, prefix, suffix = _quote(found.get("quote"))
    position = _position(found.get("position"))
    if quote is None and position is None:
        raise Refuse("its target has neither a TextQuoteSelector nor a usable "
                     "TextPositionSelector, so the text it marks cannot be found")
    tags, notes, actor = _bodies(obj)
    if not tags:
        motivation = [m for m in _as_list(obj.get("motivation")) if isinstance(m, str) and m]
        tags = [motivation[0] if motivation else DEFAULT_TAG]
    note = "\n\n".join(notes)
    if len(note) > MAX_NOTE or "\x00" in note:
        raise Refuse(f"its note is longer than {MAX_NOTE:,} characters or contains NUL")
    source = _source(target)
    start, end = position or (-1, -1)
    base = annotation_id(obj.get("id"), f"{source}\n{start}\n{end}\n{quote}\n{number}")
    where = f"annotation {base!r}"
    created, modified, given = _times(obj, where, now, times)
    attributes = v2.attributes(obj.get("annotator:attributes"), where)
    who = _creator(obj.get("creator"))
    spans = []
    for i, tag in enumerate(dict.fromkeys(checked_tag(t) for t in tags)):
        ident = base if i == 0 else str(uuid.uuid5(_NAMESPACE, f"{base}\n{tag}"))
        spans.append(AnnotationIn(ident, tag, start, end, quote or "", note, who, created,
                                  modified, given, actor, attributes))
    return Span(source, quote, prefix, suffix, spans)


def link_parts(obj: dict, ids: dict[str, str], now: str) -> dict:
    """A linking annotation as the JSON export's link object (for export_read_v2.links)."""
    ends = []
    for target in _as_list(obj.get("target")):
        iri = target.get("id") or target.get("source") if isinstance(target, dict) else target
        if not isinstance(iri, str) or annotation_id(iri) not in ids:
            raise Refuse(f"its target {str(iri)[:80]!r} is not an annotation this file places")
        ends.append(ids[annotation_id(iri)])
    if len(ends) != 2 or ends[0] == ends[1]:
        raise Refuse(f"it links {len(set(ends))} annotation(s); a link joins two")
    tags, notes, _ = _bodies(obj)
    try:
        kind = clean_name(tags[0] if tags else DEFAULT_LINK_TYPE, "a link type")
    except InputRefused as exc:
        raise Refuse(exc.reason) from None
    link_id = plain_id(obj.get("id"), LINK_IRI, f"{kind}\n{ends[0]}\n{ends[1]}")
    created, modified, given = _times(obj, f"link {link_id!r}", now)
    parts = {"id": link_id, "type": kind, "from": ends[0], "to": ends[1]}
    if given:  # (else they are new now: v2.links makes them so)
        parts.update(created_at=created, updated_at=modified)
    if given or notes:  # (without times, no comment and no creator say nothing: LinkIn)
        parts["note"] = "\n\n".join(notes)
    if given or obj.get("creator") is not None:
        parts["annotator"] = _creator(obj.get("creator"))
    return parts
