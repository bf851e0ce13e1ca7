"""Merge a validated export into the project, in the caller's single transaction.

Articles match by id, else by text_sha256; annotations by id. What is already there and equal is
left alone, so importing the same file twice changes nothing. An annotation that exists with other
content (its actor and attributes included) is updated only when the file's copy is newer
(updated_at); at the same times it is kept, and counted when it differs (_same_time). Link
types, actors and links: see merge_comparison. Any inconsistency raises InputRefused, and the
caller's transaction is rolled back: nothing is written.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field

from ...domain.model import utc_now
from ...errors import InputRefused
from ...domain.bundle import AnnotationIn, ArticleIn, Bundle
from ...domain.times import canonical_times, later, same_instant
from ..reads import queries
from .bulk import bulk_rows
from ..writes.edits import (ANNOTATION_INSERT, Connection, annotator_id, cached_annotator_id,
                            next_seq)
from .merge_comparison import merge_actors, merge_link_types, merge_links

FALLBACK_COLORS = ("#8e6bbf", "#e08a2e", "#4aa3a3", "#b5547a", "#7a8f2e", "#5f6f8f")
_CHUNK = 500  # ids per "IN (...)" query, well under SQLite's limit on parameters
_CURRENT = ('SELECT an.id, an.article_id, an.tag_id, an.start, an."end", an.text, an.note, '
            "who.name, an.created_at, an.updated_at, an.actor_id, an.attributes, an.version "
            "FROM annotations an JOIN annotators who ON who.id = an.annotator_id WHERE an.id IN ")
_UPDATE = ('UPDATE annotations SET article_id = ?, tag_id = ?, start = ?, "end" = ?, text = ?, '
           "note = ?, annotator_id = ?, created_at = ?, updated_at = ?, actor_id = ?, "
           "attributes = ?, version = version + 1 WHERE id = ? AND version = ?")
_NEITHER = (None, None)  # no actor, no attributes
_V1_LACKS = frozenset({"actor", "attributes"})  # (a file of version 1 says nothing of them)
_PLAIN_INSERT = ('INSERT INTO annotations (id, article_id, tag_id, start, "end", text, note, '
                 "annotator_id, created_at, updated_at, actor_id, attributes) "
                 "VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, NULL, NULL)")


@dataclass
class MergeReport:
    articles: list[tuple[str, str, bool]] = field(default_factory=list)  # (id, title, created)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local: int = 0
    differ_kept: int = 0  # of those already there, differing at the same times (see _same_time)
    links_added: int = 0
    links_updated: int = 0
    links_unchanged: int = 0
    links_kept: int = 0
    actors_added: int = 0
    actors_grown: int = 0  # aliases, kind or description taken from the file
    link_types_added: int = 0
    tags_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.links_added or self.links_updated
                    or self.actors_added or self.actors_grown or self.link_types_added
                    or self.tags_added or any(created for *_, created in self.articles))

    def summary(self) -> str:
        """'1 annotation added, 0 updated, 3 already there, 2 links and 1 actor added' (as the
        window and the command line say it)."""
        new = sum(1 for *_, created in self.articles if created)
        articles = f"{new:,} article{'' if new == 1 else 's'} and " if new else ""
        added = f"{articles}{_count(self.added, 'annotation')} added"
        differ = (f" ({self.differ_kept:,} of them different in the file at the project's times: "
                  "the project's kept)" if self.differ_kept else "")
        said = f"{added}, {self.updated:,} updated, {self.unchanged:,} already there{differ}"
        if self.kept_local:
            said += f", {self.kept_local:,} kept (the project's copy is newer)"
        more = [_count(n, what) for n, what in ((self.links_added, "link"),
                                                (self.actors_added, "actor"),
                                                (self.tags_added, "tag"),
                                                (self.link_types_added, "link type")) if n]
        if more:
            said += f", {_listing(more)} added"
        if self.links_updated:
            said += f", {_count(self.links_updated, 'link')} updated"
        return said


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def _listing(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _merge_tags(conn: Connection, data: Bundle, empty_project: bool) -> int:
    """Add the file's tags the project lacks, at the end; returns how many. A project with
    nothing in it takes the file's tags as they are, in its order (so that export -> import into
    a new project -> export gives the same bytes), each keeping the key, and where the file gives
    no colour (a format without tag details) the colour and description, of the project's tag
    of that name. A tag added gets the first free key of 1-9: the keys tag at once. From a file
    naming only the tags its spans use (Bundle.lacks "tags"), those of spans refused are not
    added."""
    mine = {t.name: t for t in queries.tags(conn)}
    wanted: dict[str, tuple[str | None, str]] = {}
    # (the tags of spans, in order of first use: a set per article, then one of them all)
    used = dict.fromkeys(name for art in data.articles
                         for name in dict.fromkeys([a.tag for a in art.annotations]))
    for t in data.tags:
        if "tags" not in data.lacks or t.name in used:
            wanted.setdefault(t.name, (t.color, t.description))
    for name in used:
        wanted.setdefault(name, (None, ""))
    if empty_project and data.tags:
        conn.execute("DELETE FROM tags")
        existing: set[str] = set()
    else:
        existing = set(mine)
    keys = iter([k for k in "123456789" if k not in {
        t.shortcut for name, t in mine.items() if name in existing or name in wanted}])
    position = conn.execute("SELECT coalesce(max(position), -1) FROM tags").fetchone()[0] + 1
    for name, (color, description) in wanted.items():
        if name in existing:
            continue
        had = mine.get(name)
        if color is None and had is not None:
            color, description = had.color, had.description
        color = color or FALLBACK_COLORS[position % len(FALLBACK_COLORS)]
        key = had.shortcut if had is not None else next(keys, None)
        conn.execute("INSERT INTO tags (name, color, description, shortcut, position) "
                     "VALUES (?, ?, ?, ?, ?)", (name, color, description, key, position))
        existing.add(name)
        position += 1
    return len(wanted.keys() - mine.keys())


def _match_article(conn: Connection, article: ArticleIn, source: str) -> tuple[str, str, bool]:
    """The project's id and title for a file's article, inserting it if new.
    Returns (id, title, created)."""
    row = conn.execute("SELECT text_sha256 FROM articles WHERE id = ?", (article.id,)).fetchone()
    if row is not None and row[0] != article.text_sha256:
        raise InputRefused(f"refused: article {article.named()} has the id of an article in this "
                           "project whose text is different", source)
    existing = queries.article_by_sha(conn, article.text_sha256)
    if existing is not None:
        _fill_gaps(conn, existing, article)
        return existing.id, existing.title, False
    conn.execute("INSERT INTO articles (id, seq, title, source, url, author, published, "
                 "imported_at, text, text_sha256, filename, encoding) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                 (article.id, next_seq(conn), article.title, article.source, article.url,
                  article.author, article.published, article.imported_at or utc_now(),
                  article.text, article.text_sha256))
    return article.id, article.title, True


def _fill_gaps(conn: Connection, existing, article: ArticleIn) -> None:
    """Details the project lacks (source, author, date, URL) are taken from the file; details it
    has are kept: without a time on them, there is no telling whose are newer."""
    for key in ("source", "url", "author", "published"):  # fixed names, never input
        if getattr(existing, key) is None and getattr(article, key):
            conn.execute(f"UPDATE articles SET {key} = ? WHERE id = ?",
                         (getattr(article, key), existing.id))


def _current(conn: Connection, ids: list[str]) -> dict[str, tuple]:
    """The project's annotations with these ids, read in a few queries."""
    found: dict[str, tuple] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        query = _CURRENT + "(" + ",".join("?" * len(chunk)) + ")"
        found.update((row[0], row) for row in conn.execute(query, chunk))
    return found


