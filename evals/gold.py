"""Gold evidence against the indexed article: which sentences are relevant (the qrels of the
ranking metrics), and which evidence strings match no sentence at all (a broken question)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from corpus import Sentence

from .text import contains_evidence, normalize_evidence


def relevant_sentences(sentences: Iterable[Sentence], evidence: Sequence[str]) -> list[tuple[str, int]]:
    """Every sentence that contains any evidence string (case and whitespace normalized).

    Args:
        sentences: the sentences the question may be answered from (its article's).
        evidence: the question's evidence strings.
    Returns:
        ``(article_id, sentence_idx)`` pairs in text order, e.g. ``[("inews-...", 6)]``.
    """
    return [(s.article_id, s.idx) for s in sentences if contains_evidence(s.text, evidence)]


def unmatched_evidence(sentences: Sequence[Sentence], evidence: Sequence[str]) -> list[str]:
    """The evidence strings that lie inside no sentence: a citation can never match them.

    Example: evidence that spans a sentence boundary is returned here.
    """
    texts = [normalize_evidence(s.text) for s in sentences]
    return [e for e in evidence if not any(normalize_evidence(e) in t for t in texts)]
