"""The registry's ``spacy`` format (DESIGN.md section 10, issue 11): JSON Lines, one object per
article, in the shape spaCy's and Prodigy's tools read:

    {"text": "…", "spans": [{"start": 4, "end": 9, "label": "quote", "text": "…", "id": "…",
      "annotator": "…", "created_at": "…", "updated_at": "…"}],
     "meta": {"id": "…", "title": "…", "source": "…", "url": …, "author": …, "published": …}}

Offsets are code points (Python ``str`` indices), end exclusive. Written: the span's id, author
and times as extra keys (Prodigy keeps extra keys), so that an import back into the project
changes nothing. Notes, attributes, actors, links and the tags' colours have no place: counted
before writing.

Read: each line an article (lines with the same text are one article); ``spans`` as a list
(Prodigy) or as spaCy's ``Doc.to_json()`` groups (``{"sc": […]}``) together with ``ents``; a
whole file holding one JSON object or a list of them is read too. A span whose ``text`` is not
at its offsets is moved to where that text is when unambiguous, else refused (naming the line).
Prodigy's ``answer: reject`` and ``answer: ignore`` tasks are skipped and counted; ``tokens``
are not needed and not read. A ``.spacy`` file (DocBin, binary msgpack) is refused with a
sentence: only spaCy reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from .shared.gc_pause import gc_paused
from ...domain.anchor import anchor
from ...domain.bundle import BARE, AnnotationIn, ArticleIn, Bundle, TagIn
from ...domain.loss import LossReport
from ...domain.text import canonicalize, check_storable, text_sha256
from ...errors import InputRefused
from ..export import export_read_v2 as v2
from .shared.foreign_text import ForeignText
from .shared.foreign_write import link_type_losses
from .spacy_plain import plain_spans
from ..export.export_fields import ident, tag_name, timestamp
from ..export.export_scan import Refuse
from ..registry import json_kind

DOCBIN = ("is a spaCy DocBin (.spacy, binary), which only spaCy reads, and spaCy's convert "
          "command makes .spacy files but not the other way: write the documents out as JSON "
          "lines with Doc.to_json() (python: DocBin().from_disk(path).get_docs(nlp.vocab)) and "
          "import that")
_META = ("id", "title", "source", "url", "author", "published")


def detect(path: Path, head: bytes) -> bool:
    return json_kind(head) == "spacy"


def write(source, target, *, before=None, **options) -> LossReport:
    bundle = source.bundle()
    report = LossReport.of(bundle, "spacy", ("notes", "attributes", "actors", "links",
                                             "tag_details"))
    report.articles, report.annotations = len(bundle.articles), bundle.annotation_count
    link_type_losses(report, bundle, directions=False, named=set())  # (no link is written)
    if before is not None:
        before(report)
    for article in bundle.articles:
        spans = [{"start": a.start, "end": a.end, "label": a.tag, "text": a.text, "id": a.id,
                  "annotator": a.annotator, "created_at": a.created_at,
                  "updated_at": a.updated_at} for a in article.annotations]
        meta = {key: getattr(article, key) for key in _META}
        line = json.dumps({"text": article.text, "spans": spans, "meta": meta},
                          ensure_ascii=False, separators=(",", ":"))
        target.write(line.encode("utf-8") + b"\n")
    return report


@gc_paused
def read(path: Path, *, now: str) -> Bundle:
    from ..encoding.decode import read_capped
    from ..export.export_read import MAX_EXPORT_BYTES

    path = Path(path)
    if path.suffix.lower() == ".spacy":
        raise InputRefused(DOCBIN, str(path))
    raw = read_capped(path, MAX_EXPORT_BYTES).removeprefix(b"\xef\xbb\xbf")
    reader = _Reader(path, now)
    for where, obj in _quick_objects(raw, path) or _objects(_text(raw, path), path,
                                                            reader.result):
        reader.task(where, obj)
    return reader.finish()


def _text(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 (byte {exc.start:,})", str(path)) from None


def _quick_objects(raw: bytes, path: Path) -> list | None:
    """_objects, read by orjson from the bytes: each line when there are several and it takes
    each (then the whole is no one value: a value over several lines has a line that is none),
    else the whole file; None when it takes neither (then the standard parser would refuse the
    whole too: orjson takes less than it), and _objects reads the decoded text with the standard
    parser (NaN, a lone surrogate, a value over several lines, a line to refuse with its
    parser's words). (Lines first: orjson refusing a whole file of lines costs a tenth of
    reading it.)"""
    lines = [(number, line) for number, line in enumerate(raw.split(b"\n"), start=1)
             if line.strip()]
    if len(lines) > 1:
        try:
            return [(f"{path}, line {number}", orjson.loads(line)) for number, line in lines]
        except orjson.JSONDecodeError:
            pass
    try:
        whole = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if isinstance(whole, dict):
        return [(str(path), whole)]
    if isinstance(whole, list):
        return [(f"{path}, object #{i}", obj) for i, obj in enumerate(whole, start=1)]
    return None


def _objects(text: str, path: Path, bundle: Bundle):
    """(where, object) for each object: of a whole-file JSON value, else of each line."""
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict):
        return [(str(path), whole)]
    if isinstance(whole, list):
        return [(f"{path}, object #{i}", obj) for i, obj in enumerate(whole, start=1)]
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            found.append((f"{path}, line {number}", json.loads(line)))
        except ValueError as exc:
            bundle.refused.append(f"{path}, line {number}: refused: not JSON ({exc})")
    if not found:
        raise InputRefused("is not spaCy/Prodigy JSON Lines (no line holds a JSON object)",
                           str(path))
    return found


class _Reader:
    def __init__(self, path: Path, now: str):
        self.path, self.now = path, now
        self.result = Bundle(tags=[], articles=[], version=1, lacks=BARE)
        self.by_sha: dict[str, ArticleIn] = {}
        self.skipped: dict[str, int] = {"reject": 0, "ignore": 0}
        self.labels: dict[str, None] = {}

    def task(self, where: str, obj) -> None:
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            self.result.refused.append(f"{where}: refused: not an object with a 'text'")
            return
        if obj.get("answer") in self.skipped:
            self.skipped[obj["answer"]] += 1
            return
        cmap = ForeignText(obj["text"])
        try:
            check_storable(cmap.text)
        except InputRefused as exc:
            self.result.refused.append(f"{where}: refused: it {exc.reason}")
            return
        sha = text_sha256(cmap.text)
        article = self.by_sha.get(sha)
        if article is None:
            article = self.by_sha[sha] = self._article(where, obj.get("meta"), cmap.text, sha)
            self.result.articles.append(article)
        plain = plain_spans(obj, cmap, self.labels)
        if plain is not None:
            article.annotations += plain
            return
        try:
            spans = _spans(obj)
        except Refuse as exc:
            self.result.refused.append(f"{where}: refused: {exc}")
            return
        for i, span in enumerate(spans, start=1):
            made = self._span(f"{where}, span #{i}", span, cmap, sha)
            if made is not None:
                article.annotations.append(made)

    def _article(self, where: str, meta, text: str, sha: str) -> ArticleIn:
        meta = meta if isinstance(meta, dict) else {}
        given = {k: (v if isinstance(v, str) and v.strip() else None)
                 for k in _META if (v := meta.get(k)) is not None}
        try:
            article_id = ident({"id": given.get("id")}, where, "spacy:" + sha)
        except Refuse:
            article_id = ident({}, where, "spacy:" + sha)
        title = given.get("title") or text.strip().split("\n", 1)[0][:200]
        return ArticleIn(article_id, title, given.get("source"), given.get("url"),
                         given.get("author"), given.get("published"), None, text, sha)

    def _span(self, where: str, span, cmap: ForeignText, sha: str) -> AnnotationIn | None:
        try:
            if not isinstance(span, dict):
                raise Refuse("not an object")
            start, end = span.get("start"), span.get("end")
            if type(start) is not int or type(end) is not int:
                raise Refuse("'start' and 'end' should be whole numbers")
            label = span.get("label")
            if not isinstance(label, str):
                raise Refuse("'label' should be a string")
            tag = tag_name(label, where)
            quote = span.get("text") if isinstance(span.get("text"), str) else None
            place = cmap.span(start, end, utf16=False) if 0 <= start < end <= len(cmap.raw) else None
            if place is None or (quote is not None and cmap.raw[start:end] != quote):
                place = self._moved(where, start, end, quote, cmap, place)
            record = {k: v for k in ("id", "annotator", "created_at", "updated_at")
                      if isinstance(v := span.get(k), str)}
            given = "created_at" in record or "updated_at" in record
            created = timestamp(record, "created_at", where, self.now) or self.now
            updated = timestamp(record, "updated_at", where, created) or created
            ident_ = ident(record, where, f"spacy:{sha}:{tag}:{place[0]}:{place[1]}")
        except Refuse as exc:
            self.result.refused.append(f"{where}: refused: {str(exc).removeprefix(where + ': ')}")
            return None
        self.labels.setdefault(tag)
        who = record.get("annotator") or "unknown"
        return AnnotationIn(ident_, tag, place[0], place[1], cmap.text[place[0]:place[1]], "",
                            who, created, updated, given)

    def _moved(self, where, start, end, quote, cmap, place) -> tuple[int, int]:
        if quote is None:
            raise Refuse(f"its offsets {start}-{end} do not fit the text")
        at, to = place or (-1, -1)
        found = anchor(cmap.text, at, to, canonicalize(quote))
        if found is None:
            why = "does not occur in" if canonicalize(quote) not in cmap.text else \
                "occurs more than once in"
            raise Refuse(f"its text {quote[:40]!r} is not at {start}-{end} and {why} the text")
        self.result.said.append(f"{where}: moved from {start}-{end} to {found[0]}-{found[1]}, "
                                f"where its text {quote[:40]!r} is")
        return found

    def finish(self) -> Bundle:
        result = self.result
        result.tags = [TagIn(name, None, "") for name in self.labels]
        for answer, count in self.skipped.items():
            if count:
                result.said.append(f"{self.path}: {count:,} task{'s' if count != 1 else ''} "
                                   f"answered {answer!r} skipped (Prodigy's training leaves "
                                   "them out too)")
        try:
            v2.check_whole(result.articles, [], [], result.said, str(self.path))
        except Refuse as exc:
            raise InputRefused(f"refused: {exc}", str(self.path)) from None
        return result


_OTHERS = ("label", "labels", "entities", "annotations")  # (doccano's keys of spans)


def _spans(obj: dict) -> list:
    """Prodigy's span list, or spaCy's Doc.to_json() span groups and entities (each span once)."""
    spans, ents = obj.get("spans"), obj.get("ents")
    if spans is None and ents is None and (other := next(
            (key for key in _OTHERS if isinstance(obj.get(key), list) and obj[key]), None)):
        raise Refuse(f"it has doccano's {other!r}, not spaCy's 'spans' or 'ents' (a doccano "
                     "line in a spaCy file): its spans are not imported")
    if not (spans is None or isinstance(spans, list) or (isinstance(spans, dict) and all(
            isinstance(group, list) for group in spans.values()))):
        raise Refuse("its 'spans' should be a list of spans, or spaCy's groups of them (an "
                     "object of lists): its spans are not imported")
    if not (ents is None or isinstance(ents, list)):
        raise Refuse("its 'ents' should be a list of spans: its spans are not imported")
    found = list(spans) if isinstance(spans, list) else []
    if isinstance(spans, dict):
        found = [s for group in spans.values() for s in group]
    found += ents or []
    # (a span may be in 'ents' and in a group; two coders' alike, each with its id, are two;
    # without ids the place and label are the span: its derived id is made of them)
    unique, seen = [], set()
    for span in found:
        key = id(span) if not isinstance(span, dict) else \
            (span.get("start"), span.get("end"), str(span.get("label"))) + (
                (str(span["id"]), str(span.get("annotator"))) if span.get("id") else ())
        if key not in seen:
            seen.add(key)
            unique.append(span)
    return unique
