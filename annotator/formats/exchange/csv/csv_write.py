"""Writing the ``csv`` format (layouts, BOM and formula guard: csv_format)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..shared.foreign_write import no_gc
from ....domain.bundle import Bundle
from ....domain.loss import LossReport
from ....errors import AnnotatorError
from .csv_format import (ACTORS, ARTICLES, LINK_TYPES, LINKS, SPANS, SPANS_FILE, TABLES, TAGS,
                         guard)

_BOM = "\ufeff"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_RISKY = frozenset("=+-@\t\r'")  # a cell beginning with one of these may need the guard


def spans_rows(bundle: Bundle):
    names = {a.id: a.name for a in bundle.actors}
    for article in bundle.articles:
        for a in article.annotations:
            yield (article.id, a.id, a.tag, a.start, a.end, a.text, a.note, a.annotator,
                   a.created_at, a.updated_at, a.actor, names.get(a.actor) if a.actor else None,
                   _json(a.attributes) if a.attributes else None, article.title, article.source,
                   article.text_sha256)


def _rows(bundle: Bundle, name: str):
    if name == "spans.csv":
        return spans_rows(bundle)
    if name == "articles.csv":
        return ((a.id, a.title, a.source, a.url, a.author, a.published, a.imported_at,
                 a.text_sha256, a.text) for a in bundle.articles)
    if name == "links.csv":
        article_of = {a.id: art.id for art in bundle.articles for a in art.annotations}
        return ((k.id, k.type, k.from_id, k.to_id, article_of.get(k.from_id),
                 article_of.get(k.to_id), k.note, k.annotator, k.created_at, k.updated_at)
                for k in bundle.links)
    if name == "actors.csv":
        return ((a.id, a.name, _json(list(a.aliases)), a.kind, a.description)
                for a in bundle.actors)
    if name == "tags.csv":
        return ((t.name, t.color, t.description) for t in bundle.tags)
    return ((t.name, "true" if t.directed else "false", t.description)
            for t in bundle.link_types)


def table_text(header: tuple[str, ...], rows, bom: bool) -> str:
    out = io.StringIO()
    if bom:
        out.write(_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    # (The csv module writes None as an empty cell and numbers as digits; only strings that
    # begin with a risky character go through guard().)
    writer.writerows([guard(v) if type(v) is str and v[:1] in _RISKY else v for v in row]
                     for row in rows)
    return out.getvalue()


def _cell(value) -> str:
    """One cell as the csv module writes it in a row of several (a lone empty cell would be
    written "")."""
    if value is None or value == "":
        return ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([value])  # (CR and LF are quoted)
    return out.getvalue()[:-2]


def _g(value: str | None) -> str | None:
    return guard(value) if value and value[:1] in _RISKY else value


def spans_bytes(bundle: Bundle, bom: bool) -> bytes:
    """table_text(SPANS, spans_rows(bundle), bom) in UTF-8, the same bytes, faster: the columns
    an article's rows share (its id first, its title, source and SHA-256 last: half of every
    row) are formatted once per article and put around each row the csv module writes of the
    rest. A row's end is its CRLF when the article's rows hold no CRLF of their own (one CRLF a
    row); an article whose notes or quotes hold one is written row by row whole. Each article's
    rows are encoded at once and put together as bytes: as text, one emoji makes every
    character of a string four bytes wide, to copy and to join."""
    names = {a.id: a.name for a in bundle.actors}
    out: list[bytes] = [_BOM.encode("utf-8")] if bom else []
    out.append((",".join(SPANS) + "\r\n").encode("utf-8"))  # (plain names)
    R, guarded, attrs = _RISKY, guard, _json
    for article in bundle.articles:
        if not article.annotations:
            continue
        rows = [(a.id if a.id[:1] not in R else guarded(a.id),
                 a.tag if a.tag[:1] not in R else guarded(a.tag), a.start, a.end,
                 a.text if a.text[:1] not in R else guarded(a.text),
                 a.note if a.note[:1] not in R else guarded(a.note),
                 a.annotator if a.annotator[:1] not in R else guarded(a.annotator),
                 a.created_at if a.created_at[:1] not in R else guarded(a.created_at),
                 a.updated_at if a.updated_at[:1] not in R else guarded(a.updated_at),
                 _g(a.actor) if a.actor else a.actor,
                 _g(names.get(a.actor)) if a.actor else None,
                 attrs(a.attributes) if a.attributes else None)
                for a in article.annotations]
        # (a new StringIO each time: one emptied and filled again gives its text back slowly)
        part = io.StringIO()
        writer = csv.writer(part, lineterminator="\r\n")
        writer.writerows(rows)
        body = part.getvalue().encode("utf-8")
        shared = (_g(article.id), article.title, article.source, article.text_sha256)
        if body.count(b"\r\n") != len(rows):
            part = io.StringIO()
            csv.writer(part, lineterminator="\r\n").writerows(
                (shared[0], *row, *(_g(v) if type(v) is str else v for v in shared[1:]))
                for row in rows)
            out.append(part.getvalue().encode("utf-8"))
            continue
        head = (_cell(shared[0]) + ",").encode("utf-8")
        tail = ("," + ",".join(_cell(_g(v) if type(v) is str else v)
                               for v in shared[1:])).encode("utf-8")
        out += [head, body[:-2].replace(b"\r\n", tail + b"\r\n" + head), tail + b"\r\n"]
    return b"".join(out)


def loss(bundle: Bundle, folder: bool) -> LossReport:
    """A folder holds everything; one spans table loses the links, the actors' details and
    those no span names, the tags' colours and descriptions and the article texts (the spans
    still name their actor and tag)."""
    if folder:
        report = LossReport("csv")
    else:
        keep = "left out (a folder of tables keeps everything: name it without .csv)"
        report = LossReport.of(bundle, "csv (one spans table)",
                               ("links", "link_types", "actor_details", "tag_details", "texts"),
                               how=dict.fromkeys(("links", "link_types", "actor_details",
                                                  "tag_details"), keep))
        report.how["texts"] = ("left out (the spans import into a project that has the "
                               "articles)")
        named = {a.actor for article in bundle.articles for a in article.annotations}
        unnamed = sum(1 for actor in bundle.actors if actor.id not in named)
        report.add("actor that no span names" if unnamed == 1 else "actors that no span names",
                   unnamed)
        if unnamed:
            report.how[next(reversed(report.counts))] = keep
    report.articles = len(bundle.articles)
    report.annotations = bundle.annotation_count
    return report


@no_gc()
def write_csv(bundle: Bundle, target, *, before=None, bom: bool = False) -> LossReport:
    """To a binary stream: the spans table; to a Path: the folder of six tables."""
    folder = isinstance(target, Path)
    report = loss(bundle, folder)
    if before is not None:
        before(report)
    if not folder:
        target.write(spans_bytes(bundle, bom))
        return report
    from ..shared.many_files import write_files

    if target.exists() and not target.is_dir():
        raise AnnotatorError(f"{target}: is a file; --format csv writes a folder of tables "
                             "there (or name a .csv file for the spans table alone)")
    # (every table made, then written together as brat's files are: none replaces an old one
    # before all are written whole, so a failure leaves the folder's tables as they were)
    tables = {name: spans_bytes(bundle, bom) if name == SPANS_FILE else table_text(
        header, _rows(bundle, name), bom).encode("utf-8") for name, header in TABLES.items()}
    target.mkdir(parents=True, exist_ok=True)
    write_files(target, tables)
    return report


__all__ = ["ACTORS", "ARTICLES", "LINKS", "LINK_TYPES", "SPANS", "TAGS", "write_csv"]
