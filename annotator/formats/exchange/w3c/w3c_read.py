"""Reading the ``w3c`` format (the mapping: formats.exchange.w3c.w3c). The structure of one annotation (its
target, selectors and bodies) is taken apart in w3c_parts; a run of spans as our writer makes
them is read at once by w3c_fast, with the same result."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from ..shared.gc_pause import gc_paused
from ....domain.anchor import anchor
from ....domain.bundle import ArticleIn, Bundle, LinkIn
from ....domain.model import LinkType
from ....errors import InputRefused
from ...export import export_read_v2 as v2
from ...encoding.decode import read_capped
from ...export.export_fields import checked_text_sha, get, ident, timestamp
from ...export.export_read import MAX_EXPORT_BYTES
from ...export.export_scan import Refuse
from .w3c import ARTICLE_IRI
from .w3c_fast import add_spans, plain_spans
from .w3c_parts import Span, link_parts, span_parts

_ARTICLE_KEYS = ("title", "source", "url", "author", "published")
_RUN = 2048  # annotations offered to w3c_fast at once: a run with an odd one is halved...
_FEW = 64  # ...down to this many, then read one at a time


@gc_paused
def read_w3c(path: Path, now: str) -> Bundle:
    raw = read_capped(path, MAX_EXPORT_BYTES)
    try:
        doc = orjson.loads(raw.removeprefix(b"\xef\xbb\xbf"))  # (three times faster)
        fast = True
    except orjson.JSONDecodeError:  # the standard parser says why (and takes NaN or a lone
        try:                        # surrogate, refused later where they are)
            doc = json.loads(raw.decode("utf-8-sig"))
            fast = False  # (w3c_fast counts on orjson's refusal of lone surrogates)
        except (UnicodeDecodeError, ValueError) as exc:
            raise InputRefused(f"is not JSON ({exc})", str(path)) from None
    try:
        top, items = _items(doc)
        bundle = Bundle(tags=v2.tags(_listed(top, "annotator:tags")), articles=[], version=2,
                        link_types=v2.link_types(_listed(top, "annotator:linkTypes")),
                        actors=v2.actors(_listed(top, "annotator:actors")))
        carried = [_article(obj, i) for i, obj in enumerate(_listed(top, "annotator:articles"))]
    except Refuse as exc:
        raise InputRefused(f"refused: {exc}", str(path)) from None
    reading = _Reading(path, now, bundle, carried)
    for lo in range(0, len(items), _RUN):
        reading.run(items, lo, min(lo + _RUN, len(items)), fast)
    bundle.articles = [*carried, *reading.references.values()]
    if "annotator:actors" not in top:
        _actors_unlisted(bundle, str(path))
    try:
        bundle.links = _links(reading.links, reading.placed_ids(), bundle,
                              "annotator:linkTypes" in top, now)
        v2.check_whole(bundle.articles, bundle.actors, bundle.links, bundle.said, str(path))
    except Refuse as exc:
        raise InputRefused(f"refused: {exc}", str(path)) from None
    return bundle


def _actors_unlisted(bundle: Bundle, source: str) -> None:
    """A file without our list of actors (another tool saved it again without our extensions)
    whose spans still name actors: not refused, the actors are not taken, and a span the project
    has keeps its own (Bundle.lacks "actor"), as from a format that cannot hold actors."""
    named = [a for article in bundle.articles for a in article.annotations if a.actor]
    for a in named:
        a.actor = None
    bundle.lacks |= {"actor"}
    if named:
        one = len(named) == 1
        bundle.said.append(f"{source}: {len(named):,} span{'' if one else 's'} name"
                           f"{'s' if one else ''} an actor, but the file lists no actors "
                           "(annotator:actors): those actors were not taken; spans the project "
                           "has keep their own")


class _Reading:
    """What reading the annotations gathers, and the reading of a run of them: at once by
    w3c_fast when they are all plain spans, else in halves, down to a few read one at a time."""

    def __init__(self, path: Path, now: str, bundle: Bundle, carried: list[ArticleIn]):
        self.path, self.now, self.bundle = path, now, bundle
        self.by_iri = {ARTICLE_IRI + a.id: a for a in carried}
        self.by_url = {a.url: a for a in reversed(carried) if a.url}
        self.references: dict[str, ArticleIn] = {}
        self.links: list[tuple[str, dict]] = []
        self.ids: dict[str, str] = {}  # each placed annotation's id (its first span's, if tags)
        self.fast_ids: list[list[str]] = []  # those of the runs w3c_fast took, not yet in ids
        self.times: set[str] = set()  # the times already checked
        self.taken = self.missed = 0  # annotations w3c_fast took, and those it turned down

    def owner(self, source: str) -> ArticleIn | None:
        return self.by_iri.get(source) or self.by_url.get(source)

    def run(self, items: list, lo: int, hi: int, fast: bool) -> None:
        # (Runs are offered to w3c_fast while those it turned down hold fewer annotations than
        # those it took, and a run more: a file where most are odd is read as before, after one
        # run looked at in vain; taking part of a run costs it a few looks more.)
        if fast and hi - lo >= _FEW and self.missed < self.taken + _RUN:
            if self._at_once(items[lo:hi], lo + 1):
                self.taken += hi - lo
                return
            self.missed += hi - lo
            if hi - lo >= 2 * _FEW:
                middle = (lo + hi) // 2
                self.run(items, lo, middle, fast)
                self.run(items, middle, hi, fast)
                return
        for number in range(lo + 1, hi + 1):
            self.one(items[number - 1], number)

    def _at_once(self, objs: list, first: int) -> bool:
        found = plain_spans(objs, self.owner)
        if found is None:
            return False
        sources, spans = found
        place = f"{self.path}, annotation #"
        ids = [a.id for a in spans]
        self.bundle.where.update(zip(ids, [f"{place}{n}" for n in range(first, first + len(ids))],
                                     strict=True))
        add_spans(sources, spans, self.owner)
        self.fast_ids.append(ids)
        return True

    def placed_ids(self) -> dict[str, str]:
        """``ids`` with those of the fast runs: only links need them, so only made when the file
        has links (each maps to itself: the order they are added in does not matter)."""
        for ids in self.fast_ids if self.links else ():
            self.ids.update(zip(ids, ids, strict=True))
        return self.ids

    def one(self, obj, number: int) -> None:
        """One annotation, the careful way: each problem refused with a sentence."""
        bundle, place = self.bundle, f"{self.path}, annotation #{number}"
        if not isinstance(obj, dict):
            bundle.refused.append(f"{place}: refused: it is not an object")
            return
        if obj.get("motivation") == "linking" or "linking" in _strings(obj.get("motivation")):
            self.links.append((place, obj))
            return
        targets = [t for t in obj.get("target") or [] if isinstance(t, dict) and
                   t.get("selector") is not None] if isinstance(obj.get("target"), list) else []
        if len(targets) > 1:
            # (several texts with one body: a span each, the first with the annotation's id;
            # a target that is a whole resource, a page's IRI, is no text: passed over)
            for i, target in enumerate(targets):
                iri = obj.get("id") if isinstance(obj.get("id"), str) else f"#{number}"
                self.one({**obj, "target": target, **({"id": f"{iri} target {i + 1}"} if i
                                                      else {})}, number)
            bundle.said.append(f"{place}: it has {len(targets)} targets in texts: a span is "
                               "looked for on each")
            return
        try:
            span = span_parts(obj, number, self.now, self.times)
        except Refuse as exc:
            bundle.refused.append(f"{place}: refused: {exc}")
            return
        for a in span.annotations:
            bundle.where[a.id] = place
        owner = self.owner(span.source or "")
        if owner is None and span.quote is None:
            bundle.refused.append(f"{place}: refused: annotation {span.annotations[0].id!r}: "
                                  "it gives a position without a quote (TextQuoteSelector), and "
                                  "the file does not carry its article's text to check it on")
            return
        if owner is None:
            _refer(self.references, span)
            for a in span.annotations:
                bundle.context[a.id] = (span.prefix, span.suffix)
        elif _place(owner, span, place, bundle):
            owner.annotations += span.annotations
        else:
            return
        self.ids[span.annotations[0].id] = span.annotations[0].id


def _items(doc) -> tuple[dict, list]:
    """(the collection or {}, its annotations) of a collection, a page, a list or one annotation."""
    if isinstance(doc, list):
        return {}, doc
    if not isinstance(doc, dict):
        raise Refuse("it is neither a W3C annotation, nor a collection, page or list of them")
    kind = _strings(doc.get("type"))
    if "AnnotationCollection" in kind:
        first = doc.get("first")
        if isinstance(first, dict):
            return doc, _list(first.get("items"), "'first.items'")
        return doc, _list(doc.get("items", []), "'items'")
    if "AnnotationPage" in kind:
        return {}, _list(doc.get("items"), "'items'")
    if "Annotation" in kind or "target" in doc:
        return {}, [doc]
    raise Refuse("it is neither a W3C annotation, nor a collection, page or list of them")


def _list(value, what: str) -> list:
    if not isinstance(value, list):
        raise Refuse(f"{what} should be a list of annotations")
    return value


def _listed(top: dict, key: str) -> list:
    value = top.get(key, [])
    if not isinstance(value, list):
        raise Refuse(f"{key!r} should be a list")
    return value


def _strings(value) -> list:
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
        if isinstance(value, list) else []


def _article(obj, index: int) -> ArticleIn:
    where = f"'annotator:articles' #{index + 1}"
    if not isinstance(obj, dict):
        raise Refuse(f"{where} is not an object")
    text = get(obj, "text", str, where)
    sha = checked_text_sha(text, obj.get("text_sha256"), where)
    iri = get(obj, "id", str, where, required=False)
    plain = {"id": iri.removeprefix(ARTICLE_IRI)} if iri else {}
    title, source, url, author, published = (
        get(obj, key, str, where, required=False, nullable=True) for key in _ARTICLE_KEYS)
    return ArticleIn(ident(plain, where, sha), title or text.strip().split("\n", 1)[0][:200],
                     source, url, author, published, timestamp(obj, "imported_at", where, None),
                     text, sha)


def _refer(references: dict[str, ArticleIn], span: Span) -> None:
    """A span of an article the file does not carry: found later in the project (by id, by URL,
    by quote: storage.merge.bundle_resolve)."""
    source = span.source or ""
    article = references.get(source)
    if article is None:
        if source.startswith(ARTICLE_IRI):
            name, url = source.removeprefix(ARTICLE_IRI), None
        else:
            name, url = source or "(no source named)", source or None
        article = references[source] = ArticleIn(name, name, None, url, None, None, None, "",
                                                 "", reference=True, by_quote=True)
    article.annotations += span.annotations


def _place(article: ArticleIn, span: Span, place: str, bundle: Bundle) -> bool:
    """The span's offsets checked against the carried text; moved to its quote (with its prefix
    and suffix) when they do not give it and that is unambiguous, else refused (False)."""
    text, first = article.text, span.annotations[0]
    if span.quote is None:  # a position alone
        if 0 <= first.start < first.end <= len(text):
            for a in span.annotations:
                a.text = text[a.start:a.end]
            return True
        bundle.refused.append(f"{place}: refused: annotation {first.id!r}: {first.start}-"
                              f"{first.end} is outside its article {article.title!r}")
        return False
    found = anchor(text, first.start, first.end, span.quote, span.prefix, span.suffix)
    if found is None:
        why = "does not occur in" if span.quote not in text else \
            "occurs more than once (with this prefix and suffix) in" if span.prefix or \
            span.suffix else "occurs more than once in"
        bundle.refused.append(f"{place}: refused: annotation {first.id!r}: its text "
                              f"{span.quote[:40]!r} is not at {first.start}-{first.end} and "
                              f"{why} its article {article.title!r}")
        return False
    if first.start >= 0 and found != (first.start, first.end):
        bundle.said.append(f"{place}: annotation {first.id!r} moved from {first.start}-"
                           f"{first.end} to {found[0]}-{found[1]}, where its text "
                           f"{span.quote[:40]!r} is")
    for a in span.annotations:
        a.start, a.end = found
    return True


def _links(found: list[tuple[str, dict]], ids: dict[str, str], bundle: Bundle, own_types: bool,
           now: str) -> list[LinkIn]:
    """The linking annotations whose two targets are annotations of the file; their types are
    added (directed: the targets are in from, to order) when the file does not list them."""
    objs, types = [], {t.name: t for t in bundle.link_types}
    for place, obj in found:
        try:
            parts = link_parts(obj, ids, now)
        except Refuse as exc:
            bundle.refused.append(f"{place}: refused: {exc}")
            continue
        if parts["type"] not in types:
            if own_types:
                bundle.refused.append(f"{place}: refused: its type {parts['type']!r} is not in "
                                      "'annotator:linkTypes'")
                continue
            types[parts["type"]] = LinkType(parts["type"], True, "")
        bundle.where[parts.get("id") or ""] = place
        objs.append(parts)
    if not own_types:  # (those its links use, directed as a guess: a project keeps its own)
        bundle.lacks |= {"link_types", "link_direction"}
        bundle.link_types = list(types.values())
    return v2.links(objs, bundle.link_types, now)
