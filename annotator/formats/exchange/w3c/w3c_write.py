"""Writing the ``w3c`` format (the mapping: formats.exchange.w3c.w3c)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # (a JSON string, not ASCII-escaped)

from ..shared.foreign_write import no_gc
from ....domain.bundle import AnnotationIn, ArticleIn, Bundle, LinkIn
from ....domain.loss import LossReport
from .w3c import (ACTOR_IRI, ANNOTATION_IRI, ARTICLE_IRI, COLLECTION_IRI, CONTEXT,
                  CONTEXT_CHARS, LINK_IRI)


def _textual(value: str, purpose: str) -> dict:
    return {"type": "TextualBody", "value": value, "purpose": purpose}


def _creator(name: str) -> dict:
    return {"type": "Person", "name": name}


def span_annotation(article: ArticleIn, a: AnnotationIn) -> dict:
    text = article.text
    body = [_textual(a.tag, "tagging")]
    if a.note:
        body.append(_textual(a.note, "commenting"))
    if a.actor:
        body.append({"type": "SpecificResource", "purpose": "identifying",
                     "source": ACTOR_IRI + a.actor})
    quote = {"type": "TextQuoteSelector", "exact": a.text,
             "prefix": text[max(0, a.start - CONTEXT_CHARS):a.start],
             "suffix": text[a.end:a.end + CONTEXT_CHARS]}
    obj = {"id": ANNOTATION_IRI + a.id, "type": "Annotation", "body": body,
           "target": {"source": ARTICLE_IRI + article.id,
                      "selector": [{"type": "TextPositionSelector", "start": a.start,
                                    "end": a.end}, quote]},
           "creator": _creator(a.annotator), "created": a.created_at,
           "modified": a.updated_at}
    if a.attributes:
        obj["annotator:attributes"] = a.attributes
    return obj


def span_line(article: ArticleIn, a: AnnotationIn, line) -> str:
    """span_annotation(article, a) as one line of JSON, written directly (three times faster
    than making the dict and encoding it; test_w3c checks that they agree)."""
    text, q = article.text, _string
    note = f',{{"type":"TextualBody","value":{q(a.note)},"purpose":"commenting"}}' \
        if a.note else ""
    actor = (',{"type":"SpecificResource","purpose":"identifying","source":'
             f'{q(ACTOR_IRI + a.actor)}}}') if a.actor else ""
    attributes = f',"annotator:attributes":{line(a.attributes)}' if a.attributes else ""
    return (f'{{"id":{q(ANNOTATION_IRI + a.id)},"type":"Annotation","body":[{{"type":'
            f'"TextualBody","value":{q(a.tag)},"purpose":"tagging"}}{note}{actor}],"target":'
            f'{{"source":{q(ARTICLE_IRI + article.id)},"selector":[{{"type":'
            f'"TextPositionSelector","start":{a.start},"end":{a.end}}},{{"type":'
            f'"TextQuoteSelector","exact":{q(a.text)},"prefix":'
            f'{q(text[max(0, a.start - CONTEXT_CHARS):a.start])},"suffix":'
            f'{q(text[a.end:a.end + CONTEXT_CHARS])}}}]}},"creator":{{"type":"Person","name":'
            f'{q(a.annotator)}}},"created":{q(a.created_at)},"modified":{q(a.updated_at)}'
            f'{attributes}}}')


def link_annotation(link: LinkIn) -> dict:
    body = [_textual(link.type, "tagging")]
    if link.note:
        body.append(_textual(link.note, "commenting"))
    return {"id": LINK_IRI + link.id, "type": "Annotation", "motivation": "linking",
            "body": body, "target": [{"id": ANNOTATION_IRI + link.from_id},
                                     {"id": ANNOTATION_IRI + link.to_id}],
            "creator": _creator(link.annotator or "unknown"), "created": link.created_at,
            "modified": link.updated_at}


def collection(bundle: Bundle) -> dict:
    """The collection without its annotations (``first.items`` is empty)."""
    count = bundle.annotation_count + len(bundle.links)
    return {
        "@context": CONTEXT,
        "id": COLLECTION_IRI,
        "type": "AnnotationCollection",
        "label": "annotator export",
        "total": count,
        "annotator:articles": [
            {"id": ARTICLE_IRI + a.id, "title": a.title, "source": a.source, "url": a.url,
             "author": a.author, "published": a.published, "imported_at": a.imported_at,
             "text_sha256": a.text_sha256, "text": a.text} for a in bundle.articles],
        "annotator:tags": [{"name": t.name, "color": t.color, "description": t.description}
                           for t in bundle.tags],
        "annotator:linkTypes": [{"name": t.name, "directed": t.directed,
                                 "description": t.description} for t in bundle.link_types],
        "annotator:actors": [{"id": a.id, "name": a.name, "aliases": list(a.aliases),
                              "kind": a.kind, "description": a.description}
                             for a in bundle.actors],
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": []},
    }


def document(bundle: Bundle):
    """The file's text in pieces: the collection indented, then one annotation a line (the
    links after the spans); json's C encoder does the lines (indenting is 4x slower)."""
    head = json.dumps(collection(bundle), ensure_ascii=False, indent=1)
    empty = '"items": []'
    at = head.rindex(empty)
    yield head[:at] + '"items": ['
    line = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = [span_line(article, a, line) for article in bundle.articles
             for a in article.annotations]
    lines += [line(link_annotation(link)) for link in bundle.links]
    for i, item in enumerate(lines):
        yield ("\n  " if i == 0 else ",\n  ") + item
    yield ("\n  ]" if lines else "]") + head[at + len(empty):] + "\n"


@no_gc()
def write_w3c(bundle: Bundle, target, *, before=None) -> LossReport:
    """The whole project as one collection: it holds everything, so the report is empty."""
    report = LossReport("w3c")
    report.articles = len(bundle.articles)
    report.annotations = bundle.annotation_count
    if before is not None:
        before(report)
    chunk: list[str] = []
    for piece in document(bundle):
        chunk.append(piece)
        if len(chunk) == 2000:
            target.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    target.write("".join(chunk).encode("utf-8"))
    return report
