"""The dense side of retrieval: a FAISS inner-product index over unit vectors.

Inner product equals cosine similarity on normalized vectors. The index type follows corpus
size: exact (``IndexFlatIP``) while a brute-force scan is cheap, an inverted file (``IVFFlat``)
beyond that. Measured on 2 busy cores with e5 vectors of news sentences (``article-qa bench
--parts scale`` and a side experiment): a one-query flat scan takes ~2 ms at 21k sentences, ~25 ms
at 200k and ~190 ms at 2M; IVF with ``nlist = 2 * sqrt(n)`` and ``nprobe = 64`` answers in 1-3 ms
with recall@10 >= 0.99 against exact search at 175k-1.75M sentences; HNSW (M=32,
efConstruction=80, efSearch=128) reached only 0.70 recall@10 at 200k and took 74 s to build
against IVF's 22 s (news repeats near-identical sentences, which HNSW graphs handle badly).
IVF-Flat keeps the vectors exact, so per-article scoring (:func:`vectors_of`) is unchanged.
"""

from __future__ import annotations

import contextlib
import enum
import math

import faiss
import numpy as np

EXACT_LIMIT = 50_000           # sentences; a flat scan of 50k x 384 floats takes a few ms
IVF_NPROBE = 64
IVF_TRAIN_PER_LIST = 40        # k-means training points per list (faiss asks for at least 39)
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


class DenseKind(str, enum.Enum):
    AUTO = "auto"
    FLAT = "flat"
    IVF = "ivf"
    HNSW = "hnsw"


def choose_kind(n_vectors: int, kind: DenseKind | str = DenseKind.AUTO) -> DenseKind:
    kind = DenseKind(kind)
    if kind is not DenseKind.AUTO:
        return kind
    return DenseKind.FLAT if n_vectors <= EXACT_LIMIT else DenseKind.IVF


def kind_of(index: faiss.Index) -> DenseKind:
    if isinstance(index, faiss.IndexIVF):
        return DenseKind.IVF
    if isinstance(index, faiss.IndexHNSW):
        return DenseKind.HNSW
    return DenseKind.FLAT


def ivf_lists(n_vectors: int) -> int:
    """Inverted lists for ``n_vectors``: ``2 * sqrt(n)``, at least 16."""
    return max(16, int(2 * math.sqrt(max(n_vectors, 1))))


def make_index(vectors: np.ndarray, kind: DenseKind | str = DenseKind.AUTO) -> faiss.Index:
    """A FAISS index holding ``vectors`` (``(n, dim)`` float32 unit rows) with ids ``0..n-1``."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    chosen = choose_kind(len(vectors), kind)
    if chosen is DenseKind.FLAT:
        index = faiss.IndexFlatIP(dim)
    elif chosen is DenseKind.IVF:
        nlist = min(ivf_lists(len(vectors)), max(1, len(vectors) // 4))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), IVF_TRAIN_PER_LIST * nlist),
                                                 replace=False)
        index.train(vectors[np.sort(sample)])
        index.make_direct_map()          # reconstruct(id) for per-article scoring
        index.nprobe = IVF_NPROBE
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(vectors)
    return index


def extend(index: faiss.Index, vectors: np.ndarray) -> faiss.Index:
    """A copy of ``index`` with ``vectors`` appended (ids continue from ``index.ntotal``); the
    original is left as it is, since it may still be serving. An IVF index keeps its trained
    lists, so adding an article costs its own vectors, not a rebuild."""
    grown = faiss.clone_index(index)
    if len(vectors):
        grown.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return grown


def can_extend(index: faiss.Index, n_total: int, kind: DenseKind | str = DenseKind.AUTO) -> bool:
    """Whether appending to ``index`` gives the index :func:`make_index` would choose for
    ``n_total`` vectors (an IVF index is rebuilt once the corpus has doubled since training)."""
    if kind_of(index) is not choose_kind(n_total, kind):
        return False
    return kind_of(index) is not DenseKind.IVF or n_total <= 2 * index.ntotal


def vectors_of(index: faiss.Index, first: int, stop: int) -> np.ndarray:
    """The stored vectors with ids ``first..stop-1`` (exact for flat, IVF-flat and HNSW-flat)."""
    if stop <= first:
        return np.zeros((0, index.d), dtype=np.float32)
    if isinstance(index, faiss.IndexIVF):        # its reconstruct_n scans every list; the direct map does not
        return vectors_at(index, np.arange(first, stop))
    return index.reconstruct_n(first, stop - first)


def vectors_at(index: faiss.Index, ids: np.ndarray) -> np.ndarray:
    """The stored vectors of arbitrary ``ids``, in that order."""
    ids = np.asarray(ids, dtype=np.int64)
    if not len(ids):
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_batch(ids)


@contextlib.contextmanager
def one_thread():
    """FAISS (OpenMP) on one thread in this block. One question's search is a few milliseconds of
    work: splitting it costs more than it saves, and on a busy machine a thread waiting at an
    OpenMP barrier for a descheduled partner made a 21k-sentence flat search 30 ms instead of 2."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def search(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top ``k`` over the whole index: ``(ids, scores)``, best first, ``-1`` ids dropped."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    with one_thread():
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
