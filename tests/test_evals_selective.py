"""evals.selective: AUROC and the risk-coverage curve against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from evals.selective import aurc, auroc, average_ranks, optimal_aurc, risk_coverage


def test_average_ranks_share_ties():
    assert average_ranks(np.array([0.2, 0.5, 0.2])).tolist() == [1.5, 3.0, 1.5]


def test_auroc_hand_computed_with_a_tie():
    # pairs (pos, neg): 0.9>0.4, 0.9>0.1, 0.4=0.4 (half), 0.4>0.1 -> 3.5 / 4
    assert auroc([0.9, 0.4, 0.4, 0.1], [True, True, False, False]) == pytest.approx(0.875)


def test_auroc_extremes_and_undefined():
    assert auroc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert auroc([0.1, 0.8, 0.9], [True, False, False]) == 0.0
    assert auroc([0.5, 0.6], [True, True]) is None


def test_auroc_matches_pairwise_definition():
    rng = np.random.default_rng(0)
    s, y = rng.integers(0, 5, 40).astype(float), rng.random(40) < 0.4
    pos, neg = s[y], s[~y]
    pairs = [(p > n) + 0.5 * (p == n) for p in pos for n in neg]
    assert auroc(s, y) == pytest.approx(np.mean(pairs))


def test_risk_coverage_hand_computed():
    coverage, risk = risk_coverage([0.9, 0.8, 0.1], [0, 1, 0])
    assert coverage.tolist() == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert risk.tolist() == pytest.approx([0.0, 0.5, 1 / 3])
    assert aurc([0.9, 0.8, 0.1], [0, 1, 0]) == pytest.approx((0 + 0.5 + 1 / 3) / 3)


def test_tied_confidences_count_at_expected_risk():
    # the two tied questions (one wrong) are answered together: risk 1/2 at k=1 and k=2
    _, risk = risk_coverage([0.5, 0.5, 0.1], [1, 0, 0])
    assert risk.tolist() == pytest.approx([0.5, 0.5, 1 / 3])
    _, flipped = risk_coverage([0.5, 0.5, 0.1], [0, 1, 0])
    assert flipped.tolist() == pytest.approx(risk.tolist())


def test_perfect_confidence_reaches_the_optimal_aurc():
    loss = [0, 0, 1, 1]
    assert aurc([0.9, 0.8, 0.2, 0.1], loss) == pytest.approx(optimal_aurc(loss))
    assert aurc([0.1, 0.2, 0.8, 0.9], loss) > optimal_aurc(loss)
    assert aurc([], []) is None
