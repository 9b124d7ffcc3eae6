"""The benchmark's figures (matplotlib's Agg canvas, no display): question latency and memory per
sentence against corpus size, and the distribution of per-question latencies."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(fig)
    return fig


def draw(doc: dict, out_dir: Path) -> dict[str, Path]:
    """Every plot the parts present in ``doc`` allow; returns ``{name: path}``."""
    out = {}
    parts = doc["parts"]
    if "question" in parts or "serve" in parts:
        out["latency_distribution"] = latency_distribution(parts, out_dir / "BENCH-latency-distribution.png")
    if "scale" in parts and parts["scale"].get("sizes"):
        out["scale_latency"] = scale_latency(parts["scale"], out_dir / "BENCH-scale-latency.png")
        out["scale_memory"] = scale_memory(parts["scale"], out_dir / "BENCH-scale-memory.png")
    return out


def latency_distribution(parts: dict, path: Path) -> Path:
    """Empirical CDFs of per-question latency: each ``ask`` variant, the bare model, the peer; and
    the HTTP latencies of the serve part beside them."""
    fig = _figure(9.5 if "serve" in parts else 6.4, 4.4)
    axes = fig.subplots(1, 2 if "serve" in parts else 1, squeeze=False)[0]
    if q := parts.get("question"):
        ax = axes[0]
        for n, (label, samples) in enumerate(sorted(q["samples_ms"].items(), key=lambda kv: np.median(kv[1]))):
            x = np.sort(samples)
            ax.plot(x, np.arange(1, len(x) + 1) / len(x), lw=1.5, color=f"C{n % 10}",
                    ls="-" if label.startswith("ask") else "--", label=f"{label} ({np.median(x):.1f} ms)")
        ax.set_xscale("log")
        ax.set_xlabel("latency per question (ms, log)")
        ax.set_ylabel("share of questions")
        ax.set_title("One question, in process (median in legend)", fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower right")
    if v := parts.get("serve"):
        ax = axes[-1]
        for n, level in enumerate(v.get("levels", [])):
            x = np.sort(level["latencies_ms"])
            if len(x):
                ax.plot(x, np.arange(1, len(x) + 1) / len(x), lw=1.5, color=f"C{n}",
                        label=f"{level['clients']} clients (p50 {level['p50_ms']:.0f}, p95 {level['p95_ms']:.0f} ms)")
        ax.set_xscale("log")
        ax.set_xlabel("HTTP latency (ms, log)")
        ax.set_title("POST /api/ask over loopback", fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    return path


def scale_latency(scale: dict, path: Path) -> Path:
    rows = scale["sizes"]
    fig = _figure(6.4, 4.4)
    ax = fig.add_subplot()
    n = [r["articles"] for r in rows]
    for key, label, style in (("ask_article_ms", "ask, one article", "o-"),
                              ("ask_corpus_ms", "ask, all articles ('*')", "s-"),
                              ("dense_search_ms", "dense search alone (top 64)", "^--"),
                              ("bm25_ms", "BM25 over the corpus alone", "v--")):
        ys = [r.get(key) for r in rows]
        if any(y is not None for y in ys):
            ax.plot([a for a, y in zip(n, ys, strict=True) if y is not None], [y for y in ys if y is not None], style,
                    label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("articles in the corpus (log)")
    ax.set_ylabel("median latency per question (ms, log)")
    base = rows[0].get("ask_corpus_ms")
    if base:
        ax.axhline(2 * base, color="grey", ls=":", lw=1, label="2× the one-article latency")
    ax.set_title("Question latency against corpus size", fontsize=10)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    return path


def scale_memory(scale: dict, path: Path) -> Path:
    rows = scale["sizes"]
    fig = _figure(6.4, 4.4)
    ax = fig.add_subplot()
    n = [r["articles"] for r in rows]
    keys = [("dense", "dense (FAISS)"), ("lexical", "BM25"), ("tokens", "token vectors"),
            ("sentences", "sentence records")]
    bottom = np.zeros(len(rows))
    x = np.arange(len(rows))
    for i, (key, label) in enumerate(keys):
        vals = np.array([r["bytes_per_sentence"].get(key) or 0 for r in rows], dtype=float) / 1024
        ax.bar(x, vals, bottom=bottom, color=f"C{i}", label=label, hatch=None)
        bottom += vals
    rss = [r.get("rss_bytes_per_sentence") for r in rows]
    ax.plot(x, [v / 1024 if v else np.nan for v in rss], "k.--", label="process RSS growth")
    ticks = [f"{a:,}\n({'pooled' if r.get('pooled') else 'real'})" for a, r in zip(n, rows, strict=True)]
    ax.set_xticks(x, ticks, fontsize=8)
    ax.set_xlabel("articles in the corpus")
    ax.set_ylabel("KiB per sentence")
    ax.set_title("Memory per sentence (saved index files; pooled sizes: tokens projected)", fontsize=9)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    return path
