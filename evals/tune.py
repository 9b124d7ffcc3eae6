"""Fitting what the assistant learns from the dev questions: the hybrid ranker's weights and the
confidence calibration with its abstention threshold. Tuning reads dev only; test is for
reporting.

The ranker is fitted first (listwise, on answerable questions), then the calibration on every
question's confidence signals under that ranker. Follow-ups use the previous turn's citations
as a feature, which depend on the ranker, so the ranker is fitted twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant import Assistant
from assistant.confidence import FEATURES as SIGNALS
from assistant.confidence import MONOTONE, Calibration, choose_threshold, fit_logistic
from assistant.questions import is_follow_up
from assistant.rerank import RANKED, Ranker, fit_ranker
from index.search import Retriever

from .datasets import Question
from .text import contains_evidence

log = logging.getLogger("article_qa.tune")


@dataclass
class Tuned:
    """What tuning produced, and on what."""

    ranker: Ranker | None
    calibration: Calibration
    n_questions: int
    n_ranker_questions: int
    # hit@1 of the ranker on questions whose answer sentence its fit never saw (folds grouped by
    # answer sentence): what a reader's new question about another part of the article meets
    ranker_grouped_hit1: float | None = None


def _ranker_data(bot: Assistant, questions: Sequence[Question]
                 ) -> tuple[list[np.ndarray], list[np.ndarray], list[int]]:
    """Per answerable question: its candidates' feature table, which of them answer, and the id of
    its first answering sentence (the group for :func:`grouped_hit1`)."""
    tables, relevant, groups = [], [], []
    for q in questions:
        if not q.answerable:
            continue
        ranked = bot.rank(q.question, list(q.history), q.article_id)
        labels = np.array([contains_evidence(bot.index.sentences[h.id].text, q.evidence) for h in ranked.hits],
                          dtype=float)
        if labels.any():
            tables.append(ranked.table)
            relevant.append(labels)
            groups.append(min(h.id for h, on in zip(ranked.hits, labels, strict=True) if on))
    return tables, relevant, groups


def grouped_hit1(tables: Sequence[np.ndarray], relevant: Sequence[np.ndarray], groups: Sequence[int], *,
                 features: Sequence[str] = RANKED, l2: float = 1.0, folds: int = 6, seed: int = 0) -> float:
    """Hit@1 of rankers fitted with folds grouped by answer sentence: each question is ranked by a
    fit that saw no question answered by the same sentence. Stricter than plain cross-validation,
    where paraphrases of a question sit on both sides; this is how the ranker's columns were chosen.

    Example: with 18 answer sentences and 6 folds, each fit leaves out the questions of 3 sentences.
    """
    labels = np.asarray(groups)
    order = np.random.default_rng(seed).permutation(np.unique(labels))
    hits = []
    for part in np.array_split(order, min(folds, len(order))):
        held = np.isin(labels, part)
        if held.all() or not held.any():
            continue
        train = np.flatnonzero(~held)
        ranker = fit_ranker([tables[i] for i in train], [relevant[i] for i in train], l2=l2, features=features)
        hits += [bool(relevant[i][int(np.argmax(ranker.score(tables[i])))]) for i in np.flatnonzero(held)]
    return float(np.mean(hits)) if hits else float("nan")


def out_of_fold_confidence(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, nonnegative: np.ndarray | None = None,
                           folds: int = 5, seed: int = 0) -> np.ndarray:
    """Each row's confidence from a logistic model fitted on the other folds (stratified by label).

    Example: with 5 folds, every question's confidence comes from a model fitted on the other 80%.
    """
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(y), dtype=int)
    for label in (0.0, 1.0):
        rows = rng.permutation(np.flatnonzero(y == label))
        fold_of[rows] = np.arange(len(rows)) % folds
    confidence = np.empty(len(y), dtype=float)
    for k in range(folds):
        held = fold_of == k
        if not held.any():
            continue
        train = ~held
        if len(np.unique(y[train])) < 2:            # too few questions to hold any out
            train = np.ones(len(y), dtype=bool)
        w, b = fit_logistic(x[train], y[train], l2=l2, nonnegative=nonnegative)
        confidence[held] = 1.0 / (1.0 + np.exp(-np.clip(x[held] @ w + b, -60, 60)))
    return confidence


OWN_WEIGHTS = tuple(round(0.1 * i, 1) for i in range(11))


def choose_own_weight(bot: Assistant, ranker: Ranker, questions: Sequence[Question]) -> float:
    """How much a follow-up's own words count beside the earlier question (``Ranker.own_weight``):
    the weight of :data:`OWN_WEIGHTS` with the best hit@1 on the answerable follow-ups among
    ``questions``; of equally good weights, the middle one (0 when there are no follow-ups)."""
    follow_ups = [q for q in questions if q.answerable and q.history and is_follow_up(q.question)]
    if not follow_ups:
        return 0.0
    hit1 = []
    for weight in OWN_WEIGHTS:
        bot.use(ranker=replace(ranker, own_weight=weight))
        hit1.append(np.mean([_first_correct(bot, q) for q in follow_ups]))
    best = [w for w, h in zip(OWN_WEIGHTS, hit1, strict=True) if h == max(hit1)]
    chosen = best[len(best) // 2]
    log.info("follow-ups' own words weigh %.1f (hit@1 on %d dev follow-ups: %s)", chosen, len(follow_ups),
             ", ".join(f"{w:.1f}: {h:.2f}" for w, h in zip(OWN_WEIGHTS, hit1, strict=True)))
    return chosen


def _first_correct(bot: Assistant, q: Question) -> bool:
    ranked = bot.rank(q.question, list(q.history), q.article_id, k=1)
    return bool(ranked.hits) and contains_evidence(bot.index.sentences[ranked.hits[0].id].text, q.evidence)


def tune(bot: Assistant, questions: Sequence[Question], *, source: str, l2: float = 1.0,
         max_false_abstain: float = 0.03) -> Tuned:
    """Fit the ranker (hybrid retrieval only) and the calibration on ``questions``, and install
    them in ``bot``.

    Args:
        source: a label saved with the fit (e.g. ``"evals/questions/dev.jsonl (139 questions)"``).
        l2: ridge penalty of both logistic models.
        max_false_abstain: the share of answerable dev questions the threshold may abstain on.
    """
    ranker = None
    n_ranker = 0
    grouped = None
    if bot.config.retriever is Retriever.HYBRID and bot.embedder is not None:
        for _round in range(2):
            tables, relevant, groups = _ranker_data(bot, questions)
            ranker = fit_ranker(tables, relevant, l2=l2, features=RANKED, source=source)
            bot.use(ranker=ranker)
        n_ranker = len(tables)
        grouped = grouped_hit1(tables, relevant, groups, l2=l2)
        log.info("ranker fitted on %d answerable questions: %s; hit@1 with folds grouped by answer sentence "
                 "%.3f", n_ranker, ", ".join(f"{f}={w:+.2f}" for f, w in zip(ranker.features, ranker.weights,
                                                                              strict=True)), grouped)
        ranker = replace(ranker, own_weight=choose_own_weight(bot, ranker, questions))
        bot.use(ranker=ranker)
    signals = []
    for q in questions:
        answer = bot.ask(q.question, list(q.history), q.article_id)
        signals.append([answer.signals.get(f, 0.0) for f in SIGNALS])
    x = np.asarray(signals, dtype=float)
    y = np.array([q.answerable for q in questions], dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    standardized = (x - mean) / scale
    nonnegative = np.array([f in MONOTONE for f in SIGNALS])
    w, b = fit_logistic(standardized, y, l2=l2, nonnegative=nonnegative)
    # fold the standardization into the weights so the stored model works on raw signals
    weights = {f: float(wi / si) for f, wi, si in zip(SIGNALS, w, scale, strict=True)}
    bias = float(b - np.sum(w * mean / scale))
    # The threshold is chosen on out-of-fold confidences: each question scored by a model that did
    # not see it, as questions will be after tuning. A threshold chosen on the model's own training
    # questions abstains on fewer answerable dev questions than it will on new ones.
    confidence = out_of_fold_confidence(standardized, y, l2=l2, nonnegative=nonnegative)
    threshold = choose_threshold(confidence, y, max_false_abstain)
    stats = {"questions": len(questions), "answerable": int(y.sum()),
             "dev_abstain_recall": float(np.mean(confidence[y == 0] < threshold)) if (y == 0).any() else None,
             "dev_false_abstain": float(np.mean(confidence[y == 1] < threshold)) if (y == 1).any() else None,
             "max_false_abstain": max_false_abstain, "threshold_from": "out-of-fold confidences, 5 folds"}
    calibration = Calibration(weights, bias, threshold, source, stats)
    bot.use(calibration=calibration)
    log.info("calibration: threshold %.3f; on dev (out of fold) %.0f%% of unanswerable abstained, "
             "%.0f%% of answerable wrongly abstained", threshold, 100 * (stats["dev_abstain_recall"] or 0),
             100 * (stats["dev_false_abstain"] or 0))
    return Tuned(ranker, calibration, len(questions), n_ranker, grouped)
