"""Writing the ``refi`` format (REFI-QDA project, ``.qdpx``; what goes where: formats/refi.py)."""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from datetime import datetime

from lxml import etree

from ..domain.bundle import Bundle, TagIn
from ..domain.loss import LossReport
from .refi import NS, ORIGIN, SOURCES_DIR, VARIABLES

_Q = "{" + NS + "}"
_ID_NAMESPACE = uuid.UUID("3b1f0c52-8a4e-5d7b-9c21-6f0e4a2d8b13")  # derived GUIDs (uuid5)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# What XML 1.0 cannot hold (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XSD_TIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def guid(kind: str, ident: str) -> str:
    """``ident`` itself when it is a UUID (lower case), else a UUID derived from it (uuid5)."""
    if len(ident) == 36 and _UUID.fullmatch(ident):
        return ident.lower()
    return derived(kind, ident)


def derived(kind: str, ident: str) -> str:
    """A UUID made from ``ident`` (uuid5): the GUID of a thing annotator has no id for."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{kind}:{ident}"))


def xml_text(value: str) -> str:
    """``value`` with what XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if _NOT_XML.search(value) else value


def xsd_time(value: str | None) -> str | None:
    if not value:
        return None
    if _XSD_TIME.fullmatch(value):
        return value
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        return None


def loss(bundle: Bundle) -> LossReport:
    report = LossReport.of(bundle, "refi", ("attributes",))
    report.add("link types' descriptions", sum(1 for t in bundle.link_types if t.description))
    report.add("links' annotators and times", len(bundle.links))
    report.articles = len(bundle.articles)
    report.annotations = bundle.annotation_count
    return report


