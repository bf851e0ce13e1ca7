"""The registry's ``uima-xmi`` format (issue 11, import only): UIMA CAS XMI, as INCEpTION, WebAnno
and DKPro Core write it.

One file is one article: the initial view's sofa text (``cas:Sofa`` ``sofaString``; XML
character references such as ``&#129303;`` and ``&#13;&#10;`` are characters of it). ``begin``
and ``end`` are Java ``String`` indices, i.e. UTF-16 units; they are converted exactly
(foreign_text), through canonicalisation when the text has CRLF or is not NFC; a span that
cannot be placed exactly (out of range, inside a surrogate pair, zero-width) is refused and said.

Choices as uima-json's: every annotation of the initial view except structural types; tag = its
``value`` feature, else the type's short name (the type is the element's namespace made a Java
package: ``http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore`` + ``NamedEntity``);
``Governor``/``Dependent`` relations and slot features (``role``/``target`` objects named by
an annotation's feature) between imported spans as links.

Safety: parsed with the standard library's ``xml.etree``; a file declaring a DTD or entities
(which an XMI never has) is refused before parsing, so no entity is ever expanded or fetched,
and so is one that is not UTF-8 or declares another encoding (its bytes could hide a DTD from
that search); the file is read with the size cap of the other readers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ....domain.bundle import BARE, Bundle
from ...encoding.decode import read_capped
from ...export.export_read import MAX_EXPORT_BYTES
from ...export.export_scan import Refuse
from ..shared.foreign_read import article_of
from .uima_json import UimaLinks, _refused, _short, _structural, uima_span

__all__ = ["detect", "read"]

XMI = "http://www.omg.org/XMI"
CAS = "http:///uima/cas.ecore"
_ID = f"{{{XMI}}}id"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_INT = re.compile(r"-?\d{1,12}")
WHO = "uima"


def detect(path: Path, head: bytes) -> bool:
    text = head[:8192]
    return b"<" in text[:200] and XMI.encode() in text and CAS.encode() in text


def _type(tag: str) -> str:
    """``{http:///de/tudarmstadt/.../type.ecore}NamedEntity`` -> the Java type name."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    package = uri.removeprefix("http:///").removesuffix(".ecore").strip("/").replace("/", ".")
    return f"{package}.{local}" if package else local


def _root(path: Path) -> ET.Element:
    data = read_capped(path, MAX_EXPORT_BYTES).removeprefix(b"\xef\xbb\xbf")
    declared = _DECLARED.match(data)
    if b"\x00" in data[:4096] or data.startswith((b"\xff\xfe", b"\xfe\xff")) or (
            declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        _refused(path, "is not in UTF-8, which UIMA writes XMI in (or declares another "
                 "encoding); refused unread")
    if _DTD.search(data):
        _refused(path, "declares a DTD or entities, which UIMA XMI never has; refused unread")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        _refused(path, f"is not well-formed XML ({exc})")


def _sofa(root: ET.Element, path: Path) -> tuple[str, str]:
    sofas = [e for e in root if e.tag == f"{{{CAS}}}Sofa"]
    sofa = next((s for s in sofas if s.get("sofaID") == "_InitialView"), None) or \
        (sofas[0] if sofas else None)
    if sofa is None:
        _refused(path, "is UIMA XMI without a cas:Sofa (the document's text)")
    text = sofa.get("sofaString")
    if text is None:
        _refused(path, "has a sofa without its text (a sofaURI or sofaArray instead of "
                       "sofaString)")
    return sofa.get(_ID, ""), text


def read(path: Path, *, now: str) -> Bundle:
    path = Path(path)
    root = _root(path)
    if root.tag != f"{{{XMI}}}XMI":
        _refused(path, f"its root element is {root.tag!r}, not xmi:XMI")
    sofa_id, raw = _sofa(root, path)
    by_id = {e.get(_ID): e for e in root if e.get(_ID) is not None}
    view = next((e for e in root if e.tag == f"{{{CAS}}}View" and e.get("sofa") == sofa_id),
                None)
    members = set((view.get("members") or "").split()) if view is not None else None
    items = [e for e in root if e.get("sofa") == sofa_id and e.get(_ID) is not None
             and (members is None or e.get(_ID) in members)]
    try:
        foreign, article = article_of(raw, {}, str(path))
    except Refuse as exc:
        _refused(path, str(exc).removeprefix(f"{path}: "))
    bundle = Bundle(tags=[], articles=[article], version=2, lacks=BARE)
    spans: dict[str, str] = {}
    relations: list[tuple[str, str, ET.Element]] = []
    for element in items:
        fid, type_name = element.get(_ID, ""), _type(element.tag)
        place = f"{path}, {_short(type_name)} xmi:id {fid}"
        if element.get("Governor") is not None and element.get("Dependent") is not None:
            relations.append((fid, type_name, element))
            continue
        begin, end = element.get("begin"), element.get("end")
        if begin is None or end is None or _structural(type_name):
            continue
        ok = _INT.fullmatch(begin) and _INT.fullmatch(end)
        made = uima_span(bundle, foreign, place, element.get("value"), type_name,
                         int(begin) if ok else begin, int(end) if ok else end,
                         f"uima-xmi:{fid}", now)
        if made is not None:
            spans[fid] = made
    links = UimaLinks(bundle, spans)
    for fid, type_name, element in relations:
        label = next((v for k in ("value", "DependencyType") if (v := element.get(k))
                      and v.strip()), _short(type_name))
        links.add(label, element.get("Governor") or "", element.get("Dependent") or "",
            f"{path}, {_short(type_name)} xmi:id {fid}")
    for element in items:  # slot features: references to objects with role and target
        fid = element.get(_ID, "")
        if fid not in spans:
            continue
        for key, value in element.attrib.items():
            refs = value.split() if key not in ("sofa", "begin", "end", _ID) else []
            for ref in refs:
                slot = by_id.get(ref)
                if slot is not None and slot.get("target") is not None and slot is not element:
                    role = slot.get("role")
                    links.add(role if role and role.strip() else key, fid, slot.get("target") or "",
                        f"{path}, {_short(_type(slot.tag))} xmi:id {ref}")
    return links.close(path, now)
