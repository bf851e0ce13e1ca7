"""The registry's ``conll`` format (issue 11, import only): CoNLL / IOB token files.

The file holds no text and no offsets, only one token per line with its tag: doccano's
``token<TAB>tag``, or CoNLL-2003's four space-separated columns (``token POS chunk tag``) with
``-DOCSTART-`` lines between documents. The text is rebuilt: a sentence's tokens joined by single
spaces, sentences (separated by blank lines in the file) by a newline; each document (between
``-DOCSTART-`` lines; the whole file when there is none) is one article. The offsets are counted
while the text is built, so every span's text is its tokens as the file gives them.

Tags: the last column. ``B-X`` begins a span tagged ``X``, ``I-X`` continues one tagged ``X``
(or begins one, as IOB1 and sloppy files have it), ``E-X``/``L-X`` end one and ``S-X``/``U-X``
are one token (BIOES/BILOU); ``O`` and ``_`` are outside; a tag without a prefix is a run of
tokens tagged alike (IO). A span never crosses a sentence. Numeric tags (doccano-transformer
writes label ids: ``B-12``) are kept as they are.

CoNLL-U (a first token line of ten tab-separated columns, a word id first) is read through
conllu.Words: the FORM column, ``SpaceAfter=No`` and MISC's entity tag; ``# newdoc`` begins an
article.

Lost: everything a text carries beyond its tokens (the original spacing, line breaks and
punctuation attachment), the other columns (part of speech, chunks).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

from ...domain.bundle import BARE, Bundle
from ...errors import InputRefused
from ..export.export_fields import ident, tag_name
from ..export.export_scan import Refuse
from .conllu import OUTSIDE, Words, is_conllu
from .shared.foreign_read import article_of, file_text, finish, span_in

__all__ = ["detect", "read"]

WHO = "conll"
_TAG = re.compile(r"(?:[BIESLUbieslu]-\S+|[Oo]|_)")  # (prefixes in either case, as tools write)
_NEWDOC = re.compile(r"# newdoc(?: |$)")  # (CoNLL-U: a document begins)
_LINE = re.compile(r"\S+(?:\t[^\t\r\n]*|(?: +\S+)+)")


def detect(path: Path, head: bytes) -> bool:
    if not head:
        return False
    try:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("utf-8", "ignore")
    lines = text.splitlines()
    if len(head) >= 65536 and lines:
        lines.pop()  # (the head may cut the last line)
    if lines and lines[0].startswith("-DOCSTART-"):
        return True
    tokens = [line for line in lines if line.strip()]
    if not tokens or not all(_LINE.fullmatch(line.rstrip()) and
                             _TAG.fullmatch(line.split()[-1]) for line in tokens):
        return False
    spans = any(line.split()[-1][:2] in ("B-", "I-", "S-", "U-") for line in tokens)
    return spans and (path.suffix.lower() in (".conll", ".iob", ".bio") or
                      all("\t" in line for line in tokens))


def _refused(path: Path, reason: str) -> NoReturn:
    raise InputRefused(reason, str(path))


class _Doc:
    def __init__(self, line: int):
        self.line = line
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[tuple[str, int, int, int]] = []  # (tag, start, end, line)
        self.open: tuple[str, int, int, int] | None = None
        self.in_sentence = False

    def close(self) -> None:
        if self.open is not None:
            self.spans.append(self.open)
            self.open = None

    def sentence_end(self) -> None:
        self.close()
        self.in_sentence = False

    def token(self, token: str, tag: str, line: int, glued: bool = False) -> None:
        if self.parts and not (glued and self.in_sentence):
            self.parts.append(" " if self.in_sentence else "\n")
            self.size += 1
        self.in_sentence = True
        start = self.size
        self.parts.append(token)
        self.size += len(token)
        end = self.size
        prefix, _, name = tag.partition("-") if len(tag) > 2 and tag[1] == "-" else ("", "", tag)
        prefix = prefix.upper()  # ('b-per', 'i-per': one span, as 'B-PER', 'I-PER')
        if tag in ("O", "o", "_") or not name:
            self.close()
            return
        same = self.open is not None and self.open[0] == name
        if prefix in ("I", "E", "L") or prefix == "":
            if same:
                assert self.open is not None
                self.open = (name, self.open[1], end, self.open[3])
            else:
                self.close()
                self.open = (name, start, end, line)
            if prefix in ("E", "L"):
                self.close()
            return
        self.close()  # B-, S-, U-
        self.open = (name, start, end, line)
        if prefix in ("S", "U"):
            self.close()


def _sentence_end(doc: _Doc, words: Words | None, line: int) -> str | None:
    """End the document's sentence; a CoNLL-U multiword token whose words did not all come is
    its last token (returns its tag then, else None)."""
    left = words.sentence_end() if words is not None else None
    if left is not None:
        doc.token(left[0], left[1], line, left[2])
    doc.sentence_end()
    return None if left is None else left[1]


def read(path: Path, *, now: str) -> Bundle:
    path = Path(path)
    docs: list[_Doc] = [_Doc(1)]
    tokens = 0
    width, iob = 0, False  # (the columns of the first token line; an IOB tag seen)
    words: Words | None = None  # (CoNLL-U's word lines, when the first token line is one)
    number = 0  # (a file of no line: its end at line 0)
    for number, line in enumerate(file_text(path).splitlines(), 1):
        new_doc = line.startswith("-DOCSTART-") or bool(_NEWDOC.match(line) and docs[-1].parts)
        if new_doc or not line.strip():  # (a sentence ends)
            left = _sentence_end(docs[-1], words, number)
            tokens, iob = tokens + (left is not None), iob or left not in (None, OUTSIDE)
            if new_doc:
                docs.append(_Doc(number))
            continue
        line = line.rstrip(" \r")
        columns = line.split("\t") if "\t" in line else line.split()
        if len(columns) > 2 and columns[-1] == "" and _TAG.fullmatch(columns[-2].strip()):
            columns.pop()  # (a tab after the tag, as some tools end each line: no column)
        if line == "#" or line.startswith("# ") or (
                line.startswith("#") and "\t" not in line and " " in line and not (
                    _TAG.fullmatch(columns[-1]) and len(columns) == (width or len(columns)))):
            continue  # ('# text = …' is a comment, tabs in it too; '#Python NN B-NP B-MISC' a
            # token)
        if len(columns) < 2:
            _refused(path, f"line {number} is not a token and its tag: {line[:60]!r}")
        if not width and is_conllu(columns):
            words = Words()
        width = width or len(columns)
        if len(columns) != width:
            _refused(path, f"line {number} has {len(columns)} columns and the lines before it "
                           f"{width}: not CoNLL (a token and its tags, as many on every line)")
        if words is not None:
            try:
                word = words.feed(columns)
            except ValueError as exc:
                _refused(path, f"line {number}: {exc}")
            if word is not None:
                iob = iob or word[1] != OUTSIDE
                docs[-1].token(word[0], word[1], number, word[2])
                tokens += 1
            continue
        tag = columns[-1].strip()
        iob = iob or bool(_TAG.fullmatch(tag))
        docs[-1].token(columns[0].strip(), tag, number)
        tokens += 1
    left = _sentence_end(docs[-1], words, number)
    tokens, iob = tokens + (left is not None), iob or left not in (None, OUTSIDE)
    if not tokens:
        _refused(path, "holds no token (CoNLL: one token and its tag per line)")
    if words is not None and not iob:
        _refused(path, "is CoNLL-U without entity tags (NER=B-…, NE= or Entity= in the MISC "
                       "column): it holds no spans")
    if not iob:
        _refused(path, "none of its tags is O, _ or B-, I-, E-, S-, L- or U- with a name: not "
                       "CoNLL / IOB")
    bundle = Bundle(tags=[], articles=[], version=2, lacks=BARE)
    for doc in docs:
        if not doc.parts:
            continue
        where = f"{path}, document at line {doc.line}"
        try:
            foreign, article = article_of("".join(doc.parts), {}, where)
        except Refuse as exc:
            bundle.refused.append(f"{exc}: refused with its spans")
            continue
        for tag, start, end, at in doc.spans:
            place = f"{path}, line {at}"
            try:
                tag_name(tag, place)
            except Refuse as exc:
                bundle.refused.append(f"{exc}: refused")
                continue
            placed = foreign.canonical_span(start, end)
            if placed is None or placed[0] >= placed[1]:
                bundle.refused.append(f"{place}: refused: its tokens cannot be placed exactly "
                                      "in the canonical text")
                continue
            span = span_in(foreign, tag, *placed,
                           ident({}, place, f"conll:{article.text_sha256}:{tag}:{placed[0]}:"
                                            f"{placed[1]}"), None, WHO, now)
            bundle.where[span.id] = place
            article.annotations.append(span)
        bundle.articles.append(article)
    finish(bundle, {})
    return bundle
