"""The shipped question sets (evals/questions/*.jsonl) against the article they ask about: the
gold must be matchable, or no citation could ever count as correct."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import load_corpus, split_sentences
from evals import load_questions
from evals.gold import unmatched_evidence

SETS = sorted((Path(__file__).resolve().parents[1] / "evals" / "questions").glob("*.jsonl"))


@pytest.fixture(scope="module")
def questions():
    return load_questions(*SETS)        # also checks that ids are unique across the sets


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_both_sets_are_shipped(questions):
    assert {p.name for p in SETS} >= {"dev.jsonl", "test.jsonl"}
    assert len(questions) > 200


def test_every_evidence_and_answer_occurs_in_its_article(questions, corpus):
    for q in questions:
        text = corpus.get(q.article_id).text
        for evidence in q.evidence:
            assert evidence in text, f"{q.where}: evidence {evidence!r} is not in the article"
        if q.answer is not None:
            assert q.answer in text, f"{q.where}: answer {q.answer!r} is not in the article"


def test_every_evidence_lies_inside_one_sentence(questions, corpus):
    sentences = {}
    for q in questions:
        article = corpus.get(q.article_id)
        if article.id not in sentences:
            sentences[article.id] = split_sentences(article.text, article.id)
        for evidence in q.evidence:
            assert any(evidence in s.text for s in sentences[article.id]), \
                f"{q.where}: evidence {evidence!r} crosses a sentence boundary"
        assert unmatched_evidence(sentences[article.id], q.evidence) == []


def test_gold_is_consistent(questions):
    for q in questions:
        assert q.answerable == bool(q.evidence), q.where
        assert q.lang in {"id", "en"}, q.where
        if not q.answerable:
            assert q.answer is None, q.where
