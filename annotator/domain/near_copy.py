"""A file's article that is a project article but for spacing, quote marks, dashes or letter
forms (a colleague's copy of the same report, issue 11): the two texts compared loosely, and a
span's place in the one mapped onto the other, character by character. Pure functions.

Loosely, a text is its characters folded (curly quotes and apostrophes to straight ones, dashes
to a hyphen, compatibility forms as NFKC has them: a ligature to its letters; U+FEFF and
zero-width spaces dropped), every run of white space one space, every run of hyphens one (an em
dash typed "--"), and no space at either end. Two texts with the same loose form say the same
words; a span of one maps to the characters of the other that gave the same loose ones.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

__all__ = ["Loose", "quick_key"]

_INVISIBLE = "\ufeff\u200b"  # (dropped: zero-width no-break space, which a reader takes off as a
# byte-order mark, and zero-width space say nothing)
_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                       "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                       "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-",
                       "−": "-", **dict.fromkeys(_INVISIBLE)})
_HYPHENS = re.compile("--+")


class Loose:
    """A text's loose form (``key``) and, for each of its characters, the place in the text
    of the character it comes from (``places``) and the end of what it stands for (``ends``:
    one further, or past a run of hyphens it is the first of)."""

    __slots__ = ("ends", "key", "places", "text")

    def __init__(self, text: str):
        chars: list[str] = []
        places: list[int] = []
        ends: list[int] = []
        for i, ch in enumerate(text):
            if ch.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    places.append(i)
                    ends.append(i + 1)
                continue
            folded = ch.translate(_FOLD)
            if not folded.isascii():
                folded = unicodedata.normalize("NFKC", folded)
            for part in folded:
                if part == "-" and chars and chars[-1] == "-":
                    ends[-1] = i + 1  # (a run of hyphens is one, standing for them all)
                    continue
                chars.append(part)
                places.append(i)
                ends.append(i + 1)
        if chars and chars[-1] == " ":
            chars.pop()
            places.pop()
            ends.pop()
        self.text, self.key, self.places, self.ends = text, "".join(chars), places, ends

    def span_in(self, other: Loose, start: int, end: int) -> tuple[int, int] | None:
        """The place in ``other``'s text of this text's ``start``-``end`` (the two loosely
        equal), or None when it holds nothing of the loose text. (A character that folds into
        several, a ligature, is taken whole on either side.)"""
        first = bisect_left(self.places, start)
        last = bisect_left(self.places, end) - 1
        if first > last:
            return None
        begin = other.places[first]
        if first == 0 and not self.text[:start].strip(_INVISIBLE) and \
                not other.text[:begin].strip(_INVISIBLE):
            begin = 0  # (a span from the text's start, invisible marks before it, starts there)
        return begin, other.ends[last]


def quick_key(text: str) -> str:
    """Loosely the text, at C speed, for telling quickly which texts may be alike: their Loose
    keys are then compared (NFKC here is of the whole text, there of each character)."""
    loose = " ".join(unicodedata.normalize("NFKC", text.translate(_FOLD)).split())
    return _HYPHENS.sub("-", loose)
