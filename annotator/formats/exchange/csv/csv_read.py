"""Reading the ``csv`` format (layouts, BOM and formula guard: csv_format) into a Bundle.

Every cell is checked as the JSON export's fields are (export_fields, export_read_v2). A span
whose ``text`` is not the article's text at ``start``-``end`` is moved to where its text is when
that is unambiguous, else refused (listed, naming the file and row; the header is row 1) and left
out with its links; the rest is merged. Spans of articles the file does not carry (a spans table
alone) are checked against the project's text (storage/merge/bundle_resolve).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import groupby, repeat
from operator import attrgetter
from pathlib import Path

from ..shared.gc_pause import gc_paused
from ..shared.foreign_read import link_types_named, named_links
from ....domain.anchor import drop_links_to, place_spans
from ....domain.bundle import AnnotationIn, ArticleIn, Bundle
from ....domain.comparison.actors import name_key
from ....errors import InputRefused
from ...export import export_read_v2 as v2
from .csv_format import ACTORS, ARTICLES, LINK_TYPES, LINKS, SPANS, SPANS_FILE, TAGS
from .csv_spans import in_place, spans
from .csv_table import Columns, read_columns, read_table
from ...export.export_fields import (checked_text_sha, get, ident, plain_times, tag_name,
                                     timestamp)
from ...export.export_scan import Refuse
from ...naming import others_left_out

_REQUIRED = {"spans.csv": ("article_id", "tag", "start", "end", "text"),
             "articles.csv": ("article_id", "text"), "links.csv": ("type", "from_id", "to_id"),
             "actors.csv": ("name",), "tags.csv": ("tag",), "link_types.csv": ("link_type",)}


@gc_paused
def read_csv(path: Path, now: str) -> Bundle:
    folder = path if path.is_dir() else None
    spans_path = folder / SPANS_FILE if folder else path
    bundle = Bundle(tags=[], articles=[], version=2)
    articles: dict[str, ArticleIn] = {}
    if folder:
        tables = {name: folder / name for name in _REQUIRED if (folder / name).is_file()}
        with _refusing(tables.get("tags.csv")):
            bundle.tags = v2.tags(_objects(tables, "tags.csv", TAGS, _tag))
        with _refusing(tables.get("link_types.csv")):
            bundle.link_types = v2.link_types(_objects(tables, "link_types.csv", LINK_TYPES,
                                                       _link_type))
        with _refusing(tables.get("actors.csv")):
            bundle.actors = v2.actors(_objects(tables, "actors.csv", ACTORS, _actor))
        if "articles.csv" in tables:
            for number, row in read_table(tables["articles.csv"], ARTICLES,
                                          _REQUIRED["articles.csv"]):
                with _refusing(tables["articles.csv"]):
                    article = _article(row, f"row {number}")
                articles.setdefault(article.id, article)
    references: dict[str, ArticleIn] = {}
    span_actors: dict[str, str] = {}
    table = read_columns(spans_path, SPANS, _REQUIRED["spans.csv"])
    alone = not folder or "actors.csv" not in tables  # (the actors named by the spans' rows)
    reading = _Spans(spans_path, now, bundle, articles, references, span_actors, alone)
    if isinstance(table, Columns):
        reading.columns(table)
    else:  # (csv_split could not tell: read row by row)
        for number, row in table:
            reading.row(number, row)
    if alone:
        reading.actors_named()
        with _refusing(spans_path):
            bundle.actors = v2.actors([{"id": i, "name": name} for i, name in span_actors.items()])
    gone: set[str] = set()
    for article in articles.values():
        given = article.annotations
        if in_place(article.text, given):  # (place_spans would keep every span as it is)
            continue
        article.annotations, said, refused = place_spans(article.text, given, bundle.where,
                                                         f"its article {article.title!r}")
        gone |= {a.id for a in given} - {a.id for a in article.annotations}
        bundle.said += said
        bundle.refused += refused
    bundle.articles = [*articles.values(), *references.values()]
    if folder and "links.csv" in tables:
        rows = read_table(tables["links.csv"], LINKS, _REQUIRED["links.csv"])
        for number, row in rows:
            if row.get("link_id"):
                bundle.where[row["link_id"]] = f"{tables['links.csv']}, row {number}"
        items = [_link(row) for _, row in rows]
        if "link_types.csv" not in tables:  # (the types the links use, as the project has them)
            for (number, _row), item in zip(rows, items, strict=True):
                item["where"] = f"{tables['links.csv']}, row {number}"
            directions, items = named_links(bundle, {item["type"]: True for item in items
                                                     if isinstance(item["type"], str)}, items,
                                            tables["links.csv"])
            bundle.link_types = link_types_named(directions, directions)
            bundle.lacks |= {"link_types", "link_direction"}
        with _refusing(tables["links.csv"]):
            bundle.links = v2.links(items, bundle.link_types, now)
    drop_links_to(bundle, gone, bundle.where)
    with _refusing(folder or spans_path):
        v2.check_whole(bundle.articles, bundle.actors, bundle.links, bundle.said,
                       str(spans_path))
    if folder and (left := others_left_out(folder, set(_REQUIRED),
                                           "a csv folder is read as its tables")):
        bundle.said.append(left)
    return bundle


class _Spans:
    """The spans table's rows into the bundle: each span where it was read (bundle.where), in
    its article (the file's, else a reference made from the row), and its actor's name (a
    spans table alone)."""

    def __init__(self, path: Path, now: str, bundle: Bundle, articles: dict[str, ArticleIn],
                 references: dict[str, ArticleIn], span_actors: dict[str, str], alone: bool):
        self.path, self.now, self.bundle, self.alone = path, now, bundle, alone
        self.articles, self.references, self.span_actors = articles, references, span_actors
        self.named_ids: dict[str, str] = {}  # (name_key -> the id a row gives it)
        self.by_name: list[tuple[AnnotationIn, str]] = []  # (spans whose actor has no id)

    def row(self, number: int, row: dict) -> None:
        with _refusing(self.path):
            span = _span(row, f"row {number}", self.now)
        self.bundle.where[span.id] = f"{self.path}, row {number}"
        if self.alone:
            self._actor_of(span, row.get("actor") or "")
        self._owner(_key(row.get("article_id"), row.get("article_sha256")),
                    lambda: row).annotations.append(span)

    def columns(self, table: Columns) -> None:
        """The same for a whole table read column by column (csv_spans)."""
        with _refusing(self.path):
            made = spans(table, lambda row, where: _span(row, where, self.now))
        prefix = f"{self.path}, row "
        places = map(prefix.__add__, map(str, table.numbers))
        self.bundle.where.update(zip(map(_ID, made), places, strict=True))
        if self.alone:
            names = table.unguarded("actor") if table.has("actor") else repeat("")
            for span, name in zip(made, names, strict=False):  # (names: repeat)
                if span.actor or name:
                    self._actor_of(span, name or "")
        owners = table.unguarded("article_id")
        if "" in owners:  # (rows without an id: their article told by its text's SHA-256)
            shas = table.unguarded("article_sha256") if table.has("article_sha256") else \
                [""] * len(owners)
            owners = list(map(_key, owners, shas))
        for key, run in groupby(range(len(made)), key=owners.__getitem__):  # (in a row)
            rows = list(run)
            owner = self._owner(key, lambda: table.row(rows[0]))  # noqa: B023 (called here)
            owner.annotations.extend(map(made.__getitem__, rows))

    def _actor_of(self, span: AnnotationIn, name: str) -> None:
        """A spans table alone names a span's actor by id and name, or by its name alone (an
        empty actor_id: a table made by hand; taken by actors_named once all rows are read)."""
        if span.actor:
            if span.actor not in self.span_actors:  # (its first row names it: once an actor)
                self.span_actors[span.actor] = name
                self.named_ids.setdefault(name_key(name), span.actor)
        elif name.strip():
            self.by_name.append((span, name))

    def actors_named(self) -> None:
        """The spans whose actor is named alone get the actor of that name: the one a row names
        with its id, else one whose id is made from the name (as an actor without an id gets)."""
        for span, name in self.by_name:
            key = name_key(name)
            span.actor = self.named_ids.get(key) or ident({}, "", "actor:" + key)
            self.span_actors.setdefault(span.actor, name)

    def _owner(self, key: str, row: Callable[[], dict]) -> ArticleIn:
        """The span's article (``key``: _key's): the file's, else a reference made from its
        ``row()``, found in the project by id, else by the text's SHA-256; rows naming
        neither, as the one article holding their quotes (storage/merge/bundle_resolve)."""
        owner = self.articles.get(key) or self.references.get(key)
        if owner is None:
            cells = row()
            article_id, sha = cells.get("article_id") or "", cells.get("article_sha256") or ""
            owner = self.references[key] = ArticleIn(
                article_id, cells.get("article_title") or article_id,
                cells.get("article_source"), None, None, None, None, "", sha.lower(),
                reference=True, by_quote=not (article_id or sha))  # (named: that one or none)
        return owner


_ID = attrgetter("id")


def _key(article_id: str | None, sha: str | None) -> str:
    """The article a row names: its id, else its text's SHA-256 (rows without either: one)."""
    return article_id or (f"sha256:{sha.lower()}" if sha else "")


