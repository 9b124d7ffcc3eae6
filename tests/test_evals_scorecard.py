"""evals.scorecard: the metrics document, paired comparisons, verdicts and the wrong-answer list."""

from __future__ import annotations

import json

import pytest

from evals import ConfigRun, RunConfig, build_document
from evals.metrics import HEADLINE, outcomes
from evals.scorecard import MCNEMAR, annotate, compare, wrong_answers

ART = "art"


def record(qid: str, answerable: bool, abstained: bool, right: bool, confidence: float, lang: str = "id") -> dict:
    first = 1 if right else 2
    ranked = (first, 3 - first, 3, 4, 5)
    return {"id": qid, "question": f"{qid}?", "abstained": abstained, "confidence": confidence,
            "citations": [{"article_id": ART, "sentence_id": s, "start": 0, "end": 1, "score": 1.0,
                           "text": "EVIDENCE di sini" if s == 1 else f"kalimat {s}"} for s in ranked],
            "highlight": None, "latency_ms": 5.0, "lang": lang, "answerable": answerable, "follow_up": False,
            "history": [], "type": "what", "n_cited": 0 if abstained else 1,
            "gold": {"evidence": ["evidence"] if answerable else [], "answer": None,
                     "relevant": [[ART, 1]] if answerable else []}}


def many(rights: list[bool], *, n_unanswerable: int = 10) -> list[dict]:
    out = [record(f"a{i}", True, False, ok, 0.5 + 0.4 * ok - 0.01 * i % 7, "id" if i % 2 else "en")
           for i, ok in enumerate(rights)]
    out += [record(f"u{i}", False, i % 3 == 0, False, 0.2 + 0.03 * i) for i in range(n_unanswerable)]
    return out


def test_every_headline_interval_contains_its_estimate():
    doc = build_document([ConfigRun(RunConfig("hash", "hybrid"), many([i % 3 != 0 for i in range(40)]))],
                         resamples=1000)
    metrics = doc["metrics"]["hybrid:hash"]
    for name in HEADLINE:
        value, ci = metrics["overall"][name], metrics["ci95"][name]
        if value is not None and ci is not None:
            assert ci[0] - 1e-9 <= value <= ci[1] + 1e-9, name
    assert metrics["ci95"]["hit@1"][1] - metrics["ci95"]["hit@1"][0] > 0.05


def test_document_shape_and_comparison():
    base = many([True] * 20 + [False] * 10)
    other = many([True] * 10 + [False] * 20)
    doc = build_document([ConfigRun(RunConfig("hash", "hybrid"), base),
                          ConfigRun(RunConfig("hash", "lexical"), other)], resamples=1000, seed=3)
    assert set(doc) == {"schema", "created", "command", "question_sets", "n_questions", "settings", "base",
                        "configs", "metrics", "comparisons", "wrong"}
    assert doc["base"] == "hybrid:hash" and list(doc["comparisons"]) == ["lexical"]
    hit = doc["comparisons"]["lexical"]["hit@1"]
    assert hit["test"] == MCNEMAR and (hit["base_only"], hit["other_only"]) == (10, 0)
    assert hit["p_value"] == pytest.approx(2 / 2 ** 10, abs=1e-4)
    assert doc["comparisons"]["lexical"]["mrr@5"]["p_value"] < 0.05
    json.dumps(doc, allow_nan=False)            # strict JSON: no NaN anywhere


def test_compare_refuses_different_questions():
    with pytest.raises(ValueError):
        compare(outcomes(many([True])), outcomes(many([True, True])))


def test_annotate_and_wrong_answers():
    records = [record("right", True, False, True, 0.9), record("cited-wrong", True, False, False, 0.8),
               record("false-abstain", True, True, True, 0.1),
               record("answered-unanswerable", False, False, False, 0.7),
               record("abstained-ok", False, True, False, 0.1)]
    o = outcomes(records)
    annotate(records, o)
    assert [r["correct"] for r in records] == [True, False, False, False, True]
    wrong = {w["id"]: w for w in wrong_answers(records, o)}
    assert list(wrong) == ["cited-wrong", "false-abstain", "answered-unanswerable"]
    assert wrong["cited-wrong"]["why"] == "the first citation does not contain the evidence"
    assert wrong["cited-wrong"]["cited"][0] == {"sentence_id": 2, "text": "kalimat 2", "own": True, "correct": False}
    assert wrong["false-abstain"]["cited"][0]["own"] is False and wrong["false-abstain"]["cited"][0]["correct"]
    assert wrong["answered-unanswerable"]["evidence"] == []
