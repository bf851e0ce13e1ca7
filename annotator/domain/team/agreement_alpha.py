"""Krippendorff's α, nominal, over characters (DESIGN.md section 10, `agreement`): every
character of every counted article is a unit, valued 1 when a span of the tag by that coder
covers it, else 0. Two coders, no missing values.

With two coders and two values, Krippendorff's coincidence matrix reduces to four counts, so α
is computed from character counts of the spans (never one value per character):
    n = 2·characters, n₁ = characters covered by A + characters covered by B, n₀ = n - n₁,
    D = characters covered by exactly one of them,
    α = 1 - (n - 1)·D / (n₀·n₁)      (Do = 2D/n, De = 2·n₀·n₁ / (n(n-1))).
tests/domain/test_agreement_alpha.py checks it against the `krippendorff` package (PyPI; a test
dependency only, see the README) on random data and against Krippendorff's own binary example.
Also the verdict of the conventional thresholds. Pure."""

from __future__ import annotations

from collections.abc import Sequence

RELIABLE, TENTATIVE = 0.800, 0.667
VERDICTS = ("reliable", "tentative", "not reliable", "undefined")


def verdict(alpha: float | None) -> str:
    """Krippendorff's conventional reading: α ≥ .800 reliable, .667 ≤ α < .800 tentative (only
    for tentative conclusions), below that not reliable; None (no data, no variation):
    undefined."""
    if alpha is None:
        return VERDICTS[3]
    if alpha >= RELIABLE:
        return VERDICTS[0]
    if alpha >= TENTATIVE:
        return VERDICTS[1]
    return VERDICTS[2]


def covered(ranges: Sequence[tuple[int, int]]) -> int:
    """Characters in sorted, disjoint (start, end) ranges."""
    return sum(end - start for start, end in ranges)


def common(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]) -> int:
    """Characters covered by both lists of sorted, disjoint ranges."""
    total = i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if end > start:
            total += end - start
        if first[i][1] <= second[j][1]:
            i += 1
        else:
            j += 1
    return total


def nominal_alpha(characters: int, covered_a: int, covered_b: int, both: int) -> float | None:
    """α over ``characters`` binary units; ``covered_a``/``covered_b`` the characters valued 1 by
    each coder, ``both`` by both. None when undefined: no variation at all (nobody coded the
    tag, or both coded every character)."""
    n = 2 * characters
    ones = covered_a + covered_b
    zeros = n - ones
    if zeros <= 0 or ones <= 0:
        return None
    disagreements = covered_a + covered_b - 2 * both
    return 1.0 - (n - 1) * disagreements / (zeros * ones)
