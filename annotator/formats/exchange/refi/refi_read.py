"""Reading the ``refi`` format (a REFI-QDA ``.qdpx`` or ``.qde``; what becomes what:
formats/exchange/refi/refi.py) into a Bundle.

A large project is parsed fast (refi_events: its plain selections kept as attribute columns,
read a column at a time by refi_rows and made into annotations at once by refi_place); anything
else is read the careful way, one element at a time, as it always was. Both give the same Bundle
(tests/formats/test_refi_fast.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..shared.foreign_text import ForeignText
from ..shared.gc_pause import gc_paused
from ....domain.bundle import ArticleIn, Bundle
from ....domain.comparison.links import DEFAULT_LINK_TYPES
from ....domain.model import LinkType
from ....domain.text import check_storable, text_sha256
from ....errors import InputRefused
from ...export import export_read_v2 as v2
from ...encoding.decode import check_text_size
from ...export.export_scan import Refuse
from .refi import NS, ORIGIN, VARIABLES
from .refi_events import SELECTION, Run, parse_fast, parser_options
from .refi_ids import original_ids, restore_ids
from .refi_parts import Q as _Q
from .refi_parts import cases, codebook, guid, link_items, q, time, values
from .refi_place import Place, annotate, count
from .refi_rows import Rows, Selection, Selections
from .refi_units import CODE_POINTS, Sample, choose_unit, sample
from .refi_write import IDS_NOTE
from .refi_zip import Project, open_project, source_text
from ...articles.titles import first_line_title


@dataclass
class _Source:
    guid: str
    title: str
    raw: str
    created: str | None
    values: dict[str, str]
    selections: list[Selection] = field(default_factory=list)
    rows: Rows | None = None  # (instead of selections: all its selections plain, read as columns)

    def sample(self) -> Sample:
        if self.rows is not None:
            return self.rows.sample(self.raw)
        return sample(self.raw, [(x.start, x.end, x.name or None) for x in self.selections])


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
        self.bundle = Bundle(tags=[], articles=[], version=2, lacks=frozenset({"attributes", "link_types"}))

    def refuse(self, why: str) -> InputRefused:
        return InputRefused(f"refused: {why}", self.where)

    @contextmanager
    def refusing(self) -> Iterator[None]:
        try:
            yield
        except Refuse as exc:
            raise self.refuse(str(exc)) from None

    def read(self) -> Bundle:
        data = self.project.xml()
        parsed = parse_fast(data)  # (None: parsed the careful way)
        root = self.parse(data) if parsed is None else parsed.root
        plain = {} if parsed is None else parsed.selections
        del data, parsed  # (59 MB for 100,000 selections, not needed any more)
        # (a file annotator wrote: positions in code points, texts as written but for what XML
        # could not hold, which refi_write replaced by U+FFFD)
        self.own = (root.get("origin") or "").strip() == ORIGIN
        users = {guid(u.get("guid")): (u.get("name") or u.get("id") or "").strip()
                 for u in root.iterfind(f"{_Q}Users/{_Q}User")}
        self.variables = {guid(v.get("guid")): v.get("name") or ""
                          for v in root.iterfind(f"{_Q}Variables/{_Q}Variable")}
        self.notes = {guid(n.get("guid")): self.note_text(n)
                      for n in root.iterfind(f"{_Q}Notes/{_Q}Note")}
        self.selections = Selections(users, self.notes)
        tag_of = self.codes(root)
        sources = [self.source(s, plain.get(s)) for s in root.iterfind(
            f"{_Q}Sources/{_Q}TextSource")]
        plain.clear()  # (their attributes are in the sources' rows now)
        others = sum(1 for s in root.iterfind(f"{_Q}Sources/*")
                     if s.tag != q("TextSource"))
        if others:
            kinds = count(others, "PDF, picture, audio or video source")
            (self.bundle.said if sources else self.bundle.refused).append(
                f"{self.where}: {kinds} left out (annotator reads text sources)" + (
                    "" if sources else ": none of its sources is a text, so nothing of it is "
                    "imported (not its codes or cases either)"))
        unit = CODE_POINTS if self.own else choose_unit([s.sample() for s in sources])
        if unit != CODE_POINTS:
            self.bundle.said.append(f"{self.where}: its positions are read as {unit}")
        first_of: dict[str, str] = {}  # selection guid -> its first annotation's id
        actor_of = self.actors(root)
        for source in sources:
            self.article(source, unit, tag_of, actor_of, first_of)
        self.links(root, first_of)
        if self.own and IDS_NOTE in self.notes:  # (ids that are not UUIDs, as they were)
            restore_ids(self.bundle, original_ids(self.notes[IDS_NOTE]))
        with self.refusing():
            v2.check_whole(self.bundle.articles, self.bundle.actors, self.bundle.links,
                           self.bundle.said, self.where)
        return self.bundle

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
        tags, tag_of = codebook(root, self.own)
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
    def source(self, element, plain: list[Run | etree._Element] | None) -> _Source:
        """A TextSource; ``plain``: its selections as refi_events found them (None: parsed the
        careful way)."""
        ident = guid(element.get("guid"))
        name = element.get("name") or ""  # (as written: annotator writes titles as they are)
        content = element.find(q("PlainTextContent"))
        path = element.get("plainTextPath") or ""
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
        found = plain if plain is not None else list(element.iterfind(SELECTION))
        if found and all(isinstance(x, Run) for x in found):
            source.rows = self.selections.rows(found)
            return source
        for x in found:
            source.selections += self.selections.rows([x]).selections() \
                if isinstance(x, Run) else [self.selections.one(x)]
        return source

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
        title = (source.title if self.own else source.title.strip()) if source.title.strip() \
            else first_line_title(text, "Untitled")  # (ours as written: another's trimmed)
        article = ArticleIn(source.guid, title[:1000],
                            source.values.get(VARIABLES["source"]),
                            source.values.get(VARIABLES["url"]),
                            source.values.get(VARIABLES["author"]),
                            source.values.get(VARIABLES["published"]),
                            source.created, text, text_sha256(text))
        annotate(Place(self.bundle, self.where, what, source.raw, canon, unit, tag_of, actor_of,
                       first_of, self.now, self.own), article, source.rows, source.selections)
        self.bundle.articles.append(article)

    # -- links -------------------------------------------------------------------------------
    def links(self, root, first_of: dict[str, str]) -> None:
        items, directed, other = link_items(root, first_of, self.notes, self.own)
        for item in items:
            self.bundle.where[item["id"]] = f"{self.where}, link {item['id']!r}"
        if other:
            self.bundle.said.append(f"{self.where}: {count(other, 'link')} not joining two "
                                    "imported selections left out")
        # (the types its links use: those of ours with their descriptions, which it has no
        # place for)
        known = {t.name: t for t in DEFAULT_LINK_TYPES}
        types = [t for t in DEFAULT_LINK_TYPES if directed.get(t.name) == t.directed]
        types += [LinkType(k, d, "") for k, d in directed.items()
                  if k not in known or known[k].directed != d]
        with self.refusing():
            self.bundle.link_types = v2.link_types([t._asdict() for t in types])
            self.bundle.links = v2.links(items, self.bundle.link_types, self.now)
