"""Everything measured about one or more configurations answering the same questions: the JSON
document that ``article-qa eval --json`` prints, ``REPORT.json`` holds and the Markdown report
renders. Top-level keys: ``schema``, ``created``, ``question_sets``, ``n_questions``,
``settings``, ``base``, ``configs``, ``metrics``, ``comparisons``, ``wrong``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .configs import RunConfig
from .datasets import Question
from .metrics import HEADLINE, Outcomes, always_abstain, by_type, outcomes, slice_indices, summarize
from .selective import risk_coverage
from .stats import DEFAULT_RESAMPLES, DEFAULT_SEED, bootstrap_intervals, mcnemar_exact, paired_bootstrap
from .text import contains_evidence

SCHEMA = "article-qa-eval/1"
MCNEMAR = "exact McNemar (two-sided binomial on discordant questions)"
BOOTSTRAP = "paired bootstrap (two-sided, centred, question resamples)"
PAIRED_TESTS = {"hit@1": MCNEMAR, "answered_correctly": MCNEMAR, "mrr@5": BOOTSTRAP, "ndcg@5": BOOTSTRAP,
                "highlight_f1": BOOTSTRAP}


@dataclass
class ConfigRun:
    """One configuration's result records (and what actually served them)."""

    config: RunConfig
    records: list[dict]
    model_id: str | None = None
    results_path: str | None = None
    calibration: str | None = None          # where the confidence rule came from (fitted or hand-set)
    threshold: float | None = None          # the abstention threshold in use
    outcomes: Outcomes | None = field(default=None, repr=False)

    def scored(self) -> Outcomes:
        if self.outcomes is None:
            self.outcomes = outcomes(self.records)
        return self.outcomes


