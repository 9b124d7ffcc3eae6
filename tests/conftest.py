"""Shared fixtures. Every test runs with its own cache/index/data dirs, so nothing touches the
user's real cache; the fast tests use :class:`index.HashEmbedder`, and tests marked ``model``
load the real default model (converted once per session into a shared temporary cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant import Assistant
from corpus import BUNDLED_DIR, load_corpus
from index import HashEmbedder
from index.paths import Dirs

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch) -> Dirs:
    """Point every article-qa directory at a fresh temporary folder (models stay shared)."""
    root = tmp_path_factory.mktemp("aqa")
    monkeypatch.setenv("ARTICLE_QA_CACHE_DIR", str(root / "cache"))
    monkeypatch.setenv("ARTICLE_QA_INDEX_DIR", str(root / "index"))
    monkeypatch.setenv("ARTICLE_QA_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return Dirs(cache=root / "cache", index=root / "index", data=root / "data")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """One cache (converted model included) for the whole session: conversion is the slow part.
    ``ARTICLE_QA_TEST_CACHE`` may point at a persistent folder to reuse it across runs."""
    return Path(os.environ.get("ARTICLE_QA_TEST_CACHE") or tmp_path_factory.mktemp("shared-cache"))


@pytest.fixture()
def article():
    return load_corpus(BUNDLED_DIR).get()


@pytest.fixture()
def hash_embedder() -> HashEmbedder:
    return HashEmbedder(64)


@pytest.fixture()
def hash_bot(tmp_path, hash_embedder) -> Assistant:
    """An assistant over the bundled article with the deterministic test embedder."""
    return Assistant.load(BUNDLED_DIR, embedder=hash_embedder, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def real_bot(tmp_path_factory, shared_cache) -> Assistant:
    """The default configuration with the real multilingual model (session-scoped)."""
    root = tmp_path_factory.mktemp("real")
    dirs = Dirs(cache=shared_cache, index=root / "index", data=root / "data")
    return Assistant.load(BUNDLED_DIR, dirs=dirs)
