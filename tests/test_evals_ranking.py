"""evals.ranking: hit@k, MRR@5 and nDCG@5 through ranx, against hand-computed values and a
brute-force oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evals.ranking import qrels_and_run, ranking_scores

ART = "art"


def record(ranked: list[int], relevant: list[int], *, answerable: bool = True, texts: dict | None = None) -> dict:
    texts = texts or {}
    return {"id": "q", "answerable": answerable,
            "citations": [{"article_id": ART, "sentence_id": s, "text": texts.get(s, f"kalimat {s}")} for s in ranked],
            "gold": {"evidence": ["EVIDENCE"] if answerable else [], "relevant": [[ART, r] for r in relevant]}}


def test_hand_computed_scores():
    records = [
        record([5, 2, 7], [2]),                      # relevant at rank 2
        record([1, 3, 4, 6, 8], [1, 4]),             # ranks 1 and 3 of two relevant
        record([1, 2, 3, 4, 5, 9], [9]),             # relevant only at rank 6: beyond @5
        record([3, 4], [], answerable=False),        # not scored
    ]
    s = ranking_scores(records)
    assert s["hit@1"][:3].tolist() == [0.0, 1.0, 0.0]
    assert s["hit@3"][:3].tolist() == [1.0, 1.0, 0.0]
    assert s["mrr@5"][:3].tolist() == pytest.approx([0.5, 1.0, 0.0])
    ideal2 = 1 + 1 / math.log2(3)
    assert s["ndcg@5"][:3].tolist() == pytest.approx([1 / math.log2(3), (1 + 1 / math.log2(4)) / ideal2, 0.0])
    assert all(math.isnan(s[m][3]) for m in s)


def test_order_is_ours_not_the_citation_scores():
    r = record([5, 2], [2])
    r["citations"][0]["score"], r["citations"][1]["score"] = 0.1, 0.9   # ranx must not re-sort by these
    assert ranking_scores([r])["hit@1"][0] == 0.0


def test_a_cited_sentence_containing_the_evidence_is_relevant():
    r = record([5, 2], [], texts={5: "... the EVIDENCE is here ..."})
    assert ranking_scores([r])["hit@1"][0] == 1.0


def test_repeated_sentences_count_once_and_scores_strictly_decrease():
    qrels, run = qrels_and_run(record([4, 4, 2], [2]), {})
    assert run.shape == (2, 2) and run[0, 1] > run[1, 1]
    assert qrels.shape == (1, 2)


def test_no_citations_scores_zero():
    assert ranking_scores([record([], [3])])["mrr@5"][0] == 0.0


def _oracle(ranked: list[int], relevant: set[int]) -> dict[str, float]:
    seen = list(dict.fromkeys(ranked))[:5]
    gains = [1.0 if s in relevant else 0.0 for s in seen]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(1 / math.log2(i + 2) for i in range(min(5, len(relevant))))
    first = next((i for i, g in enumerate(gains) if g), None)
    return {"hit@1": float(first == 0), "hit@3": float(first is not None and first < 3),
            "mrr@5": 0.0 if first is None else 1 / (first + 1), "ndcg@5": dcg / idcg if idcg else 0.0}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.lists(st.integers(0, 12), max_size=8), st.sets(st.integers(0, 12), min_size=1)),
                min_size=1, max_size=6))
def test_ranx_agrees_with_a_brute_force_oracle(cases):
    s = ranking_scores([record(ranked, sorted(relevant)) for ranked, relevant in cases])
    for i, (ranked, relevant) in enumerate(cases):
        expected = _oracle(ranked, relevant)
        assert {m: s[m][i] for m in s} == pytest.approx(expected), (ranked, relevant)
    assert np.all(np.isfinite(s["ndcg@5"]))
