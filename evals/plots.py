"""The report's two figures, drawn from the metrics document with matplotlib's Agg canvas (no
display, no pyplot global state): the risk-coverage curve and a per-slice bar chart."""

from __future__ import annotations

from pathlib import Path

SLICE_METRICS = (("hit@1", "hit@1 (answerable)"), ("mrr@5", "MRR@5 (answerable)"),
                 ("answered_correctly", "answered correctly"))


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(fig)
    return fig


def plot_risk_coverage(doc: dict, path: str | Path) -> Path:
    """One risk-coverage curve per configuration, its operating point (the coverage and risk of
    its actual abstention decisions) marked, and its AURC in the legend.

    Args:
        doc: the metrics document (:func:`evals.scorecard.build_document`).
        path: the PNG to write.
    Returns:
        ``path``.
    """
    fig = _figure(6.4, 4.6)
    ax = fig.add_subplot()
    for n, (label, m) in enumerate(doc["metrics"].items()):
        curve, overall = m["risk_coverage"], m["overall"]
        color = f"C{n % 10}"
        aurc = overall.get("aurc")
        ax.plot(curve["coverage"], curve["risk"], color=color, lw=1.6,
                label=f"{label} (AURC {aurc:.3f})" if aurc is not None else label)
        if overall.get("coverage") and overall.get("selective_risk") is not None:
            ax.plot([overall["coverage"]], [overall["selective_risk"]], "o", color=color, ms=7, mec="black")
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.0)
    ax.set_xlabel("coverage (share of questions answered, most confident first)")
    ax.set_ylabel("risk (share of answered ones that are wrong)")
    ax.set_title("Risk-coverage (dot: the abstention threshold in use)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    return path


def plot_slices(doc: dict, path: str | Path) -> Path:
    """Grouped bars per slice (all, each language, answerable, unanswerable, follow-up): one
    panel per metric in :data:`SLICE_METRICS`, one bar per configuration; a metric that does not
    apply to a slice (hit@1 of unanswerable questions) has no bar."""
    labels = list(doc["metrics"])
    slices = list(doc["metrics"][labels[0]]["slices"])
    fig = _figure(max(7.0, 1.1 * len(slices) * max(1, len(labels)) ** 0.5 + 2), 2.6 * len(SLICE_METRICS))
    width = 0.8 / len(labels)
    for row, (metric, title) in enumerate(SLICE_METRICS):
        ax = fig.add_subplot(len(SLICE_METRICS), 1, row + 1)
        for n, label in enumerate(labels):
            got = doc["metrics"][label]["slices"]
            xs, ys = [], []
            for i, name in enumerate(slices):
                value = got.get(name, {}).get(metric)
                if value is not None:
                    xs.append(i - 0.4 + width * (n + 0.5))
                    ys.append(value)
            bars = ax.bar(xs, ys, width=width * 0.95, color=f"C{n % 10}", label=label)
            if len(labels) <= 3:
                ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
        ax.set_xticks(range(len(slices)))
        ax.set_xticklabels([f"{s}\n(n={doc['metrics'][labels[0]]['slices'][s]['n']})" for s in slices], fontsize=8)
        ax.set_ylim(0, 1.12)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        if row == 0 and len(labels) > 1:
            fig.legend(*ax.get_legend_handles_labels(), fontsize=8, ncol=min(4, len(labels)), loc="upper center")
    fig.tight_layout(rect=(0, 0, 1, 0.95 if len(labels) > 1 else 1))
    path = Path(path)
    fig.savefig(path)
    return path
