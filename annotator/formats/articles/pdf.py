"""A PDF file -> its article text, with pypdf (issue 11).

pypdf rather than pdfminer.six: on the test documents both read the words alike, but pypdf keeps
the order the page draws its text in, where pdfminer's layout analysis put a short right-hand
column before the left one; and it is pure Python, without the cryptography package pdfminer.six
requires. pypdf's text visitor gives every piece of text with its place on the page, so:

- page furniture is left out: a line in the top or bottom 8% of a page (the page's first or last
  line when pypdf gives no place) that comes back on most pages (digits aside: "Page 3 of 9" is
  "Page # of #"), or that is only a page number;
- lines are joined into paragraphs: a wider gap than the page's usual line spacing, a change of
  font size or a jump up the page (a new column) starts a new paragraph; paragraphs are separated
  by a blank line, pages too; runs of spaces and tabs become one space; the typographic
  ligatures (ﬁ, ﬂ...) become their letters;
- the title is the document's own (its metadata), unless that is empty or a file name, else its
  first line when short enough to be a heading, else the file's name.

Guards: the 20 MB input limit, the PDF signature, at most MAX_PAGES pages, the text limit of every
article (checked as the pages are read), encrypted files refused unless they open without a
password; anything pypdf cannot read is refused with its reason, naming the file.
"""

from __future__ import annotations

import io
from itertools import pairwise
import logging
import re
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

from ...domain.model import ParsedArticle
from ...domain.text import canonicalize, check_storable
from ...errors import InputRefused
from ..encoding.decode import MAX_INPUT_BYTES, MAX_TEXT_BYTES, check_text_size, read_binary_capped
from .titles import safe_name

MAX_PAGES = 2_000
MARGIN = 0.08  # of the page's height, top and bottom
_SPACES = re.compile(r"[ \t\u00a0]+")
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_PAGE_NUMBER = re.compile(r"(?i)(page|p\.|seite|página|pagina)?\s*[-–—(\[]?\s*\d{1,5}\s*"
                          r"((of|/|von|de|sur)\s*\d{1,5})?\s*[-–—)\]]?")
_DIGITS = re.compile(r"\d+")
_NO_AUTHOR = re.compile(r"(?i)anonymous|unknown|\(anonymous\)|user|admin(istrator)?")  # (what
# PDF makers write when no one is named: reportlab's "anonymous")
_WORTHLESS_TITLES = re.compile(r"(?i)(untitled|microsoft word - .*|.*\.(docx?|pdf|indd|qxd))")


def read_article(path: Path, encoding: str | None = None) -> ParsedArticle:
    """``encoding`` is not used: a PDF says how its text is encoded."""
    source = str(path)
    data = read_pdf_bytes(path)
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # (its warnings are not the user's)
    try:
        reader = PdfReader(io.BytesIO(data))
        try:
            opened = not reader.is_encrypted or bool(reader.decrypt(""))
        except DependencyError:  # (an encryption cryptography would read, not installed)
            opened = False
        if not opened:
            raise InputRefused("is an encrypted PDF; save a copy without a password", source)
        if len(reader.pages) > MAX_PAGES:
            raise InputRefused(f"has {len(reader.pages):,} pages, more than the {MAX_PAGES:,} "
                               "an article may have", source)
        pages: list[tuple[list[_Line], float]] = []
        total = 0
        for page in reader.pages:
            lines, height = _page_lines(page)
            total += sum(len(line.text) for line in lines)
            if total > MAX_TEXT_BYTES:  # (read no further: check_text_size would refuse it)
                raise InputRefused(f"has more text than the {MAX_TEXT_BYTES >> 20} MB limit for "
                                   "an article", source)
            pages.append((lines, height))
        meta: dict = reader.metadata or {}
        title, author = _meta(meta, "/Title"), _meta(meta, "/Author")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            NotImplementedError, RecursionError, OSError, zlib.error) as exc:
        raise InputRefused(f"could not be read as a PDF ({type(exc).__name__}: {exc})"[:300],
                           source) from None
    text = canonicalize(_text(_without_furniture(pages)))
    if not text.strip():
        raise InputRefused("has no text to read (a scanned PDF? annotator does no OCR)", source)
    check_storable(text, source)
    check_text_size(text, source)
    if title is None or _WORTHLESS_TITLES.fullmatch(title):
        title = first_paragraph_title(text, safe_name(path.stem))
    if author is not None and _NO_AUTHOR.fullmatch(author):
        author = None
    return ParsedArticle(text=text, title=title, author=author, encoding="pdf")


