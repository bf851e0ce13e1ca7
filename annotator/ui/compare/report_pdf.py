"""The comparison report as a PDF, from the window (File › Export report…): one QTextDocument in
Qt's rich text (the articles, the matrix, the chart, the claims, the articles side by side with
their highlights in the tag colours, links and notes), laid out on A4 landscape pages and
painted page by page by QPdfWriter. The chart is drawn as vectors by compare_chart's painter,
as an object inside the text."""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPyTextObject,
                           QTextCharFormat, QTextDocument, QTextFormat)

from ...domain.comparison.links import NOT_ARTICLE, SPEAKER
from .compare_chart import Chart, chart_of, paint_chart, preferred_width
from .compare_model import NONE_TEXT, CompareData, excerpt, load
from .report_marks import article_html, blend, columns_of
from ..words import plural

DPI = 300
CHART_OBJECT = QTextFormat.ObjectTypes.UserObject + 1
CHART_PROPERTY = QTextFormat.Property.UserProperty + 1
CHART_HEIGHT = 330.0  # in the chart's own units (its fonts are sized in these)
GREY, OMITTED, CONTRADICTED = "#9a9a9a", "#fbe3c8", "#f6d0d0"
PER_TABLE = 8  # article columns in one table across the page
STYLE = """
h1 { font-size: 17pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 4pt; }
h3 { font-size: 10.5pt; margin: 0; }
td, th { padding: 3px 6px; }
th { background-color: #eeeeee; font-weight: bold; text-align: left; }
.muted { color: #777777; }
.count { text-align: center; }
"""


class ChartObject(QPyTextObject):
    """Draws the comparison chart where the document holds its object character."""

    def __init__(self, chart: Chart, page_width: float, parent=None):
        super().__init__(parent)
        self.chart = chart
        self.logical = (max(640.0, preferred_width(chart)), CHART_HEIGHT)
        # A few actors: about half the page, its text as large as the body's; many: all of it.
        self.width = page_width * min(0.95, max(0.55, self.logical[0] / 1150))

    def intrinsicSize(self, doc, pos, fmt) -> QSizeF:
        w, h = self.logical
        return QSizeF(self.width, self.width * h / w)

    def drawObject(self, painter, rect, doc, pos, fmt) -> None:
        w, h = self.logical
        painter.save()
        painter.translate(rect.topLeft())
        painter.scale(rect.width() / w, rect.height() / h)
        paint_chart(painter, w, h, self.chart)
        painter.restore()


def _cell(text: str, *, muted: bool = False, bg: str | None = None, center: bool = True) -> str:
    style = ["white-space:nowrap"] if center else []
    if muted:
        style.append(f"color:{GREY}")
    attrs = f' bgcolor="{bg}"' if bg else ""
    align = ' align="center"' if center else ""
    return f'<td{attrs}{align} style="{";".join(style)}">{html.escape(text)}</td>'


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    return ('<table border="1" cellspacing="0" cellpadding="3" width="100%" '
            'style="border-color:#cccccc; border-collapse:collapse">'
            f"<thead><tr>{head}</tr></thead>{''.join(rows)}</table>")  # the head on every page


def _column_groups(n: int) -> list[range]:
    """Article columns in tables of at most PER_TABLE (more would not fit across a page)."""
    return [range(i, min(i + PER_TABLE, n)) for i in range(0, n, PER_TABLE)] or [range(0)]


def _part(group: range, n: int) -> str:
    return "" if n <= PER_TABLE else \
        f'<p class="muted">Articles {group.start + 1}–{group.stop} of {n}</p>'


def matrix_html(data: CompareData, heads: list[str]) -> str:
    n = len(data.articles)
    groups = _column_groups(n)
    out = []
    for group in groups:
        last = group is groups[-1]
        rows = []
        for actor in data.actors:
            named = any(actor["mentions"].values())
            cells = [f"<td>{html.escape(actor['name'])}</td>"]
            for i in group:
                aid = data.articles[i]["id"]
                m, q = actor["mentions"].get(aid, 0), actor["quotes"].get(aid, 0)
                cells.append(_cell(NONE_TEXT if not (m or q) else f"{m} / {q}",
                                   muted=not (m or q), bg=OMITTED if named and not m else None))
            if last:
                m, q = sum(actor["mentions"].values()), sum(actor["quotes"].values())
                cells.append(_cell(f"{m} / {q}" if m or q else NONE_TEXT, muted=not (m or q)))
            rows.append(f"<tr>{''.join(cells)}</tr>")
        out.append(_part(group, n) + _table(
            ["Actor", *(heads[i] for i in group), *(["All"] if last else [])], rows))
    return "".join(out)


