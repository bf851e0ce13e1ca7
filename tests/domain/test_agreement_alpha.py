"""Nominal α over characters (annotator/domain/team/agreement_alpha.py): our closed form from counts
against the `krippendorff` package (PyPI, fed one value per character), against Krippendorff's
binary two-observer example (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability",
section A: ten units, α = 0.095), and hand-computed cases; the verdicts of the thresholds."""

import random

import krippendorff
import pytest

from annotator.domain.team.agreement_alpha import common, covered, nominal_alpha, verdict
from annotator.domain.team.agreement_unitizing import join_overlapping


def ours(length, a, b):
    a, b = join_overlapping(a), join_overlapping(b)
    return nominal_alpha(length, covered(a), covered(b), common(a, b))


def per_character(length, spans):
    values = [0] * length
    for start, end in spans:
        for k in range(start, end):
            values[k] = 1
    return values


def test_krippendorffs_binary_example():
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    spans = lambda values: [(k, k + 1) for k, v in enumerate(values) if v]
    assert ours(10, spans(a), spans(b)) == pytest.approx(0.095, abs=0.0005)
    # by hand: n = 20, n1 = 6, n0 = 14, 4 disagreements: 1 - 19·4 / (14·6)
    assert ours(10, spans(a), spans(b)) == pytest.approx(1 - 19 * 4 / (14 * 6))


@pytest.mark.parametrize("seed", range(40))
def test_same_as_the_krippendorff_package(seed):
    rng = random.Random(seed)
    length = rng.randint(2, 400)

    def some_spans():
        out = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randrange(length)
            out.append((start, rng.randint(start + 1, min(length, start + 60))))
        return out

    a, b = some_spans(), some_spans()
    expected_values = [per_character(length, a), per_character(length, b)]
    got = ours(length, a, b)
    if len({v for row in expected_values for v in row}) < 2:
        assert got is None  # no variation: α is undefined (the package divides 0 by 0)
        return
    expected = krippendorff.alpha(reliability_data=expected_values,
                                  level_of_measurement="nominal")
    assert got == pytest.approx(expected, abs=1e-9)


def test_hand_made_cases():
    assert ours(10, [(0, 5)], [(0, 5)]) == 1.0
    # every character disagrees: n = 20, n1 = n0 = 10, D = 10: 1 - 19·10/100 = -0.9
    assert ours(10, [(0, 5)], [(5, 10)]) == pytest.approx(-0.9)
    assert ours(10, [], []) is None
    assert ours(4, [(0, 4)], [(0, 4)]) is None  # both cover everything: no variation
    assert ours(10, [(0, 3), (2, 5)], [(0, 5)]) == 1.0  # overlapping spans of one are joined


def test_common_and_covered():
    assert covered([(0, 3), (5, 9)]) == 7
    assert common([(0, 3), (5, 9)], [(2, 6), (8, 20)]) == 1 + 1 + 1


def test_verdicts():
    assert verdict(0.8) == "reliable"
    assert verdict(0.95) == "reliable"
    assert verdict(0.7999) == "tentative"
    assert verdict(0.667) == "tentative"
    assert verdict(0.6669) == "not reliable"
    assert verdict(-0.2) == "not reliable"
    assert verdict(None) == "undefined"
