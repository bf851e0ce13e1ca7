"""The report's article texts with their highlights: the text is split at every span boundary
and each piece is wrapped in one element carrying the classes of the spans covering it, so that
nested and overlapping spans show, and the text nodes put together give back the text exactly
(nothing is added inside the text: labels after quotes are CSS content from an attribute)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from itertools import pairwise

from ...domain.comparison.links import NOT_ARTICLE
from ...domain.model import Annotation

MAX_STRIPES = 4  # nested spans drawn as stripes under the text, at most this deep
MAX_DESCRIBED = 4  # spans described in a piece's hover text, the innermost


class Styles:
    """One CSS class per combination of covering tags (outermost first), made as met."""

    def __init__(self, colors: list[str]):
        self.colors = colors
        self.classes: dict[tuple[int, ...], str] = {}

    def class_of(self, tags: tuple[int, ...]) -> str:
        found = self.classes.get(tags)
        if found is None:
            found = self.classes[tags] = f"k{len(self.classes)}"
        return found

    def css(self) -> str:
        """Each combination: a light tint of the innermost tag's colour behind the text and a
        stripe of each covering span's colour under it, the outermost at the bottom."""
        rules = []
        for tags, name in self.classes.items():
            shown = tags[:MAX_STRIPES]
            stripes = ", ".join(f"inset 0 -{3 * (i + 1)}px 0 {self.colors[t]}"
                                for i, t in enumerate(shown))
            rules.append(f".{name}{{background:{tint(self.colors[tags[-1]])};box-shadow:{stripes};"
                         f"padding-bottom:{3 * len(shown)}px}}")
        return "\n".join(rules)


def tint(color: str, alpha: float = 0.2) -> str:
    """``#rrggbb`` as an rgba() of that alpha (a colour the report could not read: grey)."""
    try:
        r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        r = g = b = 128
    return f"rgba({r},{g},{b},{alpha})"


def outermost_first(a: Annotation) -> tuple:
    return (a.start, -a.end, a.tag, a.id)


def highlighted(text: str, spans: list[Annotation], keys: dict[str, str],
                tag_index: dict[str, int], styles: Styles,
                describe: Callable[[Annotation], str], after: dict[str, str]) -> str:
    """The text as HTML: plain escaped text where no span is, else one <span> per piece with
    classes `hl`, `t<tag index>` of each covering span, its combination class, `na` inside a
    not-article region; `data-k` lists the covering spans' keys (``keys``: annotation id ->
    key), `title` describes them; the piece where a span ends carries ``after[id]`` (a speaker's
    name, a note mark) in `data-after`."""
    size = len(text)
    starts: dict[int, list[Annotation]] = {}
    ends: dict[int, list[Annotation]] = {}
    for a in spans:
        if 0 <= a.start < a.end <= size:  # (storage guarantees it; a bad row is left plain)
            starts.setdefault(a.start, []).append(a)
            ends.setdefault(a.end, []).append(a)
    bounds = sorted({0, size, *starts, *ends})
    active: dict[str, Annotation] = {}
    described: dict[tuple[str, ...], str] = {}
    out = []
    for here, there in pairwise(bounds):
        for a in ends.get(here, ()):
            del active[a.id]
        for a in starts.get(here, ()):
            active[a.id] = a
        piece = escape(text[here:there], quote=False)
        if not active:
            out.append(piece)
            continue
        covering = sorted(active.values(), key=outermost_first)
        tags = tuple(tag_index[a.tag] for a in covering)
        ids = tuple(a.id for a in covering)
        title = described.get(ids)
        if title is None:
            shown = [describe(a) for a in covering[-MAX_DESCRIBED:]]  # the innermost
            if len(covering) > MAX_DESCRIBED:
                shown.insert(0, f"(within {len(covering) - MAX_DESCRIBED} more spans)")
            title = described[ids] = escape("\n\n".join(shown))
        classes = " ".join(["hl", *sorted({f"t{t}" for t in tags}), styles.class_of(tags)]
                           + (["na"] if any(a.tag == NOT_ARTICLE for a in covering) else []))
        labels = "".join(after.get(a.id, "") for a in covering if a.end == there)
        extra = f' data-after="{escape(labels)}"' if labels else ""
        out.append(f'<span class="{classes}" data-k="{" ".join(keys[i] for i in ids)}" '
                   f'title="{title}"{extra}>{piece}</span>')
    return "".join(out)
