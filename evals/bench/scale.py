"""Part 4, scale: corpora of 1 to 100,000 articles. Up to ``real_limit`` articles every sentence is
embedded by the model (``index.store.build``); larger corpora draw their sentences from that last
real index and get its vectors plus noise (:func:`evals.bench.synth.pooled_index`), so the index,
not the model, is what is measured there. Per size: build time, bytes per sentence, question
latency (one article, the whole corpus, and the dense and BM25 searches alone), recall@10 of an
approximate FAISS index against exact search, and the cost of adding one article."""

from __future__ import annotations

import copy
import gc
import logging
import time

import numpy as np

from .context import Context, ask
from .synth import mixed_articles, pooled_articles, pooled_index
from .timing import folder_bytes, rss_bytes, side_by_side, summarize

log = logging.getLogger("article_qa.bench")


class CountingEmbedder:
    """Wraps an embedder and counts the texts it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.texts = inner, 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode(self, texts, kind, *, progress=False):
        self.texts += len(texts)
        return self.inner.encode(texts, kind, progress=progress)

    def embed_batch(self, texts, kind, *, progress=False):
        self.texts += len(texts)
        return self.inner.embed_batch(texts, kind, progress=progress)

    def embed_passages(self, texts, *, progress=False):
        return self.embed_batch(texts, "passage", progress=progress)


def _component_bytes(index, saved=None) -> dict[str, int]:
    """Bytes of each part of an index: from the saved files when there are some, else from the
    arrays in memory (pooled token vectors are shared, so they are left to the projection)."""
    from index import dense

    if saved is not None:
        files = {p.name: p.stat().st_size for p in saved.rglob("*") if p.is_file()}
        return {"dense": files.get("dense.faiss", 0),
                "tokens": sum(v for k, v in files.items() if k.startswith("token")),
                "lexical": folder_bytes(next(saved.rglob("lexical"))),
                "sentences": files.get("sentences.jsonl", 0)}
    n, d = index.dense.ntotal, index.dense.d
    extra = 16 if dense.kind_of(index.dense) is dense.DenseKind.IVF else 0       # list ids + direct map
    lex = sum(getattr(v, "nbytes", 0) for v in index.lexical._model.scores.values())
    sample = index.sentences[:: max(1, len(index.sentences) // 2000)]
    per_sentence = np.mean([len(s.text.encode()) + 80 for s in sample])
    return {"dense": n * (d * 4 + extra), "tokens": 0, "lexical": int(lex), "sentences": int(per_sentence * n)}


def _recall(index, queries: np.ndarray, k: int = 10) -> dict:
    """recall@k of ``index`` against exact search over the same vectors, and the nprobe sweep of an
    IVF index (recall and single-query milliseconds)."""
    import faiss

    from index import dense

    if dense.kind_of(index) is dense.DenseKind.FLAT:
        return {"recall@10": 1.0, "exact": True}
    exact = faiss.IndexFlatIP(index.d)
    for at in range(0, index.ntotal, 500_000):
        exact.add(dense.vectors_of(index, at, min(index.ntotal, at + 500_000)))
    truth = exact.search(queries, k)[1]
    del exact

    def recall() -> tuple[float, float]:
        started = time.perf_counter()
        with dense.one_thread():                      # as index.dense.search runs one question
            found = np.stack([index.search(q[None], k)[1][0] for q in queries])
        ms = (time.perf_counter() - started) * 1000 / len(queries)
        return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(truth, found, strict=True)])), ms

    out = {"exact": False}
    out["recall@10"], _ = recall()
    if dense.kind_of(index) is dense.DenseKind.IVF:
        chosen, sweep = index.nprobe, {}
        for nprobe in (16, 32, 64, 128):
            index.nprobe = nprobe
            r, ms = recall()
            sweep[nprobe] = {"recall@10": round(r, 4), "ms": round(ms, 3)}
        index.nprobe = chosen
        out.update(nlist=index.nlist, nprobe=chosen, sweep=sweep)
    return out


def run(ctx: Context, sizes: list[int], real_limit: int = 1000) -> dict:
    from assistant import Assistant
    from corpus import Corpus, split_sentences
    from index import Kind, build, dense
    from index.persist import save

    embedder = ctx.embedder()
    base = ctx.corpus()
    rng = np.random.default_rng(ctx.seed)
    seed = [s.text for a in base for s in split_sentences(a.text, a.id)]
    questions = [q for q in ctx.questions() if not q.history][: 8 if ctx.quick else 30]
    qvecs = embedder.embed_batch([q.question for q in questions], Kind.QUERY)
    biggest_real = max([n for n in sizes if n <= real_limit] or [1])
    extra = mixed_articles(seed, max(0, biggest_real - len(base)), rng=rng)
    added = mixed_articles(seed, 1, start=999_999, rng=rng)[0]          # id sorts after every other
    rows, pool, token_bytes = [], None, None
    for n in sorted(sizes):
        gc.collect()
        rss0 = rss_bytes()
        pooled = n > real_limit
        started = time.perf_counter()
        if not pooled:
            corpus = Corpus([*base, *extra[: max(0, n - len(base))]], sources=base.sources)
            index = build(corpus, embedder, token_vectors=True, progress=ctx.progress)
            phases = {}
        else:
            if pool is None:
                raise ValueError("pooled sizes need a real size below them to draw sentences from")
            arts = pooled_articles([s.text for s in pool.sentences], n - len(base), rng=rng)
            corpus, index, phases = pooled_index(base, arts, pool, embedder, rng=rng, progress=ctx.progress)
        build_s = time.perf_counter() - started
        gc.collect()
        rss = rss_bytes() - rss0
        saved = None
        if not pooled:
            saved = ctx.work / "scale" / str(n)
            save(index, saved)
            saved = next((saved / "builds").iterdir())
        parts = _component_bytes(index, saved)
        if not pooled and parts["tokens"]:
            token_bytes = parts["tokens"] / len(index.sentences)
        per = {k: round(v / len(index.sentences), 1) for k, v in parts.items()}
        if pooled and token_bytes:
            per["tokens"] = round(token_bytes, 1)           # projected from the largest real size
        bot = Assistant(corpus, index, embedder)
        fns = {"ask_article_ms": lambda q, b=bot: ask(b, q),
               "ask_corpus_ms": lambda q, b=bot: b.ask(q.question, article_id="*"),
               "dense_search_ms": lambda q, ix=index: dense.search(ix.dense, qvecs[questions.index(q)], 64),
               "bm25_ms": lambda q, ix=index: ix.lexical.scores(q.question)}
        samples = side_by_side(fns, questions, rounds=1 if (pooled or ctx.quick) else 2,
                               warmup=min(3, len(questions)), progress=ctx.progress, desc=f"{n:,} articles")
        row = {"articles": len(corpus), "sentences": len(index.sentences), "pooled": pooled,
               "build_s": round(build_s, 2), "build_phases_s": {k: round(v, 2) for k, v in phases.items()},
               "dense_type": type(index.dense).__name__, "bytes_per_sentence": per,
               # below ~10k sentences the allocator's and lazy imports' own growth would dominate
               "rss_bytes_per_sentence": round(rss / len(index.sentences), 1) if len(index.sentences) >= 10_000
               else None,
               **{k: summarize(v)["median_ms"] for k, v in samples.items()},
               "p95": {k: summarize(v)["p95_ms"] for k, v in samples.items()},
               "recall": _recall(index.dense, qvecs)}
        row["add_one"] = _add_one(corpus, index, embedder, added, tokens=not pooled)
        if n == max(sizes):
            from .question import profile
            row["profile_corpus"] = profile(bot, questions[:10], ctx, article_id="*",
                                            name="BENCH-profile-scale.txt")
        rows.append(row)
        log.info("scale: %s articles: ask('*') %.1f ms, build %.1f s", f"{n:,}", row["ask_corpus_ms"], build_s)
        if not pooled:
            pool = index
        del bot, fns, samples
        if pooled:
            del index, corpus
    first, last = rows[0], rows[-1]
    approx = [r["recall"]["recall@10"] for r in rows if not r["recall"].get("exact")]
    adds = [r["add_one"] for r in rows]
    return {"sizes": rows, "largest": last["articles"], "real_limit": real_limit, "questions": len(questions),
            "latency_ratio": round(last["ask_corpus_ms"] / first["ask_corpus_ms"], 3),
            "latency_ratio_article": round(last["ask_article_ms"] / first["ask_article_ms"], 3),
            "min_recall": min(approx) if approx else None,
            "add_reembed_ratio": max(a["reembedded"] / a["new_sentences"] for a in adds)}


def _add_one(corpus, index, embedder, article, *, tokens: bool) -> dict:
    """Time ``build(previous=index)`` for the corpus plus one article, counting what is embedded."""
    from corpus import Corpus, split_sentences
    from index import build, dense

    counting = CountingEmbedder(embedder)
    grown = Corpus([*corpus, article], sources=corpus.sources)
    previous = index
    if not tokens and index.tokens is not None:      # pooled token vectors are not copied into a new store
        previous = copy.copy(index)
        previous.tokens = None
    started = time.perf_counter()
    new = build(grown, counting, previous=previous, token_vectors=tokens)
    seconds = time.perf_counter() - started
    out = {"seconds": round(seconds, 2), "reembedded": counting.texts,
           "new_sentences": len(split_sentences(article.text, article.id)),
           # the new article's ids follow all others, so build() grows a copy of the FAISS index
           # whenever the kind of index stays the same (see index.store._appended_to)
           "dense": "extended" if dense.can_extend(index.dense, new.dense.ntotal) else "rebuilt"}
    del new
    return out
