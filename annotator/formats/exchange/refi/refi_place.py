"""A source's selections made into its article's annotations (issue 11): the plain ones read as
columns (refi_rows.Rows) all at once (``fast_annotations``), else one at a time (``careful``).

``fast_annotations`` takes only what the careful way would keep where it is, unchanged: a
canonical text, positions in code points (or UTF-16 units of a text where they agree), every
span inside the text and not empty, no name to take as a quote to find (names are labels, or the
selected text), every code a tag. For anything else it gives None and the careful way reads
them, saying and refusing what it says and refuses.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import eq, lt, sub

from ..shared.foreign_text import ForeignText
from ....domain.anchor import place_spans
from ....domain.bundle import AnnotationIn, ArticleIn, Bundle
from ....domain.text import canonicalize
from .refi_parts import joined_notes
from .refi_rows import Rows, Selection
from .refi_units import CODE_POINTS, UTF16, Reader, has_astral
from .refi_write import xml_text

_MAX_NOTE = 100_000


@dataclass
class Place:
    """One source's article and what its annotations are made with."""
    bundle: Bundle
    file: str  # (the file, as sentences name it)
    what: str  # (the source, as sentences name it)
    raw: str
    canon: ForeignText
    unit: str
    tag_of: dict[str, str]  # code guid -> tag
    actor_of: dict[str, str]  # selection guid -> actor id
    first_of: dict[str, str]  # selection guid -> its first annotation's id (of all sources)
    now: str
    own: bool = False  # (a file annotator wrote: its notes as written, white space and all)

    @property
    def where(self) -> str:
        return f"{self.file}, {self.what}, selection "


def annotate(place: Place, article: ArticleIn, rows: Rows | None,
             selections: list[Selection]) -> None:
    """The article's annotations, from ``rows`` (all at once when it can) or ``selections``."""
    if rows is not None:
        made = fast_annotations(rows, place)
        if made is not None:
            guids, where = rows.guids, place.where
            place.bundle.where.update(zip(guids, map(where.__add__, map(repr, guids)),
                                          strict=True))
            deque(map(place.first_of.setdefault, guids, guids), maxlen=0)
            article.annotations = made
            return
        selections = rows.selections()
    careful(place, article, selections)


def fast_annotations(rows: Rows, place: Place) -> list[AnnotationIn] | None:
    """The annotations the careful way makes of these rows, each kept where it is (its id its
    selection's GUID), or None when the careful way must make them (module text)."""
    raw = place.raw
    starts, ends, n = rows.starts, rows.ends, len(rows.starts)
    if raw != place.canon.text or not (place.unit == CODE_POINTS or (place.unit == UTF16 and
                                                                     not has_astral(raw))):
        return None  # (then positions need mapping: refi_units.Reader, ForeignText)
    if n and (min(starts) < 0 or max(ends) > len(raw) or not all(map(lt, starts, ends))):
        return None  # (out of range or empty: refused or said the careful way)
    names = rows.names
    if list(map(len, names)) == list(map(sub, ends, starts)) and \
            all(map(raw.startswith, names, starts)):
        pieces = names  # (each name is its text, as annotator and QualCoder write them)
    else:
        pieces = list(map(raw.__getitem__, map(slice, starts, ends)))
        if _quotes_needed(raw, names, pieces, starts, ends):
            return None
    tags = list(map(place.tag_of.get, rows.codes))
    if None in tags:
        return None  # (a coding naming no codable code: refused the careful way)
    created, updated = rows.created, rows.updated
    given: Iterable[bool] = repeat(True)
    if None in created:
        given = [c is not None for c in created]
        created = [c or place.now for c in created]
    if None in updated:
        updated = [u or c for u, c in zip(updated, created, strict=True)]
    annotators = rows.coding_users if "" not in rows.coding_users else [
        c or u or "unknown" for c, u in zip(rows.coding_users, rows.users, strict=True)]
    actors = map(place.actor_of.get, rows.guids) if place.actor_of else repeat(None)
    return list(map(AnnotationIn, rows.guids, tags, starts, ends, pieces, repeat(""), annotators,
                    created, updated, given, actors))


