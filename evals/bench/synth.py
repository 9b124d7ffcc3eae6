"""Synthetic corpora for the scale benchmark, made from real sentences.

- :func:`mixed_articles`: articles whose sentences splice real sentences (the first part of one,
  the rest of another, numbers redrawn), so every text is new and the real model embeds them.
- :func:`pooled_index`: a large :class:`~index.store.SentenceIndex` whose sentences are drawn from
  an already embedded pool, each with the pool sentence's vector plus a little noise (so copies are
  not exact ties) and its token vectors shared, not copied: the index is measured without
  embedding millions of sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import numpy as np

from corpus import Article, Corpus, Sentence, split_sentences
from index import EmbedContext, dense
from index.lexical import LexicalIndex
from index.store import ArticleSpan, SentenceIndex, expected_settings

_NUMBER = re.compile(r"\d+")


def mixed_articles(seed_sentences: Sequence[str], n: int, *, start: int = 0, rng: np.random.Generator,
                   sentences_per_article: tuple[int, int] = (12, 24)) -> list[Article]:
    """``n`` synthetic articles (ids ``synth-<number>``) of spliced real sentences.

    Args:
        seed_sentences: real sentences to splice (at least two).
        start: number of the first article (ids stay unique across calls).
    """
    words = [s.split() for s in seed_sentences if len(s.split()) >= 4]
    out = []
    for number in range(start, start + n):
        sentences = []
        for _ in range(int(rng.integers(*sentences_per_article))):
            a, b = words[int(rng.integers(len(words)))], words[int(rng.integers(len(words)))]
            cut_a, cut_b = int(rng.integers(2, len(a))), int(rng.integers(1, len(b) - 1))
            text = " ".join(a[:cut_a] + b[cut_b:])
            text = _NUMBER.sub(lambda m: str(int(rng.integers(1, 10 ** len(m.group(0))))), text)
            sentences.append(text[0].upper() + text[1:].rstrip(".") + ".")
        title = " ".join(sentences[0].split()[:8]).rstrip(".,")
        body = "\n".join(" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3))
        out.append(Article(id=f"synth-{number:06d}", text=f"{title}\n{body}", title=title, lang="id"))
    return out


def pooled_articles(pool: Sequence[str], n: int, *, rng: np.random.Generator,
                    sentences_per_article: tuple[int, int] = (12, 24)) -> list[Article]:
    """``n`` articles (ids ``pool-<number>``), one pooled sentence per line."""
    out = []
    for number in range(n):
        picks = rng.integers(len(pool), size=int(rng.integers(*sentences_per_article)))
        lines = [pool[int(i)] for i in picks]
        out.append(Article(id=f"pool-{number:06d}", text="\n".join(lines), title=lines[0][:80], lang="id"))
    return out


class PooledTokens:
    """Token vectors of sentence ``i`` = those of pool sentence ``rows[i]`` (shared, not copied);
    the same interface as :class:`index.store.TokenStore` for reading."""

    def __init__(self, pool, rows: np.ndarray) -> None:
        self.pool, self.rows = pool, rows
        self.offsets = np.arange(len(rows) + 1)        # only its length is ever checked

    def get(self, i: int):
        row = int(self.rows[i])
        if row < 0:
            empty = np.zeros((0, self.pool.early.shape[1]), dtype=np.float32)
            return empty, empty, np.zeros((0, 2), dtype=np.int32)
        return self.pool.get(row)

    def blocks(self, first: int, stop: int):
        return [self.get(i) for i in range(first, stop)]


def pooled_index(base: Corpus, articles: Sequence[Article], pool: SentenceIndex, embedder, *,
                 rng: np.random.Generator, noise: float = 0.05, dense_kind: str = "auto",
                 progress: bool = False) -> tuple[Corpus, SentenceIndex, dict]:
    """A :class:`SentenceIndex` over ``base``'s articles plus ``articles``, built like
    :func:`index.store.build` (real split, real BM25, :func:`index.dense.make_index`) except that
    vectors come from ``pool`` (matched by sentence text) instead of the model.

    Returns:
        ``(corpus, index, seconds)`` with ``seconds`` split into ``split``, ``vectors``, ``dense``,
        ``lexical``.
    """
    import time

    from tqdm.auto import tqdm

    corpus = Corpus([*base, *articles], sources=base.sources)
    where = {s.text: i for i, s in enumerate(pool.sentences)}
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    sentences: list[Sentence] = []
    spans: list[ArticleSpan] = []
    for article in tqdm(corpus, desc="split", unit="article", disable=not progress, leave=False):
        own = split_sentences(article.text, article.id)
        spans.append(ArticleSpan(article.id, article.content_hash, len(sentences), len(sentences) + len(own)))
        sentences.extend(own)
    seconds["split"] = time.perf_counter() - started
    started = time.perf_counter()
    rows = np.array([where.get(s.text, -1) for s in sentences], dtype=np.int64)
    pool_vectors = dense.vectors_of(pool.dense, 0, pool.dense.ntotal)
    vectors = np.empty((len(sentences), pool_vectors.shape[1]), dtype=np.float32)
    for at in range(0, len(rows), 200_000):
        part = rows[at:at + 200_000]
        block = pool_vectors[np.maximum(part, 0)] + noise * rng.standard_normal(
            (len(part), pool_vectors.shape[1]), dtype=np.float32) / np.sqrt(pool_vectors.shape[1])
        vectors[at:at + len(part)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    seconds["vectors"] = time.perf_counter() - started
    started = time.perf_counter()
    dense_index = dense.make_index(vectors, dense_kind)
    seconds["dense"] = time.perf_counter() - started
    started = time.perf_counter()
    lexical = LexicalIndex.build([s.text for s in sentences])
    seconds["lexical"] = time.perf_counter() - started
    context = EmbedContext(pool.manifest.get("embed_context", EmbedContext.NONE.value))
    manifest = {**expected_settings(corpus, embedder, context, pool.tokens is not None),
                "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "n_sentences": len(sentences), "dense_type": type(dense_index).__name__,
                "articles": [s.__dict__ for s in spans], "extra": dict(pool.extra),
                "synthetic": {"pooled_from": len(pool.sentences), "unmatched": int((rows < 0).sum())}}
    tokens = PooledTokens(pool.tokens, rows) if pool.tokens is not None else None
    index = SentenceIndex(sentences, spans, dense_index, lexical, manifest, tokens)
    for name, value in vars(pool).items():           # anything else an index carries (e.g. background vectors)
        if not hasattr(index, name) or getattr(index, name) is None and name not in ("slot",):
            setattr(index, name, value)
    return corpus, index, seconds
