"""Index changes made for the scale benchmark: the IVF index for large corpora, growing an index
instead of rebuilding it when articles are appended, and batched token-vector reads. Oracles:
brute force, a full rebuild, and the per-sentence reads."""

from __future__ import annotations

import numpy as np
import pytest

from corpus import Article, Corpus, load_corpus
from index import HashEmbedder, build, dense
from index.search import Retriever, search
from index.store import TokenStore


def unit_rows(n: int, d: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_large_corpora_get_an_ivf_index_that_keeps_exact_vectors():
    vectors = unit_rows(dense.EXACT_LIMIT + 1, 16)
    index = dense.make_index(vectors)
    assert dense.kind_of(index) is dense.DenseKind.IVF and index.nprobe == dense.IVF_NPROBE
    np.testing.assert_array_equal(dense.vectors_of(index, 100, 140), vectors[100:140])
    np.testing.assert_array_equal(dense.vectors_at(index, np.array([7, 3])), vectors[[7, 3]])


def test_ivf_probing_every_list_equals_brute_force():
    vectors = unit_rows(4000, 16, seed=1)
    index = dense.make_index(vectors, "ivf")
    index.nprobe = index.nlist
    for query in vectors[:5]:
        ids, scores = dense.search(index, query, 10)
        expected = np.argsort(-(vectors @ query), kind="stable")[:10]
        assert ids.tolist() == expected.tolist()


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_extend_appends_ids_and_leaves_the_original_alone(kind):
    vectors = unit_rows(3000, 16, seed=2)
    index = dense.make_index(vectors[:2500], kind)
    grown = dense.extend(index, vectors[2500:])
    assert index.ntotal == 2500 and grown.ntotal == 3000
    np.testing.assert_array_equal(dense.vectors_of(grown, 2990, 3000), vectors[2990:3000])
    if kind != "hnsw":
        grown_ids, _ = dense.search(grown if kind == "flat" else _all_lists(grown), vectors[2700], 1)
        assert grown_ids.tolist() == [2700]


def _all_lists(index):
    index.nprobe = index.nlist
    return index


def test_an_ivf_index_is_rebuilt_once_the_corpus_has_doubled():
    index = dense.make_index(unit_rows(dense.EXACT_LIMIT + 10, 8), "ivf")
    assert dense.can_extend(index, index.ntotal + 100)
    assert not dense.can_extend(index, 2 * index.ntotal + 1)
    assert not dense.can_extend(dense.make_index(unit_rows(10, 8)), dense.EXACT_LIMIT + 1)


def _article(n: int) -> Article:
    return Article(id=f"zz-added-{n}", title=f"Artikel {n}",
                   text=f"Artikel {n}\nKota pintar nomor {n} dibangun di Jawa. Peserta berjumlah {n}00 orang.")


def test_appending_an_article_grows_the_index_and_matches_a_rebuild():
    base = load_corpus()
    embedder = HashEmbedder(32)
    first = build(base, embedder)
    grown_corpus = Corpus([*base, _article(1)], sources=base.sources)
    grown = build(grown_corpus, embedder, previous=first)
    rebuilt = build(grown_corpus, embedder)
    assert grown.dense is not first.dense and first.dense.ntotal == len(first.sentences)
    np.testing.assert_allclose(dense.vectors_of(grown.dense, 0, grown.dense.ntotal),
                               dense.vectors_of(rebuilt.dense, 0, rebuilt.dense.ntotal), atol=1e-6)
    for question in ("Berapa peserta?", "kota pintar di Jawa"):
        a = search(grown, question, retriever=Retriever.HYBRID, article_id=None, k=5, embedder=embedder)
        b = search(rebuilt, question, retriever=Retriever.HYBRID, article_id=None, k=5, embedder=embedder)
        assert [h.id for h in a] == [h.id for h in b]


def test_token_blocks_read_at_once_equal_per_sentence_reads():
    rng = np.random.default_rng(0)
    blocks = [(rng.normal(size=(n, 4)).astype(np.float32), rng.normal(size=(n, 4)).astype(np.float32),
               rng.integers(0, 40, size=(n, 2)).astype(np.int32)) for n in (3, 0, 5, 1)]
    store = TokenStore.from_blocks(blocks, 4)
    for first, stop in ((0, 4), (1, 3), (2, 2), (3, 4)):
        for got, want in zip(store.blocks(first, stop), [store.get(i) for i in range(first, stop)], strict=True):
            for x, y in zip(got, want, strict=True):
                assert x.dtype == y.dtype and np.array_equal(x, y)


def test_token_blocks_are_read_only_and_a_repeated_read_is_not_widened_again():
    rng = np.random.default_rng(1)
    store = TokenStore.from_blocks([(rng.normal(size=(n, 4)), rng.normal(size=(n, 4)),
                                     np.zeros((n, 2), dtype=np.int32)) for n in (2, 3)], 4)
    first, again = store.blocks(0, 2), store.blocks(0, 2)
    assert first is not again and first[1][0] is again[1][0]
    with pytest.raises(ValueError):
        first[0][0][0, 0] = 1.0