def _quotes_needed(raw: str, names: list[str], pieces: list[str], starts: list[int],
                   ends: list[int]) -> bool:
    """Whether the careful way would take a selection's name as the quote to find (names are
    quotes, as most named selections' names are their text, and this one's is not)."""
    if pieces == names:
        return False
    differ = [i for i, same in enumerate(map(eq, pieces, names)) if not same and names[i]]
    named = len(names) - names.count("")
    failing = [i for i in differ if not matches(raw, (starts[i], ends[i]), names[i])]
    return bool(failing) and 0 < (named - len(failing)) * 2 >= named


def careful(place: Place, article: ArticleIn, selections: list[Selection]) -> None:
    """The article's annotations from its selections, one at a time."""
    bundle, unit, text = place.bundle, place.unit, place.canon.text
    reader = Reader(place.raw, unit)
    placed = []
    for s in selections:
        raw_span = reader.span(s.start, s.end)
        span = None if raw_span is None else place.canon.canonical_span(*raw_span)
        quoted = matches(place.raw, raw_span, s.name) if s.name else None
        placed.append((s, raw_span, span, quoted))
    named = [q for *_, q in placed if q is not None]
    names_are_quotes = 0 < sum(named) * 2 >= len(named)  # (else labels, not quotes)
    uncoded = 0
    where = place.where
    for s, _raw, span, quoted in placed:
        if not s.codings:
            uncoded += 1
            continue
        quote = canonicalize(s.name) if names_are_quotes and s.name and (
            not quoted or span is None) else None
        start, end = span if span is not None else (s.start, s.end)
        piece = quote if quote is not None else text[start:end] if span else ""
        note = joined_notes(s.notes, place.own)
        for i, (coding, code, coding_notes, coding_user) in enumerate(s.codings):
            ident = s.guid if len(s.codings) == 1 else coding or f"{s.guid}:{i + 1}"
            bundle.where[ident] = where + repr(s.guid)
            tag = place.tag_of.get(code)
            if tag is None:
                bundle.refused.append(f"{bundle.where[ident]}: refused: its coding names code "
                                      f"{code!r}, which is not a codable code of the codebook")
                continue
            if span is None and not quote:
                positions = f"positions {s.start}-{s.end}" if min(s.start, s.end) >= 0 else \
                    "positions that are not whole numbers of 0 or more"  # (-1: not a number)
                bundle.refused.append(
                    f"{bundle.where[ident]}: refused: its {positions} cannot be placed exactly in "
                    f"its text (read as {unit}) and it carries no quote to find")
                continue
            full = note
            if coding_notes:
                extra = "\n\n".join(n for n in coding_notes if n.strip())
                full = "\n\n".join(x for x in (note, extra) if x)
            if len(full) > _MAX_NOTE:
                full = full[:_MAX_NOTE]
                bundle.said.append(f"{bundle.where[ident]}: its note was cut to "
                                   f"{_MAX_NOTE:,} characters")
            created = s.created or place.now
            article.annotations.append(AnnotationIn(
                ident, tag, start, end, piece, full, coding_user or s.user or "unknown",
                created, s.updated or created, s.created is not None,
                place.actor_of.get(s.guid)))
            place.first_of.setdefault(s.guid, ident)
    if uncoded:
        bundle.said.append(f"{place.file}, {place.what}: {count(uncoded, 'selection')} "
                           "without a code left out (an annotation needs a tag)")
    given = article.annotations
    article.annotations, said, refused = place_spans(text, given, bundle.where, place.what)
    gone = {a.id for a in given} - {a.id for a in article.annotations}
    if gone:
        for s in selections:
            if place.first_of.get(s.guid) in gone:
                del place.first_of[s.guid]
    bundle.said += said
    bundle.refused += refused


def matches(raw: str, raw_span: tuple[int, int] | None, name: str) -> bool:
    """Whether a selection's name is its text (exactly, as XML could carry it, or but for
    white space, which an XML attribute may have turned into spaces)."""
    if raw_span is None:
        return False
    piece = raw[raw_span[0]:raw_span[1]]
    return piece == name or xml_text(piece) == name or piece.split() == name.split()


def count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"
