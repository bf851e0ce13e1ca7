"""The registry's ``webanno-tsv`` format (issue 11, import only): WebAnno TSV 3 (3.1 to 3.3), as
INCEpTION and WebAnno export it.

One file is one article. The file holds each sentence's text (``#Text=``) and, per token, its
offsets in UTF-16 units of the whole document (Java ``String`` indices: an emoji counts two);
the text between sentences is not in the file. The article's text is the sentences in order: a
line break between two sentences one unit apart in the document, nothing between two that touch,
an empty line between two further apart. Each token row is placed
in its sentence by its offsets (converted exactly, through canonicalisation: CRLF, NFD) and
checked: its token must be the text there, else every span over it is refused and said.

- Spans: every span layer (``#T_SP``) except structural ones (part of speech, lemmas, ...: as
  uima-json). An annotation runs from its first row to its last (``PER[2]`` on several rows is
  one span; stacked annotations ``ORG[7]|PER[8]`` are several); tag: its ``value`` feature, else
  the type's short name (``*`` = no value: ``webanno.custom.Span`` -> ``Span``).
- Links: relation layers (``#T_RL``) between spans that were imported, from the governor (the
  row in the last column, ``1-3`` or ``1-1[1_3]`` with the governor's and dependent's ids) to
  the dependent (the span on the relation's row); type: ``value`` or ``DependencyType``, else
  the type's short name. A relation layer over a structural layer (dependencies between POS
  tags) is left out, and said.
- Lost: chains (``#T_CH``, said), slot features and other features.
"""

from __future__ import annotations

from pathlib import Path

from ....domain.bundle import BARE, Bundle
from ....domain.offsets16 import OffsetMap, utf16_length
from ....errors import InputRefused
from ...export.export_fields import ident, tag_name
from ...export.export_scan import Refuse
from ..shared.foreign_read import article_of, file_text, finish_checked, span_in
from .uima_json import _short, _structural
from .webanno_tsv_parse import FORMAT_LINE, Layer, Row, Sentence, entries, parse, \
    relation_target

__all__ = ["detect", "read"]

WHO = "webanno"