def first_paragraph_title(text: str, fallback: str) -> str:
    """The first line when it is short enough to be a heading, else ``fallback`` (the file's
    name): a PDF's or a Word file's first line is its first paragraph, which may be long."""
    first = text.lstrip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 200 else fallback


def read_pdf_bytes(path: Path) -> bytes:
    source = str(path)
    data = read_binary_capped(path, MAX_INPUT_BYTES)
    if b"%PDF-" not in data[:1024]:
        raise InputRefused("is not a PDF file (it lacks the %PDF- signature)", source)
    return data


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _meta(meta, key: str) -> str | None:
    """A metadata string, its control characters and lone surrogates left out, its white space
    made single spaces; None for none, or for UTF-16 that did not decode (pypdf gives its bytes
    as Latin-1 letters, "þÿ" first)."""
    value = meta.get(key)
    value = str(value) if value is not None else ""
    if value.startswith(("\xfe\xff", "\xff\xfe")):
        return None
    return " ".join(_CONTROL.sub(" ", value).split())[:1000] or None


class _Line:
    __slots__ = ("size", "text", "x", "y")

    def __init__(self, text: str, y: float | None, size: float, x: float | None = None):
        self.text, self.y, self.size, self.x = text, y, size, x


def _page_lines(page) -> tuple[list[_Line], float]:
    """The page's lines (text, height on the page, font size) in the order it draws them, and
    the page's height."""
    lines: list[_Line] = []
    current: list[str] = []
    place: list[float | None] = [None, 0.0, None]  # the current line's y, font size and x

    def visit(text: str, cm, tm, font, size) -> None:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                _end_line(lines, current, place)
            if piece:
                current.append(piece)
                if piece.strip() and place[0] is None:
                    place[0] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    place[1] = abs(size * (tm[3] or 1) * (cm[3] or 1))
                    place[2] = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]

    page.extract_text(visitor_text=visit)
    _end_line(lines, current, place)
    try:
        height = float(page.mediabox.height)
    except (TypeError, ValueError, AttributeError):
        height = 0.0
    return lines, height


def _end_line(lines: list[_Line], current: list[str], place: list) -> None:
    text = _SPACES.sub(" ", "".join(current)).strip()
    if text:
        text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        lines.append(_Line(text, place[0], place[1] or 0.0, place[2]))
    current.clear()
    place[0], place[1], place[2] = None, 0.0, None


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.casefold())