def merge(conn: Connection, data: Bundle, source: str) -> MergeReport:
    """One read of the existing annotations per article, one executemany for the new ones and
    one for the changed ones: a re-import with nothing to change writes nothing. Into a project
    without annotations (and from a file using each id once) nothing is read: all is inserted.
    (The cyclic garbage collector waits meanwhile: 100,000 rows are as many tuples, none in a
    cycle, that it would walk again and again as they are made.)"""
    paused = gc.isenabled()
    gc.disable()
    try:
        try:
            canonical_times(data)  # (stored as utc_now writes them: see domain/times.py)
        except ValueError as exc:  # (the readers refuse what is no time; this names it anyway)
            raise InputRefused(f"refused: a date and time that is none: {exc}", source) from None
        return _merge(conn, data, source)
    finally:
        if paused:
            gc.enable()


def _merge(conn: Connection, data: Bundle, source: str) -> MergeReport:
    report = MergeReport()
    empty = queries.count(conn, "articles") == 0
    report.tags_added = _merge_tags(conn, data, empty and "tags" not in data.lacks)
    used = {link.type for link in data.links} if "link_types" in data.lacks else None
    report.link_types_added = merge_link_types(conn, [t for t in data.link_types
                                                      if used is None or t.name in used],
                                               empty, source,
                                               guessed="link_direction" in data.lacks,
                                               whole=used is None)
    actor_ids, report.actors_added, report.actors_grown = merge_actors(conn, data.actors)
    lacks = data.lacks | (_V1_LACKS if data.version < 2 else frozenset())
    tag_ids = dict(conn.execute("SELECT name, id FROM tags"))
    fresh = conn.execute("SELECT 1 FROM annotations LIMIT 1").fetchone() is None and \
        _ids_once(data)
    annotator_ids = _annotators(conn, data) if fresh else {}
    with bulk_rows(conn, "annotations", indexes=fresh):  # (SQLite: indexes made after the rows)
        _merge_articles(conn, data, source, report, fresh, tag_ids, annotator_ids, actor_ids,
                        lacks)
    (report.links_added, report.links_updated, report.links_unchanged,
     report.links_kept) = merge_links(conn, data.links, source, _coders(data))
    return report


