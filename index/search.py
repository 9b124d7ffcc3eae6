"""Ranking an article's sentences (or the whole corpus) for a question: dense, lexical or hybrid.

Fusion is a pure function of score arrays, so it is tested without a model. Two methods:
``weighted`` (a convex mix of per-question min-max-normalized dense and BM25 scores) and ``rrf``
(reciprocal rank fusion). Which one and its weight are chosen on the dev questions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from . import dense
from .embedders import Embedder
from .store import SentenceIndex

WIDE_POOL = 64       # candidates per side before fusion when searching the whole corpus


class Retriever(str, enum.Enum):
    DENSE = "dense"
    LEXICAL = "lexical"
    HYBRID = "hybrid"


class Fusion(str, enum.Enum):
    WEIGHTED = "weighted"
    RRF = "rrf"


@dataclass(frozen=True)
class FusionParams:
    method: Fusion = Fusion.WEIGHTED
    dense_weight: float = 0.6        # weighted: share of the dense side
    rrf_k: float = 60.0              # rrf: rank offset


@dataclass(frozen=True)
class Hit:
    """One ranked sentence: ``id`` is its position in the index; ``score`` orders hits.

    ``dense`` is the cosine similarity and ``lexical`` the raw BM25 score (``nan`` when that
    side was not used); ``lexical_norm`` is BM25 divided by the best BM25 of the question.
    """

    id: int
    score: float
    dense: float
    lexical: float
    lexical_norm: float


def minmax(x: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a constant array maps to zeros (no side information)."""
    if x.size == 0:
        return x.astype(np.float32)
    lo, hi = float(np.min(x)), float(np.max(x))
    return np.zeros_like(x, dtype=np.float32) if hi - lo < 1e-9 else ((x - lo) / (hi - lo)).astype(np.float32)


def rank_positions(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each entry, best (highest) first; ties broken by position."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks


def fuse(dense_scores: np.ndarray, lexical_scores: np.ndarray, params: FusionParams) -> np.ndarray:
    """Fused score per candidate from aligned dense and BM25 score arrays.

    Example: with ``Fusion.RRF`` and ``rrf_k=60``, a sentence ranked 1st by one side and 3rd by
    the other scores ``1/61 + 1/63``.
    """
    if Fusion(params.method) is Fusion.RRF:
        lexical_ranks = rank_positions(lexical_scores)
        lexical_ranks[lexical_scores <= 0] = np.inf          # no shared term: no lexical vote
        return (1.0 / (params.rrf_k + rank_positions(dense_scores))
                + 1.0 / (params.rrf_k + lexical_ranks)).astype(np.float32)
    w = params.dense_weight
    return (w * minmax(dense_scores) + (1 - w) * minmax(lexical_scores)).astype(np.float32)


def search(index: SentenceIndex, question: str, *, retriever: Retriever = Retriever.HYBRID,
           article_id: str | None, k: int, query_vector: np.ndarray | None = None,
           embedder: Embedder | None = None, fusion: FusionParams = FusionParams(),
           lexical_scores: np.ndarray | None = None) -> list[Hit]:
    """Top ``k`` sentences for ``question`` within one article (or the corpus if ``None``).

    Args:
        query_vector: the question's embedding, if already computed (saves a model call);
            otherwise ``embedder`` embeds it. Only dense and hybrid retrieval need either.
        lexical_scores: ``index.lexical.scores(question)``, if already computed (a caller that
            also needs them saves a pass over the whole corpus).
    Returns:
        Up to ``k`` hits, best first.
    """
    retriever = Retriever(retriever)
    use_dense = retriever is not Retriever.LEXICAL
    if use_dense and query_vector is None:
        if embedder is None or index.dense is None:
            raise ValueError(f"{retriever.value} retrieval needs an embedding model and a dense index")
        query_vector = embedder.embed_query(question)
    lexical_all = None
    if retriever is not Retriever.DENSE:
        lexical_all = lexical_scores if lexical_scores is not None else index.lexical.scores(question)
    if article_id is not None:
        span = index.span(article_id)
        ids = np.arange(span.first, span.stop)
        dense_scores = (dense.vectors_of(index.dense, span.first, span.stop) @ query_vector
                        if use_dense else np.full(len(ids), np.nan, dtype=np.float32))
    else:
        pool: set[int] = set()
        if use_dense:
            found, _ = dense.search(index.dense, query_vector, max(k, WIDE_POOL))
            pool.update(found.tolist())
        if lexical_all is not None and lexical_all.size:
            top = np.argpartition(-lexical_all, min(WIDE_POOL, lexical_all.size - 1))[:WIDE_POOL]
            pool.update(int(i) for i in top if lexical_all[i] > 0)
        ids = np.array(sorted(pool), dtype=np.int64)
        dense_scores = (dense.vectors_at(index.dense, ids) @ query_vector
                        if use_dense and len(ids) else np.full(len(ids), np.nan, dtype=np.float32))
    lexical_scores = lexical_all[ids] if lexical_all is not None else np.full(len(ids), np.nan, dtype=np.float32)
    best_lexical = float(np.max(lexical_scores)) if lexical_all is not None and len(ids) else 0.0
    lexical_norm = (lexical_scores / best_lexical if best_lexical > 0 else np.zeros(len(ids), dtype=np.float32))
    if retriever is Retriever.DENSE:
        fused = dense_scores
    elif retriever is Retriever.LEXICAL:
        fused = lexical_scores
    else:
        fused = fuse(dense_scores, lexical_scores, fusion)
    order = np.argsort(-np.asarray(fused), kind="stable")[:k]
    return [Hit(int(ids[i]), float(fused[i]), float(dense_scores[i]), float(lexical_scores[i]),
                float(lexical_norm[i])) for i in order]
