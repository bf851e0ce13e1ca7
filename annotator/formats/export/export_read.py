"""Read and validate an export file (format version 1 or 2) before anything is written.

Every problem is an InputRefused naming the file, and the article and annotation concerned. The
result is plain data for storage.merge.merge, which applies it in one transaction. The file is walked
in its bytes (see export_scan), so memory stays a small multiple of its size whatever it holds.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime

from ..exchange.shared.gc_pause import gc_paused
from ...domain.spans import check_span
from ...errors import InputRefused, SpanError
from ..encoding.decode import MAX_TEXT_BYTES, check_text_size
from . import export_read_v2 as v2
from .export_json import FORMAT, VERSION
from .export_fields import checked_text_sha, get, ident, plain_times, tag_name, timestamp
from .export_scan import Document, Refuse as _Refuse, check_export_head, check_structure
from ...domain.bundle import AnnotationIn, ArticleIn, Bundle

__all__ = ["MAX_EXPORT_BYTES", "AnnotationIn", "ArticleIn", "ExportIn", "check_export_head",
           "read_export"]

MAX_EXPORT_BYTES = 1024 * 1024 * 1024
MAX_ARTICLES = 200_000
MAX_ANNOTATIONS = 4_000_000
_SMALL = 65536  # an annotation (or an unknown value) this small is parsed in one go
_CHUNK = 4 << 20  # an article's annotations this small are parsed in one go
_TAGS_BYTES = 1 << 20
_ATTRIBUTES_BYTES = 4 << 20  # 50 attributes of 10,000 characters, even in \u escapes
_ARTICLE_KEYS = ("id", "title", "source", "url", "author", "published", "imported_at",
                 "text_sha256", "text")
_ANNOTATION_KEYS = ("id", "tag", "start", "end", "text", "note", "annotator", "created_at",
                    "updated_at", "actor", "attributes")
_V2_KEYS = ("link_types", "actors", "links")


# The reader's result types live in the domain (format-neutral: every format's reader makes
# them); the old names stay importable from here.
ExportIn = Bundle


def _annotation(obj, article: ArticleIn, index: int, now: str, version: int) -> AnnotationIn:
    fast = _well_formed(obj, article, version)
    if fast is not None:
        return fast
    where = f"article {article.id!r}, annotation #{index + 1}"
    if not isinstance(obj, dict):
        raise _Refuse(f"{where} is not an object")
    if isinstance(obj.get("id"), str):
        where = f"article {article.id!r}, annotation {obj['id']!r}"
    tag = tag_name(get(obj, "tag", str, where), where)
    start, end = get(obj, "start", int, where), get(obj, "end", int, where)
    text = get(obj, "text", str, where)
    try:
        expected = check_span(article.text, start, end)
    except SpanError as exc:
        raise _Refuse(f"{where}: {exc}") from None
    if expected != text:
        raise _Refuse(f"{where}: 'text' {text[:40]!r} is not the article's text at {start}-{end} "
                      f"({expected[:40]!r})")
    annotation_id = ident(obj, where, f"{article.text_sha256}:{tag}:{start}:{end}")
    given = obj.get("updated_at") is not None or obj.get("created_at") is not None
    created = timestamp(obj, "created_at", where, now) or now
    updated = timestamp(obj, "updated_at", where, created) or created
    annotator = get(obj, "annotator", str, where, required=False, default="") or "unknown"
    actor = attributes = None
    if version >= 2:
        actor = get(obj, "actor", str, where, required=False, nullable=True)
        attributes = v2.attributes(obj.get("attributes"), where)
    # Tags, annotators and equal times are one string each, not one per annotation.
    return AnnotationIn(
        id=annotation_id, tag=sys.intern(tag), start=start, end=end, text=text,
        note=get(obj, "note", str, where, required=False, default=""),
        annotator=sys.intern(annotator), created_at=created,
        updated_at=created if updated == created else updated, timestamps_given=given,
        actor=actor, attributes=attributes)


_UNUSUAL = re.compile("[\ud800-\udfff\x00]")  # a lone surrogate or a NUL anywhere
_PLAIN_ID = re.compile(r"[^\s\x00-\x1f\x7f]{1,128}")
_PLAIN_TAG = re.compile(r"[^\s\x00-\x1f\x7f](?:(?:[^\s\x00-\x1f\x7f]| ){0,98}[^\s\x00-\x1f\x7f])?")


def _well_formed(obj, article: ArticleIn, version: int) -> AnnotationIn | None:
    """An annotation as our own exports write it (nearly all of them), checked in one pass;
    None for anything unusual, which the careful path then checks field by field and names."""
    if type(obj) is not dict:
        return None
    get_ = obj.get
    ident, tag, start, end, text = get_("id"), get_("tag"), get_("start"), get_("end"), get_("text")
    note, annotator = get_("note", ""), get_("annotator", "")
    created, updated = get_("created_at"), get_("updated_at")
    if not (type(ident) is str and type(tag) is str and type(start) is int and type(end) is int
            and type(text) is str and type(note) is str and type(annotator) is str
            and type(created) is str and type(updated) is str):
        return None
    if not (0 <= start < end <= len(article.text)) or article.text[start:end] != text:
        return None
    if (len(note) > 100_000 or len(annotator) > 10_000 or len(created) > 64 or len(updated) > 64
            or not _PLAIN_ID.fullmatch(ident) or not _PLAIN_TAG.fullmatch(tag)
            or _UNUSUAL.search(ident + tag + text + note + annotator + created + updated)):
        return None
    if not plain_times(created, updated):
        return None
    actor = attributes = None
    if version >= 2:
        actor, attributes = get_("actor"), get_("attributes")
        if actor is not None and (type(actor) is not str or len(actor) > 10_000
                                  or _UNUSUAL.search(actor)):
            return None
        if attributes is not None:
            attributes = v2.plain_attributes(attributes)
            if attributes is None:
                return None
    return AnnotationIn(  # (positional arguments: this runs for every annotation)
        ident, sys.intern(tag), start, end, text, note, sys.intern(annotator or "unknown"),
        created, created if updated == created else updated, True, actor, attributes or None)


_PLAIN_IDS = re.compile(r"[^\s\x00-\x1f\x7f]{1,128}(?:\n[^\s\x00-\x1f\x7f]{1,128})*")


def _well_formed_all(items: list, article: ArticleIn, version: int) -> list[AnnotationIn] | None:
    """An article's annotations as our own exports write them, checked together (what
    _well_formed checks of one, with one search per article for what is searched in strings,
    and each distinct tag and time checked once); None when any is unusual."""
    text, size = article.text, len(article.text)
    found: list[AnnotationIn] = []
    append = found.append
    ids: list[str] = []
    strings: list[str] = []  # notes, annotators, actors: searched for a surrogate or a NUL
    tags: set[str] = set()
    times: set[str] = set()
    intern, v2_version = sys.intern, version >= 2
    for obj in items:
        if type(obj) is not dict:
            return None
        get_ = obj.get
        ident, tag, start, end, piece = get_("id"), get_("tag"), get_("start"), get_("end"), \
            get_("text")
        note, annotator = get_("note", ""), get_("annotator", "")
        created, updated = get_("created_at"), get_("updated_at")
        if not (type(ident) is str and type(tag) is str and type(start) is int
                and type(end) is int and type(piece) is str and type(note) is str
                and type(annotator) is str and type(created) is str and type(updated) is str
                and 0 <= start < end <= size and text[start:end] == piece
                and len(note) <= 100_000 and len(annotator) <= 10_000 and len(created) <= 64
                and len(updated) <= 64):
            return None
        actor = attributes = None
        if v2_version:
            actor, attributes = get_("actor"), get_("attributes")
            if actor is not None:
                if type(actor) is not str or len(actor) > 10_000:
                    return None
                strings.append(actor)
            if attributes is not None:
                attributes = v2.plain_attributes(attributes)
                if attributes is None:
                    return None
        ids.append(ident)
        tags.add(tag)
        times.add(created)
        times.add(updated)
        if note:
            strings.append(note)
        strings.append(annotator)
        append(AnnotationIn(ident, intern(tag), start, end, piece, note,
                            intern(annotator or "unknown"), created,
                            created if updated == created else updated, True, actor,
                            attributes or None))
    if ids and not _PLAIN_IDS.fullmatch("\n".join(ids)):
        return None
    if any(not _PLAIN_TAG.fullmatch(tag) for tag in tags):
        return None
    if _UNUSUAL.search(text) or _UNUSUAL.search("".join([*ids, *tags, *times, *strings])):
        return None
    try:
        for time in times:
            datetime.fromisoformat(time)
    except ValueError:
        return None
    return found


def _loaded(doc: Document, start: int, end: int, *, limit: int = _SMALL):
    """The value at data[start:end]: parsed if it is a scalar or small; a large object or list
    becomes an empty one of its kind (enough for the type checks that refuse it)."""
    kind = doc.data[start:start + 1]
    if kind in (b"{", b"[") and end - start > limit:
        return {} if kind == b"{" else []
    return doc.load(start, end)


def _known(doc: Document, spans: dict, keys: tuple[str, ...], where: str, later=()) -> dict:
    """The members of an object that the reader knows, parsed (but those read ``later``); the
    others are checked when small and otherwise stepped over (readers ignore unknown keys)."""
    obj = {}
    for key, (start, end) in spans.items():
        if key in later:
            continue
        if key == "text" and end - start > 6 * MAX_TEXT_BYTES + 2:  # \u escapes: 6 bytes each
            raise _Refuse(f"{where}: the text is larger than the {MAX_TEXT_BYTES >> 20} MB "
                          "limit for an article")
        if key == "attributes" and key in keys and end - start > _ATTRIBUTES_BYTES:
            raise _Refuse(f"{where}: 'attributes' take more than {_ATTRIBUTES_BYTES >> 20} MB")
        value = _loaded(doc, start, end, limit=_ATTRIBUTES_BYTES if key == "attributes" else _SMALL)
        if key in keys:
            obj[key] = value
    if "text" in obj and isinstance(obj["text"], str):
        try:
            check_text_size(obj["text"], None, "the text")
        except InputRefused as exc:
            raise _Refuse(f"{where}: {exc.reason}") from None
    return obj


def _annotation_at(doc: Document, start: int, end: int):
    if end - start <= _SMALL or doc.data[start:start + 1] != b"{":
        return _loaded(doc, start, end)
    spans = {key: (s, e) for key, s, e in doc.members(start)}
    return _known(doc, spans, _ANNOTATION_KEYS, "an annotation")


def _article(doc: Document, start: int, end: int, index: int, now: str,
             counter: list[int], version: int) -> ArticleIn:
    where = f"article #{index + 1}"
    if doc.data[start:start + 1] != b"{":
        raise _Refuse(f"{where} is not an object")
    spans = {key: (s, e) for key, s, e in doc.members(start)}
    given_id = _loaded(doc, *spans["id"]) if "id" in spans else None
    if isinstance(given_id, str):
        where = f"article {given_id!r}"
    obj = _known(doc, spans, _ARTICLE_KEYS, where, later=("annotations",))
    text = get(obj, "text", str, where)
    sha = checked_text_sha(text, get(obj, "text_sha256", str, where, required=False), where)
    nullable = dict(required=False, nullable=True)
    article = ArticleIn(
        id=ident(obj, where, sha),
        title=get(obj, "title", str, where, required=False) or text.strip().split("\n", 1)[0][:200],
        source=get(obj, "source", str, where, **nullable),
        url=get(obj, "url", str, where, **nullable),
        author=get(obj, "author", str, where, **nullable),
        published=get(obj, "published", str, where, **nullable),
        imported_at=timestamp(obj, "imported_at", where, None),
        text=text, text_sha256=sha)
    if "annotations" not in spans:
        return article
    first, last = spans["annotations"]
    if doc.data[first:first + 1] != b"[":
        get({"annotations": _loaded(doc, first, last)}, "annotations", list, where, required=False)
        return article
    # A few MB of annotations are parsed at once (fast); more, one by one (bounded memory).
    items = doc.load(first, last) if last - first <= _CHUNK else \
        (_annotation_at(doc, s, e) for s, e in doc.elements(first))
    plain = _well_formed_all(items, article, version) if type(items) is list else None
    if plain is not None:
        counter[0] += len(plain)
        if counter[0] > MAX_ANNOTATIONS:
            raise _Refuse(f"it has more than {MAX_ANNOTATIONS:,} annotations, the most one "
                          "export may hold")
        article.annotations = plain
        return article
    for i, item in enumerate(items):
        counter[0] += 1
        if counter[0] > MAX_ANNOTATIONS:
            raise _Refuse(f"it has more than {MAX_ANNOTATIONS:,} annotations, the most one "
                          "export may hold")
        article.annotations.append(_annotation(item, article, i, now, version))
    return article


@gc_paused
def read_export(data: bytes, source: str, now: str) -> Bundle:
    """Parse and check a whole export file; raises InputRefused for the first problem found."""
    if len(data) > MAX_EXPORT_BYTES:
        raise InputRefused(f"is larger than the {MAX_EXPORT_BYTES >> 20} MB limit for exports", source)
    check_export_head(data[:4], source)
    check_structure(data, source)
    doc = Document(data, source)
    try:
        # (Articles and their members are remembered, to be walked into without a second pass.)
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        spans = {key: (s, e) for key, s, e in doc.members(bom, record=2)}
        doc.finish(doc.end)
        top = _known(doc, spans, ("format", "version", "offsets"), "the file",
                     later=("tags", "articles", *_V2_KEYS))
        if top.get("format") != FORMAT:
            raise _Refuse(f"'format' is not {FORMAT!r}; this is not an annotator export")
        version = top.get("version")
        if type(version) is not int or version < 1:
            raise _Refuse("'version' should be a whole number from 1")
        if version > VERSION:
            raise _Refuse(f"it is format version {version}, newer than this program understands "
                          f"(up to {VERSION}); update annotator to import it")
        if top.get("offsets", "codepoints") != "codepoints":
            raise _Refuse(f"'offsets' is {top.get('offsets')!r}; only 'codepoints' is understood")
        result = Bundle(v2.tags(_items(doc, spans, "tags", _TAGS_BYTES)), [], version)
        if version >= 2:
            result.link_types = v2.link_types(list(_items(doc, spans, "link_types", _TAGS_BYTES)))
            result.actors = v2.actors(_items(doc, spans, "actors"))
        else:  # keys a version-1 reader does not know
            _known(doc, {k: v for k, v in spans.items() if k in _V2_KEYS}, (), "the file")
        if "articles" not in spans or doc.data[spans["articles"][0]:spans["articles"][0] + 1] != b"[":
            top["articles"] = _loaded(doc, *spans["articles"]) if "articles" in spans else None
            get(top, "articles", list, "the file")
        counter = [0]
        for i, (s, e) in enumerate(doc.elements(spans["articles"][0])):
            if i == MAX_ARTICLES:
                raise _Refuse(f"it has more than {MAX_ARTICLES:,} articles, the most one export "
                              "may hold")
            result.articles.append(_article(doc, s, e, i, now, counter, version))
        if version >= 2:
            result.links = v2.links(_items(doc, spans, "links"), result.link_types, now)
        v2.check_whole(result.articles, result.actors, result.links, result.said, source)
    except _Refuse as exc:
        raise InputRefused(f"refused: {exc}", source) from None
    return result


def _items(doc: Document, spans: dict, key: str, most: int = 0):
    """The elements of a top-level list (none when it is absent): parsed at once when they take
    a few MB, else one by one. With ``most``, a list taking more bytes is refused."""
    if key not in spans:
        return []
    first, last = spans[key]
    if most and last - first > most:
        raise _Refuse(f"{key!r} takes more than {most >> 20} MB; an export lists a few")
    if doc.data[first:first + 1] != b"[":
        value = _loaded(doc, first, last)
        return get({key: value}, key, list, "the file", required=False, default=[])
    if last - first <= _CHUNK:
        return doc.load(first, last)
    return (doc.load(s, e) for s, e in doc.elements(first))
