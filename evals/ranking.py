"""Ranking metrics of the cited sentences, computed with ranx: hit@1, hit@3, MRR@5, nDCG@5.

Qrels: every sentence of the article that contains an evidence string is relevant (grade 1),
taken from the record's ``gold.relevant`` plus any cited sentence whose text contains the
evidence. Run: the record's ranked citations, given strictly decreasing synthetic scores by
rank so ranx keeps our order (the answer's own citations first, then the other candidates).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from .text import contains_evidence

METRICS = {"hit@1": "hit_rate@1", "hit@3": "hit_rate@3", "mrr@5": "mrr@5", "ndcg@5": "ndcg@5"}


def qrels_and_run(record: dict, ids: dict[tuple[str, int], int]) -> tuple[np.ndarray, np.ndarray]:
    """One record as ranx's low-level arrays: qrels ``[[doc, 1.0], ...]`` and run ``[[doc, score], ...]``.

    Args:
        record: a result record (``citations`` ranked; ``gold.evidence``, ``gold.relevant``).
        ids: sentence key -> numeric doc id; filled in as new sentences appear.
    Returns:
        Two float64 arrays of shape ``(n, 2)``; the run's scores are ``n, n-1, ..., 1``.
    """
    def doc(key: tuple[str, int]) -> int:
        return ids.setdefault(key, len(ids))

    gold = record.get("gold") or {}
    evidence = gold.get("evidence") or []
    ranked: list[tuple[str, int]] = []
    relevant = {(str(a), int(i)) for a, i in gold.get("relevant") or []}
    for c in record.get("citations") or []:
        key = (str(c["article_id"]), int(c["sentence_id"]))
        if key not in ranked:              # a sentence counts once, at its best rank
            ranked.append(key)
        if contains_evidence(c.get("text") or "", evidence):
            relevant.add(key)
    run = np.array([[doc(k), len(ranked) - r] for r, k in enumerate(ranked)], dtype=np.float64).reshape(-1, 2)
    qrels = np.array([[doc(k), 1.0] for k in sorted(relevant)], dtype=np.float64).reshape(-1, 2)
    return qrels, run


def ranking_scores(records: Sequence[dict]) -> dict[str, np.ndarray]:
    """Per-record hit@1, hit@3, MRR@5 and nDCG@5 (ranx), for records that are answerable.

    Args:
        records: result records; unanswerable ones get ``nan``.
    Returns:
        ``{"hit@1": array, "hit@3": ..., "mrr@5": ..., "ndcg@5": ...}``, each of ``len(records)``.
        Example: citations ranked [wrong, right] give hit@1 0, hit@3 1, MRR@5 0.5, nDCG@5 0.631.
    """
    out = {name: np.full(len(records), np.nan) for name in METRICS}
    rows = [i for i, r in enumerate(records) if r.get("answerable")]
    if not rows:
        return out
    from numba.typed import List
    from ranx import evaluate

    ids: dict[tuple[str, int], int] = {}
    pairs = [qrels_and_run(records[i], ids) for i in rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # numba's uint64 -> int64 cast warning inside ranx
        scores = evaluate(List([q for q, _ in pairs]), List([r for _, r in pairs]), list(METRICS.values()),
                          return_mean=False)
    for name, ranx_name in METRICS.items():
        out[name][rows] = np.asarray(scores[ranx_name], dtype=np.float64)
    return out
