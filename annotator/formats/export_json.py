"""Write the export format, version 1 (DESIGN.md section 3), streaming.

The caller hands over the header, the tags and an iterator of articles, each with an iterator of
annotation rows already in (start, end, tag, id) order; nothing is held in memory but one article.
Output is deterministic: fixed key order, one annotation per line, UTF-8 without escapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

import orjson

from ..domain.model import Tag
from ..errors import ProjectError

FORMAT = "annotator-export"
VERSION = 1
ARTICLE_KEYS = ("id", "title", "source", "url", "author", "published", "imported_at",
                "text_sha256", "text")
ANNOTATION_KEYS = ("id", "tag", "start", "end", "text", "note", "annotator", "created_at",
                   "updated_at")
_FLUSH_AT = 1 << 20


class ExportInconsistent(ProjectError):
    """The stored data breaks an invariant: our bug or a damaged file, never the user's input."""


def _dumps(value) -> bytes:
    return orjson.dumps(value)


def write_export(out: BinaryIO, *, exported_at: str, tags: Iterable[Tag],
                 articles: Iterable[tuple[dict, Iterable[tuple]]],
                 progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Write one export; ``articles`` yields (article fields, annotation rows as tuples in
    ANNOTATION_KEYS order). Returns (article count, annotation count). ``progress`` is called
    with the number of annotations written so far, about once per megabyte."""
    buffer = bytearray()
    head = {"format": FORMAT, "version": VERSION, "exported_at": exported_at,
            "offsets": "codepoints"}
    buffer += b"{\n" + b",\n".join(b'  "%s": %s' % (key.encode(), _dumps(value))
                                  for key, value in head.items())
    tag_lines = [b"    " + _dumps({"name": t.name, "color": t.color, "description": t.description})
                 for t in tags]
    buffer += b',\n  "tags": [\n' + b",\n".join(tag_lines) + b'\n  ],\n  "articles": ['
    n_articles = n_annotations = 0
    for article, rows in articles:
        text = article["text"]
        fields = {key: article[key] for key in ARTICLE_KEYS}
        buffer += (b"," if n_articles else b"") + b"\n    " + _dumps(fields)[:-1] + b',"annotations":['
        first = True
        for row in rows:
            _check(article["id"], text, row)
            annotation = dict(zip(ANNOTATION_KEYS, row, strict=False))
            buffer += (b"\n      " if first else b",\n      ") + _dumps(annotation)
            first = False
            n_annotations += 1
            if len(buffer) > _FLUSH_AT:
                out.write(buffer)
                buffer.clear()
                if progress:
                    progress(n_annotations)
        buffer += b"]}" if first else b"\n    ]}"
        n_articles += 1
    buffer += b"\n  ]\n}\n" if n_articles else b"]\n}\n"
    out.write(buffer)
    return n_articles, n_annotations


def _check(article_id: str, text: str, row: tuple) -> None:
    start, end, span = row[2], row[3], row[4]
    if not (0 <= start < end <= len(text)) or text[start:end] != span:
        raise ExportInconsistent(
            f"annotation {row[0]} of article {article_id} does not match the article text "
            f"({start}-{end}); the project may be damaged")


def iter_annotations_as_rows(annotations: Iterable) -> Iterator[tuple]:
    """Domain Annotation objects -> rows in ANNOTATION_KEYS order (for small exports and tests)."""
    for a in annotations:
        yield (a.id, a.tag, a.start, a.end, a.text, a.note, a.annotator, a.created_at, a.updated_at)