def _merge_articles(conn: Connection, data: Bundle, source: str, report: MergeReport,
                    fresh: bool, tag_ids: dict[str, int], annotator_ids: dict[str, int],
                    actor_ids: dict[str, str], lacks: frozenset[str]) -> None:
    holds = data.holds_attribute
    for article in data.articles:
        article_id, title, created = _match_article(conn, article, source)
        report.articles.append((article_id, title, created))
        if fresh:
            report.added += _insert_new(conn, article, article_id, tag_ids, annotator_ids,
                                        actor_ids, lacks >= _V1_LACKS)
            continue
        current = _current(conn, [a.id for a in article.annotations])  # (also of new articles:
        # an id may be taken by another article)
        inserts, updates = [], []
        for a in article.annotations:
            row = current.get(a.id)
            if row is not None and row[1] != article_id:
                raise InputRefused(f"refused: annotation {a.id!r} of article {article.named()} "
                                   "belongs to another article in this project", source)
            note, extra = _said(a, row, lacks, actor_ids, holds)
            content = (article_id, tag_ids[a.tag], a.start, a.end, a.text, note)
            times = (a.created_at, a.updated_at)
            if row is not None and row[1:7] == content and row[7] == a.annotator and (
                    row[10:12] == extra) and (
                    not a.timestamps_given or same_instant(row[8:10], times)):
                report.unchanged += 1
                continue
            if row is not None and a.timestamps_given and not later(a.updated_at, row[9]):
                same_time = same_instant(row[8:10], times)  # (see _same_time)
                filled = _fills(row, content, extra, a.annotator) if same_time else None
                if filled is not None:  # (the project's copy came through a format without
                    # them: this file's note, actor or attributes are that edit's)
                    updates.append((*content[:5], filled[0], cached_annotator_id(conn, annotator_ids,
                                    a.annotator), *row[8:10], *filled[1:], a.id, row[12]))
                elif same_time:
                    report.unchanged += 1
                    report.differ_kept += row[1:8] != (*content, a.annotator) or row[10:12] != extra
                else:
                    report.kept_local += 1
                continue
            who = cached_annotator_id(conn, annotator_ids, a.annotator)
            if row is None:
                inserts.append((a.id, *content, who, *times, *extra))
            else:
                if not a.timestamps_given:  # a script's edit without times: it is new now
                    times = (row[8], utc_now())
                updates.append((*content, who, *times, *extra, a.id, row[12]))
        conn.executemany(ANNOTATION_INSERT, inserts)
        if updates and conn.executemany(_UPDATE, updates).rowcount != len(updates):
            raise InputRefused("refused: someone changed some of these annotations while they "
                               "were being merged; nothing was merged, merge again", source)
        report.added += len(inserts)
        report.updated += len(updates)


# _same_time: a file's annotation at the times the project's copy has (the file was made from
# the project, or from a file made from it) is that same edit. What differs is what the file's
# format could not hold as the project does (an attribute brat cannot write, a span brat trims
# at a line break, a tag renamed in the project since, which changes no span's times): the
# project's copy is kept, unless it only lacks what the file has (_fills), and counted
# (differ_kept), so that an edit made outside annotator that kept the times (a spreadsheet) is
# never passed over in silence. Such an edit is taken when its updated_at is made later.