def score(o: Outcomes, *, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> dict:
    """All metrics of one configuration.

    Returns:
        ``{"overall": summarize(all), "ci95": {metric: [lo, hi] or None} (headline metrics),
        "always_abstain": baseline, "slices": {name: summarize(slice)}, "by_type": {...},
        "risk_coverage": {"coverage": [...], "risk": [...]}}``.
    """
    ci = bootstrap_intervals(lambda idx: summarize(o, idx), len(o), HEADLINE, resamples=resamples, seed=seed)
    coverage, risk = risk_coverage(o.confidence, o.loss)
    return {"overall": summarize(o), "ci95": {k: list(v) if v else None for k, v in ci.items()},
            "always_abstain": always_abstain(o),
            "slices": {name: summarize(o, idx) for name, idx in slice_indices(o).items()},
            "by_type": by_type(o),
            "risk_coverage": {"coverage": coverage.tolist(), "risk": risk.tolist()}}


def compare(base: Outcomes, other: Outcomes, *, resamples: int = DEFAULT_RESAMPLES,
            seed: int = DEFAULT_SEED) -> dict[str, dict]:
    """Paired tests of ``other`` against ``base`` on the same questions (see :data:`PAIRED_TESTS`).

    Returns:
        ``{metric: {"base", "value", "diff", "p_value", "test", ...}}``; McNemar entries add
        ``base_only``/``other_only`` (discordant question counts).
    Raises:
        ValueError: the two did not answer the same questions in the same order.
    """
    if base.ids != other.ids:
        raise ValueError("configurations must be compared on the same questions in the same order")
    ans = base.answerable
    out: dict[str, dict] = {}
    pairs = {"hit@1": (base.hit1[ans] == 1.0, other.hit1[ans] == 1.0),
             "answered_correctly": (base.correct, other.correct)}
    for name, (a, b) in pairs.items():
        test = mcnemar_exact(a, b)
        out[name] = {"base": _mean(a), "value": _mean(b), "diff": _mean(b) - _mean(a), **test, "test": MCNEMAR}
    has_answer = ~np.isnan(base.f1)
    continuous = {"mrr@5": (base.mrr5[ans], other.mrr5[ans]), "ndcg@5": (base.ndcg5[ans], other.ndcg5[ans]),
                  "highlight_f1": (base.f1[has_answer], other.f1[has_answer])}
    for name, (a, b) in continuous.items():
        test = paired_bootstrap(a, b, resamples=resamples, seed=seed)
        out[name] = {"base": _mean(a), "value": _mean(b), **test, "test": BOOTSTRAP}
    return out


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if len(x) else math.nan


def annotate(records: Sequence[dict], o: Outcomes) -> None:
    """Add each question's verdict to its record: ``correct`` (answered correctly) and
    ``first_citation_correct`` (the first ranked citation contains the evidence)."""
    for record, correct, first in zip(records, o.correct, o.first_correct, strict=True):
        record["correct"] = bool(correct)
        record["first_citation_correct"] = bool(first)


def wrong_answers(records: Sequence[dict], o: Outcomes) -> list[dict]:
    """The questions not answered correctly, each with what was cited and the gold.

    ``cited`` holds the answer's own citations, or (after an abstention) the top-ranked
    candidate, each flagged ``correct`` when it contains the evidence.
    """
    out = []
    for record, ok in zip(records, o.correct, strict=True):
        if ok:
            continue
        gold = record.get("gold") or {}
        abstained = bool(record.get("abstained"))
        n_cited = int(record.get("n_cited", 0 if abstained else 1))
        shown = (record.get("citations") or [])[:max(1, n_cited)]
        if abstained:
            why = "abstained on an answerable question"
        elif not record.get("answerable"):
            why = "answered an unanswerable question"
        else:
            why = "the first citation does not contain the evidence"
        out.append({
            "id": record["id"], "question": record["question"], "history": record.get("history") or [],
            "lang": record.get("lang"), "type": record.get("type"), "why": why,
            "answerable": bool(record.get("answerable")), "evidence": gold.get("evidence") or [],
            "answer": gold.get("answer"), "abstained": abstained, "confidence": record.get("confidence"),
            "highlight": None if abstained else record.get("highlight"),
            "cited": [{"sentence_id": c["sentence_id"], "text": c["text"], "own": not abstained,
                       "correct": contains_evidence(c["text"], gold.get("evidence") or [])} for c in shown],
        })
    return out


def question_sets(paths: Sequence[str | Path], questions: Sequence[Question]) -> list[dict]:
    """``[{"path", "sha256", "questions"}]`` for each question-set file, so a report names its data."""
    counts: dict[str, int] = {}
    for q in questions:
        counts[q.source] = counts.get(q.source, 0) + 1
    return [{"path": str(p), "sha256": hashlib.sha256(Path(p).read_bytes()).hexdigest(),
             "questions": counts.get(str(p), 0)} for p in paths]


def build_document(runs: Sequence[ConfigRun], *, sets: Sequence[dict] = (), top_k: int = 5,
                   resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED, command: str | None = None) -> dict:
    """The metrics JSON of a run: the first of ``runs`` is the base configuration.

    Returns:
        ``{"schema", "created", "command", "question_sets", "n_questions", "settings", "base",
        "configs", "metrics": {label: score(...)}, "comparisons": {label: compare(base, it)},
        "wrong": {label: wrong_answers(...)}}`` with floats rounded to 4 decimals.
    """
    if not runs:
        raise ValueError("no configuration was run")
    base = runs[0]
    doc = {
        "schema": SCHEMA,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "question_sets": list(sets),
        "n_questions": len(base.records),
        "settings": {"top_k": top_k, "resamples": resamples, "seed": seed, "ci_level": 0.95,
                     "ci_method": "percentile bootstrap over questions", "paired_tests": PAIRED_TESTS},
        "base": base.config.label,
        "configs": [{"name": r.config.label, "model": None if r.config.retriever == "lexical" else r.config.model,
                     "model_id": r.model_id, "retriever": r.config.retriever, "results": r.results_path,
                     "calibration": r.calibration, "threshold": r.threshold}
                    for r in runs],
        "metrics": {r.config.label: score(r.scored(), resamples=resamples, seed=seed) for r in runs},
        "comparisons": {r.config.label: compare(base.scored(), r.scored(), resamples=resamples, seed=seed)
                        for r in runs[1:]},
        "wrong": {r.config.label: wrong_answers(r.records, r.scored()) for r in runs},
    }
    return rounded(doc)


def rounded(obj, digits: int = 4):
    """A copy of a JSON-like value with floats rounded (to ``digits`` decimals, or significant
    digits when tiny) and ``nan``/``inf`` turned into ``None``: ``rounded([0.123456, 2.5e-7])`` is
    ``[0.1235, 2.5e-07]``."""
    if isinstance(obj, dict):
        return {k: rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [rounded(v, digits) for v in obj]
    if isinstance(obj, (float, np.floating)):
        if not math.isfinite(obj):
            return None
        # keep small values (p-values) readable: 4 significant digits below 10^-digits
        return float(f"{obj:.{digits}g}") if 0 < abs(obj) < 10 ** -(digits - 1) else round(float(obj), digits)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj
