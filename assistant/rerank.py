"""Hybrid ranking: many weak signals about a (question, sentence) pair, mixed by a linear model
whose weights are fitted on the dev questions (``article-qa tune``) and shipped per model.

Signals: sentence-vector cosine; token-level max-sim (each content word of the question finds
its best-matching token in the sentence) at an early layer, which aligns words across languages,
and at the last layer; BM25 with Indonesian stemming; character n-gram similarity (typos,
abbreviations such as Kemendagri/Kemdagri); whether the sentence holds the kind of phrase asked
for; and the article's shape (headline, lead, byline, list items) matched with what the question
asks. Everything here is numpy on arrays: no model is loaded.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from index.lexical import STOPWORDS

from .questions import QUESTION_WORDS

SHIPPED = Path(__file__).resolve().parent / "ranker.json"
FEATURES = ("dense", "maxsim", "maxsim_early", "bm25", "char", "type", "title", "byline", "outlet",
            "headline", "lead", "list_item", "list_intro", "ordinal", "previous", "maxsim_idf", "maxsim_early_idf",
            "source", "bm25_cross", "char_cross")
# bm25_cross / char_cross: the lexical signals again, for a question in another language than the
# article (an English question on an Indonesian article shares few words with it): the ranker can
# weigh word overlap differently there, without a separate model per language pair.
# The columns the fitted ranker weighs. Left out, by cross-validation on dev with folds grouped by
# the answer sentence (each fold's questions are about sentences whose questions the fit never saw,
# as a reader's new question may be): "lead", a prior for the one lead sentence that made it win
# questions about other sentences; the early-layer max-sim pair, whose sub-word matches ("di" in
# "didorong") favour long sentences; "previous", the sentence cited last turn. Grouped hit@1 0.707
# -> 0.843 (plain 5-fold 0.874 -> 0.883). They stay in the table for other uses.
RANKED = tuple(f for f in FEATURES if f not in ("lead", "maxsim_early", "maxsim_early_idf", "previous"))
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def content_words(text: str) -> list[tuple[int, int]]:
    """Character spans of the content words of ``text`` (not stopwords or question words)."""
    return [(w.start(), w.end()) for w in WORD.finditer(text)
            if w.group(0).lower() not in STOPWORDS and w.group(0).lower() not in QUESTION_WORDS]


def content_token_mask(text: str, spans: np.ndarray) -> np.ndarray:
    """Which tokens of ``text`` belong to content words (not stopwords or question words).

    Args:
        spans: ``(n_tokens, 2)`` character offsets of the tokens in ``text``.
    Returns:
        A boolean array of length ``n_tokens``; all False when the text has no content word.
    """
    keep = np.zeros(len(spans), dtype=bool)
    if not len(spans):
        return keep
    for start, end in content_words(text):
        keep |= (spans[:, 0] < end) & (spans[:, 1] > start)
    return keep


def maxsim(query_tokens: np.ndarray, sentence_tokens: Sequence[np.ndarray]) -> np.ndarray:
    """Mean over query tokens of their best cosine with any token of each sentence.

    Example: a query token that appears verbatim in a sentence contributes 1.0 for it.
    Returns an array with one score per sentence (0 for an empty side).
    """
    matches = match_matrix(query_tokens, sentence_tokens)
    return matches.mean(axis=1) if matches.size else np.zeros(len(matches), dtype=np.float32)


def match_matrix(query_tokens: np.ndarray, sentence_tokens: Sequence[np.ndarray]) -> np.ndarray:
    """``(n_sentences, n_query_tokens)``: each query token's best cosine within each sentence."""
    out = np.zeros((len(sentence_tokens), len(query_tokens)), dtype=np.float32)
    for i, tokens in enumerate(sentence_tokens):
        if len(tokens) and len(query_tokens):
            out[i] = (query_tokens @ tokens.T).max(axis=1)
    return out


def rarity_weighted(matches: np.ndarray) -> np.ndarray:
    """Max-sim where each query token counts by how rare its match is among the candidates.

    A word the question shares with every sentence ("ASEAN", "kota pintar" in an article about
    ASEAN smart cities) says little; one matched by a single sentence says a lot. A token's
    weight is one minus its mean best match across the candidates.
    """
    if matches.size == 0:
        return np.zeros(len(matches), dtype=np.float32)
    weights = np.clip(1.0 - matches.mean(axis=0), 0.05, None)
    return (matches @ weights / weights.sum()).astype(np.float32)


