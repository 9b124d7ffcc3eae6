"""The persisted index: FAISS against brute force, save/load, rebuilds, atomicity, corruption."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from corpus import BUNDLED_DIR, load_corpus
from index import HashEmbedder, dense, open_index, slot_dir
from index.persist import MANIFEST, load, save
from index.search import Retriever, search
from index.store import FORMAT_VERSION, background_sentences, build

BACKGROUND = frozenset(background_sentences())


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting how many article passages and background sentences it was
    asked to encode."""

    def __init__(self) -> None:
        super().__init__(64)
        self.passages = self.background = 0

    def encode(self, texts, kind, *, progress=False):
        self.background += sum(t in BACKGROUND for t in texts)
        self.passages += sum(t not in BACKGROUND for t in texts)
        return super().encode(texts, kind, progress=progress)


def write_article(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"---\nid: {name}\ntitle: {name}\n---\n{text}", encoding="utf-8")


@pytest.mark.parametrize("n, k", [(18, 5), (500, 10), (3000, 50)])
def test_faiss_top_k_equals_numpy_brute_force(n, k):
    rng = np.random.default_rng(n)
    vectors = rng.normal(size=(n, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = dense.make_index(vectors)
    for query in vectors[:5] + 0.1 * rng.normal(size=(5, 32)).astype(np.float32):
        ids, scores = dense.search(index, query, k)
        brute = vectors @ query
        expected = np.argsort(-brute, kind="stable")[:k]
        assert ids.tolist() == expected.tolist()
        np.testing.assert_allclose(scores, brute[expected], rtol=1e-5, atol=1e-5)


def test_article_range_search_equals_brute_force():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(200, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = dense.make_index(vectors)
    ids, scores = dense.search_range(index, vectors[50], 40, 90, 7)
    expected = 40 + np.argsort(-(vectors[40:90] @ vectors[50]), kind="stable")[:7]
    assert ids.tolist() == expected.tolist() and ids[0] == 50


def test_save_then_load_gives_the_same_results(tmp_path, hash_embedder):
    corpus = load_corpus(BUNDLED_DIR)
    fresh = build(corpus, hash_embedder)
    save(fresh, tmp_path)
    loaded = load(tmp_path)
    assert [s.to_dict() for s in loaded.sentences] == [s.to_dict() for s in fresh.sentences]
    for question in ["Berapa peserta yang diundang?", "Who is the editor?", "rekomendasi kota pintar"]:
        for retriever in Retriever:
            a = search(fresh, question, retriever=retriever, article_id=corpus.default_id, k=5, embedder=hash_embedder)
            b = search(loaded, question, retriever=retriever, article_id=corpus.default_id, k=5, embedder=hash_embedder)
            assert [(h.id, round(h.score, 5)) for h in a] == [(h.id, round(h.score, 5)) for h in b]


def test_background_token_vectors_are_saved_and_reused(tmp_path):
    """The background sentences' token vectors (the baseline a question word's match in an article
    is measured against) are built once, saved with the index and not re-embedded on a rebuild."""
    corpus = load_corpus(BUNDLED_DIR)
    embedder = CountingEmbedder()
    fresh = build(corpus, embedder)
    early, last = fresh.background_tokens
    assert early.shape == last.shape and early.shape[0] > len(fresh.background) and early.shape[1] == 64
    save(fresh, tmp_path)
    loaded = load(tmp_path)
    for a, b in zip(fresh.background_tokens, loaded.background_tokens, strict=True):
        np.testing.assert_array_equal(a, b)
    assert embedder.background == len(BACKGROUND)
    embedder.passages = embedder.background = 0
    again = build(corpus, embedder, previous=loaded)
    assert embedder.passages == embedder.background == 0
    assert again.background_tokens is loaded.background_tokens
    assert build(corpus, embedder, token_vectors=False).background_tokens is None


def test_manifest_records_what_the_index_was_built_from(tmp_path, hash_embedder):
    corpus = load_corpus(BUNDLED_DIR)
    open_index(corpus, hash_embedder, tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["format_version"] == FORMAT_VERSION and manifest["model_id"] == "hash-64" and manifest["dim"] == 64
    assert manifest["corpus_hash"] == corpus.fingerprint and manifest["created"]
    assert set(manifest["files"]) >= {"sentences.jsonl", "dense.faiss", "tokens_last.npy"}


def test_second_open_loads_without_re_embedding(tmp_path, caplog):
    corpus = load_corpus(BUNDLED_DIR)
    embedder = CountingEmbedder()
    open_index(corpus, embedder, tmp_path)
    assert embedder.passages == 18
    with caplog.at_level(logging.INFO, logger="index.store"):
        open_index(corpus, embedder, tmp_path)
    assert embedder.passages == 18
    assert "nothing re-embedded" in caplog.text


def test_corpus_change_rebuilds_and_re_embeds_only_the_changed_article(tmp_path, caplog):
    folder = tmp_path / "articles"
    write_article(folder, "satu", "Kalimat pertama. Kalimat kedua.")
    write_article(folder, "dua", "Berita lain di sini.")
    embedder = CountingEmbedder()
    slot = tmp_path / "slot"
    open_index(load_corpus(folder), embedder, slot)
    assert embedder.passages == 3
    write_article(folder, "tiga", "Artikel baru. Dengan dua kalimat.")
    with caplog.at_level(logging.INFO, logger="index.store"):
        index = open_index(load_corpus(folder), embedder, slot)
    assert "corpus changed" in caplog.text
    assert embedder.passages == 5, "only the new article's two sentences are embedded"
    assert {s.article_id for s in index.sentences} == {"satu", "dua", "tiga"}
    texts = [s.text for s in index.sentences if s.article_id == "satu"]
    np.testing.assert_allclose(index.vectors("satu"), embedder.embed_passages(texts), atol=1e-6)
    span = index.span("satu")
    for i, encoded in zip(range(span.first, span.stop), embedder.encode(texts, "passage"), strict=True):
        np.testing.assert_allclose(index.tokens.get(i)[1], encoded.layers[1], atol=1e-3)


def test_model_change_rebuilds(tmp_path, caplog):
    corpus = load_corpus(BUNDLED_DIR)
    open_index(corpus, HashEmbedder(64), tmp_path)
    with caplog.at_level(logging.INFO, logger="index.store"):
        index = open_index(corpus, HashEmbedder(32), tmp_path)
    assert index.dense.d == 32 and "out of date" in caplog.text


def test_slots_differ_by_model_and_corpus_location(tmp_path):
    corpus = load_corpus(BUNDLED_DIR)
    assert slot_dir(tmp_path, "a", corpus) != slot_dir(tmp_path, "b", corpus)


def test_unfinished_build_folder_is_never_loaded(tmp_path, hash_embedder):
    corpus = load_corpus(BUNDLED_DIR)
    first = open_index(corpus, hash_embedder, tmp_path)
    # an interrupted build: files written, manifest never switched to it
    half = tmp_path / "builds" / "interrupted"
    half.mkdir()
    (half / "dense.faiss").write_bytes(b"half-written")
    loaded = load(tmp_path)
    assert loaded.manifest["build_id"] == first.manifest["build_id"]


@pytest.mark.parametrize("damage", ["truncate_faiss", "garble_manifest", "delete_sentences", "garble_lexical"])
def test_damaged_index_is_rebuilt_with_a_warning(tmp_path, hash_embedder, caplog, damage):
    corpus = load_corpus(BUNDLED_DIR)
    first = open_index(corpus, hash_embedder, tmp_path)
    build_dir = tmp_path / "builds" / first.manifest["build_id"]
    if damage == "truncate_faiss":
        data = (build_dir / "dense.faiss").read_bytes()
        (build_dir / "dense.faiss").write_bytes(data[: len(data) // 2])
    elif damage == "garble_manifest":
        (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    elif damage == "delete_sentences":
        (build_dir / "sentences.jsonl").unlink()
    else:
        next((build_dir / "lexical").glob("*.json")).write_text("garbage", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="index.store"):
        again = open_index(corpus, hash_embedder, tmp_path)
    assert "unusable, rebuilding" in caplog.text
    assert len(again.sentences) == 18 and load(tmp_path).manifest["build_id"] == again.manifest["build_id"]
