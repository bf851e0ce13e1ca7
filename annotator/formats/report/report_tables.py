"""The report's tables: the legend, the actor matrix (actors × articles, mentions and quotes,
zeros shown), the claim groups (which articles carry each, and what contradicts it) and the
links (both ends' texts; a row scrolls the articles to both). Plain HTML; report.js sorts and
scrolls."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import NamedTuple

from ...domain.comparison.links import CONTRADICTS, SAME, SPEAKER
from ...domain.model import Annotation, Link, LinkType, Tag
from .report_text import tint

LINK_STYLES = {SAME: ("#1b7f3b", ""), CONTRADICTS: ("#b0004f", "6 4"),
               "elaborates": ("#6d5fb5", "2 3"), SPEAKER: ("#555555", "")}
OTHER_LINK_COLORS = ("#8a6d00", "#00707a", "#7a4a00", "#4a4a8a")


def link_style(link_type: str, position: int) -> tuple[str, str]:
    """(colour, SVG dash pattern) of a link type; types of the user's own get colours in turn."""
    return LINK_STYLES.get(link_type) or (OTHER_LINK_COLORS[position % len(OTHER_LINK_COLORS)], "")


class Context(NamedTuple):
    labels: list[str]                 # a short name per article, in order
    article_index: dict[str, int]     # article id -> its position
    spans: dict[str, Annotation]      # annotation id -> annotation
    keys: dict[str, str]              # annotation id -> its key in the page


def short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _zero(n: int) -> str:
    return f'<span class="zero">{n}</span>' if n == 0 else str(n)


def _span_link(ctx: Context, ident: str, with_article: bool = False) -> str:
    a = ctx.spans.get(ident)
    if a is None:
        return f'<span class="gone">{escape(ident)}</span>'
    where = f'<span class="where">{escape(ctx.labels[ctx.article_index[a.article_id]])}</span> ' \
        if with_article else ""
    return (f'{where}<a href="#articles" class="go t-{escape(a.tag)}" data-go="{ctx.keys[a.id]}" '
            f'title="{escape(a.tag)}">{escape(short(a.text))}</a>')


def legend(tags: list[Tag], counts: dict[str, int], link_types: list[LinkType],
           link_counts: dict[str, int]) -> str:
    items = []
    for tag in tags:
        items.append(f'<span class="key" title="{escape(tag.description)}"><i style="background:'
                     f'{tint(tag.color)};box-shadow:inset 0 -3px 0 {tag.color}"></i>'
                     f'{escape(tag.name)} <small>{counts.get(tag.name, 0)}</small></span>')
    for i, lt in enumerate(link_types):
        if not link_counts.get(lt.name):
            continue
        color, dash = link_style(lt.name, i)
        items.append(f'<span class="key" title="{escape(lt.description)}"><svg width="26" '
                     f'height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="{color}" '
                     f'stroke-width="2" stroke-dasharray="{dash}"/></svg>{escape(lt.name)} '
                     f'<small>{link_counts[lt.name]}</small></span>')
    return "".join(items)


def matrix(comparison: dict, ctx: Context) -> Iterator[str]:
    """Actors down, two columns per article (mentions, quotes) and two for all articles; a 0
    greyed, an article that never names the actor hatched."""
    articles = [a["id"] for a in comparison["articles"]]
    if not comparison["actors"]:
        yield '<p class="none">No actors yet.</p>'
        return
    top = "".join(f'<th colspan="2" title="{escape(a["title"])}">{escape(ctx.labels[i])}</th>'
                  for i, a in enumerate(comparison["articles"]))
    sub = "".join(f'<th data-sort="{2 * i + 1}">mentions</th><th data-sort="{2 * i + 2}" '
                  'class="q">quotes</th>' for i in range(len(articles) + 1))
    yield (f'<table class="matrix sortable"><thead><tr><th rowspan="2" data-sort="0">Actor</th>'
           f'{top}<th colspan="2">All articles</th></tr><tr>{sub}</tr></thead><tbody>')
    for actor in comparison["actors"]:
        pairs = [(actor["mentions"][ident], actor["quotes"][ident]) for ident in articles]
        pairs.append((sum(m for m, _ in pairs), sum(q for _, q in pairs)))
        cells = []
        for i, (m, q) in enumerate(pairs):
            kind = "total" if i == len(articles) else "empty" if m == 0 and q == 0 else ""
            attr = f' class="{kind}"' if kind else ""
            cells.append(f'<td data-v="{m}"{attr}>{_zero(m)}</td>'
                         f'<td data-v="{q}" class="q {kind}">{_zero(q)}</td>')
        yield (f'<tr><th scope="row" data-v="{escape(actor["name"])}">{escape(actor["name"])}'
               f'</th>{"".join(cells)}</tr>')
    yield "</tbody></table>"


def claims(comparison: dict, ctx: Context) -> Iterator[str]:
    groups = comparison["claims"]
    if not groups:
        yield '<p class="none">No claims yet.</p>'
        return
    head = "".join(f'<th title="{escape(a["title"])}">{escape(ctx.labels[i])}</th>'
                   for i, a in enumerate(comparison["articles"]))
    yield (f'<table class="claims"><thead><tr><th>Group</th>{head}<th>Contradicted by</th></tr>'
           '</thead><tbody>')
    for number, group in enumerate(groups, 1):
        per: dict[str, list[str]] = {}
        for ident in group["members"]:
            a = ctx.spans.get(ident)
            if a is not None:
                per.setdefault(a.article_id, []).append(_span_link(ctx, ident))
        cells = "".join(f'<td>{"<br>".join(per[a["id"]])}</td>' if a["id"] in per else
                        '<td class="omit" title="not in this article">—</td>'
                        for a in comparison["articles"])
        against = "<br>".join(_span_link(ctx, i, True) for i in group["contradicted_by"])
        reached = sum(1 for n in group["articles"].values() if n)
        yield (f'<tr><th scope="row">{number}<small>in {reached} of '
               f'{len(group["articles"])}</small></th>{cells}<td class="against">'
               f'{against or "<span class=zero>—</span>"}</td></tr>')
    yield "</tbody></table>"


def links_table(links: list[Link], link_types: list[LinkType], ctx: Context) -> Iterator[str]:
    if not links:
        yield '<p class="none">No links yet.</p>'
        return
    position = {lt.name: i for i, lt in enumerate(link_types)}
    ordered = sorted(links, key=lambda ln: (ctx.article_index.get(ln.from_article, 0),
                                            _start(ctx, ln.from_id), ln.type, ln.id))
    yield ('<table class="links"><thead><tr><th>Type</th><th>From</th><th>To</th><th>Note</th>'
           '</tr></thead><tbody>')
    for ln in ordered:
        if ln.from_id not in ctx.keys or ln.to_id not in ctx.keys:
            continue
        color, _dash = link_style(ln.type, position.get(ln.type, 0))
        yield (f'<tr data-from="{ctx.keys[ln.from_id]}" data-to="{ctx.keys[ln.to_id]}">'
               f'<td><span class="ltype" style="border-color:{color}">{escape(ln.type)}'
               f'</span></td><td>{_span_link(ctx, ln.from_id, True)}</td><td>'
               f'{_span_link(ctx, ln.to_id, True)}</td><td>{escape(ln.note)}</td></tr>')
    yield "</tbody></table>"


def _start(ctx: Context, ident: str) -> int:
    a = ctx.spans.get(ident)
    return a.start if a else 0
