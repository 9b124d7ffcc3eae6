"""Per-question outcomes and the metrics over any subset of questions. Pure functions on result
records (see :mod:`evals.runner`): no model, so they are tested on hand-made records.

Definitions (a *correct citation* contains an evidence string, case and whitespace normalized):

- hit@1, hit@3, MRR@5, nDCG@5: over answerable questions, on the ranked citations, also when the
  assistant abstained (ranx; see :mod:`evals.ranking`).
- answered correctly: not abstained and the first citation correct, or abstained on an
  unanswerable question.
- abstention precision / recall: abstaining is the positive class, unanswerable the truth;
  false-abstain rate: share of answerable questions abstained on.
- AUROC: the confidence as a score for "answerable"; AURC: area under the risk-coverage curve,
  where answering is wrong for an unanswerable question or a first citation without evidence.
- highlight EM / token F1 / contains-gold: answerable questions with a gold ``answer``; an
  abstention or a missing highlight is a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .ranking import ranking_scores
from .selective import aurc, auroc, optimal_aurc
from .text import contains_gold, exact_match, token_f1

# Question types whose answer is a short phrase of a recognizable kind (a number, a date, a name, a
# place, one of a named set): the questions issue 4's highlight target ("factoid") is measured on.
FACTOID_TYPES = ("how_many", "when", "who", "where", "which")

HEADLINE = ("hit@1", "hit@3", "mrr@5", "ndcg@5", "answered_correctly", "abstain_precision", "abstain_recall",
            "false_abstain_rate", "auroc", "aurc", "highlight_em", "highlight_f1", "highlight_contains")


@dataclass(frozen=True)
class Outcomes:
    """Per-question arrays (all of the same length, in record order).

    Ranking and highlight scores are ``nan`` where they do not apply (unanswerable questions;
    questions without a gold ``answer``).
    """

    ids: list[str]
    lang: np.ndarray
    type: np.ndarray
    follow_up: np.ndarray
    answerable: np.ndarray
    abstained: np.ndarray
    confidence: np.ndarray
    hit1: np.ndarray
    hit3: np.ndarray
    mrr5: np.ndarray
    ndcg5: np.ndarray
    correct: np.ndarray
    em: np.ndarray
    f1: np.ndarray
    contains: np.ndarray
    latency: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def first_correct(self) -> np.ndarray:
        """The first ranked citation contains the evidence (False for unanswerable questions)."""
        return self.answerable & (np.nan_to_num(self.hit1) == 1.0)

    @property
    def loss(self) -> np.ndarray:
        """1.0 where answering (citing the first ranked sentence) would be wrong."""
        return (~self.first_correct).astype(np.float64)


def outcomes(records: Sequence[dict]) -> Outcomes:
    """Score every record.

    Args:
        records: result records with ``answerable``, ``abstained``, ``confidence``, ``citations``,
            ``highlight``, ``latency_ms``, ``lang``, ``type``, ``follow_up`` and ``gold``.
    Returns:
        The :class:`Outcomes` of the records.
    """
    ranks = ranking_scores(records)
    answerable = np.array([bool(r.get("answerable")) for r in records], dtype=bool)
    abstained = np.array([bool(r.get("abstained")) for r in records], dtype=bool)
    first = answerable & (np.nan_to_num(ranks["hit@1"]) == 1.0)
    em, f1, contains = (np.full(len(records), np.nan) for _ in range(3))
    for i, r in enumerate(records):
        gold = (r.get("gold") or {}).get("answer")
        if answerable[i] and gold:
            highlight = None if abstained[i] else r.get("highlight")
            em[i], f1[i], contains[i] = exact_match(highlight, gold), token_f1(highlight, gold), \
                contains_gold(highlight, gold)
    return Outcomes(
        ids=[str(r["id"]) for r in records],
        lang=np.array([str(r.get("lang") or "?") for r in records], dtype=object),
        type=np.array([str(r.get("type") or "untyped") for r in records], dtype=object),
        follow_up=np.array([bool(r.get("follow_up") or r.get("history")) for r in records], dtype=bool),
        answerable=answerable, abstained=abstained,
        confidence=np.array([float(r.get("confidence") or 0.0) for r in records], dtype=np.float64),
        hit1=ranks["hit@1"], hit3=ranks["hit@3"], mrr5=ranks["mrr@5"], ndcg5=ranks["ndcg@5"],
        correct=np.where(abstained, ~answerable, first),
        em=em, f1=f1, contains=contains,
        latency=np.array([float(r.get("latency_ms") or 0.0) for r in records], dtype=np.float64))


def _mean(x: np.ndarray) -> float | None:
    x = x[~np.isnan(x)] if x.dtype.kind == "f" else x
    return float(x.mean()) if len(x) else None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def summarize(o: Outcomes, idx: np.ndarray | None = None) -> dict[str, float | int | None]:
    """Every metric over the questions ``idx`` (default: all; repeats allowed, as in a bootstrap).

    Returns:
        ``{"n", "n_answerable", "n_unanswerable", "n_abstained", "n_answered", "hit@1", "hit@3", "mrr@5",
        "ndcg@5", "answered_correctly", "abstain_precision", "abstain_recall",
        "false_abstain_rate", "coverage", "selective_risk", "auroc", "aurc", "aurc_optimal",
        "n_with_answer", "highlight_em", "highlight_f1", "highlight_contains", "latency_p50_ms",
        "latency_p95_ms"}``; a metric with nothing to average over is ``None``.
    """
    idx = np.arange(len(o)) if idx is None else np.asarray(idx, dtype=int)
    ans, abst = o.answerable[idx], o.abstained[idx]
    n, n_ans = len(idx), int(ans.sum())
    true_abstain, false_abstain = int((abst & ~ans).sum()), int((abst & ans).sum())
    loss, answered = o.loss[idx], ~abst
    latency = o.latency[idx]
    return {
        "n": n, "n_answerable": n_ans, "n_unanswerable": n - n_ans, "n_abstained": int(abst.sum()),
        "n_answered": int(answered.sum()),
        "hit@1": _mean(o.hit1[idx][ans]), "hit@3": _mean(o.hit3[idx][ans]),
        "mrr@5": _mean(o.mrr5[idx][ans]), "ndcg@5": _mean(o.ndcg5[idx][ans]),
        "answered_correctly": _mean(o.correct[idx].astype(np.float64)),
        "abstain_precision": _ratio(true_abstain, true_abstain + false_abstain),
        "abstain_recall": _ratio(true_abstain, n - n_ans),
        "false_abstain_rate": _ratio(false_abstain, n_ans),
        "coverage": _mean(answered.astype(np.float64)),
        "selective_risk": _mean(loss[answered]),
        "auroc": auroc(o.confidence[idx], ans),
        "aurc": aurc(o.confidence[idx], loss),
        "aurc_optimal": optimal_aurc(loss),
        "n_with_answer": int((~np.isnan(o.em[idx])).sum()),
        "highlight_em": _mean(o.em[idx]), "highlight_f1": _mean(o.f1[idx]),
        "highlight_contains": _mean(o.contains[idx]),
        "latency_p50_ms": float(np.percentile(latency, 50)) if n else None,
        "latency_p95_ms": float(np.percentile(latency, 95)) if n else None,
    }


def always_abstain(o: Outcomes, idx: np.ndarray | None = None) -> dict[str, float | None]:
    """The baseline that abstains on everything: its precision is the share of unanswerable
    questions, its recall 1, its false-abstain rate 1, and it answers correctly exactly the
    unanswerable ones."""
    idx = np.arange(len(o)) if idx is None else np.asarray(idx, dtype=int)
    n, n_un = len(idx), int((~o.answerable[idx]).sum())
    return {"abstain_precision": _ratio(n_un, n), "abstain_recall": 1.0 if n_un else None,
            "false_abstain_rate": 1.0 if n - n_un else None, "answered_correctly": _ratio(n_un, n),
            "coverage": 0.0}


def slice_indices(o: Outcomes) -> dict[str, np.ndarray]:
    """Named subsets: ``all``, ``lang=<code>`` per language (first-seen order), ``answerable``,
    ``unanswerable``, ``follow_up`` (non-empty history), ``factoid`` (answerable questions of a
    :data:`FACTOID_TYPES` type). Empty slices are left out."""
    everything = np.arange(len(o))
    slices = {"all": everything}
    for lang in dict.fromkeys(o.lang.tolist()):
        slices[f"lang={lang}"] = everything[o.lang == lang]
    slices["answerable"] = everything[o.answerable]
    slices["unanswerable"] = everything[~o.answerable]
    slices["follow_up"] = everything[o.follow_up]
    slices["factoid"] = everything[o.answerable & np.isin(o.type, FACTOID_TYPES)]
    return {name: idx for name, idx in slices.items() if len(idx)}


def by_type(o: Outcomes) -> dict[str, dict[str, float | int | None]]:
    """Per question type (the set's ``type`` field): ``{"n", "n_answerable", "hit@1",
    "answered_correctly", "n_with_answer", "highlight_contains"}``, types in order of frequency."""
    out = {}
    for qtype in sorted(set(o.type.tolist()), key=lambda t: (-int((o.type == t).sum()), t)):
        mask = o.type == qtype
        out[qtype] = {"n": int(mask.sum()), "n_answerable": int((mask & o.answerable).sum()),
                      "hit@1": _mean(o.hit1[mask & o.answerable]),
                      "answered_correctly": _mean(o.correct[mask].astype(np.float64)),
                      "n_with_answer": int((~np.isnan(o.contains[mask])).sum()),
                      "highlight_contains": _mean(o.contains[mask])}
    return out
