"""The registry's ``uima-json`` format (issue 11, import only): UIMA CAS JSON, as INCEpTION and
dkpro-cassis export it.

One file is one article: the text of the initial view's sofa (``sofaString``). Offsets
(``begin``/``end``) are Java ``String`` indices, i.e. UTF-16 units; the JSON escapes a character
outside the BMP as a surrogate pair, which the parser joins into one code point while the
offsets still count two. They are converted exactly (foreign_text), through canonicalisation
when the text has CRLF or is not NFC; a span that cannot be placed exactly is refused and said.

Shapes read: the current serialisation (``%TYPES``, ``%FEATURE_STRUCTURES`` with ``%ID``,
``%TYPE``, ``@feature`` references, ``%VIEWS``) and the older one (``_referenced_fss``,
``_views._InitialView`` grouping annotations by type, ``_type``).

- Spans: every annotation of the initial view with ``begin`` and ``end`` except structural types
  (tokens, sentences, document metadata, part of speech, lemmas, ...). The tag is its ``value``
  feature when that is a non-empty string (INCEpTION's NamedEntity ``PER`` -> ``PER``), else the
  type's short name (``webanno.custom.SimpleSpan`` -> ``SimpleSpan``).
- Links: an annotation with ``Governor`` and ``Dependent`` features is a relation (type: its
  ``value`` or ``DependencyType`` feature, else the type's short name), kept when both ends are
  spans that were imported; slot features (arrays of link objects with ``role`` and ``target``,
  ``webanno.custom.LinkType``) become links from the host span to each target, named by the role.
- Lost (not in our model): other features, other views, zero-width annotations (refused).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NoReturn

from ....domain.bundle import BARE, Bundle
from ....errors import InputRefused
from ...export.export_fields import ident, tag_name
from ...export.export_read_v2 import check_whole, links as checked_links
from ...export.export_scan import Refuse
from ..shared.foreign_read import (article_of, file_text, finish, json_problem, named_links,
                                   span_in)
from ..shared.foreign_text import ForeignText

__all__ = ["detect", "read"]

_MARK = re.compile(rb'"(?:%TYPES|%FEATURE_STRUCTURES|_referenced_fss|_views)"\s*:')
_SKIP = {"Token", "Sentence", "DocumentMetaData", "DocumentAnnotation", "Sofa", "Paragraph",
         "Lemma", "Stem", "POS", "MorphologicalFeatures", "TokenForm", "Heading", "Div",
         "AnnotationBase"}
_SKIP_PACKAGES = ("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.",
                  "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.",
                  "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.",
                  "org.dkpro.core.api.segmentation.type.", "org.dkpro.core.api.lexmorph.type.",
                  "org.dkpro.core.api.metadata.type.")
WHO = "uima"


def detect(path: Path, head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text[:1] == b"{" and _MARK.search(text[:8192]) is not None


def _refused(path: Path, reason: str) -> NoReturn:
    raise InputRefused(reason, str(path))


def _short(type_name: str) -> str:
    return type_name.rsplit(".", 1)[-1]


def _structural(type_name: str) -> bool:
    return _short(type_name) in _SKIP or type_name.startswith(_SKIP_PACKAGES)


def _ref(fs: dict, name: str) -> object:
    """A reference feature: ``@name`` (current shape) or ``name`` holding an id (older)."""
    value = fs.get("@" + name, fs.get(name))
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _structures(doc: dict, path: Path) -> tuple[str, list[tuple[object, str, dict]], dict, int]:
    """(sofa text, [(id, type, fs)] of the initial view, every fs by id, how many annotations
    name a sofa the file does not have)."""
    by_id: dict[object, dict] = {}
    if isinstance(doc.get("%FEATURE_STRUCTURES"), list):
        for fs in doc["%FEATURE_STRUCTURES"]:
            if isinstance(fs, dict) and "%ID" in fs:
                if not _whole(fs["%ID"]):
                    _refused(path, f"has a feature structure whose %ID, {str(fs['%ID'])[:40]}, "
                             "is not a whole number")
                if by_id.setdefault(fs["%ID"], fs) is not fs:
                    _refused(path, f"gives the id {fs['%ID']} to two feature structures")
        sofas = [fs for fs in by_id.values() if fs.get("%TYPE") == "uima.cas.Sofa"]
        view = (doc.get("%VIEWS") or {}).get("_InitialView") if isinstance(
            doc.get("%VIEWS"), dict) else None
        sofa = next((s for s in sofas if isinstance(view, dict) and s.get("%ID") ==
                     view.get("%SOFA")), None) or next(
            (s for s in sofas if s.get("sofaID") == "_InitialView"), None) or \
            (sofas[0] if sofas else None)
        if sofa is None:
            _refused(path, "is UIMA CAS JSON without a sofa (the document's text)")
        members = view.get("%MEMBERS") if isinstance(view, dict) else None
        chosen = [by_id[m] for m in members if _whole(m) and m in by_id] if isinstance(
            members, list) else list(by_id.values())
        items = [(fs["%ID"], str(fs.get("%TYPE", "")), fs) for fs in chosen
                 if fs.get("@sofa", sofa["%ID"]) == sofa["%ID"]]
        known = {s["%ID"] for s in sofas}
        orphans = sum(1 for fs in chosen if "@sofa" in fs and not (
            _whole(fs["@sofa"]) and fs["@sofa"] in known))
        return _sofa_text(sofa, path), items, by_id, orphans
    referenced = doc.get("_referenced_fss")
    views = doc.get("_views")
    if isinstance(referenced, dict):
        by_id = {_int_key(k): v for k, v in referenced.items() if isinstance(v, dict)}
    sofa = next((fs for fs in by_id.values() if fs.get("_type") in ("Sofa", "uima.cas.Sofa")),
                None)
    if sofa is None:
        _refused(path, "is UIMA CAS JSON without a sofa (the document's text)")
    view = views.get("_InitialView") if isinstance(views, dict) else None
    items = []
    for type_name, group in (view.items() if isinstance(view, dict) else []):
        for index, fs in enumerate(group if isinstance(group, list) else []):
            if isinstance(fs, dict):
                fid = fs.get("_id", f"{type_name}#{index}")
                if isinstance(fid, (list, dict)):  # (no id a reference could name)
                    fid = f"{type_name}#{index}"
                by_id.setdefault(fid, fs)
                items.append((fid, str(fs.get("_type", type_name)), fs))
    return _sofa_text(sofa, path), items, by_id, 0


def uima_span(bundle: Bundle, foreign: ForeignText, place: str, value: str | None, type_name: str,
              begin: object, end: object, key: str, now: str) -> str | None:
    """Add the span of one UIMA annotation (uima-json and uima-xmi): tag = its ``value``
    feature, else the type's short name; ``begin``/``end`` in UTF-16 units, placed exactly.
    Returns the span's id, or None when it is refused (and said in ``bundle.refused``)."""
    tag = value if value and value.strip() else _short(type_name)
    try:
        tag_name(tag, place)
    except Refuse as exc:
        bundle.refused.append(f"{exc}: refused")
        return None
    ok = isinstance(begin, int) and isinstance(end, int)
    placed = foreign.span(begin, end, utf16=True) if ok else None
    if placed is None or placed[0] >= placed[1]:
        bundle.refused.append(
            f"{place}: refused: {foreign.unplaceable(begin, end, utf16=True)}" if placed is None
            else f"{place}: refused: a zero-width annotation at {begin!s}")
        return None
    article = bundle.articles[0]
    prefix, _, fid = key.partition(":")
    span = span_in(foreign, tag, *placed, ident({}, place, f"{prefix}:{article.text_sha256}:"
                                                     f"{fid}:{tag}:{placed[0]}:{placed[1]}"),
                   None, WHO, now)
    bundle.where[span.id] = place
    article.annotations.append(span)
    return span.id


