"""Question sets: JSONL files of questions with gold evidence, parsed and validated.

One JSON object per line (blank lines are skipped; unknown fields are ignored)::

    {"id": "q001", "question": "Siapa yang mendampinginya?", "history": ["Siapa Dirjen Bina Adwil?"],
     "lang": "id", "answerable": true, "evidence": ["Thomas Umbu Pati"], "answer": "Thomas Umbu Pati",
     "article_id": null, "type": "who"}

``id`` and ``question`` are required. Defaults: ``history`` empty; ``answerable`` true when
``evidence`` is non-empty, else false; ``lang`` detected from the question; ``article_id``
``None`` (the default article). A malformed line raises :class:`QuestionSetError` naming the
file and line number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import ArticleQAError


class QuestionSetError(ArticleQAError, ValueError):
    """A question set that cannot be used; the message starts with ``FILE:LINE:``."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        where = f"{self.path}:{line}: " if self.path and line else (f"{self.path}: " if self.path else "")
        super().__init__(where + message)


@dataclass(frozen=True)
class Question:
    """One question of a set, with its gold and where it was read from (``source:line``).

    ``evidence``: strings a correct cited sentence contains (any one suffices);
    ``answer``: the short gold phrase, if any; ``type``: who/when/... (only for slicing).
    """

    id: str
    question: str
    history: tuple[str, ...] = ()
    lang: str = "id"
    answerable: bool = False
    evidence: tuple[str, ...] = ()
    answer: str | None = None
    article_id: str | None = None
    type: str | None = None
    source: str = ""
    line: int = 0

    @property
    def follow_up(self) -> bool:
        """A follow-up leans on earlier questions: its ``history`` is non-empty."""
        return bool(self.history)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def _text(obj: dict, key: str, *, required: bool = False) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise ValueError(f"missing required field {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string, not {json.dumps(value, ensure_ascii=False)[:60]}")
    return value


def _texts(obj: dict, key: str) -> tuple[str, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{key!r} must be a list of strings, not {type(value).__name__}")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"every entry of {key!r} must be a non-empty string, not "
                             f"{json.dumps(item, ensure_ascii=False)[:60]}")
    return tuple(value)


def parse_question(obj: object, source: str = "", line: int = 0) -> Question:
    """Validate one decoded JSON line and fill in the defaults.

    Args:
        obj: the decoded JSON value.
        source, line: where it came from (used in error messages).
    Returns:
        A :class:`Question`, e.g. ``parse_question({"id": "q1", "question": "Kapan?"})`` is
        ``Question(id="q1", question="Kapan?", answerable=False, lang="id", ...)``.
    Raises:
        QuestionSetError: wrong types, missing ``id``/``question``, or contradictory gold.
    """
    try:
        if not isinstance(obj, dict):
            raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
        qid = _text(obj, "id", required=True)
        question = _text(obj, "question", required=True)
        history = _texts(obj, "history")
        evidence = _texts(obj, "evidence")
        answerable = obj.get("answerable")
        if answerable is None:
            answerable = bool(evidence)
        elif not isinstance(answerable, bool):
            raise ValueError(f"'answerable' must be true or false, not {json.dumps(answerable)[:30]}")
        if answerable and not evidence:
            raise ValueError("'answerable' is true but 'evidence' is empty: add the evidence strings "
                             "or set answerable to false")
        lang = _text(obj, "lang")
        if lang is None:
            from assistant.questions import detect_language

            lang = detect_language(question)
        answer, article_id, qtype = _text(obj, "answer"), _text(obj, "article_id"), _text(obj, "type")
    except ValueError as exc:
        raise QuestionSetError(str(exc), source, line) from None
    return Question(id=qid, question=question, history=history, lang=lang, answerable=answerable,
                    evidence=evidence, answer=answer, article_id=article_id, type=qtype, source=source, line=line)


def read_question_file(path: str | Path) -> list[Question]:
    """Parse one JSONL file (blank lines skipped).

    Raises:
        QuestionSetError: unreadable file, bad UTF-8 or JSON, an invalid line, or no questions.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QuestionSetError(f"cannot read the question set: {exc.strerror or exc}", path) from None
    questions = []
    for number, chunk in enumerate(raw.split(b"\n"), 1):
        try:
            line = chunk.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise QuestionSetError("not valid UTF-8", path, number) from None
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"not valid JSON ({exc.msg} at column {exc.colno})", path, number) from None
        questions.append(parse_question(obj, str(path), number))
    if not questions:
        raise QuestionSetError("no questions in the file", path)
    return questions


def load_questions(*paths: str | Path) -> list[Question]:
    """Read one or more question sets, in order; ids must be unique across all of them.

    Args:
        paths: JSONL files.
    Returns:
        The questions in file order, then line order.
    Raises:
        QuestionSetError: any malformed line (``FILE:LINE: why``) or a duplicate id.

    >>> [q.id for q in load_questions("evals/questions/dev.jsonl")][:2]
    ['dev-id-001', 'dev-id-002']
    """
    if not paths:
        raise QuestionSetError("no question set given")
    seen: dict[str, Question] = {}
    questions: list[Question] = []
    for path in paths:
        for q in read_question_file(path):
            if q.id in seen:
                raise QuestionSetError(f"duplicate id {q.id!r} (first at {seen[q.id].where})", q.source, q.line)
            seen[q.id] = q
            questions.append(q)
    return questions
