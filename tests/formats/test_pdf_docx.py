"""Articles from PDF and Word (.docx) files (issue 11): the text in reading order, page furniture
(running heads, page numbers; Word's headers and footers) left out, the canonical text rules,
the title, and the guards (size, signature, zip bomb, encryption, no text). The PDFs are made
here with Qt's QPdfWriter, the Word files with python-docx."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from cli_run import run

from annotator.domain.text import canonicalize
from annotator.errors import InputRefused
from annotator.formats.articles import docx as docx_format
from annotator.formats.articles import pdf as pdf_format
from annotator.formats.registry import choose, import_filter
from annotator.storage.project import Project

PAGES = [
    ["Harbour master Ilse Varga said on Monday that the pier was sound after the storm. Engineers "
     "inspected the pilings and found no cracks in the main span, she told reporters.",
     "Commuters welcomed the news. “We have waited three days,” said Jörg Ødegård, who takes the "
     "7:40 ferry to work."],
    ["Council member René Dubois doubted the repairs would last the winter, and asked for a "
     "second inspection before the first frost.",
     "The ﬁrst boats leave at six."],
    ["The ferry company said services would resume on Tuesday morning, with extra boats during "
     "the first week. Tickets remain valid until the end of the month."],
]
TITLE = "Harbour pier declared sound"


def make_pdf(path: Path, pages=PAGES, *, title: str | None = TITLE, furniture: bool = True,
             columns: bool = False, text: bool = True) -> Path:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QPainter, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    if title:
        writer.setTitle(title)
    painter = QPainter(writer)
    body = QFont("DejaVu Sans", 11)
    for number, paragraphs in enumerate(pages, start=1):
        if number > 1:
            writer.newPage()
        if not text:
            painter.drawRect(QRectF(100, 100, 200, 200))
            continue
        if furniture:
            painter.setFont(QFont("DejaVu Sans", 8))
            painter.drawText(QRectF(50, 20, 495, 20), "The Coastal Gazette — Tuesday edition")
            painter.drawText(QRectF(50, 800, 495, 20), f"Page {number} of {len(pages)}")
        top = 80
        if number == 1 and title:
            painter.setFont(QFont("DejaVu Sans", 18))
            painter.drawText(QRectF(50, 45, 495, 30), title)
        for column, chunk in enumerate([paragraphs[:1], paragraphs[1:]] if columns
                                       else [paragraphs]):
            doc = QTextDocument()
            doc.setDefaultFont(body)
            doc.setTextWidth(230 if columns else 495)
            doc.setPlainText("\n\n".join(chunk))
            painter.save()
            painter.translate(50 + column * 260, top)
            doc.drawContents(painter)
            painter.restore()
    painter.end()
    return path


def expected(pages=PAGES, title: str | None = TITLE) -> str:
    paragraphs = ([title] if title else []) + [p.replace("ﬁ", "fi") for page in pages for p in page]
    return "\n\n".join(paragraphs)


def test_pdf_text_in_order_without_page_furniture(tmp_path, qapp):
    path = make_pdf(tmp_path / "pier.pdf")
    article = pdf_format.read_article(path)
    assert article.text == expected()
    assert article.title == TITLE
    assert "Gazette" not in article.text and "Page" not in article.text


def test_pdf_without_title_takes_its_first_line_and_keeps_a_lone_page(tmp_path, qapp):
    path = make_pdf(tmp_path / "one.pdf", PAGES[:1], title=None)
    article = pdf_format.read_article(path)
    # One page: its head and foot do not repeat, so only the page number is known furniture.
    assert article.text == "The Coastal Gazette — Tuesday edition\n\n" + expected(PAGES[:1], None)
    assert article.title == "The Coastal Gazette — Tuesday edition"
    bare = pdf_format.read_article(make_pdf(tmp_path / "bare.pdf", [[PAGES[0][0] * 2]],
                                            title=None, furniture=False))
    assert bare.title == "bare"  # a first line too long for a title: the file's name


def test_pdf_a_paragraph_running_on_to_the_next_page_stays_one(tmp_path, qapp):
    on = ("winter, and asked for a second inspection before the first frost came to the harbour "
          "and the boats were laid up for the season.")
    pages = [["Council member René Dubois doubted that the repairs would last the"],
             [on, "The ferry waits."]]
    article = pdf_format.read_article(make_pdf(tmp_path / "on.pdf", pages, title=None))
    assert article.text == ("Council member René Dubois doubted that the repairs would last the "
                            f"{on}\n\nThe ferry waits.")


def printed(path: Path, width: int, fill) -> Path:
    """A one-page PDF of a QTextDocument (11 pt, ``width`` points wide) that ``fill(doc)``
    writes."""
    from PySide6.QtGui import QFont, QPainter, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 11))
    doc.setTextWidth(width)
    fill(doc)
    painter = QPainter(writer)
    painter.translate(50, 80)
    doc.drawContents(painter)
    painter.end()
    return path


def test_pdf_paragraphs_marked_by_an_indent_alone_stay_apart(tmp_path, qapp):
    """No space between paragraphs, each first line set in: each is a paragraph (they were
    one)."""
    from PySide6.QtGui import QTextBlockFormat, QTextCursor

    paragraphs = [PAGES[0][0], PAGES[1][0], PAGES[2][0]]

    def indented(doc) -> None:
        cursor = QTextCursor(doc)
        block = QTextBlockFormat()
        block.setTextIndent(24)
        cursor.setBlockFormat(block)
        for i, paragraph in enumerate(paragraphs):
            if i:
                cursor.insertBlock(block)
            cursor.insertText(paragraph)

    article = pdf_format.read_article(printed(tmp_path / "indent.pdf", 495, indented))
    assert article.text == "\n\n".join(paragraphs)


def test_pdf_a_headline_over_two_lines_is_one_paragraph(tmp_path, qapp):
    """Its lines, of a larger type, are further apart than the body's: not two paragraphs."""
    head = "Harbour master says the storm left the old pier sound"
    path = printed(tmp_path / "headline.pdf", 300, lambda doc: doc.setHtml(
        f'<p style="font-size:20pt">{head}</p><p>{PAGES[0][0]}</p>'))
    assert pdf_format.read_article(path).text == f"{head}\n\n{PAGES[0][0]}"


