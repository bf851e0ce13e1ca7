"""A Word file (.docx) -> its article text, with python-docx (issue 11).

The body in document order: each paragraph, and each table row (its cells joined by a tab, a
merged cell once), separated by a blank line; empty paragraphs left out. Headers, footers,
footnotes and comments are not the body, so they are left out (page furniture). A line break in a
paragraph stays a line break, a tab a tab. The title is the document's (its properties) unless
empty or a file name, else the first paragraph when short enough to be a heading, else the file's
name; the author is the document's.

A .docx is a zip: before python-docx unpacks it, the file is refused when it is over the 20 MB
input limit, has more than MAX_MEMBERS members or declares more than MAX_UNPACKED bytes unpacked
(a zip bomb), or lacks word/document.xml. A Word 97-2003 .doc (or a password-protected .docx,
which is stored the same way) is refused with a sentence saying to save it as .docx.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from ...domain.model import ParsedArticle
from ...domain.text import canonicalize, check_storable
from ...errors import InputRefused
from ..encoding.decode import MAX_INPUT_BYTES, MAX_TEXT_BYTES, check_text_size, read_binary_capped
from .pdf import first_paragraph_title
from .titles import safe_name

MAX_MEMBERS = 2_000
MAX_UNPACKED = 256 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# (python-docx says "Word Document" of a file without docProps/core.xml)
_WORTHLESS_TITLES = re.compile(r"(?i)(untitled|(word )?document\d*|.*\.(docx?|dotx?))")


def read_article(path: Path, encoding: str | None = None) -> ParsedArticle:
    """``encoding`` is not used: a .docx is UTF-8 XML."""
    source = str(path)
    data = _read(path)
    _check_zip(data, source)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        info = document.element.getroottree().docinfo
        if info.doctype or info.internalDTD is not None:  # (its entities are neither expanded
            # nor fetched: their text would be lost)
            raise InputRefused("declares a DTD in its document.xml, which Word never writes; "
                               "refused (its entities would be lost from the text)", source)
        blocks: list[str] = []
        size = 0
        for element in _blocks(document.element.body):
            text = _table(Table(element, document)) if element.tag == _W + "tbl" else \
                _paragraph(element)
            size += len(text)
            if size > MAX_TEXT_BYTES:
                raise InputRefused(f"has more text than the {MAX_TEXT_BYTES >> 20} MB limit for "
                                   "an article", source)
            if text.strip():
                blocks.append(text)
        props = document.core_properties
        title, author = _clean(props.title), _clean(props.author)
    except (PackageNotFoundError, LxmlError, KeyError, ValueError, TypeError, AttributeError,
            zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise InputRefused(f"could not be read as a Word document ({type(exc).__name__}: "
                           f"{exc})"[:300], source) from None
    text = canonicalize("\n\n".join(blocks))
    if not text.strip():
        raise InputRefused("has no text in its body", source)
    check_storable(text, source)
    check_text_size(text, source)
    if title is None or _WORTHLESS_TITLES.fullmatch(title):
        title = first_paragraph_title(text, safe_name(path.stem))
    return ParsedArticle(text=text, title=title, author=author, encoding="docx")


def _read(path: Path) -> bytes:
    source = str(path)
    data = read_binary_capped(path, MAX_INPUT_BYTES)
    if data.startswith(_OLE):
        raise InputRefused("is a Word 97-2003 document (or a password-protected one); save it "
                           "as .docx without a password", source)
    return data


def _check_zip(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError):
        raise InputRefused("is not a Word document (.docx files are zip archives)",
                           source) from None
    if len(infos) > MAX_MEMBERS:
        raise InputRefused(f"holds more than {MAX_MEMBERS:,} files; refused as a possible zip "
                           "bomb", source)
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InputRefused(f"would unpack to more than {MAX_UNPACKED >> 20} MB; refused as a "
                           "possible zip bomb", source)
    if not any(i.filename == "word/document.xml" for i in infos):
        raise InputRefused("is a zip archive but not a Word document (no word/document.xml)",
                           source)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A paragraph's text as Word shows it: its runs wherever they are nested (a tracked insertion,
# a content control, a smart tag, a field's result, a hyperlink), not what is deleted (w:del,
# w:moveFrom), nor a text box's (w:txbxContent: drawn apart, and written twice for old Words).
_SHOWN = ("[not(ancestor::w:del) and not(ancestor::w:moveFrom) and "
          "not(ancestor::w:txbxContent)]")
_PARTS = " | ".join(f".//w:r/w:{tag}{_SHOWN}" for tag in ("t", "tab", "br", "cr",
                                                          "noBreakHyphen"))  # (in runs: a
# paragraph's tab stops are w:tab too)
_FIND = None  # (the XPath compiled on first use: lxml is imported only for Word files)


def _blocks(container):
    """The paragraphs and tables of the body in order, those in block content controls and
    custom XML too."""
    for child in container.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag == _W + "customXml":
            yield from _blocks(child)


def _paragraph(p) -> str:
    global _FIND
    if _FIND is None:
        from lxml.etree import XPath

        _FIND = XPath(_PARTS, namespaces={"w": _W[1:-1]})
    parts = []
    for part in _FIND(p):
        tag = part.tag[len(_W):]
        if tag == "t":
            parts.append(part.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "cr" or part.get(_W + "type") in (None, "textWrapping"):
            parts.append("\n")  # (a page or column break inside a paragraph: nothing)
    return "".join(parts)


def _table(table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: list = []  # (lxml gives one proxy per element while it is referenced)
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a merged cell, listed once per column
                continue
            seen.append(cell._tc)
            cells.append("\n".join(_paragraph(p._p) for p in cell.paragraphs))
        rows.append("\t".join(cells))
    return "\n".join(r for r in rows if r.strip())


def _clean(value) -> str | None:
    value = " ".join(str(value).split()) if value else ""
    return value[:1000] or None
