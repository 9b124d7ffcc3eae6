"""The evaluation report: ``REPORT.md`` (tables, figures, the questions answered wrongly),
``REPORT.json`` (the metrics document) and two PNGs beside them; plus the terminal summary.

For ``REPORT.md`` the files are ``REPORT.json``, ``REPORT-risk-coverage.png`` and
``REPORT-slices.png``. With several configurations, tables put them side by side, each
non-base value with its p-value against the base.
"""

from __future__ import annotations

import json
from pathlib import Path

from .metrics import FACTOID_TYPES
from .plots import plot_risk_coverage, plot_slices

NAMES = {
    "hit@1": "hit@1", "hit@3": "hit@3", "mrr@5": "MRR@5", "ndcg@5": "nDCG@5",
    "answered_correctly": "answered correctly", "abstain_precision": "abstention precision",
    "abstain_recall": "abstention recall", "false_abstain_rate": "false-abstain rate",
    "coverage": "coverage (share answered)", "selective_risk": "risk of the answered",
    "auroc": "answerability AUROC", "aurc": "AURC (lower is better)", "aurc_optimal": "AURC of a perfect confidence",
    "highlight_em": "highlight exact match", "highlight_f1": "highlight token F1",
    "highlight_contains": "highlight contains gold", "latency_p50_ms": "latency median (ms)",
    "latency_p95_ms": "latency p95 (ms)", "n": "questions",
}
OVER = {"hit@1": "n_answerable", "hit@3": "n_answerable", "mrr@5": "n_answerable", "ndcg@5": "n_answerable",
        "false_abstain_rate": "n_answerable", "abstain_recall": "n_unanswerable", "abstain_precision": "n_abstained",
        "selective_risk": "n_answered",
        "highlight_em": "n_with_answer", "highlight_f1": "n_with_answer", "highlight_contains": "n_with_answer"}
HEADLINE_ROWS = ("hit@1", "hit@3", "mrr@5", "ndcg@5", "answered_correctly", "abstain_precision", "abstain_recall",
                 "false_abstain_rate", "coverage", "selective_risk", "auroc", "aurc", "aurc_optimal",
                 "highlight_em", "highlight_f1", "highlight_contains", "latency_p50_ms", "latency_p95_ms")
SLICE_ROWS = ("n", "hit@1", "hit@3", "mrr@5", "ndcg@5", "answered_correctly", "abstain_precision",
              "abstain_recall", "false_abstain_rate", "auroc", "aurc", "highlight_em", "highlight_f1",
              "highlight_contains")


def report_paths(report: str | Path) -> dict[str, Path]:
    """Where the report's files go: ``{"markdown", "json", "risk_coverage", "slices"}``."""
    md = Path(report)
    return {"markdown": md, "json": md.with_suffix(".json"),
            "risk_coverage": md.with_name(f"{md.stem}-risk-coverage.png"),
            "slices": md.with_name(f"{md.stem}-slices.png")}


def write_report(doc: dict, report: str | Path) -> dict[str, Path]:
    """Write the Markdown report, the JSON document and both figures.

    Args:
        doc: from :func:`evals.scorecard.build_document`.
        report: the Markdown file (its folder is created).
    Returns:
        :func:`report_paths` of ``report``.
    """
    paths = report_paths(report)
    paths["markdown"].parent.mkdir(parents=True, exist_ok=True)
    plot_risk_coverage(doc, paths["risk_coverage"])
    plot_slices(doc, paths["slices"])
    paths["json"].write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    paths["markdown"].write_text(render_markdown(doc, {k: p.name for k, p in paths.items()}), encoding="utf-8")
    return paths