@pytest.mark.parametrize("broken, mended", [
    ("a sanctu-|ary, the sanctuary", "a sanctuary, the sanctuary"),  # (written whole elsewhere)
    ("the cover-|up, a cover-up", "the cover-up, a cover-up"),  # (with its hyphen elsewhere)
    ("a well-|known pier", "a well-known pier"),  # (no other time: the hyphen stays)
    ("COVID-|19, covid19", "COVID-19, covid19"),  # (a number after it: it stays)
    ("state-|of-|the-art", "state-of-the-art"),  # (a line of one broken word)
])
def test_a_word_broken_at_a_lines_end_is_mended_as_the_document_writes_it(broken, mended):
    assert pdf_format._mend(broken.replace("|", pdf_format._BROKEN)) == mended


def test_pdf_two_columns_read_left_then_right(tmp_path, qapp):
    pages = [[PAGES[0][0], PAGES[2][0]]]
    article = pdf_format.read_article(make_pdf(tmp_path / "columns.pdf", pages, title=None,
                                               furniture=False, columns=True))
    assert article.text == expected(pages, None)


def test_pdf_and_docx_import_through_the_project_and_the_command_line(tmp_path, qapp):
    pdf = make_pdf(tmp_path / "pier.pdf")
    word = make_docx(tmp_path / "pier.docx")
    assert choose(pdf).name == "pdf" and choose(word).name == "docx"
    assert "*.pdf" in import_filter() and "*.docx" in import_filter()
    with Project(tmp_path / "p.sqlite") as project:
        (ident, title, created), = project.import_file(pdf)
        assert (title, created) == (TITLE, True)
        assert project.article(ident).text == expected()
        assert project.import_file(pdf)[0][2] is False  # the same text again: not a new article
    done = run("--db", "q.sqlite", "import", "pier.pdf", "pier.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Project(tmp_path / "q.sqlite") as project:
        assert sorted(a.title for a in project.articles()) == [TITLE, "Pier report"]


@pytest.mark.parametrize("content, reason", [
    (b"Just a text file named .pdf\n", "is not a PDF file"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "could not be read as a PDF"),
])
def test_bad_pdfs_are_refused_with_a_sentence(tmp_path, content, reason):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(InputRefused, match=reason) as caught:
        pdf_format.read_article(path)
    assert str(path) in str(caught.value)


def test_pdf_guards(tmp_path, qapp, monkeypatch):
    scanned = make_pdf(tmp_path / "scan.pdf", text=False)
    with pytest.raises(InputRefused, match="no text to read"):
        pdf_format.read_article(scanned)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "open.pdf")))
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    with pytest.raises(InputRefused, match="encrypted PDF"):
        pdf_format.read_article(locked)
    # AES, as Acrobat and Word write it: with an owner password only, it opens as in any viewer
    # (it was an internal error: pypdf needs cryptography for AES); with a user password, no.
    for user, opens in (("", True), ("secret", False)):
        writer = PdfWriter(clone_from=PdfReader(tmp_path / "open.pdf"))
        writer.encrypt(user, "owner", algorithm="AES-256")
        with open(tmp_path / "aes.pdf", "wb") as handle:
            writer.write(handle)
        if opens:
            assert pdf_format.read_article(tmp_path / "aes.pdf").text == \
                pdf_format.read_article(tmp_path / "open.pdf").text
        else:
            with pytest.raises(InputRefused, match="encrypted PDF"):
                pdf_format.read_article(tmp_path / "aes.pdf")
    writer = PdfWriter(clone_from=PdfReader(tmp_path / "open.pdf"))
    writer.add_metadata({"/Author": "anonymous"})  # (reportlab's, when no one is named)
    with open(tmp_path / "nobody.pdf", "wb") as handle:
        writer.write(handle)
    assert pdf_format.read_article(tmp_path / "nobody.pdf").author is None
    monkeypatch.setattr(pdf_format, "MAX_PAGES", 2)
    with pytest.raises(InputRefused, match="has 3 pages, more than the 2"):
        pdf_format.read_article(tmp_path / "open.pdf")
    monkeypatch.setattr(pdf_format, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(InputRefused, match="larger than"):
        pdf_format.read_article(tmp_path / "open.pdf")


def make_docx(path: Path, *, title: str | None = "Pier report") -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = title or ""
    document.core_properties.author = "R. Roe"
    section = document.sections[0]
    section.header.paragraphs[0].text = "The Coastal Gazette"
    section.footer.paragraphs[0].text = "Page 1"
    document.add_heading("Harbour pier declared sound", 1)
    paragraph = document.add_paragraph("Harbour master Ilse Varga said the pier was ")
    paragraph.add_run("sound").bold = True
    paragraph.add_run(".")
    document.add_paragraph("")
    document.add_paragraph("Cafe\u0301 owners\tagreed.").add_run().add_break()
    document.paragraphs[-1].add_run("A second line.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Crossings"
    table.cell(0, 1).text = "12"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Resumes Tuesday"
    document.add_paragraph("After the table.")
    document.save(str(path))
    return path


DOCX_TEXT = ("Harbour pier declared sound\n\nHarbour master Ilse Varga said the pier was sound.\n\n"
             "Café owners\tagreed.\nA second line.\n\nCrossings\t12\nResumes Tuesday\n\n"
             "After the table.")


def test_docx_body_in_order_without_headers_and_footers(tmp_path):
    article = docx_format.read_article(make_docx(tmp_path / "pier.docx"))
    assert article.text == DOCX_TEXT == canonicalize(DOCX_TEXT)
    assert (article.title, article.author) == ("Pier report", "R. Roe")
    untitled = docx_format.read_article(make_docx(tmp_path / "b.docx", title=None))
    assert untitled.title == "Harbour pier declared sound"


def test_docx_text_in_revisions_and_controls_is_read_as_word_shows_it(tmp_path):
    """A tracked insertion, an inline and a block content control, a smart tag: their text is
    the body's (python-docx's paragraph text left them out); a tracked deletion is not."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def run(text: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'

    document = docx.Document()
    paragraph = document.add_paragraph("The pier ")
    for xml in (f'<w:ins {w} w:id="1" w:author="Ed">{run("was declared ")}</w:ins>',
                f'<w:del {w} w:id="2" w:author="Ed"><w:r><w:delText>not </w:delText></w:r></w:del>',
                f'<w:sdt {w}><w:sdtPr/><w:sdtContent>{run("sound ")}</w:sdtContent></w:sdt>',
                f'<w:smartTag {w} w:uri="urn:x" w:element="place">{run("in Portgate")}</w:smartTag>'):
        paragraph._p.append(parse_xml(xml))
    paragraph._p.addnext(parse_xml(f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p>{run("A block.")}'
                                   '</w:p></w:sdtContent></w:sdt>'))
    from docx.shared import Inches

    tabbed = document.add_paragraph("Name\tValue")  # (its tab stops are w:tab too: not text)
    for inches in (1, 2, 3):
        tabbed.paragraph_format.tab_stops.add_tab_stop(Inches(inches))
    document.save(str(tmp_path / "revised.docx"))
    article = docx_format.read_article(tmp_path / "revised.docx")
    assert article.text == "The pier was declared sound in Portgate\n\nA block.\n\nName\tValue"


def test_a_docx_declaring_a_dtd_is_refused_wherever_the_dtd_is(tmp_path):
    """Word never writes a DTD; its entities would be neither expanded nor fetched, and their
    text lost quietly: refused, even after a long comment."""
    import docx

    docx.Document().save(str(tmp_path / "plain.docx"))
    with zipfile.ZipFile(tmp_path / "plain.docx") as whole:
        members = {n: whole.read(n) for n in whole.namelist()}
    members["word/document.xml"] = (
        b'<?xml version="1.0"?><!--' + b"x" * 5000 + b'--><!DOCTYPE d [<!ENTITY x "words">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Hello &x; and the rest.</w:t></w:r></w:p></w:body>"
        b"</w:document>")
    (tmp_path / "dtd.docx").write_bytes(zip_of(members))
    with pytest.raises(InputRefused, match="declares a DTD in its document.xml"):
        docx_format.read_article(tmp_path / "dtd.docx")


def test_a_docx_without_its_properties_is_titled_by_its_first_paragraph(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Harbour closes early")
    document.add_paragraph("The pier was declared sound.")
    document.save(str(tmp_path / "bare.docx"))
    with zipfile.ZipFile(tmp_path / "bare.docx") as whole:
        members = {n: whole.read(n) for n in whole.namelist() if n != "docProps/core.xml"}
    members["_rels/.rels"] = re.sub(rb'<Relationship [^>]*docProps/core.xml"/>', b"",
                                    members["_rels/.rels"])
    (tmp_path / "bare.docx").write_bytes(zip_of(members))
    assert docx_format.read_article(tmp_path / "bare.docx").title == "Harbour closes early"


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_docx_guards(tmp_path, monkeypatch):
    cases = {
        "old.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Word 97-2003"),
        "text.docx": (b"not a zip at all", "zip archives"),
        "other.docx": (zip_of({"content.xml": b"<x/>"}), "no word/document.xml"),
        "broken.docx": (zip_of({"word/document.xml": b"<w:document", "[Content_Types].xml":
                                b"<Types/>"}), "could not be read as a Word document"),
        "bomb.docx": (zip_of({"word/document.xml": b"<x/>", "word/zeros.bin": bytes(40 << 20)}),
                      "would unpack to more than 32 MB"),
    }
    monkeypatch.setattr(docx_format, "MAX_UNPACKED", 32 << 20)
    for name, (content, reason) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(InputRefused, match=reason) as caught:
            docx_format.read_article(path)
        assert str(path) in str(caught.value)
    monkeypatch.setattr(docx_format, "MAX_MEMBERS", 3)
    many = tmp_path / "many.docx"
    many.write_bytes(zip_of({f"word/m{i}.xml": b"<x/>" for i in range(5)}))
    with pytest.raises(InputRefused, match="more than 3 files"):
        docx_format.read_article(many)


def test_pdf_metadata_without_control_characters_or_undecoded_utf16():
    """pypdf gives a /Title of UTF-16 that does not decode as its bytes in Latin-1 letters
    ("þÿØ=\\x00A"): no title, not one holding a NUL; control characters become spaces."""
    assert pdf_format._meta({"/Title": "\xfe\xff\xd8=\x00A"}, "/Title") is None
    assert pdf_format._meta({"/Title": "Harbour\x00 report\x07"}, "/Title") == \
        "Harbour report"
    assert pdf_format._meta({}, "/Title") is None
