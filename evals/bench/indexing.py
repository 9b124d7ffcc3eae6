"""Part 3, indexing throughput: sentences per second of ``index.store.build`` with token vectors
(what ``article-qa index`` runs) against the bare ``model.encode`` of the same sentences at the
best of several batch sizes; interleaved, repeated, medians; plus where a build's time goes."""

from __future__ import annotations

import cProfile
import time

import numpy as np

from .context import Context
from .synth import mixed_articles
from .timing import profile_seconds

BATCH_SIZES = (16, 32, 64)
BUILD_BUCKETS = {
    "build, total": ("index/store.py", "build"),
    "model forward": ("index/st_embedder.py", "_forward"),
    "encode (tokenize, forward, token vectors)": ("index/st_embedder.py", "encode"),
    "split sentences": ("corpus/sentences.py", "split_sentences"),
    "BM25 index": ("index/lexical.py", "build"),
    "FAISS index": ("index/dense.py", "make_index"),
    "token store": ("index/store.py", "from_blocks"),
}


def run(ctx: Context) -> dict:
    from tqdm.auto import tqdm

    from corpus import Corpus, split_sentences
    from index import Kind, build
    from index.st_embedder import SentenceTransformerEmbedder

    embedder = ctx.embedder()
    shipped = ctx.embedder("shipped")
    seed = [s.text for a in ctx.corpus() for s in split_sentences(a.text, a.id)]
    rng = np.random.default_rng(ctx.seed)
    articles = mixed_articles(seed, 3 if ctx.quick else 12, rng=rng)
    corpus = Corpus(articles)
    texts = [s.text for a in corpus for s in split_sentences(a.text, a.id)]
    if isinstance(shipped, SentenceTransformerEmbedder):
        prompt = shipped.prompts.get(Kind.PASSAGE.value)

        def encode(b):
            return lambda: shipped.model.encode(texts, prompt=prompt, batch_size=b, normalize_embeddings=True,
                                                show_progress_bar=False)
    else:
        def encode(b):
            return lambda: shipped.embed_batch(texts, Kind.PASSAGE)
    batch_of = getattr(embedder, "batch_size", None)

    def at_batch(b, fn):
        """``fn`` run with the embedder's batch size set to ``b`` (restored after)."""
        def run_batch():
            embedder.batch_size = b
            try:
                return fn()
            finally:
                embedder.batch_size = batch_of
        return run_batch

    def bare_encode():
        return embedder.embed_batch(texts, Kind.PASSAGE)

    def build_once():
        return build(corpus, embedder, token_vectors=True)

    fns = {f"model.encode, batch {b}": encode(b) for b in BATCH_SIZES}
    runtime = ctx.runtime_of(embedder)
    if runtime in ("onnx", "onnx-int8"):          # the same runtime's bare encode (no token vectors)
        fns.update({f"bare encode ({runtime}), batch {b}": at_batch(b, bare_encode) for b in (32, 64)})
    fns["build (article-qa index)"] = build_once
    if batch_of is not None:
        fns["build, batch 64"] = at_batch(64, build_once)
    fns["build (article-qa index)"]()                 # warm-up: lazy imports, stemmer, first batches
    seconds: dict[str, list[float]] = {k: [] for k in fns}
    labels = list(fns)
    for r in tqdm(range(ctx.rounds), desc="indexing", disable=not ctx.progress, leave=False):
        for label in labels[r % len(labels):] + labels[:r % len(labels)]:
            started = time.perf_counter()
            fns[label]()
            seconds[label].append(time.perf_counter() - started)
    rate = {k: round(len(texts) / float(np.median(v)), 1) for k, v in seconds.items()}
    best_encode = max((k for k in rate if k.startswith("model.encode")), key=rate.get)
    best_same = max((k for k in rate if k.startswith("bare encode")), key=rate.get, default=None)
    prof = cProfile.Profile()
    prof.enable()
    build_once()
    prof.disable()
    breakdown = {name: round(total, 3) for name, total in profile_seconds(prof, BUILD_BUCKETS).items()}
    return {"sentences": len(texts), "articles": len(articles), "rounds": ctx.rounds,
            "embedder": f"{embedder.model_id} ({ctx.runtime_of(embedder)}, batch {batch_of})",
            "sentences_per_s": rate, "best_encode": best_encode,
            "ratio": round(rate["build (article-qa index)"] / rate[best_encode], 3),
            "best_same_runtime": best_same,
            "ratio_same_runtime": round(rate["build (article-qa index)"] / rate[best_same], 3) if best_same else None,
            "samples_s": {k: [round(x, 3) for x in v] for k, v in seconds.items()},
            "build_profile_s": breakdown}
