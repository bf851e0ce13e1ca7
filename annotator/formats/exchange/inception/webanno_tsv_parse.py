"""WebAnno TSV 3 read into its parts (for formats/exchange/inception/webanno_tsv): the layer headers, the
sentences (``#Text=`` lines, several in a row for a sentence with line breaks) and the token rows, cells
split into their stacked entries, values unescaped. No offsets are converted here.

Escaping (TSV 3.3): a backslash before a reserved character (``\\ [ ] | _ -> ; * \\t \\n``) makes it
a plain character; ``\\t``, ``\\n`` and ``\\r`` stand for a tab, a line break and a carriage
return. An entry is ``label`` or ``label[id]`` (the id tells apart stacked or multi-token
annotations); ``*`` alone is an annotation without a value and ``_`` a cell without any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ....errors import InputRefused

__all__ = ["Layer", "Row", "Sentence", "entries", "parse", "relation_target", "unescape"]

FORMAT_LINE = "#FORMAT=WebAnno TSV 3"
# (numbers of at most 12 digits: longer ones are no offsets or ids of a real document)
_ROW = re.compile(r"(\d{1,12}-\d{1,12}(?:\.\d{1,12})?)\t(\d{1,12})-(\d{1,12})\t")
_ID = re.compile(r"(.*?)(?<!\\)\[(\d{1,12})\]")
_TARGET = re.compile(r"(\d{1,12}-\d{1,12}(?:\.\d{1,12})?)(?:\[(\d{1,12})_(\d{1,12})\])?")
_LONG_ID = re.compile(r"(?<!\\)\[\d{13,}|_\d{13,}\]")
_CONTROL = {"t": "\t", "n": "\n", "r": "\r"}


@dataclass
class Layer:
    kind: str  # "SP" span, "RL" relation, "CH" chain
    type: str  # the UIMA type's full name
    features: list[str]
    base: str | None  # a relation layer's span layer (BT_)
    first: int = 0  # its first column among the cells after the token

    @property
    def width(self) -> int:
        if self.kind == "RL":
            return max(1, len(self.features)) + 1
        return max(1, len(self.features))

    def column(self, *names: str) -> int | None:
        """The cell index of the first of these features the layer has."""
        for name in names:
            if name in self.features:
                return self.first + self.features.index(name)
        return None


@dataclass
class Row:
    address: str  # "1-3", or "1-3.1" for a piece of a token
    begin: int  # UTF-16 units of the document
    end: int
    token: str
    cells: list[str]
    line: int
    sentence: int


@dataclass
class Sentence:
    text: str
    line: int
    rows: list[Row] = field(default_factory=list)


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append(_CONTROL.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _split(cell: str, sep: str) -> list[str]:
    """A cell split at the separators that are not escaped."""
    parts, at, i = [], 0, 0
    while i < len(cell):
        if cell[i] == "\\":
            i += 2
            continue
        if cell[i] == sep:
            parts.append(cell[at:i])
            at = i + 1
        i += 1
    parts.append(cell[at:])
    return parts


def entries(cell: str) -> list[tuple[str | None, int | None]]:
    """The stacked entries of a cell: (value or None for ``*``, id or None); [] for ``_``."""
    if cell in ("_", ""):
        return []
    found = []
    for raw in _split(cell, "|"):
        m = _ID.fullmatch(raw)
        label, ident = (m.group(1), int(m.group(2))) if m else (raw, None)
        found.append((None if label in ("*", "_", "") else unescape(label), ident))
    return found


def relation_target(entry: str) -> tuple[str, int | None, int | None] | None:
    """A relation's BT entry ``1-3`` or ``1-1[1_3]``: (governor's row, its id, the dependent's
    id); an id of 0 means none. None when malformed."""
    m = _TARGET.fullmatch(entry)
    if m is None:
        return None
    gov, dep = (int(m.group(2)), int(m.group(3))) if m.group(2) else (None, None)
    return m.group(1), gov or None, dep or None


def _layer(kind: str, spec: str) -> Layer:
    name, *features = spec.split("|")
    base = None
    if kind == "RL" and features and features[-1].startswith("BT_"):
        base = features.pop()[3:]
    return Layer(kind, name, features, base)


def parse(text: str, where: str) -> tuple[list[Layer], list[Sentence]]:
    lines = text.split("\n")
    first = next((line.rstrip("\r") for line in lines if line.strip()), "")
    if not first.startswith(FORMAT_LINE):
        raise InputRefused(f"is not WebAnno TSV 3 (its first line is not '{FORMAT_LINE}.x')",
                           where)
    layers: list[Layer] = []
    sentences: list[Sentence] = []
    width = 0
    last_was_text = False
    seen: dict[str, int] = {}  # each row's address, and its line
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if line.startswith("#Text="):
            body = unescape(line[6:])
            if last_was_text and sentences and not sentences[-1].rows:
                sentences[-1].text += "\n" + body
            else:
                sentences.append(Sentence(body, number))
            last_was_text = True
            continue
        last_was_text = False
        kind = line[3:5] if line.startswith("#T_") and line[5:6] == "=" else None
        if kind in ("SP", "RL", "CH"):
            if seen:
                raise InputRefused(f"line {number}: a layer header (#T_{kind}) after token "
                                   "rows; the headers come first", where)
            layer = _layer(kind, line[6:])
            layer.first, width = width, width + layer.width
            layers.append(layer)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        m = _ROW.match(line)
        if m is None or not sentences:
            raise InputRefused(f"line {number}: is not a token row of WebAnno TSV 3 "
                               "('sentence-token<TAB>begin-end<TAB>token...' after a #Text= "
                               "line)", where)
        if _LONG_ID.search(line, m.end()):
            raise InputRefused(f"line {number}: an annotation's id has more than 12 digits",
                               where)
        parts = line[m.end():].split("\t")
        if len(parts) == width + 2 and parts[-1] == "":
            parts.pop()  # (INCEpTION ends each row with a tab)
        if len(parts) != width + 1:
            raise InputRefused(f"line {number}: has {len(parts) - 1} annotation columns where "
                               f"its layer headers (#T_SP, #T_RL, #T_CH) make {width}", where)
        if seen.setdefault(m.group(1), number) != number:
            raise InputRefused(f"line {number}: its row {m.group(1)} is that of line "
                               f"{seen[m.group(1)]} too (each token has one row)", where)
        sentences[-1].rows.append(Row(m.group(1), int(m.group(2)), int(m.group(3)),
                                      unescape(parts[0]), parts[1:], number,
                                      len(sentences) - 1))
    return layers, sentences
