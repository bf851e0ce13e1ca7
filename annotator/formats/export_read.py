"""Read and validate an export file (format version 1) before anything is written.

Every problem is an InputRefused naming the file, and the article and annotation concerned. The
result is plain data for storage.merge, which applies it in one transaction.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.spans import check_span
from ..domain.text import check_canonical, check_storable, text_sha256
from ..errors import InputRefused, SpanError
from .export_json import FORMAT, VERSION

MAX_EXPORT_BYTES = 1024 * 1024 * 1024
_ID_NAMESPACE = uuid.UUID("8d4b6a3e-2f55-4f0e-9d51-1c3a6a0f7e21")
_MAX_INT_DIGITS = 15
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f]")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_MAX_FIELD = {"note": 100_000, "tag": 100, "name": 100, "description": 2_000, "url": 4_000,
              "title": 1_000}


@dataclass
class TagIn:
    name: str
    color: str | None
    description: str


@dataclass
class AnnotationIn:
    id: str
    tag: str
    start: int
    end: int
    text: str
    note: str
    annotator: str
    created_at: str
    updated_at: str
    timestamps_given: bool = True


@dataclass
class ArticleIn:
    id: str
    title: str
    source: str | None
    url: str | None
    author: str | None
    published: str | None
    imported_at: str | None
    text: str
    text_sha256: str
    annotations: list[AnnotationIn] = field(default_factory=list)


@dataclass
class ExportIn:
    tags: list[TagIn]
    articles: list[ArticleIn]


class _Refuse(Exception):
    pass


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise _Refuse(f"the key {key!r} appears twice in one object")
        obj[key] = value
    return obj


def _constant(name):
    raise _Refuse(f"{name} is not a number JSON allows")


def _float(text):
    value = float(text)
    if not math.isfinite(value):
        raise _Refuse(f"the number {text[:20]} is too large")
    return value


def _int(text):
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _Refuse(f"the number {text[:20]}... is too large")
    return int(text)


def check_export_head(head: bytes, source: str) -> None:
    """Refuse at once what cannot be an export: it is a JSON object, in UTF-8."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"\x00\x00\xfe\xff",):
        raise InputRefused("is not UTF-8 (it is UTF-16 or UTF-32); an export is always UTF-8",
                           source)
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        raise InputRefused("is not an annotator export (an export is a JSON object starting "
                           "with '{')", source)


def parse_json(data: bytes, source: str):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 (byte {exc.start}); an export is always UTF-8", source) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_constant,
                          parse_float=_float, parse_int=_int)
    except _Refuse as exc:
        raise InputRefused(f"is not a valid export: {exc}", source) from None
    except json.JSONDecodeError as exc:
        raise InputRefused(f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", source) from None
    except RecursionError:
        raise InputRefused("is not a valid export: it is nested too deeply", source) from None


def _get(obj: dict, key: str, kind, where: str, *, required=True, nullable=False, default=None):
    if key not in obj or (obj[key] is None and not required):
        if required:
            raise _Refuse(f"{where}: {key!r} is missing")
        return default
    value = obj[key]
    if value is None and nullable:
        return None
    if kind is int:
        ok = type(value) is int
    else:
        ok = isinstance(value, kind) and not isinstance(value, bool)
    if not ok:
        raise _Refuse(f"{where}: {key!r} should be {_KIND_NAMES[kind]}, not {_json_type(value)}")
    if kind is str:
        if _LONE_SURROGATE.search(value):
            raise _Refuse(f"{where}: {key!r} contains a lone surrogate (not valid Unicode text)")
        if key != "text" and ("\x00" in value or len(value) > _MAX_FIELD.get(key, 10_000)):
            raise _Refuse(f"{where}: {key!r} is longer than {_MAX_FIELD.get(key, 10_000):,} "
                          "characters or contains NUL")
    return value


def _ident(obj: dict, where: str, default: str) -> str:
    value = _get(obj, "id", str, where, required=False)
    if value is None:
        return default
    if not value or len(value) > 128 or _BAD_ID.search(value):
        raise _Refuse(f"{where}: 'id' must be 1 to 128 characters without spaces or control "
                      "characters")
    return value


def _tag_name(value: str, where: str) -> str:
    if not value.strip() or value != value.strip() or _BAD_ID.search(value.replace(" ", "")):
        raise _Refuse(f"{where}: the tag name {value!r} is empty, has spaces around it or "
                      "control characters")
    return value


_KIND_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "an object"}