class _Writer:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.users: dict[str, str] = {}  # name -> guid
        self.notes: list[tuple[str, str, str, str | None, str | None]] = []
        self.variables: dict[str, str] = {}  # name -> guid, in first use order
        self.extra_tags: list[TagIn] = []
        self.mentions: dict[str, list[str]] = {}  # actor id -> selection guids
        self.directed = {t.name: t.directed for t in bundle.link_types}

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

    def note(self, owner: str, kind: str, text: str, who: str | None, when: str | None) -> str:
        ident = derived("note", f"{kind}:{owner}")
        self.notes.append((ident, f"Note on {kind} {owner}", text, who, when))
        return ident

    def project(self) -> tuple[etree._Element, list[tuple[str, str]]]:
        bundle = self.bundle
        root = etree.Element(_Q + "Project", nsmap={None: NS}, name="annotator project",
                             origin=ORIGIN)
        sources = []
        files: list[tuple[str, str]] = []
        tags = {t.name for t in bundle.tags}
        selection_of: dict[str, str] = {}
        for article in bundle.articles:
            sources.append(self.source(article, files, selection_of, tags))
        cases = [self.case(actor) for actor in bundle.actors]
        links = [self.link(k, selection_of) for k in bundle.links
                 if k.from_id in selection_of and k.to_id in selection_of]
        if self.users:
            users = etree.SubElement(root, _Q + "Users")
            for name, ident in self.users.items():
                etree.SubElement(users, _Q + "User", guid=ident, name=xml_text(name))
        if bundle.tags or self.extra_tags:
            codes = etree.SubElement(etree.SubElement(root, _Q + "CodeBook"), _Q + "Codes")
            for tag in [*bundle.tags, *self.extra_tags]:
                code = etree.SubElement(codes, _Q + "Code", guid=derived("tag", tag.name),
                                        name=xml_text(tag.name), isCodable="true")
                if tag.color:
                    code.set("color", tag.color)
                if tag.description:
                    etree.SubElement(code, _Q + "Description").text = xml_text(tag.description)
        if self.variables:
            variables = etree.SubElement(root, _Q + "Variables")
            for name, ident in self.variables.items():
                etree.SubElement(variables, _Q + "Variable", guid=ident, name=name,
                                 typeOfVariable="Text")
        if cases:
            etree.SubElement(root, _Q + "Cases").extend(cases)
        if sources:
            etree.SubElement(root, _Q + "Sources").extend(sources)
        if self.notes:
            notes = etree.SubElement(root, _Q + "Notes")
            for ident, name, text, who, when in self.notes:
                note = etree.SubElement(notes, _Q + "Note", guid=ident, name=name)
                if who:
                    note.set("creatingUser", who)
                if when:
                    note.set("creationDateTime", when)
                etree.SubElement(note, _Q + "PlainTextContent").text = xml_text(text)
        if links:
            etree.SubElement(root, _Q + "Links").extend(links)
        return root, files

    def source(self, article, files: list[tuple[str, str]], selection_of: dict[str, str],
               tags: set[str]):
        ident = guid("article", article.id)
        name = f"{ident}.txt"
        files.append((f"{SOURCES_DIR}/{name}", article.text))
        source = etree.Element(_Q + "TextSource", guid=ident, name=xml_text(article.title),
                               plainTextPath=f"internal://{name}")
        when = xsd_time(article.imported_at)
        if when:
            source.set("creationDateTime", when)
        for a in article.annotations:
            selection_of[a.id] = self.selection(source, a, tags)
        for key in ("source", "url", "author", "published"):
            value = getattr(article, key)
            if value:
                self.value(source, VARIABLES[key], value)
        return source

    def selection(self, source, a, tags: set[str]) -> str:
        ident = guid("annotation", a.id)
        who = self.user(a.annotator or "unknown")
        created = xsd_time(a.created_at)
        selection = etree.SubElement(
            source, _Q + "PlainTextSelection", guid=ident, name=xml_text(a.text),
            startPosition=str(a.start), endPosition=str(a.end), creatingUser=who)
        if created:
            selection.set("creationDateTime", created)
        selection.set("modifyingUser", who)
        updated = xsd_time(a.updated_at)
        if updated:
            selection.set("modifiedDateTime", updated)
        coding = etree.SubElement(selection, _Q + "Coding", guid=derived("coding", a.id),
                                  creatingUser=who)
        if created:
            coding.set("creationDateTime", created)
        etree.SubElement(coding, _Q + "CodeRef", targetGUID=derived("tag", a.tag))
        if a.tag not in tags:  # (a bundle lists every tag it uses; kept safe all the same)
            tags.add(a.tag)
            self.extra_tags.append(TagIn(a.tag, None, ""))
        if a.actor is not None:
            self.mentions.setdefault(a.actor, []).append(ident)
        if a.note:
            etree.SubElement(selection, _Q + "NoteRef",
                             targetGUID=self.note(a.id, "annotation", a.note, who, updated))
        return ident

    def value(self, parent, name: str, text: str) -> None:
        value = etree.SubElement(parent, _Q + "VariableValue")
        etree.SubElement(value, _Q + "VariableRef", targetGUID=self.variable(name))
        etree.SubElement(value, _Q + "TextValue").text = xml_text(text)

    def case(self, actor):
        case = etree.Element(_Q + "Case", guid=guid("actor", actor.id),
                             name=xml_text(actor.name))
        if actor.description:
            etree.SubElement(case, _Q + "Description").text = xml_text(actor.description)
        if actor.kind:
            self.value(case, VARIABLES["kind"], actor.kind)
        if actor.aliases:
            self.value(case, VARIABLES["aliases"], json.dumps(list(actor.aliases),
                                                                ensure_ascii=False))
        for ident in self.mentions.get(actor.id, ()):
            etree.SubElement(case, _Q + "SelectionRef", targetGUID=ident)
        return case

    def link(self, k, selection_of: dict[str, str]):
        directed = self.directed.get(k.type, True)
        link = etree.Element(_Q + "Link", guid=guid("link", k.id), name=xml_text(k.type),
                             direction="OneWay" if directed else "Associative",
                             originGUID=selection_of[k.from_id],
                             targetGUID=selection_of[k.to_id])
        if k.note:
            etree.SubElement(link, _Q + "NoteRef", targetGUID=self.note(
                k.id, "link", k.note, self.user(k.annotator or "unknown"), xsd_time(k.updated_at)))
        return link


def project_xml(bundle: Bundle) -> tuple[bytes, list[tuple[str, str]]]:
    """The project.qde's bytes and the source files (path in the zip, text)."""
    root, files = _Writer(bundle).project()
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", standalone=True), files


def write_refi(bundle: Bundle, target, *, before=None) -> LossReport:
    report = loss(bundle)
    if before is not None:
        before(report)
    qde, files = project_xml(bundle)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for path, text in files:
            archive.writestr(path, text.encode("utf-8", "surrogatepass"))
    return report
