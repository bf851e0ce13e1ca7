"""Reading the ``refi`` format (a REFI-QDA ``.qdpx`` or ``.qde``; what becomes what:
formats/exchange/refi/refi.py) into a Bundle."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..shared.foreign_text import ForeignText
from ..shared.gc_pause import gc_paused
from ....domain.anchor import place_spans
from ....domain.bundle import AnnotationIn, ArticleIn, Bundle
from ....domain.comparison.links import DEFAULT_LINK_TYPES
from ....domain.model import LinkType
from ....domain.text import canonicalize, check_storable, text_sha256
from ....errors import InputRefused
from ...export import export_read_v2 as v2
from ...encoding.decode import check_text_size
from ...export.export_scan import Refuse
from .refi import NS, VARIABLES
from .refi_parts import Q as _Q
from .refi_events import Parsed, Run, parse_fast, parser_options
from .refi_parts import cases, codebook, guid, q, time, values
from .refi_rows import Columns, Place, Rows, Selection, fast_annotations
from .refi_units import CODE_POINTS, Reader, choose_unit
from .refi_write import xml_text
from .refi_zip import Project, open_project, source_text
from ...articles.titles import first_line_title

_CODING, _CODE_REF, _NOTE_REF, _DESCRIPTION = (_Q + n for n in ("Coding", "CodeRef", "NoteRef",
                                                               "Description"))
_MAX_NOTE = 100_000


@dataclass
class _Source:
    guid: str
    title: str
    raw: str
    created: str | None
    values: dict[str, str]
    selections: list[Selection] = field(default_factory=list)
    rows: Rows | None = None  # (instead of selections: all its selections plain, read as columns)

    def samples(self) -> list[tuple[int, int, str | None]]:
        if self.rows is not None:
            return self.rows.samples()
        return [(x.start, x.end, x.name or None) for x in self.selections]


@gc_paused
def read_refi(path: Path, now: str) -> Bundle:
    project = open_project(path)
    try:
        return _Reader(project, now).read()
    finally:
        project.close()


class _Reader:
    def __init__(self, project: Project, now: str):
        self.project, self.now, self.where = project, now, project.where
        self.bundle = Bundle(tags=[], articles=[], version=2)
        # GUIDs a file repeats (users, codes) and times, each read once per distinct value
        self._refs: dict[str | None, str] = {}
        self._times: dict[str | None, str | None] = {}

    def ref(self, value: str | None) -> str:
        found = self._refs.get(value)
        if found is None:
            found = self._refs[value] = guid(value)
        return found

    def time(self, value: str | None) -> str | None:
        if value in self._times:
            return self._times[value]
        found = self._times[value] = time(value)
        return found

    def refuse(self, why: str) -> InputRefused:
        return InputRefused(f"refused: {why}", self.where)

    def read(self) -> Bundle:
        data = self.project.xml()
        parsed: Parsed | None = parse_fast(data)  # (None: parsed the careful way)
        root = self.parse(data) if parsed is None else parsed.root
        self.plain = {} if parsed is None else parsed.selections
        self.users = {guid(u.get("guid")): (u.get("name") or u.get("id") or "").strip()
                      for u in root.iterfind(f"{_Q}Users/{_Q}User")}
        self.columns = Columns(self.ref, self.users, self.time)
        self.variables = {guid(v.get("guid")): v.get("name") or ""
                          for v in root.iterfind(f"{_Q}Variables/{_Q}Variable")}
        self.notes = {guid(n.get("guid")): self.note_text(n)
                      for n in root.iterfind(f"{_Q}Notes/{_Q}Note")}
        tag_of = self.codes(root)
        sources = [self.source(s) for s in root.iterfind(f"{_Q}Sources/{_Q}TextSource")]
        others = sum(1 for s in root.iterfind(f"{_Q}Sources/*")
                     if s.tag != q("TextSource"))
        if others:
            kinds = _count(others, "PDF, picture, audio or video source")
            self.bundle.said.append(f"{self.where}: {kinds} left out (annotator reads text "
                                    "sources)")
        unit = choose_unit([(s.raw, s.samples()) for s in sources])
        if unit != CODE_POINTS:
            self.bundle.said.append(f"{self.where}: its positions are read as {unit}")
        first_of: dict[str, str] = {}  # selection guid -> its first annotation's id
        actor_of = self.actors(root)
        for source in sources:
            self.article(source, unit, tag_of, actor_of, first_of)
        self.links(root, first_of)
        with self.refusing():
            v2.check_whole(self.bundle.articles, self.bundle.actors, self.bundle.links)
        return self.bundle

    def refusing(self):
        reader = self

        class _Refusing:
            def __enter__(self):
                return self

            def __exit__(self, kind, exc, tb):
                if kind is Refuse:
                    raise reader.refuse(str(exc)) from None
                return False

        return _Refusing()

    def parse(self, data: bytes):
        parser = etree.XMLParser(**parser_options())
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InputRefused(f"is not well-formed XML ({exc})", self.where) from None
        if root.getroottree().docinfo.doctype:
            raise self.refuse("it declares a DTD, which a REFI-QDA project never has")
        if root.tag != q("Project"):
            if isinstance(root.tag, str) and root.tag.startswith("{urn:QDA-XML:codebook"):
                raise self.refuse("it is a REFI-QDA codebook (.qdc), with no sources to import")
            raise self.refuse(f"its root element is {root.tag!r}, not a REFI-QDA Project "
                              f"({NS})")
        return root

    def note_text(self, note) -> str:
        content = note.find(q("PlainTextContent"))
        if content is not None and content.text:
            return content.text
        path = note.get("plainTextPath") or ""
        if path.startswith("internal://"):
            data = self.project.internal(path[len("internal://"):])
            if data is not None:
                return source_text(data, f"{self.where}: {path}")
        description = note.find(q("Description"))
        return description.text or "" if description is not None else ""

    def codes(self, root) -> dict[str, str]:
        tags, tag_of = codebook(root)
        with self.refusing():
            self.bundle.tags = v2.tags(tags)
        return tag_of

    def actors(self, root) -> dict[str, str]:
        items, actor_of = cases(root, self.variables)
        with self.refusing():
            self.bundle.actors = v2.actors(items)
        return actor_of

    def values(self, element) -> dict[str, str]:
        return values(element, self.variables)

    # -- sources -> articles ------------------------------------------------------------------
    def source(self, element) -> _Source:
        ident = guid(element.get("guid"))
        name = (element.get("name") or "").strip()
        content = element.find(q("PlainTextContent"))
        path = element.get("plainTextPath") or ""
        what = f"{self.where}: source {name or ident!r}"
        if content is not None and content.text:
            raw = content.text
        elif path.startswith("internal://"):
            data = self.project.internal(path[len("internal://"):])
            if data is None:
                where = "in the file" if hasattr(self.project, "members") else \
                    "in a sources folder beside it"
                raise self.refuse(f"its source {name or ident!r} names {path}, which is not "
                                  f"{where}")
            raw = source_text(data, f"{self.where}: {path}")
        else:
            raise self.refuse(f"its source {name or ident!r} has no plain text in the file "
                              f"({path or 'no plainTextPath'})")
        source = _Source(ident, name, raw, time(element.get("creationDateTime")),
                         self.values(element))
        found = self.plain.get(element)
        if found is None:  # (parsed the careful way)
            found = list(element.iterfind(q("PlainTextSelection")))
        if found and all(isinstance(x, Run) for x in found):
            source.rows = Rows.read(found, self.columns)
            return source
        for x in found:
            source.selections += Rows.read([x], self.columns).selections() \
                if isinstance(x, Run) else [self.selection(x, what)]
        return source

    def selection(self, element, what: str) -> Selection:
        ident = guid(element.get("guid"))
        try:
            start, end = int(element.get("startPosition")), int(element.get("endPosition"))
        except (TypeError, ValueError):
            start, end = -1, -1  # (refused with the others that cannot be placed)
        user = self.users.get(self.ref(element.get("creatingUser")), "")
        notes: list[str] = []
        codings = []
        for child in element:  # (one pass over the children: find/iterfind cost 3x more)
            tag = child.tag
            if tag == _CODING:
                code, coding_notes = "", []
                for part in child:
                    if part.tag == _CODE_REF:
                        code = self.ref(part.get("targetGUID"))
                    elif part.tag == _NOTE_REF:
                        coding_notes.append(self.notes.get(guid(part.get("targetGUID")), ""))
                codings.append((guid(child.get("guid")), code, coding_notes,
                                self.users.get(self.ref(child.get("creatingUser")), "")))
            elif tag == _NOTE_REF:
                notes.append(self.notes.get(guid(child.get("targetGUID")), ""))
            elif tag == _DESCRIPTION and child.text and child.text.strip():
                notes.insert(0, child.text)
        return Selection(ident, start, end, element.get("name") or "", user,
                          self.time(element.get("creationDateTime")),
                          self.time(element.get("modifiedDateTime")), notes, codings)

    def article(self, source: _Source, unit: str, tag_of: dict[str, str],
                actor_of: dict[str, str], first_of: dict[str, str]) -> None:
        what = f"source {source.title or source.guid!r}"
        canon = ForeignText(source.raw)
        text = canon.text
        try:
            check_storable(text, what)
            check_text_size(text, what)
        except InputRefused as exc:
            raise self.refuse(f"{what}: {exc.reason}") from None
        article = ArticleIn(source.guid, (source.title or first_line_title(text, "Untitled"))[:1000],
                            source.values.get(VARIABLES["source"]),
                            source.values.get(VARIABLES["url"]),
                            source.values.get(VARIABLES["author"]),
                            source.values.get(VARIABLES["published"]),
                            source.created, text, text_sha256(text))
        if source.rows is not None:
            where = f"{self.where}, {what}, selection "
            made = fast_annotations(source.rows, Place(source.raw, text, unit, tag_of, actor_of,
                                                  self.now, _matches))
            if made is not None:  # (else the careful way, below)
                guids = source.rows.guids
                self.bundle.where.update(zip(guids, map(where.__add__, map(repr, guids)),
                                             strict=True))
                deque(map(first_of.setdefault, guids, guids), maxlen=0)
                article.annotations = made
                self.bundle.articles.append(article)
                return
            source.selections = source.rows.selections()
        reader = Reader(source.raw, unit)
        placed = []
        for s in source.selections:
            raw_span = reader.span(s.start, s.end)
            span = None if raw_span is None else canon.canonical_span(*raw_span)
            quoted = _matches(source.raw, raw_span, s.name) if s.name else None
            placed.append((s, raw_span, span, quoted))
        named = [q for *_, q in placed if q is not None]
        names_are_quotes = 0 < sum(named) * 2 >= len(named)  # (else labels, not quotes)
        uncoded = 0
        where = f"{self.where}, {what}, selection "
        for s, _raw, span, quoted in placed:
            if not s.codings:
                uncoded += 1
                continue
            quote = canonicalize(s.name) if names_are_quotes and s.name and (
                not quoted or span is None) else None
            start, end = span if span is not None else (s.start, s.end)
            piece = quote if quote is not None else text[start:end] if span else ""
            note = "\n\n".join(n for n in s.notes if n.strip()) if s.notes else ""
            for i, (coding, code, coding_notes, coding_user) in enumerate(s.codings):
                ident = s.guid if len(s.codings) == 1 else coding or f"{s.guid}:{i + 1}"
                self.bundle.where[ident] = where + repr(s.guid)
                tag = tag_of.get(code)
                if tag is None:
                    self.bundle.refused.append(f"{self.bundle.where[ident]}: refused: its coding "
                                               f"names code {code!r}, which is not a codable "
                                               "code of the codebook")
                    continue
                if span is None and not quote:
                    self.bundle.refused.append(
                        f"{self.bundle.where[ident]}: refused: positions {s.start}-{s.end} "
                        f"cannot be placed exactly in its text (read as {unit}) and it carries "
                        "no quote to find")
                    continue
                full = note
                if coding_notes:
                    extra = "\n\n".join(n for n in coding_notes if n.strip())
                    full = "\n\n".join(x for x in (note, extra) if x)
                if len(full) > _MAX_NOTE:
                    full = full[:_MAX_NOTE]
                    self.bundle.said.append(f"{self.bundle.where[ident]}: its note was cut to "
                                            f"{_MAX_NOTE:,} characters")
                created = s.created or self.now
                article.annotations.append(AnnotationIn(
                    ident, tag, start, end, piece, full, coding_user or s.user or "unknown",
                    created, s.updated or created, s.created is not None,
                    actor_of.get(s.guid)))
                first_of.setdefault(s.guid, ident)
        if uncoded:
            self.bundle.said.append(f"{self.where}, {what}: {_count(uncoded, 'selection')} "
                                    "without a code left out (an annotation needs a tag)")
        given = article.annotations
        article.annotations, said, refused = place_spans(text, given, self.bundle.where, what)
        gone = {a.id for a in given} - {a.id for a in article.annotations}
        if gone:
            for s in source.selections:
                if first_of.get(s.guid) in gone:
                    del first_of[s.guid]
        self.bundle.said += said
        self.bundle.refused += refused
        self.bundle.articles.append(article)

    # -- links -------------------------------------------------------------------------------
    def links(self, root, first_of: dict[str, str]) -> None:
        directed: dict[str, bool] = {}
        items = []
        other = 0
        for link in root.iterfind(f"{_Q}Links/{_Q}Link"):
            origin = first_of.get(guid(link.get("originGUID")))
            target = first_of.get(guid(link.get("targetGUID")))
            if origin is None or target is None or origin == target:
                other += 1
                continue
            kind = " ".join((link.get("name") or "").split())[:100] or "related"
            directed.setdefault(kind, link.get("direction") == "OneWay")
            ident = guid(link.get("guid"))
            self.bundle.where[ident] = f"{self.where}, link {ident!r}"
            items.append({"id": ident, "type": kind, "from": origin, "to": target,
                          "note": "\n\n".join(self.notes.get(guid(r.get("targetGUID")), "")
                                              for r in link.iterfind(q("NoteRef"))).strip()})
        if other:
            self.bundle.said.append(f"{self.where}: {_count(other, 'link')} not joining two "
                                    "imported selections left out")
        known = {t.name: t for t in DEFAULT_LINK_TYPES}
        types = [t for t in DEFAULT_LINK_TYPES if directed.get(t.name, t.directed) == t.directed]
        types += [LinkType(k, d, "") for k, d in directed.items()
                  if k not in known or known[k].directed != d]
        with self.refusing():
            self.bundle.link_types = v2.link_types([t._asdict() for t in types])
            self.bundle.links = v2.links(items, self.bundle.link_types, self.now)


def _matches(raw: str, raw_span: tuple[int, int] | None, name: str) -> bool:
    """Whether a selection's name is its text (exactly, as XML could carry it, or but for
    white space, which an XML attribute may have turned into spaces)."""
    if raw_span is None:
        return False
    piece = raw[raw_span[0]:raw_span[1]]
    return piece == name or xml_text(piece) == name or piece.split() == name.split()


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"

