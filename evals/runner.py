"""Running an assistant over questions: one result record per question, in input order, with its
latency; and writing them as the results JSONL.

A record holds the fixed result format (``id``, ``question``, ``abstained``, ``confidence``,
``citations``, ``highlight``, ``latency_ms``) plus fields the metrics need (``lang``,
``answerable``, ``follow_up``, ``type``, ``gold`` ...), so scoring never needs the model.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .datasets import Question, QuestionSetError
from .gold import relevant_sentences, unmatched_evidence

log = logging.getLogger(__name__)
MIN_RANKED = 5          # ranking metrics go to @5, so at least five ranked citations per question
RESULT_FIELDS = ("id", "question", "abstained", "confidence", "citations", "highlight", "latency_ms")
CITATION_FIELDS = ("article_id", "sentence_id", "start", "end", "text", "score")


def result_record(question: Question, answer, latency_ms: float, *, ranked: Sequence, config: str = "",
                  relevant: Sequence[tuple[str, int]] = ()) -> dict:
    """The results-JSONL line for one answered question.

    Args:
        question: the gold question.
        answer: the :class:`assistant.Answer` it got.
        latency_ms: wall time of ``ask``.
        ranked: ``answer.ranked_citations(k)``: the answer's own citations, then the other candidates.
        config: the configuration's label.
        relevant: ``(article_id, sentence_idx)`` of every sentence containing the evidence.
    Returns:
        ``{"id", "question", "abstained", "confidence", "citations", "highlight", "latency_ms",
        "config", "lang", "answerable", "follow_up", "type", "history", "article_id", "n_cited",
        "question_type", "gold": {"evidence", "answer", "relevant"}}``.
    """
    return {
        "id": question.id,
        "question": question.question,
        "abstained": bool(answer.abstained),
        "confidence": round(float(answer.confidence), 4),
        "citations": [c.to_dict() for c in ranked],
        "highlight": answer.highlight,
        "latency_ms": round(latency_ms, 2),
        "config": config,
        "lang": question.lang,
        "answerable": question.answerable,
        "follow_up": question.follow_up,
        "type": question.type,
        "history": list(question.history),
        "article_id": answer.article_id,
        "n_cited": len(answer.citations),
        "question_type": answer.question_type,
        "gold": {"evidence": list(question.evidence), "answer": question.answer,
                 "relevant": [list(pair) for pair in relevant]},
    }


def _gold_sentences(bot, questions: Sequence[Question]) -> dict[str, list]:
    """Each question's candidate sentences (its article's, or all for ``"*"``), checking ids first."""
    from assistant import ALL_ARTICLES, UnknownArticleError

    by_article: dict[str | None, list] = {}
    out = {}
    for q in questions:
        if q.article_id not in by_article:
            if q.article_id == ALL_ARTICLES:
                by_article[q.article_id] = list(bot.index.sentences)
            else:
                try:
                    article_id = bot.corpus.get(q.article_id).id
                except UnknownArticleError as exc:
                    raise QuestionSetError(str(exc), q.source, q.line) from None
                span = bot.index.span(article_id)
                by_article[q.article_id] = list(bot.index.sentences[span.first:span.stop])
        out[q.id] = by_article[q.article_id]
        missing = unmatched_evidence(out[q.id], q.evidence)
        if missing:
            log.warning("%s: evidence %r is in no sentence of the article: %s can never be cited correctly",
                        q.where, missing[0], q.id)
    return out


def run_questions(bot, questions: Sequence[Question], *, top_k: int = MIN_RANKED, config: str = "",
                  progress: bool = False, warmup: bool = True) -> list[dict]:
    """Ask ``bot`` every question (with its history) and time each answer.

    Args:
        bot: an :class:`assistant.Assistant`.
        questions: from :func:`evals.load_questions`.
        top_k: ranked citations kept per question (at least :data:`MIN_RANKED`).
        config: label copied into every record.
        progress: show a tqdm bar on stderr.
        warmup: ask the first question once, untimed, so lazy loading is not counted as latency.
    Returns:
        One :func:`result_record` per question, in input order.
    Raises:
        QuestionSetError: a question the assistant rejects (too long, unknown article), with its line.
    """
    from tqdm import tqdm

    from assistant import InvalidQuestionError

    top_k = max(top_k, MIN_RANKED)
    sentences = _gold_sentences(bot, questions)
    if warmup and questions:
        _ask(bot, questions[0], top_k)
    records = []
    for q in tqdm(questions, desc=config or "eval", unit="q", file=sys.stderr, disable=not progress,
                  dynamic_ncols=True):
        started = time.perf_counter()
        try:
            answer = _ask(bot, q, top_k)
        except InvalidQuestionError as exc:
            raise QuestionSetError(str(exc), q.source, q.line) from None
        latency = (time.perf_counter() - started) * 1000.0
        records.append(result_record(q, answer, latency, ranked=answer.ranked_citations(top_k), config=config,
                                     relevant=relevant_sentences(sentences[q.id], q.evidence)))
    return records


def _ask(bot, q: Question, top_k: int):
    return bot.ask(q.question, history=list(q.history), article_id=q.article_id, top_k=top_k)


def write_results(records: Sequence[dict], path: str | Path) -> Path:
    """Write records as JSONL (UTF-8, one per line, input order), replacing ``path`` atomically.

    Returns:
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path
