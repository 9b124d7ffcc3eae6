"""The dense side of retrieval: a FAISS inner-product index over unit vectors.

Inner product equals cosine similarity on normalized vectors. The index type follows corpus
size: exact (``IndexFlatIP``) while a brute-force scan is cheap, HNSW beyond that.
"""

from __future__ import annotations

import enum

import faiss
import numpy as np

EXACT_LIMIT = 200_000          # sentences; a flat scan of 200k x 384 floats takes a few ms
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


class DenseKind(str, enum.Enum):
    AUTO = "auto"
    FLAT = "flat"
    HNSW = "hnsw"


def choose_kind(n_vectors: int, kind: DenseKind | str = DenseKind.AUTO) -> DenseKind:
    kind = DenseKind(kind)
    if kind is not DenseKind.AUTO:
        return kind
    return DenseKind.FLAT if n_vectors <= EXACT_LIMIT else DenseKind.HNSW


def make_index(vectors: np.ndarray, kind: DenseKind | str = DenseKind.AUTO) -> faiss.Index:
    """A FAISS index holding ``vectors`` (``(n, dim)`` float32 unit rows) with ids ``0..n-1``."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    if choose_kind(len(vectors), kind) is DenseKind.FLAT:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(vectors)
    return index


def vectors_of(index: faiss.Index, first: int, stop: int) -> np.ndarray:
    """The stored vectors with ids ``first..stop-1`` (exact for flat and HNSW-flat indexes)."""
    if stop <= first:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_n(first, stop - first)


def search(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top ``k`` over the whole index: ``(ids, scores)``, best first, ``-1`` ids dropped."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    scores, ids = index.search(np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1), k)
    keep = ids[0] >= 0
    return ids[0][keep], scores[0][keep]


def search_range(index: faiss.Index, query: np.ndarray, first: int, stop: int,
                 k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top ``k`` among ids ``first..stop-1`` (one article's sentences), best first."""
    block = vectors_of(index, first, stop)
    scores = block @ np.asarray(query, dtype=np.float32).reshape(-1)
    order = np.argsort(-scores, kind="stable")[:k]
    return order.astype(np.int64) + first, scores[order]
