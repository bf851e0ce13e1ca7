"""The registry's ``w3c`` format: W3C Web Annotation Data Model, JSON-LD (DESIGN.md section 10).

Written: one ``AnnotationCollection`` whose first page is inline (``first: {type:
AnnotationPage, items: [...]}``), deterministic (no export time in it):
- a span is an ``Annotation`` with id ``urn:annotator:annotation:<id>``; its ``target`` is
  ``{source: urn:annotator:article:<article id>, selector: [TextPositionSelector (code points),
  TextQuoteSelector (exact, prefix and suffix of up to 32 characters)]}``; its ``body`` holds the
  tag (a ``TextualBody``, ``purpose: tagging``), the note (``purpose: commenting``, only when
  there is one) and the actor (a ``SpecificResource``, ``purpose: identifying``, ``source:
  urn:annotator:actor:<id>``); ``creator`` (a Person named after the annotator), ``created``
  and ``modified`` are the standard properties; the attributes go in ``annotator:attributes``;
- a link is an ``Annotation`` with id ``urn:annotator:link:<id>``, ``motivation: linking``, its
  type in a ``TextualBody`` with ``purpose: tagging`` (as Recogito and INCEpTION write a
  relation's label), its note as for a span, and ``target: [{id: from}, {id: to}]`` in that order;
- what the model has no place for is carried in extension properties of our own JSON-LD
  context (prefix ``annotator:``, JSON literals): the collection's ``annotator:articles`` (id,
  title, source, URL, author, date, text and its SHA-256), ``annotator:tags``,
  ``annotator:linkTypes`` and ``annotator:actors`` (as in the JSON export). So nothing is lost,
  and an import rebuilds the project.

Read: an ``AnnotationCollection`` (``items`` or ``first.items``, following no ``next`` page), an
``AnnotationPage``, one ``Annotation`` or a JSON list of them (Recogito, INCEpTION). A target's
article is the file's ``annotator:articles`` entry of that IRI (or URL); else the project's
article of that IRI, else of that URL, else the one article holding its quote (the file then only
points at it: ArticleIn.reference, resolved by storage.merge.bundle_resolve). Offsets are code points;
a span whose position does not give its ``exact`` text is re-anchored by the quote (with its
prefix and suffix) when that is unambiguous (said in Bundle.said), else refused (Bundle.refused),
as are spans of articles the project does not have. Tagging or classifying bodies become tags
(an annotation with two tags becomes two spans), other text bodies its note; an annotation
without a tag gets its motivation as tag, else ``annotation``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ....domain.bundle import Bundle
    from ....domain.loss import LossReport

ANNOTATION_IRI = "urn:annotator:annotation:"
ARTICLE_IRI = "urn:annotator:article:"
ACTOR_IRI = "urn:annotator:actor:"
LINK_IRI = "urn:annotator:link:"
COLLECTION_IRI = "urn:annotator:collection:export"
VOCAB = "urn:annotator:vocab:"
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXTENSIONS = ("annotator:articles", "annotator:tags", "annotator:linkTypes", "annotator:actors",
              "annotator:attributes")
# Our context: the W3C one, then our prefix, every extension a JSON literal (JSON-LD 1.1).
CONTEXT = [W3C_CONTEXT, {"@version": 1.1, "annotator": VOCAB,
                         **{key: {"@type": "@json"} for key in EXTENSIONS}}]
CONTEXT_CHARS = 32  # prefix and suffix of a TextQuoteSelector


def detect(path: Path, head: bytes) -> bool:
    from ...registry import json_kind

    return json_kind(head) == "w3c"


def read(path: Path, *, now: str) -> Bundle:
    from .w3c_read import read_w3c

    return read_w3c(Path(path), now)


def write(source, target, *, before=None) -> LossReport:
    from .w3c_write import write_w3c

    return write_w3c(source.bundle(), target, before=before)
