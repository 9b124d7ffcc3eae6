"""evals.stats: bootstrap intervals and paired tests."""

from __future__ import annotations

import numpy as np
import pytest

from evals.stats import bootstrap_ci, bootstrap_intervals, mcnemar_exact, paired_bootstrap, percentile_interval


def test_bootstrap_ci_contains_the_mean_and_is_reproducible():
    values = np.random.default_rng(1).random(80) < 0.7
    lo, hi = bootstrap_ci(values)
    assert lo <= values.mean() <= hi and hi - lo < 0.3
    assert bootstrap_ci(values) == (lo, hi)
    assert bootstrap_ci(values, seed=7) != (lo, hi)


def test_bootstrap_intervals_skip_undefined_resamples():
    data = np.array([1.0, 0.0, 1.0, 1.0])
    ci = bootstrap_intervals(lambda i: {"mean": data[i].mean(), "never": None}, 4, ["mean", "never"])
    assert ci["never"] is None
    assert ci["mean"][0] <= 0.75 <= ci["mean"][1]
    assert percentile_interval([None, float("nan")]) is None


def test_mcnemar_exact_on_a_tiny_table():
    # base right / other wrong on 1 question, the reverse on 5: p = 2 * (C(6,0) + C(6,1)) / 2^6
    base = [True] * 1 + [False] * 5 + [True] * 3 + [False] * 2
    other = [False] * 1 + [True] * 5 + [True] * 3 + [False] * 2
    test = mcnemar_exact(base, other)
    assert (test["base_only"], test["other_only"]) == (1, 5)
    assert test["p_value"] == pytest.approx(14 / 64)
    assert mcnemar_exact([True, False], [True, False])["p_value"] == 1.0
    assert mcnemar_exact([False] * 6, [True] * 6)["p_value"] == pytest.approx(2 / 64)


def test_mcnemar_needs_paired_lengths():
    with pytest.raises(ValueError):
        mcnemar_exact([True], [True, False])


def test_paired_bootstrap_no_difference_and_clear_difference():
    a = np.random.default_rng(2).random(60)
    same = paired_bootstrap(a, a)
    assert same == {"diff": 0.0, "p_value": 1.0}
    better = paired_bootstrap(a, a + 0.2 + 0.01 * np.random.default_rng(3).random(60))
    assert better["diff"] == pytest.approx(0.2, abs=0.01) and better["p_value"] < 0.01
