"""evals.datasets: the question-set format, its defaults, and errors that name file and line."""

from __future__ import annotations

import json

import pytest

from evals import Question, QuestionSetError, load_questions
from evals.datasets import parse_question

FULL = {"id": "q001", "question": "Siapa yang mendampinginya?", "history": ["Siapa Dirjen Bina Adwil?"],
        "lang": "id", "answerable": True, "evidence": ["Thomas Umbu Pati"], "answer": "Thomas Umbu Pati",
        "article_id": None, "type": "who", "note": "unknown fields are ignored"}


def write(path, *lines: object) -> str:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return str(path)


def test_full_line_is_parsed(tmp_path):
    [q] = load_questions(write(tmp_path / "set.jsonl", FULL))
    assert q == Question(id="q001", question="Siapa yang mendampinginya?", history=("Siapa Dirjen Bina Adwil?",),
                         lang="id", answerable=True, evidence=("Thomas Umbu Pati",), answer="Thomas Umbu Pati",
                         article_id=None, type="who", source=str(tmp_path / "set.jsonl"), line=1)
    assert q.follow_up and q.where.endswith("set.jsonl:1")


def test_defaults_answerable_from_evidence_and_detected_language():
    with_evidence = parse_question({"id": "a", "question": "Who represented Indonesia?", "evidence": ["Kemdagri"]})
    assert with_evidence.answerable and with_evidence.lang == "en" and with_evidence.history == ()
    assert with_evidence.article_id is None and with_evidence.answer is None
    without = parse_question({"id": "b", "question": "Apa ibu kota Jepang?"})
    assert not without.answerable and without.evidence == () and without.lang == "id"
    assert not parse_question({"id": "c", "question": "x", "evidence": []}).answerable


def test_explicit_unanswerable_keeps_its_evidence():
    q = parse_question({"id": "a", "question": "Kapan?", "answerable": False, "evidence": ["18 hingga"]})
    assert not q.answerable and q.evidence == ("18 hingga",)


@pytest.mark.parametrize(("line", "words"), [
    ("{not json", "not valid JSON"),
    ('["a list"]', "JSON object"),
    ({"question": "Kapan?"}, "'id'"),
    ({"id": "x"}, "'question'"),
    ({"id": 7, "question": "Kapan?"}, "'id' must be a non-empty string"),
    ({"id": "x", "question": "  "}, "'question' must be a non-empty string"),
    ({"id": "x", "question": "Kapan?", "history": "Siapa?"}, "'history' must be a list"),
    ({"id": "x", "question": "Kapan?", "evidence": ["ok", 3]}, "'evidence'"),
    ({"id": "x", "question": "Kapan?", "evidence": [""]}, "'evidence'"),
    ({"id": "x", "question": "Kapan?", "answerable": "yes", "evidence": ["a"]}, "'answerable' must be true or false"),
    ({"id": "x", "question": "Kapan?", "answerable": True}, "'evidence' is empty"),
    ({"id": "x", "question": "Kapan?", "article_id": 3}, "'article_id'"),
])
def test_malformed_line_names_file_and_line(tmp_path, line, words):
    path = write(tmp_path / "bad.jsonl", {"id": "ok-1", "question": "Kapan?"}, "", line)
    with pytest.raises(QuestionSetError) as info:
        load_questions(path)
    assert str(info.value).startswith(f"{path}:3: ") and words in str(info.value)
    assert info.value.line == 3 and info.value.path == path
    assert isinstance(info.value, ValueError)


def test_duplicate_id_across_files_names_both_places(tmp_path):
    first = write(tmp_path / "a.jsonl", {"id": "q1", "question": "Kapan?"})
    second = write(tmp_path / "b.jsonl", {"id": "q2", "question": "Siapa?"}, {"id": "q1", "question": "Apa?"})
    with pytest.raises(QuestionSetError, match=rf"^{second}:2: duplicate id 'q1' \(first at {first}:1\)"):
        load_questions(first, second)


def test_blank_lines_are_skipped_and_order_is_kept(tmp_path):
    a = write(tmp_path / "a.jsonl", "", {"id": "z", "question": "Kapan?"}, "   ", {"id": "a", "question": "Apa?"})
    b = write(tmp_path / "b.jsonl", {"id": "m", "question": "Siapa?"})
    questions = load_questions(a, b)
    assert [q.id for q in questions] == ["z", "a", "m"]
    assert [q.line for q in questions] == [2, 4, 1]


def test_unusable_files(tmp_path):
    with pytest.raises(QuestionSetError, match="no questions"):
        load_questions(write(tmp_path / "empty.jsonl", ""))
    with pytest.raises(QuestionSetError, match="cannot read"):
        load_questions(tmp_path / "missing.jsonl")
    (tmp_path / "latin1.jsonl").write_bytes(b'{"id": "a", "question": "Kapan?"}\n{"id": "\xff"}\n')
    with pytest.raises(QuestionSetError, match=r"latin1.jsonl:2: not valid UTF-8"):
        load_questions(tmp_path / "latin1.jsonl")
    with pytest.raises(QuestionSetError):
        load_questions()