class _refusing:
    """A Refuse from the checks becomes an InputRefused naming the file."""

    def __init__(self, path: Path | None):
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is Refuse:
            raise InputRefused(f"refused: {exc}", str(self.path)) from None
        return False


def _objects(tables: dict[str, Path], name: str, columns, make) -> list[dict]:
    if name not in tables:
        return []
    return [make(row, f"row {number}") for number, row in read_table(tables[name], columns,
                                                                      _REQUIRED[name])]


def _json_cell(value: str | None, where: str, what: str):
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError:
        raise Refuse(f"{where}: {what!r} is not JSON ({value[:40]!r})") from None


def _tag(row: dict, where: str) -> dict:
    return {"name": row.get("tag"), "color": row.get("color"),
            "description": row.get("description") or ""}


def _link_type(row: dict, where: str) -> dict:
    directed = {"true": True, "false": False}.get((row.get("directed") or "").lower(),
                                                   row.get("directed"))
    return {"name": row.get("link_type"), "directed": directed,
            "description": row.get("description") or ""}


def _actor(row: dict, where: str) -> dict:
    obj = {k: row.get(k) for k in ("name", "kind")}
    obj["description"] = row.get("description") or ""
    if row.get("actor_id"):
        obj["id"] = row["actor_id"]
    obj["aliases"] = _json_cell(row.get("aliases"), where, "aliases") or []
    return obj