def claims_html(data: CompareData, heads: list[str]) -> str:
    def text(i: str) -> str:
        found = data.annotations.get(i)
        return excerpt(found.text, 220) if found is not None else "?"

    index = {a["id"]: i for i, a in enumerate(data.articles)}
    where = {a.id: heads[index[a.article_id]] for a in data.annotations.values()
             if a.article_id in index}
    n = len(data.articles)
    groups = _column_groups(n)
    out = []
    for columns in groups:
        first = columns is groups[0]  # what contradicts a claim: said once, in the first table
        rows = []
        for group in data.claims:
            cells = [f"<td>“{html.escape(text(group['members'][0]))}”</td>"]
            for i in columns:
                k = group["articles"].get(data.articles[i]["id"], 0)
                cells.append(_cell(NONE_TEXT if not k else ("✓" if k == 1 else f"✓ {k}"),
                                   muted=not k))
            against = group["contradicted_by"]
            if first:
                said = "<br>".join(f"{html.escape(where.get(i, '?'))}: “{html.escape(text(i))}”"
                                   for i in against)
                cells.append(f'<td bgcolor="{CONTRADICTED}">{said}</td>' if against
                             else _cell(NONE_TEXT, muted=True))
            rows.append(f"<tr>{''.join(cells)}</tr>")
        out.append(_part(columns, n) + _table(
            ["Claim", *(heads[i] for i in columns), *(["Contradicted by"] if first else [])],
            rows))
    return "".join(out)


def document_html(project, data: CompareData) -> str:
    """The report in Qt's rich text, with "[[chart]]" where the chart goes."""
    articles = [project.article(a["id"]) for a in data.articles]
    spans = {a.id: project.annotations(a.id) for a in articles}
    by_id = {s.id: s for group in spans.values() for s in group}
    actors = {a.id: a.name for a in project.actors()}
    links = project.links()
    colors = {t.name: t.color for t in project.tags()}
    labels = dict(zip((a["id"] for a in data.articles), data.names, strict=True))
    heads = data.names if len(data.articles) <= 3 else data.labels  # table headers
    out = [f"<style>{STYLE}</style>",
           f"<h1>Comparison of {plural(len(articles), 'article')}</h1>",
           f'<p class="muted">{html.escape(project.path.name)} · '
           f"{plural(len(data.actors), 'actor')} · {plural(len(data.claims), 'claim group')} · "
           f"{time.strftime('%Y-%m-%d %H:%M')}</p>", "<h2>Articles</h2>"]
    fields = [(name, key) for name, key in (("Title", "title"), ("Source", "source"),
                                            ("Author", "author"), ("Published", "published"))
              if any(getattr(a, key) for a in articles)]  # no column that says nothing
    out.append(_table(["Article", *(name for name, _ in fields)], [
        "<tr>" + "".join(f"<td>{html.escape(v or '')}</td>" for v in
                         (heads[i], *(getattr(a, key) for _, key in fields))) + "</tr>"
        for i, a in enumerate(articles)]))
    out += ["<h2>Actors in each article</h2>",
            '<p class="muted">Each cell: mentions / quotes. — : none; orange: this article '
            "never names an actor that another article names.</p>",
            matrix_html(data, heads) if data.actors else '<p class="muted">No actors yet.</p>',
            "<p>[[chart]]</p>" if data.actors else "",
            "<h2>Claims</h2>",
            claims_html(data, heads) if data.claims else '<p class="muted">No claims yet.</p>',
            '<h2 style="page-break-before: always">The articles side by side</h2>',
            _legend(colors, spans)]
    speakers: dict[str, list[str]] = {}
    for link in links:
        if link.type == SPEAKER and link.to_id in by_id:
            who = by_id[link.to_id]
            speakers.setdefault(link.from_id, []).append(
                actors.get(who.actor or "", "") or who.text)
    notes: list[tuple[int, str, str]] = []
    for row in columns_of(articles):
        cells = []
        for article in row:
            body = article_html(article.text, spans[article.id], colors, speakers, notes,
                                labels[article.id])
            cells.append(f'<td valign="top" width="{100 // len(row)}%">'
                         f"<h3>{html.escape(labels[article.id])}</h3>"
                         f'<p class="muted">{html.escape(article.title)}</p>{body}</td>')
        out.append('<table border="0" cellspacing="8" width="100%"><tr>'
                   + "".join(cells) + "</tr></table>")
    out.append(_links_html(links, by_id, labels))
    if notes:
        out.append("<h2>Notes</h2>" + "".join(
            f"<p><b>[{n}]</b> {html.escape(where)}: {html.escape(note)}</p>"
            for n, where, note in notes))
    return "".join(out)


