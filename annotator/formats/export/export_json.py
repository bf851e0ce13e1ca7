"""Write the export format, version 2 (DESIGN.md sections 3 and 9), streaming.

The caller hands over the header, the tags, link types and actors (a few each), an iterator of
articles, each with an iterator of annotation rows already in (start, end, tag, id) order, and an
iterator of link rows already in (type, from, to, id) order; nothing is held in memory but one
article. Output is deterministic: fixed key order, one annotation (link, actor) per line, UTF-8
without escapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

import orjson

from ...domain.model import Actor, LinkType, Tag
from ...errors import ProjectError

FORMAT = "annotator-export"
VERSION = 2
ARTICLE_KEYS = ("id", "title", "source", "url", "author", "published", "imported_at",
                "text_sha256", "text")
ANNOTATION_KEYS = ("id", "tag", "start", "end", "text", "note", "annotator", "created_at",
                   "updated_at")
# An annotation row is ANNOTATION_KEYS, then the actor id (or None) and the attributes as stored
# (a JSON object's text, or None when empty).
LINK_KEYS = ("id", "type", "from", "to", "note", "annotator", "created_at", "updated_at")
_FLUSH_AT = 1 << 20


class ExportInconsistent(ProjectError):
    """The stored data breaks an invariant: our bug or a damaged file, never the user's input."""


_dumps = orjson.dumps


def _block(key: str, lines: list[bytes]) -> bytes:
    """',\n  "key": [\n    line,\n    line\n  ]' (or '[]' when empty)."""
    if not lines:
        return b',\n  "%s": []' % key.encode()
    return b',\n  "%s": [\n    ' % key.encode() + b",\n    ".join(lines) + b"\n  ]"


def write_export(out: BinaryIO, *, exported_at: str, tags: Iterable[Tag],
                 articles: Iterable[tuple[dict, Iterable[tuple]]],
                 link_types: Iterable[LinkType] = (), actors: Iterable[Actor] = (),
                 links: Iterable[tuple] = (),
                 progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Write one export; ``articles`` yields (article fields, annotation rows: see above),
    ``links`` yields rows in LINK_KEYS order (undirected ones already smaller id first).
    Returns (article count, annotation count). ``progress`` is called with the number of
    annotations written so far, about once per megabyte."""
    buffer = bytearray()
    head = {"format": FORMAT, "version": VERSION, "exported_at": exported_at,
            "offsets": "codepoints"}
    buffer += b"{\n" + b",\n".join(b'  "%s": %s' % (key.encode(), _dumps(value))
                                  for key, value in head.items())
    buffer += _block("tags", [_dumps({"name": t.name, "color": t.color,
                                      "description": t.description}) for t in tags])
    buffer += _block("link_types", [_dumps({"name": t.name, "directed": bool(t.directed),
                                            "description": t.description}) for t in link_types])
    buffer += _block("actors", [_dumps({"id": a.id, "name": a.name, "aliases": sorted(a.aliases),
                                        "kind": a.kind, "description": a.description})
                                for a in actors])
    buffer += b',\n  "articles": ['
    n_articles = n_annotations = 0
    loads, keys = orjson.loads, ANNOTATION_KEYS
    for article, rows in articles:
        text = article["text"]
        fields = {key: article[key] for key in ARTICLE_KEYS}
        buffer += (b"," if n_articles else b"") + b"\n    " + _dumps(fields)[:-1] + b',"annotations":['
        first = True
        for row in rows:
            _check(article["id"], text, row)
            annotation = dict(zip(keys, row, strict=False))  # the first nine
            if row[9] is not None:
                annotation["actor"] = row[9]
            if row[10] is not None:
                annotation["attributes"] = loads(row[10])
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
    buffer += b"\n  ]" if n_articles else b"]"
    buffer += b',\n  "links": ['
    first = True
    for row in links:
        buffer += (b"\n    " if first else b",\n    ") + _dumps(dict(zip(LINK_KEYS, row, strict=True)))
        first = False
        if len(buffer) > _FLUSH_AT:
            out.write(buffer)
            buffer.clear()
    buffer += b"]\n}\n" if first else b"\n  ]\n}\n"
    out.write(buffer)
    return n_articles, n_annotations


def _check(article_id: str, text: str, row: tuple) -> None:
    start, end, span = row[2], row[3], row[4]
    if not (0 <= start < end <= len(text)) or text[start:end] != span:
        raise ExportInconsistent(
            f"annotation {row[0]} of article {article_id} does not match the article text "
            f"({start}-{end}); the project may be damaged")


def iter_annotations_as_rows(annotations: Iterable) -> Iterator[tuple]:
    """Domain Annotation objects -> rows as write_export takes them (for small exports and
    tests)."""
    for a in annotations:
        attributes = orjson.dumps(a.attributes, option=orjson.OPT_SORT_KEYS).decode() \
            if a.attributes else None
        yield (a.id, a.tag, a.start, a.end, a.text, a.note, a.annotator, a.created_at,
               a.updated_at, a.actor, attributes)
