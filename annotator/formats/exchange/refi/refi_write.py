"""Writing the ``refi`` format (REFI-QDA project, ``.qdpx``; what goes where: formats/exchange/refi/refi.py).

The XML is written as text (every value escaped here), not built as a tree: 100,000 selections
took 2.4 s as lxml elements. tests/formats/test_refi.py validates the result against the
REFI-QDA Project.xsd.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
import zipfile
import zlib
from datetime import datetime

from ....domain.bundle import Bundle, TagIn
from ....domain.loss import LossReport
from ..shared.foreign_write import no_gc
from .refi import NS, ORIGIN, PROJECT_FILE, SOURCES_DIR, VARIABLES
from .refi_loss import NOT_XML as _NOT_XML
from .refi_loss import GUID, all_guids, loss, originals
from .refi_zip import Deflater, deflate, write_zip

_ID_NAMESPACE = uuid.UUID("3b1f0c52-8a4e-5d7b-9c21-6f0e4a2d8b13")  # derived GUIDs (uuid5)
_NAMESPACE_BYTES = _ID_NAMESPACE.bytes
_XSD_TIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
# In attributes, white space is written as references (a parser turns a raw one into a space).
_ATTRIBUTE = re.compile('[&<>"\n\r\t]')
_CONTENT = re.compile("[&<>\r]")
# Either of _NOT_XML and _ATTRIBUTE: one search tells that a value is written as it is.
_ATTRIBUTE_OR_NOT_XML = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
             "\t": "&#9;"}


def guid(kind: str, ident: str) -> str:
    """``ident`` itself when it is a UUID in lower case, else a UUID derived from it (uuid5;
    an upper-case UUID too: lowered, two ids alike but for case would be one GUID)."""
    if len(ident) == 36 and GUID.fullmatch(ident):
        return ident
    return derived(kind, ident)


def derived(kind: str, ident: str) -> str:
    """uuid5(annotator's namespace, "kind:ident"): the GUID of a thing annotator has no UUID for
    (computed as uuid.uuid5 does, without its objects: a third of the time). The version nibble
    is 5, the variant's two bits 10."""
    prefix = _KIND.get(kind) or _KIND.setdefault(kind, _NAMESPACE_BYTES + f"{kind}:".encode())
    x = _sha1(prefix + ident.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


def derived_many(kind: str, idents: list[str]) -> list[str]:
    """derived(kind, ident) of each, in one pass."""
    prefix = _KIND.get(kind) or _KIND.setdefault(kind, _NAMESPACE_BYTES + f"{kind}:".encode())
    sha1, variant = _sha1, _VARIANT
    return [f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{variant[x[16]]}{x[17:20]}-{x[20:32]}"
            for x in [sha1(prefix + i.encode("utf-8", "surrogatepass")).hexdigest()
                      for i in idents]]


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}
_KIND: dict[str, bytes] = {}  # kind -> the namespace's bytes and "kind:"
_sha1 = hashlib.sha1
# The Note listing the ids written as UUIDs derived from them (refi_loss.originals: by kind, as
# JSON), so that a file annotator wrote, imported back, has them again (refi_ids.restore_ids)
IDS_NOTE = derived("note", "original ids")
IDS_NOTE_NAME = "annotator: the ids of these UUIDs"


def xml_text(value: str) -> str:
    """``value`` with what XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if _NOT_XML.search(value) else value


def _attr(value: str) -> str:
    if not _ATTRIBUTE_OR_NOT_XML.search(value):
        return value
    value = xml_text(value)
    return _ATTRIBUTE.sub(lambda m: _ENTITIES[m.group()], value) if _ATTRIBUTE.search(value) \
        else value


def _attrs(values: list[str]) -> list[str]:
    """_attr of each: one search of them all, when none needs escaping (most spans' texts)."""
    if not _ATTRIBUTE_OR_NOT_XML.search("".join(values)):
        return values
    return [_attr(value) for value in values]


def _content(value: str) -> str:
    value = xml_text(value)
    return _CONTENT.sub(lambda m: _ENTITIES[m.group()], value) if _CONTENT.search(value) \
        else value


def xsd_time(value: str | None) -> str | None:
    if not value:
        return None
    if _XSD_TIME.fullmatch(value):
        return value
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        return None


class _Writer:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.users: dict[str, str] = {}  # name -> guid
        self.notes: list[str] = []
        self.variables: dict[str, str] = {}  # name -> guid, in first use order
        self.tags = {t.name: derived("tag", t.name) for t in bundle.tags}
        self.extra_tags: list[TagIn] = []
        self.mentions: dict[str, list[str]] = {}  # actor id -> selection guids
        self.directed = {t.name: t.directed for t in bundle.link_types}
        # A time as written, by the stored value (spans share a few thousand of them at most).
        self.times: dict[str | None, str | None] = {}

    def time(self, value: str | None) -> str | None:
        try:
            return self.times[value]
        except KeyError:
            found = self.times[value] = xsd_time(value)
            return found

    def user(self, name: str) -> str:
        found = self.users.get(name)
        if found is None:
            found = self.users[name] = derived("user", name)
        return found

    def variable(self, name: str) -> str:
        found = self.variables.get(name)
        if found is None:
            found = self.variables[name] = derived("variable", name)
        return found

    def note(self, owner: str, kind: str, text: str, who: str, when: str | None) -> str:
        ident = derived("note", f"{kind}:{owner}")
        time = f' creationDateTime="{when}"' if when else ""
        self.notes.append(f'<Note guid="{ident}" name="{_attr(f"Note on {kind} {owner}")}" '
                          f'creatingUser="{who}"{time}><PlainTextContent>{_content(text)}'
                          "</PlainTextContent></Note>")
        return ident

    def project(self) -> tuple[bytes, list[tuple[str, str]]]:
        """The XML as bytes. Each source is encoded on its own: one str of them all would be
        widened to the widest character anywhere (4 bytes each after one emoji), then encoded."""
        middle: list[bytes] = []
        head, tail, files = self.parts(middle.append)
        return b"".join([head, *middle, tail]), files

    def parts(self, deliver) -> tuple[bytes, bytes, list[tuple[str, str]]]:
        """The XML in three parts: its head and its tail (returned) and, between them, the
        Sources element given to ``deliver`` piece by piece as each article's is made (it
        comes first: what the head lists, users and variables, is known once it is made)."""
        bundle = self.bundle
        files: list[tuple[str, str]] = []
        selection_of: dict[str, str] = {}
        if bundle.articles:
            deliver(b"<Sources>")
            for article in bundle.articles:
                deliver(self.source(article, files, selection_of))
            deliver(b"</Sources>")
        cases = [self.case(actor) for actor in bundle.actors]
        links = [self.link(k, selection_of) for k in bundle.links
                 if k.from_id in selection_of and k.to_id in selection_of]
        out = ['<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
               f'<Project xmlns="{NS}" name="annotator project" origin="{ORIGIN}">']
        if self.users:
            out.append("<Users>")
            out += [f'<User guid="{ident}" name="{_attr(name)}"/>'
                    for name, ident in self.users.items()]
            out.append("</Users>")
        tags = [*bundle.tags, *self.extra_tags]
        if tags:
            out.append("<CodeBook><Codes>")
            for tag in tags:
                color = f' color="{tag.color}"' if tag.color else ""
                head = (f'<Code guid="{self.tags[tag.name]}" name="{_attr(tag.name)}" '
                        f'isCodable="true"{color}')
                out.append(f"{head}><Description>{_content(tag.description)}</Description>"
                           "</Code>" if tag.description else f"{head}/>")
            out.append("</Codes></CodeBook>")
        if self.variables:
            out.append("<Variables>")
            out += [f'<Variable guid="{ident}" name="{_attr(name)}" typeOfVariable="Text"/>'
                    for name, ident in self.variables.items()]
            out.append("</Variables>")
        if cases:
            out += ["<Cases>", *cases, "</Cases>"]
        known = originals(bundle)
        if known:
            self.notes.append(f'<Note guid="{IDS_NOTE}" name="{IDS_NOTE_NAME}"><PlainTextContent>'
                              f"{_content(json.dumps(known))}</PlainTextContent></Note>")
        tail = []
        for name, items in (("Notes", self.notes), ("Links", links)):
            if items:
                tail += [f"<{name}>", *items, f"</{name}>"]
        tail.append("</Project>\n")
        return _utf8("".join(out)), _utf8("".join(tail)), files

    def source(self, article, files: list[tuple[str, str]], selection_of: dict[str, str]
               ) -> bytes:
        ident = guid("article", article.id)
        name = f"{ident}.txt"
        files.append((f"{SOURCES_DIR}/{name}", article.text))
        when = xsd_time(article.imported_at)
        time = f' creationDateTime="{when}"' if when else ""
        out = [f'<TextSource guid="{ident}" name="{_attr(article.title)}" '
               f'plainTextPath="internal://{name}"{time}>']
        spans = article.annotations
        for a, ident, coding, name, times in zip(
                spans, self.guids(spans), derived_many("coding", [a.id for a in spans]),
                _attrs([a.text for a in spans]), self.stamps(spans), strict=True):
            selection_of[a.id] = self.selection(out, a, ident, coding, name, *times)
        for key in ("source", "url", "author", "published"):
            value = getattr(article, key)
            if value:
                out.append(self.value(VARIABLES[key], value))
        out.append("</TextSource>")
        # (bytes: see project(); each piece encoded, as one str of them all is four bytes a
        # character after one emoji, to join and to encode)
        return b"".join([piece.encode("utf-8", "surrogatepass") for piece in out])

    @staticmethod
    def guids(spans) -> list[str]:
        """Each span's GUID (guid("annotation", id)); one check of all the ids, usually UUIDs."""
        ids = [a.id for a in spans]
        if all_guids(ids):  # (UUIDs in lower case: themselves)
            return ids
        return [guid("annotation", a.id) for a in spans]

    def stamps(self, spans) -> list[tuple[str | None, str | None]]:
        """Each span's (creation, modification) times as written: one check of all of them,
        usually already as the XSD wants them, else each the careful way (xsd_time)."""
        times = [t for a in spans for t in (a.created_at, a.updated_at)]
        if all(map(_XSD_TIME.fullmatch, set(times))):  # (most spans' two times are one)
            return list(zip(times[0::2], times[1::2], strict=True))
        return [(self.time(a.created_at), self.time(a.updated_at)) for a in spans]

    def selection(self, out: list[str], a, ident: str, coding: str, name: str,
                  created: str | None, updated: str | None) -> str:
        """A span's PlainTextSelection, given its GUID, its coding's, its text as an attribute
        and its times as written."""
        who = self.users.get(a.annotator or "unknown") or self.user(a.annotator or "unknown")
        made = f' creationDateTime="{created}"' if created else ""
        changed = f' modifiedDateTime="{updated}"' if updated else ""
        code = self.tags.get(a.tag)
        if code is None:  # (a bundle lists every tag it uses; kept safe all the same)
            code = self.tags[a.tag] = derived("tag", a.tag)
            self.extra_tags.append(TagIn(a.tag, None, ""))
        if a.actor is not None:
            self.mentions.setdefault(a.actor, []).append(ident)
        note = (f'<NoteRef targetGUID="{self.note(a.id, "annotation", a.note, who, updated)}"/>'
                if a.note else "")
        out.append(f'<PlainTextSelection guid="{ident}" name="{name}" '
                   f'startPosition="{a.start}" endPosition="{a.end}" creatingUser="{who}"{made} '
                   f'modifyingUser="{who}"{changed}><Coding guid="{coding}" '
                   f'creatingUser="{who}"{made}><CodeRef targetGUID="{code}"/></Coding>'
                   f"{note}</PlainTextSelection>")
        return ident

    def value(self, name: str, text: str) -> str:
        return (f'<VariableValue><VariableRef targetGUID="{self.variable(name)}"/>'
                f"<TextValue>{_content(text)}</TextValue></VariableValue>")

    def case(self, actor) -> str:
        out = [f'<Case guid="{guid("actor", actor.id)}" name="{_attr(actor.name)}">']
        if actor.description:
            out.append(f"<Description>{_content(actor.description)}</Description>")
        if actor.kind:
            out.append(self.value(VARIABLES["kind"], actor.kind))
        if actor.aliases:
            out.append(self.value(VARIABLES["aliases"],
                                  json.dumps(list(actor.aliases), ensure_ascii=False)))
        out += [f'<SelectionRef targetGUID="{ident}"/>' for ident in self.mentions.get(actor.id, ())]
        out.append("</Case>")
        return "".join(out)

    def link(self, k, selection_of: dict[str, str]) -> str:
        direction = "OneWay" if self.directed.get(k.type, True) else "Associative"
        note = ""
        if k.note:
            ident = self.note(k.id, "link", k.note, self.user(k.annotator or "unknown"),
                              xsd_time(k.updated_at))
            note = f'<NoteRef targetGUID="{ident}"/>'
        return (f'<Link guid="{guid("link", k.id)}" name="{_attr(k.type)}" '
                f'direction="{direction}" originGUID="{selection_of[k.from_id]}" '
                f'targetGUID="{selection_of[k.to_id]}">{note}</Link>' if note else
                f'<Link guid="{guid("link", k.id)}" name="{_attr(k.type)}" '
                f'direction="{direction}" originGUID="{selection_of[k.from_id]}" '
                f'targetGUID="{selection_of[k.to_id]}"/>')


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def project_xml(bundle: Bundle) -> tuple[bytes, list[tuple[str, str]]]:
    """The project.qde's bytes and the source files (path in the zip, text)."""
    return _Writer(bundle).project()


@no_gc()
def write_refi(bundle: Bundle, target, *, before=None) -> LossReport:
    report = loss(bundle)
    if before is not None:
        before(report)
    # The project.qde is compressed (deflate level 1: the XML is repetitive enough that it packs
    # nearly as well, in a third of the time) in a thread while it is made: each article's
    # Sources piece as it comes, the head and the tail apart; the pieces chain into one stream.
    deflater = Deflater()
    kept: list[bytes] = []

    def deliver(piece: bytes) -> None:
        kept.append(piece)
        deflater.add(piece)

    try:
        head, tail, files = _Writer(bundle).parts(deliver)
    finally:
        middle = deflater.finish()
    crc = zlib.crc32(head)
    for piece in kept:
        crc = zlib.crc32(piece, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + sum(map(len, kept)) + len(tail)
    members = [(PROJECT_FILE, crc, size, [deflate(head, False), *middle, deflate(tail, True)])]
    # (a text whose first character is U+FEFF gets a BOM before it, which readers take off,
    # as they take off QualCoder's: read without one, that character was taken for the BOM)
    texts = [(path, ("\ufeff" * text.startswith("\ufeff") + text).encode("utf-8", "surrogatepass"))
             for path, text in files]
    members += [(path, zlib.crc32(data), len(data), [deflate(data, True)]) for path, data in texts]
    if not write_zip(target, members):  # (too large for a zip without zip64 records)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=1) as archive:
            archive.writestr(PROJECT_FILE, b"".join([head, *kept, tail]))
            for path, data in texts:
                archive.writestr(path, data)
    return report
