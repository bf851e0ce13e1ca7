"""α_U (annotator/domain/team/agreement_unitizing.py) against the worked example of Krippendorff
(2004): two coders i and j on a continuum from 150 to 450 (length 300), categories c and k.
Coder i: c at 225+70 and 370+30, k at 180+60 and 300+50; coder j: c at 220+80, 355+20 and
400+20, k at 180+60 and 300+50 (begin+length). Published figures: for c, observed disagreement
.0144, expected .0532, α_U = .7286; for k, 0, .0490 and 1. The pairwise distances of the
example: 50 (225+70 against 220+80), 850 (370+30 against 355+20) and 400 (j's 400+20 inside
i's gap 400+50). Source of the data and figures: Krippendorff, K. (2004) Content Analysis, 2nd
ed., p. 254 (the example of Quality & Quantity 38, "Measuring the reliability of qualitative text
analysis data"), as DKPro Statistics' unitizing/Krippendorff2004Test.java reproduces them."""

import pytest

from annotator.domain.team.agreement_unitizing import (distance, expected_disagreement, join_overlapping,
                                                  observed_disagreement, segments, unitizing_alpha)

BEGIN = 150


def units(*pairs):
    return [(b - BEGIN, b - BEGIN + n) for b, n in pairs]


C = [(300, [units((225, 70), (370, 30)), units((220, 80), (355, 20), (400, 20))])]
K = [(300, [units((180, 60), (300, 50)), units((180, 60), (300, 50))])]


def test_krippendorff_2004_category_c():
    assert observed_disagreement(C) == pytest.approx(0.0144, abs=0.00005)
    assert expected_disagreement(C) == pytest.approx(0.0532, abs=0.00005)
    assert unitizing_alpha(C) == pytest.approx(0.7286, abs=0.00005)


def test_krippendorff_2004_category_k():
    assert observed_disagreement(K) == 0
    assert expected_disagreement(K) == pytest.approx(0.0490, abs=0.00005)
    assert unitizing_alpha(K) == 1.0


def test_krippendorff_2004_distances():
    assert distance((75, 145, True), (70, 150, True)) == 50
    assert distance((220, 250, True), (205, 225, True)) == 850
    assert distance((250, 300, False), (250, 270, True)) == 400
    assert distance((250, 270, True), (250, 300, False)) == 400
    # a unit only partly in the other's gap is measured against the other's unit, not the gap
    assert distance((10, 30, True), (0, 20, False)) == 0
    assert distance((0, 10, True), (10, 20, True)) == 0  # touching, not overlapping


def test_nobody_coded_anything_is_undefined():
    assert unitizing_alpha([(300, [[], []])]) is None  # nobody coded anything: undefined


def test_several_articles_are_one_continuum_with_gaps_ending_at_each_article():
    one = [(100, [[(10, 20)], [(10, 20)]]), (100, [[(50, 60)], [(55, 60)]])]
    alone = observed_disagreement(one)
    # observed: only the second article disagrees, (50-55)² + 0, both orders, over 2·1·200²
    assert alone == pytest.approx(2 * 25 / (2 * 200 ** 2))
    assert 0 < unitizing_alpha(one) < 1


def test_segments_and_joining():
    assert segments(10, [(0, 3), (3, 5), (8, 10)]) == [(0, 3, True), (3, 5, True), (5, 8, False),
                                                       (8, 10, True)]
    assert join_overlapping([(5, 9), (0, 3), (3, 4), (2, 6)]) == [(0, 9)]
    assert join_overlapping([(0, 3), (3, 5)]) == [(0, 3), (3, 5)]  # touching stay two units
