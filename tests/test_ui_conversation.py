"""ui/conversation.py: turns, chat messages and the widget's message to its host page."""

from __future__ import annotations

from ui.conversation import MESSAGE_TYPE, citation_message, feedback_values, history_for, messages_for, turn_of_message


def turn(question, article_id="a", rating=None, abstained=False):
    cites = [] if abstained else [{"article_id": article_id, "sentence_id": 6, "start": 808, "end": 919,
                                   "text": "Kegiatan ini mengundang 1.200 peserta ...", "score": 0.8}]
    return {"question": question, "rating": rating,
            "answer": {"question": question, "article_id": article_id, "content_hash": "h" * 64,
                       "abstained": abstained, "citations": cites, "related": [], "confidence": 0.5,
                       "highlight": None if abstained else "1.200 peserta",
                       "highlight_start": None if abstained else 832, "highlight_end": None if abstained else 845}}


def test_history_is_the_earlier_questions_about_the_same_article_oldest_first():
    turns = [turn("q1"), turn("other", article_id="b"), turn("q2"), turn("q3")]
    assert history_for(turns, "a") == ["q1", "q2", "q3"]
    assert history_for(turns, "a", limit=2) == ["q2", "q3"]
    assert history_for(turns, "a", limit=0) == []


def test_each_turn_is_a_question_and_an_answer_message_with_escaped_question():
    msgs = messages_for([turn("<b>bold</b>?"), turn("kosong", abstained=True)], "id")
    assert [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant"]
    assert "&lt;b&gt;bold&lt;/b&gt;?" in msgs[0]["content"] and "<b>" not in msgs[0]["content"]
    assert "aqa-answer" in msgs[1]["content"] and "aqa-abstain" in msgs[3]["content"]
    assert [turn_of_message(i) for i in range(4)] == [0, 0, 1, 1]
    assert turn_of_message([3, 0]) == 1


def test_thumbs_state_follows_the_ratings():
    assert feedback_values([turn("a", rating="up"), turn("b"), turn("c", rating="down")]) == ["Like", None, "Dislike"]


def test_host_message_carries_offsets_hash_and_phrase():
    msg = citation_message(turn("q")["answer"])
    assert msg["type"] == MESSAGE_TYPE and msg["version"] == 1
    assert msg["article_id"] == "a" and msg["content_hash"] == "h" * 64 and msg["abstained"] is False
    assert msg["sentences"] == [{"n": 1, "sentence_id": 6, "start": 808, "end": 919,
                                 "text": "Kegiatan ini mengundang 1.200 peserta ..."}]
    assert msg["highlight"] == {"start": 832, "end": 845, "text": "1.200 peserta"}
    empty = citation_message(turn("q", abstained=True)["answer"])
    assert empty["abstained"] is True and empty["sentences"] == [] and empty["highlight"] is None
