"""ui/examples.py: only questions the loaded assistant answers correctly become examples."""

from __future__ import annotations

import json
from types import SimpleNamespace

from assistant import EmptyQuestionError
from ui.examples import candidates, is_correct, load_items, pick_examples
from ui.settings import DEFAULT_EXAMPLES_FILE


def item(qid, question, lang="id", type_="what", evidence=("Kegiatan ini",), **extra):
    return {"id": qid, "question": question, "history": [], "lang": lang, "answerable": True,
            "evidence": list(evidence), "answer": None, "article_id": None, "type": type_, **extra}


def answer(text=None, abstained=False):
    cites = [] if text is None else [SimpleNamespace(text=text)]
    return SimpleNamespace(abstained=abstained, citations=cites)


def test_correct_means_answered_and_first_citation_holds_evidence():
    it = item("a", "Q?", evidence=["1.200 peserta", "seribu"])
    assert is_correct(answer("Kegiatan ini mengundang 1.200 peserta."), it)
    assert not is_correct(answer("Sesuatu yang lain."), it)
    assert not is_correct(answer("1.200 peserta", abstained=True), it)
    assert not is_correct(answer(None), it)


def test_follow_ups_unanswerables_and_other_articles_are_never_examples():
    items = [item("ok", "Q1?"), item("fu", "Q2?", history=["earlier"]),
             {**item("no", "Q3?"), "answerable": False, "evidence": []}, item("other", "Q4?", article_id="x")]
    assert [it["id"] for it in candidates(items)] == ["ok"]


def test_picks_per_language_preferring_new_types_and_asks_each_question_once():
    items = [item("1", "id what 1"), item("2", "id what 2"), item("3", "id who", type_="who"),
             item("4", "id bad", type_="when"), item("5", "en how many", lang="en", type_="how_many"),
             item("6", "en empty", lang="en")]
    asked = []

    def ask(question):
        asked.append(question)
        if question == "en empty":
            raise EmptyQuestionError("empty")
        return answer("Kegiatan ini ..." if "bad" not in question else "nothing")

    picked = pick_examples(ask, items, per_lang=3)
    assert picked == {"id": ["id what 1", "id who", "id what 2"], "en": ["en how many"]}
    assert len(asked) == len(set(asked))


def test_missing_file_gives_no_examples(tmp_path):
    assert load_items(tmp_path / "nope.jsonl") == []
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n\n', encoding="utf-8")
    assert load_items(bad) == [{"id": 1}]


def test_the_default_examples_file_is_the_dev_set():
    items = load_items(DEFAULT_EXAMPLES_FILE)
    assert items and all(i["id"].startswith("dev-") for i in items)
    assert {i["lang"] for i in candidates(items)} == {"id", "en"}
    json.dumps(items)
