"""`compare --format html` and the window's File › Export report…: one self-contained HTML file
(inline CSS, script and SVG; no fonts, images or anything else fetched) that a colleague without
annotator can open: the articles side by side, each scrolling, with their spans highlighted in
the tag colours; a legend; notes, actors and attributes on hover; links drawn between the
articles (and listed, each row scrolling both texts to its ends); the actor matrix; a chart;
the claim groups. Deterministic: the same project gives the same bytes.

    from annotator.storage.reads.report_data import read_report
    from annotator.formats.report.report_html import write_report
    write_report(handle, read_report(project))      # handle: a binary file
"""

from __future__ import annotations

from html import escape
from importlib.resources import files
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

import orjson

from ...domain.comparison.links import SPEAKER
from ...domain.model import Actor, Annotation, Article, Link, LinkType, Tag
from . import report_tables as tables
from .report_chart import chart
from .report_text import Styles, highlighted, outermost_first


NAV = "<nav>" + "".join(f'<a href="#{anchor}">{name}</a>' for anchor, name in (
    ("articles", "Articles"), ("links", "Links"), ("actors", "Actors"), ("chart", "Chart"),
    ("claims", "Claims"))) + "</nav>"
MATRIX_HINT = ("Mentions are spans naming the actor; quotes are spans linked to one by “speaker”. "
               "Click a heading to sort.")
CLAIMS_HINT = ("Each row is one claim as the articles tell it; — marks an article that does not "
               "carry it.")
FOOTER = ("Hover a highlight for its tag, actor, attributes and note; the stripes under the text "
          "show nested spans, the outermost lowest. Click a highlight to bring the other ends of "
          "its links into view.")


class Report(NamedTuple):
    """What a report shows, read in one transaction (storage.reads.report_data.read_report)."""

    title: str                                 # the project's name
    comparison: dict                           # Project.compare()
    tags: list[Tag]
    link_types: list[LinkType]
    actors: list[Actor]
    articles: list[Article]                    # in import order, with their texts
    annotations: dict[str, list[Annotation]]   # article id -> its annotations
    links: list[Link]


def _resource(name: str) -> str:
    return files("annotator.resources").joinpath(name).read_text("utf-8")


def labels(articles: list[Article]) -> list[str]:
    """A short name per article for table heads: its source, else its title; repeated names
    numbered."""
    names = [tables.short(a.source or a.title, 32) for a in articles]
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if names.count(name) == 1 else f"{name} ({seen[name]})")
    return out


class _Describer:
    """The hover text of a span and the label shown after it (its speaker, a note mark)."""

    def __init__(self, report: Report, spans: dict[str, Annotation]):
        self.actors = {a.id: a for a in report.actors}
        self.spans = spans
        self.speakers: dict[str, list[str]] = {}
        for ln in report.links:
            if ln.type == SPEAKER and ln.to_id in spans:
                self.speakers.setdefault(ln.from_id, []).append(self.who(spans[ln.to_id]))
        self.after = {}
        for ident in spans.keys() & self.speakers.keys():
            self.after[ident] = " — " + ", ".join(self.speakers[ident])
        for a in spans.values():
            if a.note:
                self.after[a.id] = self.after.get(a.id, "") + " ✎"

    def who(self, span: Annotation) -> str:
        actor = self.actors.get(span.actor or "")
        return actor.name if actor else tables.short(span.text, 40)

    def __call__(self, a: Annotation) -> str:
        lines = [f"{a.tag}: “{tables.short(a.text, 90)}”"]
        if a.actor and a.actor in self.actors:
            lines.append(f"actor: {self.actors[a.actor].name}")
        if a.id in self.speakers:
            lines.append(f"said by: {', '.join(self.speakers[a.id])}")
        lines += [f"{key.replace('_', ' ')}: {_value(value)}" for key, value in
                  sorted(a.attributes.items())]
        if a.note:
            lines.append(f"note: {a.note}")
        lines.append(f"by {a.annotator}")
        return "\n".join(lines)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "—" if value is None else str(value)


def render(report: Report) -> str:
    return "".join(chunks(report))


def write_report(out: BinaryIO, report: Report) -> None:
    """Write the page to a binary stream, a piece at a time (a big project's page is never
    held whole)."""
    for chunk in chunks(report):
        out.write(chunk.encode("utf-8"))