def _fills(row: tuple, content: tuple, extra: tuple, annotator: str) -> tuple | None:
    """(note, actor id, attributes) of the project's copy of a span at the same times as the
    file's, with what the file holds and the copy has not (empty there: it came in through a
    format that cannot hold it, spaCy before this JSON export); None when there is nothing to
    fill, or the two differ in anything else (then the project's copy is kept)."""
    if row[1:6] != content[:5] or row[7] != annotator:
        return None
    mine, theirs = (row[6], row[10], row[11]), (content[5], *extra)
    if any(m and t and m != t for m, t in zip(mine, theirs, strict=True)) or \
            not any(t and not m for m, t in zip(mine, theirs, strict=True)):
        return None
    return tuple(m or t for m, t in zip(mine, theirs, strict=True))


def _said(a: AnnotationIn, row: tuple | None, lacks: frozenset[str],
          actor_ids: dict[str, str], holds=None) -> tuple[str, tuple[str | None, str | None]]:
    """(note, (actor id, attributes)) of a file's annotation, where the file's format cannot
    hold them (``lacks``) the project's copy's (``row``), if it has one; with the project's
    attributes the format cannot hold (``holds``: Bundle.holds_attribute) beside the file's."""
    actor, attributes = _extra(a, actor_ids)
    if row is None or not (lacks or (holds and row[11])):
        return a.note, (actor, attributes)
    if "attributes" in lacks:
        attributes = row[11]
    elif holds and row[11]:
        kept = {k: v for k, v in json.loads(row[11]).items() if not holds(k, v)}
        attributes = queries.attributes_text({**kept, **(a.attributes or {})})
    return (row[6] if "note" in lacks else a.note,
            (row[10] if "actor" in lacks else actor, attributes))


def _extra(a: AnnotationIn, actor_ids: dict[str, str]) -> tuple[str | None, str | None]:
    """(the project's actor id, the stored attributes) of a file's annotation."""
    if a.actor is None and a.attributes is None:
        return _NEITHER
    return (None if a.actor is None else actor_ids[a.actor],
            queries.attributes_text(a.attributes) if a.attributes else None)


def _coders(data: Bundle) -> dict[str, str]:
    """The coder of each span a link without one starts at (none when every link says)."""
    starts = {link.from_id for link in data.links if link.annotator is None}
    return {a.id: a.annotator for article in data.articles for a in article.annotations
            if a.id in starts} if starts else {}


def _ids_once(data: Bundle) -> bool:
    """Whether each annotation id of the file is used once (in one article)."""
    ids = [a.id for article in data.articles for a in article.annotations]
    return len(set(ids)) == len(ids)


def _annotators(conn: Connection, data: Bundle) -> dict[str, int]:
    """The project's id of each annotator named in the file (added when new)."""
    names = {a.annotator for article in data.articles for a in article.annotations}
    return {name: annotator_id(conn, name) for name in sorted(names)}


def _insert_new(conn: Connection, article: ArticleIn, article_id: str, tag_ids: dict[str, int],
                annotator_ids: dict[str, int], actor_ids: dict[str, str],
                spans_only: bool) -> int:
    """Insert an article's annotations, none of which the project has, in the file's order;
    returns how many. Runs of plain ones (no note, actor or attributes: most spans) bind nine
    values each instead of twelve, a fifth less of the insert's time on SQLite. ``spans_only``:
    the file holds no actors or attributes (Bundle.lacks), none is looked for."""
    rows: list[tuple] = []
    plain = True
    for a in article.annotations:
        actor, attributes = _NEITHER if spans_only else _extra(a, actor_ids)
        if a.note or actor is not None or attributes is not None:
            if plain and rows:
                conn.executemany(_PLAIN_INSERT, rows)
                rows = []
            plain = False
            rows.append((a.id, article_id, tag_ids[a.tag], a.start, a.end, a.text, a.note,
                         annotator_ids[a.annotator], a.created_at, a.updated_at, actor,
                         attributes))
            continue
        if not plain:
            conn.executemany(ANNOTATION_INSERT, rows)
            rows = []
            plain = True
        rows.append((a.id, article_id, tag_ids[a.tag], a.start, a.end, a.text,
                     annotator_ids[a.annotator], a.created_at, a.updated_at))
    conn.executemany(_PLAIN_INSERT if plain else ANNOTATION_INSERT, rows)
    return len(article.annotations)
