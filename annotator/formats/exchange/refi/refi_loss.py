"""What the ``refi`` format cannot hold of a bundle, counted before it is written (refi_write;
domain/loss.py): annotations' attributes, link types' descriptions, links' annotators and times,
the characters XML 1.0 cannot hold (written as U+FFFD) and ids that are not UUIDs (written as
UUIDs derived from them, their originals listed in a note: ``originals``)."""

from __future__ import annotations

import re
from operator import attrgetter

from ....domain.bundle import Bundle
from ....domain.loss import LossReport
from ..shared.foreign_write import NOT_XML, add_loss, link_type_losses

# An id written as it is (any other is written as a UUID derived from it, refi_write.guid)
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX = b"0123456789abcdef-"
_NOTE, _ID, _ANNOTATOR = attrgetter("note"), attrgetter("id"), attrgetter("annotator")
_NOT_XML_LOSS = ("title, note or other text with characters XML cannot hold",
                 "titles, notes or other texts with characters XML cannot hold",
                 "those characters written as U+FFFD (imported, a link's note holding U+FFFD, "
                 "as written or as it was already, is left out; imported back into this "
                 "project, none changes)")


def loss(bundle: Bundle) -> LossReport:
    report = LossReport.of(bundle, "refi", ("attributes",))
    link_type_losses(report, bundle, directions=False)  # (descriptions: the defaults' come back)
    add_loss(report, "link's annotator and time", "links' annotators and times",
             len(bundle.links))
    # (a link's note holding U+FFFD itself is read back as one of those: left out)
    n = not_xml(bundle) + sum(1 for k in bundle.links if k.note and "\ufffd" in k.note and
                              not NOT_XML.search(k.note))
    add_loss(report, *_NOT_XML_LOSS[:2], n, _NOT_XML_LOSS[2])
    report.articles = len(bundle.articles)
    report.annotations = bundle.annotation_count
    return report


def not_xml(bundle: Bundle) -> int:
    """How many of the texts the project.qde holds (titles, article details, notes,
    descriptions, names: not the spans' texts, whose sources hold them exactly) have characters
    XML 1.0 cannot hold (refi_write.xml_text replaces them). Spans' notes and coders are searched
    joined, an article's at a time, as they rarely have any."""
    texts = [x for article in bundle.articles for x in (
        article.title, article.source, article.url, article.author, article.published) if x]
    texts += [x for t in bundle.tags for x in (t.name, t.description)]
    texts += [x for a in bundle.actors for x in (a.name, a.description, a.kind or "", *a.aliases)]
    texts += [x for k in bundle.links for x in (k.type, k.note or "", k.annotator or "")]
    coders: set[str] = set()
    for article in bundle.articles:
        spans = article.annotations
        if NOT_XML.search("".join(map(_NOTE, spans))):
            texts += [a.note for a in spans if a.note]
        coders.update(map(_ANNOTATOR, spans))
    texts += filter(None, coders)
    return sum(1 for x in texts if NOT_XML.search(x)) if NOT_XML.search("".join(texts)) else 0


def originals(bundle: Bundle) -> dict[str, list[str]]:
    """The ids of articles, spans, actors and links that are not written as they are (not a
    UUID in lower case: refi_write.guid derives a UUID from it), by kind
    (refi_write.guid's); kinds without any left out. One search of each article's span ids,
    usually all UUIDs."""
    found = {"article": [a.id for a in bundle.articles if not GUID.fullmatch(a.id)],
             "annotation": [], "actor": [a.id for a in bundle.actors if not GUID.fullmatch(a.id)],
             "link": [k.id for k in bundle.links if not GUID.fullmatch(k.id)]}
    for article in bundle.articles:
        ids = list(map(_ID, article.annotations))
        if not all_guids(ids):
            found["annotation"] += [i for i in ids if not GUID.fullmatch(i)]
    return {kind: ids for kind, ids in found.items() if ids}


def all_guids(ids: list[str]) -> bool:
    """Whether each is a UUID in lower case (GUID.fullmatch of each, in a few calls into C:
    regular expressions took a third of a second a million ids)."""
    n = len(ids)
    if not n or set(map(len, ids)) != {36}:
        return not n
    joined = "".join(ids)
    try:
        if joined.encode("ascii").translate(None, _HEX):
            return False
    except UnicodeEncodeError:
        return False
    dashes = "-" * n
    return joined.count("-") == 4 * n and all(joined[k::36] == dashes for k in (8, 13, 18, 23))