def _char_grams(text: str, sizes: tuple[int, ...] = (3, 4, 5)) -> Counter:
    grams: Counter = Counter()
    for word in WORD.findall(text.lower()):
        padded = f" {word} "
        for n in sizes:
            grams.update(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


class CharSimilarity:
    """TF-IDF cosine over character 3-5-grams, fitted on one article's sentences.

    The sentence vectors are kept by gram (for each gram, the sentences holding it and their
    weights), so a question's scores are one gather and one ``bincount`` over the grams it shares
    with the article, not a loop over sentences.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        grams = [_char_grams(t) for t in texts]
        df: Counter = Counter(g for counts in grams for g in counts)
        self.n = n = len(texts)
        self.column = {g: i for i, g in enumerate(df)}
        self.idf = np.array([math.log((1 + n) / (1 + c)) + 1.0 for c in df.values()], dtype=np.float64)
        rows, cols, weights = [], [], []
        for row, counts in enumerate(grams):
            c, w = self._weights(counts)
            rows.append(np.full(len(c), row, dtype=np.int64))
            cols.append(c)
            weights.append(w)
        row_of = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        col_of = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        order = np.argsort(col_of, kind="stable")
        self.rows = row_of[order]
        self.data = (np.concatenate(weights) if weights else np.zeros(0))[order]
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(col_of, minlength=len(df)))]).astype(np.int64)

    def _weights(self, counts: Counter) -> tuple[np.ndarray, np.ndarray]:
        """Columns and L2-normalized (1 + log tf) x idf weights of the grams known to the model."""
        known = [(self.column[g], c) for g, c in counts.items() if g in self.column]
        cols = np.array([k for k, _ in known], dtype=np.int64)
        weights = np.array([1.0 + math.log(c) for _, c in known], dtype=np.float64) * self.idf[cols]
        norm = math.sqrt(float(weights @ weights)) or 1.0
        return cols, weights / norm

    def scores(self, query: str) -> np.ndarray:
        cols, weights = self._weights(_char_grams(query))
        starts, lengths = self.indptr[cols], self.indptr[cols + 1] - self.indptr[cols]
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(self.n, dtype=np.float32)
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        products = self.data[offsets] * np.repeat(weights, lengths)
        return np.bincount(self.rows[offsets], weights=products, minlength=self.n).astype(np.float32)


def centered(x: np.ndarray) -> np.ndarray:
    """Scores relative to the question's mean: a model's absolute scale varies by question."""
    return (x - x.mean()).astype(np.float32) if x.size else x


@dataclass(frozen=True)
class Ranker:
    """A linear model over standardized features: ``score = ((F - mean) / scale) @ weights``.

    ``own_weight``: how much a follow-up's own words count beside the earlier question it is
    ranked with (0: not at all; chosen on dev, see :func:`mix_own_words`).
    """

    features: tuple[str, ...]
    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    source: str = "untuned"
    own_weight: float = 0.0

    def score(self, table: np.ndarray) -> np.ndarray:
        """Scores for a ``(n_candidates, len(FEATURES))`` table (columns in :data:`FEATURES` order)."""
        columns = [FEATURES.index(f) for f in self.features]
        x = (table[:, columns] - np.asarray(self.mean)) / np.asarray(self.scale)
        return (x @ np.asarray(self.weights)).astype(np.float32)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Ranker:
        return cls(tuple(data["features"]), tuple(map(float, data["weights"])), tuple(map(float, data["mean"])),
                   tuple(map(float, data["scale"])), str(data.get("source", "")), float(data.get("own_weight", 0.0)))


def mix_own_words(scores: np.ndarray, own: np.ndarray, weight: float) -> np.ndarray:
    """A follow-up's scores: those of the question with the earlier one it leans on ("Siapa yang
    menyertainya? Siapa Dirjen Bina Adwil?") mixed with those of its own words alone, both
    standardized over the candidates; the result keeps the first's mean and spread, so confidence
    signals read it as before.

    Example: ``mix_own_words(s, own, 0.0)`` is ``s``; with weight 1 the order is ``own``'s.
    """
    if weight <= 0 or len(scores) < 2 or float(scores.std()) == 0.0:
        return scores

    def z(x: np.ndarray) -> np.ndarray:
        spread = float(x.std())
        return (x - x.mean()) / (spread if spread > 0 else 1.0)

    mixed = z((1.0 - weight) * z(scores) + weight * z(own))
    return (scores.mean() + scores.std() * mixed).astype(np.float32)


# Used when no fitted ranker exists for a model: equal say for the semantic and lexical signals.
FALLBACK = Ranker(features=("dense", "maxsim", "maxsim_early", "bm25", "char", "type", "title", "byline"),
                  weights=(1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 1.0), mean=(0.0,) * 8,
                  scale=(0.05, 0.05, 0.05, 0.3, 0.05, 0.5, 0.3, 0.3), source="hand-set fallback, not fitted")


def load_shipped(key: str, path: Path = SHIPPED) -> Ranker | None:
    """The ranker shipped for ``key`` (a model id), if any."""
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Ranker.from_dict(table[key]) if key in table else None


def save_shipped(key: str, ranker: Ranker, path: Path = SHIPPED) -> None:
    table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    table[key] = ranker.to_dict()
    path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def fit_ranker(tables: Sequence[np.ndarray], relevant: Sequence[np.ndarray], *, l2: float = 1.0,
               features: Sequence[str] = FEATURES, source: str = "") -> Ranker:
    """Fit a listwise (softmax over each question's candidates) linear ranker.

    Args:
        tables: one ``(n_candidates, len(FEATURES))`` table per question.
        relevant: one 0/1 array per question marking the sentences that answer it (questions
            with no relevant candidate should be left out).
        l2: ridge penalty on the standardized weights.
    Returns:
        The fitted :class:`Ranker`.
    """
    from scipy.optimize import minimize

    columns = [FEATURES.index(f) for f in features]
    stacked = np.concatenate([t[:, columns] for t in tables])
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-6
    xs = [(t[:, columns] - mean) / scale for t in tables]
    ys = [r / r.sum() for r in relevant]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * l2 * float(w @ w), l2 * w
        for x, y in zip(xs, ys, strict=True):
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            total -= float(y @ np.log(p + 1e-12))
            grad = grad + x.T @ (p - y)
        return total, grad

    w = minimize(loss, np.zeros(len(columns)), jac=True, method="L-BFGS-B").x
    return Ranker(tuple(features), tuple(map(float, w)), tuple(map(float, mean)), tuple(map(float, scale)), source)
