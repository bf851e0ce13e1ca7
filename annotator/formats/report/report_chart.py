"""The report's chart, inline SVG made here (no script, no network): for the actors named most,
grouped horizontal bars of their mentions and of their quotes in each article, one colour per
article, zeros written as 0 so that an outlet's silence shows."""

from __future__ import annotations

from html import escape

# Okabe–Ito's colours, told apart with the common colour blindnesses, none a default tag colour.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
           "#7f7f7f")
MAX_ACTORS, MAX_ARTICLES = 15, len(PALETTE)
LABEL_W, PANEL_W, BAR_H, GAP, TOP = 180, 300, 9, 10, 34


def article_colors(count: int) -> list[str]:
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def chart(comparison: dict, labels: list[str]) -> str:
    """The SVG (or a sentence when there is no actor); ``labels`` names the articles."""
    actors = comparison["actors"][:MAX_ACTORS]
    articles = [a["id"] for a in comparison["articles"]][:MAX_ARTICLES]
    if not actors or not articles:
        return '<p class="none">No actors yet: the chart counts the spans that name one.</p>'
    colors = article_colors(len(articles))
    group_h = len(articles) * BAR_H + GAP
    height = TOP + len(actors) * group_h + 10
    width = LABEL_W + 2 * (PANEL_W + 50)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="Mentions and quotes per actor per article">']
    for i, actor in enumerate(actors):
        y = TOP + i * group_h
        if i % 2:
            out.append(f'<rect x="0" y="{y - GAP / 2}" width="{width}" height="{group_h}" '
                       'fill="#f4f4f4"/>')
        name = actor["name"] if len(actor["name"]) <= 26 else actor["name"][:25] + "…"
        out.append(f'<text x="{LABEL_W - 8}" y="{y + group_h / 2 - 2}" text-anchor="end" '
                   f'class="actor">{escape(name)}<title>{escape(actor["name"])}</title></text>')
    for panel, key in enumerate(("mentions", "quotes")):
        x0 = LABEL_W + panel * (PANEL_W + 50)
        top = max([actor[key][a] for actor in actors for a in articles] + [1])
        out.append(f'<text x="{x0}" y="16" class="head">{key.capitalize()} per article</text>')
        out.append(f'<line x1="{x0}" y1="{TOP - 6}" x2="{x0}" y2="{height - 6}" stroke="#999"/>')
        for i, actor in enumerate(actors):
            for j, article in enumerate(articles):
                n = actor[key][article]
                y = TOP + i * group_h + j * BAR_H
                w = round(PANEL_W * n / top, 1)
                tip = escape(f"{actor['name']}: {n} {key} in {labels[j]}")
                if n:
                    out.append(f'<rect x="{x0}" y="{y}" width="{w}" height="{BAR_H - 2}" '
                               f'fill="{colors[j]}"><title>{tip}</title></rect>')
                out.append(f'<text x="{x0 + w + 3}" y="{y + BAR_H - 2}" '
                           f'class="{"n" if n else "n zero"}">{n}<title>{tip}</title></text>')
    out.append("</svg>")
    legend = "".join(f'<span class="key"><i style="background:{colors[j]}"></i>'
                     f"{escape(labels[j])}</span>" for j in range(len(articles)))
    more = []
    if len(comparison["actors"]) > MAX_ACTORS:
        more.append(f"the {MAX_ACTORS} actors mentioned most of {len(comparison['actors'])}")
    if len(comparison["articles"]) > MAX_ARTICLES:
        more.append(f"the first {MAX_ARTICLES} articles of {len(comparison['articles'])}")
    note = f'<p class="note">Showing {" and ".join(more)}; the matrix has them all.</p>' \
        if more else ""
    return f'<div class="chart-keys">{legend}</div>{"".join(out)}{note}'
