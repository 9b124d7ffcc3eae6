"""Uncertainty of the numbers: percentile bootstrap intervals, and paired tests between two
configurations answering the same questions (exact McNemar, paired bootstrap).

Resampling is over questions, with a fixed seed, so a report is reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 20211022


def resample_indices(n: int, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> np.ndarray:
    """A ``(resamples, n)`` array of question indices drawn with replacement."""
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def percentile_interval(values: Sequence[float | None], level: float = 0.95) -> tuple[float, float] | None:
    """The central ``level`` percentile interval of bootstrap values (``None`` entries, where the
    statistic was undefined on a resample, are dropped); ``None`` if nothing is left."""
    v = np.asarray([x for x in values if x is not None and not math.isnan(x)], dtype=np.float64)
    if len(v) == 0:
        return None
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(v, [tail, 100.0 - tail])
    return float(lo), float(hi)


def bootstrap_intervals(statistic: Callable[[np.ndarray], dict[str, float | None]], n: int,
                        keys: Sequence[str], *, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                        level: float = 0.95) -> dict[str, tuple[float, float] | None]:
    """Percentile bootstrap intervals of several statistics computed together on each resample.

    Args:
        statistic: maps an index array (a resample of ``range(n)``) to ``{key: value or None}``.
        n: the number of questions.
        keys: which statistics to return intervals for.
    Returns:
        ``{key: (low, high) or None}``.

    >>> data = np.array([1.0, 0.0, 1.0, 1.0])
    >>> bootstrap_intervals(lambda i: {"mean": data[i].mean()}, 4, ["mean"])["mean"]
    (0.25, 1.0)
    """
    if n == 0:
        return {k: None for k in keys}
    draws: dict[str, list[float | None]] = {k: [] for k in keys}
    for idx in resample_indices(n, resamples, seed):
        values = statistic(idx)
        for k in keys:
            draws[k].append(values.get(k))
    return {k: percentile_interval(v, level) for k, v in draws.items()}


def bootstrap_ci(values: Sequence[float], *, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                 level: float = 0.95) -> tuple[float, float] | None:
    """Percentile bootstrap interval of a mean: ``bootstrap_ci([1, 0, 1, 1])`` is about ``(0.25, 1.0)``."""
    v = np.asarray(values, dtype=np.float64)
    if len(v) == 0:
        return None
    means = v[resample_indices(len(v), resamples, seed)].mean(axis=1)
    return percentile_interval(means.tolist(), level)


def mcnemar_exact(base: Sequence[bool], other: Sequence[bool]) -> dict[str, float | int]:
    """Exact (binomial) two-sided McNemar test on paired right/wrong outcomes.

    Args:
        base, other: per question, whether each configuration got it right (same order).
    Returns:
        ``{"base_only": b, "other_only": c, "p_value": p}``: ``b`` questions only the base got
        right, ``c`` only the other; ``p = min(1, 2 * P(X <= min(b, c)))`` for ``X ~ Bin(b + c, 1/2)``.
        Example: ``b = 1, c = 5`` gives ``p = 2 * 7/64 = 0.219``.
    """
    a = np.asarray(base, dtype=bool)
    o = np.asarray(other, dtype=bool)
    if a.shape != o.shape:
        raise ValueError("paired outcomes must have the same length")
    b, c = int((a & ~o).sum()), int((~a & o).sum())
    n = b + c
    tail = sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2.0 ** n if n else 1.0
    return {"base_only": b, "other_only": c, "p_value": min(1.0, 2.0 * tail)}


def paired_bootstrap(base: Sequence[float], other: Sequence[float], *, resamples: int = DEFAULT_RESAMPLES,
                     seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Two-sided paired bootstrap test of the mean difference ``other - base``.

    The resampled differences are centred on the observed one (the null hypothesis of no
    difference); the p-value is the share at least as far from zero as the observed difference,
    with add-one smoothing so it is never exactly 0.

    Returns:
        ``{"diff": observed mean difference, "p_value": p}``.
    """
    d = np.asarray(other, dtype=np.float64) - np.asarray(base, dtype=np.float64)
    if d.ndim != 1 or len(d) == 0:
        return {"diff": 0.0, "p_value": 1.0}
    observed = float(d.mean())
    means = d[resample_indices(len(d), resamples, seed)].mean(axis=1)
    extreme = int((np.abs(means - observed) >= abs(observed) - 1e-12).sum())
    return {"diff": observed, "p_value": min(1.0, (extreme + 1) / (resamples + 1))}
