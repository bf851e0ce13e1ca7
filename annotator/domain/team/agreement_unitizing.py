"""Krippendorff's unitizing alpha, α_U (Krippendorff 2004, "Measuring the reliability of
qualitative text analysis data", Quality & Quantity 38; the same coefficient and worked example in
his Content Analysis, 2nd ed., 2004, section 12.5), for one category (one tag).

No well-kept Python library computes it, so it is ours; tests/domain/test_agreement_unitizing.py
checks it against the worked example's published figures. Pure: plain numbers in, a number out.

Each coder divides each continuum (an article, length in characters) into segments: the units
it coded with the category, and the gaps between them. Units of one coder never overlap (the
caller joins overlapping spans first, see join_overlapping); units may touch. Several articles
are one continuum of their summed length whose gaps end at each article's end.

- Observed disagreement: for every pair of coders, every unit of one that overlaps a unit of the
  other adds (b₁-b₂)² + (e₁-e₂)² (differences of beginnings and of ends); a unit lying wholly
  within a gap of the other adds its length squared; anything else adds 0. The sum, counted once
  for each ordered pair of coders, is divided by m(m-1)L².
- Expected disagreement (every placement of the units on the continuum by chance):
      (2/L) Σ_units [ (N-1)(2l³-3l²+l)/3 + l² Σ_gaps g≥l (g-l+1) ] / (mL(mL-1) - Σ_units l(l-1))
  with N the number of units of all coders, l a unit's length, g a gap's length (gaps of all
  coders), m the number of coders and L the continuum's length.
- α_U = 1 - observed / expected; None when it is undefined (no unit, or nothing to expect).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate

Units = Sequence[tuple[int, int]]  # (start, end), end exclusive, sorted, not overlapping


def join_overlapping(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) ranges sorted, with overlapping ones (sharing a character) made one unit;
    touching ones stay two units."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if joined and start < joined[-1][1]:
            if end > joined[-1][1]:
                joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def segments(length: int, units: Units) -> list[tuple[int, int, bool]]:
    """The continuum [0, length) cut into (start, end, is_unit) segments: the units and the
    gaps between them."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in units:
        if start > pos:
            out.append((pos, start, False))
        out.append((start, end, True))
        pos = end
    if pos < length:
        out.append((pos, length, False))
    return out


def distance(first: tuple[int, int, bool], second: tuple[int, int, bool]) -> int:
    """δ² of two overlapping segments of two coders (see the module's docstring)."""
    (b1, e1, unit1), (b2, e2, unit2) = first, second
    if unit1 and unit2:
        if b1 < e2 and b2 < e1:
            return (b1 - b2) ** 2 + (e1 - e2) ** 2
        return 0
    if unit1 and not unit2 and b2 <= b1 and e1 <= e2:
        return (e1 - b1) ** 2
    if unit2 and not unit1 and b1 <= b2 and e2 <= e1:
        return (e2 - b2) ** 2
    return 0


def _pair_sum(first: list[tuple[int, int, bool]], second: list[tuple[int, int, bool]]) -> int:
    """Σ δ² over the overlapping segments of two coders' segmentations of one continuum."""
    total = i = j = 0
    while i < len(first) and j < len(second):
        total += distance(first[i], second[j])
        if first[i][1] <= second[j][1]:
            i += 1
        else:
            j += 1
    return total


def observed_disagreement(continua: Sequence[tuple[int, Sequence[Units]]]) -> float:
    """``continua``: (length, units of each coder) per article; the same coders in each."""
    length = sum(n for n, _ in continua)
    coders = len(continua[0][1]) if continua else 0
    if length == 0 or coders < 2:
        return 0.0
    total = 0
    for n, units in continua:
        cut = [segments(n, u) for u in units]
        for a in range(coders):
            for b in range(a + 1, coders):
                total += 2 * _pair_sum(cut[a], cut[b])  # both orders of the pair
    return total / (coders * (coders - 1) * length * length)


def expected_disagreement(continua: Sequence[tuple[int, Sequence[Units]]]) -> float | None:
    length = sum(n for n, _ in continua)
    coders = len(continua[0][1]) if continua else 0
    lengths = [e - s for _, units in continua for u in units for s, e in u]
    gaps = sorted(e - s for n, units in continua for u in units
                  for s, e, unit in segments(n, u) if not unit)
    suffix = list(accumulate(reversed(gaps)))[::-1]  # suffix[k] = Σ gaps[k:]
    count = len(lengths)
    numerator = 0.0
    for unit in lengths:
        k = bisect_left(gaps, unit)
        longer = len(gaps) - k
        fits = (suffix[k] - (unit - 1) * longer) if longer else 0
        numerator += (count - 1) * (2 * unit ** 3 - 3 * unit ** 2 + unit) / 3 + unit * unit * fits
    denominator = coders * length * (coders * length - 1) - sum(u * (u - 1) for u in lengths)
    if count == 0 or length == 0 or denominator <= 0:
        return None
    return (2 / length) * numerator / denominator


def unitizing_alpha(continua: Sequence[tuple[int, Sequence[Units]]]) -> float | None:
    """α_U of one category; None when undefined (no coder coded a unit, or no disagreement is
    to be expected)."""
    expected = expected_disagreement(continua)
    if not expected:
        return None
    return 1.0 - observed_disagreement(continua) / expected
