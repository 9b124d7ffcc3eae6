"""How well the confidence separates right from wrong: answerability AUROC and the risk-coverage
curve with its area (AURC). Pure numpy on per-question arrays.

Selective answering: answer only the questions whose confidence is at least a threshold.
*Coverage* is the share answered, *risk* the share of those answered wrongly. Lowering the
threshold traces the risk-coverage curve; a lower area is better.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def average_ranks(x: np.ndarray) -> np.ndarray:
    """1-based ranks, ties sharing their average rank: ``[0.2, 0.5, 0.2]`` -> ``[1.5, 3.0, 1.5]``."""
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return (ends - (counts - 1) / 2.0)[inverse]


def auroc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve: the chance a random positive scores above a random negative
    (ties count one half). ``None`` unless both classes occur.

    Example: ``auroc([0.9, 0.4, 0.4, 0.1], [True, True, False, False])`` is ``(1 + 1 + 0.5 + 1) / 4 = 0.875``.
    """
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = average_ranks(s)
    u = ranks[y].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def risk_coverage(confidence: Sequence[float], loss: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """The risk at each coverage ``k/n`` when the ``k`` most confident questions are answered.

    Ties in confidence are answered together by any threshold, so within a tie the risk is the
    expected one under a random order (the group's error rate spread evenly).

    Args:
        confidence: per question; higher means answer first.
        loss: per question, 1.0 if answering it is wrong, else 0.0.
    Returns:
        ``(coverage, risk)``, each of length ``n``: coverage ``1/n .. 1``.
        Example: confidence ``[0.9, 0.8, 0.1]`` with loss ``[0, 1, 0]`` gives risk ``[0, 0.5, 0.333]``.
    """
    c = np.asarray(confidence, dtype=np.float64)
    loss_arr = np.asarray(loss, dtype=np.float64)
    n = len(c)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    order = np.argsort(-c, kind="stable")
    c, loss_arr = c[order], loss_arr[order]
    starts = np.r_[0, np.flatnonzero(np.diff(c) != 0) + 1]
    ends = np.r_[starts[1:], n]
    group = np.repeat(np.arange(len(starts)), ends - starts)
    cum = np.r_[0.0, np.cumsum(loss_arr)]
    rate = (cum[ends] - cum[starts]) / (ends - starts)
    k = np.arange(1, n + 1)
    risk = (cum[starts][group] + (k - starts[group]) * rate[group]) / k
    return k / n, risk


def aurc(confidence: Sequence[float], loss: Sequence[float]) -> float | None:
    """Area under the risk-coverage curve: the mean risk over coverages ``1/n .. 1`` (``None`` if empty).

    Example: confidence ``[0.9, 0.8, 0.1]``, loss ``[0, 1, 0]``: ``(0 + 0.5 + 1/3) / 3 = 0.278``.
    """
    _, risk = risk_coverage(confidence, loss)
    return float(risk.mean()) if len(risk) else None


def optimal_aurc(loss: Sequence[float]) -> float | None:
    """The AURC of a perfect confidence (all right answers first): the floor for this loss vector."""
    ordered = np.sort(np.asarray(loss, dtype=np.float64))
    if len(ordered) == 0:
        return None
    return float((np.cumsum(ordered) / np.arange(1, len(ordered) + 1)).mean())
