"""The Assistant's contract: fields, verbatim citations, and clear errors for bad input
(fast: the deterministic test embedder stands in for the model)."""

from __future__ import annotations

import json
import math

import pytest

from assistant import (
    Answer,
    Assistant,
    EmptyQuestionError,
    InvalidHistoryError,
    InvalidQuestionError,
    QuestionTooLongError,
    UnknownArticleError,
)
from assistant.answer import Citation, json_safe


def test_answer_has_the_documented_fields(hash_bot):
    answer = hash_bot.ask("Berapa peserta yang diundang?", history=[])
    assert isinstance(answer, Answer)
    assert isinstance(answer.abstained, bool) and 0.0 <= answer.confidence <= 1.0
    assert all(isinstance(c, Citation) for c in answer.citations + answer.candidates)
    assert answer.highlight is None or isinstance(answer.highlight, str)
    data = answer.to_dict()
    json.dumps(data)
    for key in ("abstained", "citations", "highlight", "text", "confidence", "article_id", "content_hash"):
        assert key in data
    for c in data["candidates"]:
        assert set(c) == {"article_id", "sentence_id", "start", "end", "text", "score"}


@pytest.mark.parametrize("question", ["Berapa peserta yang diundang?", "Who is the editor?",
                                      "Apa saja rekomendasinya?", "kota pintar", "Siapa presiden Indonesia?"])
def test_every_citation_is_a_verbatim_span_of_its_article(hash_bot, question):
    answer = hash_bot.ask(question)
    for c in answer.citations + answer.candidates + answer.related:
        assert hash_bot.corpus.get(c.article_id).text[c.start:c.end] == c.text
    if answer.highlight is not None:
        text = hash_bot.corpus.get(answer.article_id).text
        assert text[answer.highlight_start:answer.highlight_end] == answer.highlight
        first = answer.citations[0]
        assert first.start <= answer.highlight_start < answer.highlight_end <= first.end


def test_candidates_are_ranked_and_answer_citations_come_first(hash_bot):
    answer = hash_bot.ask("rekomendasi ASEAN dan Jepang", top_k=8)
    scores = [c.score for c in answer.candidates]
    assert scores == sorted(scores, reverse=True) and len(answer.candidates) == 8
    ranked = answer.ranked_citations()
    assert ranked[:len(answer.citations)] == answer.citations
    assert len({(c.article_id, c.sentence_id) for c in ranked}) == len(ranked)


def test_abstention_is_an_answer_not_an_exception(hash_bot):
    answer = hash_bot.ask("zzzz qqqq xxxx")
    assert answer.abstained and answer.citations == []
    assert answer.text.startswith(("Artikel tidak menyebutkan", "The article does not say"))


@pytest.mark.parametrize("question", ["", "   ", "\n\t ", "\x00\x01"])
def test_empty_question_is_a_value_error(hash_bot, question):
    with pytest.raises(EmptyQuestionError) as err:
        hash_bot.ask(question)
    assert isinstance(err.value, ValueError)


def test_question_over_2000_characters_is_rejected_clearly(hash_bot):
    hash_bot.ask("a" * 2000)
    with pytest.raises(QuestionTooLongError, match="2,001 characters; the limit is 2,000"):
        hash_bot.ask("a" * 2001)


@pytest.mark.parametrize("question", [None, 42, ["Berapa?"], b"bytes"])
def test_question_that_is_not_text(hash_bot, question):
    with pytest.raises(InvalidQuestionError, match="must be text"):
        hash_bot.ask(question)


@pytest.mark.parametrize("history", ["Siapa Dirjen?", [1, 2], [None], [["nested"]], 5])
def test_malformed_history_is_rejected(hash_bot, history):
    with pytest.raises(InvalidHistoryError):
        hash_bot.ask("Siapa yang mendampinginya?", history=history)


def test_overlong_history_is_rejected(hash_bot):
    with pytest.raises(InvalidHistoryError, match="turns"):
        hash_bot.ask("Lalu?", history=["Siapa?"] * 1000)


def test_unknown_article_is_a_lookup_error(hash_bot):
    with pytest.raises(UnknownArticleError) as err:
        hash_bot.ask("Berapa peserta?", article_id="../../etc/passwd")
    assert isinstance(err.value, LookupError)


def test_lexical_retriever_needs_no_model(tmp_path):
    from corpus import BUNDLED_DIR
    bot = Assistant.load(BUNDLED_DIR, retriever="lexical", index_dir=tmp_path)
    assert bot.embedder is None
    answer = bot.ask("Berapa peserta yang diundang?")
    assert "1.200 peserta" in answer.candidates[0].text


def test_json_safe_turns_non_finite_floats_into_null():
    value = {"a": [1.0, math.nan, {"b": math.inf}], "c": "x", "d": (2, -math.inf)}
    assert json_safe(value) == {"a": [1.0, None, {"b": None}], "c": "x", "d": [2, None]}