# ---------------------------------------------------------------------- cells
def fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def cell(doc: dict, label: str, metric: str, *, with_ci: bool = True, with_p: bool = True) -> str:
    """One table cell: the value, its 95% CI and (for non-base configurations) the p-value."""
    m = doc["metrics"][label]
    text = fmt(m["overall"].get(metric))
    ci = m["ci95"].get(metric)
    if with_ci and ci:
        text += f" [{ci[0]:.2f}, {ci[1]:.2f}]"
    test = doc["comparisons"].get(label, {}).get(metric)
    if with_p and test and test.get("p_value") is not None:
        text += f" (p{'' if test['p_value'] < 0.001 else '='}{_p(test['p_value'])})"
    return text


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], align: str = "---:") -> list[str]:
    return [_row(header), _row(["---"] + [align] * (len(header) - 1)), *(_row(r) for r in rows)]


# ---------------------------------------------------------------------- markdown
def render_markdown(doc: dict, files: dict[str, str] | None = None) -> str:
    """The whole report as Markdown (``files`` names the figures to embed)."""
    files = files or {}
    labels = list(doc["metrics"])
    base = doc["base"]
    out = [f"# Evaluation: {', '.join(Path(s['path']).name for s in doc['question_sets']) or 'questions'}", ""]
    out += _preamble(doc)
    out += ["", "## Headline", ""]
    if len(labels) == 1:
        m = doc["metrics"][base]
        rows = [[NAMES[k], fmt(m["overall"].get(k)), _ci(m["ci95"].get(k)), fmt(m["overall"].get(OVER.get(k, "n"))),
                 fmt(m["always_abstain"].get(k)) if k in m["always_abstain"] else ""] for k in HEADLINE_ROWS]
        out += _table(["metric", "value", "95% CI", "over n", "always-abstain baseline"], rows)
    else:
        rows = [[NAMES[k]] + [cell(doc, label, k) for label in labels] for k in HEADLINE_ROWS]
        out += _table(["metric"] + [f"{label}{' (base)' if label == base else ''}" for label in labels], rows)
        out += ["", "Cells: value [95% CI] (p-value against the base). Paired tests on the same questions: "
                + "; ".join(f"{NAMES[k]}: {t}" for k, t in doc["settings"]["paired_tests"].items()) + "."]
        out += ["", "Always-abstain baseline: " + _baseline(doc["metrics"][base]["always_abstain"]) + "."]
    out += ["", "## By slice", "",
            "Slices: by the question's language, answerable / unanswerable, follow-ups (non-empty history), and "
            f"factoid: answerable questions of type {', '.join(FACTOID_TYPES)} (the short answer is a number, a "
            "date, a name, a place or one of a named set)."]
    for label in labels:
        slices = doc["metrics"][label]["slices"]
        if len(labels) > 1:
            out += ["", f"### {label}"]
        out += [""] + _table(["metric"] + list(slices),
                             [[NAMES[k]] + [fmt(s.get(k)) for s in slices.values()] for k in SLICE_ROWS])
    if "slices" in files:
        out += ["", f"![per-slice metrics]({files['slices']})"]
    out += ["", "## By question type", ""]
    types = doc["metrics"][base]["by_type"]
    suffix = f" {base}" if len(labels) > 1 else ""
    out += _table(["type", "answerable"] + [f"hit@1 {label}" if len(labels) > 1 else "hit@1" for label in labels]
                  + ["answered correctly" + suffix, "with a gold answer", "highlight contains gold" + suffix],
                  [[t, str(v["n_answerable"])] + [fmt(doc["metrics"][label]["by_type"].get(t, {}).get("hit@1"))
                                                  for label in labels]
                   + [fmt(v["answered_correctly"]), fmt(v.get("n_with_answer")), fmt(v.get("highlight_contains"))]
                   for t, v in types.items()])
    out += ["", "## Confidence and abstention", "",
            "Risk-coverage: answer the most confident questions first; risk is the share of the answered "
            "ones that are wrong (an unanswerable question answered, or a first citation without the "
            "evidence). AURC is the mean risk over all coverages; ties in confidence count at their "
            "expected risk. Answerability AUROC uses the confidence as a score for 'the article answers'."]
    if "risk_coverage" in files:
        out += ["", f"![risk-coverage curve]({files['risk_coverage']})"]
    out += ["", "## Questions answered wrongly"]
    for label in labels:
        out += _wrong_section(doc, label, collapsed=len(labels) > 1)
    return "\n".join(out).rstrip() + "\n"


