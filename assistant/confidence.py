"""How sure the assistant is that the article answers: features of the ranked candidates mapped
to a probability by a logistic model, and the threshold below which it abstains.

The weights and threshold are fitted on the dev questions (``article-qa tune``), saved with the
index manifest, and shipped per model in ``assistant/calibration.json`` so a fresh install serves
what the evaluation chose. Fitting is plain numpy (Newton's method), testable without a model.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.lexical import analyze

SHIPPED = Path(__file__).resolve().parent / "calibration.json"
FEATURES = ("top_score", "margin", "dense_top", "maxsim_top", "coverage", "type_match", "is_en",
            "word_min_top", "word_min_article", "background_margin", "type_found", "list_found",
            "word_min_background")
# Signals that can only make an answer more likely (their weight is kept >= 0); is_en is free.
MONOTONE = frozenset(FEATURES) - {"is_en"}


def features(ranked, question: str, sentence_text: str, type_match: float, lang: str, *,
             list_items: int = 0) -> dict[str, float]:
    """The evidence that the top candidate answers the question.

    Args:
        ranked: the ranked candidates (``assistant.retrieval.Ranked``, best first).
        sentence_text: the text of the top candidate.
        type_match: 1.0 when the top sentence holds the kind of phrase the question asks for
            (a number for "berapa", a date for "kapan", ...), 0.5 when the type has no such
            phrase (why/how/list), else 0.0.
        list_items: for a question asking for a list, how many sentences of an enumerated list
            of the article the answer would cite (0 otherwise).
    Returns:
        A dict with the keys in :data:`FEATURES`. ``type_found`` is 0.0 only when the question asks
        for a number, date, name or place and the top sentence holds none ("Berapa anggarannya?"
        answered by a sentence without an amount): a linear ``type_match`` weight cannot single
        that case out from the untyped questions' 0.5. ``list_found`` is 1.0 when a question
        asking for a list ("Apa saja rekomendasinya?") meets a list the article enumerates: short
        and generic as such questions are, that structure is their best evidence.
    """
    hits = ranked.hits
    scores = [h.score for h in hits]
    dense = [h.dense for h in hits if not math.isnan(h.dense)]
    q_terms = set(analyze(question))
    s_terms = set(analyze(sentence_text))
    extra = ranked.signals
    return {
        "word_min_top": extra.get("word_min_top", 0.0),
        "word_min_article": extra.get("word_min_article", 0.0),
        "word_min_background": extra.get("word_min_background", 0.0),
        "background_margin": extra.get("background_margin", 0.0),
        "top_score": scores[0] if scores else 0.0,
        "margin": scores[0] - scores[1] if len(scores) > 1 else 0.0,
        "dense_top": dense[0] if dense else 0.0,
        "maxsim_top": ranked.maxsim_top,
        "coverage": len(q_terms & s_terms) / len(q_terms) if q_terms else 0.0,
        "type_match": type_match,
        "type_found": 0.0 if type_match == 0.0 else 1.0,
        "list_found": 1.0 if list_items >= 2 else 0.0,
        "is_en": 1.0 if lang == "en" else 0.0,
    }


@dataclass(frozen=True)
class Calibration:
    """A logistic model over :data:`FEATURES` plus the abstention threshold.

    ``confidence = sigmoid(bias + sum(weights[f] * x[f]))``; abstain when below ``threshold``.
    ``source`` says where the numbers came from (e.g. the dev set and its size).
    """

    weights: dict[str, float]
    bias: float
    threshold: float
    source: str = "untuned"
    stats: dict = field(default_factory=dict)

    def confidence(self, x: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in x.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        return cls(weights={k: float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   threshold=float(data["threshold"]), source=str(data.get("source", "")),
                   stats=dict(data.get("stats", {})))


# Used only when neither the index nor the shipped file has a calibration for the model: a
# conservative hand-set rule (a close dense match or most question terms present).
FALLBACK = Calibration(weights={"dense_top": 12.0, "coverage": 4.0, "type_match": 1.0},
                       bias=-11.0, threshold=0.5, source="hand-set fallback, not fitted")


def shipped(key: str, path: Path = SHIPPED) -> Calibration | None:
    """The calibration shipped for ``key`` (``"<model>/<retriever>"``), if any."""
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Calibration.from_dict(table[key]) if key in table else None


def save_shipped(key: str, calibration: Calibration, path: Path = SHIPPED) -> None:
    table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    table[key] = calibration.to_dict()
    path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0,
                 nonnegative: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """L2-regularized logistic regression (L-BFGS-B), optionally with some weights kept >= 0.

    Args:
        x: ``(n, d)`` features; y: ``(n,)`` labels in {0, 1}.
        nonnegative: ``(d,)`` booleans: features known to only ever raise the probability
            (e.g. "the question's words are all in the sentence") get a weight >= 0, so that a
            small dev set cannot teach the model a backwards rule from correlated features.
    Returns:
        ``(weights (d,), bias)``; the bias is not regularized.
    """
    from scipy.optimize import minimize

    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = np.clip(xb @ w, -60, 60)
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(reg * w * w))
        return value, xb.T @ (p - y) + reg * w

    bounds = [(0.0, None) if nonnegative is not None and nonnegative[i] else (None, None) for i in range(d)]
    w = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds + [(None, None)]).x
    return w[:-1], float(w[-1])


def choose_threshold(confidence: np.ndarray, answerable: np.ndarray, max_false_abstain: float = 0.03) -> float:
    """The highest threshold that wrongly abstains on at most ``max_false_abstain`` of the
    answerable questions: it abstains on as many unanswerable ones as that budget allows.

    Example: answerable confidences [0.9, 0.8, 0.2] with a 0.34 budget give a threshold just
    below 0.8 (only the 0.2 one is abstained).
    """
    positives = np.sort(confidence[answerable.astype(bool)])
    if positives.size == 0:
        return 0.5
    allowed = int(math.floor(max_false_abstain * positives.size))
    # abstain on confidences strictly below the threshold: keep positives[allowed] answered
    return float(np.nextafter(positives[allowed], -np.inf))
