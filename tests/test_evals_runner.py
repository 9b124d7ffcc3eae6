"""evals.runner: records from a real Assistant (test embedder), in input order, with the gold."""

from __future__ import annotations

import json

import pytest

from evals import Question, QuestionSetError
from evals.runner import RESULT_FIELDS, run_questions, write_results

QUESTIONS = [
    Question("a", "Berapa peserta yang diundang?", answerable=True, evidence=("1.200 peserta",), answer="1.200",
             source="set.jsonl", line=1),
    Question("b", "Siapa yang mendampinginya?", history=("Siapa Dirjen Bina Adwil?",), answerable=True,
             evidence=("Thomas Umbu Pati",), source="set.jsonl", line=2),
    Question("c", "Who won the last FIFA World Cup?", lang="en", source="set.jsonl", line=3),
]


def test_records_in_input_order_with_ranked_citations(hash_bot):
    records = run_questions(hash_bot, QUESTIONS, config="hash")
    assert [r["id"] for r in records] == ["a", "b", "c"]
    for r, q in zip(records, QUESTIONS, strict=True):
        assert set(RESULT_FIELDS) <= set(r)
        assert r["question"] == q.question and r["config"] == "hash" and r["latency_ms"] > 0
        assert len(r["citations"]) >= 5
        keys = [(c["article_id"], c["sentence_id"]) for c in r["citations"]]
        assert len(set(keys)) == len(keys)
        article = hash_bot.corpus.get(None)
        assert all(c["text"] == article.text[c["start"]:c["end"]] for c in r["citations"])
        assert r["n_cited"] <= len(r["citations"]) and (r["n_cited"] == 0) == r["abstained"]
    assert records[0]["gold"]["relevant"] == [[hash_bot.corpus.get(None).id, 6]]
    assert records[1]["follow_up"] and records[1]["history"] == ["Siapa Dirjen Bina Adwil?"]
    assert records[2]["gold"] == {"evidence": [], "answer": None, "relevant": []}
    assert records[2]["lang"] == "en" and not records[2]["answerable"]


def test_top_k_below_five_still_ranks_five(hash_bot):
    assert len(run_questions(hash_bot, QUESTIONS[:1], top_k=1)[0]["citations"]) >= 5


def test_unknown_article_names_the_line(hash_bot):
    bad = Question("x", "Kapan?", article_id="nope", source="set.jsonl", line=9)
    with pytest.raises(QuestionSetError, match=r"^set.jsonl:9: unknown article id 'nope'"):
        run_questions(hash_bot, [QUESTIONS[0], bad])


def test_rejected_question_names_the_line(hash_bot):
    bad = Question("x", "x" * 3000, source="set.jsonl", line=4)
    with pytest.raises(QuestionSetError, match=r"^set.jsonl:4: .*limit is 2,000"):
        run_questions(hash_bot, [bad], warmup=False)


def test_evidence_outside_every_sentence_is_warned_about(hash_bot, caplog):
    q = Question("x", "Kapan?", answerable=True, evidence=("tidak ada di artikel",), source="s.jsonl", line=5)
    [r] = run_questions(hash_bot, [q])
    assert r["gold"]["relevant"] == [] and "s.jsonl:5" in caplog.text


def test_write_results_is_jsonl_in_order(tmp_path):
    records = [{"id": "b", "question": "Sudah?"}, {"id": "a", "question": "Kapan?"}]
    path = write_results(records, tmp_path / "x" / "r.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["b", "a"]
    assert "Sudah?" in lines[0] and list(tmp_path.joinpath("x").iterdir()) == [path]