def _without_furniture(pages: list[tuple[list[_Line], float]]) -> list[list[_Line]]:
    """Each page's lines less its running heads and feet and page numbers (module text)."""
    edges: list[list[int]] = []
    for lines, height in pages:
        found = []
        for i, line in enumerate(lines):
            if height and line.y is not None:
                at_edge = line.y > height * (1 - MARGIN) or line.y < height * MARGIN
            else:  # (no place known: the page's first and last lines)
                at_edge = i in (0, len(lines) - 1)
            if at_edge:
                found.append(i)
        edges.append(found)
    counts: dict[str, int] = {}
    for (lines, _), found in zip(pages, edges, strict=True):
        for key in {_key(lines[i].text) for i in found}:
            counts[key] = counts.get(key, 0) + 1
    often = max(2, (len(pages) + 1) // 2)
    kept = []
    for (lines, _), found in zip(pages, edges, strict=True):
        drop = {i for i in found if counts[_key(lines[i].text)] >= often
                or _PAGE_NUMBER.fullmatch(lines[i].text)}
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _text(pages: list[list[_Line]]) -> str:
    """The paragraphs of all pages: a page's lines split where the gap or the type size says
    a paragraph ends; at a page's or a column's end, one that runs on (no full stop, the next
    line in small letters) goes on. Words broken at a line's end are mended (_mend)."""
    paragraphs: list[str] = []
    current: list[str] = []
    for lines in pages:
        gaps = [a.y - b.y for a, b in pairwise(lines)
                if a.y is not None and b.y is not None and a.y > b.y]
        usual = _usual(gaps)
        previous: _Line | None = None
        for line in lines:
            if current:
                # (a new page, or the top of the next column: a jump; else the gap tells)
                if previous is None or previous.y is None or line.y is None or \
                        previous.y <= line.y:
                    split = not _runs_on(current[-1], line.text)
                else:
                    split = _breaks(previous, line, usual)
                if split:
                    paragraphs.append(_join(current))
                    current = []
            current.append(line.text.replace(_BROKEN, ""))
            previous = line
    if current:
        paragraphs.append(_join(current))
    return _mend("\n\n".join(p for p in paragraphs if p))


def _runs_on(last: str, first: str) -> bool:
    """Whether a line ending a page or column goes on with the first of the next: it ends
    without a full stop (a letter, a comma, a hyphen) and the next begins in a small letter."""
    last, first = last.rstrip(), first.lstrip()
    return bool(last and first) and (last[-1].isalnum() or last[-1] in ",-") and \
        first[0].islower()


_BROKEN = "\x00"  # (marks a line's end after a hyphen, until _mend decides on the hyphen)
_MENDED = re.compile(r"(\w+)-\x00(\w+)")
_WORDS = re.compile(r"\w+(?:-\w+)*")


def _mend(text: str) -> str:
    """A word broken at a line's end by a hyphen ("sanctu-" / "ary") is joined. The hyphen goes
    only when the document writes the word whole elsewhere and never with the hyphen; else it
    stays ("well-known", "COVID-19", a word the document has no other time)."""
    if _BROKEN not in text:
        return text
    seen = Counter(_WORDS.findall(_MENDED.sub(" ", text).lower()))

    def mended(found: re.Match) -> str:
        first, rest = found.group(1), found.group(2)
        whole = seen[(first + rest).lower()] and not seen[f"{first}-{rest}".lower()]
        return first + rest if whole and not rest[0].isdigit() else f"{first}-{rest}"

    return _MENDED.sub(mended, text).replace(_BROKEN, "")


def _usual(gaps: list[float]) -> float:
    """A page's line spacing: its most common gap between lines (the smaller of equally common
    ones: a page of three lines has one line gap and one paragraph gap)."""
    if not gaps:
        return 0.0
    counts = Counter(round(gap * 2) / 2 for gap in gaps)
    most = max(counts.values())
    return min(gap for gap, n in counts.items() if n == most)


def _breaks(previous: _Line, line: _Line, usual: float) -> bool:
    if previous.y is None or line.y is None or not usual:
        return True
    gap = previous.y - line.y
    sizes = sorted((previous.size or 1.0, line.size or 1.0))
    # (a wide gap: but two lines of one larger type, a headline's, are that far apart)
    wide = gap > usual * 1.4 and not (sizes[1] <= sizes[0] * 1.05 and gap <= sizes[0] * 1.5)
    return gap <= 0 or wide or sizes[1] > sizes[0] * 1.2 or _indented(previous, line)


def _indented(previous: _Line, line: _Line) -> bool:
    """A first line set in (by one to six of its type's widths) after a line that ends a
    sentence: a paragraph marked by its indent alone."""
    if previous.x is None or line.x is None or not line.size:
        return False
    inset = (line.x - previous.x) / line.size
    return 0.8 <= inset <= 6 and previous.text.rstrip()[-1:] in _SENTENCE_ENDS


_SENTENCE_ENDS = set(".!?:\"”’»)")


def _join(lines: list[str]) -> str:
    """A paragraph's lines joined by spaces; after a line ending in a hyphen after a letter,
    by _BROKEN (_mend decides on the hyphen, knowing the whole text)."""
    out = ""
    for line in lines:
        if out:
            out += _BROKEN if out.endswith("-") and out[-2:-1].isalpha() else " "
        out += line
    return out
