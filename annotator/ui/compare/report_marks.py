"""An article's text with its spans marked, in the rich text Qt's QTextDocument reads (for the
PDF report): each stretch of text takes the tint of the innermost span covering it, deeper where
spans nest; not-article regions are grey; a quote is followed by its speaker's name, a span with
a note by the note's number. Offsets are code points (Python string indices)."""

from __future__ import annotations

import html
from itertools import pairwise

from ...domain.comparison.links import NOT_ARTICLE
from ...domain.model import Annotation

PER_ROW = 3  # articles side by side on one landscape page


def blend(color: str, strength: float) -> str:
    """``color`` (#rrggbb) laid over white at ``strength`` (0..1), as #rrggbb."""
    value = color.lstrip("#")
    if len(value) != 6:
        value = "888888"
    rgb = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in rgb)


def columns_of(articles: list) -> list[list]:
    """The articles in rows of at most PER_ROW (each row is shown side by side)."""
    return [articles[i:i + PER_ROW] for i in range(0, len(articles), PER_ROW)] or []


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def article_html(text: str, spans: list[Annotation], colors: dict[str, str],
                 speakers: dict[str, list[str]], notes: list[tuple[int, str, str]],
                 label: str) -> str:
    """The marked text. ``speakers``: quote id -> the names it is attributed to; ``notes``
    gains (number, where, note) for each span with a note, numbered on from its length."""
    ordered = sorted(spans, key=lambda a: (a.start, -a.end))
    bounds = sorted({0, len(text), *(a.start for a in ordered), *(a.end for a in ordered)})
    ends: dict[int, list[str]] = {}
    for a in ordered:
        marks = []
        if a.id in speakers:
            names = ", ".join(speakers[a.id])
            marks.append(f'<sup style="color:#555555">‹{html.escape(names)}›</sup>')
        if a.note.strip():
            notes.append((len(notes) + 1, f"{label}: “{_short(a.text)}”", a.note.strip()))
            marks.append(f'<sup style="color:#555555">[{len(notes)}]</sup>')
        if marks:
            ends.setdefault(a.end, []).extend(marks)
    out: list[str] = []
    active: list[Annotation] = []
    i = 0
    for here, there in pairwise(bounds):
        out.extend(ends.pop(here, ()))
        active = [a for a in active if a.end > here]
        while i < len(ordered) and ordered[i].start <= here:
            if ordered[i].end > here:
                active.append(ordered[i])
            i += 1
        if here >= len(text):
            break
        piece = _text(text[here:there])
        shown = [a for a in active if a.tag != NOT_ARTICLE]
        dimmed = len(shown) < len(active)
        style = []
        if shown:
            inner = min(shown, key=lambda a: (a.end - a.start, -a.start))
            strength = min(0.3 + 0.15 * (len(shown) - 1), 0.75) * (0.5 if dimmed else 1)
            style.append(f"background-color:{blend(colors.get(inner.tag, '#888888'), strength)}")
            outer = [a for a in shown if a.tag != inner.tag]
            if outer:
                style.append("text-decoration:underline")
        if dimmed:
            style.append("color:#9a9a9a")
        out.append(f'<span style="{";".join(style)}">{piece}</span>' if style else piece)
    out.extend(ends.pop(len(text), ()))
    return "".join(out)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
