"""Checking a file's spans against the article's text, and re-anchoring them by their quote
(issue 11): a span whose offsets do not give its quoted text is moved to where the quote is, when
that is unambiguous (the quote occurs once in the article, or once with the given context);
otherwise it is refused, never silently dropped or moved. Pure functions, no I/O."""

from __future__ import annotations

import re

from .bundle import AnnotationIn, Bundle

__all__ = ["anchor", "drop_links_to", "place_spans"]


def anchor(text: str, start: int, end: int, quote: str, prefix: str = "",
           suffix: str = "") -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: at start-end when it is there, else its one occurrence;
    of several, the one whose surroundings fit ``prefix`` and ``suffix`` best (the most of
    their characters next to the quote, at least a third of them and four: a text that differs
    a little still fits in part), and of those that fit alike, the one nearest ``start`` when
    the file's place is the quote's length (shifted, not made up) and within 32 characters of
    it, and no other is. Without a context, several places are ambiguous. None when absent or
    ambiguous."""
    if quote and 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    if not quote:
        return None
    found = _occurrences(text, quote, _MOST if prefix or suffix else 2)
    if len(found) <= 1:
        return (found[0], found[0] + len(quote)) if found else None
    if not (prefix or suffix):
        return None
    if len(found) == _MOST:  # (very many: the context must fit whole, found at C speed)
        found = _fitting_whole(text, quote, prefix, suffix)
        return (found[0], found[0] + len(quote)) if len(found) == 1 else None
    fit = [_fit(text, at, len(quote), prefix, suffix) for at in found]
    best = max(fit)
    if best < max(min(4, len(prefix) + len(suffix)), (len(prefix) + len(suffix)) // 3):
        return None  # (a context from elsewhere tells nothing)
    found = [at for at, score in zip(found, fit, strict=True) if score == best]
    if len(found) == 1:
        return found[0], found[0] + len(quote)
    if start >= 0 and end - start == len(quote):
        near = sorted(found, key=lambda at: abs(at - start))
        if abs(near[0] - start) <= _NEAR < abs(near[1] - start):
            return near[0], near[0] + len(quote)
    return None


_MOST = 2_000  # places of a quote scored by their context, at most
_NEAR = 32


def _fitting_whole(text: str, quote: str, prefix: str, suffix: str) -> list[int]:
    return [m.start() + len(prefix) for m in re.finditer(
        re.escape(prefix + quote + suffix), text)][:2]


def _fit(text: str, at: int, length: int, prefix: str, suffix: str) -> int:
    """How many characters of ``prefix`` end just before ``at``, and of ``suffix`` begin just
    after the quote."""
    before = 0
    while before < len(prefix) and before < at and \
            text[at - 1 - before] == prefix[len(prefix) - 1 - before]:
        before += 1
    after, end = 0, at + length
    while after < len(suffix) and end + after < len(text) and text[end + after] == suffix[after]:
        after += 1
    return before + after


def _occurrences(text: str, quote: str, most: int = 2) -> list[int]:
    """The first ``most`` places of ``quote`` (overlapping ones too): two are enough to tell
    that it is ambiguous when there is nothing else to tell them apart by."""
    found: list[int] = []
    at = text.find(quote)
    while at >= 0 and len(found) < most:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def place_spans(text: str, spans: list[AnnotationIn], where: dict[str, str],
                article_name: str, context: dict[str, tuple[str, str]] | None = None
                ) -> tuple[list[AnnotationIn], list[str], list[str]]:
    """Each span checked against ``text``: (the spans kept, some moved to their quote; what was
    said of the moved ones; the refusals), each sentence naming ``where[span.id]`` (the file and
    row or record)."""
    kept: list[AnnotationIn] = []
    said: list[str] = []
    refused: list[str] = []
    for a in spans:
        place = where.get(a.id, f"annotation {a.id!r}")
        if 0 <= a.start < a.end <= len(text) and text[a.start:a.end] == a.text:
            kept.append(a)
            continue
        found = anchor(text, a.start, a.end, a.text, *(context or {}).get(a.id, ("", "")))
        if found is None:
            why = "does not occur in" if a.text not in text else \
                "occurs more than once, its context fitting no one place, in" if any(
                    (context or {}).get(a.id, ("", ""))) else "occurs more than once in"
            at = f"not at {a.start}-{a.end}" if a.start >= 0 else "given without a place"
            refused.append(f"{place}: refused: annotation {a.id!r}: its text {a.text[:40]!r} is "
                           f"{at} and {why} {article_name}")
            continue
        if a.start >= 0:  # (a negative start: the file gave a quote without a position)
            said.append(f"{place}: annotation {a.id!r} moved from {a.start}-{a.end} to "
                        f"{found[0]}-{found[1]}, where its text {a.text[:40]!r} is")
        a.start, a.end = found
        kept.append(a)
    return kept, said, refused


def drop_links_to(bundle: Bundle, gone: set[str], where: dict[str, str]) -> None:
    """Leave out (and list as refused) the links of ``bundle`` with an end in ``gone``."""
    if not gone:
        return
    kept = []
    for link in bundle.links:
        missing = link.from_id if link.from_id in gone else link.to_id if link.to_id in gone \
            else None
        if missing is None:
            kept.append(link)
        else:
            bundle.refused.append(f"{where.get(link.id, f'link {link.id!r}')}: refused: link "
                                  f"{link.id!r}: its end {missing!r} was refused")
    bundle.links = kept