def detect(path: Path, head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(FORMAT_LINE.encode())


def _text(sentences: list[Sentence]) -> tuple[str, dict[str, tuple[int, int] | str]]:
    """The document's text rebuilt from its sentences, and each row's place in it (raw code
    points) or why it has none."""
    parts: list[str] = []
    at = 0  # code points written so far
    before = None  # the UTF-16 end of the sentence before
    places: dict[str, tuple[int, int] | str] = {}
    for sentence in sentences:
        units = OffsetMap(sentence.text)
        rows = [r for r in sentence.rows if "." not in r.address] or sentence.rows
        start = before if before is not None else 0
        if rows:
            start = _start(sentence, rows, units)
        if parts:
            gap = start - before if before is not None else 1
            sep = "" if gap == 0 else "\n\n" if gap > 1 else "\n"
            parts.append(sep)
            at += len(sep)
        for row in sentence.rows:
            span = units.exact_span_to_codepoints(row.begin - start, row.end - start)
            if span is None:
                places[row.address] = (f"its offsets {row.begin}-{row.end} are not within its "
                                       f"sentence (line {sentence.line}) in UTF-16 units")
            elif sentence.text[span[0]:span[1]] != row.token:
                places[row.address] = (f"its token {row.token!r} is not the text at "
                                       f"{row.begin}-{row.end} of its sentence ("
                                       f"{sentence.text[span[0]:span[1]]!r})")
            else:
                places[row.address] = (at + span[0], at + span[1])
        parts.append(sentence.text)
        at += len(sentence.text)
        before = start + utf16_length(sentence.text)
    return "".join(parts), places


_SAMPLE = 20  # the rows a sentence's start is chosen by


def _start(sentence: Sentence, rows: list, units: OffsetMap) -> int:
    """The sentence's first character in UTF-16 units of the document: where its first row's
    token is in the sentence's text, at the place that puts the most rows' tokens on their text
    (the first of those: a first row missing, a token that occurs twice, "is" in "This is");
    the row's own start when the token is nowhere (rows then told they have no place)."""
    first, text = rows[0], sentence.text
    rows = rows[:_SAMPLE]  # (enough to tell the places apart; every row at every place of a
    # token that occurs thousands of times would take minutes)
    best, most = first.begin, -1
    at = text.find(first.token) if first.token else -1
    for _ in range(_SAMPLE * 10):  # (the first places of the token: a sentence's start is
        if at < 0:  # near its first row)
            break
        start = first.begin - units.to_utf16(at)
        fits = sum(1 for r in rows if (span := units.exact_span_to_codepoints(
            r.begin - start, r.end - start)) is not None and text[span[0]:span[1]] == r.token)
        if fits > most:
            best, most = start, fits
        if fits == len(rows):
            break
        at = text.find(first.token, at + 1)
    return best


class _Spans:
    """The annotations of the span layers, by key: (layer, id) or (layer, row, position)."""

    def __init__(self, layers: list[Layer], sentences: list[Sentence]):
        self.rows: dict[tuple, list[Row]] = {}
        self.tags: dict[tuple, str] = {}
        self.covering: dict[tuple[int, str], list[tuple]] = {}
        for index, layer in enumerate(layers):
            if layer.kind != "SP" or _structural(layer.type):
                continue
            value = layer.column("value")
            for sentence in sentences:
                for row in sentence.rows:
                    found = entries(row.cells[layer.first])
                    values = entries(row.cells[value]) if value is not None else []
                    for i, (label, ident_) in enumerate(found):
                        key = (index, ident_) if ident_ else (index, row.address, i)
                        if key not in self.rows:
                            tag = values[i][0] if i < len(values) else label
                            self.rows[key] = []
                            self.tags[key] = tag if tag and tag.strip() else _short(layer.type)
                        self.rows[key].append(row)
                        self.covering.setdefault((index, row.address), []).append(key)

    def at(self, layer: int, address: str, ident_: int | None) -> tuple | None:
        """The annotation of ``layer`` on that row with that id (or the only one without)."""
        keys = self.covering.get((layer, address), [])
        if ident_ is not None:
            return (layer, ident_) if (layer, ident_) in keys else None
        plain = [k for k in keys if len(k) == 3] or keys
        return plain[0] if len(plain) == 1 else None


def read(path: Path, *, now: str) -> Bundle:
    path = Path(path)
    layers, sentences = parse(file_text(path), str(path))
    raw, places = _text(sentences)
    try:
        foreign, article = article_of(raw, {}, str(path))
    except Refuse as exc:
        raise InputRefused(str(exc).removeprefix(f"{path}: "), str(path)) from None
    bundle = Bundle(tags=[], articles=[article], version=2, lacks=BARE)
    found = _Spans(layers, sentences)
    imported: dict[tuple, str] = {}
    for key, rows in found.rows.items():
        tag = found.tags[key]
        label = f"[{key[1]}]" if len(key) == 2 else ""
        place = f"{path}, line {rows[0].line} (row {rows[0].address}{label}, {tag})"
        bad = next((f"row {r.address}: {p}" for r in rows if isinstance(p := places[r.address],
                                                                          str)), None)
        first, last = places[rows[0].address], places[rows[-1].address]
        ends = foreign.canonical_span(first[0], last[1]) if not isinstance(first, str) and \
            not isinstance(last, str) and not bad else None
        if ends is None or ends[0] >= ends[1]:
            bundle.refused.append(f"{place}: refused: {bad or 'not placeable in the text'}")
            continue
        try:
            tag_name(tag, place)
        except Refuse as exc:
            bundle.refused.append(f"{exc}: refused")
            continue
        span = span_in(foreign, tag, *ends, ident({}, place, f"webanno:{article.text_sha256}:"
                                                           f"{key}:{tag}:{ends[0]}:{ends[1]}"),
                       None, WHO, now)
        bundle.where[span.id] = place
        article.annotations.append(span)
        imported[key] = span.id
    link_items: list[dict] = []
    directions: dict[str, bool] = {}
    left_out: dict[str, int] = {}
    span_layers = {layer.type: i for i, layer in enumerate(layers) if layer.kind == "SP"}
    for layer in layers:
        if layer.kind != "RL":
            continue
        label_col = layer.column("value", "DependencyType")
        base = span_layers.get(layer.base or "")
        for sentence in sentences:
            for row in sentence.rows:
                targets = [e for e in row.cells[layer.first + layer.width - 1].split("|")
                           if e != "_"]
                if not targets:
                    continue
                if base is None or _structural(layer.type) or _structural(layers[base].type):
                    left_out[layer.type] = left_out.get(layer.type, 0) + len(targets)
                    continue
                labels = entries(row.cells[label_col]) if label_col is not None else []
                for i, entry in enumerate(targets):
                    given = labels[i][0] if i < len(labels) else None
                    kind = given if given and given.strip() else _short(layer.type)
                    place = f"{path}, line {row.line} (row {row.address}, relation {kind})"
                    target = relation_target(entry)
                    gov = dep = None
                    if target is not None:
                        gov = found.at(base, target[0], target[1])
                        dep = found.at(base, row.address, target[2])
                    pair = [imported.get(gov) if gov else None, imported.get(dep) if dep else None]
                    if pair[0] is None or pair[1] is None or pair[0] == pair[1]:
                        bundle.refused.append(f"{place}: refused: its ends ({entry!r}) are not "
                                              "two imported spans")
                        continue
                    directions.setdefault(kind, True)
                    link_items.append({"type": kind, "from": pair[0], "to": pair[1],
                                       "annotator": WHO, "where": place})
    for name, count in left_out.items():
        bundle.said.append(f"{path}: {count} relation(s) of {_short(name)} left out: they join "
                           "annotations of a layer that is not imported (tokens, part of speech)")
    chains = [layer.type for layer in layers if layer.kind == "CH"]
    if chains:
        bundle.said.append(f"{path}: chain layers not imported: {', '.join(map(_short, chains))}")
    return finish_checked(bundle, directions, link_items, now, path)
