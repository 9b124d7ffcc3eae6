"""The one way ``ui/`` reaches the :class:`~assistant.Assistant`: a bounded, logged ``ask``.

Answering is CPU-bound, so at most ``concurrency`` questions are answered at once, whether they
come from the chat, the widget, ``gradio_client`` or ``POST /api/ask``; at most ``queue_size``
more may wait, beyond which :class:`BusyError` is raised (the API turns it into 503). The log
line names the question and the outcome, never the rest of the request.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Sequence
from functools import lru_cache

from assistant import Answer, Assistant
from corpus import Article, Sentence, split_sentences

log = logging.getLogger("article_qa.ui")


class BusyError(RuntimeError):
    """Too many questions are already waiting."""


def json_safe(value: object) -> object:
    """``value`` with non-finite floats (NaN scores of uncited list items) as ``None``, so that
    it is valid JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


class QAService:
    """Wraps one loaded assistant for concurrent use.

    >>> service = QAService(Assistant.load(), concurrency=2, queue_size=64)
    >>> service.ask("Berapa peserta yang diundang?").highlight
    '1.200 peserta'
    """

    def __init__(self, assistant: Assistant, *, concurrency: int = 2, queue_size: int = 64) -> None:
        self.assistant = assistant
        self.concurrency = concurrency
        self.queue_size = queue_size
        self._slots = threading.BoundedSemaphore(concurrency)
        self._waiting = 0
        self._count_lock = threading.Lock()
        self._sentences = lru_cache(maxsize=256)(self._split)

    # ------------------------------------------------------------------ articles
    @property
    def articles(self) -> list[Article]:
        return self.assistant.articles

    @property
    def default_article_id(self) -> str:
        return self.assistant.corpus.default_id

    def article(self, article_id: str | None = None) -> Article:
        """The article with that id (``None``: the default). Raises ``UnknownArticleError``."""
        return self.assistant.corpus.get(article_id)

    def sentences(self, article: Article) -> list[Sentence]:
        """The article's sentences (same ids as citations), cached per revision."""
        return self._sentences(article.id, article.content_hash)

    def _split(self, article_id: str, content_hash: str) -> list[Sentence]:
        return split_sentences(self.assistant.corpus.get(article_id).text, article_id)

    @property
    def model_id(self) -> str | None:
        embedder = self.assistant.embedder
        return embedder.model_id if embedder else None

    # ------------------------------------------------------------------ answering
    def ask(self, question: str, history: Sequence[str] | None = None, article_id: str | None = None,
            *, source: str = "api") -> Answer:
        """``Assistant.ask`` under the concurrency limit.

        Raises:
            BusyError: ``queue_size`` questions are already waiting.
            InvalidQuestionError, UnknownArticleError: as ``Assistant.ask``.
        """
        with self._count_lock:
            if self._waiting >= self.queue_size + self.concurrency:
                raise BusyError(f"{self._waiting} questions are waiting; try again shortly")
            self._waiting += 1
        started = time.perf_counter()
        try:
            with self._slots:
                answer = self.assistant.ask(question, history=list(history or []), article_id=article_id)
        except Exception as exc:
            log.info("%s question refused (%s): %.200r", source, type(exc).__name__, question)
            raise
        finally:
            with self._count_lock:
                self._waiting -= 1
        log.info("%s question %.200r on %s -> %s (confidence %.2f, %d ms)", source, question, answer.article_id,
                 "abstained" if answer.abstained else f"{len(answer.citations)} citation(s)", answer.confidence,
                 1000 * (time.perf_counter() - started))
        return answer