def chunks(report: Report) -> Iterator[str]:
    """The page, in pieces: the head, each article, each table."""
    from ... import __version__

    comparison = report.comparison
    names = labels(report.articles)
    article_index = {a.id: i for i, a in enumerate(report.articles)}
    spans: dict[str, Annotation] = {}
    keys: dict[str, str] = {}
    for article in report.articles:
        for a in sorted(report.annotations.get(article.id, ()), key=outermost_first):
            spans[a.id] = a
            keys[a.id] = f"s{len(keys)}"
    ctx = tables.Context(names, article_index, spans, keys)
    tag_index = {t.name: i for i, t in enumerate(report.tags)}
    for a in spans.values():  # a tag missing from the list (never on a sound project): grey
        tag_index.setdefault(a.tag, len(tag_index))
    colors = [t.color for t in report.tags] + ["#808080"] * (len(tag_index) - len(report.tags))
    tag_counts: dict[str, int] = {}
    for a in spans.values():
        tag_counts[a.tag] = tag_counts.get(a.tag, 0) + 1
    link_counts: dict[str, int] = {}
    for ln in report.links:
        link_counts[ln.type] = link_counts.get(ln.type, 0) + 1
    n = len(report.articles)
    title = f"Comparison of {n} article{'s' if n != 1 else ''}"
    summary = (f"Project {escape(report.title)} · {n} articles · {len(spans):,} annotations · "
               f"{len(report.links):,} links · {len(comparison['actors']):,} actors · "
               f"{len(comparison['claims']):,} claim groups")
    yield f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="annotator {escape(__version__)}">
<title>{escape(title)} ({escape(report.title)})</title>
<style>
{_resource("report.css")}</style></head>
<body>
<header class="top"><h1>{escape(title)}</h1><p class="summary">{summary}</p>
{NAV}
<div class="legend">{tables.legend(report.tags, tag_counts, report.link_types, link_counts)}</div></header>
<section id="articles">"""
    styles = Styles(colors)
    if n:
        describe = _Describer(report, spans)
        yield (f'<div class="wrap"><div class="cols" style="grid-template-columns:repeat({n}, '
               'minmax(340px, 1fr))">')
        for i, article in enumerate(report.articles):
            body = highlighted(article.text, report.annotations.get(article.id, []), keys,
                               tag_index, styles, describe, describe.after)
            yield (f'<article class="col" id="article-{i + 1}"><header><h2>'
                   f'{escape(article.title)}</h2>{_meta(article)}</header>'
                   f'<div class="text" data-article="{i}">{body}</div></article>')
        yield '</div><svg class="lines" aria-hidden="true"></svg></div>'
    else:
        yield '<p class="none">No articles in this project.</p>'
    # (the highlights' colours, one rule per combination of tags met in the texts above)
    yield f"""</section>
<style>
{styles.css()}
</style>
<section id="links"><h2>Links</h2><p class="hint">Click a row to show both ends side by side.</p>
"""
    yield from tables.links_table(report.links, report.link_types, ctx)
    yield f"""</section>
<section id="actors"><h2>Actors: mentions and quotes per article</h2>
<p class="hint">{MATRIX_HINT}</p>
"""
    yield from tables.matrix(comparison, ctx)
    yield f"""</section>
<section id="chart"><h2>Mentions and quotes per actor per article</h2>
{chart(comparison, names)}</section>
<section id="claims"><h2>Claims, grouped by “same” links</h2>
<p class="hint">{CLAIMS_HINT}</p>
"""
    yield from tables.claims(comparison, ctx)
    position = {lt.name: i for i, lt in enumerate(report.link_types)}
    cross = [[keys[ln.from_id], keys[ln.to_id], ln.type] for ln in report.links
             if ln.from_id in keys and ln.to_id in keys and ln.from_article != ln.to_article]
    data = {"links": cross,
            "styles": {name: tables.link_style(name, i) for name, i in position.items()},
            "ids": {key: ident for ident, key in keys.items()}}
    blob = orjson.dumps(data).decode("utf-8").replace("</", "<\\/")
    yield f"""</section>
<footer>Made by annotator {escape(__version__)}. {FOOTER}</footer>
<script type="application/json" id="report-data">{blob}</script>
<script>
{_resource("report.js")}
</script>
</body></html>
"""


def _meta(article: Article) -> str:
    parts = [escape(p) for p in (article.source, article.author, article.published) if p]
    if article.url:
        url = escape(article.url)
        parts.append(f'<a href="{url}" rel="noreferrer">{url}</a>'
                     if article.url.startswith(("http://", "https://")) else url)
    return f'<p class="meta">{" · ".join(parts)}</p>' if parts else ""