def _ci(ci) -> str:
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""


def _baseline(b: dict) -> str:
    return ", ".join(f"{NAMES[k]} {fmt(v)}" for k, v in b.items())


def _preamble(doc: dict) -> list[str]:
    s = doc["settings"]
    sets = "; ".join(f"`{q['path']}` ({q['questions']} questions, sha256 {q['sha256'][:12]})"
                     for q in doc["question_sets"])
    configs = "; ".join(f"**{c['name']}**: retriever {c['retriever']}, model {c['model_id'] or 'none'}"
                        + (f", confidence {c['calibration']}" if c.get("calibration") else "")
                        + (f", abstains below {c['threshold']:.3f}" if c.get("threshold") is not None else "")
                        + (f", results `{c['results']}`" if c.get("results") else "") for c in doc["configs"])
    lines = [f"- created: {doc['created']}", f"- questions: {doc['n_questions']} from {sets or 'n/a'}",
             f"- configurations: {configs} (base: {doc['base']})",
             f"- ranked citations per question: {s['top_k']} (the answer's own first, then the other candidates)",
             f"- intervals: {int(s['ci_level'] * 100)}% {s['ci_method']}, {s['resamples']} resamples, seed {s['seed']}"]
    if doc.get("command"):
        lines.insert(1, f"- command: `{doc['command']}`")
    return lines


def _quote(text: str, limit: int = 320) -> str:
    text = " ".join(str(text).split())
    return "\u201c" + (text if len(text) <= limit else text[:limit - 1] + "\u2026") + "\u201d"


def _wrong_section(doc: dict, label: str, collapsed: bool) -> list[str]:
    wrong = doc["wrong"][label]
    title = f"{label}: {len(wrong)} of {doc['n_questions']} not answered correctly"
    out = ["", f"<details><summary>{title}</summary>" if collapsed else f"### {title}", ""]
    for n, w in enumerate(wrong, 1):
        tags = ", ".join(x for x in (w.get("lang"), w.get("type"), "follow-up" if w["history"] else None) if x)
        out.append(f"{n}. **{w['id']}** ({tags}): {w['why']} (confidence {fmt(w['confidence'])})")
        after = f" (after {', '.join(_quote(h, 120) for h in w['history'])})" if w["history"] else ""
        out.append(f"   - question: {_quote(w['question'])}{after}")
        if w["answerable"]:
            gold = "; ".join(_quote(e, 120) for e in w["evidence"])
            out.append(f"   - gold evidence: {gold}" + (f"; answer {_quote(w['answer'], 120)}" if w["answer"] else ""))
        else:
            out.append("   - gold: the article does not answer this")
        for c in w["cited"]:
            role = "cited" if c["own"] else "top candidate (not cited)"
            mark = "contains the evidence" if c["correct"] else "no evidence"
            out.append(f"   - {role}, sentence_id {c['sentence_id']} ({mark}): {_quote(c['text'])}")
        if w.get("highlight"):
            out.append(f"   - highlight: {_quote(w['highlight'], 120)}")
    if not wrong:
        out.append("None.")
    if collapsed:
        out += ["", "</details>"]
    return out


# ---------------------------------------------------------------------- terminal
def render_summary(doc: dict) -> str:
    """A plain-text table for the terminal: headline metrics, configurations side by side."""
    labels = list(doc["metrics"])
    rows = [["metric"] + labels] + [[NAMES[k]] + [cell(doc, label, k) for label in labels] for k in HEADLINE_ROWS]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"{doc['n_questions']} questions; base {doc['base']}; 95% CI by percentile bootstrap "
             f"({doc['settings']['resamples']} resamples)"]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    wrong = ", ".join(f"{label}: {len(doc['wrong'][label])}" for label in labels)
    lines.append(f"not answered correctly: {wrong}")
    return "\n".join(lines)
