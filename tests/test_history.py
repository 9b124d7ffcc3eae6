"""Follow-up questions: history guides retrieval but every citation is retrieved for this turn."""

from __future__ import annotations

import pytest


def test_follow_up_borrows_the_previous_question_for_retrieval(hash_bot):
    answer = hash_bot.ask("Siapa yang mendampinginya?", history=["Siapa Dirjen Bina Adwil?"])
    assert answer.query == "Siapa yang mendampinginya? Siapa Dirjen Bina Adwil?"


def test_a_self_contained_question_ignores_history(hash_bot):
    question = "Berapa peserta yang diundang dalam pertemuan kota pintar?"
    with_history = hash_bot.ask(question, history=["Siapa Dirjen Bina Adwil?"])
    alone = hash_bot.ask(question)
    assert with_history.query == question
    assert [c.sentence_id for c in with_history.candidates] == [c.sentence_id for c in alone.candidates]


def test_definition_questions_are_not_follow_ups(hash_bot):
    answer = hash_bot.ask("apa itu pizza?", history=["Siapa Dirjen Bina Adwil?"])
    assert answer.query == "apa itu pizza?"


def test_every_citation_is_retrieved_for_this_turn(hash_bot):
    history = ["Apa yang terjadi pada hari pertama?"]
    answer = hash_bot.ask("Bagaimana dengan hari kedua?", history=history)
    ranked = hash_bot.rank("Bagaimana dengan hari kedua?", history)
    retrieved = {hash_bot.index.sentences[h.id].idx for h in ranked.hits}
    for c in answer.citations + answer.candidates:
        assert c.sentence_id in retrieved
        assert c.text not in history


def test_previous_turn_is_marked_as_a_feature_and_cached(hash_bot):
    from assistant.rerank import FEATURES

    history = ["Siapa Dirjen Bina Adwil?"]
    first = hash_bot.ask(history[0])
    ranked = hash_bot.rank("Siapa yang mendampinginya?", history)
    marked = [hash_bot.index.sentences[h.id].idx for h, row in zip(ranked.hits, ranked.table, strict=True)
              if row[FEATURES.index("previous")] == 1.0]
    assert marked == [c.sentence_id for c in first.citations] or (first.abstained and len(marked) <= 1)
    assert len(hash_bot._turns) == 1
    hash_bot.rank("Siapa yang mendampinginya?", history)
    assert len(hash_bot._turns) == 1, "the previous turn is ranked once, then cached"


@pytest.mark.parametrize("history", [[], ["Siapa Dirjen Bina Adwil?"], ["a", "b", "c"]])
def test_history_of_any_length_gives_a_normal_answer(hash_bot, history):
    answer = hash_bot.ask("Siapa yang mendampinginya?", history=history)
    assert answer.abstained or answer.citations


def test_a_follow_ups_own_words_count_by_the_rankers_own_weight(hash_bot):
    from dataclasses import replace

    question, history = "Siapa yang mendampinginya?", ["Berapa peserta yang diundang?"]
    ranker = hash_bot.ranking.ranker
    borrowed = [h.id for h in hash_bot.rank(question, history).hits]
    alone = [h.id for h in hash_bot.rank(question).hits]
    hash_bot.use(ranker=replace(ranker, own_weight=0.0))
    assert [h.id for h in hash_bot.rank(question, history).hits] == borrowed
    hash_bot.use(ranker=replace(ranker, own_weight=1.0))
    own = hash_bot.rank(question, history)
    assert own.hits[0].id == alone[0], "with weight 1 the order is the question's own"
    assert hash_bot.ask(question, history).query == f"{question} {history[0]}", "the history still travels"