class UimaLinks:
    """The links a UIMA file's relations and slot features make between its imported spans
    (uima-json and uima-xmi): an end that is not an imported span refuses the link, said."""

    def __init__(self, bundle: Bundle, spans: dict) -> None:
        self.bundle, self.spans = bundle, spans
        self.items: list[dict] = []
        self.directions: dict[str, bool] = {}

    def add(self, kind: str, start: object, target: object, place: str) -> None:
        ends = [self.spans.get(start), self.spans.get(target)]
        if None in ends or ends[0] == ends[1]:
            self.bundle.refused.append(f"{place}: refused: its ends are not two imported spans")
            return
        self.directions.setdefault(kind, True)
        self.items.append({"type": kind, "from": ends[0], "to": ends[1], "annotator": WHO,
                           "where": place})

    def close(self, path: Path, now: str) -> Bundle:
        """The bundle with its links, checked whole (a bad one refuses the file)."""
        bundle = self.bundle
        directions, items = named_links(bundle, self.directions, self.items, path)
        finish(bundle, directions)
        try:
            bundle.links = checked_links(items, bundle.link_types, now)
            check_whole(bundle.articles, bundle.actors, bundle.links, bundle.said, str(path))
        except Refuse as exc:
            _refused(path, f"refused: {exc}")
        return bundle