def _json_type(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object", type(None): "null"}[type(value)]


def _timestamp(obj: dict, key: str, where: str, default: str | None) -> str | None:
    value = _get(obj, key, str, where, required=False, nullable=True, default=default)
    if value is not None:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _Refuse(f"{where}: {key!r} is not a date and time ({value[:40]!r})") from None
    return value


def _tag(obj, index: int) -> TagIn:
    where = f"tag #{index + 1}"
    if not isinstance(obj, dict):
        raise _Refuse(f"{where} is not an object")
    name = _tag_name(_get(obj, "name", str, where), where)
    color = _get(obj, "color", str, where, required=False, nullable=True)
    if color is not None and not _COLOR.fullmatch(color):
        raise _Refuse(f"{where}: 'color' should look like #d9534f, not {color[:20]!r}")
    return TagIn(name, color, _get(obj, "description", str, where, required=False, default=""))


def _annotation(obj, article: ArticleIn, index: int, now: str) -> AnnotationIn:
    where = f"article {article.id!r}, annotation #{index + 1}"
    if not isinstance(obj, dict):
        raise _Refuse(f"{where} is not an object")
    if isinstance(obj.get("id"), str):
        where = f"article {article.id!r}, annotation {obj['id']!r}"
    tag = _tag_name(_get(obj, "tag", str, where), where)
    start, end = _get(obj, "start", int, where), _get(obj, "end", int, where)
    text = _get(obj, "text", str, where)
    try:
        expected = check_span(article.text, start, end)
    except SpanError as exc:
        raise _Refuse(f"{where}: {exc}") from None
    if expected != text:
        raise _Refuse(f"{where}: 'text' {text[:40]!r} is not the article's text at {start}-{end} "
                      f"({expected[:40]!r})")
    ident = _ident(obj, where, str(uuid.uuid5(_ID_NAMESPACE, f"{article.text_sha256}:{tag}:{start}:{end}")))
    given = obj.get("updated_at") is not None or obj.get("created_at") is not None
    created = _timestamp(obj, "created_at", where, now)
    return AnnotationIn(
        id=ident, tag=tag, start=start, end=end, text=text,
        note=_get(obj, "note", str, where, required=False, default=""),
        annotator=_get(obj, "annotator", str, where, required=False, default="") or "unknown",
        created_at=created, updated_at=_timestamp(obj, "updated_at", where, created),
        timestamps_given=given)


def _article(obj, index: int, now: str) -> ArticleIn:
    where = f"article #{index + 1}"
    if not isinstance(obj, dict):
        raise _Refuse(f"{where} is not an object")
    if isinstance(obj.get("id"), str):
        where = f"article {obj['id']!r}"
    text = _get(obj, "text", str, where)
    try:
        check_storable(text)
        check_canonical(text)
    except InputRefused as exc:
        raise _Refuse(f"{where}: the text {exc.reason}, so its offsets are ambiguous"
                      if "canonical" in exc.reason else f"{where}: the text {exc.reason}") from None
    sha = text_sha256(text)
    given_sha = _get(obj, "text_sha256", str, where, required=False)
    if given_sha is not None and given_sha.lower() != sha:
        raise _Refuse(f"{where}: 'text_sha256' does not match the text")
    nullable = dict(required=False, nullable=True)
    article = ArticleIn(
        id=_ident(obj, where, str(uuid.uuid5(_ID_NAMESPACE, sha))),
        title=_get(obj, "title", str, where, required=False) or text.strip().split("\n", 1)[0][:200],
        source=_get(obj, "source", str, where, **nullable),
        url=_get(obj, "url", str, where, **nullable),
        author=_get(obj, "author", str, where, **nullable),
        published=_get(obj, "published", str, where, **nullable),
        imported_at=_timestamp(obj, "imported_at", where, None),
        text=text, text_sha256=sha)
    for i, item in enumerate(_get(obj, "annotations", list, where, required=False, default=[])):
        article.annotations.append(_annotation(item, article, i, now))
    return article


def read_export(data: bytes, source: str, now: str) -> ExportIn:
    """Parse and check a whole export file; raises InputRefused for the first problem found."""
    if len(data) > MAX_EXPORT_BYTES:
        raise InputRefused(f"is larger than the {MAX_EXPORT_BYTES >> 20} MB limit for exports", source)
    doc = parse_json(data, source)
    try:
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise _Refuse(f"'format' is not {FORMAT!r}; this is not an annotator export")
        version = doc.get("version")
        if type(version) is not int or version < 1:
            raise _Refuse("'version' should be a whole number from 1")
        if version > VERSION:
            raise _Refuse(f"it is format version {version}, newer than this program understands "
                          f"(up to {VERSION}); update annotator to import it")
        if doc.get("offsets", "codepoints") != "codepoints":
            raise _Refuse(f"'offsets' is {doc.get('offsets')!r}; only 'codepoints' is understood")
        tags = [_tag(t, i) for i, t in enumerate(_get(doc, "tags", list, "the file", required=False, default=[]))]
        names = [t.name for t in tags]
        if len(set(names)) != len(names):
            raise _Refuse(f"the tag {next(n for n in names if names.count(n) > 1)!r} is listed twice")
        articles = [_article(a, i, now) for i, a in enumerate(_get(doc, "articles", list, "the file"))]
        _check_unique(articles)
    except _Refuse as exc:
        raise InputRefused(f"refused: {exc}", source) from None
    return ExportIn(tags, articles)


def _check_unique(articles: list[ArticleIn]) -> None:
    seen_articles: dict[str, str] = {}
    seen: dict[str, tuple] = {}
    for article in articles:
        if seen_articles.setdefault(article.id, article.text_sha256) != article.text_sha256:
            raise _Refuse(f"article {article.id!r} appears twice with different texts")
        unique = {}
        for a in article.annotations:
            content = (article.text_sha256, a.tag, a.start, a.end, a.note, a.annotator, a.created_at, a.updated_at)
            if seen.setdefault(a.id, content) != content:
                raise _Refuse(f"article {article.id!r}, annotation {a.id!r}: the id is used twice "
                              "with different content")
            unique.setdefault(a.id, a)
        article.annotations = list(unique.values())
