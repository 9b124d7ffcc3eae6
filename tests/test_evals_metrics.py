"""evals.metrics: per-question outcomes and every metric, on six hand-made records whose values
are worked out by hand in the comments."""

from __future__ import annotations

import numpy as np
import pytest

from evals.metrics import HEADLINE, always_abstain, by_type, outcomes, slice_indices, summarize

ART = "art"
GOOD, BAD = 1, 2            # sentence 1 holds the evidence; sentence 2 does not


def record(qid: str, *, answerable: bool, abstained: bool, confidence: float, first: int = GOOD, lang: str = "id",
           highlight: str | None = None, answer: str | None = None, history: tuple = (), qtype: str = "what",
           latency: float = 10.0) -> dict:
    ranked = [first] + [s for s in (GOOD, BAD, 3, 4, 5) if s != first]
    return {
        "id": qid, "question": f"{qid}?", "abstained": abstained, "confidence": confidence,
        "citations": [{"article_id": ART, "sentence_id": s, "start": 0, "end": 1,
                       "text": "ini EVIDENCE kalimat" if s == GOOD else f"kalimat {s}", "score": 1.0} for s in ranked],
        "highlight": highlight, "latency_ms": latency, "lang": lang, "answerable": answerable,
        "follow_up": bool(history), "history": list(history), "type": qtype,
        "gold": {"evidence": ["evidence"] if answerable else [], "answer": answer,
                 "relevant": [[ART, GOOD]] if answerable else []},
    }


@pytest.fixture(scope="module")
def six():
    """r1 right; r2 wrong citation; r3 abstained though answerable (top candidate right);
    r4, r6 unanswerable and abstained; r5 unanswerable but answered."""
    return [
        record("r1", answerable=True, abstained=False, confidence=0.9, highlight="1200 peserta",
               answer="1.200 peserta", qtype="how_many", latency=10),
        record("r2", answerable=True, abstained=False, confidence=0.7, first=BAD, lang="en",
               highlight="Dr Drs Thomas Umbu Pati", answer="Thomas Umbu Pati", qtype="who", latency=20),
        record("r3", answerable=True, abstained=True, confidence=0.2, highlight="18 hingga 19 Oktober",
               answer="18 hingga 19 Oktober", history=("Kapan acaranya?",), qtype="when", latency=30),
        record("r4", answerable=False, abstained=True, confidence=0.1, lang="en", latency=40),
        record("r5", answerable=False, abstained=False, confidence=0.8, first=BAD, latency=50),
        record("r6", answerable=False, abstained=True, confidence=0.3, lang="en", latency=60),
    ]


@pytest.fixture(scope="module")
def scored(six):
    return outcomes(six)


def test_per_question_outcomes(scored):
    assert scored.ids == ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert scored.correct.tolist() == [True, False, False, True, False, True]
    assert scored.first_correct.tolist() == [True, False, True, False, False, False]
    assert scored.loss.tolist() == [0, 1, 0, 1, 1, 1]


def test_ranking_metrics_cover_answerable_questions_even_when_abstained(scored):
    m = summarize(scored)
    assert m["hit@1"] == pytest.approx(2 / 3)          # r1 and r3 (abstained, but ranked right)
    assert m["mrr@5"] == pytest.approx((1 + 0.5 + 1) / 3)
    assert m["hit@3"] == 1.0


def test_abstention_metrics(scored):
    m = summarize(scored)
    # abstained: r3 (answerable: false abstain), r4, r6 (unanswerable: true abstains)
    assert m["abstain_precision"] == pytest.approx(2 / 3)
    assert m["abstain_recall"] == pytest.approx(2 / 3)
    assert m["false_abstain_rate"] == pytest.approx(1 / 3)
    assert m["answered_correctly"] == pytest.approx(0.5)
    assert (m["n"], m["n_answerable"], m["n_unanswerable"], m["n_abstained"]) == (6, 3, 3, 3)


def test_always_abstain_baseline(scored):
    assert always_abstain(scored) == {"abstain_precision": 0.5, "abstain_recall": 1.0, "false_abstain_rate": 1.0,
                                      "answered_correctly": 0.5, "coverage": 0.0}


def test_auroc_and_aurc(scored):
    m = summarize(scored)
    # answerable {0.9, 0.7, 0.2} vs unanswerable {0.1, 0.8, 0.3}: 3 + 2 + 1 of 9 pairs
    assert m["auroc"] == pytest.approx(6 / 9)
    # by confidence: r1 0, r5 1, r2 1, r6 1, r3 0, r4 1 -> risks 0, 1/2, 2/3, 3/4, 3/5, 4/6
    assert m["aurc"] == pytest.approx((0 + 1 / 2 + 2 / 3 + 3 / 4 + 3 / 5 + 4 / 6) / 6)
    # answered for real: r1 right, r2 and r5 wrong
    assert m["coverage"] == 0.5 and m["selective_risk"] == pytest.approx(2 / 3)


def test_highlight_scores_count_abstentions_as_misses(scored):
    m = summarize(scored)
    # r1 "1200 peserta" vs "1.200 peserta": exact; r2: 3 of 5 tokens, F1 0.75, contains; r3 abstained: miss
    assert m["n_with_answer"] == 3
    assert m["highlight_em"] == pytest.approx(1 / 3)
    assert m["highlight_f1"] == pytest.approx((1 + 0.75 + 0) / 3)
    assert m["highlight_contains"] == pytest.approx(2 / 3)


def test_latency_median_and_p95(scored):
    m = summarize(scored)
    assert m["latency_p50_ms"] == 35.0 and m["latency_p95_ms"] == pytest.approx(57.5)


def test_slices(scored):
    slices = slice_indices(scored)
    assert list(slices) == ["all", "lang=id", "lang=en", "answerable", "unanswerable", "follow_up", "factoid"]
    assert [scored.ids[i] for i in slices["lang=en"]] == ["r2", "r4", "r6"]
    assert [scored.ids[i] for i in slices["follow_up"]] == ["r3"]
    # factoid: answerable questions of a short-answer type (how_many, who, when here; never "what")
    assert [scored.ids[i] for i in slices["factoid"]] == ["r1", "r2", "r3"]
    assert summarize(scored, slices["factoid"])["highlight_contains"] == pytest.approx(2 / 3)
    unanswerable = summarize(scored, slices["unanswerable"])
    assert unanswerable["hit@1"] is None and unanswerable["false_abstain_rate"] is None
    assert unanswerable["abstain_recall"] == pytest.approx(2 / 3) and unanswerable["auroc"] is None
    assert summarize(scored, slices["lang=en"])["hit@1"] == 0.0


def test_by_type(scored):
    types = by_type(scored)
    assert types["how_many"] == {"n": 1, "n_answerable": 1, "hit@1": 1.0, "answered_correctly": 1.0,
                                 "n_with_answer": 1, "highlight_contains": 1.0}
    assert types["who"]["hit@1"] == 0.0 and types["who"]["highlight_contains"] == 1.0
    assert types["when"]["highlight_contains"] == 0.0       # abstained: nothing highlighted
    assert types["what"] == {"n": 3, "n_answerable": 0, "hit@1": None, "answered_correctly": pytest.approx(2 / 3),
                             "n_with_answer": 0, "highlight_contains": None}


def test_summarize_on_a_resample_with_repeats(scored):
    m = summarize(scored, np.array([0, 0, 3]))
    assert m["n"] == 3 and m["hit@1"] == 1.0 and m["answered_correctly"] == 1.0


def test_headline_metrics_are_all_summarized(scored):
    assert set(HEADLINE) <= set(summarize(scored))