def _link(row: dict) -> dict:
    obj = {"type": row.get("type"), "from": row.get("from_id"), "to": row.get("to_id"),
           "created_at": row.get("created_at"), "updated_at": row.get("updated_at")}
    for key in ("note", "annotator"):  # (a table without the column does not say: LinkIn)
        if key in row:
            obj[key] = row[key] or ""
    if row.get("link_id"):
        obj["id"] = row["link_id"]
    return obj


def _article(row: dict, where: str) -> ArticleIn:
    text = _filled(row, "text", where)
    sha = checked_text_sha(text, row.get("text_sha256"), where)
    obj = {"id": row.get("article_id"), **row}
    return ArticleIn(ident(obj, where, sha),
                     row.get("title") or text.strip().split("\n", 1)[0][:200],
                     row.get("source"), row.get("url"), row.get("author"), row.get("published"),
                     timestamp(row, "imported_at", where, None), text, sha)


def _number(row: dict, key: str, where: str) -> int:
    value = row.get(key)
    if value is None or not value.isascii() or not value.isdigit():
        raise Refuse(f"{where}: {key!r} should be a whole number from 0, not "
                     f"{(value or '')[:20]!r}")
    return int(value)


def _filled(row: dict, key: str, where: str) -> str:
    if row.get(key) is None:
        raise Refuse(f"{where}: {key!r} is empty")
    return get(row, key, str, where)


_UNUSUAL = re.compile("[\ud800-\udfff\x00]")  # a lone surrogate or a NUL anywhere
_PLAIN_ID = re.compile(r"[^\s\x00-\x1f\x7f]{1,128}")
_PLAIN_TAG = re.compile(r"[^\s\x00-\x1f\x7f](?:(?:[^\s\x00-\x1f\x7f]| ){0,98}[^\s\x00-\x1f\x7f])?")


def _plain_span(row: dict) -> AnnotationIn | None:
    """A row as our exports write it (id, times, no attributes), checked in one pass; None for
    anything else, which _span checks field by field and names."""
    get_ = row.get
    tag, start, end, text = get_("tag"), get_("start"), get_("end"), get_("text")
    ident_, created, updated = get_("annotation_id"), get_("created_at"), get_("updated_at")
    note, annotator = get_("note") or "", get_("annotator") or ""
    if (tag is None or start is None or end is None or text is None or ident_ is None
            or created is None or updated is None or get_("attributes") is not None
            or not (start.isascii() and start.isdigit() and end.isascii() and end.isdigit())
            or len(note) > 100_000 or len(annotator) > 10_000 or len(created) > 64
            or len(updated) > 64 or not _PLAIN_ID.fullmatch(ident_)
            or not _PLAIN_TAG.fullmatch(tag)
            or _UNUSUAL.search("".join((ident_, tag, text, note, annotator, created, updated)))):
        return None
    if not plain_times(created, updated):
        return None
    return AnnotationIn(ident_, tag, int(start), int(end), text, note, annotator or "unknown",
                        created, updated, True, get_("actor_id"), None)


def _span(row: dict, where: str, now: str) -> AnnotationIn:
    plain = _plain_span(row)
    if plain is not None:
        return plain
    tag = tag_name(_filled(row, "tag", where), where)
    start, end = _number(row, "start", where), _number(row, "end", where)
    text = _filled(row, "text", where)
    obj = {"id": row.get("annotation_id"), **row}
    annotation_id = ident(obj, where, f"{row.get('article_id')}:{tag}:{start}:{end}")
    given = row.get("created_at") is not None or row.get("updated_at") is not None
    created = timestamp(row, "created_at", where, now) or now
    updated = timestamp(row, "updated_at", where, created) or created
    attributes = v2.attributes(_json_cell(row.get("attributes"), where, "attributes"), where)
    return AnnotationIn(annotation_id, tag, start, end, text,
                        get(row, "note", str, where, required=False, default="") or "",
                        get(row, "annotator", str, where, required=False, default="")
                        or "unknown", created, updated, given, row.get("actor_id"), attributes)