def _legend(colors: dict[str, str], spans: dict) -> str:
    used = {s.tag for group in spans.values() for s in group}
    items = [f'<span style="background-color:{blend(color, 0.35)}">&nbsp;{html.escape(name)}'
             "&nbsp;</span>" for name, color in colors.items() if name in used
             and name != NOT_ARTICLE]
    if NOT_ARTICLE in used:
        items.append(f'<span style="color:{GREY}">not part of the article</span>')
    return ("<p>" + " &nbsp; ".join(items) + ' &nbsp; <span class="muted">‹name›: who said a '
            "quote; [n]: a note</span></p>") if items else ""


def _links_html(links, by_id, labels) -> str:
    rows = []
    for link in links:
        a, b = by_id.get(link.from_id), by_id.get(link.to_id)
        if link.type == SPEAKER or a is None or b is None:
            continue
        rows.append("<tr>" + _cell(link.type, center=False) + "".join(
            f"<td>{html.escape(labels.get(s.article_id, '?'))}: “{html.escape(excerpt(s.text, 160))}”"
            "</td>" for s in (a, b)) + _cell(link.note, center=False) + "</tr>")
    if not rows:
        return ""
    return ('<h2 style="page-break-before: always">Links</h2>'
            + _table(["Link", "From", "To", "Note"], rows))


def pdf_bytes(project, data: CompareData | None = None,
              metric: str = "quotes") -> tuple[bytes, int]:
    """The report as a PDF, and its number of pages."""
    data = data or load(project)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"Comparison — {project.path.name}")
    writer.setCreator("annotator")
    area = writer.pageLayout().paintRectPixels(DPI)
    footer = DPI * 0.25
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    chart = ChartObject(chart_of(data, metric), area.width(), doc)
    doc.documentLayout().registerHandler(CHART_OBJECT, chart)
    doc.setHtml(document_html(project, data))
    found = doc.find("[[chart]]")
    if not found.isNull():
        fmt = QTextCharFormat()
        fmt.setObjectType(CHART_OBJECT)
        found.insertText("\ufffc", fmt)
    # Laid out here, whole, once the chart is in (an edit after setHtml is laid out lazily).
    doc.setPageSize(QSizeF(area.width(), area.height() - footer))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("the PDF could not be made")
    pages = doc.pageCount()
    height = doc.pageSize().height()
    small = QFont()
    small.setPointSizeF(7.5)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.setClipRect(QRectF(0, 0, area.width(), height))
        painter.translate(0, -page * height)
        doc.drawContents(painter, QRectF(0, page * height, area.width(), height))
        painter.restore()
        painter.setFont(small)
        painter.setPen(Qt.GlobalColor.gray)
        painter.drawText(QPointF(0, area.height() - footer * 0.2),
                         f"annotator · {project.path.name} · page {page + 1} of {pages}")
    painter.end()
    return bytes(buffer.data().data()), pages


def write_pdf(project, path: Path | str, data: CompareData | None = None,
              metric: str = "quotes") -> int:
    """Write the report (whole or not at all); returns the number of pages."""
    from ...fileutil import atomic_write

    body, pages = pdf_bytes(project, data, metric)
    with atomic_write(Path(path)) as handle:
        handle.write(body)
    return pages
