"""Text normalization for scoring: is the gold evidence inside a cited sentence, and how close is
the highlighted phrase to the gold answer (exact match, token F1, containment).

Two normalizations, different on purpose:

- **evidence** (the question-set format): case-folded, whitespace collapsed, nothing else,
  because evidence strings are copied verbatim from the article;
- **answers**: lower case, punctuation stripped, whitespace collapsed, and thousands dots in
  numbers removed, so ``"1.200"`` equals ``"1200"``. Unlike SQuAD, English articles
  (a/an/the) are *not* dropped: gold answers are Indonesian phrases copied from the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
_THOUSANDS_DOT = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")   # "1.200.000" -> "1200000"; not "10.30"
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalize_evidence(text: str) -> str:
    """Case-fold and collapse whitespace: ``"Thomas  Umbu\\nPati"`` -> ``"thomas umbu pati"``."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def contains_evidence(text: str, evidence: Iterable[str]) -> bool:
    """Whether ``text`` (a cited sentence) contains any evidence string, normalized.

    Example: ``contains_evidence("Dr Drs Thomas Umbu Pati T.B", ["thomas umbu pati"])`` is True.
    Empty evidence strings match nothing (they would match every sentence).
    """
    haystack = normalize_evidence(text)
    return any(needle and needle in haystack for needle in map(normalize_evidence, evidence))


def normalize_answer(text: str) -> str:
    """Lower case, thousands dots unified, punctuation -> space, whitespace collapsed.

    Example: ``normalize_answer("1.200 Peserta!")`` is ``"1200 peserta"``;
    ``normalize_answer("ASEAN-Jepang")`` is ``"asean jepang"``.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _THOUSANDS_DOT.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def answer_tokens(text: str) -> list[str]:
    """The normalized answer split on spaces."""
    return normalize_answer(text).split()


def exact_match(prediction: str | None, gold: str) -> float:
    """1.0 when the normalized prediction equals the normalized gold, else 0.0 (``None`` is a miss)."""
    return float(prediction is not None and normalize_answer(prediction) == normalize_answer(gold))


def token_f1(prediction: str | None, gold: str) -> float:
    """SQuAD-style token F1 on normalized answers (multiset overlap); ``None`` scores 0.0.

    Example: ``token_f1("1.200 peserta", "1200")`` is ``2 * (1/2 * 1) / (1/2 + 1) = 0.667``.
    """
    if prediction is None:
        return 0.0
    pred, ref = answer_tokens(prediction), answer_tokens(gold)
    if not pred or not ref:
        return float(pred == ref)
    overlap = sum((Counter(pred) & Counter(ref)).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(pred), overlap / len(ref)
    return 2 * precision * recall / (precision + recall)


def contains_gold(prediction: str | None, gold: str) -> float:
    """1.0 when the normalized gold is a substring of the normalized prediction.

    Example: ``contains_gold("1.200 peserta", "1200")`` is 1.0.
    """
    if prediction is None:
        return 0.0
    ref = normalize_answer(gold)
    return float(bool(ref) and ref in normalize_answer(prediction))