def _whole(value: object) -> bool:
    """Whether ``value`` can be a feature structure's id (a whole number)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _int_key(key: str) -> object:
    return int(key) if key.isdigit() else key


def _sofa_text(sofa: dict, path: Path) -> str:
    text = sofa.get("sofaString")
    if not isinstance(text, str):
        _refused(path, "has a sofa without its text (a sofaURI or data that is not a string)")
    return text


def read(path: Path, *, now: str) -> Bundle:
    path = Path(path)
    try:
        doc = json.loads(file_text(path))
    except json.JSONDecodeError as exc:
        _refused(path, f"is not JSON (line {exc.lineno}: {json_problem(exc)})")
    except ValueError as exc:  # (a number of more than 4,300 digits)
        _refused(path, f"is not JSON annotator can read ({exc})")
    if not isinstance(doc, dict):
        _refused(path, "is not UIMA CAS JSON (not an object)")
    raw, items, by_id, orphans = _structures(doc, path)
    try:
        foreign, article = article_of(raw, {}, str(path))
    except Refuse as exc:
        _refused(path, str(exc).removeprefix(f"{path}: "))
    article.title = path.stem[:1000] if not article.title else article.title
    bundle = Bundle(tags=[], articles=[article], version=2, lacks=BARE)
    if orphans:
        bundle.refused.append(f"{path}: refused: {orphans:,} feature structure"
                              f"{'s' if orphans != 1 else ''} of a sofa the file does not have "
                              "(its @sofa names none)")
    spans: dict[object, str] = {}
    relations: list[tuple[object, str, dict]] = []
    for fid, type_name, fs in items:
        place = f"{path}, feature structure {fid}"
        if _ref(fs, "Governor") is not None and _ref(fs, "Dependent") is not None:
            relations.append((fid, type_name, fs))
            continue
        if "begin" not in fs or "end" not in fs or _structural(type_name):
            continue
        value = fs.get("value")
        made = uima_span(bundle, foreign, place, value if isinstance(value, str) else None,
                         type_name, fs["begin"], fs["end"], f"uima:{fid}", now)
        if made is not None:
            spans[fid] = made
    links = UimaLinks(bundle, spans)
    for fid, type_name, fs in relations:
        label = next((v for k in ("value", "DependencyType") if isinstance(v := fs.get(k), str)
                      and v.strip()), _short(type_name))
        links.add(label, _ref(fs, "Governor"), _ref(fs, "Dependent"),
            f"{path}, feature structure {fid}")
    for fid, _, fs in items:  # slot features: arrays of {role, target}
        if fid not in spans:
            continue
        for key, value in fs.items():
            array = by_id.get(value) if key.startswith("@") and _whole(value) else None
            elements = array.get("%ELEMENTS") if isinstance(array, dict) else None
            for element in elements if isinstance(elements, list) else []:
                slot = by_id.get(element) if _whole(element) else None
                if isinstance(slot, dict) and _ref(slot, "target") is not None:
                    role = slot.get("role")
                    links.add(role if isinstance(role, str) and role.strip() else key[1:], fid,
                        _ref(slot, "target"), f"{path}, feature structure {element}")
    return links.close(path, now)
